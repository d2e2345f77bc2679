"""Who may do what to an article, and the status moves: draft → review → published.

Reporters (记者) write their own drafts and submit them for review; editors (编辑), who hold
``articles.publish_article``, do everything else: publish, schedule, unpublish, send back.
The admin asks these functions and nothing else, on every path that changes an article
(change form, actions, list editing), so a crafted request meets the same rules as a click.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from . import revisions
from .models import Article, join_paragraphs, paragraphs_of

REPORTERS = "记者"
EDITORS = "编辑"
PUBLISH_PERMISSION = "articles.publish_article"

Status = Article.Status

# Every move an editor may make; reporters only submit their own drafts.
MOVES = {
    Status.DRAFT: {Status.REVIEW, Status.PUBLISHED},
    Status.REVIEW: {Status.DRAFT, Status.PUBLISHED},
    Status.PUBLISHED: {Status.DRAFT},
}
REPORTER_MOVES = {Status.DRAFT: {Status.REVIEW}}


def can_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


def can_edit(user, article):
    """Editors edit every article; a reporter edits only the drafts they wrote."""
    if can_publish(user):
        return True
    return article.status == Status.DRAFT and article.is_authored_by(user)


def can_preview(user, article):
    """Who may read an article readers cannot see yet: editors, and its own reporters."""
    return user.is_staff and (can_publish(user) or article.is_authored_by(user))


def statuses_for(user, current):
    """The statuses ``user`` may give an article now at ``current`` (including staying)."""
    moves = MOVES if can_publish(user) else REPORTER_MOVES
    allowed = {current, *moves.get(current, ())}
    return [status for status in Status if status in allowed]


def check_move(user, current, new):
    if new not in statuses_for(user, current):
        raise PermissionDenied(
            f"你没有权限把稿件从“{Status(current).label}”改为“{Status(new).label}”。"
        )


def set_status(article, status, user, expected_version, comment=""):
    """Move ``article`` to ``status`` as one new version.

    Publishing keeps a publish time already set (a future one schedules the article) and
    stamps now otherwise. Raises ``PermissionDenied`` for a move ``user`` may not make and
    ``revisions.StaleVersion`` if the article changed since ``expected_version``.
    """
    if not can_edit(user, article):
        raise PermissionDenied("你没有权限修改这篇稿件。")
    check_move(user, article.status, status)
    default_comment = f"状态：{Status(article.status).label} → {Status(status).label}"
    with revisions.edit(article, user, expected_version, comment or default_comment):
        article.status = status
        if status == Status.PUBLISHED and article.publish_at is None:
            article.publish_at = timezone.now()
    return article


def attach_fragment(fragment, article, user):
    """Append an unplaced fragment's paragraphs to ``article``'s body, as one new version."""
    if fragment.attached_to_id:
        raise ValueError("这段文本已经并入了稿件。")
    if article.issue_id != fragment.issue_id:
        raise ValueError("只能并入同一期次的稿件。")
    if not can_edit(user, article):
        raise PermissionDenied("你没有权限修改这篇稿件。")
    with transaction.atomic():
        comment = f"并入未归属文本（原文第 {fragment.position} 段起）"
        with revisions.edit(article, user, article.version, comment):
            article.body = join_paragraphs(paragraphs_of(article.body) + fragment.paragraphs)
        fragment.attached_to = article
        fragment.save(update_fields=["attached_to"])
    return article
