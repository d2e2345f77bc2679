"""Benchmark what feed readers and search engines ask for most: the RSS feed built in full
(30 whole articles with their photos) against the same feed asked again with the ETag it
was given (304, nothing built), a page of the articles sitemap, and the paper's icons.

    .venv/bin/python bench/feeds.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/feeds.py

In a throwaway test database: ``--articles`` published articles (default 500), one in
three with a photo (and its resized copies), eight paragraphs and a subhead each. Each
figure is the median of ``--repeat`` requests through Django's test client (the whole
stack but the network), with the page cache off: the work of the view itself.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")


def fill(count, seed=2024):
    from synthetic import headline, name, paragraph

    from articles.models import Article
    from tests.conftest import add_photo, make_article, make_section

    rng = random.Random(seed)
    sections = [make_section(title, slug=f"s{n}") for n, title in enumerate(["要闻", "民生"])]
    for n in range(count):
        body = [{"type": "paragraph", "text": paragraph(rng)} for _ in range(8)]
        body.insert(4, {"type": "subhead", "text": headline(rng)[:12]})
        article = make_article(
            headline(rng),
            section=sections[n % 2],
            dateline="本报讯",
            body=body,
            bylines=[name(rng), name(rng)],
            kind=Article.Kind.PHOTO if n % 3 == 0 else Article.Kind.NEWS,
        )
        if n % 3 == 0:
            add_photo(article, caption=paragraph(rng)[:40], size=(1600, 1067), renditions=True)


def timed(client, url, repeat, **headers):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url, headers=headers)
            times.append(time.perf_counter() - started)
    return statistics.median(times), len(queries), response


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=20)
    options = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.NEWSROOM_PAGE_CACHE = False
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        fill(options.articles)
        print(
            f"feeds and sitemaps on {connection.vendor}: {options.articles} articles "
            f"(filled in {time.perf_counter() - started:.0f} s), median of {options.repeat}"
        )
        client = Client()
        full = timed(client, "/feed/", options.repeat)
        again = timed(client, "/feed/", options.repeat, if_none_match=full[2]["ETag"])
        since = timed(client, "/feed/", options.repeat, if_modified_since=full[2]["Last-Modified"])
        rows = [
            ("/feed/ built (30 whole articles)", full),
            ("/feed/ with If-None-Match: 304", again),
            ("/feed/ with If-Modified-Since: 304", since),
            ("/sitemap-articles.xml", timed(client, "/sitemap-articles.xml", options.repeat)),
            ("/sitemap.xml (the index)", timed(client, "/sitemap.xml", options.repeat)),
            ("/icons/icon-512.png (kept)", timed(client, "/icons/icon-512.png", options.repeat)),
        ]
        print("| request | status | ms | queries | bytes |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for label, (seconds, queries, response) in rows:
            print(
                f"| {label} | {response.status_code} | {seconds * 1000:,.1f} | {queries} "
                f"| {len(response.content):,} |"
            )
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
