"""Configuration from the environment: checked in fresh interpreters, as a server starts."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from . import services

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
    "DJANGO_ALLOWED_HOSTS": "news.example.cn",
    # One file per test run: runs side by side never share it.
    "DATABASE_URL": f"sqlite:///{tempfile.gettempdir()}/newsroom-settings-{os.getpid()}.sqlite3",
}


def run(args, cwd=ROOT, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CACHE_URL"))}
    clean.pop("DATABASE_URL", None)
    clean["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    clean.update(env)
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=clean, capture_output=True, text=True, timeout=60
    )


def settings_value(expression, **env):
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({expression}, default=str))"
    )
    result = run(["-c", code], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("server", ["newsroom.wsgi", "newsroom.asgi"])
def test_server_refuses_to_start_without_secret_key_when_debug_is_off(server):
    result = run(["-c", f"import {server}"], DJANGO_ALLOWED_HOSTS="news.example.cn")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr.splitlines()[-1]


def test_server_refuses_to_start_without_allowed_hosts():
    result = run(["-c", "import newsroom.wsgi"], DJANGO_SECRET_KEY=PRODUCTION["DJANGO_SECRET_KEY"])
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS is not set" in result.stderr.splitlines()[-1]


def test_runserver_refuses_without_secret_key_in_one_clear_line():
    result = run(["manage.py", "runserver"], DJANGO_ALLOWED_HOSTS="news.example.cn")
    assert result.returncode != 0
    assert result.stderr.startswith("Configuration error: DJANGO_SECRET_KEY is not set")
    assert "Traceback" not in result.stderr


def test_server_starts_with_production_variables():
    result = run(["-c", "import newsroom.wsgi"], **PRODUCTION)
    assert result.returncode == 0, result.stderr


def test_build_commands_need_no_secret():
    """migrate, makemigrations and collectstatic sign nothing: a build without secrets runs
    them; the key is refused where it is used (the server, sessions, signing)."""
    result = run(["manage.py", "makemigrations", "--check", "--dry-run"])
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_debug_runs_without_secret_key():
    result = run(["manage.py", "check"], DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_check_deploy_with_production_variables_reports_nothing():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stderr
    assert "no issues" in result.stdout


def requests(*calls, **env):
    """Answers of a fresh interpreter's site (Django's test client) to ``calls``, each
    ``(path, https)``: status, ``Location``, ``Strict-Transport-Security`` and whether the
    cookies it sets are Secure."""
    code = (
        "import django, json; django.setup(); from django.test import Client; "
        "from django.test.utils import setup_test_environment; setup_test_environment(); "
        "c = Client(); out = []\n"
        f"for path, https in {list(calls)!r}:\n"
        "    r = c.get(path, secure=https, HTTP_HOST='news.example.cn')\n"
        "    out.append([r.status_code, r.get('Location'), r.get('Strict-Transport-Security'),"
        " sorted({bool(m['secure']) for m in r.cookies.values()})])\n"
        "print(json.dumps(out))"
    )
    result = run(["-c", code], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """Production's static files, collected as a deployment does, and its database
    migrated."""
    migrated = run(["manage.py", "migrate", "--noinput", "-v0"], **PRODUCTION)
    assert migrated.returncode == 0, migrated.stderr
    root = tmp_path_factory.mktemp("static")
    result = run(
        ["manage.py", "collectstatic", "--noinput", "-v0"], STATIC_ROOT=str(root), **PRODUCTION
    )
    assert result.returncode == 0, result.stderr
    return root


def test_production_static_files_are_hashed_and_compressed(static_root):
    """Far-future cacheable names (the hash changes with the content) and precompressed
    copies whitenoise serves to browsers that accept them."""
    css = sorted(p.name for p in (static_root / "css").iterdir())
    hashed = [name for name in css if name.startswith("site.") and name.endswith(".css")]
    assert len(hashed) == 2  # site.css and site.<hash>.css
    assert any(name.endswith(".css.gz") for name in css)


def test_production_answers_only_over_https_with_strict_transport_security(static_root):
    plain, secure, login = requests(
        ("/robots.txt", False),
        ("/robots.txt", True),
        ("/admin/login/", True),
        STATIC_ROOT=str(static_root),
        **PRODUCTION,
    )
    assert plain[:2] == [301, "https://news.example.cn/robots.txt"]
    assert secure[0] == 200
    assert secure[2].startswith("max-age=31536000")
    assert login[0] == 200 and login[3] == [True]  # the CSRF cookie only over HTTPS


def test_ssl_redirect_can_be_switched_off_for_plain_http(static_root):
    plain, login = requests(
        ("/robots.txt", False),
        ("/admin/login/", False),
        DJANGO_SECURE_SSL_REDIRECT="0",
        STATIC_ROOT=str(static_root),
        **PRODUCTION,
    )
    assert plain[:3] == [200, None, None]  # no redirect, no HSTS
    assert login[0] == 200 and login[3] == [False]


def test_database_url_default_is_sqlite_in_the_project_root(tmp_path):
    """From any working directory, the site's database is the project's db.sqlite3."""
    env = {k: v for k, v in PRODUCTION.items() if k != "DATABASE_URL"}
    code = (
        "import django; django.setup(); from django.db import connection; "
        "print(connection.cursor().execute('PRAGMA database_list').fetchone()[2])"
    )
    result = run([str(ROOT / "manage.py"), "shell", "-c", code], cwd=tmp_path, **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == str(ROOT / "db.sqlite3")
    assert not (tmp_path / "db.sqlite3").exists()


@pytest.mark.needs("postgresql")
def test_postgres_connections_persist_between_requests_and_recover_when_dropped():
    """One PostgreSQL connection serves request after request; when the server drops it
    (a restart, a failover), the next request opens a fresh one instead of failing."""
    code = (
        "import django, psycopg; django.setup(); from django.db import connection; "
        "from django.core.signals import request_started, request_finished\n"
        "def request():\n"
        "    request_started.send(None)\n"
        "    with connection.cursor() as c:\n"
        "        c.execute('SELECT pg_backend_pid()'); pid = c.fetchone()[0]\n"
        "    request_finished.send(None)\n"
        "    return pid\n"
        "first, second = request(), request()\n"
        f"with psycopg.connect({services.POSTGRES_URL!r}, autocommit=True) as admin:\n"
        "    admin.execute('SELECT pg_terminate_backend(%s)', [second])\n"
        "third = request()\n"
        "print(first == second, third != second)"
    )
    result = run(["-c", code], **{**PRODUCTION, "DATABASE_URL": services.POSTGRES_URL})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"]


def cache_round_trip(url, **extra):
    """Set a value in one process and read it in another, through ``CACHE_URL=url``."""
    key = f"newsroom-settings-test-{os.getpid()}"
    cache = "import django; django.setup(); from django.core.cache import cache; "
    setter = cache + f"cache.set({key!r}, '本报讯', 30)"
    getter = cache + f"print(cache.get({key!r}))"
    for code in (setter, getter):
        result = run(["-c", code], CACHE_URL=url, **PRODUCTION, **extra)
        assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.needs("redis")
def test_redis_cache_is_shared_between_processes():
    """CACHE_URL=redis://… is what several application processes (and machines) share."""
    assert cache_round_trip(services.REDIS_URL) == "本报讯"


def test_default_cache_is_local_to_each_process():
    assert cache_round_trip("") == "None"


def test_hsts_preload_only_when_the_site_opts_in(static_root):
    (default,) = requests(("/robots.txt", True), STATIC_ROOT=str(static_root), **PRODUCTION)
    assert "preload" not in default[2]
    (opted,) = requests(
        ("/robots.txt", True),
        STATIC_ROOT=str(static_root),
        DJANGO_SECURE_HSTS_PRELOAD="1",
        **PRODUCTION,
    )
    assert opted[2] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("CACHE_URL", "memcached://x", "CACHE_URL must start with"),
        ("DJANGO_DEBUG", "maybe", "DJANGO_DEBUG must be one of"),
        ("DJANGO_SECURE_HSTS_SECONDS", "a year", "DJANGO_SECURE_HSTS_SECONDS must be an integer"),
    ],
)
def test_malformed_variables_are_refused_clearly(name, value, message):
    result = run(["manage.py", "check"], **{**PRODUCTION, name: value})
    assert result.returncode != 0
    assert message in result.stderr
