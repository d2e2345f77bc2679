"""The readers' pages through HTTP: what they show, what they hide, how many queries."""

import datetime
import json
import re

import pytest
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.urls import reverse, set_script_prefix
from django.utils import timezone

from articles.desk import images
from articles.models import Article, Byline, Image

from ..conftest import (
    add_photo,
    make_article,
    make_issue,
    make_page,
    make_reporter,
    make_section,
)

pytestmark = pytest.mark.django_db

DRAFT, REVIEW = Article.Status.DRAFT, Article.Status.REVIEW
JUNE_11 = datetime.date(2024, 6, 11)


def in_an_hour():
    return timezone.now() + datetime.timedelta(hours=1)


def hidden_articles(**placement):
    """A draft, an article in review and one scheduled for later: readers see none of them."""
    return [
        make_article("草稿稿件", status=DRAFT, **placement),
        make_article("待审稿件", status=REVIEW, **placement),
        make_article("定时稿件", publish_at=in_an_hour(), **placement),
    ]


def assert_hidden(response):
    for title in ("草稿稿件", "待审稿件", "定时稿件"):
        assert title not in response.text


def text_of(response):
    """The text of the page's main landmark, tags stripped and whitespace collapsed (the
    pages' thumbnails left out: a page without a scan shows its headlines there in
    miniature, as decoration)."""
    main = without_thumbnails(response.text).split('<main id="main"', 1)[1]
    main = main.split("</main>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", main.split(">", 1)[1])).strip()


def without_thumbnails(html):
    return re.sub(r'<nav class="page-thumbnails".*?</nav>', "", html, flags=re.S)


def json_ld(response):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S)
    return json.loads(match.group(1))


@pytest.fixture
def paper():
    """An issue of two pages with articles in print order, between two other issues."""
    yaowen = make_section("要闻", slug="yaowen")
    minsheng = make_section("民生", slug="minsheng", position=1)
    issue = make_issue(JUNE_11, number=3699)
    page1, page2 = make_page(issue, 1, yaowen), make_page(issue, 2, minsheng)
    lead = make_article(
        "全区专题座谈会召开",
        kicker="助推绿色优特钢产业焕新",
        subtitle="政企同心锻造新质生产力",
        dateline="本报讯",
        body="6月6日，常州经开区召开座谈会。\n\n会上，企业代表先后发言。",
        issue=issue,
        page=page1,
        continued_on=page2,
        position=0,
        bylines=["刘懿", "戴雪燕", ("何美欣", Byline.Role.CORRESPONDENT)],
    )
    lead.tags.add("新质生产力", "优特钢")
    second = make_article("第二篇稿件", issue=issue, page=page1, position=1)
    third = make_article("民生版稿件", issue=issue, page=page2, position=2)
    third.tags.add("新质生产力")
    earlier = make_issue(datetime.date(2024, 6, 7), number=3698)
    make_article("上一期稿件", issue=earlier, page=make_page(earlier, 1, yaowen))
    later = make_issue(datetime.date(2024, 6, 14), number=3700)
    make_article("下一期稿件", issue=later, page=make_page(later, 1, yaowen))
    return {
        "issue": issue,
        "pages": [page1, page2],
        "articles": [lead, second, third],
        "earlier": earlier,
        "later": later,
    }


