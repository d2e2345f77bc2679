"""The benchmark suite: ``python -m bench`` (``make bench``), ``python -m bench --quick``.

Builds its own site and corpus, serves it with gunicorn under production settings (debug
off, static files collected, 2 sync workers, Redis as the shared cache) and drives it with
wrk from a second process on loopback. Measured side by side, in one run:

- a static file the size of the article page, served by the same gunicorn and whitenoise:
  the ceiling of this stack;
- the article page for an anonymous reader, from the page cache (warm) and with the page
  cache off; the issue page, the home page, search (all cached where the site caches them);
- the same article through Varnish (deploy/varnish/newsroom.vcl) in front of the site;
- SQL queries per page, the parser's and loader's throughput, a worker's peak memory.

``--json`` prints one JSON object; every run also writes the results and a Markdown table
to bench/results/. ``--peer`` runs the Wagtail peer (../shared/peers/wagtail/bench.sh)
alternately with this site's uncached article page and reports the ratio.
"""

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from . import wrk
from .server import ROOT, Site

RESULTS = ROOT / "bench" / "results"
PEER = ROOT.parent / "shared" / "peers" / "wagtail" / "bench.sh"
SEED = ROOT / "fixtures" / "source"

QUERY_COUNT = """
import json, os, django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment
setup_test_environment()
client = Client()
counts = {}
for name, url in json.loads(os.environ["PAGES"]).items():
    client.get(url)  # warm: content types, the navigation's first look
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url).status_code
    counts[name] = len(queries) if status == 200 else None
print(json.dumps(counts))
"""

PICK_PAGES = """
import json, django
django.setup()
from articles.models import Article, Issue
issue = Issue.objects.published().latest()
article = Article.objects.published().filter(issue=issue).in_print_order().first()
pages = {"article": article.get_absolute_url(), "issue": issue.get_absolute_url(), "home": "/"}
from django.urls import NoReverseMatch, reverse
try:
    pages["search"] = reverse("articles:search") + "?q=" + "%E7%94%9F%E6%80%81"  # 生态
except NoReverseMatch:
    pass
print(json.dumps(pages))
"""


def fill(site, issues):
    """The corpus: the seed issue, or ``issues`` synthetic issues (8 articles each)."""
    started = time.perf_counter()
    if issues <= 1:
        site.manage("import_issue", SEED)
    else:
        from .synthetic import write_issues

        with tempfile.TemporaryDirectory() as folder:
            write_issues(folder, issues)
            site.manage("import_issue", folder)
    return time.perf_counter() - started


