"""Revisions and optimistic concurrency: nothing an editor types is ever lost.

Every article carries a ``version``. An edit starts from the version its author opened and
is applied only if the article is still at that version: the check is one conditional
``UPDATE … WHERE version = n`` inside the saving transaction, so it holds on PostgreSQL
(the row lock makes a concurrent save wait, then miss) and on SQLite (whose write
transactions are serialised: settings open them with ``BEGIN IMMEDIATE``).

Every save records a :class:`~articles.models.Revision`, a JSON snapshot of the article's
fields, bylines, images (metadata only) and tags; a refused submission is kept as a revision
that was not applied, and any revision can be compared with the live article and restored.
"""

import contextlib
import dataclasses
from difflib import SequenceMatcher
from itertools import zip_longest

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .models import Article, Byline, Image, Reporter, Revision, join_paragraphs, paragraphs_of

# The article's own fields a revision keeps (and a restore puts back). Status and publish
# time are kept for the record, but a restore leaves them alone: publishing is the
# workflow's business, not the history's.
FIELDS = [
    "kicker",
    "title",
    "subtitle",
    "slug",
    "dateline",
    "kind",
    "body",
    "summary",
    "issue",
    "page",
    "continued_on",
    "position",
    "section",
    "status",
    "publish_at",
]
WORKFLOW_FIELDS = {"status", "publish_at"}
RELATED = {"bylines": "署名", "images": "图片", "tags": "标签"}


class StaleVersion(Exception):
    """The article was saved by someone else after this edit started."""

    def __init__(self, article, expected_version):
        self.article = article
        self.expected_version = expected_version
        super().__init__(f"article {article.pk} is no longer at version {expected_version}")


# Snapshots ----------------------------------------------------------------------------


def snapshot(article):
    """The article as saved now, as JSON-ready data."""
    return _snapshot(
        article,
        bylines=[
            {"reporter": b.reporter_id, "name": b.reporter.name, "role": b.role}
            for b in article.bylines.select_related("reporter").order_by("position")
        ],
        images=[_image_data(image) for image in article.images.order_by("position")],
        tags=sorted(tag.name for tag in article.tags.all()),
    )


def snapshot_submission(form, formsets):
    """What a submitted (and refused) change form said, in the same shape as ``snapshot``.

    ``form.instance`` already carries the submitted fields; bylines, images and tags come
    from the forms, or from the article as saved where the submission left them out.
    """
    article = form.instance
    data = snapshot(Article.objects.get(pk=article.pk))
    fields = _snapshot(article, bylines=[], images=[], tags=[])["fields"]
    data["fields"] = fields
    if "tags" in getattr(form, "cleaned_data", {}):
        data["tags"] = sorted(str(tag) for tag in form.cleaned_data["tags"])
    for formset in formsets:
        rows = [
            f.cleaned_data
            for f in formset.forms
            if getattr(f, "cleaned_data", None) and not f.cleaned_data.get("DELETE")
        ]
        if formset.model is Byline:
            data["bylines"] = [
                {"reporter": r["reporter"].pk, "name": r["reporter"].name, "role": r["role"]}
                for r in sorted(rows, key=lambda r: r.get("position") or 0)
                if r.get("reporter")
            ]
        elif formset.model is Image:
            data["images"] = [
                {
                    "id": row["id"].pk if row.get("id") else None,
                    "file": row["id"].file.name if row.get("id") else "",
                    **{key: row.get(key) or "" for key in ("caption", "alt_text", "credit")},
                    "position": row.get("position") or 0,
                }
                for row in sorted(rows, key=lambda r: r.get("position") or 0)
            ]
    return data


