"""The history of articles: every saved state (``Revision``), who has one open now
(``Presence``) and what someone is typing into one before saving it (``BodyDraft``)."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone


class Revision(models.Model):
    """One saved state of an article: its fields, bylines, images (metadata) and tags.

    Every save through the editors' desk records one. A submission refused because someone
    saved first is kept too (``applied`` off), so what its author typed can be restored.
    A step of the review (submitted, approved, sent back, published…) is a revision too,
    with its ``move``, the reviewer's ``note`` and, for a publication, the word-list
    matches the final reviewer ``confirmed``.
    """

    class Move(models.TextChoices):
        SUBMIT = "submit", "提交审核"
        APPROVE = "approve", "审核通过"
        SEND_BACK = "send_back", "退回"
        PUBLISH = "publish", "发布"
        RESCHEDULE = "reschedule", "改期"
        UNPUBLISH = "unpublish", "撤回"

    article = models.ForeignKey(
        "articles.Article", verbose_name="稿件", on_delete=models.CASCADE, related_name="revisions"
    )
    version = models.PositiveIntegerField("版本")
    data = models.JSONField("内容")
    applied = models.BooleanField(
        "已生效", default=True, help_text="未生效：因他人先保存而被拒绝的提交，可对比并恢复。"
    )
    comment = models.CharField("说明", max_length=200, blank=True)
    changed = models.JSONField(
        "改动",
        default=list,
        blank=True,
        help_text="这次修改改动了哪些字段（署名、图片、标签也算）。",
    )
    move = models.CharField("审核操作", max_length=20, choices=Move, blank=True)
    note = models.TextField("审核意见", blank=True, help_text="退回时必填：退回的理由。")
    confirmed = models.JSONField(
        "确认的提示",
        default=list,
        blank=True,
        help_text="发布时终审确认保留的词表提示：[{词语, 类别, 次数}]。",
    )
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
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    move__in=[
                        "",
                        "submit",
                        "approve",
                        "send_back",
                        "publish",
                        "reschedule",
                        "unpublish",
                    ]
                ),
                name="revision_move_valid",
            ),
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
        "articles.Article", verbose_name="稿件", on_delete=models.CASCADE, related_name="presences"
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


class BodyDraft(models.Model):
    """What one user has typed into an article's change form and not saved yet, kept as
    they type (the form's script sends it every few seconds) so that a closed tab or a
    lost connection loses nothing. Never the article itself: the form offers to put it
    back, and only a save of the form changes the article (and clears the draft).

    ``fields`` holds the form's text fields as typed (the body in its text form);
    ``version`` the article's version the form was opened at: a later version means the
    article changed since, and the draft is offered with a warning.
    """

    # The form's fields a draft keeps, in form order.
    FIELDS = [
        "kicker",
        "title",
        "subtitle",
        "dateline",
        "attribution",
        "editors_note",
        "body",
        "summary",
    ]
    # The most a draft may hold, all fields together (characters).
    MAX_CHARS = 100_000

    article = models.ForeignKey(
        "articles.Article", verbose_name="稿件", on_delete=models.CASCADE, related_name="drafts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="+"
    )
    fields = models.JSONField("内容", default=dict)
    version = models.PositiveIntegerField("基于版本")
    saved_at = models.DateTimeField("自动保存时间", default=timezone.now)

    class Meta:
        verbose_name = "自动保存的草稿"
        verbose_name_plural = "自动保存的草稿"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user"], name="bodydraft_article_user_unique"
            ),
        ]

    def __str__(self):
        return f"{self.user} {self.article_id} {self.saved_at:%Y-%m-%d %H:%M}"

    @classmethod
    def keep(cls, article, user, fields, version):
        return cls.objects.update_or_create(
            article=article,
            user=user,
            defaults={"fields": fields, "version": version, "saved_at": timezone.now()},
        )[0]

    @classmethod
    def discard(cls, article, user):
        cls.objects.filter(article=article, user=user).delete()

    @property
    def stale(self):
        """Has the article been saved since the form this draft was typed in was opened?"""
        return self.version != self.article.version
