"""Snapshots: an article's fields, bylines, images (metadata only), tags and areas on the
printed pages as JSON, the content of every revision."""

import datetime

from ..models import Article, Byline, Image

# The article's own fields a revision keeps (and a restore puts back). Status and publish
# time are kept for the record, but a restore leaves them alone: publishing is the
# workflow's business, not the history's.
FIELDS = [
    "kicker",
    "title",
    "subtitle",
    "slug",
    "dateline",
    "attribution",
    "kind",
    "column",
    "editors_note",
    "body",
    "summary",
    "issue",
    "page",
    "continued_on",
    "position",
    "section",
    "status",
    "review_stage",
    "publish_at",
]
WORKFLOW_FIELDS = {"status", "review_stage", "publish_at"}
RELATED = {"bylines": "署名", "images": "图片", "tags": "标签", "areas": "版面区域"}


def snapshot(article):
    """The article as JSON-ready data: its own fields as the instance holds them (saved or
    not), its bylines, photos and tags as the database holds them now."""
    return _snapshot(
        article,
        bylines=[
            {"reporter": b.reporter_id, "name": b.reporter.name, "role": b.role}
            for b in article.bylines.select_related("reporter").order_by("position")
        ],
        images=[_image_data(image) for image in article.images.order_by("position")],
        tags=sorted(article.tags.names()),  # a query of its own: never a stale prefetch
        areas=areas(article),
    )


def areas(article):
    """The article's rectangles on the printed pages, in a fixed order (page, top, left),
    each with its page's number for the history to name it."""
    rows = article.areas.select_related("page").order_by("page__number", "y", "x", "pk")
    return sorted(
        ({**area.as_data(), "number": area.page.number} for area in rows),
        key=lambda a: (a["number"], a["y"], a["x"], a["width"], a["height"]),
    )


def snapshot_submission(form, formsets):
    """What a submitted (and refused) change form said, in the same shape as ``snapshot``.

    ``form.instance`` already carries the submitted fields; bylines, images and tags come
    from the forms, or from the article as saved where the submission left them out.
    """
    article = form.instance
    data = snapshot(Article.objects.get(pk=article.pk))
    fields = _snapshot(article, bylines=[], images=[], tags=[], areas=[])["fields"]
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


def _snapshot(article, *, bylines, images, tags, areas):
    fields, labels = {}, {}
    for name in FIELDS:
        field = Article._meta.get_field(name)
        if field.is_relation:
            fields[name] = getattr(article, field.attname)
            if fields[name] is not None:
                labels[name] = str(getattr(article, name))
        else:
            value = getattr(article, name)
            if isinstance(value, datetime.datetime):
                # The same moment to the second, whatever time zone the form or the
                # database gave it in.
                value = value.astimezone(datetime.UTC).isoformat(timespec="seconds")
            fields[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return {
        "fields": fields,
        "labels": labels,
        "bylines": bylines,
        "images": images,
        "tags": tags,
        "areas": areas,
    }


def _image_data(image):
    data = {
        "id": image.pk,
        "file": image.file.name or "",
        "caption": image.caption,
        "alt_text": image.alt_text,
        "credit": image.credit,
        "position": image.position,
    }
    # Crop and focal point only where the editor set them: snapshots from before they
    # existed stay equal to today's of the same photo.
    if image.crop != (0, 0, 1, 1) or image.focus != (0.5, 0.5):
        data["crop"], data["focus"] = list(image.crop), list(image.focus)
    return data
