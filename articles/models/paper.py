"""The paper as printed: sections, issues, their pages, the source texts they were imported
from, and the text an import could not place.

Rules live in the database where they can (named constraints). Querysets sit beside the
models they serve; what they need of the articles they reach through the relations, so
this module imports nothing from ``content``.
"""

import hashlib

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from ..links import reverse
from ..text import WEEKDAYS, normalise_newlines


class IssueQuerySet(models.QuerySet):
    def published(self):
        """Issues with at least one article visible to readers."""
        articles = self.model._meta.get_field("articles").related_model
        return self.filter(Exists(articles.objects.published().filter(issue=OuterRef("pk"))))


class PageQuerySet(models.QuerySet):
    def published(self):
        """Pages that carry an article readers may see, or the continuation of one."""
        articles = self.model._meta.get_field("articles").related_model
        visible = articles.objects.published().filter(
            Q(page=OuterRef("pk")) | Q(continued_on=OuterRef("pk"))
        )
        return self.filter(Exists(visible))


class SectionQuerySet(models.QuerySet):
    def published(self, now=None):
        """Sections readers may see: those of at least one article readers may see. A
        section used only by drafts appears nowhere (navigation, pages, feeds, sitemaps)."""
        articles = self.model._meta.get_field("articles").related_model
        visible = articles.objects.published(now).filter(section=OuterRef("pk"))
        return self.filter(Exists(visible))


