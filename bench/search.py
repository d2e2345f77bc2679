"""Search at scale: the index against a plain ``icontains`` scan, on the same articles.

    DATABASE_URL=sqlite:////tmp/search_bench.sqlite3 .venv/bin/python bench/search.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/search .venv/bin/python bench/search.py
    .venv/bin/python bench/search.py --articles 10000 --repeat 5     # a quick run
    .venv/bin/python bench/search.py --check --rebuild

Fills the database in ``DATABASE_URL`` (migrated; it must be empty, or hold the corpus of
this size from an earlier run, which is then reused) with ``--articles`` published articles from
``corpus.py`` (40 an issue, one or two bylines each) by ``bulk_create``, then builds the
index with ``search.index.rebuild`` (again with ``--rebuild``) and times both. Then, for
each query of a fixed mix, it runs what the readers' search page runs (the word list, the
count up to the cap and the first page of 20, ranked: ``search.Results``), the deepest page
offered, and the same with a plain scan (every term ``icontains`` in kicker, title, subtitle
or body, newest first), ``--repeat`` times each, and prints the median and 95th percentile
per query and over the whole mix, as a Markdown table, with the load average. ``--check``
first compares each query's first and last page with the order of sorting every match.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

QUERIES = [
    "宋剑湖",  # a place name
    "高考",
    "生态",  # in most articles
    "钢",  # one character
    "经开区",
    "2024年",  # digits and Chinese
    "5G",
    '"绿色 发展"',  # a phrase
    "生态 保护",  # two terms
    "遥观镇 垃圾",
    "量子计算机",  # no article has it
]


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()


def fill(count, batch=2000):
    import corpus
    from django.db import transaction
    from django.utils import timezone

    from articles.models import Article, Byline, Issue, Reporter, body

    if Article.objects.exists():
        sys.exit("the database holds articles already: give an empty one")
    reporters, issues = {}, {}
    rows = list(corpus.articles(count))
    for start in range(0, len(rows), batch):
        chunk = rows[start : start + batch]
        with transaction.atomic():
            for date, *_ in chunk:
                if date not in issues:
                    issues[date] = Issue.objects.create(date=date)
            names = {n for *_, names in chunk for n in names} - set(reporters)
            for n in names:
                reporters[n] = Reporter.objects.create(name=n, slug=f"r{len(reporters)}")
            articles = Article.objects.bulk_create(
                [
                    Article(
                        issue=issues[date],
                        position=position,
                        slug=f"a{position}",
                        kicker=kicker,
                        title=title,
                        body=body.from_paragraphs(paragraphs),
                        status=Article.Status.PUBLISHED,
                        publish_at=timezone.make_aware(
                            timezone.datetime.combine(date, timezone.datetime.min.time())
                        ),
                    )
                    for date, position, kicker, title, paragraphs, _ in chunk
                ]
            )
            Byline.objects.bulk_create(
                [
                    Byline(article=a, reporter=reporters[n], position=i)
                    for a, (*_, names) in zip(articles, chunk, strict=True)
                    for i, n in enumerate(names)
                ]
            )
        print(f"  {min(start + batch, count)}/{count} articles", flush=True)


def indexed(query, start=0):
    """What the readers' search page runs: the word list and the terms, the count (exact up
    to ``search.results.CAP``), a page of ranked ids from ``start``, and its articles."""
    from articles import search
    from articles.models import Article

    results = search.Results(Article.objects.published(), search.parse(query))
    count = results.count()
    ids = results[start : min(start + 20, count)]  # as the paginator slices it
    articles = search.page(Article.objects.for_listing(), ids)
    return (f"{count}+" if results.capped else count), [a.pk for a in articles]


def last_page(query):
    """The deepest page offered: the one ending at the cap (or at the last match)."""
    from articles import search

    count, _ = indexed(query)
    return indexed(query, max(0, min(int(str(count).rstrip("+")), search.results.CAP) - 20))


def same_as_sorting_every_match(query):
    """The first page and the last one offered, as ``Results`` reads them, against the
    order of ``search.ranked`` (every match sorted): they must be the same."""
    from articles import search
    from articles.models import Article

    terms = search.parse(query)
    results = search.Results(Article.objects.published(), terms)
    ranked = search.ranked(Article.objects.published(), terms).values_list("pk", flat=True)
    end = min(results.count(), search.results.CAP)
    for start in (0, max(0, end - 20)):
        assert results[start : start + 20] == list(ranked[start : min(start + 20, end)]), query


def scanned(query):
    from django.db.models import Q

    from articles import search
    from articles.models import Article

    articles = Article.objects.published().for_listing()
    for term in search.parse(query):
        text = "".join(term.runs)
        articles = articles.filter(
            Q(kicker__icontains=text)
            | Q(title__icontains=text)
            | Q(subtitle__icontains=text)
            | Q(body__icontains=text)
        )
    return articles.count(), [a.pk for a in articles.order_by("-publish_at", "-id")[:20]]


def timed(function, query, repeat):
    function(query)  # warm
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = function(query)
        times.append((time.perf_counter() - started) * 1000)
    return result, times


def p95(times):
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument(
        "--check",
        action="store_true",
        help="first check each query's first and last page against sorting every match",
    )
    parser.add_argument(
        "--rebuild", action="store_true", help="build the index again (with the word list)"
    )
    args = parser.parse_args()
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from articles.models import Article, SearchEntry
    from articles.search import index

    call_command("migrate", verbosity=0)
    vendor = connection.vendor
    if Article.objects.count() != args.articles:
        print(f"filling {args.articles} articles ({vendor})", flush=True)
        started = time.perf_counter()
        fill(args.articles)
        print(f"  filled in {time.perf_counter() - started:.0f} s")
    if args.rebuild or not SearchEntry.objects.exists():
        started = time.perf_counter()
        index.rebuild()
        print(f"  index built in {time.perf_counter() - started:.0f} s", flush=True)
        if vendor == "postgresql":  # as autovacuum would, soon after
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
    load = os.getloadavg()
    lines = [
        f"{vendor}, {args.articles:,} articles, {args.repeat} runs per query (ms); "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at the start",
        "",
        "| query | found | index median | index p95 | last page median "
        "| icontains median | icontains p95 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    all_index, all_scan = [], []
    for query in QUERIES:
        if args.check:
            same_as_sorting_every_match(query)
        (count, _), index_times = timed(indexed, query, args.repeat)
        _, last_times = timed(last_page, query, max(3, args.repeat // 4))
        (scan_count, _), scan_times = timed(scanned, query, max(3, args.repeat // 4))
        all_index += index_times
        all_scan += scan_times
        found = f"{count}" if count == scan_count else f"{count} (scan {scan_count})"
        lines.append(
            f"| `{query}` | {found} | {statistics.median(index_times):.1f} | "
            f"{p95(index_times):.1f} | {statistics.median(last_times):.1f} | "
            f"{statistics.median(scan_times):.0f} | {p95(scan_times):.0f} |"
        )
        print(lines[-1], flush=True)
    load = os.getloadavg()
    lines.append(
        f"| **the mix** | | **{statistics.median(all_index):.1f}** | **{p95(all_index):.1f}** "
        f"| | **{statistics.median(all_scan):.0f}** | **{p95(all_scan):.0f}** |"
    )
    lines.append(f"\nload average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at the end")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
