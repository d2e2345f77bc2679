"""Kept pages answered in front of Django's handler (``articles.caching.wsgi.KeptPages``,
the application of ``newsroom/wsgi.py``): the same answers the page cache gives, without
Django's request handling; anything else goes to Django."""

import datetime
import io

import brotli
import pytest
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction

from articles.caching.wsgi import KeptPages
from articles.editing import revisions

from ..conftest import make_article, make_issue, make_page, make_section

pytestmark = pytest.mark.django_db

application = KeptPages(WSGIHandler())


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.NEWSROOM_PAGE_CACHE = True
    cache.clear()
    # As Django's test client does: the test's database connection stays open.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    cache.clear()


@pytest.fixture
def article():
    issue = make_issue(datetime.date(2024, 6, 11), number=3699)
    page = make_page(issue, 1, make_section("要闻", "yaowen"))
    return make_article("全区专题座谈会召开", issue=issue, page=page, bylines=["刘懿"])


@pytest.fixture
def handled():
    """The requests Django's handler saw (``request_started``), as a list of paths."""
    seen = []

    def started(sender, environ, **kwargs):
        seen.append(environ["PATH_INFO"])

    request_started.connect(started)
    yield seen
    request_started.disconnect(started)


def call(path, method="GET", host="testserver", **headers):
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SCRIPT_NAME": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        **{"HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()},
    }
    started = {}

    def start_response(status, headers, exc_info=None):
        started.update(status=status, headers=dict(headers))

    result = application(environ, start_response)
    body = b"".join(result)
    if hasattr(result, "close"):
        result.close()
    return int(started["status"].split()[0]), started["headers"], body


def test_a_kept_page_is_answered_without_django_and_as_django_answered_it(
    article, handled, django_assert_num_queries
):
    url = article.get_absolute_url()
    status, first_headers, first = call(url)
    assert (status, first_headers["X-Cache"], handled) == (200, "MISS", [url])
    with django_assert_num_queries(0):
        status, headers, body = call(url)
    assert (status, headers["X-Cache"], handled) == (200, "HIT", [url])  # Django saw one
    assert body == first and "全区专题座谈会召开" in body.decode()
    assert headers["Content-Length"] == str(len(body))
    same = {"Content-Type", "Content-Security-Policy", "ETag", "Vary", "X-Frame-Options"}
    assert {name: headers[name] for name in same} == {name: first_headers[name] for name in same}
    assert headers["Cache-Control"].startswith("public, max-age=30, s-maxage=")
    assert "Set-Cookie" not in headers


def test_conditional_compressed_and_head_requests(article, handled):
    url = article.get_absolute_url()
    _, headers, page = call(url)
    status, not_modified, body = call(url, If_None_Match=headers["ETag"])
    assert (status, body, not_modified["ETag"]) == (304, b"", headers["ETag"])
    status, compressed, body = call(url, Accept_Encoding="gzip, br")
    assert compressed["Content-Encoding"] == "br" and brotli.decompress(body) == page
    status, head, body = call(url, method="HEAD")
    assert (status, body, head["Content-Length"]) == (200, b"", str(len(page)))
    assert handled == [url]


def test_a_change_is_served_fresh_at_once(article, handled, django_capture_on_commit_callbacks):
    url = article.get_absolute_url()
    call(url)
    with (
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
        revisions.edit(article, None, article.version),
    ):
        article.title = "座谈会改期"
    _, headers, body = call(url)
    assert headers["X-Cache"] == "MISS" and "座谈会改期" in body.decode()
    assert handled == [url, url]


def test_sessions_other_methods_and_unknown_hosts_go_to_django(article, handled):
    url = article.get_absolute_url()
    call(url)
    status, headers, _ = call(url, Cookie="sessionid=abc")
    assert "X-Cache" not in headers  # a session that is no one's: a fresh page, not kept
    call(url, method="POST")
    status, _, _ = call(url, host="evil.example")
    assert status == 400
    assert handled == [url] * 4
