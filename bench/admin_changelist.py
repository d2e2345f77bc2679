"""How fast the article changelist opens on a large PostgreSQL table.

    .venv/bin/python bench/admin_changelist.py                    # 1,000,000 articles
    .venv/bin/python bench/admin_changelist.py --articles 20000   # a quick run

Fills its own database (``newsroom_bench`` next to the server in ``--server``) with a
synthetic corpus written by SQL (``generate_series``, no ORM saves): 40 articles an issue on
8 pages, one or two bylines each, a photo on every tenth (half of them still awaited), 90 %
published. The corpus is kept and reused while its size matches; ``--fresh`` rebuilds it.

Then it requests the changelist as a superuser through Django's test client, unfiltered,
filtered and searched, from the editors' desk and from a plain ``ModelAdmin`` with Django's
defaults (the same columns, filters and search as a first admin would have, counting with
``COUNT(*)``), and prints the median time and the queries of each.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

ARTICLES_PER_ISSUE = 40
PAGES_PER_ISSUE = 8
REPORTERS = 300


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="newsroom_bench")
    parser.add_argument("--repeat", type=int, default=5, help="requests per measurement")
    parser.add_argument("--fresh", action="store_true", help="rebuild the corpus")
    return parser.parse_args()


def setup_django(url):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host name is allowed


def create_database(server, name):
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def fill(articles):
    """The corpus, in one transaction of a few INSERT … SELECT statements."""
    from django.db import connection, transaction
    from synthetic import PHRASES, SENTENCES

    issues = -(-articles // ARTICLES_PER_ISSUE)
    titles = PHRASES[:400]
    sentences = SENTENCES[:400]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE articles_article, articles_issue, articles_reporter, articles_section, "
            "articles_revision, articles_presence RESTART IDENTITY CASCADE"
        )
        cursor.execute(
            "INSERT INTO articles_section (name, slug, position, description) "
            "SELECT name, 'section-' || n, n, '' "
            "FROM unnest(%s::text[]) WITH ORDINALITY AS s(name, n)",
            [["要闻", "综合", "民生", "生态", "图片新闻"]],
        )
        cursor.execute(
            "INSERT INTO articles_reporter (name, slug, bio) "
            "SELECT '记者' || g, 'reporter-' || g, '' FROM generate_series(1, %s) g",
            [REPORTERS],
        )
        cursor.execute(
            "INSERT INTO articles_issue (publication, date, date_inferred, number, created_at, "
            "updated_at) SELECT '常州经开区报', DATE '2026-06-01' - g, false, g, now(), now() "
            "FROM generate_series(1, %s) g",
            [issues],
        )
        cursor.execute(
            "INSERT INTO articles_page (issue_id, number, section_id, name, staff) "
            "SELECT i, p, 1 + (p - 1) %% 5, '', '' FROM generate_series(1, %s) i, "
            "generate_series(1, %s) p ORDER BY i, p",
            [issues, PAGES_PER_ISSUE],
        )
        per_page = ARTICLES_PER_ISSUE // PAGES_PER_ISSUE
        cursor.execute(
            """
            INSERT INTO articles_article (
                kicker, title, subtitle, slug, dateline, kind, body, summary, status,
                review_stage, "column", editors_note,
                publish_at, issue_id, page_id, position, section_id, created_at, updated_at,
                version)
            SELECT
                CASE WHEN g %% 3 = 0 THEN t[1 + (g * 7) %% cardinality(t)] ELSE '' END,
                t[1 + g %% cardinality(t)] || '（' || g || '）',
                '',
                'a-' || g,
                '本报讯',
                CASE WHEN g %% 10 = 0 THEN 'photo' ELSE 'news' END,
                jsonb_build_array(
                    jsonb_build_object('type', 'paragraph', 'text', s[1 + g %% cardinality(s)]),
                    jsonb_build_object(
                        'type', 'paragraph', 'text', s[1 + (g * 3) %% cardinality(s)]),
                    jsonb_build_object(
                        'type', 'paragraph', 'text', s[1 + (g * 11) %% cardinality(s)])),
                '',
                CASE g %% 20 WHEN 0 THEN 'draft' WHEN 1 THEN 'review' ELSE 'published' END,
                0, '', '',
                CASE WHEN g %% 20 > 1
                     THEN (DATE '2026-06-01' - issue) + TIME '06:00' + (g %% 60) * INTERVAL '1 s'
                END AT TIME ZONE 'Asia/Shanghai',
                issue,
                (issue - 1) * %(pages)s + 1 + (g - 1) %% %(per_issue)s / %(per_page)s,
                (g - 1) %% %(per_issue)s,
                1 + ((g - 1) %% %(per_issue)s / %(per_page)s) %% 5,
                now(), now(), 1
            FROM generate_series(1, %(articles)s) g,
                 LATERAL (SELECT 1 + (g - 1) / %(per_issue)s AS issue) placed,
                 (SELECT %(titles)s::text[] AS t, %(sentences)s::text[] AS s) words
            """,
            {
                "articles": articles,
                "pages": PAGES_PER_ISSUE,
                "per_issue": ARTICLES_PER_ISSUE,
                "per_page": per_page,
                "titles": titles,
                "sentences": sentences,
            },
        )
        cursor.execute(
            "INSERT INTO articles_byline (article_id, reporter_id, role, position) "
            "SELECT id, 1 + id %% %s, 'reporter', 0 FROM articles_article "
            "UNION ALL SELECT id, 1 + (id + 1) %% %s, 'correspondent', 1 "
            "FROM articles_article WHERE id %% 2 = 0",
            [REPORTERS, REPORTERS],
        )
        cursor.execute(
            "INSERT INTO articles_image (article_id, file, caption, alt_text, credit, renditions, "
            "position) SELECT id, CASE WHEN id % 20 = 0 THEN 'photos/bench.jpg' ELSE '' END, "
            "title, '', '', '{}'::jsonb, 0 FROM articles_article WHERE kind = 'photo'"
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def corpus_size():
    from articles.desk.admin.changelist import planner_estimate
    from articles.models import Article

    return planner_estimate(Article.objects.all())


def plain_site():
    """Django's defaults: COUNT(*) (twice), every issue and reporter as a filter link."""
    from django.contrib import admin

    from articles.models import Article

    site = admin.AdminSite(name="plain")

    @admin.register(Article, site=site)
    class PlainArticleAdmin(admin.ModelAdmin):
        list_display = ["title", "kicker", "issue", "page", "kind", "status", "publish_at"]
        list_filter = ["status", "kind", "section", "issue", "bylines__reporter"]
        list_select_related = ["issue", "page"]
        search_fields = ["title", "kicker", "subtitle", "body", "bylines__reporter__name"]
        date_hierarchy = "publish_at"

    return site


