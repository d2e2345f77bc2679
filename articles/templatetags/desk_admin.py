"""Template tags of the editors' desk (the admin)."""

import copy

from django import template
from django.contrib.admin.templatetags.admin_list import date_hierarchy
from django.db.models import Max, Min
from django.utils import timezone

from articles.models import Term

register = template.Library()


@register.filter
def term_kind(kind):
    """敏感词 or 易错词, for a word-list kind stored in a revision."""
    return dict(Term.Kind.choices).get(kind, kind)


@register.inclusion_tag("admin/date_hierarchy.html")
def desk_date_hierarchy(cl):
    """Django's date hierarchy, without its top-level ``SELECT DISTINCT`` of every year.

    That query reads every row (seconds on a million articles). Here the years come from
    the first and last dates, which an index answers at once; a year in between without
    articles simply lists none. Within a year, Django's own tag runs.
    """
    field = cl.date_hierarchy
    if any(f"{field}__{part}" in cl.params for part in ("year", "month", "day")):
        return date_hierarchy(cl)
    span = cl.queryset.aggregate(first=Min(field), last=Max(field))
    if span["first"] is None:
        return {"show": False}
    first, last = (timezone.localtime(span[end]).year for end in ("first", "last"))
    if first == last:
        # One year: Django's tag at that year (its months), without asking for the span again.
        within = copy.copy(cl)
        within.params = {**cl.params, f"{field}__year": str(first)}
        return date_hierarchy(within)
    return {
        "show": True,
        "back": None,
        "choices": [
            {"link": cl.get_query_string({f"{field}__year": year}, [f"{field}__"]), "title": year}
            for year in range(first, last + 1)
        ],
    }


@register.simple_tag(takes_context=True)
def may_import(context):
    """Whether the user may use the import desk (导入报纸): the entry on the admin index and
    the issue list shows only then."""
    from ..editing import rules

    request = context.get("request")
    return bool(request) and rules.can_import(request.user)
