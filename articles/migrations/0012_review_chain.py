"""The review chain (三审): its steps, each held by a group; comments on articles; where an
article is in the chain; what a revision records of a move.

Groups: 编辑 holds 初审, and two new groups hold 复审 (部门主任) and 终审 (总编辑), with the
editors' permissions. Publishing becomes the last step's, not a permission's: whoever could
publish before (the permission ``publish_article``, through 编辑) is put in both new groups,
so that nobody loses what they could do until the paper assigns people to the steps.
Articles already in review wait at the first step, from their last change.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models
from django.db.models import F, Q

# (position, name, group) of the default chain; 编辑 exists since 0004.
CHAIN = [(10, "初审", "编辑"), (20, "复审", "部门主任"), (30, "终审", "总编辑")]


def _permissions(apps):
    # Permissions are normally created after migrating; create them now to grant them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_chain(apps, schema_editor):
    _permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    ReviewStep = apps.get_model("articles", "ReviewStep")
    Article = apps.get_model("articles", "Article")

    edit_any = Permission.objects.get(content_type__app_label="articles", codename="edit_any_article")
    publish = Permission.objects.filter(content_type__app_label="articles", codename="publish_article")
    editors, _ = Group.objects.get_or_create(name="编辑")
    desk = [p for p in editors.permissions.all() if p.codename != "publish_article"] + [edit_any]
    editors.permissions.add(edit_any)
    publishers = list(
        User.objects.filter(Q(groups__permissions__in=publish) | Q(user_permissions__in=publish))
        .distinct()
    )
    for position, name, group_name in CHAIN:
        group, created = Group.objects.get_or_create(name=group_name)
        if group_name != "编辑":
            group.permissions.add(*desk)
            group.user_set.add(*publishers)
        ReviewStep.objects.get_or_create(name=name, defaults={"position": position, "group": group})
    publish.delete()
    Article.objects.filter(status="review", step_since__isnull=True).update(step_since=F("updated_at"))


def remove_chain(apps, schema_editor):
    # Back to publishing by permission: 编辑 holds it again, and whoever held the last step
    # is put in 编辑.
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    ReviewStep = apps.get_model("articles", "ReviewStep")
    publish, _ = Permission.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(apps.get_model("articles", "Article")),
        codename="publish_article",
        defaults={"name": "可以发布、撤回和定时发布稿件"},
    )
    editors, _ = Group.objects.get_or_create(name="编辑")
    editors.permissions.add(publish)
    last = ReviewStep.objects.order_by("position", "id").select_related("group").last()
    if last is not None:
        editors.user_set.add(*last.group.user_set.all())
    ReviewStep.objects.all().delete()
    Group.objects.filter(name__in=["部门主任", "总编辑"]).delete()
    Permission.objects.filter(content_type__app_label="articles", codename="edit_any_article").delete()


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0011_import_hints_and_attribution'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Comment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', models.TextField(max_length=2000, verbose_name='内容')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='时间')),
            ],
            options={
                'verbose_name': '评论',
                'verbose_name_plural': '评论',
                'ordering': ['created_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='ReviewStep',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text='如“初审”“复审”“终审”。', max_length=20, verbose_name='名称')),
                ('position', models.PositiveSmallIntegerField(help_text='小的在前；最后一级负责发布。', verbose_name='顺序')),
            ],
            options={
                'verbose_name': '审核环节',
                'verbose_name_plural': '审核环节',
                'ordering': ['position', 'id'],
            },
        ),
        migrations.AlterModelOptions(
            name='article',
            options={'get_latest_by': 'publish_at', 'ordering': ['-publish_at', '-id'], 'permissions': [('edit_any_article', '可以查看和修改所有稿件（编辑部）')], 'verbose_name': '稿件', 'verbose_name_plural': '稿件'},
        ),
        migrations.AddField(
            model_name='article',
            name='review_stage',
            field=models.PositiveSmallIntegerField(default=0, editable=False, help_text='待审稿件已通过的审核级数：0 为待初审（审核链的第一级），依此类推。', verbose_name='审核环节'),
        ),
        migrations.AddField(
            model_name='article',
            name='step_since',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='进入本环节时间'),
        ),
        migrations.AddField(
            model_name='revision',
            name='confirmed',
            field=models.JSONField(blank=True, default=list, help_text='发布时终审确认保留的词表提示：[{词语, 类别, 次数}]。', verbose_name='确认的提示'),
        ),
        migrations.AddField(
            model_name='revision',
            name='move',
            field=models.CharField(blank=True, choices=[('submit', '提交审核'), ('approve', '审核通过'), ('send_back', '退回'), ('publish', '发布'), ('reschedule', '改期'), ('unpublish', '撤回')], max_length=20, verbose_name='审核操作'),
        ),
        migrations.AddField(
            model_name='revision',
            name='note',
            field=models.TextField(blank=True, help_text='退回时必填：退回的理由。', verbose_name='审核意见'),
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(condition=models.Q(('status', 'review')), fields=['review_stage', 'step_since', 'id'], name='article_review_queue_idx'),
        ),
        migrations.AddConstraint(
            model_name='article',
            constraint=models.CheckConstraint(condition=models.Q(('status', 'review'), models.Q(('review_stage', 0), ('step_since__isnull', True)), _connector='OR'), name='article_stage_only_in_review'),
        ),
        migrations.AddConstraint(
            model_name='revision',
            constraint=models.CheckConstraint(condition=models.Q(('move__in', ['', 'submit', 'approve', 'send_back', 'publish', 'reschedule', 'unpublish'])), name='revision_move_valid'),
        ),
        migrations.AddField(
            model_name='comment',
            name='article',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='articles.article', verbose_name='稿件'),
        ),
        migrations.AddField(
            model_name='comment',
            name='author',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='评论人'),
        ),
        migrations.AddField(
            model_name='reviewstep',
            name='group',
            field=models.ForeignKey(help_text='这个组的成员审核这一级；组须有“可以查看和修改所有稿件”的权限。', on_delete=django.db.models.deletion.PROTECT, related_name='review_steps', to='auth.group', verbose_name='负责的用户组'),
        ),
        migrations.AddIndex(
            model_name='comment',
            index=models.Index(fields=['article', 'created_at'], name='comment_article_created_idx'),
        ),
        migrations.AddConstraint(
            model_name='reviewstep',
            constraint=models.UniqueConstraint(fields=('position',), name='review_step_position_unique'),
        ),
        migrations.AddConstraint(
            model_name='reviewstep',
            constraint=models.UniqueConstraint(fields=('name',), name='review_step_name_unique'),
        ),
            migrations.RunPython(create_chain, remove_chain),
    ]