class TestHome:
    def test_latest_issue_lead_stories_pages_and_recent_articles(self, client, paper):
        make_article("网站独家稿件")  # web-only: no issue
        response = client.get(reverse("articles:home"))
        assert response.status_code == 200
        text = text_of(response)
        assert "2024年6月14日 星期五 第3700期" in text
        assert "下一期稿件" in text
        assert "网站独家稿件" in text
        assert 'href="/issues/2024-06-14/1/"' in response.text
        assert f'href="{reverse("articles:archive")}"' in response.text

    def test_an_issue_whose_articles_are_all_hidden_is_not_the_latest(self, client, paper):
        future_issue = make_issue(datetime.date(2024, 6, 18))
        hidden_articles(issue=future_issue)
        response = client.get(reverse("articles:home"))
        assert "2024年6月18日" not in response.text
        assert_hidden(response)

    def test_an_issue_without_pages_lists_no_pages(self, client):
        make_article("未排版面的稿件", issue=make_issue(JUNE_11))
        response = client.get(reverse("articles:home"))
        assert "未排版面的稿件" in response.text
        assert "本期版面" not in response.text

    def test_empty_paper(self, client):
        response = client.get(reverse("articles:home"))
        assert response.status_code == 200
        assert "暂无稿件" in response.text

    @pytest.mark.parametrize("n", [1, 6])
    def test_queries_fixed_however_many_articles_and_bylines(
        self, client, django_assert_num_queries, n
    ):
        issue = make_issue(JUNE_11)
        page = make_page(issue, 1)
        for i in range(n):
            make_article(f"稿件{i}", issue=issue, page=page, bylines=[f"记者{j}" for j in range(n)])
            make_article(f"网站稿件{i}", bylines=[f"记者{j}" for j in range(n)])
            story = make_article(f"图片{i}", kind=Article.Kind.PHOTO, bylines=["李焱"])
            for position in range(n):
                add_photo(story, position)
        # 1 latest issues, 2 lead articles + 3 their bylines + 4 their photos, 5 the issue's
        # pages, 6 recent articles + 7 their bylines + 8 their photos, 9 photo stories with
        # a photo + 10 their bylines + 11 their photos, 12 sections for the navigation,
        # 13 the paper's identity (every page: its name, colour and logo).
        with django_assert_num_queries(13):
            client.get(reverse("articles:home"))


class TestArchive:
    def test_calendar_links_only_dates_with_an_issue(self, client, paper):
        only_drafts = make_issue(datetime.date(2024, 6, 20))
        hidden_articles(issue=only_drafts)
        response = client.get(reverse("articles:archive"))
        assert response.status_code == 200
        assert "2024年6月" in response.text
        for day in ("2024-06-07", "2024-06-11", "2024-06-14"):
            assert f'href="/issues/{day}/"' in response.text
        assert 'href="/issues/2024-06-20/"' not in response.text
        assert "<td>20</td>" in response.text  # shown, but not a link
        assert "<td>12</td>" in response.text

    def test_years_and_a_year_without_issues(self, client, paper):
        old = make_issue(datetime.date(2023, 12, 29))
        make_article("去年稿件", issue=old)
        response = client.get(reverse("articles:archive"))
        assert 'href="/issues/2023/"' in response.text
        assert "2023年12月" not in response.text  # the latest year is shown first
        response = client.get(reverse("articles:archive_year", args=[2023]))
        assert 'href="/issues/2023-12-29/"' in response.text
        assert client.get(reverse("articles:archive_year", args=[2022])).status_code == 404

    def test_queries(self, client, paper, django_assert_num_queries):
        # 1 the years with issues, 2 the issues of the year, 3 sections for the navigation,
        # 4 the paper's identity.
        with django_assert_num_queries(4):
            client.get(reverse("articles:archive"))


