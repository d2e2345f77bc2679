"""Reader pages: the e-paper (archive, issue, page, article) and the news site (home,
sections, reporters, tags). Every queryset starts from ``published()``; views stay thin."""

import calendar
import datetime
from itertools import groupby
from operator import attrgetter

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView, TemplateView

from ..caching.tags import PUBLISHED, declare
from ..editing import rules
from ..models import Article, Byline, Issue, Reporter, Section, published_tags
from ..text import WEEKDAYS


def neighbours(items, current):
    """``(previous, next)`` around ``current`` in ``items`` (matched by primary key)."""
    keys = [item.pk for item in items]
    if current.pk not in keys:
        return None, None
    index = keys.index(current.pk)
    previous = items[index - 1] if index > 0 else None
    following = items[index + 1] if index + 1 < len(items) else None
    return previous, following


def published_pages(issue):
    """The pages of ``issue`` readers may open, in order."""
    return list(issue.pages.published().select_related("issue", "section"))


def month_calendars(year, issues_by_date):
    """The months of ``year`` that have issues, newest first, as weeks of seven days:
    ``(date, issue or None)`` for the month's days and ``None`` for the days around it."""
    weeks_of = calendar.Calendar(firstweekday=0).monthdatescalendar
    months = sorted({day.month for day in issues_by_date}, reverse=True)
    return [
        {
            "first_day": datetime.date(year, month, 1),
            "weeks": [
                [(day, issues_by_date.get(day)) if day.month == month else None for day in week]
                for week in weeks_of(year, month)
            ],
        }
        for month in months
    ]


class HomeView(TemplateView):
    """The latest issue's lead stories and pages, the newest articles, the recent issues."""

    template_name = "reader/home.html"
    lead_count = 4
    recent_count = 12
    issue_count = 7

    def get_context_data(self, **kwargs):
        declare(PUBLISHED)  # the latest issue and articles: any publication changes them
        issues = list(Issue.objects.published()[: self.issue_count])
        latest = issues[0] if issues else None
        lead, pages = [], []
        if latest:
            lead = list(
                Article.objects.published()
                .filter(issue=latest)
                .for_listing()
                .in_print_order()[: self.lead_count]
            )
            pages = published_pages(latest)
        recent = (
            Article.objects.published()
            .exclude(pk__in=[article.pk for article in lead])
            .for_listing()[: self.recent_count]
        )
        return super().get_context_data(
            latest_issue=latest,
            earlier_issues=issues[1:],
            lead_articles=lead,
            pages=pages,
            recent_articles=recent,
            **kwargs,
        )


class IssueArchiveView(TemplateView):
    """往期回顾: one year of issues as month calendars, with links to the other years."""

    template_name = "reader/issue_archive.html"

    def get_context_data(self, **kwargs):
        declare(PUBLISHED)  # every issue readers may open
        issues = Issue.objects.published()
        years = [day.year for day in issues.dates("date", "year", order="DESC")]
        year = self.kwargs.get("year", years[0] if years else None)
        if "year" in self.kwargs and year not in years:
            raise Http404("这一年没有报纸。")
        by_date = {issue.date: issue for issue in issues.filter(date__year=year)} if year else {}
        context = super().get_context_data(**kwargs)
        context.update(
            year=year, years=years, months=month_calendars(year, by_date), weekdays=WEEKDAYS
        )
        return context


class IssueDetailView(DetailView):
    """One issue: its pages in order with their articles; 上一期/下一期."""

    template_name = "reader/issue_detail.html"
    context_object_name = "issue"

    def get_object(self, queryset=None):
        return get_object_or_404(Issue.objects.published(), date=self.kwargs["date"])

    def get_context_data(self, **kwargs):
        declare(PUBLISHED)  # 上一期/下一期
        issue = self.object
        issues = Issue.objects.published()
        articles = (
            Article.objects.published()
            .filter(issue=issue)
            .for_listing()
            .select_related("page__issue")
            .in_print_order()
        )
        # [(page, its articles)] in print order; articles placed on no page come last.
        sections = [(page, list(group)) for page, group in groupby(articles, attrgetter("page"))]
        pages = [page for page, _ in sections if page]
        return super().get_context_data(
            sections=sections,
            pages=pages,
            description="、".join(page.label for page in pages),
            previous_issue=issues.filter(date__lt=issue.date).order_by("-date").first(),
            next_issue=issues.filter(date__gt=issue.date).order_by("date").first(),
            **kwargs,
        )


