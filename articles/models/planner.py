"""The query planner's statistics on SQLite.

SQLite plans a query from ``sqlite_stat1``, which only ``ANALYZE`` writes. Without it, it
guesses that a range on an index narrows a table as much as an equality does: at ten years
of issues (29,200 articles) an article page's "articles of this issue in print order" read
every published article through the (status, publish_at) index instead of the issue's
eight through the issue index, 25 ms instead of 0.14 ms. PostgreSQL's autovacuum analyzes
its tables by itself; SQLite's are analyzed here after an import, when they have none yet
or the articles have grown by a quarter since (``ANALYZE`` with a sampling limit: well under
a second at that size).
"""

from django.db import DEFAULT_DB_ALIAS, connections

GROWTH = 1.25  # analyzed again when the articles have grown by this factor
SAMPLE = 1000  # rows of each index ANALYZE reads (PRAGMA analysis_limit)


def analyzed_rows(cursor):
    """How many articles the statistics were made from (None: no statistics)."""
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")
    if cursor.fetchone() is None:
        return None
    cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'articles_article' LIMIT 1")
    row = cursor.fetchone()
    return int(row[0].split()[0]) if row else None


def refresh(using=DEFAULT_DB_ALIAS):
    """Analyze SQLite's tables if their statistics are missing or out of date. Returns
    whether it did."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        before = analyzed_rows(cursor)
        # The highest id stands for the number of rows (counting them would read them all).
        cursor.execute("SELECT coalesce(max(id), 0) FROM articles_article")
        rows = cursor.fetchone()[0]
        if before is not None and rows < before * GROWTH:
            return False
        cursor.execute(f"PRAGMA analysis_limit = {SAMPLE}")
        cursor.execute("ANALYZE")
    return True