class TestIssue:
    def test_masthead_pages_in_order_and_their_articles(self, client, paper):
        hidden_articles(issue=paper["issue"], page=paper["pages"][0])
        response = client.get(paper["issue"].get_absolute_url())
        assert response.status_code == 200
        text = text_of(response)
        assert "2024年6月11日 星期二 第3699期" in text
        html = without_thumbnails(response.text)
        assert html.index('id="page-1"') < html.index("全区专题座谈会召开")
        assert html.index("第二篇稿件") < html.index('id="page-2"') < html.index("民生版稿件")
        assert "助推绿色优特钢产业焕新" in text and "政企同心锻造新质生产力" in text
        assert_hidden(response)

    def test_previous_and_next_issue(self, client, paper):
        response = client.get(paper["issue"].get_absolute_url())
        assert 'href="/issues/2024-06-07/"' in response.text
        assert 'href="/issues/2024-06-14/"' in response.text
        assert "上一期" in response.text and "下一期" in response.text

    def test_previous_and_next_skip_issues_readers_cannot_see(self, client, paper):
        hidden_articles(issue=make_issue(datetime.date(2024, 6, 9)))
        response = client.get(paper["issue"].get_absolute_url())
        assert 'href="/issues/2024-06-09/"' not in response.text
        assert 'href="/issues/2024-06-07/"' in response.text

    def test_an_issue_with_only_hidden_articles_is_not_found(self, client):
        issue = make_issue(JUNE_11)
        hidden_articles(issue=issue)
        assert client.get(issue.get_absolute_url()).status_code == 404

    def test_unknown_and_impossible_dates_are_not_found(self, client):
        assert client.get("/issues/2024-06-30/").status_code == 404
        assert client.get("/issues/2024-02-30/").status_code == 404

    @pytest.mark.parametrize("n", [1, 6])
    def test_queries_fixed_however_many_articles(self, client, django_assert_num_queries, n):
        issue = make_issue(JUNE_11)
        for number in range(1, n + 1):
            page = make_page(issue, number)
            for i in range(n):
                make_article(
                    f"稿件{number}-{i}", issue=issue, page=page, bylines=["刘懿", "戴雪燕"]
                )
        # 1 the issue, 2 its articles with their pages + 3 their bylines + 4 their photos,
        # 5 its pages readers may see with their scans (thumbnails), 6 the previous issue,
        # 7 the next issue, 8 sections for the navigation, 9 the paper's identity.
        with django_assert_num_queries(9):
            client.get(issue.get_absolute_url())


class TestPage:
    def test_articles_of_the_page_and_those_continued_onto_it(self, client, paper):
        page2 = paper["pages"][1]
        response = client.get(page2.get_absolute_url())
        assert response.status_code == 200
        text = text_of(response)
        assert "第02版：民生" in text and "民生版稿件" in text
        assert "第二篇稿件" not in text
        assert "接前版" in text and "全区专题座谈会召开" in text  # continued from page 1

    def test_page_navigation_and_previous_next_page(self, client, paper):
        page1, page2 = paper["pages"]
        response = client.get(page1.get_absolute_url())
        assert "版面导航" in response.text
        assert f'href="{page2.get_absolute_url()}"' in response.text
        assert 'rel="next"' in response.text and 'rel="prev"' not in response.text
        response = client.get(page2.get_absolute_url())
        assert 'rel="prev"' in response.text and 'rel="next"' not in response.text

    def test_a_page_with_only_hidden_articles_is_not_found_nor_listed(self, client, paper):
        page3 = make_page(paper["issue"], 3, name="专版")
        hidden_articles(issue=paper["issue"], page=page3)
        assert client.get(page3.get_absolute_url()).status_code == 404
        response = client.get(paper["pages"][1].get_absolute_url())
        assert "第03版" not in response.text
        assert "第03版" not in client.get(paper["issue"].get_absolute_url()).text
        assert client.get("/issues/2024-06-11/9/").status_code == 404

    @pytest.mark.parametrize("n", [1, 6])
    def test_queries_fixed_however_many_articles(self, client, django_assert_num_queries, n):
        issue = make_issue(JUNE_11)
        pages = [make_page(issue, number) for number in range(1, n + 2)]
        for i in range(n):
            make_article(f"稿件{i}", issue=issue, page=pages[1], bylines=["刘懿", "戴雪燕"])
            make_article(f"别版{i}", issue=issue, page=pages[i], continued_on=pages[i + 1])
        # 1 the issue, 2 its pages that readers may see (with their scans), 3 the page's
        # articles and those continued onto it + 4 their bylines + 5 their photos (the page
        # has no scan: it is typeset), 6 the issue's headlines for the pages' thumbnails,
        # 7 sections for the navigation, 8 the paper's identity.
        with django_assert_num_queries(8):
            client.get(pages[1].get_absolute_url())


