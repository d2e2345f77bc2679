"""Photos: crop and focal point; originals kept apart for editors; readers' copies remade.

What it does to each photo already uploaded (``forwards``, and ``images.adopt_original``):
1. moves the original out of MEDIA_ROOT (which the web server serves to anyone) into
   NEWSROOM_ORIGINALS_ROOT, named by its content;
2. makes the new copies readers get (re-encoded without EXIF, orientation applied, JPEG,
   WebP and AVIF where Pillow writes it, the photo as a whole and at 3:2 and 16:9), records
   the original's upright width and height and gives it an upload time (its article's
   publish time, or now);
3. deletes the old resized copies, which were named after the uploaded file.
It prints how many photos it moved and how many originals were missing on disk (those keep
their name and no copies: upload them again). Going back leaves the files where they are.
"""

import articles.models.photos
import django.core.validators
from django.db import migrations, models


def forwards(apps, schema_editor):
    from articles.desk import images

    moved, missing = images.adopt_originals(apps.get_model("articles", "Image"))
    if moved or missing:
        print(f"\n  photos: {moved} originals moved and their copies remade, {missing} missing")


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0016_search_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='image',
            name='crop_bottom',
            field=models.FloatField(db_default=1.0, default=1.0, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(1)], verbose_name='裁切下边'),
        ),
        migrations.AddField(
            model_name='image',
            name='crop_left',
            field=models.FloatField(db_default=0.0, default=0.0, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(1)], verbose_name='裁切左边'),
        ),
        migrations.AddField(
            model_name='image',
            name='crop_right',
            field=models.FloatField(db_default=1.0, default=1.0, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(1)], verbose_name='裁切右边'),
        ),
        migrations.AddField(
            model_name='image',
            name='crop_top',
            field=models.FloatField(db_default=0.0, default=0.0, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(1)], verbose_name='裁切上边'),
        ),
        migrations.AddField(
            model_name='image',
            name='focus_x',
            field=models.FloatField(db_default=0.5, default=0.5, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(1)], verbose_name='焦点横坐标'),
        ),
        migrations.AddField(
            model_name='image',
            name='focus_y',
            field=models.FloatField(db_default=0.5, default=0.5, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(1)], verbose_name='焦点纵坐标'),
        ),
        migrations.AddField(
            model_name='image',
            name='uploaded_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='上传时间'),
        ),
        migrations.AlterField(
            model_name='image',
            name='file',
            field=models.ImageField(blank=True, storage=articles.models.photos.original_storage, upload_to=articles.models.photos.image_upload_to, verbose_name='图片文件'),
        ),
        migrations.AlterField(
            model_name='image',
            name='renditions',
            field=models.JSONField(blank=True, default=dict, editable=False, help_text='读者看到的副本：每种画幅的裁切框和各宽度的 AVIF、WebP、JPEG 文件。', verbose_name='缩略图'),
        ),
        migrations.AddIndex(
            model_name='image',
            index=models.Index(fields=['-uploaded_at', '-id'], name='image_uploaded_idx'),
        ),
        migrations.AddIndex(
            model_name='image',
            index=models.Index(fields=['file'], name='image_file_idx'),
        ),
        migrations.AddConstraint(
            model_name='image',
            constraint=models.CheckConstraint(condition=models.Q(('crop_bottom__lte', 1), ('crop_left__gte', 0), ('crop_left__lt', models.F('crop_right')), ('crop_right__lte', 1), ('crop_top__gte', 0), ('crop_top__lt', models.F('crop_bottom'))), name='image_crop_inside_photo'),
        ),
        migrations.AddConstraint(
            model_name='image',
            constraint=models.CheckConstraint(condition=models.Q(('focus_x__gte', 0), ('focus_x__lte', 1), ('focus_y__gte', 0), ('focus_y__lte', 1)), name='image_focus_inside_photo'),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False),
    ]
