"""Where a reader's page spends its time, in this process: ``python -m bench.profile URL``.

Serves ``URL`` through Django's test client under production settings (debug off, the
page cache off unless ``--cached``) on a throwaway SQLite copy of the seed issue (or
``DATABASE_URL``), and prints the time per request, the time spent in the database, the
queries, and the functions that took longest (cProfile).
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(prog="python -m bench.profile")
    parser.add_argument("url", nargs="?", help="a path; default: the seed's lead article")
    parser.add_argument("--cached", action="store_true", help="with the page cache on")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="cumulative", help="a pstats key: cumulative, tottime…")
    parser.add_argument("--dump", help="write the raw profile to this file (pstats)")
    args = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="newsroom-profile-")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="profile-only-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SECURE_SSL_REDIRECT="0",
        STATIC_ROOT=os.path.join(scratch, "static"),
        MEDIA_ROOT=os.path.join(scratch, "media"),
        NEWSROOM_SCANS_ROOT=os.path.join(scratch, "scans"),
        NEWSROOM_ORIGINALS_ROOT=os.path.join(scratch, "originals"),
        NEWSROOM_PAGE_CACHE="1" if args.cached else "0",
        DJANGO_LOG_LEVEL="ERROR",
    )
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/db.sqlite3")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from articles.models import Article

    quiet = io.StringIO()
    call_command("migrate", verbosity=0, stdout=quiet)
    call_command("collectstatic", "--noinput", verbosity=0, stdout=quiet)
    if not Article.objects.exists():
        call_command("import_issue", ROOT / "fixtures/source", stdout=quiet)
    url = args.url or Article.objects.published().in_print_order().first().get_absolute_url()
    client = Client()
    assert client.get(url).status_code == 200, url
    spent, statements = [0.0], []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent[0] += time.perf_counter() - started
            statements.append(sql)

    with connection.execute_wrapper(timed):
        started = time.perf_counter()
        for _ in range(args.requests):
            client.get(url)
        total = time.perf_counter() - started
    per = args.requests
    print(f"{url}: {total / per * 1000:.2f} ms a request, {spent[0] / per * 1000:.2f} ms in SQL")
    for sql in statements[: len(statements) // per]:
        print("  ", sql[:150])
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.requests):
        client.get(url)
    profile.disable()
    stats = pstats.Stats(profile)
    if args.dump:
        stats.dump_stats(args.dump)
    # Function calls do not vary with what else the machine is doing: a steady measure of
    # the work a request takes, where times are noisy.
    print(f"{stats.total_calls / per:,.0f} function calls a request")
    if args.top:
        stats.sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
