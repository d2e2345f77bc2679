"""SQLite's query planner gets statistics after imports (``models.planner``): without them
it reads every published article to list the eight of one issue."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection

from articles.models import Article, Issue, planner
from bench.synthetic import write_issues

pytestmark = [pytest.mark.database("sqlite"), pytest.mark.django_db(transaction=True)]


def analyzed_rows():
    with connection.cursor() as cursor:
        return planner.analyzed_rows(cursor)


def print_order_plan():
    issue = Issue.objects.order_by("date").last()
    return Article.objects.published().filter(issue=issue).in_print_order().explain()


def test_an_import_gives_the_planner_statistics_and_again_once_the_archive_has_grown(tmp_path):
    assert analyzed_rows() is None
    (tmp_path / "first").mkdir()
    write_issues(tmp_path / "first", 12)
    call_command("import_issue", tmp_path / "first")
    assert analyzed_rows() == 12 * 8
    # An issue's articles are found through the issue's index, not every published one.
    assert "article_issue_position_idx" in print_order_plan()

    (tmp_path / "one").mkdir()
    write_issues(tmp_path / "one", 1, seed=5, first_number=5000, start=datetime.date(2001, 1, 1))
    call_command("import_issue", tmp_path / "one")
    assert analyzed_rows() == 12 * 8  # grown by one issue: the statistics still hold

    (tmp_path / "more").mkdir()
    write_issues(tmp_path / "more", 6, seed=6, first_number=6000, start=datetime.date(2002, 1, 1))
    call_command("import_issue", tmp_path / "more")
    assert analyzed_rows() == 19 * 8  # grown by half: analyzed again
