"""Imports under concurrency and faults, with real processes against the test database:
two imports at once, an import killed mid-run, a database connection that goes away.

Each run is ``manage.py import_issue`` in a process of its own, as on a server; the test
database is shared with it, so these tests commit (``transactional_db``).
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from articles.models import Article, Issue, Reporter

from ..conftest import write
from .texts import ISSUE_V1

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
APP_NAME = "newsroom-import-under-test"


def database_url():
    """The test database, as the processes started here must reach it."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    return f"postgres://{settings['USER']}@{host}:{port}/{settings['NAME']}"


def start(*args):
    """``manage.py import_issue *args`` in a process of its own."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "PGAPPNAME": APP_NAME,  # so that the test can find its connection on PostgreSQL
    }
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "import_issue", *map(str, args)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process, timeout=120):
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err


def many_issues(directory, count):
    from bench.synthetic import write_issues

    directory.mkdir()
    write_issues(directory, count)
    return directory


def wait_until(condition, timeout=60, what="the import to start writing"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def import_in_transaction():
    """The import's own connection is inside its transaction (PostgreSQL). Only this test
    database's: another run of the suite on the same server has imports of its own."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE application_name = %s "
            "AND xact_start IS NOT NULL AND datname = current_database()",
            [APP_NAME],
        )
        row = cursor.fetchone()
    return row[0] if row else None


# Two imports at once -------------------------------------------------------------------


@pytest.mark.database("postgresql")
@pytest.mark.parametrize("round_", range(3))
def test_the_same_text_twice_at_once_imports_once(tmp_path, round_):
    path = write(tmp_path / "issue.txt", ISSUE_V1)
    runs = [finish(process) for process in [start(path), start(path)]]
    assert [status for status, _, _ in runs] == [0, 0], [err for _, _, err in runs]
    outs = sorted(out.splitlines()[0] for _, out, _ in runs)
    assert outs[0].startswith("issue.txt: already imported as the issue of 2024-06-14")
    assert outs[1].startswith("issue.txt: issue 2024-06-14 (No. 3700) created")
    assert Issue.objects.count() == 1 and Article.objects.count() == 3


@pytest.mark.database("postgresql")
def test_two_issues_that_bring_the_same_new_reporter_both_import(tmp_path):
    first = write(tmp_path / "a.txt", "经开区召开会议\n\n本报讯（记者 沈可）6月1日，会议召开。\n")
    second = write(tmp_path / "b.txt", "横林镇开展活动\n\n本报讯（记者 沈可）6月2日，活动开展。\n")
    runs = [
        finish(process)
        for process in [start(first, "--date", "2024-06-01"), start(second, "--date", "2024-06-02")]
    ]
    assert [status for status, _, _ in runs] == [0, 0], [err for _, _, err in runs]
    assert Issue.objects.count() == 2
    assert list(Reporter.objects.values_list("name", flat=True)) == ["沈可"]
    assert Reporter.objects.get().bylines.count() == 2


# Faults mid-run ------------------------------------------------------------------------


def test_a_killed_import_leaves_the_database_as_it_was_and_a_rerun_succeeds(tmp_path):
    folder = many_issues(tmp_path / "issues", 150)
    process = start(folder)
    if connection.vendor == "postgresql":
        wait_until(import_in_transaction)
    else:
        # SQLite keeps a rollback journal beside the database while a write transaction
        # is open: the import is writing.
        journal = Path(connection.settings_dict["NAME"] + "-journal")
        wait_until(journal.exists)
    assert process.poll() is None, "the import finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert Issue.objects.count() == 0 and Article.objects.count() == 0
    status, _, err = finish(start(folder), timeout=300)
    assert status == 0, err
    assert Issue.objects.count() == 150 and Article.objects.count() == 150 * 8


@pytest.mark.database("postgresql")
def test_a_database_that_goes_away_mid_import_gives_one_line_and_changes_nothing(tmp_path):
    folder = many_issues(tmp_path / "issues", 150)
    process = start(folder)
    wait_until(import_in_transaction)
    pid = import_in_transaction()
    with connection.cursor() as cursor:  # the server ends the import's connection
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    status, _, err = finish(process)
    assert status == 1
    lines = [line for line in err.splitlines() if not line.startswith("[")]
    assert len(lines) == 1, err
    assert lines[0].startswith("CommandError: the database failed during the import, nothing")
    assert "Traceback" not in err
    assert Issue.objects.count() == 0
    status, _, err = finish(start(folder), timeout=300)
    assert status == 0, err
    assert Issue.objects.count() == 150


@pytest.mark.database("postgresql")
def test_a_large_import_refreshes_the_planners_statistics(tmp_path):
    folder = many_issues(tmp_path / "issues", 130)  # 1,040 articles: past the threshold
    status, _, err = finish(start(folder), timeout=300)
    assert status == 0, err
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT last_analyze IS NOT NULL, n_live_tup FROM pg_stat_user_tables "
            "WHERE relname = 'articles_article'"
        )
        analyzed, _ = cursor.fetchone()
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'articles_article'")
        estimate = cursor.fetchone()[0]
    assert analyzed
    assert estimate == 1040  # what the planner now believes, from ANALYZE
