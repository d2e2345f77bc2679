"""The body becomes blocks (paragraphs and subheads) instead of text; an article gains its
editor's note and roundup column label, a page its staff credits.

Existing bodies convert without loss: one paragraph per non-blank line, as the text body
was read. Revisions keep their snapshots in the new shape too, so that comparing and
restoring an old revision keeps working.
"""

from django.db import migrations, models

import articles.models.body


def _blocks(text):
    # Frozen here: the text body's one rule, one paragraph per non-blank line.
    if not isinstance(text, str):
        return text
    return [
        {"type": "paragraph", "text": line.strip()} for line in text.splitlines() if line.strip()
    ]


def text_to_blocks(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Revision = apps.get_model("articles", "Revision")
    for article in Article.objects.only("pk", "body").iterator():
        Article.objects.filter(pk=article.pk).update(body_blocks=_blocks(article.body))
    for revision in Revision.objects.only("pk", "data").iterator():
        fields = revision.data.get("fields", {})
        if isinstance(fields.get("body"), str):
            fields["body"] = _blocks(fields["body"])
            Revision.objects.filter(pk=revision.pk).update(data=revision.data)


def blocks_to_text(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Revision = apps.get_model("articles", "Revision")

    def text(blocks):
        if isinstance(blocks, str):
            return blocks
        return "\n\n".join(block["text"] for block in blocks)

    for article in Article.objects.only("pk", "body_blocks").iterator():
        Article.objects.filter(pk=article.pk).update(body=text(article.body_blocks))
    for revision in Revision.objects.only("pk", "data").iterator():
        fields = revision.data.get("fields", {})
        if isinstance(fields.get("body"), list):
            fields["body"] = text(fields["body"])
            Revision.objects.filter(pk=revision.pk).update(data=revision.data)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_revision_changed"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="body_blocks",
            field=models.JSONField(
                blank=True, default=list, encoder=articles.models.body.BodyEncoder
            ),
        ),
        migrations.RunPython(text_to_blocks, blocks_to_text),
        migrations.RemoveField(model_name="article", name="body"),
        migrations.RenameField(model_name="article", old_name="body_blocks", new_name="body"),
        migrations.AlterField(
            model_name="article",
            name="body",
            field=models.JSONField(
                blank=True,
                default=list,
                encoder=articles.models.body.BodyEncoder,
                help_text="段落与小标题，按阅读顺序。",
                verbose_name="正文",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="column",
            field=models.CharField(
                blank=True,
                help_text="汇编稿件（简讯、快讯、图片新闻）的栏头，如“简讯”。",
                max_length=40,
                verbose_name="栏目标签",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="editors_note",
            field=models.TextField(blank=True, help_text="显示在正文之前。", verbose_name="编者按"),
        ),
        migrations.AddField(
            model_name="page",
            name="staff",
            field=models.CharField(
                blank=True,
                help_text="版头的责任编辑、美术编辑、校对，如“责任编辑：王某　美术编辑：李某”。",
                max_length=200,
                verbose_name="版面署名",
            ),
        ),
    ]
