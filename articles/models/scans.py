"""The printed page itself: a page's scan (the PDF or image the paper was printed from,
rendered at several widths) and the areas of the page each article occupies.

Scans live in their own storage (``STORAGES["scans"]``), which the web server does not
serve: readers reach a page's images and PDF only through views that ask
``Page.objects.published()`` first, so the scan of a page nobody may read yet never leaks.
"""

from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.urls import reverse

from .content import Article
from .paper import Page


def scan_storage():
    return storages["scans"]


def scan_upload_to(instance, filename):
    page = instance.page
    return f"{page.issue.date:%Y/%m-%d}/{page.number:02d}/{filename}"


class PageScan(models.Model):
    """The scan of one page: its source file (a one-page PDF or an image) and the images
    rendered from it, made once on upload (``manage.py render_pages`` makes them again)."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        IMAGE = "image", "图片"

    page = models.OneToOneField(
        Page, verbose_name="版面", on_delete=models.CASCADE, related_name="scan"
    )
    file = models.FileField("版面文件", storage=scan_storage, upload_to=scan_upload_to)
    kind = models.CharField("类型", max_length=10, choices=Kind)
    # Widths of the rendered images readers get ({width: storage name}), and the thumbnail.
    renditions = models.JSONField("版面图", default=dict, blank=True, editable=False)
    thumbnail = models.CharField("缩略图", max_length=255, blank=True, editable=False)
    width = models.PositiveIntegerField("宽度", default=0, editable=False)
    height = models.PositiveIntegerField("高度", default=0, editable=False)
    has_text_layer = models.BooleanField("有文字层", default=False, editable=False)
    # What automatic location found: [{"article": pk, "title": …, "found": bool,
    # "confidence": 0…1}], one entry per article printed on the page.
    report = models.JSONField("自动识别结果", default=list, blank=True, editable=False)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    rendered_at = models.DateTimeField("生成时间", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "版面扫描件"
        verbose_name_plural = "版面扫描件"
        ordering = ["page"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["pdf", "image"]), name="pagescan_kind"),
        ]

    def __str__(self):
        return f"{self.page} · {self.get_kind_display()}"

    @property
    def widths(self):
        return sorted(int(width) for width in self.renditions)

    # Readers' addresses of the page's images and PDF (served by views that check the page
    # is published). ``?v=`` changes with every rendering, so caches never hold an old one.
    def _url(self, name, **kwargs):
        page = self.page
        kwargs.update(date=page.issue.date, number=page.number)
        version = int(self.rendered_at.timestamp()) if self.rendered_at else 0
        return reverse(f"articles:{name}", kwargs=kwargs) + f"?v={version}"

    def image_url(self, width=None):
        return self._url("page_image", width=width or max(self.widths))

    @property
    def srcset(self):
        return ", ".join(f"{self.image_url(width)} {width}w" for width in self.widths)

    @property
    def src(self):
        """The middle width: what a browser without srcset gets."""
        widths = self.widths
        return self.image_url(widths[len(widths) // 2])

    @property
    def thumbnail_url(self):
        return self._url("page_thumbnail")

    @property
    def pdf_url(self):
        return self._url("page_pdf") if self.kind == self.Kind.PDF else ""

    @property
    def aspect(self):
        """Height over width, for the page's proportions before its image arrives."""
        return self.height / self.width if self.width else 1.414

    @property
    def found(self):
        return [entry for entry in self.report if entry.get("found")]

    @property
    def not_found(self):
        return [entry for entry in self.report if not entry.get("found")]


class AreaQuerySet(models.QuerySet):
    def on_published(self):
        """Areas readers may follow: those of articles readers may see."""
        return self.filter(article__in=Article.objects.published())


class ArticleArea(models.Model):
    """Where an article is printed on a page: a rectangle in fractions of the page (so it
    holds at every width), one or more per article and page. An article that jumps has
    areas on each page it is printed on. Changed only through the article's revisioned
    edit: the areas are part of what a revision keeps."""

    class Source(models.TextChoices):
        AUTO = "auto", "自动识别"
        MANUAL = "manual", "编辑绘制"

    article = models.ForeignKey(
        Article, verbose_name="稿件", on_delete=models.CASCADE, related_name="areas"
    )
    page = models.ForeignKey(
        Page, verbose_name="版面", on_delete=models.CASCADE, related_name="areas"
    )
    x = models.FloatField("左")
    y = models.FloatField("上")
    width = models.FloatField("宽")
    height = models.FloatField("高")
    source = models.CharField("来源", max_length=10, choices=Source, default=Source.MANUAL)
    confidence = models.FloatField("置信度", null=True, blank=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = "稿件区域"
        verbose_name_plural = "稿件区域"
        ordering = ["page", "y", "x", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(x__gte=0, y__gte=0, width__gt=0, height__gt=0)
                & Q(x__lte=1, y__lte=1, width__lte=1, height__lte=1),
                name="articlearea_inside_page",
            ),
            models.CheckConstraint(
                condition=Q(source__in=["auto", "manual"]), name="articlearea_source"
            ),
        ]
        # The foreign keys' own indexes serve a page's areas and an article's.

    def __str__(self):
        return f"{self.page.label} · {self.article}"

    # The rectangle in the units SVG draws it in: thousandths of the page's width and height.
    @property
    def box(self):
        return {
            "x": round(self.x * 1000, 1),
            "y": round(self.y * 1000, 1),
            "width": round(self.width * 1000, 1),
            "height": round(self.height * 1000, 1),
        }

    def as_data(self):
        """The rectangle as a revision keeps it (fractions rounded to a ten-thousandth)."""
        return {
            "page": self.page_id,
            "x": round(self.x, 4),
            "y": round(self.y, 4),
            "width": round(self.width, 4),
            "height": round(self.height, 4),
        }
