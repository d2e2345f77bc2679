"""Configuration from the environment: checked in fresh interpreters, as a server starts."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
    "DJANGO_ALLOWED_HOSTS": "news.example.cn",
    "DATABASE_URL": "sqlite:////tmp/newsroom-settings-test.sqlite3",
}


def run(args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CACHE_URL"))}
    clean.pop("DATABASE_URL", None)
    clean["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    clean.update(env)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
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


def test_production_defaults_are_strict():
    values = settings_value(
        "[settings.DEBUG, settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS > 0, "
        "settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.ALLOWED_HOSTS, "
        "settings.STORAGES['staticfiles']['BACKEND']]",
        **PRODUCTION,
    )
    assert values == [
        False,
        True,
        True,
        True,
        True,
        ["news.example.cn"],
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
    ]


def test_ssl_redirect_can_be_switched_off_for_plain_http():
    values = settings_value(
        "[settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS, "
        "settings.SESSION_COOKIE_SECURE]",
        DJANGO_SECURE_SSL_REDIRECT="0",
        **PRODUCTION,
    )
    assert values == [False, 0, False]


def test_chinese_by_default():
    values = settings_value(
        "[settings.LANGUAGE_CODE, settings.TIME_ZONE, settings.USE_TZ]", **PRODUCTION
    )
    assert values == ["zh-hans", "Asia/Shanghai", True]


def test_database_url_default_is_sqlite_in_the_project_root():
    env = {k: v for k, v in PRODUCTION.items() if k != "DATABASE_URL"}
    db = settings_value("settings.DATABASES['default']", **env)
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == str(ROOT / "db.sqlite3")


def test_postgres_url_gets_persistent_connections_and_health_checks():
    db = settings_value(
        "settings.DATABASES['default']",
        **{**PRODUCTION, "DATABASE_URL": "postgres://news:pw@db.internal:5432/newsroom"},
    )
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["HOST"], db["NAME"], db["USER"]) == ("db.internal", "newsroom", "news")
    assert db["CONN_MAX_AGE"] == 600
    assert db["CONN_HEALTH_CHECKS"] is True


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("", "django.core.cache.backends.locmem.LocMemCache"),
        ("redis://127.0.0.1:6379/1", "django.core.cache.backends.redis.RedisCache"),
    ],
)
def test_cache_url(url, backend):
    cache = settings_value("settings.CACHES['default']", CACHE_URL=url, **PRODUCTION)
    assert cache["BACKEND"] == backend
    if url:
        assert cache["LOCATION"] == url


def test_redis_cache_round_trip():
    """The Redis cache really works against the local server."""
    code = (
        "import django; django.setup(); from django.core.cache import cache; "
        "cache.set('newsroom-settings-test', '本报讯', 10); "
        "print(cache.get('newsroom-settings-test'))"
    )
    result = run(["-c", code], CACHE_URL="redis://127.0.0.1:6379/15", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "本报讯"


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
