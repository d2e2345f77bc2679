"""The reverse-proxy cache for real: Varnish (Debian's varnishd) with the VCL from
deploy/, in front of the site. A reader's page is served by Varnish from memory; a change
published in the desk bans it there, so the next request through Varnish is fresh."""

import datetime
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.db import transaction

from articles.editing import revisions

from .conftest import make_article, make_issue

pytestmark = [pytest.mark.needs("varnish"), pytest.mark.django_db(transaction=True)]

VCL = Path(__file__).resolve().parents[1] / "deploy/varnish/newsroom.vcl"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def varnish(live_server, settings):
    backend = urlsplit(live_server.url)
    port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix="newsroom-varnish-"))
    os.chmod(workdir, 0o755)
    vcl = VCL.read_text().replace('.host = "127.0.0.1";', f'.host = "{backend.hostname}";')
    vcl = vcl.replace('.port = "8000";', f'.port = "{backend.port}";')
    (workdir / "newsroom.vcl").write_text(vcl)
    process = subprocess.Popen(
        [shutil.which("varnishd"), "-F", "-n", str(workdir / "state"),
         "-a", f"127.0.0.1:{port}", "-f", str(workdir / "newsroom.vcl"),
         "-s", "malloc,32m", "-T", "none"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail(f"varnishd did not start: {process.stdout.read().decode()}")
            time.sleep(0.1)
    settings.NEWSROOM_PAGE_CACHE = True
    settings.NEWSROOM_PURGE_URLS = [url]
    settings.ALLOWED_HOSTS = ["*"]
    cache.clear()
    yield url
    process.terminate()
    process.wait(timeout=30)
    shutil.rmtree(workdir, ignore_errors=True)


def fetch(url, cookie=None):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers, response.read().decode()


def test_a_published_change_is_fresh_through_varnish_on_the_next_request(varnish):
    issue = make_issue(datetime.date(2024, 6, 11))
    article = make_article("全区专题座谈会召开", issue=issue)
    page = varnish + article.get_absolute_url()

    headers, body = fetch(page)
    assert headers["X-Proxy-Cache"] == "MISS" and "全区专题座谈会召开" in body
    assert "X-Cache-Tags" not in headers  # the tags are for Varnish, not for readers
    headers, _ = fetch(page)
    assert headers["X-Proxy-Cache"] == "HIT"  # from Varnish's memory
    home_headers, _ = fetch(varnish + "/")
    assert fetch(varnish + "/")[0]["X-Proxy-Cache"] == "HIT"

    with transaction.atomic(), revisions.edit(article, None, article.version):
        article.title = "全区专题座谈会召开（更正）"

    headers, body = fetch(page)
    assert headers["X-Proxy-Cache"] == "MISS" and "全区专题座谈会召开（更正）" in body
    headers, body = fetch(varnish + "/")
    assert headers["X-Proxy-Cache"] == "MISS" and "（更正）" in body
    assert home_headers["X-Proxy-Cache"] == "MISS"


def test_staff_pass_through_varnish(varnish):
    article = make_article("全区专题座谈会召开")
    page = varnish + article.get_absolute_url()
    fetch(page)
    headers, _ = fetch(page, cookie="sessionid=abc")
    assert headers["X-Proxy-Cache"] == "MISS"


def test_only_the_application_servers_may_ban(varnish):
    request = urllib.request.Request(
        varnish + "/", method="BAN", headers={"X-Cache-Tags": "article-1 issue-$(rm)"}
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 400