class TestArticle:
    def test_print_headline_stack_lede_and_paragraphs(self, client, paper):
        lead = paper["articles"][0]
        response = client.get(lead.get_absolute_url())
        assert response.status_code == 200
        html = response.text
        assert (
            html.index('class="kicker">助推绿色优特钢产业焕新')
            < html.index("<h1>全区专题座谈会召开</h1>")
            < html.index('class="subtitle">政企同心锻造新质生产力')
        )
        assert "本报讯（记者 刘懿 戴雪燕 通讯员 何美欣）6月6日，常州经开区召开座谈会。" in (
            text_of(response)
        )
        liu = make_reporter("刘懿")
        assert f'<a href="{liu.get_absolute_url()}">刘懿</a>' in html
        assert "<p>会上，企业代表先后发言。</p>" in html

    def test_where_it_was_printed_tags_and_previous_next(self, client, paper):
        lead, second, third = paper["articles"]
        hidden_articles(issue=paper["issue"], page=paper["pages"][0], position=1)
        response = client.get(second.get_absolute_url())
        text = text_of(response)
        assert "刊于 2024年6月11日 第3699期 第01版：要闻" in text
        assert f'href="{lead.get_absolute_url()}"' in response.text  # 上一篇
        assert f'href="{third.get_absolute_url()}"' in response.text  # 下一篇
        assert_hidden(response)
        response = client.get(lead.get_absolute_url())
        assert "转 第02版：民生" in text_of(response)
        assert f'href="{reverse("articles:tag", args=["优特钢"])}"' in response.text
        assert 'rel="prev"' not in response.text and 'rel="next"' in response.text

    def test_related_articles_share_tags_and_are_published(self, client, paper):
        lead = paper["articles"][0]
        hidden = hidden_articles(section=lead.section)
        hidden[0].tags.add("新质生产力")
        response = client.get(lead.get_absolute_url())
        related = response.text.split('id="related-heading"')[1]
        assert related.index("民生版稿件") < related.index("第二篇稿件")  # shared tag first
        assert "草稿稿件" not in related

    def test_related_articles_weigh_only_the_newest_of_a_section_or_tag(self, monkeypatch):
        """However large the archive, an article page weighs a bounded number of candidates:
        an old article of the same section, past the newest few, is not among them; one that
        shares a tag comes from the tag's own newest few."""
        monkeypatch.setattr(Article.objects._queryset_class, "RELATED_CANDIDATES", 3)
        section = make_section("民生", slug="minsheng")
        now = timezone.now()
        old = make_article(
            "同栏目的旧稿", section=section, publish_at=now - datetime.timedelta(days=30)
        )
        old_tagged = make_article("同标签的旧稿", publish_at=now - datetime.timedelta(days=40))
        old_tagged.tags.add("一老一小")
        newer = [
            make_article(
                f"同栏目新稿{i}", section=section, publish_at=now - datetime.timedelta(hours=i + 2)
            )
            for i in range(4)
        ]
        article = make_article("本篇", section=section)
        article.tags.add("一老一小")
        related = list(Article.objects.published().related_to(article, limit=10))
        assert related[0] == old_tagged  # the shared tag first
        assert set(related[1:]) == set(newer[:3])  # the newest three of the section
        assert old not in related

    def test_photos_with_captions_and_one_still_awaited(self, client, paper):
        article = make_article("欢度端午心连心", kind=Article.Kind.PHOTO, body="各族小朋友包粽子。")
        Image.objects.create(article=article, caption="各族小朋友包粽子。", position=0)
        photo = Image(article=article, caption="逛端午小集市", credit="李焱 摄", position=1)
        photo.file.save("market.gif", ContentFile(TINY_GIF), save=False)
        photo.save()
        images.make_renditions(photo)  # as the desk does on upload
        response = client.get(article.get_absolute_url())
        html = response.text
        assert html.count("<img") == 1
        assert 'alt="逛端午小集市"' in html and "李焱 摄" in html
        assert text_of(response).count("各族小朋友包粽子。") == 1  # the caption is the story
        assert 'class="photo photo-awaiting"' in html
        assert 'property="og:image"' in html and "summary_large_image" in html
        assert not {"{#", "#}", "{%", "{{"} & set(re.findall(r"\{[#%{]|#\}", text_of(response)))

    def test_photo_story_credit_links_the_photographers_once(self, client):
        article = make_article(
            "高考再见，未来你好！",
            kind=Article.Kind.PHOTO,
            bylines=[("李焱", Byline.Role.TEXT_AND_PHOTO), ("刘嘉琪", Byline.Role.TEXT_AND_PHOTO)],
        )
        Image.objects.create(article=article, caption="考生走出考点", credit="李焱 刘嘉琪 图文报道")
        response = client.get(article.get_absolute_url())
        assert text_of(response).count("李焱 刘嘉琪 图文报道") == 1
        assert f'href="{make_reporter("刘嘉琪").get_absolute_url()}"' in response.text

    def test_metadata_canonical_open_graph_and_json_ld(self, client, paper):
        lead = paper["articles"][0]
        url = lead.get_absolute_url()
        response = client.get(url)
        html = response.text
        assert f'<link rel="canonical" href="http://testserver{url}">' in html
        assert '<meta property="og:type" content="article">' in html
        assert '<meta property="og:title" content="全区专题座谈会召开">' in html
        assert '<meta name="description" content="6月6日，常州经开区召开座谈会。">' in html
        assert '<meta property="article:tag" content="优特钢">' in html
        data = json_ld(response)
        assert data["@type"] == "NewsArticle"
        assert data["headline"] == "全区专题座谈会召开"
        assert data["dateline"] == "本报讯"
        assert [author["name"] for author in data["author"]] == ["刘懿", "戴雪燕", "何美欣"]
        assert data["datePublished"] == timezone.localtime(lead.publish_at).isoformat(
            "T", "seconds"
        )
        assert "dateModified" in data
        assert data["printEdition"] == "2024年6月11日 第3699期"
        assert data["printPage"] == "1"
        assert data["printSection"] == "要闻"

    def test_web_only_article_has_no_print_fields(self, client):
        article = make_article("网站独家稿件")
        data = json_ld(client.get(article.get_absolute_url()))
        assert not {"printEdition", "printPage", "printSection"} & set(data)

    def test_canonical_url_is_stable_across_title_edits(self, client, paper):
        lead = paper["articles"][0]
        url = lead.get_absolute_url()
        lead.title = "改过的标题"
        lead.save()
        assert lead.get_absolute_url() == url
        assert "改过的标题" in client.get(url).text

    @pytest.mark.parametrize(
        "status,publish_at", [(DRAFT, None), (REVIEW, None), ("published", "later")]
    )
    def test_hidden_articles_are_not_found_for_readers(self, client, status, publish_at):
        article = make_article(
            "未发布稿件", status=status, publish_at=in_an_hour() if publish_at else None
        )
        response = client.get(article.get_absolute_url())
        assert response.status_code == 404
        assert "未发布稿件" not in response.text

    @pytest.mark.parametrize(
        "status,publish_at", [(DRAFT, None), (REVIEW, None), ("published", "later")]
    )
    def test_staff_preview_with_banner_and_never_cached(
        self, client, editor_user, status, publish_at
    ):
        article = make_article(
            "未发布稿件", status=status, publish_at=in_an_hour() if publish_at else None
        )
        client.force_login(editor_user)
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        assert 'class="banner-unpublished"' in response.text and "未发布" in response.text
        directives = {d.strip() for d in response.headers["Cache-Control"].split(",")}
        assert {"no-cache", "no-store", "must-revalidate", "private"} <= directives

    def test_reporters_preview_their_own_drafts_only(self, client, reporter):
        own = make_article("我的草稿", status=DRAFT, created_by=reporter)
        others = make_article("别人的草稿", status=DRAFT)
        client.force_login(reporter)
        assert client.get(own.get_absolute_url()).status_code == 200
        response = client.get(others.get_absolute_url())
        assert response.status_code == 404
        assert "别人的草稿" not in response.text

    def test_staff_see_published_articles_without_the_banner(self, client, editor_user, paper):
        client.force_login(editor_user)
        response = client.get(paper["articles"][0].get_absolute_url())
        assert "banner-unpublished" not in response.text
        assert "no-store" not in response.headers.get("Cache-Control", "")

    @pytest.mark.parametrize("n", [1, 6])
    def test_queries_fixed_however_many_bylines_images_tags(
        self, client, django_assert_num_queries, n
    ):
        issue = make_issue(JUNE_11)
        page = make_page(issue, 1, make_section("要闻", slug="yaowen"))
        article = make_article(
            "稿件",
            issue=issue,
            page=page,
            continued_on=make_page(issue, 2),
            bylines=[f"记者{i}" for i in range(n)],
            images=n,
        )
        article.tags.add(*[f"标签{i}" for i in range(n)])
        for i in range(n):
            make_article(f"同期{i}", issue=issue, page=page, position=i + 1).tags.add("标签0")
        # 1 the article with its issue, pages, section and areas on the printed pages,
        # 2 its bylines with reporters, 3 its images, 4 its tags, 5 the issue's sequence
        # for 上一篇/下一篇, 6 related articles, 7 sections for the navigation, 8 the paper's
        # identity.
        with django_assert_num_queries(8):
            client.get(article.get_absolute_url())


