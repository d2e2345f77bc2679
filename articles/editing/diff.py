"""Comparing snapshots: which fields differ, and how (paragraph by paragraph, character by
character: Chinese has no spaces between words)."""

import dataclasses
from difflib import SequenceMatcher
from itertools import zip_longest

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ..models import Article, Byline, ReviewStep, body
from .snapshots import FIELDS, RELATED


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


def changed(old, new):
    """The names of the fields and related lists (bylines, images, tags) that differ
    between snapshots ``old`` and ``new``, in form order: a cheap comparison of the stored
    values, which ``edit`` asks before deciding whether anything changed at all."""
    names = [name for name in FIELDS if old["fields"].get(name) != new["fields"].get(name)]
    # A snapshot from before areas were kept has none.
    return names + [name for name in RELATED if old.get(name, []) != new.get(name, [])]


def label(name):
    """How the desk names a field or related list: 主题, 正文, 署名…"""
    if name in RELATED:
        return RELATED[name]
    return str(Article._meta.get_field(name).verbose_name)


def compare(old, new):
    """The fields that differ from snapshot ``old`` to snapshot ``new``, in form order."""
    changes = []
    for name in FIELDS:
        before = _display(old, name)
        after = _display(new, name)
        if before == after:
            continue
        change = Change(name, label(name), before, after)
        if name == "body":
            rows = paragraph_diff(before.split("\n\n"), after.split("\n\n"))
            change.paragraphs = fold_unchanged(rows)
        else:
            change.segments = inline_diff(before, after)
        changes.append(change)
    for name in RELATED:
        before, after = _display_related(old, name), _display_related(new, name)
        if before != after:
            changes.append(
                Change(name, label(name), before, after, segments=line_diff(before, after))
            )
    return changes


def _display(data, name):
    value = data["fields"].get(name)
    if value is None or value == "":
        return ""
    if name == "review_stage":
        # The step it waited at, by name; nothing outside review.
        in_review = data["fields"].get("status") == Article.Status.REVIEW
        return ReviewStep.objects.name_at(value) if in_review else ""
    field = Article._meta.get_field(name)
    if field.is_relation:
        return data.get("labels", {}).get(name, str(value))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if name == "publish_at":
        moment = parse_datetime(value)
        return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else value
    if name == "body":
        return body.to_text(value)  # subheads marked ## , one block to a paragraph
    return str(value)


def _display_related(data, name):
    if name not in data:
        return ""
    if name == "areas":
        return "\n".join(
            f"第{a['number']:02d}版 左{a['x']:.1%} 上{a['y']:.1%} "
            f"宽{a['width']:.1%} 高{a['height']:.1%}"
            for a in data[name]
        )
    if name == "bylines":
        roles = dict(Byline.Role.choices)
        return "\n".join(f"{roles.get(b['role'], b['role'])} {b['name']}" for b in data[name])
    if name == "images":
        return "\n".join(
            " · ".join(filter(None, [i["caption"], i["alt_text"], i["credit"], _framing(i)]))
            or (i["file"] or "（缺图）")
            for i in data[name]
        )
    return "，".join(data[name])


def _framing(image):
    """A photo's crop and focal point, where the editor set them."""
    if "crop" not in image:
        return ""
    left, top, right, bottom = image["crop"]
    x, y = image["focus"]
    return f"裁切 左{left:.0%} 上{top:.0%} 右{right:.0%} 下{bottom:.0%}，焦点 {x:.0%}, {y:.0%}"


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
