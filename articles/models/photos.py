"""Photos on articles: the original as uploaded (for editors), and the re-encoded copies
readers get, cut to the crop and, for each aspect ratio the pages use, around the focal
point (``articles.desk.images`` makes them)."""

import dataclasses

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage, storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from .content import Article, article_lookup

# The shapes reader pages cut photos to, besides the photo as cropped ("free"): thumbnails
# in lists 3:2, shared links 16:9. Each has its widths (never wider than the crop).
FREE = "free"
RATIOS = {FREE: None, "3:2": (3, 2), "16:9": (16, 9)}
RATIO_WIDTHS = {FREE: (480, 960, 1600), "3:2": (320, 640, 960), "16:9": (640, 1200)}
# The encodings of every copy, the browser's first choice first: (key, MIME type).
ENCODINGS = (("avif", "image/avif"), ("webp", "image/webp"), ("jpg", "image/jpeg"))
# The smallest crop, as a fraction of the photo's width or height.
MIN_CROP = 0.05


def original_storage():
    return storages["originals"]


class ImageQuerySet(models.QuerySet):
    def awaiting_photo(self):
        """Images whose photo has not arrived yet: a caption and credit, no file (缺图)."""
        return self.filter(Q(file="") | Q(file__isnull=True))

    def with_photo(self):
        return self.exclude(Q(file="") | Q(file__isnull=True))

    def sharing_original(self, name):
        """Images showing the original ``name`` (a photo reused on other articles)."""
        return self.filter(file=name) if name else self.none()


class ImageManager(models.Manager.from_queryset(ImageQuerySet)):
    def get_by_natural_key(self, issue_date, slug, position):
        return self.get(position=position, **article_lookup(issue_date, slug, "article__"))


def image_upload_to(instance, filename):
    # The originals' storage names each file by its content (OriginalStorage).
    return filename


def fraction(name, default):
    return models.FloatField(
        name,
        default=default,
        db_default=default,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )


@dataclasses.dataclass
class Picture:
    """What ``<picture>`` needs for one shape of a photo: the fallback JPEG (``src``, its
    ``width`` and ``height``), and a ``srcset`` per encoding (``sources``: MIME type,
    srcset), the browser's first choice first."""

    src: str
    width: int
    height: int
    srcset: str
    sources: list


