"""The readers' page cache: anonymous readers are answered from it, without a query, until
something the page shows changes, and then the very next request is fresh; staff always
get fresh pages; a breaking story's page is recomputed by one worker at a time."""

import datetime
import gzip
import io

import brotli
import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from articles.caching import middleware, store
from articles.editing import revisions, workflow
from articles.models import Article, Revision

from ..conftest import SEED, make_article, make_issue, make_page, make_section

pytestmark = pytest.mark.django_db

Status = Article.Status


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.NEWSROOM_PAGE_CACHE = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def paper():
    """Two pages of one issue, an article on each (with a byline, a tag, a section), and an
    article of another issue and section that shows nothing of them."""
    yaowen, minsheng = make_section("要闻", "yaowen"), make_section("民生", "minsheng", 1)
    issue = make_issue(datetime.date(2024, 6, 11), number=3699)
    lead = make_article(
        "全区专题座谈会召开",
        issue=issue,
        page=make_page(issue, 1, yaowen),
        position=0,
        bylines=["刘懿"],
    )
    lead.tags.add("座谈会")
    other = make_article(
        "智能设备护好一老一小", issue=issue, page=make_page(issue, 2, minsheng), position=1
    )
    elsewhere = make_article(
        "高考再见，未来你好", issue=make_issue(datetime.date(2024, 6, 9)), section=minsheng
    )
    return {"issue": issue, "lead": lead, "other": other, "elsewhere": elsewhere}


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """``with commit(): …``: the change, then what happens when its transaction commits
    (here, where the test's own transaction never does): the cache hears of it."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def edit(commit):
    def change(article, **changes):
        with commit(), transaction.atomic(), revisions.edit(article, None, article.version):
            for name, value in changes.items():
                setattr(article, name, value)

    return change


def get(client, url, **headers):
    return client.get(url, headers=headers)


def test_the_second_request_is_answered_without_a_query(client, paper, django_assert_num_queries):
    url = paper["lead"].get_absolute_url()
    first = get(client, url)
    assert first["X-Cache"] == "MISS"
    with django_assert_num_queries(0):
        second = get(client, url)
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content
    assert not second.cookies
    assert second["Vary"] == "Accept-Encoding"  # never Cookie or Accept-Language
    assert second["Cache-Control"].startswith("public, max-age=30, s-maxage=")
    assert "Content-Security-Policy" in second  # the headers every page carries


def test_staff_always_get_fresh_pages(client, editor, paper, edit):
    url = paper["lead"].get_absolute_url()
    get(client, url)
    client.force_login(editor)
    response = get(client, url)
    assert "X-Cache" not in response
    edit(paper["lead"], title="编辑刚改的标题")
    assert "编辑刚改的标题" in get(client, url).text


def test_an_edit_refreshes_exactly_the_pages_that_show_the_article(client, paper, edit):
    lead = paper["lead"]
    showing = [
        lead.get_absolute_url(),
        paper["other"].get_absolute_url(),  # its 上一篇 is the lead
        "/",
        paper["issue"].get_absolute_url(),
        reverse("articles:page", args=[paper["issue"].date, 1]),
        "/sections/yaowen/",
        "/reporters/刘懿/",
        "/tags/座谈会/",
        "/feed/",
    ]
    unrelated = [paper["elsewhere"].get_absolute_url(), "/sections/minsheng/"]
    for url in showing + unrelated:
        assert get(client, url)["X-Cache"] == "MISS", url
    edit(lead, title="专题座谈会召开（更正）")
    for url in showing:
        response = get(client, url)
        assert response["X-Cache"] == "MISS", url
        assert "专题座谈会召开（更正）" in response.text, url
    for url in unrelated:
        assert get(client, url)["X-Cache"] == "HIT", url


def test_publishing_brings_an_article_onto_every_list_at_once(client, editor, paper, commit):
    draft = make_article(
        "刚刚发布的突发新闻",
        status=Status.REVIEW,
        review_stage=2,  # at 终审
        issue=paper["issue"],
        section=paper["lead"].section,
    )
    lists = ["/", "/sections/yaowen/", paper["issue"].get_absolute_url(), "/feed/"]
    for url in lists:
        assert "刚刚发布的突发新闻" not in get(client, url).text
    with commit():
        workflow.move(draft, Revision.Move.PUBLISH, editor, draft.version)
    for url in lists:
        assert "刚刚发布的突发新闻" in get(client, url).text, url
    with commit():
        workflow.move(draft, Revision.Move.UNPUBLISH, editor, draft.version)
    for url in lists:
        assert "刚刚发布的突发新闻" not in get(client, url).text, url
    assert get(client, draft.get_absolute_url()).status_code == 404


def test_an_import_refreshes_the_home_page_and_the_archive(client, commit):
    make_article("旧稿件")
    assert "欢度端午心连心" not in get(client, "/").text
    get(client, "/issues/")
    with commit():
        call_command("import_issue", SEED, stdout=io.StringIO())
    assert "欢度端午心连心" in get(client, "/").text
    assert "2024-06-09" in get(client, "/issues/").text


def test_a_scheduled_article_appears_when_its_time_comes(client, paper, monkeypatch):
    due = timezone.now() + datetime.timedelta(minutes=10)
    make_article("定时发布的稿件", publish_at=due, section=paper["lead"].section)
    response = get(client, "/sections/yaowen/")
    assert "定时发布的稿件" not in response.text
    assert int(response["Cache-Control"].split("s-maxage=")[1].split(",")[0]) <= 600
    later = due + datetime.timedelta(seconds=1)
    monkeypatch.setattr(middleware.time, "time", lambda: later.timestamp())
    monkeypatch.setattr(timezone, "now", lambda: later)
    response = get(client, "/sections/yaowen/")
    assert response["X-Cache"] == "MISS"
    assert "定时发布的稿件" in response.text


def test_conditional_requests_are_answered_from_what_the_page_shows(
    client, paper, django_assert_num_queries, edit
):
    url = paper["lead"].get_absolute_url()
    etag = get(client, url)["ETag"]
    with django_assert_num_queries(0):
        not_modified = get(client, url, if_none_match=etag)
    assert not_modified.status_code == 304 and not_modified.content == b""
    # A neighbour coming out changes the page (its 下一篇), and so its ETag.
    neighbour = make_article("新发布的稿件", status=Status.DRAFT, issue=paper["issue"], position=0)
    edit(neighbour, status=Status.PUBLISHED)
    response = get(client, url, if_none_match=etag)
    assert response.status_code == 200 and response["ETag"] != etag


@pytest.mark.parametrize(
    ("accept", "encoding", "decode"),
    [("br, gzip", "br", brotli.decompress), ("gzip", "gzip", gzip.decompress), ("", None, bytes)],
)
def test_pages_are_compressed_for_readers(client, paper, accept, encoding, decode):
    plain = get(client, "/").content
    response = get(client, "/", accept_encoding=accept)
    assert response.get("Content-Encoding") == encoding
    assert decode(response.content) == plain
    assert int(response["Content-Length"]) == len(response.content)
    if encoding:
        assert len(response.content) < len(plain) / 2
    # A page that is not kept (not found) is compressed on its way out all the same.
    missing = get(client, "/articles/999999/", accept_encoding=accept)
    assert missing.status_code == 404 and missing.get("Content-Encoding") == encoding
    assert int(missing["Content-Length"]) == len(missing.content)


def test_while_one_worker_recomputes_a_stale_page_the_others_serve_the_last_copy(
    client, paper, django_assert_num_queries, edit
):
    url = paper["lead"].get_absolute_url()
    get(client, url)
    edit(paper["lead"], title="突发：标题更新")
    key = middleware.PageCacheMiddleware(None).key(client.get(url).wsgi_request)
    cache.clear()
    get(client, url)
    edit(paper["lead"], title="突发：标题再次更新")
    assert store.claim(key)  # another worker is rendering it
    with django_assert_num_queries(0):
        stale = get(client, url)
    assert stale["X-Cache"] == "STALE" and "突发：标题更新" in stale.text
    store.release(key)
    fresh = get(client, url)
    assert fresh["X-Cache"] == "MISS" and "突发：标题再次更新" in fresh.text


def test_what_is_not_a_readers_page_is_never_kept(client, editor, paper):
    draft = make_article("草稿预览", status=Status.DRAFT)
    client.force_login(editor)
    assert get(client, draft.get_absolute_url()).status_code == 200  # the staff preview
    client.logout()
    assert get(client, draft.get_absolute_url()).status_code == 404
    # A parameter the site does not know: served, never one more copy in the cache.
    assert "X-Cache" not in get(client, "/?utm_source=weixin")
    assert "X-Cache" not in get(client, "/?utm_source=weixin")
    assert get(client, "/articles/999999/")["X-Cache"] == "BYPASS"  # not found: not kept


def test_a_new_scan_refreshes_its_page_and_issue(client, commit):
    from articles.desk import scans

    from .. import pdfs
    from ..conftest import make_seed_issue

    issue = make_seed_issue()
    page = issue.pages.get(number=3)
    url = page.get_absolute_url()
    assert "typeset" in get(client, url).text
    assert get(client, url)["X-Cache"] == "HIT"
    with commit():
        scans.store(page, scans.Checked("image", [pdfs.page_image()], "png"))
    fresh = get(client, url)
    assert fresh["X-Cache"] == "MISS" and "srcset=" in fresh.text
    assert get(client, issue.get_absolute_url())["X-Cache"] == "MISS"


def test_an_emptied_shared_cache_never_lets_a_processs_old_copy_pass_as_fresh(client, paper):
    """Redis restarted empty (it keeps nothing on disk): this process still holds its own
    copy of the page, and it must not be taken for fresh. Nothing in the shared cache can
    vouch for it, so the page is rendered again."""
    url = paper["lead"].get_absolute_url()
    assert get(client, url)["X-Cache"] == "MISS"
    assert get(client, url)["X-Cache"] == "HIT"
    Article.objects.filter(pk=paper["lead"].pk).update(title="重启期间改的标题")
    cache.clear()
    response = get(client, url)
    assert response["X-Cache"] == "MISS" and "重启期间改的标题" in response.text
