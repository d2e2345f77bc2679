"""Photos on articles: the uploaded original and the resized copies readers get."""

from django.core.files.storage import default_storage
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .content import Article, article_lookup


class ImageQuerySet(models.QuerySet):
    def awaiting_photo(self):
        """Images whose photo has not arrived yet: a caption and credit, no file (缺图)."""
        return self.filter(Q(file="") | Q(file__isnull=True))


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
    def display_url(self):
        """The URL readers get for this photo (``<img src>``, ``og:image``, JSON-LD): its
        largest resized copy, or the file itself before any copy exists."""
        if self.renditions:
            width = max(self.renditions, key=int)
            return default_storage.url(self.renditions[width])
        return self.file.url

    @property
    def srcset(self):
        """``url 480w, url 960w, …`` from the generated renditions, for ``<img srcset>``."""
        return ", ".join(
            f"{default_storage.url(path)} {width}w"
            for width, path in sorted(self.renditions.items(), key=lambda item: int(item[0]))
        )
