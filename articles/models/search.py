"""The search index's table: an article's text as search tokens (``articles.search``).

Each article has a row for its headline (引题, 主题, 副题: ``title``, ranked first) and one
or more for the rest of what it says (editor's note, body, captions, reporters' names,
tags), each row at most ``MAX_ROW_TOKENS`` tokens (PostgreSQL's positions stop at 16,383,
and a phrase must be found the same on both databases).

The database's own full-text index reads ``tokens``: on SQLite the FTS5 table
``articles_searchfts`` (external content, kept in step by triggers on this table), on
PostgreSQL the stored column ``vector`` (``to_tsvector('simple', tokens)``) and its GIN
index. Both are made by migration 0016 in SQL the model does not describe; a migration
that alters this table on SQLite (which copies the table) must make them again.
"""

from django.db import models

MAX_ROW_TOKENS = 8000


class SearchEntry(models.Model):
    article = models.ForeignKey(
        "articles.Article",
        verbose_name="稿件",
        on_delete=models.CASCADE,
        related_name="search_entries",
    )
    title = models.BooleanField("标题行", default=False)
    tokens = models.TextField("检索词")

    class Meta:
        verbose_name = "检索索引"
        verbose_name_plural = "检索索引"
        ordering = ["article", "-title", "id"]

    def __str__(self):
        return f"{self.article_id}: {self.tokens[:30]}"
