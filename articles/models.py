"""The newsroom's data: printed issues and their pages, articles, the people who wrote them.

Rules live in the database where they can (named constraints); what the database cannot
check across tables (a page belonging to the article's issue) is checked in ``clean()``.
"""

import datetime
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from taggit.managers import TaggableManager

from .querysets import ArticleQuerySet, ImageQuerySet, IssueQuerySet, PageQuerySet

WEEKDAYS = "一二三四五六日"


def unicode_slug(text, max_length=50):
    """A URL slug that keeps Chinese characters (``slugify`` alone would drop them all)."""
    return slugify(text, allow_unicode=True)[:max_length].strip("-")


class SectionManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Section(models.Model):
    """A standing desk and reader section: 要闻, 综合, 民生, 生态, 图片新闻."""

    name = models.CharField("名称", max_length=40)
    slug = models.SlugField("网址名", max_length=60, allow_unicode=True)
    position = models.PositiveSmallIntegerField("排序", default=0)
    description = models.TextField("简介", blank=True)

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


class ReporterManager(models.Manager):
    def get_by_natural_key(self, name):
        return self.get(name=name)


class Reporter(models.Model):
    """A person who writes or photographs for the paper, matched by name across issues."""

    name = models.CharField("姓名", max_length=40)
    slug = models.SlugField("网址名", max_length=60, allow_unicode=True)
    bio = models.TextField("简介", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="登录账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reporter",
    )

    objects = ReporterManager()

    class Meta:
        verbose_name = "记者"
        verbose_name_plural = "记者"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name"], name="reporter_name_unique"),
            models.UniqueConstraint(fields=["slug"], name="reporter_slug_unique"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unicode_slug(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:reporter", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.name,)


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
        uniform = text.replace("\r\n", "\n").replace("\r", "\n")
        return hashlib.sha256(uniform.encode("utf-8")).hexdigest()


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


def article_lookup(issue_date, slug, prefix=""):
    """Filter arguments for the article with natural key ``(issue_date, slug)``; web-only
    articles have no issue date."""
    if issue_date is None:
        return {f"{prefix}issue__isnull": True, f"{prefix}slug": slug}
    return {f"{prefix}issue__date": issue_date, f"{prefix}slug": slug}


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_by_natural_key(self, issue_date, slug):
        return self.get(**article_lookup(issue_date, slug))


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        REVIEW = "review", "待审"
        PUBLISHED = "published", "已发布"

    class Kind(models.TextChoices):
        NEWS = "news", "消息"
        PHOTO = "photo", "图片新闻"

    kicker = models.CharField("引题", max_length=200, blank=True)
    title = models.CharField("主题", max_length=200)
    subtitle = models.CharField("副题", max_length=200, blank=True)
    slug = models.SlugField(
        "网址名",
        max_length=60,
        allow_unicode=True,
        blank=True,
        help_text="创建时由标题生成，之后修改标题不会改变它。",
    )
    dateline = models.CharField("电头", max_length=40, blank=True, help_text="如“本报讯”。")
    kind = models.CharField("体裁", max_length=10, choices=Kind, default=Kind.NEWS)
    body = models.TextField("正文", blank=True, help_text="每段一行，段与段之间空一行。")
    summary = models.TextField("摘要", blank=True)
    status = models.CharField("状态", max_length=10, choices=Status, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        "发布时间", null=True, blank=True, help_text="晚于现在则为定时发布，到时自动对读者可见。"
    )

    issue = models.ForeignKey(
        Issue,
        verbose_name="期次",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
        help_text="只在网站发布的稿件留空。",
    )
    page = models.ForeignKey(
        Page,
        verbose_name="版面",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    continued_on = models.ForeignKey(
        Page,
        verbose_name="转至版面",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="continued_articles",
    )
    position = models.PositiveSmallIntegerField(
        "版内顺序", default=0, help_text="在期次（或版面）中的排列顺序，按原稿顺序。"
    )
    section = models.ForeignKey(
        Section,
        verbose_name="栏目",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        help_text="留空则取所在版面的栏目。",
    )

    tags = TaggableManager("标签", blank=True, help_text="用逗号分隔。")

    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="最后修改人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    version = models.PositiveIntegerField(
        "版本",
        default=1,
        editable=False,
        help_text="每次保存加一：保存时若已不是打开时的版本，说明有人先保存了，拒绝覆盖。",
    )

    objects = ArticleManager()

    class Meta:
        verbose_name = "稿件"
        verbose_name_plural = "稿件"
        ordering = ["-publish_at", "-id"]
        get_latest_by = "publish_at"
        permissions = [("publish_article", "可以发布、撤回和定时发布稿件")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(publish_at__isnull=False),
                name="article_published_has_time",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "review", "published"]),
                name="article_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["news", "photo"]), name="article_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(title=""), name="article_title_not_empty"),
            models.CheckConstraint(
                condition=Q(page__isnull=True) | Q(issue__isnull=False),
                name="article_page_needs_issue",
            ),
            models.UniqueConstraint(fields=["issue", "slug"], name="article_issue_slug_unique"),
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(issue__isnull=True),
                name="article_web_slug_unique",
            ),
        ]
        indexes = [
            # published(): status = 'published' AND publish_at <= now ORDER BY publish_at DESC,
            # id DESC; and the admin changelist filtered by status, in the same order (id breaks
            # the tie of drafts and articles in review, whose publish_at is mostly empty).
            models.Index(
                fields=["status", "-publish_at", "-id"], name="article_status_publish_idx"
            ),
            # An issue's articles in print order.
            models.Index(fields=["issue", "position"], name="article_issue_position_idx"),
            # The admin changelist, unfiltered: ORDER BY publish_at DESC, id DESC LIMIT 100;
            # also the date hierarchy's MIN/MAX(publish_at).
            models.Index(fields=["-publish_at", "-id"], name="article_publish_id_idx"),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        # Derived fields only: the body's paragraph layout and a slug fixed at creation.
        self.body = join_paragraphs(paragraphs_of(self.body))
        if not self.slug:
            self.slug = self._free_slug(unicode_slug(self.title) or "article")
        if not self.section_id and self.page_id:
            self.section_id = self.page.section_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:article", kwargs={"pk": self.pk})

    def natural_key(self):
        return (self.issue.date.isoformat() if self.issue_id else None, self.slug)

    natural_key.dependencies = ["articles.issue", "articles.page", "articles.section"]

    @property
    def headline(self):
        """The print headline stack on one line: 引题 主题 —— 副题."""
        text = f"{self.kicker} {self.title}" if self.kicker else self.title
        if self.subtitle:
            text += f" —— {self.subtitle}"
        return text

    @property
    def paragraphs(self):
        return paragraphs_of(self.body)

    @property
    def description(self):
        """What to say about the article in a feed or a shared link: its summary, or else
        its first paragraph."""
        return self.summary or next(iter(self.paragraphs), "")

    @property
    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        """Published, with a publish time still to come: readers see it from then on."""
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at > timezone.now()
        )

    def is_authored_by(self, user):
        """Created by ``user``, or carrying a byline of the reporter whose account it is."""
        return Article.objects.filter(pk=self.pk).authored_by(user).exists()

    def clean(self):
        errors = {}
        if self.page_id and self.page.issue_id != self.issue_id:
            errors["page"] = "版面必须属于本稿件所在的期次。"
        if self.continued_on_id:
            if self.continued_on.issue_id != self.issue_id:
                errors["continued_on"] = "转至版面必须属于本稿件所在的期次。"
            elif self.continued_on_id == self.page_id:
                errors["continued_on"] = "转至版面不能与所在版面相同。"
        if self.status == self.Status.PUBLISHED and self.publish_at is None:
            errors["publish_at"] = "已发布的稿件需要发布时间。"
        if errors:
            raise ValidationError(errors)

    def _free_slug(self, base):
        """``base``, or ``base-2``, ``base-3``… whichever is not taken in this issue."""
        siblings = Article.objects.filter(issue=self.issue_id).exclude(pk=self.pk)
        taken = set(siblings.filter(slug__startswith=base[:40]).values_list("slug", flat=True))
        slug, n = base, 1
        while slug in taken:
            n += 1
            suffix = f"-{n}"
            slug = base[: 60 - len(suffix)] + suffix
        return slug


