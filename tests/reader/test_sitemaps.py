"""Sitemaps for search engines: only what readers may see."""

import datetime
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article

from ..conftest import make_article, make_issue, make_page, make_section

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def locations(response):
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    return [loc.text for loc in root.iterfind(".//sm:loc", NS)]


@pytest.fixture
def site():
    section = make_section("要闻", slug="yaowen")
    issue = make_issue(datetime.date(2024, 6, 11))
    fresh = make_article(
        "新稿件",
        section=section,
        issue=issue,
        page=make_page(issue, 1, section),
        bylines=["刘懿"],
    )
    old = make_article(
        "旧稿件", section=section, publish_at=timezone.now() - datetime.timedelta(days=3)
    )
    hidden_issue = make_issue(datetime.date(2024, 6, 14))
    hidden = [
        make_article("草稿稿件", status=Article.Status.DRAFT, issue=hidden_issue),
        make_article("待审稿件", status=Article.Status.REVIEW, issue=hidden_issue),
        make_article(
            "定时稿件",
            issue=hidden_issue,
            publish_at=timezone.now() + datetime.timedelta(hours=1),
            bylines=["未露面"],
        ),
    ]
    return {"fresh": fresh, "old": old, "hidden": hidden, "issue": issue}


def test_index_lists_every_sitemap(client, site):
    urls = locations(client.get(reverse("articles:sitemap")))
    for name in ("pages", "articles", "issues", "sections", "reporters"):
        assert f"http://testserver/sitemap-{name}.xml" in urls
    assert "http://testserver/sitemap-news.xml" in urls


def test_articles_and_issues_readers_may_see(client, site):
    articles = locations(client.get("/sitemap-articles.xml"))
    assert articles == [
        "http://testserver" + site["fresh"].get_absolute_url(),
        "http://testserver" + site["old"].get_absolute_url(),
    ]
    issues = locations(client.get("/sitemap-issues.xml"))
    assert issues == ["http://testserver/issues/2024-06-11/"]
    # 刘懿 signs a published article; 未露面 only one scheduled for later.
    reporters = locations(client.get("/sitemap-reporters.xml"))
    assert reporters == ["http://testserver/reporters/%E5%88%98%E6%87%BF/"]
    assert locations(client.get("/sitemap-sections.xml")) == ["http://testserver/sections/yaowen/"]


def test_news_sitemap_has_the_last_two_days(client, site):
    response = client.get(reverse("articles:news_sitemap"))
    assert locations(response) == ["http://testserver" + site["fresh"].get_absolute_url()]
    news = ElementTree.fromstring(response.content).find(".//news:news", NS)
    assert news.findtext("news:title", namespaces=NS) == "新稿件"
    assert news.findtext("news:publication/news:name", namespaces=NS) == "常州经开区报"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "zh-cn"
    published = news.findtext("news:publication_date", namespaces=NS)
    assert datetime.datetime.fromisoformat(published) == site["fresh"].publish_at


@pytest.mark.parametrize("n", [1, 6])
def test_queries_fixed_however_many_articles(client, django_assert_num_queries, n):
    for i in range(n):
        make_article(f"稿件{i}")
    # 1 the count for the sitemap's pages, 2 the articles.
    with django_assert_num_queries(2):
        client.get("/sitemap-articles.xml")
    # The index: the number of pages of 1 articles, 2 issues, 3 sections, 4 reporters and
    # 5 news, and the latest change of 6 articles, 7 issues, 8 news (never every item).
    with django_assert_num_queries(8):
        client.get(reverse("articles:sitemap"))


def test_the_articles_sitemap_comes_in_pages(client, monkeypatch):
    """A sitemap page lists a bounded number of articles; the index names every page."""
    from articles.reader.sitemaps import ArticleSitemap

    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    for i in range(5):
        make_article(f"稿件{i}")
    index = locations(client.get(reverse("articles:sitemap")))
    pages = [url for url in index if "sitemap-articles.xml" in url]
    assert pages == [
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-articles.xml?p=2",
        "http://testserver/sitemap-articles.xml?p=3",
    ]
    listed = [locations(client.get(url.removeprefix("http://testserver"))) for url in pages]
    assert [len(page) for page in listed] == [2, 2, 1]
    assert client.get("/sitemap-articles.xml?p=4").status_code == 404