@pytest.fixture
def many_articles():
    """25 published articles in one section by one reporter with one tag, newest last."""
    section = make_section("民生", slug="minsheng")
    start = timezone.now() - datetime.timedelta(days=30)
    articles = []
    for i in range(25):
        article = make_article(
            f"第{i:02d}篇",
            section=section,
            publish_at=start + datetime.timedelta(days=i),
            bylines=[("刘懿", Byline.Role.PHOTOGRAPHER if i % 5 == 0 else Byline.Role.REPORTER)],
        )
        article.tags.add("一老一小")
        articles.append(article)
    hidden = hidden_articles(section=section, bylines=["刘懿"])
    for article in hidden:
        article.tags.add("一老一小")
    return {"section": section, "reporter": make_reporter("刘懿"), "articles": articles}


LISTS = {
    "section": lambda data: data["section"].get_absolute_url(),
    "reporter": lambda data: data["reporter"].get_absolute_url(),
    "tag": lambda data: reverse("articles:tag", kwargs={"slug": "一老一小"}),
}


class TestLists:
    @pytest.mark.parametrize("kind", LISTS)
    def test_newest_first_paginated_without_hidden_articles(self, client, many_articles, kind):
        url = LISTS[kind](many_articles)
        first = client.get(url)
        assert first.status_code == 200
        text = text_of(first)
        assert text.index("第24篇") < text.index("第05篇")
        assert "第04篇" not in text  # on page 2
        assert_hidden(first)
        second = client.get(url, {"page": 2})
        assert "第04篇" in second.text and "第00篇" in second.text
        assert f'<link rel="canonical" href="http://testserver{url}?page=2">' in second.text
        assert client.get(url, {"page": 3}).status_code == 404

    @pytest.mark.parametrize("kind", LISTS)
    def test_unknown_slug_is_not_found(self, client, kind):
        url = {"section": "/sections/nope/", "reporter": "/reporters/无此人/", "tag": "/tags/无/"}
        assert client.get(url[kind]).status_code == 404

    def test_reporter_page_by_role(self, client, many_articles):
        url = many_articles["reporter"].get_absolute_url()
        response = client.get(url)
        assert "记者 20" in response.text and "摄影 5" in response.text
        photos = client.get(url, {"role": "photographer"})
        assert "第20篇" in photos.text and "第21篇" not in photos.text
        assert client.get(url, {"role": "bogus"}).status_code == 200

    @pytest.mark.parametrize("kind,queries", [("section", 7), ("reporter", 8), ("tag", 7)])
    @pytest.mark.parametrize("n", [1, 6])
    def test_queries_fixed_however_many_articles_and_bylines(
        self, client, django_assert_num_queries, kind, queries, n
    ):
        section = make_section("民生", slug="minsheng")
        for i in range(n):
            article = make_article(
                f"稿件{i}", section=section, bylines=["刘懿"] + [f"记者{j}" for j in range(n)]
            )
            article.tags.add("一老一小")
        data = {"section": section, "reporter": make_reporter("刘懿")}
        # 1 the section/reporter/tag, 2 the count for pagination, 3 the page of articles
        # + 4 their bylines + 5 their photos, 6 sections for the navigation, 7 the paper's
        # identity; a reporter's page adds 8 the count of their articles in each role.
        with django_assert_num_queries(queries):
            client.get(LISTS[kind](data))


