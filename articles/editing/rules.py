"""Who may see, edit and publish what: the one place the desk, the importer's callers and
the readers' draft preview ask.

Reporters (记者) write their own drafts and submit them for review; editors (编辑), who hold
``articles.publish_article``, do everything else: publish, schedule, unpublish, send back.
The admin asks these functions and nothing else, on every path that changes an article
(change form, actions, list editing), so a crafted request meets the same rules as a click.
"""

from django.core.exceptions import PermissionDenied

from ..models import Article

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


def is_author(user, article):
    """Created by ``user``, or carrying a byline of the reporter whose account it is.

    Asked many times while one page is built (each inline, each permission check, on more
    than one copy of the article), so the answer is kept on the user object, which lives
    for one request: one query per article and request.
    """
    if article.pk is None or not user.is_authenticated:
        return False
    known = user.__dict__.setdefault("_newsroom_authorship", {})
    if article.pk not in known:
        known[article.pk] = Article.objects.filter(pk=article.pk).authored_by(user).exists()
    return known[article.pk]


def desk_articles(user, articles):
    """The articles ``user`` sees in the desk, on every page of it (the article list, an
    issue's articles, the autocomplete, history): editors see all; a reporter sees only
    what they wrote or carry the byline of."""
    return articles if can_publish(user) else articles.authored_by(user)


def can_edit(user, article):
    """Editors edit every article; a reporter edits only the drafts they wrote."""
    if can_publish(user):
        return True
    return article.status == Status.DRAFT and is_author(user, article)


def can_preview(user, article):
    """Who may read an article readers cannot see yet: editors, and its own reporters."""
    return user.is_staff and (can_publish(user) or is_author(user, article))


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