def measure(client, url, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm up
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
    slowest = max(float(q["time"]) for q in queries.captured_queries)
    return statistics.median(times) * 1000, len(queries), slowest * 1000


def main():
    args = parse_args()
    create_database(args.server, args.database)
    setup_django(f"{args.server}/{args.database}")
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client, override_settings
    from django.urls import path

    from articles.models import Article, Issue

    call_command("migrate", verbosity=0)
    present = corpus_size()
    if args.fresh or abs(present - args.articles) > args.articles * 0.02:
        print(f"Filling {args.database} with {args.articles:,} articles…", flush=True)
        start = time.perf_counter()
        fill(args.articles)
        print(f"  done in {time.perf_counter() - start:.0f} s", flush=True)
    count = Article.objects.count()
    print(f"{count:,} articles, {Issue.objects.count():,} issues", flush=True)

    from django.contrib import admin

    class Urls:
        urlpatterns = [path("admin/", admin.site.urls), path("plain/", plain_site().urls)]

    user, _ = User.objects.get_or_create(username="bench", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    issue = Issue.objects.order_by("-date").values_list("pk", flat=True)[3]
    reporter = 17
    cases = [  # (what, the desk's query string, the plain admin's)
        ("全部稿件", "", ""),
        ("状态：已发布", "?status=published", "?status__exact=published"),
        ("状态：待审", "?status=review", "?status__exact=review"),
        ("某一期次", f"?issue={issue}", f"?issue__id__exact={issue}"),
        ("某一记者", f"?reporter={reporter}", f"?bylines__reporter__id__exact={reporter}"),
        ("搜索“座谈会”", "?q=座谈会", "?q=座谈会"),
        ("第 200 页", "?p=200", "?p=200"),
    ]
    rows = []
    with override_settings(ROOT_URLCONF=Urls):
        for what, desk, plain in cases:
            print(f"  {what}…", flush=True)
            ours = measure(client, f"/admin/articles/article/{desk}", args.repeat)
            theirs = measure(client, f"/plain/articles/article/{plain}", args.repeat)
            rows.append((what, theirs, ours))
    print()
    print(f"Article changelist, {count:,} articles, median of {args.repeat} requests")
    print(f"{'':14} {'Django 默认':>24} {'编辑台':>26}")
    print(
        f"{'':14} {'ms':>9} {'queries':>7} {'slowest':>7}   {'ms':>9} {'queries':>7} {'slowest':>7}"
    )
    for what, (t1, q1, s1), (t2, q2, s2) in rows:
        print(f"{what:14} {t1:9.0f} {q1:7} {s1:7.0f}   {t2:9.0f} {q2:7} {s2:7.0f}")


if __name__ == "__main__":
    main()