def parse_speed(runs=200):
    """Milliseconds to parse the seed issue (median of ``runs``)."""
    code = (
        "import json, time, datetime, pathlib\n"
        "from articles.importer.parse import parse_issue\n"
        f"text = pathlib.Path({str(SEED / '000_2699379a271d4552.txt')!r}).read_text()\n"
        "times = []\n"
        f"for _ in range({runs}):\n"
        "    t = time.perf_counter(); parse_issue(text, today=datetime.date(2026, 1, 1))\n"
        "    times.append(time.perf_counter() - t)\n"
        "times.sort(); print(json.dumps(times[len(times) // 2] * 1000))\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    script = "import django; django.setup()\n" + code
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return round(json.loads(out.stdout), 2)


def measure(site, seconds, log):
    pages = json.loads(site.manage("shell", "-v0", "-c", PICK_PAGES))
    queries = json.loads(
        site.manage(
            "shell", "-v0", "-c", QUERY_COUNT, PAGES=json.dumps(pages), NEWSROOM_PAGE_CACHE="0"
        )
    )
    results, ceiling = {}, None
    with site.serve(page_cache=False) as uncached:
        article = uncached.get(pages["article"])
        static = site.static_copy("article.html", len(article))
        log(f"article page: {len(article):,} bytes; measuring it uncached")
        wrk.run(uncached.base + pages["article"], seconds=1)
        results["article_uncached"] = wrk.run(uncached.base + pages["article"], seconds=seconds)
    site.flush_cache()
    with site.serve(page_cache=True) as cached:
        log("measuring the static ceiling and the cached pages")
        for name, path in [("static", static), *[(n, p) for n, p in pages.items()]]:
            wrk.run(cached.base + path, seconds=1)  # warm the cache and the workers
            key = "article_cached" if name == "article" else name
            results[key] = wrk.run(cached.base + path, seconds=seconds)
        ceiling = results["static"].rps
        memory = cached.worker_peak_rss_mb()
        try:
            with site.varnish(cached.base) as proxy:
                log("measuring the article through Varnish")
                wrk.run(proxy + pages["article"], seconds=1)
                results["varnish_article"] = wrk.run(proxy + pages["article"], seconds=seconds)
        except RuntimeError as error:
            log(f"no Varnish: {error}")
    return pages, queries, results, ceiling, memory


def run_peer(log):
    log("running the Wagtail peer (../shared/peers/wagtail/bench.sh)")
    out = subprocess.run(["bash", str(PEER)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def markdown(report):
    rows = [
        "| page | requests/s | × static | p50 ms | p95 ms | p99 ms | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, result in report["pages"].items():
        ratio = report["ratios"].get(name)
        rows.append(
            f"| {name} | {result['rps']:,.0f} | {ratio if ratio is not None else '—'} | "
            f"{result['p50_ms']} | {result['p95_ms']} | {result['p99_ms']} | {result['errors']} |"
        )
    corpus = report["corpus"]
    lines = [
        f"# Benchmark {report['when']}",
        "",
        f"{corpus['issues']:,} issues, {corpus['articles']:,} articles on {report['database']}; "
        f"gunicorn, 2 sync workers; wrk -t2 -c16, {report['seconds']} s per page.",
        "",
        *rows,
        "",
        f"SQL queries per page (uncached): {json.dumps(report['queries'], ensure_ascii=False)}",
        f"Worker peak memory: {report['worker_peak_rss_mb']} MiB. "
        f"Parsing the seed: {report['parse_ms_per_issue']} ms. "
        f"Loading the corpus: {report['load_issues_per_s']} issues/s.",
    ]
    if report.get("peer"):
        peer = report["peer"]
        lines += [
            "",
            f"Wagtail {peer['wagtail_version']} on the same stack: article "
            f"{peer['article_rps']:,.0f} requests/s; this site's uncached article is "
            f"{report['peer_ratio']}× that.",
        ]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 issue, 3 s per page")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--issues", type=int, help="corpus size (default 1; 3650 in full)")
    parser.add_argument("--seconds", type=int, help="load per page (default 10; quick 3)")
    parser.add_argument("--database", help="DATABASE_URL (default: a SQLite file)")
    parser.add_argument("--peer", action="store_true", help="also run the Wagtail peer")
    parser.add_argument(
        "--keep",
        metavar="DIR",
        help="keep the site and its corpus in DIR, and reuse them if DIR holds this size's",
    )
    args = parser.parse_args()
    issues = args.issues or 1
    seconds = args.seconds or (3 if args.quick else 10)

    def log(message):
        print(f"[bench] {message}", file=sys.stderr, flush=True)

    site = Site(args.database, directory=args.keep)
    marker = site.directory / f"corpus-{issues}"
    try:
        log(f"preparing a site in {site.directory}")
        site.prepare()  # migrated and its static files collected, also when reused
        if marker.exists():
            log("reusing its corpus")
            loaded = float(marker.read_text())
        else:
            loaded = fill(site, issues)
            if args.keep:
                marker.write_text(str(loaded))
        articles = int(
            site.manage(
                "shell",
                "-v0",
                "-c",
                "from articles.models import Article; print(Article.objects.count())",
            )
        )
        pages, queries, results, ceiling, memory = measure(site, seconds, log)
        ours = [results["article_uncached"].rps]
        peer = None
        if args.peer:
            peers = [run_peer(log)]
            with site.serve(page_cache=False) as uncached:
                ours.append(wrk.run(uncached.base + pages["article"], seconds=seconds).rps)
            peers.append(run_peer(log))
            peer = dict(peers[-1], article_rps=statistics.median(p["article_rps"] for p in peers))
    finally:
        if not args.keep:
            site.remove()
    report = {
        "when": datetime.datetime.now().isoformat(timespec="seconds"),
        "database": "postgresql" if (args.database or "").startswith("postgres") else "sqlite",
        "seconds": seconds,
        "corpus": {"issues": issues, "articles": articles},
        "pages": {name: result.as_dict() for name, result in results.items()},
        "ratios": {name: round(result.rps / ceiling, 3) for name, result in results.items()},
        "queries": queries,
        "worker_peak_rss_mb": memory,
        "parse_ms_per_issue": parse_speed(),
        "load_issues_per_s": round(issues / loaded, 1),
    }
    for name, result in results.items():
        report[f"{name}_rps"] = result.rps
        report[f"{name}_p95_ms"] = result.p95_ms
    report.setdefault("search_rps", None)
    report["errors"] = sum(result.errors for result in results.values())
    report["article_queries"] = queries.get("article")
    if peer:
        report["peer"] = peer
        report["peer_ratio"] = round(statistics.median(ours) / peer["article_rps"], 2)
    RESULTS.mkdir(exist_ok=True)
    stem = RESULTS / f"{report['when'].replace(':', '')}-{report['database']}-{issues}"
    stem.with_suffix(".json").write_text(json.dumps(report, ensure_ascii=False, indent=2))
    stem.with_suffix(".md").write_text(markdown(report), encoding="utf-8")
    log(f"results in {stem}.json and .md")
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(markdown(report))


if __name__ == "__main__":
    main()
