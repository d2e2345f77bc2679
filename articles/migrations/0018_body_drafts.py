"""Autosaved drafts: what one user has typed into an article's change form and not saved."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0017_photo_focus"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="BodyDraft",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("fields", models.JSONField(default=dict, verbose_name="内容")),
                ("version", models.PositiveIntegerField(verbose_name="基于版本")),
                (
                    "saved_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="自动保存时间"
                    ),
                ),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="drafts",
                        to="articles.article",
                        verbose_name="稿件",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="用户",
                    ),
                ),
            ],
            options={
                "verbose_name": "自动保存的草稿",
                "verbose_name_plural": "自动保存的草稿",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("article", "user"), name="bodydraft_article_user_unique"
                    )
                ],
            },
        ),
    ]
