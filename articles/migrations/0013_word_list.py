"""The word list checked before publishing (sensitive terms, common mistakes with their
corrections), seeded from ``fixtures/word_list.tsv`` and kept by editors; how long a title
each section's pages allow.

The seed is read by the frozen rule below (one term a line: 词语, 类别, 建议改为, 说明,
separated by tabs; ``#`` starts a comment), and only adds terms the list does not have.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

SEED = Path(settings.BASE_DIR) / "fixtures" / "word_list.tsv"
KINDS = {"敏感词": "sensitive", "易错词": "mistake"}


def read_seed(path):
    terms = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        text, kind, suggestion, note = (line.split("\t") + ["", "", ""])[:4]
        terms.append((text.strip(), KINDS[kind.strip()], suggestion.strip(), note.strip()))
    return terms


def seed(apps, schema_editor):
    # Permissions are normally created after migrating; create them now to grant them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Term = apps.get_model("articles", "Term")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # Editors (every group that sees and edits all articles) keep the list.
    kept = Permission.objects.filter(
        content_type__app_label="articles", codename__in=[f"{a}_term" for a in ("add", "change", "delete", "view")]
    )
    for group in Group.objects.filter(permissions__codename="edit_any_article").distinct():
        group.permissions.add(*kept)
    if SEED.exists():
        Term.objects.bulk_create(
            [Term(text=t, kind=k, suggestion=s, note=n) for t, k, s, n in read_seed(SEED)],
            ignore_conflicts=True,
        )


def unseed(apps, schema_editor):
    apps.get_model("articles", "Term").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0012_review_chain"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name='Term',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', models.CharField(max_length=40, verbose_name='词语')),
                ('kind', models.CharField(choices=[('sensitive', '敏感词'), ('mistake', '易错词')], default='mistake', max_length=10, verbose_name='类别')),
                ('suggestion', models.CharField(blank=True, help_text='有建议时，稿件页可一键替换。', max_length=40, verbose_name='建议改为')),
                ('note', models.CharField(blank=True, max_length=200, verbose_name='说明')),
            ],
            options={
                'verbose_name': '词表条目',
                'verbose_name_plural': '词表（敏感词与易错词）',
                'ordering': ['kind', 'text'],
            },
        ),
        migrations.AddField(
            model_name='section',
            name='title_length',
            field=models.PositiveSmallIntegerField(blank=True, help_text='本栏目版面上主题最多排几个字（字母、数字按半字计）；超过则在发布前提示。留空取默认 30 字。', null=True, verbose_name='主题字数上限'),
        ),
        migrations.AddConstraint(
            model_name='term',
            constraint=models.UniqueConstraint(fields=('text',), name='term_text_unique'),
        ),
        migrations.AddConstraint(
            model_name='term',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['sensitive', 'mistake'])), name='term_kind_valid'),
        ),
        migrations.AddConstraint(
            model_name='term',
            constraint=models.CheckConstraint(condition=models.Q(('text', ''), _negated=True), name='term_text_not_empty'),
        ),
        migrations.RunPython(seed, unseed),
    ]
