"""Who writes for the paper: reporters (matched by name across issues) and the bylines that
put them on articles, each in a role (记者, 通讯员, 实习生, 摄影, 图文)."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q

from ..links import reverse
from ..text import unicode_slug
from .content import Article, article_lookup


class ReporterQuerySet(models.QuerySet):
    def published(self):
        """Reporters readers may see: those bylined on at least one article readers see."""
        return self.filter(
            Exists(
                Byline.objects.filter(
                    reporter=OuterRef("pk"), article__in=Article.objects.published()
                )
            )
        )


class ReporterManager(models.Manager.from_queryset(ReporterQuerySet)):
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