def paragraphs_of(text):
    """Split a body into paragraphs: one per non-blank line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def join_paragraphs(paragraphs):
    return "\n\n".join(paragraphs)


class BylineManager(models.Manager):
    def get_by_natural_key(self, issue_date, slug, position):
        return self.get(position=position, **article_lookup(issue_date, slug, "article__"))


class Byline(models.Model):
    class Role(models.TextChoices):
        REPORTER = "reporter", "记者"
        CORRESPONDENT = "correspondent", "通讯员"
        INTERN = "intern", "实习生"
        PHOTOGRAPHER = "photographer", "摄影"
        TEXT_AND_PHOTO = "text_and_photo", "图文"

    article = models.ForeignKey(
        Article, verbose_name="稿件", on_delete=models.CASCADE, related_name="bylines"
    )
    reporter = models.ForeignKey(
        Reporter, verbose_name="记者", on_delete=models.PROTECT, related_name="bylines"
    )
    role = models.CharField("角色", max_length=20, choices=Role, default=Role.REPORTER)
    position = models.PositiveSmallIntegerField("顺序", default=0)

    objects = BylineManager()

    class Meta:
        verbose_name = "署名"
        verbose_name_plural = "署名"
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "position"], name="byline_article_position_unique"
            ),
            models.UniqueConstraint(
                fields=["article", "reporter", "role"], name="byline_article_reporter_role_unique"
            ),
            models.CheckConstraint(
                condition=Q(
                    role__in=[
                        "reporter",
                        "correspondent",
                        "intern",
                        "photographer",
                        "text_and_photo",
                    ]
                ),
                name="byline_role_valid",
            ),
        ]
        indexes = [
            # A reporter's page: their bylines, joined to articles.
            models.Index(fields=["reporter", "article"], name="byline_reporter_article_idx"),
        ]

    def __str__(self):
        return f"{self.get_role_display()} {self.reporter}"

    def natural_key(self):
        return (*self.article.natural_key(), self.position)

    natural_key.dependencies = ["articles.article", "articles.reporter"]


class ImageManager(models.Manager.from_queryset(ImageQuerySet)):
    def get_by_natural_key(self, issue_date, slug, position):
        return self.get(position=position, **article_lookup(issue_date, slug, "article__"))


def image_upload_to(instance, filename):
    return f"photos/{timezone.now():%Y/%m}/{filename}"


class Image(models.Model):
    """A photo on an article. The file may be empty while the photo is awaited."""

    article = models.ForeignKey(
        Article, verbose_name="稿件", on_delete=models.CASCADE, related_name="images"
    )
    file = models.ImageField(
        "图片文件",
        upload_to=image_upload_to,
        blank=True,
        width_field="width",
        height_field="height",
    )
    caption = models.TextField("图片说明", blank=True)
    alt_text = models.CharField("替代文本", max_length=250, blank=True)
    credit = models.CharField(
        "署名", max_length=100, blank=True, help_text="如“李焱 赵艳 图文报道”。"
    )
    renditions = models.JSONField(
        "缩略图",
        default=dict,
        blank=True,
        editable=False,
        help_text="按宽度生成的缩略图：{宽度: 存储路径}。",
    )
    width = models.PositiveIntegerField("宽度", null=True, blank=True, editable=False)
    height = models.PositiveIntegerField("高度", null=True, blank=True, editable=False)
    position = models.PositiveSmallIntegerField("顺序", default=0)

    objects = ImageManager()

    class Meta:
        verbose_name = "图片"
        verbose_name_plural = "图片"
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "position"], name="image_article_position_unique"
            ),
        ]

    def __str__(self):
        return self.caption[:30] or self.file.name or f"图片 {self.pk}"

    def natural_key(self):
        return (*self.article.natural_key(), self.position)

    natural_key.dependencies = ["articles.article"]

    @property
    def awaiting_photo(self):
        return not self.file

    @property
    def srcset(self):
        """``url 480w, url 960w, …`` from the generated renditions, for ``<img srcset>``."""
        return ", ".join(
            f"{default_storage.url(path)} {width}w"
            for width, path in sorted(self.renditions.items(), key=lambda item: int(item[0]))
        )


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
        Article,
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


class Revision(models.Model):
    """One saved state of an article: its fields, bylines, images (metadata) and tags.

    Every save through the editors' desk records one. A submission refused because someone
    saved first is kept too (``applied`` off), so what its author typed can be restored.
    """

    article = models.ForeignKey(
        Article, verbose_name="稿件", on_delete=models.CASCADE, related_name="revisions"
    )
    version = models.PositiveIntegerField("版本")
    data = models.JSONField("内容")
    applied = models.BooleanField(
        "已生效", default=True, help_text="未生效：因他人先保存而被拒绝的提交，可对比并恢复。"
    )
    comment = models.CharField("说明", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修改人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "修订"
        verbose_name_plural = "修订"
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"
        indexes = [
            # An article's history page and the conflict check: its revisions, newest first.
            models.Index(fields=["article", "-created_at"], name="revision_article_created_idx"),
        ]

    def __str__(self):
        return f"{self.article_id} 第{self.version}版 {self.created_at:%Y-%m-%d %H:%M}"


class Presence(models.Model):
    """Who last opened or saved an article, and when: the change form warns the others.

    Kept in the database (one row per article and user) so that every application
    process sees it, however many there are.
    """

    class Action(models.TextChoices):
        OPENED = "opened", "打开"
        SAVED = "saved", "保存"

    article = models.ForeignKey(
        Article, verbose_name="稿件", on_delete=models.CASCADE, related_name="presences"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="+"
    )
    action = models.CharField("动作", max_length=10, choices=Action)
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "编辑动态"
        verbose_name_plural = "编辑动态"
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user"], name="presence_article_user_unique"
            ),
        ]

    def __str__(self):
        return f"{self.user} {self.get_action_display()} {self.article_id}"

    @classmethod
    def note(cls, article, user, action):
        cls.objects.update_or_create(
            article=article, user=user, defaults={"action": action, "at": timezone.now()}
        )

    @classmethod
    def others_recent(cls, article, user, minutes=10):
        """The other people who opened or saved ``article`` in the last few minutes."""
        since = timezone.now() - datetime.timedelta(minutes=minutes)
        return (
            cls.objects.filter(article=article, at__gte=since)
            .exclude(user=user)
            .select_related("user")
        )
