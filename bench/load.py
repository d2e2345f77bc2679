"""The load test: ``python -m bench.load`` (``make load-test``; ``--short`` in CI).

Serves a corpus (default 3,650 issues, on PostgreSQL) with gunicorn under production
settings and drives it with wrk from a second process, in three rounds of the same mixed
workload (home, issue, page, article, sitemap, feed, and 404s), after finding the highest
rate the machine sustains on the article page:

1. steady: the mix alone;
2. importing: the mix while ``import_issue`` loads 100 more issues;
3. database restart: the mix while PostgreSQL is restarted once.

It reports per round the requests per second, latency percentiles and every status that
is not 2xx, 3xx or an expected 404, and the workers' memory before and after (their growth
must stay within ``--memory-growth`` MiB). Requests may fail only while the database is
down; after it, every worker answers again by itself. Exit status 1 if any of that fails.
"""

import argparse
import datetime
import json
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from .server import Site

MIX = """
local paths = {PATHS}
local missing = {MISSING}
local threads = {}
setup = function(thread)
  table.insert(threads, thread)
end
init = function(args)
  counter = 0
  counts = {}
end
request = function()
  counter = counter + 1
  local path
  if counter % 10 == 0 then
    path = missing[math.floor(counter / 10) % #missing + 1]
  else
    path = paths[counter % #paths + 1]
  end
  return wrk.format("GET", path)
end
response = function(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end
done = function(summary, latency, requests)
  local all = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("counts")) do all[status] = (all[status] or 0) + n end
  end
  local parts = {}
  for status, n in pairs(all) do table.insert(parts, string.format('"%d": %d', status, n)) end
  io.write(string.format(
    '{"requests": %d, "seconds": %f, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"socket_errors": %d, "statuses": {%s}}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout, table.concat(parts, ", ")))
end
"""


def lua_list(items):
    return "{" + ", ".join(json.dumps(item) for item in items) + "}"


def drive(base, paths, missing, seconds, connections, rate=None):
    """The mix for ``seconds`` (wrk, 2 threads); statuses counted per code."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(
            MIX.replace("{PATHS}", lua_list(paths)).replace("{MISSING}", lua_list(missing))
        )
    try:
        # wrk has no rate limit of its own: the connection count sets the pressure.
        out = subprocess.run(
            [shutil.which("wrk"), "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout=10s",
             "-s", script.name, base],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    finally:
        Path(script.name).unlink()
    report = json.loads(out.strip().splitlines()[-1])
    report["rps"] = round(report["requests"] / report["seconds"], 1)
    report["server_errors"] = sum(n for code, n in report["statuses"].items() if code >= "500")
    report["unexpected"] = sum(
        n
        for code, n in report["statuses"].items()
        if code not in ("200", "301", "302", "304", "404")
    )
    return report


PICK = """
import json, django
django.setup()
from articles.models import Article, Issue, Page
issue = Issue.objects.published().latest()
page = Page.objects.published().filter(issue=issue).order_by("number").first()
articles = list(Article.objects.published().order_by("-publish_at")[:50])
paths = ["/", issue.get_absolute_url(), "/sitemap.xml", "/sitemap-articles.xml", "/feed/"]
paths += [page.get_absolute_url()] if page else []
paths += [a.get_absolute_url() for a in articles]
print(json.dumps(paths))
"""


def restart_postgresql(log):
    version = sorted(Path("/etc/postgresql").iterdir())[-1].name
    log(f"restarting PostgreSQL {version}")
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True
    )


def main():
    parser = argparse.ArgumentParser(
        prog="python -m bench.load", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/newsroom_load")
    parser.add_argument("--issues", type=int, default=3650)
    parser.add_argument("--seconds", type=int, default=300, help="each round")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--memory-growth", type=float, default=64.0, help="MiB per worker")
    parser.add_argument("--short", action="store_true", help="CI: 100 issues, 20 s rounds")
    args = parser.parse_args()
    if args.short:
        args.issues, args.seconds = min(args.issues, 100), 20

    def log(message):
        print(f"[load] {message}", file=sys.stderr, flush=True)

    if args.database.startswith("postgres"):
        name = args.database.rsplit("/", 1)[1]
        admin = args.database.rsplit("/", 1)[0] + "/postgres"
        subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
        subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
    site = Site(args.database)
    failures, rounds = [], {}
    try:
        log(f"preparing {args.issues:,} issues in {site.directory}")
        site.prepare()
        from .synthetic import FIRST_DATE, write_issues

        with tempfile.TemporaryDirectory() as folder:
            write_issues(folder, args.issues)
            site.manage("import_issue", folder)
        paths = json.loads(site.manage("shell", "-v0", "-c", PICK))
        missing = ["/articles/999999999/", "/issues/1999-01-01/", "/no-such-page/"]
        site.flush_cache()
        with site.serve(workers=3) as served:
            drive(served.base, paths, missing, 5, args.connections)  # warm
            memory_before = served.worker_peak_rss_mb()
            log("round 1: steady")
            rounds["steady"] = drive(served.base, paths, missing, args.seconds, args.connections)

            log("round 2: while 100 issues are imported")
            with tempfile.TemporaryDirectory() as folder:
                later = FIRST_DATE + datetime.timedelta(days=3 * args.issues)
                write_issues(folder, 100, seed=7, start=later, first_number=900_000)
                importer = threading.Thread(target=site.manage, args=("import_issue", folder))
                importer.start()
                rounds["importing"] = drive(
                    served.base, paths, missing, args.seconds, args.connections
                )
                importer.join()

            if args.database.startswith("postgres"):
                log("round 3: while PostgreSQL restarts")
                timer = threading.Timer(args.seconds / 3, restart_postgresql, args=(log,))
                timer.start()
                rounds["restart"] = drive(
                    served.base, paths, missing, args.seconds, args.connections
                )
                timer.join()
                after = drive(served.base, paths, missing, 5, args.connections)
                rounds["after_restart"] = after
                if after["server_errors"] or after["unexpected"]:
                    failures.append("workers did not recover after the database restart")
            memory_after = served.worker_peak_rss_mb()
    finally:
        site.remove()
    for name in ("steady", "importing"):
        if rounds[name]["server_errors"] or rounds[name]["unexpected"]:
            failures.append(f"{name}: {rounds[name]['statuses']}")
    growth = (memory_after or 0) - (memory_before or 0)
    if growth > args.memory_growth:
        failures.append(f"worker memory grew {growth:.1f} MiB (bound {args.memory_growth})")
    report = {
        "issues": args.issues,
        "seconds": args.seconds,
        "connections": args.connections,
        "rounds": rounds,
        "worker_peak_rss_mb": {"before": memory_before, "after": memory_after},
        "failures": failures,
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
