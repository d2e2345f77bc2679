"""Readers' search (/search/) over the seed issue, through HTTP.

The suite runs on SQLite and again on PostgreSQL: each query below pins the articles found,
in order, so both databases are held to the very same answers."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from articles.editing import workflow
from articles.models import Article, Revision

from ..conftest import make_article, make_seed_issue

pytestmark = pytest.mark.django_db

SEARCH = reverse("articles:search")

SONGJIANHU = "全市首家三法衔接生态保护区落地宋剑湖"
YAOGUAN = "遥观镇:擦亮环境底色 创建生态新城"
GAOKAO = "高考再见,未来你好!"
DUANWU = "欢度端午心连心"
STEEL = "全区“锻造新质生产力”专题座谈会召开"
STUDY = "区级领导干部党纪学习教育专题读书班(第二阶段)暨党工委理论学习中心组学习会举行"
SMART = "常州经开区“智慧居家”行动持续推进"


@pytest.fixture
def seed():
    return make_seed_issue()


def results(client, query, **filters):
    response = client.get(SEARCH, {"q": query, **filters})
    assert response.status_code == 200
    return [article.title for article in response.context_data["articles"]]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        # In one headline and in another's body: the headline first.
        ("宋剑湖", [SONGJIANHU, YAOGUAN]),
        # Only in the text that continued on another page (下转), joined to the body.
        ("垃圾处理量", [YAOGUAN]),
        ("高考", [GAOKAO]),
        # A reporter's name (bylines, never in the text): newest first, then by id.
        ("刘懿", [SONGJIANHU, STEEL, STUDY]),
        ("钢", [STEEL]),  # one character
        ("端午", [DUANWU]),
        # A phrase: the words side by side, in this order.
        ('"宋剑湖 生态"', [YAOGUAN, SONGJIANHU]),
        ("“生态 宋剑湖”", []),
        # Two terms: both, anywhere in the article.
        ("宋剑湖 检察院", [SONGJIANHU]),
        ("宋剑湖，检察院", [SONGJIANHU]),
        ("端午 高考", []),
        # Digits with Chinese.
        ("2024年", [GAOKAO, STUDY]),
        ("6月5日", [YAOGUAN, SONGJIANHU]),
        ("２０２４年", [GAOKAO, STUDY]),  # full-width digits are the same digits
        ("优特钢", [STEEL]),  # a tag (and the text)
        ("一老一小", [SMART]),
        ("没有这个词", []),
        ("宋剑", [SONGJIANHU, YAOGUAN]),  # part of a word is found too
        ("剑湖宋", []),
    ],
)
def test_queries_over_the_seed_issue(client, seed, query, found):
    assert results(client, query) == found


def test_latin_letters_and_digits_mixed_with_chinese(client):
    make_article("新建5G基站", body="全区新建５Ｇ基站120座，覆盖经开区。")
    make_article("15G流量包", body="每月15G。")
    assert results(client, "5G") == ["新建5G基站"]  # a whole word: not 15G
    assert results(client, "5g基站") == ["新建5G基站"]
    assert results(client, "120座") == ["新建5G基站"]
    assert results(client, "15G") == ["15G流量包"]


def test_a_result_shows_its_title_issue_section_and_a_marked_snippet(client, seed):
    response = client.get(SEARCH, {"q": "垃圾处理量"})
    html = response.text
    assert "找到 1 篇稿件" in html
    item = re.search(r'<li class="article-item">.*?</li>', html, re.S).group()
    assert YAOGUAN in item
    assert "2024年6月9日" in item and "生态" in item  # issue, section
    assert item.count("2024年6月9日") == 1  # the issue of that day is its date, said once
    snippet = re.search(r'<p class="snippet">(.*?)</p>', item, re.S).group(1)
    assert "<mark>垃圾处理量</mark>" in snippet
    assert "常州市近五分之一的<mark>垃圾处理量</mark>" in snippet
    assert len(re.sub(r"<[^>]+>", "", snippet)) <= 112  # a window, with an ellipsis


def test_every_term_is_marked_in_the_snippet(client, seed):
    html = client.get(SEARCH, {"q": "宋剑湖 检察院"}).text
    snippet = re.search(r'<p class="snippet">(.*?)</p>', html, re.S).group(1)
    assert "<mark>宋剑湖</mark>" in snippet or "<mark>检察院</mark>" in snippet


def test_the_query_is_escaped_everywhere(client, seed):
    make_article("<b>粗体</b>标题", body="正文里有<script>alert(1)</script>脚本。")
    html = client.get(SEARCH, {"q": '<script>alert(1)</script> "><img>'}).text
    assert "<script>alert(1)</script>" not in html
    assert "<img>" not in html
    assert "&lt;script&gt;" in html
    html = client.get(SEARCH, {"q": "脚本"}).text
    assert "&lt;b&gt;粗体&lt;/b&gt;标题" in html
    assert "正文里有&lt;script&gt;alert(1)&lt;/script&gt;<mark>脚本</mark>。" in html


@pytest.mark.parametrize("query", [None, "", "   ", "\u3000", "，。！", '""'])
def test_an_empty_query_shows_the_form(client, seed, query):
    response = client.get(SEARCH, {} if query is None else {"q": query})
    assert response.status_code == 200
    assert 'id="search-q"' in response.text
    assert "找到" not in response.text
    assert list(response.context_data["articles"]) == []


def test_filters_by_section_reporter_and_dates(client, seed):
    july = datetime.datetime(2024, 7, 1, 8, tzinfo=datetime.UTC)
    later = make_article("宋剑湖湿地再添新景", publish_at=july)
    assert results(client, "宋剑湖") == [later.title, SONGJIANHU, YAOGUAN]
    assert results(client, "宋剑湖", section="生态") == [SONGJIANHU, YAOGUAN]
    assert results(client, "宋剑湖", reporter="刘懿") == [SONGJIANHU]
    assert results(client, "宋剑湖", start="2024-06-10") == [later.title]
    assert results(client, "宋剑湖", end="2024-06-30") == [SONGJIANHU, YAOGUAN]


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"reporter": "无名氏"}, "没有署名为“无名氏”的记者。"),
        ({"start": "2024-13-01"}, "日期格式应为 2024-06-09。"),
        ({"start": "2024-07-01", "end": "2024-06-01"}, "截止日期不能早于起始日期。"),
        ({"section": "no-such"}, "没有这个栏目。"),
        ({"q": "宋" * 201}, "搜索词最多 200 个字。"),
    ],
)
def test_bad_filters_say_why_in_chinese(client, seed, filters, message):
    response = client.get(SEARCH, {"q": "宋剑湖", **filters})
    assert response.status_code == 200
    assert message in response.text
    assert list(response.context_data["articles"]) == []


def test_results_are_paginated_keeping_the_query_and_filters(client, seed):
    for i in range(23):
        make_article(f"湿地观鸟第{i}期", body="宋剑湖湿地。")
    response = client.get(SEARCH, {"q": "湿地", "section": ""})
    assert "找到 25 篇稿件" in response.text  # and the two of the seed
    assert len(response.context_data["articles"]) == 20
    assert 'href="?q=%E6%B9%BF%E5%9C%B0&amp;section=&amp;page=2"' in response.text
    second = client.get(SEARCH, {"q": "湿地", "section": "", "page": 2})
    assert len(second.context_data["articles"]) == 5
    assert client.get(SEARCH, {"q": "湿地", "page": 9}).status_code == 404


@pytest.mark.parametrize("n", [3, 30])
def test_queries_are_fixed_however_many_results(client, django_assert_max_num_queries, n):
    for i in range(n):
        make_article(f"宋剑湖稿件{i}", bylines=["刘懿", "何美欣"])
        make_article(f"稿件{i}", body="宋剑湖", bylines=["刘懿"])
    # The sections of the form's filter; the word list; the count (up to the cap); the
    # page's ids with the headline's matches ranked, and the rest newest first (not asked
    # when the first fill the page); its articles (issue, page, section joined); their
    # bylines with reporters; their photos (thumbnails); the navigation's sections; the
    # paper's identity.
    with django_assert_max_num_queries(10):
        response = client.get(SEARCH, {"q": "宋剑湖"})
    assert len(response.context_data["articles"]) == min(2 * n, 20)


def test_readers_never_find_a_draft_or_a_scheduled_article(client, seed, editor):
    gaokao = Article.objects.get(title=GAOKAO)
    workflow.move(gaokao, Revision.Move.UNPUBLISH, editor, gaokao.version)
    make_article("高考志愿填报指南", status=Article.Status.DRAFT)
    make_article("高考成绩公布", status=Article.Status.REVIEW)
    assert results(client, "高考") == []


def test_search_pages_are_never_kept_in_the_page_cache(client, seed, editor, settings):
    """Any text may be searched and every publication changes the answers: the page says
    so, and the next search after a change sees it."""
    settings.NEWSROOM_PAGE_CACHE = True
    cache.clear()
    try:
        for params in ({}, {"q": "高考"}):
            response = client.get(SEARCH, params)
            assert "no-store" in response["Cache-Control"]
            assert response.get("X-Cache") != "HIT"
        assert results(client, "高考") == [GAOKAO]
        gaokao = Article.objects.get(title=GAOKAO)
        workflow.move(gaokao, Revision.Move.UNPUBLISH, editor, gaokao.version)
        assert results(client, "高考") == []
    finally:
        cache.clear()


@pytest.mark.parametrize("url", ["/", "/issues/", "/no-such-page/"])
def test_every_reader_page_has_a_search_box(client, seed, url):
    html = client.get(url).text
    form = re.search(r'<form class="site-search" role="search" action="([^"]+)"', html)
    assert form and form.group(1) == SEARCH
    assert 'name="q"' in html


def test_the_404_page_offers_a_search(client):
    response = client.get("/articles/999999/")
    assert response.status_code == 404
    assert 'id="notfound-q"' in response.text


def test_pages_follow_the_rank_across_headline_matches_and_the_rest(client, monkeypatch):
    """The headline's matches are ranked apart from the rest (newest first, read a page at a
    time): page after page, the order is that of sorting every match."""
    from articles.reader.search import SearchView

    monkeypatch.setattr(SearchView, "paginate_by", 3)
    now = timezone.now()
    for i in range(4):
        make_article(f"标题有湿地{i}", publish_at=now - datetime.timedelta(hours=10 + i))
    for i in range(6):
        make_article(f"正文{i}", body="湿地。", publish_at=now - datetime.timedelta(hours=i))
    make_article("两个词都在标题湿地宋剑湖", publish_at=now - datetime.timedelta(days=9))
    make_article("没有", body="别的。")
    headline = [f"标题有湿地{i}" for i in range(4)] + ["两个词都在标题湿地宋剑湖"]
    expected = headline + [f"正文{i}" for i in range(6)]
    pages = [results(client, "湿地", page=n) for n in (1, 2, 3, 4)]
    assert pages[1] == ["标题有湿地3", "两个词都在标题湿地宋剑湖", "正文0"]  # across
    assert [title for page in pages for title in page] == expected
    # Two terms: both in the headline, then one, then none (newest first in each).
    make_article("标题有宋剑湖", body="湿地。", publish_at=now - datetime.timedelta(days=20))
    make_article("都在正文", body="宋剑湖湿地。", publish_at=now)
    make_article("湿地在标题", body="宋剑湖。", publish_at=now - datetime.timedelta(days=1))
    pages = [results(client, "湿地 宋剑湖", page=n) for n in (1, 2)]
    found = [title for page in pages for title in page]
    assert found == ["两个词都在标题湿地宋剑湖", "湿地在标题", "标题有宋剑湖", "都在正文"]


def test_a_count_beyond_the_cap_is_said_so_and_bounds_the_pages(client, monkeypatch):
    from articles.reader.search import SearchView
    from articles.search import results as search_results

    monkeypatch.setattr(search_results, "CAP", 5)
    monkeypatch.setattr(SearchView, "paginate_by", 2)
    now = timezone.now()
    for i in range(8):
        make_article(f"湿地{i}", publish_at=now - datetime.timedelta(hours=i))
    response = client.get(SEARCH, {"q": "湿地"})
    assert "找到超过 5 篇稿件，列出最相关、最新的 5 篇" in response.text
    assert "第 1 / 3 页" in response.text
    assert results(client, "湿地", page=3) == ["湿地4"]
    assert client.get(SEARCH, {"q": "湿地", "page": 4}).status_code == 404
    monkeypatch.setattr(search_results, "CAP", 8)
    assert "找到 8 篇稿件" in client.get(SEARCH, {"q": "湿地"}).text
