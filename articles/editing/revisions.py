"""Revisions and optimistic concurrency: nothing an editor types is ever lost.

Every article carries a ``version``. An edit starts from the version its author opened and
is applied only if the article is still at that version: the check is one conditional
``UPDATE … WHERE version = n`` inside the saving transaction, so it holds on PostgreSQL
(the row lock makes a concurrent save wait, then miss) and on SQLite (whose write
transactions are serialised: settings open them with ``BEGIN IMMEDIATE``).

Every save records a :class:`~articles.models.Revision`, a snapshot of the article
(``snapshots``); a refused submission is kept as a revision that was not applied, and any
revision can be compared with the live article (``diff``) and restored.
"""

import contextlib
import dataclasses

from django.db import transaction
from django.utils import timezone

from ..models import Article, ArticleArea, Byline, Image, Page, Reporter, Revision
from ..signals import announce
from .diff import changed, compare, label
from .snapshots import FIELDS, WORKFLOW_FIELDS, snapshot


class StaleVersion(Exception):
    """The article was saved by someone else after this edit started."""

    def __init__(self, article, expected_version):
        self.article = article
        self.expected_version = expected_version
        super().__init__(f"article {article.pk} is no longer at version {expected_version}")


class TransactionRequired(RuntimeError):
    """An edit was started outside a transaction: its checks and writes would not hold."""


def record(article, user, comment="", *, applied=True, data=None, changed=(), **move):
    """A revision of ``article`` as it is now; ``move`` (``move``, ``note``, ``confirmed``)
    when the edit was a step of the review (``workflow``)."""
    return Revision.objects.create(
        article=article,
        version=article.version,
        data=data if data is not None else snapshot(article),
        applied=applied,
        comment=comment[:200],
        changed=list(changed),
        created_by=user if user and user.is_authenticated else None,
        **move,
    )


@contextlib.contextmanager
def edit(article, user, expected_version=None, comment="", **move):
    """The one way an article changes: ``with edit(article, user, 3): article.title = …``.

    Every path that changes what an article shows comes here: the change form and list
    editing, the status moves, photos and bylines edited on their own, restoring a
    revision, attaching unplaced text, the importer's ``--replace``. Inside the caller's
    transaction (it refuses to run outside one) it locks the article's row, refuses with
    :class:`StaleVersion` if the article is no longer at ``expected_version`` (``None``:
    whatever version it is at, for edits that were not opened from a version), lets the
    block change the article and its bylines, photos and tags, and then compares the
    article with what was stored. A change makes exactly one new version, saved, and one
    revision saying who, when and what changed; no change writes nothing at all, not even
    the modification time. The first edit of an article with no history yet (an imported
    one) records the state it started from, so that history begins with the original.
    ``comment`` may be a function, asked once the block has run (a one-click fix says
    what it did). A move of the review passes ``move``, ``note`` and ``confirmed`` for its
    revision.
    """
    if not transaction.get_connection().in_atomic_block:
        raise TransactionRequired("an article edit must run inside transaction.atomic()")
    stored = Article.objects.select_for_update().get(pk=article.pk)
    if expected_version is not None and stored.version != expected_version:
        raise StaleVersion(article, expected_version)
    before = snapshot(stored)
    yield article
    article.normalise()
    after = snapshot(article)
    names = changed(before, after)
    article.version = stored.version
    article.__dict__.pop("visible_now", None)  # a status or time may have moved
    if not names:
        return
    if not stored.revisions.exists():
        record(stored, None, "最初的版本", data=before)
    article.version = stored.version + 1
    article.updated_by = user if user and user.is_authenticated else None
    article.save()
    summary = "修改：" + "、".join(label(name) for name in names)
    if callable(comment):
        comment = comment()
    record(article, user, comment or summary, data=snapshot(article), changed=names, **move)
    issues = {stored.issue_id, article.issue_id} - {None}
    announce(Article, articles={article.pk}, issues=issues, fields=names)


@contextlib.contextmanager
def edit_each(articles, user, comment=""):
    """One edit of each of ``articles`` around a change that touches them all (a photo
    moved from one article to another, bylines deleted in bulk): each article that really
    changed gets its new version and revision. Rows are locked in primary-key order, so two
    such changes never wait on each other in a circle."""
    with contextlib.ExitStack() as stack:
        for article in sorted(articles, key=lambda article: article.pk):
            stack.enter_context(edit(article, user, None, comment))
        yield