def _snapshot(article, *, bylines, images, tags):
    fields, labels = {}, {}
    for name in FIELDS:
        field = Article._meta.get_field(name)
        if field.is_relation:
            fields[name] = getattr(article, field.attname)
            if fields[name] is not None:
                labels[name] = str(getattr(article, name))
        else:
            value = getattr(article, name)
            fields[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return {"fields": fields, "labels": labels, "bylines": bylines, "images": images, "tags": tags}


def _image_data(image):
    return {
        "id": image.pk,
        "file": image.file.name or "",
        "caption": image.caption,
        "alt_text": image.alt_text,
        "credit": image.credit,
        "position": image.position,
    }


# Saving ---------------------------------------------------------------------------------


def record(article, user, comment="", *, applied=True, data=None):
    return Revision.objects.create(
        article=article,
        version=article.version,
        data=data if data is not None else snapshot(article),
        applied=applied,
        comment=comment[:200],
        created_by=user if user and user.is_authenticated else None,
    )


def begin_edit(article, expected_version):
    """Claim the next version of ``article`` for an edit that started at ``expected_version``.

    Raises :class:`StaleVersion` if someone saved in between. Call inside a transaction and
    save the article (and ``record`` it) in the same one. The first edit of an article that
    has no history yet (an imported one) records the state it started from, so that the
    history always begins with the original.
    """
    if not article.revisions.exists():
        stored = Article.objects.get(pk=article.pk)
        record(stored, None, "最初的版本")
    claimed = Article.objects.filter(pk=article.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise StaleVersion(article, expected_version)
    article.version = expected_version + 1


@contextlib.contextmanager
def edit(article, user, expected_version, comment):
    """An edit as one new version: ``with edit(...) as article: article.title = …``.

    Saves the article when the block ends and records the revision; refuses with
    :class:`StaleVersion` (writing nothing) if the article moved on from ``expected_version``.
    """
    with transaction.atomic():
        begin_edit(article, expected_version)
        yield article
        article.updated_by = user
        article.save()
        record(article, user, comment)


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


def restore(revision, user, expected_version):
    """Put the article back as ``revision`` had it: fields, bylines, image metadata, tags.

    Status and publish time stay as they are (restoring never publishes or unpublishes);
    related objects deleted since are skipped. Creates a revision of its own, and refuses
    with :class:`StaleVersion` if the article changed since the page was opened.
    """
    data = revision.data
    article = revision.article
    comment = f"恢复到 {timezone.localtime(revision.created_at):%Y-%m-%d %H:%M} 的修订"
    with edit(article, user, expected_version, comment):
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
            image.save(update_fields=["caption", "alt_text", "credit"])
        article.tags.set(data["tags"])
    return article


# Comparing ------------------------------------------------------------------------------


@dataclasses.dataclass
class Change:
    """One field that differs between two snapshots, ready for a template."""

    name: str
    label: str
    old: str
    new: str
    # Text fields: [(op, text)] with op "equal", "insert" or "delete" (character diff).
    segments: list = dataclasses.field(default_factory=list)
    # The body: one row per paragraph, {"op": ..., "segments": [...]}.
    paragraphs: list = dataclasses.field(default_factory=list)


def compare(old, new):
    """The fields that differ from snapshot ``old`` to snapshot ``new``, in form order."""
    changes = []
    for name in FIELDS:
        before = _display(old, name)
        after = _display(new, name)
        if before == after:
            continue
        label = str(Article._meta.get_field(name).verbose_name)
        change = Change(name, label, before, after)
        if name == "body":
            rows = paragraph_diff(paragraphs_of(before), paragraphs_of(after))
            change.paragraphs = fold_unchanged(rows)
        else:
            change.segments = inline_diff(before, after)
        changes.append(change)
    for name, label in RELATED.items():
        before, after = _display_related(old, name), _display_related(new, name)
        if before != after:
            changes.append(Change(name, label, before, after, segments=line_diff(before, after)))
    return changes


def _display(data, name):
    value = data["fields"].get(name)
    if value is None or value == "":
        return ""
    field = Article._meta.get_field(name)
    if field.is_relation:
        return data.get("labels", {}).get(name, str(value))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if name == "publish_at":
        moment = parse_datetime(value)
        return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else value
    if name == "body":
        return join_paragraphs(paragraphs_of(value))
    return str(value)


def _display_related(data, name):
    if name == "bylines":
        roles = dict(Byline.Role.choices)
        return "\n".join(f"{roles.get(b['role'], b['role'])} {b['name']}" for b in data[name])
    if name == "images":
        return "\n".join(
            " · ".join(filter(None, [i["caption"], i["alt_text"], i["credit"]]))
            or (i["file"] or "（缺图）")
            for i in data[name]
        )
    return "，".join(data[name])


def inline_diff(old, new):
    """Character by character (Chinese has no spaces between words): [(op, text)]."""
    segments = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(("equal", old[i1:i2]))
            continue
        if i2 > i1:
            segments.append(("delete", old[i1:i2]))
        if j2 > j1:
            segments.append(("insert", new[j1:j2]))
    return segments


def line_diff(old, new):
    """Line by line, for short lists such as bylines: [(op, text)], one line each."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    segments = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old_lines, new_lines).get_opcodes():
        if op == "equal":
            segments += [("equal", line) for line in old_lines[i1:i2]]
        else:
            segments += [("delete", line) for line in old_lines[i1:i2]]
            segments += [("insert", line) for line in new_lines[j1:j2]]
    return segments


def paragraph_diff(old, new):
    """Paragraph by paragraph; a changed paragraph is diffed by character within it."""
    rows = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            rows += [{"op": "equal", "segments": [("equal", p)]} for p in old[i1:i2]]
            continue
        for before, after in zip_longest(old[i1:i2], new[j1:j2]):
            if after is None:
                rows.append({"op": "delete", "segments": [("delete", before)]})
            elif before is None:
                rows.append({"op": "insert", "segments": [("insert", after)]})
            else:
                rows.append({"op": "replace", "segments": inline_diff(before, after)})
    return rows


def fold_unchanged(rows, context=1):
    """Keep ``context`` unchanged paragraphs around each change; fold the others into one
    ``{"op": "fold", "count": n}`` row, so a long article's diff shows what changed."""
    near = set()
    for i, row in enumerate(rows):
        if row["op"] != "equal":
            near.update(range(i - context, i + context + 1))
    folded = []
    for i, row in enumerate(rows):
        if row["op"] != "equal" or i in near:
            folded.append(row)
        elif folded and folded[-1]["op"] == "fold":
            folded[-1]["count"] += 1
        else:
            folded.append({"op": "fold", "count": 1})
    return folded


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
