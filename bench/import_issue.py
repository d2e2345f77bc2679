"""Benchmark the importer: parse the seed issue N times, then load M synthetic issues.

    .venv/bin/python bench/import_issue.py                     # 1,000 parses, 1,000 issues
    .venv/bin/python bench/import_issue.py --issues 100        # a quicker run
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/import_issue.py

Loading runs ``import_issue`` on a directory of synthetic issues (one transaction), into a
throwaway test database created next to DATABASE_URL's (SQLite: in memory) and dropped after.
"""

import argparse
import datetime
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_parse(runs, rounds=5):
    """The parser alone, in ``rounds`` rounds (a busy machine slows some of them down):
    the best round's and the median round's time per issue."""
    from articles.importer.parse import parse_issue

    text = (ROOT / "fixtures/source/000_2699379a271d4552.txt").read_text(encoding="utf-8")
    today = datetime.date(2026, 1, 1)
    articles = len(parse_issue(text, today=today).articles)
    tracemalloc.start()
    parse_issue(text, today=today)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    per_round = max(1, runs // rounds)
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        for _ in range(per_round):
            parse_issue(text, today=today)
        times.append((time.perf_counter() - started) / per_round)
    times.sort()
    best, median = times[0], times[len(times) // 2]
    print(
        f"parse the seed ({len(text):,} characters, {articles} articles) "
        f"x {per_round * rounds:,} in {rounds} rounds"
    )
    print(
        f"  best round {best * 1000:.2f} ms per issue ({articles / best:,.0f} articles/s), "
        f"median {median * 1000:.2f} ms; peak {peak / 1024:.0f} KiB per parse"
    )


def bench_load(count):
    import django
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment
    from synthetic import ARTICLES_PER_ISSUE, write_issues

    from articles.models import Article

    django.setup()
    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with tempfile.TemporaryDirectory() as directory:
            write_issues(directory, count)
            rss_before = peak_rss_mb()
            started = time.perf_counter()
            with open(os.devnull, "w") as quiet:
                call_command("import_issue", directory, stdout=quiet, stderr=quiet)
            elapsed = time.perf_counter() - started
        articles = Article.objects.count()
        assert articles == count * ARTICLES_PER_ISSUE, articles
        print(
            f"load {count:,} synthetic issues ({articles:,} articles) "
            f"into {connection.vendor}, one transaction"
        )
        print(
            f"  {elapsed:.2f} s, {count / elapsed:,.1f} issues/s, {articles / elapsed:,.0f} "
            f"articles/s, peak RSS {peak_rss_mb():,.0f} MiB (before: {rss_before:,.0f} MiB)"
        )
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parses", type=int, default=1000)
    parser.add_argument("--issues", type=int, default=1000)
    args = parser.parse_args()
    import django

    django.setup()
    bench_parse(args.parses)
    bench_load(args.issues)


if __name__ == "__main__":
    main()
