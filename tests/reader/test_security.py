"""What a reader (or an attacker posing as one) gets: strict headers on every page, nothing
named that only unpublished articles use, feeds that answer reading and nothing else."""

import pytest
from django.urls import reverse

from articles.models import Article

from ..conftest import make_article, make_section

pytestmark = pytest.mark.django_db

Status = Article.Status


def test_every_page_carries_a_strict_content_security_policy_and_friends(client, editor):
    make_article("全区专题座谈会召开")
    client.force_login(editor)
    for url in ["/", reverse("admin:articles_article_changelist")]:
        response = client.get(url)
        policy = dict(
            directive.strip().split(" ", 1)
            for directive in response["Content-Security-Policy"].split(";")
        )
        assert policy["default-src"] == "'self'"
        assert policy["script-src"].split()[0] == "'self'"
        assert "unsafe-inline" not in response["Content-Security-Policy"]
        assert "unsafe-eval" not in response["Content-Security-Policy"]
        assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "camera=()" in response["Permissions-Policy"]
        assert "geolocation=()" in response["Permissions-Policy"]


def test_the_policy_is_built_once_yet_follows_nonces_and_settings(client, settings, rf):
    """``newsroom.middleware.CSPMiddleware`` keeps the common policy; a response that asked
    for a nonce, or a changed setting, gets its own."""
    from django.http import HttpResponse

    from newsroom.middleware import CSPMiddleware

    middleware = CSPMiddleware(lambda request: HttpResponse("<p>"))
    plain, with_script = rf.get("/"), rf.get("/")
    for request in (plain, with_script):
        middleware.process_request(request)
    nonce = str(with_script.csp_nonce)
    plain_policy = middleware.process_response(plain, HttpResponse())["Content-Security-Policy"]
    nonce_policy = middleware.process_response(with_script, HttpResponse())[
        "Content-Security-Policy"
    ]
    assert "nonce-" not in plain_policy and f"'nonce-{nonce}'" in nonce_policy
    with pytest.raises(Exception, match="not available after the CSP header"):
        str(plain.csp_nonce)  # too late: the header is written
    policy = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = {
        **policy,
        "DIRECTIVES": {**policy["DIRECTIVES"], "img-src": ["'self'", "https://img.example.cn"]},
    }
    assert "https://img.example.cn" in client.get("/robots.txt")["Content-Security-Policy"]


class TestNamesOnlyDraftsUse:
    """A section, tag or reporter used only by unpublished articles is nowhere for readers."""

    @pytest.fixture
    def secret(self):
        section = make_section("人事任免", slug="renshi")
        draft = make_article(
            "拟任干部公示", status=Status.DRAFT, section=section, bylines=["保密记者"]
        )
        draft.tags.add("内部消息")
        public = make_article("公开稿件", bylines=["刘懿"])
        public.tags.add("公开")
        return draft

    @pytest.mark.parametrize(
        "url",
        [
            "/sections/renshi/",
            "/sections/renshi/feed/",
            "/tags/内部消息/",
            "/tags/内部消息/feed/",
            "/reporters/保密记者/",
            "/reporters/保密记者/feed/",
        ],
    )
    def test_its_pages_and_feeds_are_not_found(self, client, secret, url):
        assert client.get(url).status_code == 404

    def test_it_is_in_no_navigation_or_sitemap(self, client, secret):
        home = client.get("/").text
        assert "人事任免" not in home
        for name in ("sections", "reporters"):
            sitemap = client.get(f"/sitemap-{name}.xml").text
            assert "renshi" not in sitemap and "%E4%BF%9D%E5%AF%86" not in sitemap
        assert "内部消息" not in client.get("/feed/").text

    def test_once_published_it_appears(self, client, secret):
        secret.status, secret.publish_at = Status.PUBLISHED, None
        secret.save()
        assert client.get("/sections/renshi/").status_code == 200
        assert "人事任免" in client.get("/").text
        assert client.get("/reporters/保密记者/feed/").status_code == 200


@pytest.mark.parametrize("url", ["/feed/", "/sitemap.xml", "/sitemap-articles.xml"])
@pytest.mark.parametrize("method", ["options", "trace", "post", "put", "delete"])
def test_feeds_and_sitemaps_answer_reading_only(client, url, method):
    make_article("全区专题座谈会召开")
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert "全区专题座谈会召开" not in response.content.decode()
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD"}
