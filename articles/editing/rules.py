"""Who may see, edit, review and publish what: the one place the desk, the importer's
callers and the readers' draft preview ask.

Reporters (记者) write their own drafts and submit them for review. Editors (the groups
holding ``articles.edit_any_article``: 编辑 and the review steps' groups) see and edit
every article. An article in review waits at one step of the review chain
(``ReviewStep``: 初审 → 复审 → 终审 unless the paper configures fewer); the members of that
step's group approve it to the next step or send it back to its reporter with a reason.
Only the chain's last step publishes, schedules, reschedules and unpublishes.

The admin asks these functions and nothing else, on every path that changes an article
(change form, actions, list editing, the calendar), so a crafted request meets the same
rules as a click.
"""

from django.core.exceptions import PermissionDenied

from ..models import Article, ReviewStep, Revision

REPORTERS = "记者"
EDITORS = "编辑"
EDIT_ANY_PERMISSION = "articles.edit_any_article"

Status = Article.Status
Move = Revision.Move


def is_editor(user):
    """Sees and edits every article (编辑 and the review steps' groups; superusers)."""
    return user.has_perm(EDIT_ANY_PERMISSION)


def chain(user):
    """The review chain in order, each step with ``held``: may ``user`` act at it? (A
    member of its group who is an editor; a superuser holds every step.)

    Asked many times while one page is built, so it is kept on the user object, which
    lives for one request: one query per request.
    """
    known = user.__dict__
    if "_newsroom_chain" not in known:
        steps = list(ReviewStep.objects.held_by(user).select_related("group"))
        editor = is_editor(user)
        for step in steps:
            step.held = editor and (step.held or user.is_superuser)
        known["_newsroom_chain"] = steps
    return known["_newsroom_chain"]


def stage_of(article, steps):
    """The number of the step ``article`` waits at (0: the first), ``None`` unless it is
    in review. An article that passed more steps than a shortened chain has waits at the
    last."""
    if article.status != Status.REVIEW or not steps:
        return None
    return min(article.review_stage, len(steps) - 1)


def can_publish(user):
    """Holds the chain's last step: publishes, schedules, reschedules, unpublishes."""
    steps = chain(user)
    return bool(steps) and steps[-1].held


def can_review(user):
    """Holds at least one step of the chain."""
    return any(step.held for step in chain(user))


def can_import(user):
    """Who may import an issue in the import desk: those who publish (confirming an import
    publishes the printed issue's articles, as ``import_issue`` does) and may add and
    change issues; never reporters, nor editors holding only an earlier review step."""
    return (
        can_publish(user)
        and user.has_perm("articles.add_issue")
        and user.has_perm("articles.change_issue")
    )


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
    return articles if is_editor(user) else articles.authored_by(user)


def can_edit(user, article):
    """Editors edit every article; a reporter edits only the drafts they wrote."""
    if is_editor(user):
        return True
    return article.status == Status.DRAFT and is_author(user, article)


def can_preview(user, article):
    """Who may read an article readers cannot see yet: editors, and its own reporters."""
    return user.is_staff and (is_editor(user) or is_author(user, article))


def moves_for(user, article):
    """The moves ``user`` may make on ``article`` as it is now, in the order the desk
    offers them: submit a draft; approve (or, at the last step, publish) and send back an
    article at a step they hold; unpublish, from the last step. Rescheduling is asked of
    ``check_move`` (the calendar)."""
    steps = chain(user)
    if not steps or article.pk is None:
        return []
    if article.status == Status.DRAFT:
        return [Move.SUBMIT] if can_edit(user, article) else []
    if article.status == Status.REVIEW:
        stage = stage_of(article, steps)
        if not steps[stage].held:
            return []
        forward = Move.PUBLISH if stage == len(steps) - 1 else Move.APPROVE
        return [forward, Move.SEND_BACK]
    return [Move.UNPUBLISH] if can_publish(user) else []


def check_move(user, article, move):
    """Raise ``PermissionDenied``, saying why in Chinese, unless ``user`` may make
    ``move`` on ``article`` now."""
    if move == Move.RESCHEDULE:
        if not can_publish(user):
            raise PermissionDenied(f"只有{_last_step(user)}可以改期。")
        if article.status != Status.PUBLISHED or not article.is_scheduled:
            raise PermissionDenied("只有定时发布、尚未发布的稿件可以改期。")
        return
    if move in moves_for(user, article):
        return
    label = Move(move).label if move in Move.values else move
    steps = chain(user)
    stage = stage_of(article, steps)
    if stage is not None and not steps[stage].held:
        step = steps[stage]
        raise PermissionDenied(
            f"这篇稿件在“{step.name}”环节，由“{step.group.name}”组审核，你不能{label}。"
        )
    if move in (Move.PUBLISH, Move.UNPUBLISH) and not can_publish(user):
        raise PermissionDenied(f"只有{_last_step(user)}可以{label}。")
    raise PermissionDenied(f"稿件现在是“{article.get_status_display()}”，你不能{label}。")


def _last_step(user):
    steps = chain(user)
    return f"“{steps[-1].name}”环节" if steps else "审核链的最后一级"
