"""The real services some tests use, and what happens where one is missing.

``make test`` passes on a machine with none of them: a test that needs a service it cannot
reach skips and says which and how to provide it. ``.ci/run`` provides them all and sets
``NEWSROOM_REQUIRE_SERVICES=1``: a missing service then fails the test instead.

Mark a test ``@pytest.mark.needs("redis")`` (or ``"postgresql"``, ``"chromium"``…), or
``@pytest.mark.database("postgresql")`` where it tests one database's own behaviour (it
then runs in that database's pass of the suite and says so elsewhere).
"""

import functools
import os
import shutil
import socket
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connection

REQUIRED = os.environ.get("NEWSROOM_REQUIRE_SERVICES") == "1"

POSTGRES_URL = os.environ.get("NEWSROOM_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("NEWSROOM_TEST_REDIS", "redis://127.0.0.1:6379/15")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def _reachable(url, default_port):
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or default_port), timeout=2):
            return True
    except OSError:
        return False


def _postgresql():
    if _reachable(POSTGRES_URL, 5432):
        return None
    return (
        f"PostgreSQL is not reachable at {POSTGRES_URL} (start it: "
        "pg_ctlcluster --skip-systemctl-redirect 15 main start, or set NEWSROOM_TEST_POSTGRES)"
    )


def _redis():
    if not _reachable(REDIS_URL, 6379):
        return f"Redis is not reachable at {REDIS_URL} (start redis-server, or NEWSROOM_TEST_REDIS)"
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping()
    except redis.RedisError as exc:
        return f"Redis at {REDIS_URL} does not answer PING: {exc}"
    return None


def _chromium():
    if shutil.which(CHROMIUM) or Path(CHROMIUM).exists():
        return None
    return f"Chromium not found at {CHROMIUM}: apt-get install chromium fonts-noto-cjk"


def _program(name, package):
    def check():
        if shutil.which(name):
            return None
        return f"{name} not found: apt-get install {package}"

    return check


def _java():
    java = shutil.which("java")
    if not java:
        return "Java not found: apt-get install default-jre-headless"
    result = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30)
    return None if result.returncode == 0 else f"java -version failed: {result.stderr.strip()}"


CHECKS = {
    "postgresql": _postgresql,
    "redis": _redis,
    "chromium": _chromium,
    "varnish": _program("varnishd", "varnish"),
    "pg_client": _program("pg_dump", "postgresql-client"),
    "java": _java,
}


@functools.cache
def missing(service):
    """Why ``service`` cannot be used here (a sentence), or None if it can."""
    return CHECKS[service]()


def unavailable(reason):
    """Skip with ``reason``, or fail with it where every service is required (CI)."""
    if REQUIRED:
        pytest.fail(f"{reason} (NEWSROOM_REQUIRE_SERVICES=1: CI provides every service)")
    pytest.skip(reason)


def require(*services):
    for service in services:
        if reason := missing(service):
            unavailable(reason)


def database_pass_reason(vendor):
    """Why a test of ``vendor``'s own behaviour does not run against this database."""
    if connection.vendor == vendor:
        return None
    return f"tests {vendor}'s own behaviour: runs in the suite's {vendor} pass"
