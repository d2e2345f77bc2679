"""The review's moves (submit, approve, send back, publish, reschedule, unpublish) and
attaching unplaced text: each one new version of the article, allowed by ``rules``.

A move is planned first (``plan``: allowed? a reason given where one is needed? word-list
matches confirmed before publishing?) and then applied inside the one revisioned edit,
whose revision records who, when, the move, the reviewer's note and what was confirmed.
The change form plans a move while it validates and applies it in the same edit as the
fields it saves; everything else calls ``move``.
"""

import dataclasses
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import Article, Revision, body
from . import checks, revisions, rules
from .rules import can_edit

Status = Article.Status
Move = Revision.Move

NOTE_MAX_LENGTH = 1000


@dataclasses.dataclass
class Plan:
    """A move checked and ready to make: ``apply(article)`` inside the edit."""

    move: str
    status: str
    stage: int
    summary: str
    note: str = ""
    confirmed: list = dataclasses.field(default_factory=list)
    publish_at: datetime.datetime | None = None

    def apply(self, article):
        article.status = self.status
        article.review_stage = self.stage
        article.step_since = timezone.now() if self.status == Status.REVIEW else None
        if self.publish_at is not None:
            article.publish_at = self.publish_at

    @property
    def record(self):
        """What the edit's revision keeps of the move."""
        return {
            "comment": self.summary,
            "move": self.move,
            "note": self.note,
            "confirmed": self.confirmed,
        }


def plan(user, article, move, note="", *, confirm=False, publish_at=None, lexicon=None):
    """Check ``move`` on ``article`` (as the instance holds it) for ``user`` and say what
    it does. Raises ``PermissionDenied`` for a move ``user`` may not make, and
    ``ValidationError`` (code ``note_required``, ``confirm`` or ``time``) for one that
    needs a reason, a confirmation or a time it lacks."""
    rules.check_move(user, article, move)
    steps = rules.chain(user)
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(f"审核意见不能超过 {NOTE_MAX_LENGTH} 字。", code="note_too_long")
    stage = rules.stage_of(article, steps)
    here = steps[stage].name if stage is not None else ""
    if move == Move.SUBMIT:
        return Plan(move, Status.REVIEW, 0, f"提交审核，送{steps[0].name}", note)
    if move == Move.APPROVE:
        return Plan(move, Status.REVIEW, stage + 1, f"{here}通过，送{steps[stage + 1].name}", note)
    if move == Move.SEND_BACK:
        if not note:
            raise ValidationError("退回须写明理由。", code="note_required")
        return Plan(move, Status.DRAFT, 0, f"{here}退回", note)
    if move == Move.UNPUBLISH:
        return Plan(move, Status.DRAFT, 0, "撤回（改为草稿）", note)
    if move == Move.RESCHEDULE:
        if publish_at is None or publish_at <= timezone.now():
            raise ValidationError("改期的时间须晚于现在。", code="time")
        before = f"{timezone.localtime(article.publish_at):%Y-%m-%d %H:%M}"
        after = f"{timezone.localtime(publish_at):%Y-%m-%d %H:%M}"
        return Plan(
            move, Status.PUBLISHED, 0, f"改期：{before} → {after}", note, publish_at=publish_at
        )
    # Publishing: the last step, with the word list's matches confirmed.
    matches = checks.unresolved(article, lexicon)
    if matches and not confirm:
        raise ValidationError(
            f"稿件中还有未处理的词表提示：{checks.describe(matches)}。"
            "请修改，或由终审确认后再发布。",
            code="confirm",
        )
    when = publish_at or article.publish_at
    summary = f"{here}通过，发布"
    if when is not None and when > timezone.now():
        summary = f"{here}通过，定时发布（{timezone.localtime(when):%Y-%m-%d %H:%M}）"
    if matches:
        summary += "；确认保留词表提示"
    return Plan(move, Status.PUBLISHED, 0, summary, note, matches, publish_at)


def move(article, what, user, expected_version, note="", *, confirm=False, publish_at=None):
    """Make the move ``what`` on ``article`` as one new version, from ``expected_version``
    (raises ``revisions.StaleVersion`` if it changed since), with the refusals of ``plan``."""
    with transaction.atomic():
        planned = plan(user, article, what, note, confirm=confirm, publish_at=publish_at)
        with revisions.edit(article, user, expected_version, **planned.record):
            planned.apply(article)
    return planned


def state_key(article):
    """The article's place in the workflow as one value: ``draft``, ``review:N`` (at the
    chain's N-th step, from 1) or ``published``; what the article list edits."""
    if article.status == Status.REVIEW:
        return f"review:{article.review_stage + 1}"
    return article.status


def state_label(article, steps):
    if article.status == Status.REVIEW and steps:
        return f"待审·{steps[rules.stage_of(article, steps)].name}"
    return article.get_status_display()


def list_moves(user, article):
    """``{state key: move}``: the moves the article list offers ``user`` for ``article``,
    by the state each leads to. Sending back needs a reason, so only the article's page
    offers it."""
    steps = rules.chain(user)
    targets = {}
    for allowed in rules.moves_for(user, article):
        if allowed == Move.SUBMIT:
            targets["review:1"] = allowed
        elif allowed == Move.APPROVE:
            targets[f"review:{rules.stage_of(article, steps) + 2}"] = allowed
        elif allowed == Move.PUBLISH:
            targets[Status.PUBLISHED.value] = allowed
        elif allowed == Move.UNPUBLISH:
            targets[Status.DRAFT.value] = allowed
    return targets


def list_choices(user, article):
    """The choices of the article list's status column: where the article is, and where
    ``user`` may move it from there."""
    steps = rules.chain(user)
    labels = {Status.DRAFT.value: "草稿", Status.PUBLISHED.value: "已发布"}
    labels |= {f"review:{i}": f"待审·{step.name}" for i, step in enumerate(steps, 1)}
    current = state_key(article)
    keys = [current, *list_moves(user, article)]
    return [(key, labels.get(key, state_label(article, steps))) for key in keys]


def attach_fragment(fragment, article, user):
    """Append an unplaced fragment's paragraphs to ``article``'s body, as one new version."""
    if fragment.attached_to_id:
        raise ValueError("这段文本已经并入了稿件。")
    if article.issue_id != fragment.issue_id:
        raise ValueError("只能并入同一期次的稿件。")
    if not can_edit(user, article):
        raise PermissionDenied("你没有权限修改这篇稿件。")
    comment = f"并入未归属文本（原文第 {fragment.position} 段起）"
    with transaction.atomic(), revisions.edit(article, user, None, comment):
        article.body = article.blocks + body.from_paragraphs(fragment.paragraphs)
        fragment.attached_to = article
        fragment.save(update_fields=["attached_to"])
    return article