class Image(models.Model):
    """A photo on an article. The file may be empty while the photo is awaited.

    ``file`` is the original as uploaded, in a storage the web server does not serve
    (``original_storage``); several images (one photo reused on several articles) may share
    it. Readers get ``renditions`` only: re-encoded copies without EXIF, named by content.
    ``width`` and ``height`` are the original's, upright (EXIF orientation applied).
    """

    article = models.ForeignKey(
        Article, verbose_name="稿件", on_delete=models.CASCADE, related_name="images"
    )
    file = models.ImageField(
        "图片文件", storage=original_storage, upload_to=image_upload_to, blank=True
    )
    caption = models.TextField("图片说明", blank=True)
    alt_text = models.CharField("替代文本", max_length=250, blank=True)
    credit = models.CharField(
        "署名", max_length=100, blank=True, help_text="如“李焱 赵艳 图文报道”。"
    )
    crop_left = fraction("裁切左边", 0.0)
    crop_top = fraction("裁切上边", 0.0)
    crop_right = fraction("裁切右边", 1.0)
    crop_bottom = fraction("裁切下边", 1.0)
    focus_x = fraction("焦点横坐标", 0.5)
    focus_y = fraction("焦点纵坐标", 0.5)
    renditions = models.JSONField(
        "缩略图",
        default=dict,
        blank=True,
        editable=False,
        help_text="读者看到的副本：每种画幅的裁切框和各宽度的 AVIF、WebP、JPEG 文件。",
    )
    width = models.PositiveIntegerField("宽度", null=True, blank=True, editable=False)
    height = models.PositiveIntegerField("高度", null=True, blank=True, editable=False)
    uploaded_at = models.DateTimeField("上传时间", null=True, blank=True, editable=False)
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
            models.CheckConstraint(
                condition=Q(
                    crop_left__gte=0,
                    crop_top__gte=0,
                    crop_right__lte=1,
                    crop_bottom__lte=1,
                    crop_left__lt=F("crop_right"),
                    crop_top__lt=F("crop_bottom"),
                ),
                name="image_crop_inside_photo",
            ),
            models.CheckConstraint(
                condition=Q(focus_x__gte=0, focus_x__lte=1, focus_y__gte=0, focus_y__lte=1),
                name="image_focus_inside_photo",
            ),
        ]
        indexes = [
            # The photo library, newest first; and the images sharing one original.
            models.Index(fields=["-uploaded_at", "-id"], name="image_uploaded_idx"),
            models.Index(fields=["file"], name="image_file_idx"),
        ]

    def __str__(self):
        return self.caption[:30] or f"图片 {self.pk}"

    def natural_key(self):
        return (*self.article.natural_key(), self.position)

    natural_key.dependencies = ["articles.article"]

    def clean(self):
        """Crop and focal point as fractions of the photo: the crop a rectangle inside it,
        not thinner than ``MIN_CROP``, the focal point inside the crop."""
        crop = (self.crop_left, self.crop_top, self.crop_right, self.crop_bottom)
        focus = (self.focus_x, self.focus_y)
        if any(value is None for value in (*crop, *focus)):
            return  # the form has said which field is missing
        if not all(0 <= value <= 1 for value in (*crop, *focus)):
            raise ValidationError("裁切和焦点的数值须在 0 到 1 之间（占图片宽、高的比例）。")
        left, top, right, bottom = crop
        if right - left < MIN_CROP or bottom - top < MIN_CROP:
            raise ValidationError(
                f"裁切范围无效：右边须大于左边、下边须大于上边，且宽、高都不少于图片的 "
                f"{MIN_CROP:.0%}。"
            )
        if not (left <= self.focus_x <= right and top <= self.focus_y <= bottom):
            raise ValidationError("焦点须在裁切范围之内。")

    @property
    def awaiting_photo(self):
        return not self.file

    @property
    def crop(self):
        return (self.crop_left, self.crop_top, self.crop_right, self.crop_bottom)

    @property
    def focus(self):
        return (self.focus_x, self.focus_y)

    def copies(self, ratio=None):
        """The copies of one shape (``ratio``: "3:2", "16:9"; none: the photo as cropped),
        narrowest first, each ``{"width", "height", "jpg", "webp"[, "avif"]}``."""
        shapes = self.renditions.get("ratios") or {}
        return (shapes.get(ratio or FREE) or {}).get("copies", [])

    def picture(self, ratio=None):
        """The ``Picture`` of one shape, or ``None`` while the photo has no copies."""
        copies = self.copies(ratio if ratio in RATIOS else None)
        if not copies:
            return None
        largest = copies[-1]
        sources = [
            (mime, _srcset(copies, key))
            for key, mime in ENCODINGS
            if all(key in copy for copy in copies)
        ]
        return Picture(
            src=default_storage.url(largest["jpg"]),
            width=largest["width"],
            height=largest["height"],
            srcset=_srcset(copies, "jpg"),
            sources=sources,
        )

    @property
    def display(self):
        """The copy readers get where one URL is asked for (``og:image``, JSON-LD): the
        largest JPEG of the photo as cropped."""
        copies = self.copies()
        return copies[-1] if copies else None

    @property
    def display_url(self):
        """The URL readers get for this photo (``og:image``, JSON-LD, the fallback
        ``<img src>``): its largest JPEG copy, never the original; "" before copies exist."""
        display = self.display
        return default_storage.url(display["jpg"]) if display else ""

    @property
    def display_width(self):
        return self.display["width"] if self.display else None

    @property
    def display_height(self):
        return self.display["height"] if self.display else None

    @property
    def srcset(self):
        """``url 480w, url 960w, …`` of the JPEG copies, for ``<img srcset>``."""
        return _srcset(self.copies(), "jpg")


def _srcset(copies, key):
    return ", ".join(f"{default_storage.url(copy[key])} {copy['width']}w" for copy in copies)
