"""Sitemaps for search engines: only what readers may see."""

import datetime
from xml.etree import ElementTree

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from articles.editing import revisions
from articles.models import Article

from ..conftest import add_photo, make_article, make_issue, make_page, make_section

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
    for name in ("pages", "articles", "issues", "epaper", "sections", "tags", "reporters"):
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
        add_photo(make_article(f"图片稿件{i}"), renditions=False)
    # 1 the count for the sitemap's pages, 2 the articles + 3 their photos.
    with django_assert_num_queries(3):
        client.get("/sitemap-articles.xml")
    # The index: 1 the archive's years; the number of pages of 2 articles, 3 issues,
    # 4 printed pages, 5 sections, 6 tags, 7 reporters and 8 news, and the latest change of
    # 9 articles, 10 issues, 11 printed pages, 12 sections, 13 tags, 14 reporters, 15 news
    # (never every item).
    with django_assert_num_queries(15):
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


IMAGE = "{http://www.google.com/schemas/sitemap-image/1.1}"


def entries(response):
    """``{location: (lastmod, [image locations])}`` of a sitemap."""
    root = ElementTree.fromstring(response.content)
    return {
        url.findtext("sm:loc", namespaces=NS): (
            url.findtext("sm:lastmod", namespaces=NS),
            [image.findtext(f"{IMAGE}loc") for image in url.iter(f"{IMAGE}image")],
        )
        for url in root.iterfind("sm:url", NS)
    }


def test_pages_tags_and_the_archive_readers_may_see(client, site):
    site["fresh"].tags.add("宋剑湖")
    site["hidden"][2].tags.add("未公开")
    hidden_page = make_page(site["hidden"][0].issue, 1)
    site["hidden"][0].page = hidden_page
    site["hidden"][0].save()
    pages = locations(client.get("/sitemap-epaper.xml"))
    assert pages == ["http://testserver/issues/2024-06-11/1/"]
    tags = locations(client.get("/sitemap-tags.xml"))
    assert tags == ["http://testserver/tags/%E5%AE%8B%E5%89%91%E6%B9%96/"]
    home = locations(client.get("/sitemap-pages.xml"))
    assert home == [
        "http://testserver/",
        "http://testserver/issues/",
        "http://testserver/issues/2024/",
    ]


def test_articles_list_their_photos_and_lastmod_moves_with_a_photo(client, site):
    article = site["fresh"]
    url = "http://testserver" + article.get_absolute_url()
    before = entries(client.get("/sitemap-articles.xml"))[url]
    assert before[1] == []
    lists = {
        name: entries(client.get(f"/sitemap-{name}.xml"))
        for name in ("sections", "epaper", "issues", "reporters")
    }
    Article.objects.filter(pk=article.pk).update(
        updated_at=article.updated_at - datetime.timedelta(hours=1)
    )
    with transaction.atomic(), revisions.edit(article, None):
        photo = add_photo(article, caption="湖边", size=(400, 300), renditions=True)
    lastmod, images = entries(client.get("/sitemap-articles.xml"))[url]
    assert images == ["http://testserver" + photo.display_url]
    assert lastmod > before[0]
    # Every list showing it: its section, its printed page, its issue, its reporter.
    for name, earlier in lists.items():
        now = entries(client.get(f"/sitemap-{name}.xml"))
        assert now.keys() == earlier.keys()
        assert max(m for m, _ in now.values()) > max(m for m, _ in earlier.values()), name


def test_the_index_dates_each_sitemap_by_its_newest_change(client, site):
    """The index's lastmod of a list sitemap is the newest lastmod it lists."""
    site["fresh"].tags.add("宋剑湖")
    root = ElementTree.fromstring(client.get(reverse("articles:sitemap")).content)
    index = {
        entry.findtext("sm:loc", namespaces=NS): entry.findtext("sm:lastmod", namespaces=NS)
        for entry in root.iterfind("sm:sitemap", NS)
    }
    for name in ("sections", "tags", "reporters", "epaper", "issues"):
        listed = entries(client.get(f"/sitemap-{name}.xml"))
        newest = max(lastmod for lastmod, _ in listed.values())
        assert index[f"http://testserver/sitemap-{name}.xml"] == newest, name