class SectionManager(models.Manager.from_queryset(SectionQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Section(models.Model):
    """A standing desk and reader section: 要闻, 综合, 民生, 生态, 图片新闻."""

    name = models.CharField("名称", max_length=40)
    slug = models.SlugField("网址名", max_length=60, allow_unicode=True)
    position = models.PositiveSmallIntegerField(
        "排序",
        default=0,
        help_text="导航中的先后，小的在前。导入时新建的栏目取它首次出现的版次（要闻在第01版，"
        "排在最前）。",
    )
    description = models.TextField("简介", blank=True)
    title_length = models.PositiveSmallIntegerField(
        "主题字数上限",
        null=True,
        blank=True,
        help_text="本栏目版面上主题最多排几个字（字母、数字按半字计）；超过则在发布前提示。"
        "留空取默认 30 字。",
    )

    objects = SectionManager()

    class Meta:
        verbose_name = "栏目"
        verbose_name_plural = "栏目"
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name"], name="section_name_unique"),
            models.UniqueConstraint(fields=["slug"], name="section_slug_unique"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:section", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


class IssueManager(models.Manager.from_queryset(IssueQuerySet)):
    def get_by_natural_key(self, date):
        return self.get(date=date)


class Issue(models.Model):
    """One printed edition of the paper."""

    publication = models.CharField("报名", max_length=60, blank=True)
    date = models.DateField("出版日期")
    date_inferred = models.BooleanField(
        "日期系推断",
        default=False,
        help_text="导入时出版日期取自正文中提到的日期，请编辑核对后取消勾选。",
    )
    number = models.PositiveIntegerField("期号", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    objects = IssueManager()

    class Meta:
        verbose_name = "报纸期次"
        verbose_name_plural = "报纸期次"
        ordering = ["-date"]
        get_latest_by = "date"
        constraints = [
            models.UniqueConstraint(fields=["date"], name="issue_date_unique"),
            models.UniqueConstraint(fields=["number"], name="issue_number_unique"),
        ]

    def __str__(self):
        label = f"{self.date:%Y年%-m月%-d日}"
        if self.number:
            label += f" 第{self.number}期"
        return label

    def get_absolute_url(self):
        return reverse("articles:issue", kwargs={"date": self.date})

    def natural_key(self):
        return (self.date.isoformat(),)

    @property
    def weekday(self):
        return "星期" + WEEKDAYS[self.date.weekday()]


class SourceTextManager(models.Manager):
    def get_by_natural_key(self, issue_date, sha256):
        return self.get(issue__date=issue_date, sha256=sha256)


class SourceText(models.Model):
    """The verbatim text an issue was imported from. Every import keeps its own row."""

    issue = models.ForeignKey(
        Issue, verbose_name="期次", on_delete=models.CASCADE, related_name="sources"
    )
    filename = models.CharField("文件名", max_length=255, blank=True)
    text = models.TextField("原文")
    sha256 = models.CharField("SHA-256", max_length=64, editable=False)
    encoding = models.CharField("编码", max_length=20)
    warnings = models.JSONField("导入提示", default=list, blank=True)
    hints = models.JSONField(
        "导入更正",
        default=dict,
        blank=True,
        help_text="编辑在导入时对解析结果的更正（importer.hints）；再次解析这份原文时照此应用。",
    )
    imported_at = models.DateTimeField("导入时间", default=timezone.now)

    objects = SourceTextManager()

    class Meta:
        verbose_name = "来源文本"
        verbose_name_plural = "来源文本"
        ordering = ["issue", "-imported_at"]
        get_latest_by = "imported_at"
        constraints = [
            models.UniqueConstraint(fields=["issue", "sha256"], name="sourcetext_issue_sha_unique"),
        ]
        indexes = [
            # Re-importing a file: "has this exact text been imported before?"
            models.Index(fields=["sha256"], name="sourcetext_sha_idx"),
        ]

    def __str__(self):
        return f"{self.issue} · {self.filename or self.sha256[:12]}"

    def save(self, *args, **kwargs):
        self.sha256 = self.content_hash(self.text)
        super().save(*args, **kwargs)

    def natural_key(self):
        return (*self.issue.natural_key(), self.sha256)

    natural_key.dependencies = ["articles.issue"]

    @staticmethod
    def content_hash(text):
        """SHA-256 of the text with its line endings made uniform: the same text saved
        with CRLF or LF line endings, or in another encoding, is the same text."""
        return hashlib.sha256(normalise_newlines(text).encode("utf-8")).hexdigest()


class PageManager(models.Manager.from_queryset(PageQuerySet)):
    def get_by_natural_key(self, issue_date, number):
        return self.get(issue__date=issue_date, number=number)


class Page(models.Model):
    """A page (版) of an issue, e.g. 第01版：要闻."""

    issue = models.ForeignKey(
        Issue, verbose_name="期次", on_delete=models.CASCADE, related_name="pages"
    )
    number = models.PositiveSmallIntegerField("版次")
    section = models.ForeignKey(
        Section,
        verbose_name="栏目",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pages",
    )
    name = models.CharField("版名", max_length=40, blank=True, help_text="留空则用栏目名称。")
    staff = models.CharField(
        "版面署名",
        max_length=200,
        blank=True,
        help_text="版头的责任编辑、美术编辑、校对，如“责任编辑：王某　美术编辑：李某”。",
    )

    objects = PageManager()

    class Meta:
        verbose_name = "版面"
        verbose_name_plural = "版面"
        ordering = ["issue", "number"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "number"], name="page_issue_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="page_number_positive"),
        ]

    def __str__(self):
        return f"{self.issue} {self.label}"

    def get_absolute_url(self):
        return reverse("articles:page", kwargs={"date": self.issue.date, "number": self.number})

    def natural_key(self):
        return (*self.issue.natural_key(), self.number)

    natural_key.dependencies = ["articles.issue", "articles.section"]

    @property
    def display_name(self):
        if self.name:
            return self.name
        return self.section.name if self.section_id else ""

    @property
    def label(self):
        """第01版：要闻 — the way Chinese e-papers name a page."""
        label = f"第{self.number:02d}版"
        if self.display_name:
            label += f"：{self.display_name}"
        return label


class FragmentManager(models.Manager):
    def get_by_natural_key(self, issue_date, position):
        return self.get(issue__date=issue_date, position=position)


class Fragment(models.Model):
    """Text from an import that could not be placed with confidence: kept, never dropped."""

    issue = models.ForeignKey(
        Issue, verbose_name="期次", on_delete=models.CASCADE, related_name="fragments"
    )
    source = models.ForeignKey(
        SourceText,
        verbose_name="来源文本",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fragments",
    )
    paragraphs = models.JSONField("段落", default=list)
    position = models.PositiveSmallIntegerField("原文顺序", default=0)
    attached_to = models.ForeignKey(
        "articles.Article",
        verbose_name="已并入稿件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attached_fragments",
    )

    objects = FragmentManager()

    class Meta:
        verbose_name = "未归属文本"
        verbose_name_plural = "未归属文本"
        ordering = ["issue", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "position"], name="fragment_issue_position_unique"
            ),
        ]

    def __str__(self):
        first = self.paragraphs[0] if self.paragraphs else ""
        return f"{self.issue}：{first[:30]}"

    def natural_key(self):
        return (*self.issue.natural_key(), self.position)

    natural_key.dependencies = ["articles.issue", "articles.sourcetext", "articles.article"]
