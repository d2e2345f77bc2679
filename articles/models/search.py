"""The search index's table: an article's text as search tokens (``articles.search``).

Each article has a row for its headline (引题, 主题, 副题: ``title``, ranked first) and one
or more for the rest of what it says (editor's note, body, captions, reporters' names,
tags), each row at most ``MAX_ROW_TOKENS`` tokens (PostgreSQL's positions stop at 16,383,
and a phrase must be found the same on both databases).

The database's own full-text index reads ``tokens``: on SQLite the FTS5 table
``articles_searchfts`` (external content, kept in step by triggers on this table), on
PostgreSQL the stored column ``vector`` (``to_tsvector('simple', tokens)``) and its GIN
index. Both are made by migration 0016 in SQL the model does not describe; migration 0019
adds the headline rows' own (SQLite: ``articles_searchfts_title`` and its triggers, and
the index ``articles_searchentry_row`` on (id, article_id); PostgreSQL: a GIN index over
``CASE WHEN title THEN vector END``). A migration that alters this table on SQLite (which
copies the table) must make them all again.
"""

from django.conf import settings
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


class SearchWord(models.Model):
    """A word of the search's word list (``articles.search.words``): a local name, a
    person, a phrase a general dictionary does not know. Editors add them here; those of
    ``fixtures/search/words.txt`` are merged in by every rebuild of the index."""

    word = models.CharField(
        "词条",
        max_length=20,
        unique=True,
        help_text="2 至 20 个字，只含汉字、字母和数字，如 宋剑湖、遥观镇、刘懿。",
        error_messages={"unique": "这个词已在词表中。"},
    )
    note = models.CharField("说明", max_length=200, blank=True)
    from_file = models.BooleanField(
        "来自词表文件", default=False, editable=False, help_text="fixtures/search/words.txt"
    )
    indexed = models.BooleanField(
        "已写入索引",
        default=False,
        editable=False,
        help_text="重建检索索引后，三个字以上的词整词写入索引，查找更快；此前按字查找，结果相同。",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="添加人",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    added_at = models.DateTimeField("添加时间", auto_now_add=True)

    class Meta:
        verbose_name = "检索词条"
        verbose_name_plural = "检索词表"
        ordering = ["word"]

    def __str__(self):
        return self.word
