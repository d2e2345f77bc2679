"""Issues -> a Django JSON fixture with natural keys, stable from one export to the next.

Natural keys (issue date, article slug, byline position…) replace database ids, and the
timestamps of the rows are set to the issue's publish time, so exporting the same import
twice, or on another database, gives the same file. Revisions are not exported: a loaded
issue's history starts with its first edit.
"""

import json

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder

from ..models import (
    Article,
    Byline,
    Fragment,
    Image,
    Page,
    Reporter,
    Section,
    SourceText,
    body,
)
from .load import publish_time

TIMESTAMPS = ("created_at", "updated_at", "imported_at")


def _rows(issues):
    articles = Article.objects.filter(issue__in=issues).order_by("issue__date", "position", "pk")
    pages = Page.objects.filter(issue__in=issues).order_by("issue__date", "number")
    bylines = Byline.objects.filter(article__in=articles)
    # Sorted here, not by the database: collations order Chinese names differently.
    sections = Section.objects.filter(pages__in=pages).distinct()
    yield from sorted(sections, key=lambda section: (section.position, section.slug))
    yield from sorted(Reporter.objects.filter(bylines__in=bylines).distinct(), key=str)
    for issue in issues:
        yield issue
        yield from SourceText.objects.filter(issue=issue).order_by("imported_at", "pk")
    yield from pages
    yield from articles.select_related("issue")
    yield from bylines.select_related("article__issue").order_by(
        "article__issue__date", "article__position", "position"
    )
    yield from (
        Image.objects.filter(article__in=articles)
        .select_related("article__issue")
        .order_by("article__issue__date", "article__position", "position")
    )
    yield from (
        Fragment.objects.filter(issue__in=issues)
        .select_related("issue", "source__issue", "attached_to__issue")
        .order_by("issue__date", "position")
    )


def issue_fixture(issues):
    """The JSON text of a fixture holding ``issues`` and everything that hangs off them."""
    issues = list(issues)
    stamps = {issue.date.isoformat(): publish_time(issue.date) for issue in issues}
    data = serializers.serialize(
        "python", _rows(issues), use_natural_foreign_keys=True, use_natural_primary_keys=True
    )
    stamp = min(stamps.values()) if stamps else None
    for row in data:
        for name in TIMESTAMPS:
            if name in row["fields"]:
                row["fields"][name] = stamp
        if row["model"] == "articles.article":
            # Blocks in one key order, whichever database returned them (PostgreSQL's
            # jsonb orders keys its own way).
            row["fields"]["body"] = body.normalise(row["fields"]["body"])
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2) + "\n"
