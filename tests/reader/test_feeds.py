"""RSS feeds: the latest published articles, per section, reporter and tag."""

import datetime
from xml.etree import ElementTree

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from articles.editing import revisions
from articles.models import Article

from ..conftest import add_photo, make_article, make_reporter, make_section

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
        add_photo(article)
    # 1 the items' keys and times (the validators), 2 articles with their sections, 3 their
    # bylines with reporters, 4 their photos, 5 their tags, 6 the paper's name.
    with django_assert_num_queries(6):
        client.get(reverse("articles:feed"))
    # The same after 1 the section.
    with django_assert_num_queries(7):
        client.get(reverse("articles:section_feed", args=["yaowen"]))


# Whole articles, photos, and asking again -------------------------------------------------

CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


@pytest.fixture
def story():
    """A published article with a subhead, characters HTML must escape, and two photos."""
    article = make_article(
        "宋剑湖<生态>保护",
        dateline="本报讯",
        bylines=["刘懿", ("李焱", "photographer")],
        body=[
            {"type": "paragraph", "text": "第一段 & 序。"},
            {"type": "subhead", "text": "田间地头话振兴"},
            {"type": "paragraph", "text": "第二段<b>不是标签</b>。"},
        ],
    )
    photo = add_photo(article, caption="湖边的白鹭", size=(640, 480), renditions=True)
    add_photo(article, position=1, caption="第二张")
    return article, photo


def test_items_carry_the_whole_article_as_escaped_html(client, story):
    _, photo = story
    response = client.get(reverse("articles:feed"))
    item = ElementTree.fromstring(response.content).find("channel/item")
    html = item.findtext(CONTENT)
    assert "<p>本报讯（记者 刘懿）第一段 &amp; 序。</p>" in html
    assert "<h3>田间地头话振兴</h3>" in html
    assert "<p>第二段&lt;b&gt;不是标签&lt;/b&gt;。</p>" in html
    assert "李焱 摄" in html
    # The first photo leads the content, by its resized copy, and is the enclosure.
    url = "http://testserver" + photo.display_url
    assert html.startswith(f'<figure><img src="{url}" width="640" height="480"')
    assert "第二张" not in html
    enclosure = item.find("enclosure")
    assert enclosure.get("url") == url and enclosure.get("type") == "image/jpeg"
    assert int(enclosure.get("length")) > 0
    assert item.findtext("title") == "宋剑湖<生态>保护"


def test_feedparser_reads_every_feed_without_complaint(client, story, news):
    feedparser = pytest.importorskip("feedparser")
    urls = [
        reverse("articles:feed"),
        reverse("articles:section_feed", args=["yaowen"]),
        reverse("articles:reporter_feed", args=["刘懿"]),
        reverse("articles:tag_feed", args=["新质生产力"]),
    ]
    for url in urls:
        parsed = feedparser.parse(client.get(url).content)
        assert not parsed.bozo, (url, parsed.get("bozo_exception"))
        assert parsed.entries and parsed.feed.language == "zh-cn"
    entry = feedparser.parse(client.get(urls[0]).content).entries[0]
    assert entry.title == "助推绿色优特钢产业焕新 全区专题座谈会召开"
    photo_entry = next(
        e
        for e in feedparser.parse(client.get(urls[0]).content).entries
        if e.title == "宋剑湖<生态>保护"
    )
    assert "<h3>田间地头话振兴</h3>" in photo_entry.content[0].value
    assert photo_entry.enclosures[0].type == "image/jpeg"


def test_asking_again_is_answered_without_building_the_feed(
    client, story, django_assert_num_queries
):
    url = reverse("articles:feed")
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    # 1 the items' keys and times: nothing more is read, nothing built.
    with django_assert_num_queries(1):
        again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304 and again["ETag"] == etag and not again.content
    with django_assert_num_queries(1):
        assert client.get(url, headers={"if-modified-since": modified}).status_code == 304
    section = make_section("民生", slug="minsheng")
    make_article("民生稿件", section=section)
    section_url = reverse("articles:section_feed", args=["minsheng"])
    tag = client.get(section_url)["ETag"]
    with django_assert_num_queries(2):  # 1 the section, 2 the items' keys and times
        assert client.get(section_url, headers={"if-none-match": tag}).status_code == 304


def test_a_change_readers_see_is_a_new_etag(client, story):
    article, _ = story
    url = reverse("articles:feed")
    before = client.get(url)
    # A photo added (through the one edit): the article's time moves, and the feed's ETag.
    with transaction.atomic(), revisions.edit(article, None):
        add_photo(article, position=2, caption="新图")
    after = client.get(url, headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    # A new article.
    newer = client.get(url, headers={"if-none-match": after["ETag"]})
    assert newer.status_code == 304
    make_article("新发布的稿件")
    assert client.get(url, headers={"if-none-match": after["ETag"]}).status_code == 200
