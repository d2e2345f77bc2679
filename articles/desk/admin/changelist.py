"""What keeps the article changelist fast on a large table: an estimated count, filters that
neither list every row of a big table nor join (and so need DISTINCT), and a search that
understands Chinese input."""

import json

from django.contrib import admin
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

from ...models import Article, Issue, Reporter
from ..forms import is_id

# Below this many rows (by the planner's estimate) an exact COUNT(*) is cheap enough.
EXACT_COUNT_BELOW = 20_000


def planner_estimate(queryset):
    """PostgreSQL's estimate of how many rows ``queryset`` returns, from EXPLAIN: no scan."""
    query = queryset.order_by().values("pk").query
    try:
        sql, params = query.sql_with_params()
    except EmptyResultSet:  # a filter no row can match (an id beyond any id, say)
        return 0
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatedCountPaginator(Paginator):
    """A paginator that does not ``COUNT(*)`` a million rows to print one number.

    On PostgreSQL it asks the planner first; when the estimate is large, that estimate is
    the count (the changelist then says "约"). Small lists, and SQLite, count exactly.
    """

    estimated = False

    @cached_property
    def count(self):
        queryset = self.object_list
        if connections[queryset.db].vendor == "postgresql":
            estimate = planner_estimate(queryset)
            if estimate >= EXACT_COUNT_BELOW:
                self.estimated = True
                return estimate
        return super().count


# Filters ---------------------------------------------------------------------------------


class StatusFilter(admin.SimpleListFilter):
    title = "状态"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*Article.Status.choices, ("scheduled", "定时发布")]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "scheduled":
            return queryset.scheduled()
        if value == Article.Status.PUBLISHED:
            # A published article always has a publish time (constraint
            # article_published_has_time); saying so lets PostgreSQL skip the drafts' empty
            # times, which head the index in this order, instead of filtering them one by one.
            return queryset.filter(status=value, publish_at__isnull=False)
        if value in Article.Status.values:
            return queryset.filter(status=value)
        return queryset


class AutocompleteFilter(admin.SimpleListFilter):
    """A filter over a large table (thousands of reporters or issues): a search box that
    asks the admin's autocomplete as the editor types, instead of a link for every row.

    ``source`` names the foreign key whose autocomplete serves it ("app.model.field"); the
    links shown are only the chosen row and ``quick()``'s few (the latest issues, say).
    """

    template = "admin/articles/article/autocomplete_filter.html"
    source = ""
    model = None

    def quick(self):
        return []

    def has_output(self):
        return True  # the search box, even when no row is listed

    def chosen(self):
        value = self.value()
        return self.model.objects.filter(pk=value).first() if value and is_id(value) else None

    def lookups(self, request, model_admin):
        rows = list(self.quick())
        chosen = self.chosen()
        if chosen is not None and chosen not in rows:
            rows.append(chosen)
        return [(str(row.pk), str(row)) for row in rows]

    def choices(self, changelist):
        app_label, model_name, field_name = self.source.split(".")
        self.autocomplete = {
            "app_label": app_label,
            "model_name": model_name,
            "field_name": field_name,
            "parameter": self.parameter_name,
            "url": changelist.get_query_string(remove=[self.parameter_name, "p"]),
        }
        return super().choices(changelist)


class IssueFilter(AutocompleteFilter):
    """The latest issues as links, any other by typing its date or number: a paper has
    thousands of issues, and Django's default would print a link for every one of them."""

    title = "期次"
    parameter_name = "issue"
    source = "articles.article.issue"
    model = Issue
    shown = 12

    def quick(self):
        return Issue.objects.order_by("-date")[: self.shown]

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(issue=value) if value and is_id(value) else queryset


class ReporterFilter(AutocompleteFilter):
    """By byline, through ``Exists`` (a join would list an article once per byline); the
    reporter is found by typing a name."""

    title = "记者"
    parameter_name = "reporter"
    source = "articles.byline.reporter"
    model = Reporter

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.by_reporter(value) if value and is_id(value) else queryset


class AwaitingPhotoFilter(admin.SimpleListFilter):
    title = "缺图"
    parameter_name = "awaiting_photo"

    def lookups(self, request, model_admin):
        return [("yes", "缺图")]

    def queryset(self, request, queryset):
        # Articles and images both know which of them await a photo.
        return queryset.awaiting_photo() if self.value() == "yes" else queryset
