"""Sitemaps for search engines, over the same ``published()`` querysets as the pages.

``NewsSitemap`` lists the articles of the last two days with the Google News fields
(rendered by templates/sitemaps/news.xml)."""

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from ..models import Article, Issue, Reporter, Section


class LastModifiedSitemap(Sitemap):
    """``lastmod`` from ``updated_at``; the index's latest change in one query instead of
    loading every item."""

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class HomeSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["articles:home", "articles:archive"]

    def location(self, item):
        return reverse(item)


class ArticleSitemap(LastModifiedSitemap):
    changefreq = "weekly"
    priority = 0.8
    # Pages of 2,000 (the index lists each, ?p=2…): one request never builds 50,000 URLs.
    limit = 2000

    def items(self):
        return Article.objects.published().only("pk", "updated_at").order_by("-publish_at", "-pk")


class IssueSitemap(LastModifiedSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Issue.objects.published().order_by("-date")


class SectionSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        return Section.objects.published()


class ReporterSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.3

    def items(self):
        return Reporter.objects.published()


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
    "sections": SectionSitemap,
    "reporters": ReporterSitemap,
}
