"""Sitemaps for search engines, over the same ``published()`` querysets as the pages.

Every page readers reach is listed: the home page and the archive's years, articles (with
their photos as image entries), issues, their pages (版面), sections, tags and reporters.
``lastmod`` is when what the page shows last changed: an article's own time (an edit of
its text, bylines or photos moves it), and for a list the newest change among the
articles it shows. ``NewsSitemap`` lists the articles of the last two days with the Google
News fields (rendered by templates/jinja2/reader/sitemaps/news.xml).
"""

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from ..models import Article, Image, Issue, Page, Reporter, Section, published_tags


def newest_change(*conditions, **links):
    """The latest ``updated_at`` of the published articles matching ``links`` (to
    ``OuterRef("pk")``), as a subquery: when a list of them last changed."""
    newest = Article.objects.published().filter(*conditions, **links).order_by("-updated_at")
    return Subquery(newest.values("updated_at")[:1])


class LastModifiedSitemap(Sitemap):
    """``lastmod`` from ``updated_at``; the index's latest change in one query instead of
    loading every item."""

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class ArticleListSitemap(Sitemap):
    """Pages that list articles (a section, a tag, a reporter, a printed page): changed
    when the newest of their articles changed."""

    # The published articles that are on one of these lists at all: the newest change among
    # them is the newest change of any list (the index asks it in one plain aggregate).
    listed = Q()

    def annotated(self, queryset):
        raise NotImplementedError

    def items(self):
        return self.annotated(self.queryset()).order_by("pk")

    def lastmod(self, item):
        return item.last_change

    def get_latest_lastmod(self):
        articles = Article.objects.published().filter(self.listed)
        return articles.aggregate(latest=Max("updated_at"))["latest"]


class HomeSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        years = Issue.objects.published().dates("date", "year", order="DESC")
        return [("articles:home", {}), ("articles:archive", {})] + [
            ("articles:archive_year", {"year": day.year}) for day in years
        ]

    def location(self, item):
        name, kwargs = item
        return reverse(name, kwargs=kwargs)


class ArticleSitemap(LastModifiedSitemap):
    changefreq = "weekly"
    priority = 0.8
    # Pages of 2,000 (the index lists each, ?p=2…): one request never builds 50,000 URLs.
    limit = 2000

    def items(self):
        return (
            Article.objects.published()
            .only("pk", "updated_at")
            .order_by("-publish_at", "-pk")
            .prefetch_related(
                Prefetch(
                    "images",
                    queryset=Image.objects.with_photo(),
                    to_attr="uploaded_photos",
                )
            )
        )


class IssueSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        issues = Issue.objects.published().annotate(last_change=newest_change(issue=OuterRef("pk")))
        return issues.order_by("-date")

    def lastmod(self, item):
        return max(filter(None, (item.updated_at, item.last_change)))

    def get_latest_lastmod(self):
        latest = self.items().aggregate(issue=Max("updated_at"), article=Max("last_change"))
        return max(filter(None, latest.values()), default=None)


class PageSitemap(ArticleListSitemap):
    """The pages (版面) of the issues readers may open."""

    changefreq = "weekly"
    priority = 0.5
    listed = Q(page__isnull=False) | Q(continued_on__isnull=False)

    def queryset(self):
        return Page.objects.published().select_related("issue")

    def annotated(self, pages):
        on_page = Q(page=OuterRef("pk")) | Q(continued_on=OuterRef("pk"))
        return pages.annotate(last_change=newest_change(on_page))


class SectionSitemap(ArticleListSitemap):
    changefreq = "daily"
    priority = 0.5
    listed = Q(section__isnull=False)

    def queryset(self):
        return Section.objects.published()

    def annotated(self, sections):
        return sections.annotate(last_change=newest_change(section=OuterRef("pk")))


class TagSitemap(ArticleListSitemap):
    changefreq = "weekly"
    priority = 0.3
    listed = Q(tags__isnull=False)

    def queryset(self):
        return published_tags()

    def annotated(self, tags):
        return tags.annotate(last_change=newest_change(tags=OuterRef("pk")))

    def location(self, item):
        return reverse("articles:tag", kwargs={"slug": item.slug})


class ReporterSitemap(ArticleListSitemap):
    changefreq = "weekly"
    priority = 0.3
    listed = Q(bylines__isnull=False)

    def queryset(self):
        return Reporter.objects.published()

    def annotated(self, reporters):
        return reporters.annotate(last_change=newest_change(bylines__reporter=OuterRef("pk")))


class NewsSitemap(LastModifiedSitemap):
    """Articles published in the last two days, as Google News asks."""

    days = 2

    def items(self):
        since = timezone.now() - datetime.timedelta(days=self.days)
        return Article.objects.published().filter(publish_at__gte=since).order_by("-publish_at")


# /sitemap.xml lists these sections, each at /sitemap-<section>.xml.
sitemaps = {
    "pages": HomeSitemap,
    "articles": ArticleSitemap,
    "issues": IssueSitemap,
    "epaper": PageSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "reporters": ReporterSitemap,
}
