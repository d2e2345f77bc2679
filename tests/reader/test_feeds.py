"""RSS feeds: the latest published articles, per section, reporter and tag."""

import datetime
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article

from ..conftest import make_article, make_reporter, make_section

pytestmark = pytest.mark.django_db


def items(response):
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ElementTree.fromstring(response.content).find("channel")
    return channel, [item.findtext("title") for item in channel.iter("item")]


@pytest.fixture
def news():
    yaowen = make_section("要闻", slug="yaowen")
    minsheng = make_section("民生", slug="minsheng")
    now = timezone.now()
    lead = make_article(
        "全区专题座谈会召开",
        kicker="助推绿色优特钢产业焕新",
        section=yaowen,
        summary="常州经开区召开座谈会。",
        bylines=["刘懿", "戴雪燕"],
        publish_at=now - datetime.timedelta(hours=1),
    )
    lead.tags.add("新质生产力")
    make_article(
        "民生稿件",
        section=minsheng,
        bylines=["何美欣"],
        publish_at=now - datetime.timedelta(hours=2),
    )
    make_article("草稿稿件", status=Article.Status.DRAFT, section=yaowen, bylines=["刘懿"])
    make_article("待审稿件", status=Article.Status.REVIEW, section=yaowen, bylines=["刘懿"])
    hidden = make_article(
        "定时稿件", section=yaowen, bylines=["刘懿"], publish_at=now + datetime.timedelta(hours=1)
    )
    hidden.tags.add("新质生产力")
    return {"yaowen": yaowen, "lead": lead}


def test_latest_articles_newest_first_without_hidden_ones(client, news):
    channel, titles = items(client.get(reverse("articles:feed")))
    assert titles == ["助推绿色优特钢产业焕新 全区专题座谈会召开", "民生稿件"]
    assert channel.findtext("language") == "zh-cn"
    item = channel.find("item")
    assert item.findtext("link") == "http://testserver" + news["lead"].get_absolute_url()
    assert item.findtext("description") == "常州经开区召开座谈会。"
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "刘懿 戴雪燕"
    assert [c.text for c in item.findall("category")] == ["要闻", "新质生产力"]


@pytest.mark.parametrize(
    "url",
    [
        reverse("articles:section_feed", args=["yaowen"]),
        reverse("articles:reporter_feed", args=["刘懿"]),
        reverse("articles:tag_feed", args=["新质生产力"]),
    ],
)
def test_section_reporter_and_tag_feeds(client, news, url):
    _, titles = items(client.get(url))
    assert titles == ["助推绿色优特钢产业焕新 全区专题座谈会召开"]


def test_unknown_feed_object_is_not_found(client):
    assert client.get(reverse("articles:section_feed", args=["nope"])).status_code == 404
    assert client.get(reverse("articles:reporter_feed", args=["无此人"])).status_code == 404


def test_pages_announce_their_feeds(client, news):
    home = client.get(reverse("articles:home")).text
    assert '<link rel="alternate" type="application/rss+xml"' in home
    assert f'href="{reverse("articles:feed")}"' in home
    section = client.get(news["yaowen"].get_absolute_url()).text
    assert f'href="{reverse("articles:section_feed", args=["yaowen"])}"' in section
    reporter = client.get(make_reporter("刘懿").get_absolute_url()).text
    assert f'href="{reverse("articles:reporter_feed", args=["刘懿"])}"' in reporter


@pytest.mark.parametrize("n", [1, 6])
def test_queries_fixed_however_many_articles(client, django_assert_num_queries, n):
    section = make_section("要闻", slug="yaowen")
    for i in range(n):
        article = make_article(f"稿件{i}", section=section, bylines=[f"记者{j}" for j in range(n)])
        article.tags.add(*[f"标签{j}" for j in range(n)])
    # 1 articles with their sections, 2 their bylines with reporters, 3 their tags.
    with django_assert_num_queries(3):
        client.get(reverse("articles:feed"))
    # The same after 1 the section.
    with django_assert_num_queries(4):
        client.get(reverse("articles:section_feed", args=["yaowen"]))