class PageDetailView(DetailView):
    """One page (版) of an issue: its articles, the ones continued onto it; 上一版/下一版."""

    template_name = "reader/page_detail.html"
    context_object_name = "page"

    def get_object(self, queryset=None):
        issue = get_object_or_404(Issue.objects.published(), date=self.kwargs["date"])
        self.pages = published_pages(issue)
        for page in self.pages:
            if page.number == self.kwargs["number"]:
                return page
        raise Http404("这一期没有这一版。")

    def get_context_data(self, **kwargs):
        page = self.object
        previous_page, next_page = neighbours(self.pages, page)
        articles = (
            Article.objects.published()
            .filter(Q(page=page) | Q(continued_on=page))
            .for_listing()
            .in_print_order()
        )
        return super().get_context_data(
            issue=page.issue,
            pages=self.pages,
            page_articles=[article for article in articles if article.page_id == page.pk],
            continued_articles=[article for article in articles if article.page_id != page.pk],
            previous_page=previous_page,
            next_page=next_page,
            **kwargs,
        )


class ArticleDetailView(DetailView):
    """An article. Staff may preview one readers cannot see yet: a banner, and never cached."""

    template_name = "reader/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        articles = (
            Article.objects.with_visibility()
            .for_listing()
            .select_related("page__issue", "continued_on__issue", "continued_on__section")
            .prefetch_related("images", "tags")
        )
        if self.request.user.is_staff:
            return articles
        return articles.published()

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        if not article.is_published and not rules.can_preview(self.request.user, article):
            raise Http404("没有这篇稿件。")
        return article

    def get_context_data(self, **kwargs):
        article = self.object
        visible = Article.objects.published()
        previous_article = next_article = None
        if article.issue_id:
            sequence = list(
                visible.filter(issue=article.issue_id).in_print_order().only("pk", "title")
            )
            previous_article, next_article = neighbours(sequence, article)
        images = article.images.all()
        captions = {image.caption for image in images}
        return super().get_context_data(
            # A photo story's text is often its photo's caption: say it once, under the photo.
            blocks=[block for block in article.blocks if block["text"] not in captions],
            uploaded_images=[image for image in images if image.file],
            previous_article=previous_article,
            next_article=next_article,
            related_articles=visible.related_to(article),
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if not self.object.is_published:
            add_never_cache_headers(response)
        return response


class ArticleListView(ListView):
    """A paginated list of published articles, newest first, narrowed by ``filter_articles``."""

    paginate_by = 20
    context_object_name = "articles"

    def filter_articles(self, articles):
        return articles

    def get_queryset(self):
        return self.filter_articles(Article.objects.published().for_listing())

    def get_description(self):
        return ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        number = context["page_obj"].number
        context["canonical_path"] = self.request.path + (f"?page={number}" if number > 1 else "")
        context["description"] = self.get_description()
        return context


class SectionView(ArticleListView):
    template_name = "reader/section_detail.html"

    def filter_articles(self, articles):
        self.section = get_object_or_404(Section.objects.published(), slug=self.kwargs["slug"])
        return articles.filter(section=self.section)

    def get_description(self):
        return self.section.description or f"{self.section.name}栏目的稿件。"

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class ReporterView(ArticleListView):
    """A reporter's articles, newest first; ``?role=photographer`` narrows them to one role."""

    template_name = "reader/reporter_detail.html"

    def filter_articles(self, articles):
        self.reporter = get_object_or_404(Reporter.objects.published(), slug=self.kwargs["slug"])
        role = self.request.GET.get("role")
        self.role = role if role in Byline.Role.values else None
        return articles.by_reporter(self.reporter, self.role)

    def get_description(self):
        return self.reporter.bio or f"{self.reporter.name}署名的稿件。"

    def get_context_data(self, **kwargs):
        counts = dict(
            Byline.objects.filter(reporter=self.reporter, article__in=Article.objects.published())
            .values_list("role")
            .annotate(articles=Count("article", distinct=True))
            .order_by()
        )
        roles = [
            {"value": value, "label": label, "count": counts[value]}
            for value, label in Byline.Role.choices
            if value in counts
        ]
        return super().get_context_data(
            reporter=self.reporter, role=self.role, roles=roles, **kwargs
        )


class TagView(ArticleListView):
    template_name = "reader/tag_detail.html"

    def filter_articles(self, articles):
        self.tag = get_object_or_404(published_tags(), slug=self.kwargs["slug"])
        return articles.filter(tags=self.tag)

    def get_description(self):
        return f"标签“{self.tag.name}”下的稿件。"

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)
