"""A source text on its way in through the import desk: uploaded, parsed on every view with
the editor's corrections, and written by the importer's loader only when confirmed.

The draft keeps what ``import_issue`` would read from disk (the decoded text, its encoding
and file name, a sidecar's TOML) and the corrections made so far (``importer.hints`` in
their JSON shape), so that a review survives between requests and application processes.
Its ``version`` goes up with every correction: a form carries the version it was shown at,
and a correction or a confirmation from a page that has gone stale is refused.
"""

from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from .paper import Issue


class StaleDraft(Exception):
    """The draft changed (or was confirmed) after the page that sent a form was shown."""


class ImportDraftQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(owner=user)


class ImportDraft(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导入人",
        on_delete=models.CASCADE,
        related_name="import_drafts",
    )
    filename = models.CharField("文件名", max_length=255)
    text = models.TextField("原文")
    encoding = models.CharField("编码", max_length=20)
    sidecar = models.TextField("附带 TOML", blank=True)
    hints = models.JSONField("更正", default=dict, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    confirmed_at = models.DateTimeField("确认导入时间", null=True, blank=True)
    issue = models.ForeignKey(
        Issue,
        verbose_name="导入为期次",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    result = models.JSONField("导入结果", default=dict, blank=True)

    objects = ImportDraftQuerySet.as_manager()

    class Meta:
        verbose_name = "导入草稿"
        verbose_name_plural = "导入草稿"
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"
        indexes = [
            # The desk's list: "my drafts, newest first".
            models.Index(fields=["owner", "-created_at"], name="importdraft_owner_idx"),
        ]

    def __str__(self):
        return self.filename

    def get_absolute_url(self):
        return reverse("admin:articles_importdraft_review", args=[self.pk])

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    def get_hints(self):
        from ..importer.hints import Hints

        return Hints.from_json(self.hints)

    def parse(self, hints=None, today=None):
        """The text parsed as ``import_issue`` would parse it, with the draft's sidecar and
        corrections (or ``hints`` in their place); raises ``SourceError``."""
        from ..importer.parse import parse_issue
        from ..importer.plan import parse_sidecar

        return parse_issue(
            self.text,
            sidecar=parse_sidecar(self.sidecar) if self.sidecar else None,
            hints=self.get_hints() if hints is None else hints,
            today=today or timezone.localdate(),
        )

    def as_source(self, parsed):
        """What the loader writes: this text with its parse and corrections."""
        from ..importer.sources import Source

        return Source(
            path=Path(self.filename),
            text=self.text,
            encoding=self.encoding,
            parsed=parsed,
            hints=parsed.hints,
            sidecar=self.sidecar,
        )

    def save_hints(self, hints, expected_version):
        """Store ``hints`` (``importer.hints.Hints``) if the draft is still at
        ``expected_version`` and not confirmed; else raise ``StaleDraft``. One conditional
        UPDATE: of two tabs correcting the same draft, the second is refused."""
        changed = ImportDraft.objects.filter(
            pk=self.pk, version=expected_version, confirmed_at=None
        ).update(hints=hints.to_json(), version=F("version") + 1, updated_at=timezone.now())
        if not changed:
            raise StaleDraft(self.pk)
        self.refresh_from_db(fields=["hints", "version", "updated_at"])

    def mark_confirmed(self, result):
        self.issue = result.issue
        self.result = result.as_dict()
        self.confirmed_at = timezone.now()
        self.version += 1
        self.save(update_fields=["issue", "result", "confirmed_at", "version", "updated_at"])
