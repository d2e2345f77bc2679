"""The review of articles: the chain of steps a story passes before it is published
(三审: 初审 → 复审 → 终审, or fewer), the desk's comments on an article, and the word list
every text is checked against before it goes out."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone


class ReviewStepQuerySet(models.QuerySet):
    def held_by(self, user):
        """The chain in order, each step knowing whether ``user`` holds it (``held``): one
        query, whoever asks."""
        memberships = get_user_model().groups.through.objects.filter(
            user_id=user.pk, group_id=OuterRef("group_id")
        )
        return self.order_by("position", "id").annotate(held=Exists(memberships))

    def name_at(self, stage):
        """The name of the step numbered ``stage`` (0: the first; past the end: the last)."""
        names = list(self.order_by("position", "id").values_list("name", flat=True))
        return names[min(stage, len(names) - 1)] if names else f"第 {stage + 1} 级"


class ReviewStep(models.Model):
    """One step of the review chain, held by a group. The steps in order of ``position``
    are the chain every article passes; the last one publishes.

    An article in review knows how many steps it has passed (``Article.review_stage``), so
    a chain made shorter or longer never leaves an article pointing at nothing: one that
    has passed as many steps as there are waits at the last.
    """

    name = models.CharField("名称", max_length=20, help_text="如“初审”“复审”“终审”。")
    position = models.PositiveSmallIntegerField("顺序", help_text="小的在前；最后一级负责发布。")
    group = models.ForeignKey(
        Group,
        verbose_name="负责的用户组",
        on_delete=models.PROTECT,
        related_name="review_steps",
        help_text="这个组的成员审核这一级；组须有“可以查看和修改所有稿件”的权限。",
    )

    objects = ReviewStepQuerySet.as_manager()

    class Meta:
        verbose_name = "审核环节"
        verbose_name_plural = "审核环节"
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["position"], name="review_step_position_unique"),
            models.UniqueConstraint(fields=["name"], name="review_step_name_unique"),
        ]

    def __str__(self):
        return self.name


class Comment(models.Model):
    """A remark on an article from someone at the desk: not part of the article, never
    published, and not an edit (it makes no new version)."""

    article = models.ForeignKey(
        "articles.Article", verbose_name="稿件", on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="评论人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField("内容", max_length=2000)
    created_at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "评论"
        verbose_name_plural = "评论"
        ordering = ["created_at", "id"]
        indexes = [
            # The change form: an article's comments, oldest first.
            models.Index(fields=["article", "created_at"], name="comment_article_created_idx"),
        ]

    def __str__(self):
        return self.text[:30]


class Term(models.Model):
    """A word the desk checks every article for before publishing: a sensitive term, or a
    common mistake with its correction. Kept by editors; seeded from
    ``fixtures/word_list.tsv``."""

    class Kind(models.TextChoices):
        SENSITIVE = "sensitive", "敏感词"
        MISTAKE = "mistake", "易错词"

    text = models.CharField("词语", max_length=40)
    kind = models.CharField("类别", max_length=10, choices=Kind, default=Kind.MISTAKE)
    suggestion = models.CharField(
        "建议改为", max_length=40, blank=True, help_text="有建议时，稿件页可一键替换。"
    )
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "词表条目"
        verbose_name_plural = "词表（敏感词与易错词）"
        ordering = ["kind", "text"]
        constraints = [
            models.UniqueConstraint(fields=["text"], name="term_text_unique"),
            models.CheckConstraint(
                condition=models.Q(kind__in=["sensitive", "mistake"]), name="term_kind_valid"
            ),
            models.CheckConstraint(condition=~models.Q(text=""), name="term_text_not_empty"),
        ]

    def __str__(self):
        return f"{self.text} → {self.suggestion}" if self.suggestion else self.text

    def clean(self):
        self.text = self.text.strip()
        self.suggestion = self.suggestion.strip()
        if self.suggestion == self.text:
            raise ValidationError({"suggestion": "建议的写法与词语相同。"})
