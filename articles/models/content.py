"""What the paper says: articles (who says it: ``people``; their photos: ``photos``).

``Article.objects.published()`` is the one definition of what readers may see; every
reader path (pages, feeds, sitemaps, search) starts from it. What the database cannot check
across tables (a page belonging to the article's issue) is checked in ``clean()``.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    Value,
)
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItem

from ..links import reverse
from ..text import unicode_slug
from . import body as body_blocks
from .paper import Issue, Page, Section


def visible_to_readers(now=None):
    """The one definition of what readers may see: published, and its publish time has
    come. ``published()`` filters on it, ``with_visibility()`` annotates it."""
    return Q(status="published", publish_at__lte=now or timezone.now())


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """Visible to readers now (or at ``now``).

        Every reader-facing path (pages, feeds, sitemaps, search) starts here, so a draft,
        an article in review or one scheduled for later can never leak through one of them.
        """
        return self.filter(visible_to_readers(now))

    def scheduled(self):
        """Published for a time still to come (定时发布): readers see them from then on."""
        return self.filter(status="published").exclude(visible_to_readers())

    def waiting_at(self, stages, last):
        """In review at the steps numbered ``stages`` (0: the chain's first), oldest first:
        from when each arrived there. ``last`` is the number of the chain's last step, where
        articles that passed more steps than a shortened chain has wait too."""
        at = Q(review_stage__in=[stage for stage in stages if stage < last])
        if last in stages:
            at |= Q(review_stage__gte=last)
        return self.filter(at, status="review").order_by(
            F("step_since").asc(nulls_first=True), "id"
        )

    def with_visibility(self, now=None):
        """Each article knows whether readers see it now (``Article.is_published``) by the
        same rule as ``published()``, without a query of its own."""
        return self.annotate(
            visible_now=ExpressionWrapper(visible_to_readers(now), output_field=BooleanField())
        )

    def for_listing(self, photos=True):
        """What a list of articles shows: headline, placement, bylines and (``photos``)
        the uploaded photos (``Article.photos``, for thumbnails), in a fixed number of
        queries however many articles, bylines or photos there are."""
        from .people import Byline  # people.py and photos.py build on this module
        from .photos import Image

        articles = self.select_related("issue", "page__section", "section").prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("reporter"))
        )
        if photos:
            articles = articles.prefetch_related(
                Prefetch("images", queryset=Image.objects.with_photo(), to_attr="uploaded_photos")
            )
        return articles

    def with_photo(self):
        """Articles with at least one uploaded photo (a picture grid shows only those)."""
        from .photos import Image  # photos.py builds on this module

        return self.filter(Exists(Image.objects.with_photo().filter(article=OuterRef("pk"))))

    def in_print_order(self):
        # Articles without a page last on every database (SQLite sorts NULL first).
        return self.order_by(F("page__number").asc(nulls_last=True), "position", "id")

    def by_reporter(self, reporter, role=None):
        """Articles bylined to ``reporter`` (in ``role``, if given), each article once."""
        from .people import Byline

        bylines = Byline.objects.filter(article=OuterRef("pk"), reporter=reporter)
        if role:
            bylines = bylines.filter(role=role)
        return self.filter(Exists(bylines))

    def authored_by(self, user):
        """Articles ``user`` created, or that carry a byline of the reporter who is ``user``;
        each article once."""
        from .people import Byline

        return self.filter(
            Q(created_by=user)
            | Exists(Byline.objects.filter(article=OuterRef("pk"), reporter__user=user))
        )

    def awaiting_photo(self):
        """Articles with an image whose photo has not arrived yet (缺图)."""
        from .photos import Image  # photos.py builds on this module

        return self.filter(Exists(Image.objects.awaiting_photo().filter(article=OuterRef("pk"))))

    # How many of the newest articles of a section, or of a tag, related_to() weighs: the
    # work of an article page stays the same however large the archive grows.
    RELATED_CANDIDATES = 100

    def related_to(self, article, limit=5):
        """Articles sharing the most tags with ``article``, then the newest of its section;
        one query. Call on ``published()`` so that only readers' articles come back.

        Only the newest ``RELATED_CANDIDATES`` of its section and of those sharing a tag are
        weighed (each an index range scan), not every article the archive holds.
        """
        tag_ids = [tag.pk for tag in article.tags.all()]
        return self.related(article.pk, article.section_id, tag_ids, limit)

    def related(self, pk, section_id, tag_ids, limit=5):
        """``related_to`` by the article's primary key, section and tags."""
        newest = self.exclude(pk=pk).order_by("-publish_at", "-id").values("pk")
        pools = Q(pk__in=[])
        if section_id:
            pools |= Q(pk__in=newest.filter(section=section_id)[: self.RELATED_CANDIDATES])
        if tag_ids:
            tagged = TaggedItem.objects.filter(
                object_id=OuterRef("pk"),
                content_type=ContentType.objects.get_for_model(Article),
                tag__in=tag_ids,
            )
            pools |= Q(pk__in=newest.filter(Exists(tagged))[: self.RELATED_CANDIDATES])
            shared_tags = Count("tags", filter=Q(tags__in=tag_ids), distinct=True)
        else:
            shared_tags = Value(0)
        return (
            self.filter(pools)
            .annotate(shared_tags=shared_tags)
            .order_by("-shared_tags", "-publish_at", "-id")[:limit]
        )


def published_tags():
    """Tags readers may see: those of at least one article readers may see."""
    tagged = TaggedItem.objects.filter(
        tag=OuterRef("pk"),
        content_type=ContentType.objects.get_for_model(Article),
        object_id__in=Article.objects.published().values("pk"),
    )
    return Tag.objects.filter(Exists(tagged))


def article_lookup(issue_date, slug, prefix=""):
    """Filter arguments for the article with natural key ``(issue_date, slug)``; web-only
    articles have no issue date."""
    if issue_date is None:
        return {f"{prefix}issue__isnull": True, f"{prefix}slug": slug}
    return {f"{prefix}issue__date": issue_date, f"{prefix}slug": slug}


# The article's text fields, compared and stored without trailing white space.
TEXT_FIELDS = ("kicker", "title", "subtitle", "dateline", "summary", "column", "attribution")


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
    column = models.CharField(
        "栏目标签",
        max_length=40,
        blank=True,
        help_text="汇编稿件（简讯、快讯、图片新闻）的栏头，如“简讯”。",
    )
    editors_note = models.TextField("编者按", blank=True, help_text="显示在正文之前。")
    attribution = models.CharField(
        "笔名或作者单位",
        max_length=200,
        blank=True,
        help_text="不是记者的署名，如“本报评论员”“作者单位：市委党校”；显示在正文之后。",
    )
    body = models.JSONField(
        "正文",
        default=list,
        blank=True,
        encoder=body_blocks.BodyEncoder,
        help_text="段落与小标题，按阅读顺序。",
    )
    summary = models.TextField("摘要", blank=True)
    status = models.CharField("状态", max_length=10, choices=Status, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        "发布时间", null=True, blank=True, help_text="晚于现在则为定时发布，到时自动对读者可见。"
    )
    review_stage = models.PositiveSmallIntegerField(
        "审核环节",
        default=0,
        editable=False,
        help_text="待审稿件已通过的审核级数：0 为待初审（审核链的第一级），依此类推。",
    )
    step_since = models.DateTimeField("进入本环节时间", null=True, blank=True, editable=False)

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
        # Publishing is the last review step's (ReviewStep), not a permission's.
        permissions = [("edit_any_article", "可以查看和修改所有稿件（编辑部）")]
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
            models.CheckConstraint(
                condition=Q(status="review") | Q(review_stage=0, step_since__isnull=True),
                name="article_stage_only_in_review",
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
            # A section's newest articles: its page, its feed, related articles.
            models.Index(
                fields=["section", "-publish_at", "-id"], name="article_section_publish_idx"
            ),
            # The admin changelist, unfiltered: ORDER BY publish_at DESC, id DESC LIMIT 100;
            # also the date hierarchy's MIN/MAX(publish_at).
            models.Index(fields=["-publish_at", "-id"], name="article_publish_id_idx"),
            # 待我审核: status = 'review' AND review_stage IN (…) ORDER BY step_since, id.
            models.Index(
                fields=["review_stage", "step_since", "id"],
                condition=Q(status="review"),
                name="article_review_queue_idx",
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        self.normalise()
        if not self.slug:
            self.slug = self._free_slug(self.base_slug())
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:article", kwargs={"pk": self.pk})

    def natural_key(self):
        return (self.issue.date.isoformat() if self.issue_id else None, self.slug)

    natural_key.dependencies = ["articles.issue", "articles.page", "articles.section"]

    def base_slug(self):
        """The slug the title gives, before making it unique in the issue."""
        return unicode_slug(self.title) or "article"

    def normalise(self):
        """Derive what follows from the rest, before validating, comparing or saving: the
        body's blocks (line endings and white space do not make a change), text
        fields without trailing white space, the section from the page, a publish time
        (in whole seconds) for a published article that has none (publishing without a time
        means now), and the review step only while in review (from when it waits there)."""
        self.body = body_blocks.normalise(self.body)
        self.editors_note = "\n\n".join(paragraphs_of(self.editors_note))
        for name in TEXT_FIELDS:
            setattr(self, name, (getattr(self, name) or "").rstrip())
        if not self.section_id and self.page_id:
            self.section_id = self.page.section_id
        if self.status == self.Status.PUBLISHED and self.publish_at is None:
            self.publish_at = timezone.now()
        if self.status != self.Status.REVIEW:
            self.review_stage, self.step_since = 0, None
        elif self.step_since is None:
            self.step_since = timezone.now()
        if self.publish_at is not None:
            # Whole seconds, as the desk's form shows and sends it back.
            self.publish_at = self.publish_at.replace(microsecond=0)

    @property
    def headline(self):
        """The print headline stack on one line: 引题 主题 —— 副题."""
        text = f"{self.kicker} {self.title}" if self.kicker else self.title
        if self.subtitle:
            text += f" —— {self.subtitle}"
        return text

    @property
    def blocks(self):
        """The body's paragraphs and subheads, in reading order."""
        return body_blocks.normalise(self.body)

    @property
    def paragraphs(self):
        """The body's paragraphs (subheads left out)."""
        return body_blocks.paragraphs(self.body)

    @property
    def description(self):
        """What to say about the article in a feed or a shared link: its summary, or else
        its first paragraph."""
        return self.summary or next(iter(self.paragraphs), "")

    @property
    def photos(self):
        """Its uploaded photos, in order (prefetched by ``for_listing()``, else one query)."""
        if not hasattr(self, "uploaded_photos"):
            from .photos import Image  # photos.py builds on this module

            self.uploaded_photos = list(Image.objects.with_photo().filter(article=self))
        return self.uploaded_photos

    @property
    def lead_photo(self):
        """The photo a list shows beside the headline: the first uploaded, or None."""
        return next(iter(self.photos), None)

    @property
    def is_published(self):
        """Do readers see it now (as saved)? By ``visible_to_readers``: from the annotation
        of ``with_visibility()`` when the article was loaded with it, else asked of the
        database."""
        if "visible_now" in self.__dict__:
            return self.visible_now
        return self.pk is not None and (
            Article.objects.filter(visible_to_readers(), pk=self.pk).exists()
        )

    @property
    def is_scheduled(self):
        """Published, with a publish time still to come: readers see it from then on."""
        return self.status == self.Status.PUBLISHED and not self.is_published

    def clean(self):
        self.normalise()
        errors = {}
        if self.page_id and self.page.issue_id != self.issue_id:
            errors["page"] = "版面必须属于本稿件所在的期次。"
        if self.continued_on_id:
            if self.continued_on.issue_id != self.issue_id:
                errors["continued_on"] = "转至版面必须属于本稿件所在的期次。"
            elif self.continued_on_id == self.page_id:
                errors["continued_on"] = "转至版面不能与所在版面相同。"
        if errors:
            raise ValidationError(errors)

    def _free_slug(self, base):
        """``base``, or ``base-2``, ``base-3``… whichever is not taken in this issue."""
        siblings = Article.objects.filter(issue=self.issue_id).exclude(pk=self.pk)
        taken = set(siblings.filter(slug__startswith=base[:40]).values_list("slug", flat=True))
        return free_slug(base, taken)


def free_slug(base, taken):
    """``base``, or ``base-2``, ``base-3``… whichever is not in ``taken`` (a set of slugs
    already used in the same issue), cut to the field's 60 characters."""
    slug, n = base, 1
    while slug in taken:
        n += 1
        suffix = f"-{n}"
        slug = base[: 60 - len(suffix)] + suffix
    return slug


def paragraphs_of(text):
    """Split plain text into paragraphs: one per non-blank line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