class TestSiteWide:
    def test_landmarks_skip_link_and_section_navigation(self, client, paper):
        response = client.get(reverse("articles:home"))
        html = response.text
        for landmark in ('<header class="masthead">', "<nav", '<main id="main"', "<footer"):
            assert landmark in html
        assert '<a class="skip-link" href="#main">' in html
        assert 'href="/sections/yaowen/"' in html and 'href="/sections/minsheng/"' in html

    def test_links_follow_the_script_prefix_the_site_is_served_under(self, client, paper):
        """Links are remembered (``articles.links``) per script prefix: the same page served
        under /paper/ (as a WSGI server mounting it there sets) and at the root links within
        itself each time."""
        article = paper["articles"][0]
        for prefix in ("", "/paper", ""):
            set_script_prefix(prefix + "/")
            try:
                html = client.get(article.get_absolute_url()).text
            finally:
                set_script_prefix("/")
            assert f'href="{prefix}/sections/yaowen/"' in html
            assert f'href="{prefix}/issues/"' in html
            if not prefix:
                assert 'href="/paper/' not in html

    def test_404_in_the_site_style(self, client):
        response = client.get("/no-such-page/")
        assert response.status_code == 404
        assert "页面不存在" in response.text and 'class="masthead"' in response.text

    def test_500_needs_neither_request_nor_database(self, django_assert_num_queries):
        with django_assert_num_queries(0):
            html = render_to_string("500.html")
        assert "服务暂时不可用" in html and "常州经开区报" in html

    def test_robots_txt_points_to_the_sitemaps(self, client):
        response = client.get("/robots.txt")
        assert response["Content-Type"].startswith("text/plain")
        assert "Disallow: /admin/" in response.text
        assert "Sitemap: http://testserver/sitemap.xml" in response.text
        assert "Sitemap: http://testserver/sitemap-news.xml" in response.text


