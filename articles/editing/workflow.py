"""The status moves (draft → review → published, and back) and attaching unplaced text:
each one new version of the article, allowed by ``rules``."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ..models import Article, body
from . import revisions
from .rules import can_edit, check_move

Status = Article.Status


def set_status(article, status, user, expected_version, comment=""):
    """Move ``article`` to ``status`` as one new version.

    Publishing keeps a publish time already set (a future one schedules the article);
    without one it means now (``Article.normalise``). Raises ``PermissionDenied`` for a
    move ``user`` may not make and ``revisions.StaleVersion`` if the article changed since
    ``expected_version``.
    """
    if not can_edit(user, article):
        raise PermissionDenied("你没有权限修改这篇稿件。")
    check_move(user, article.status, status)
    default_comment = f"状态：{Status(article.status).label} → {Status(status).label}"
    with (
        transaction.atomic(),
        revisions.edit(article, user, expected_version, comment or default_comment),
    ):
        article.status = status
    return article


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