def keep_refused(article, user, data, expected_version):
    """Keep a submission refused as stale: a revision not applied, to compare and restore."""
    return Revision.objects.create(
        article=article,
        version=expected_version,
        data=data,
        applied=False,
        comment=f"未保存：基于第 {expected_version} 版提交时，稿件已被他人修改",
        created_by=user,
    )


UNCROPPED, CENTRED = (0, 0, 1, 1), (0.5, 0.5)
FRAME_FIELDS = ["crop_left", "crop_top", "crop_right", "crop_bottom", "focus_x", "focus_y"]


def restore(revision, user, expected_version):
    """Put the article back as ``revision`` had it: fields, bylines, image metadata (with
    crop and focal point: the caller makes the copies readers get again where they moved),
    tags, areas on the printed pages (a revision from before areas were kept leaves them
    alone).

    Status and publish time stay as they are (restoring never publishes or unpublishes);
    related objects deleted since are skipped. Creates a revision of its own, and refuses
    with :class:`StaleVersion` if the article changed since the page was opened.
    """
    data = revision.data
    article = revision.article
    comment = f"恢复到 {timezone.localtime(revision.created_at):%Y-%m-%d %H:%M} 的修订"
    with transaction.atomic(), edit(article, user, expected_version, comment):
        for name, value in data["fields"].items():
            if name in WORKFLOW_FIELDS or name not in FIELDS:
                continue
            field = Article._meta.get_field(name)
            if field.is_relation:
                exists = value is None or field.related_model.objects.filter(pk=value).exists()
                setattr(article, field.attname, value if exists else None)
            else:
                setattr(article, name, value)
        article.bylines.all().delete()
        reporters = Reporter.objects.in_bulk([b["reporter"] for b in data["bylines"]])
        Byline.objects.bulk_create(
            Byline(article=article, reporter=reporters[b["reporter"]], role=b["role"], position=i)
            for i, b in enumerate(b for b in data["bylines"] if b["reporter"] in reporters)
        )
        images = Image.objects.in_bulk(
            [i["id"] for i in data["images"] if i.get("id")], field_name="pk"
        )
        for row in data["images"]:
            image = images.get(row.get("id"))
            if image is None or image.article_id != article.pk:
                continue
            for key in ("caption", "alt_text", "credit"):
                setattr(image, key, row[key])
            # A snapshot without them is of a photo neither cropped nor given a focal point.
            crop, focus = row.get("crop", UNCROPPED), row.get("focus", CENTRED)
            image.crop_left, image.crop_top, image.crop_right, image.crop_bottom = crop
            image.focus_x, image.focus_y = focus
            image.save(update_fields=["caption", "alt_text", "credit", *FRAME_FIELDS])
        article.tags.set(data["tags"])
        if "areas" in data:
            _restore_areas(article, data["areas"])
    return article


def _restore_areas(article, areas):
    pages = set(Page.objects.filter(pk__in={a["page"] for a in areas}).values_list("pk", flat=True))
    article.areas.all().delete()
    ArticleArea.objects.bulk_create(
        ArticleArea(
            article=article,
            page_id=area["page"],
            **{key: area[key] for key in ("x", "y", "width", "height")},
        )
        for area in areas
        if area["page"] in pages
    )


@dataclasses.dataclass
class Conflict:
    """A stale submission: who saved since it started, and what they changed."""

    expected_version: int
    current_version: int
    saves: list
    changes: list
    kept: Revision | None = None


def conflict_for(article, expected_version):
    """``None`` if ``article`` is still at ``expected_version``; else what happened since.

    Locks the article's row until the transaction ends (PostgreSQL), so that a concurrent
    save waits for this one rather than slipping in between the check and the write.
    """
    current = Article.objects.select_for_update().get(pk=article.pk)
    if current.version == expected_version:
        return None
    saves = list(
        current.revisions.filter(applied=True, version__gt=expected_version)
        .select_related("created_by")
        .order_by("version")
    )
    base = current.revisions.filter(applied=True, version=expected_version).first()
    changes = compare(base.data, snapshot(current)) if base else []
    return Conflict(expected_version, current.version, saves, changes)