# The smallest GIF: a photo file the test can upload.
TINY_GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def test_pages_speak_chinese_in_beijing_time(client):
    """A story published at 22:30 UTC reads as 06:30 the next morning, in Chinese, and the
    page says what language it is in: the site is Chinese and on China's clock by default."""
    moment = datetime.datetime(2024, 6, 8, 22, 30, tzinfo=datetime.UTC)
    article = make_article("端午假期安全提示", publish_at=moment)
    response = client.get(article.get_absolute_url())
    assert '<html lang="zh-Hans">' in response.text
    assert "2024年6月9日 06:30" in text_of(response)


def test_subheads_and_the_editors_note_are_printed_as_such(client):
    article = make_article(
        "乡村振兴进行时",
        dateline="本报讯",
        bylines=["刘懿"],
        editors_note="今年以来，我区持续推进乡村振兴。本报今起推出系列报道。",
        body="## 田间地头话振兴\n\n春耕时节，田野一派忙碌。\n\n## 产业兴旺\n\n合作社带动农户增收。",
    )
    response = client.get(article.get_absolute_url())
    html = response.text
    note = html.index('<aside class="editors-note"')
    first_subhead = html.index('<h2 class="subhead">田间地头话振兴</h2>')
    assert note < first_subhead < html.index('<h2 class="subhead">产业兴旺</h2>')
    assert '<strong id="editors-note-label">编者按</strong>' in html
    # The lede still opens the story, before the first subhead, in a paragraph of its own.
    lede = html.index('<span class="dateline">本报讯')
    assert lede < first_subhead
    assert "<p>春耕时节，田野一派忙碌。</p>" in html
    assert "<p></p>" not in html
