"""The two newsroom groups and their permissions.

记者 (reporters) write: they add articles and edit their own drafts (the admin narrows
"change" to those), with their bylines and photos, and may add a reporter while writing a
byline. 编辑 (editors) may do everything on the paper's content, including publishing.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REPORTER_PERMISSIONS = [
    ("articles", "add_article"),
    ("articles", "change_article"),
    ("articles", "view_article"),
    ("articles", "add_byline"),
    ("articles", "change_byline"),
    ("articles", "delete_byline"),
    ("articles", "view_byline"),
    ("articles", "add_image"),
    ("articles", "change_image"),
    ("articles", "delete_image"),
    ("articles", "view_image"),
    ("articles", "add_reporter"),
    ("articles", "view_reporter"),
    ("articles", "view_issue"),
    ("articles", "view_page"),
    ("articles", "view_section"),
    ("taggit", "view_tag"),
]
EDITOR_MODELS = [
    ("articles", "article"),
    ("articles", "byline"),
    ("articles", "image"),
    ("articles", "issue"),
    ("articles", "page"),
    ("articles", "reporter"),
    ("articles", "section"),
    ("articles", "fragment"),
    ("taggit", "tag"),
]
EDITOR_EXTRA = [
    ("articles", "publish_article"),
    ("articles", "view_sourcetext"),
    ("articles", "view_revision"),
]


def create_groups(apps, schema_editor):
    # Permissions are normally created after migrating; create them now so they can be granted.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(pairs):
        found = []
        for app_label, codename in pairs:
            found.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        return found

    reporters, _ = Group.objects.get_or_create(name="记者")
    reporters.permissions.add(*permissions(REPORTER_PERMISSIONS))
    editors, _ = Group.objects.get_or_create(name="编辑")
    editor_pairs = [
        (app_label, f"{action}_{model}")
        for app_label, model in EDITOR_MODELS
        for action in ("add", "change", "delete", "view")
    ]
    editors.permissions.add(*permissions(editor_pairs + EDITOR_EXTRA))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["记者", "编辑"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_editors_desk"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
