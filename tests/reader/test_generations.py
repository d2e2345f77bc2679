"""The page cache's generations over Redis's channel (``store.Listener``): a kept page is
checked without a round trip to Redis, and a change made by another process, on this
machine or another, is heard at once."""

import logging
import os
import subprocess
import sys
import time

import pytest
import redis
from django.core.cache import cache

from articles.caching import store

from .. import services
from ..conftest import make_article

pytestmark = [pytest.mark.django_db, pytest.mark.needs("redis")]


@pytest.fixture
def shared(settings):
    """The page cache on, over the test Redis; a client of that Redis to watch it."""
    settings.CACHES = {
        "default": {"BACKEND": "newsroom.cache.RedisCache", "LOCATION": services.REDIS_URL}
    }
    settings.NEWSROOM_PAGE_CACHE = True
    cache.clear()
    yield redis.Redis.from_url(services.REDIS_URL)
    cache.clear()


def eventually(condition, seconds=5):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"not within {seconds} s"
        time.sleep(0.02)


def subscribed(server):
    return dict(server.pubsub_numsub("pc:generations")).get(b"pc:generations", 0) >= 1


def commands(server):
    return server.info("stats")["total_commands_processed"]


def test_a_kept_page_is_checked_without_a_round_trip_to_redis(client, shared):
    url = make_article("稿件").get_absolute_url()
    assert client.get(url)["X-Cache"] == "MISS"  # this process starts listening
    eventually(lambda: subscribed(shared))
    assert client.get(url)["X-Cache"] == "HIT"
    before = commands(shared)
    for _ in range(30):
        assert client.get(url)["X-Cache"] == "HIT"
    # INFO itself, and perhaps the listener's read every few seconds: not one per page.
    assert commands(shared) - before <= 3


def test_a_change_published_by_another_process_is_heard(client, shared):
    article = make_article("稿件")
    url = article.get_absolute_url()
    client.get(url)
    eventually(lambda: subscribed(shared))
    assert client.get(url)["X-Cache"] == "HIT"
    # Another process (another machine's worker) changes what the page shows.
    code = (
        "import django; django.setup(); from articles.caching import store; "
        f"store.bump({{'article-{article.pk}'}})"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CACHE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_SECRET_KEY="x" * 50,
        CACHE_URL=services.REDIS_URL,
    )
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True)
    assert result.returncode == 0, result.stderr
    eventually(lambda: client.get(url)["X-Cache"] != "HIT", seconds=2)


def test_a_change_not_heard_is_seen_within_seconds(client, shared):
    """A message lost without the connection noticing: the listener reads the generation
    again every few seconds all the same."""
    article = make_article("稿件")
    url = article.get_absolute_url()
    client.get(url)
    eventually(lambda: subscribed(shared))
    assert client.get(url)["X-Cache"] == "HIT"
    cache.set(store.VERSION + f"article-{article.pk}", "1.0:changed", timeout=None)
    cache.set(store.GENERATION, "unheard", timeout=None)  # as bump() does, but unpublished
    eventually(lambda: client.get(url)["X-Cache"] != "HIT", seconds=store.RESYNC + 2)


def test_a_dropped_subscription_is_taken_up_again(client, shared):
    url = make_article("稿件").get_absolute_url()
    client.get(url)
    eventually(lambda: subscribed(shared))
    shared.client_kill_filter(_type="pubsub")
    eventually(lambda: subscribed(shared))
    assert client.get(url)["X-Cache"] == "HIT"


def test_redis_down_is_logged_once_not_every_second(settings, caplog):
    nobody = "redis://127.0.0.1:1/0"  # nothing listens on port 1: refused at once
    settings.CACHES = {"default": {"BACKEND": "newsroom.cache.RedisCache", "LOCATION": nobody}}
    with caplog.at_level(logging.WARNING, logger="articles.caching.store"):
        with pytest.raises(redis.ConnectionError):
            store.generation()  # without the listener, read: the page cache's reads fail
        time.sleep(3.5)  # the listener tries again every second
    said = [r for r in caplog.records if r.name == "articles.caching.store"]
    assert len(said) == 1 and "not listening" in said[0].getMessage()
