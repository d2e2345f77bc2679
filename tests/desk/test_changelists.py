"""The changelists: columns, filters, Chinese search, and a fixed number of queries however
many articles, bylines and photos there are."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles.desk.admin import changelist
from articles.models import Article

from ..conftest import make_article, make_issue, make_page, make_section

pytestmark = pytest.mark.django_db

ARTICLES = reverse("admin:articles_article_changelist")
POSTGRES = connection.vendor == "postgresql"


def fill(count):
    """``count`` articles on one page, with one to three bylines and a photo each."""
    issue = make_issue()
    page = make_page(issue, 1, make_section())
    names = ["刘懿", "何美欣", ("李焱", "photographer")]
    for i in range(count):
        make_article(
            f"稿件{i}", issue=issue, page=page, bylines=names[: 1 + i % 3], images=1, position=i
        )
    return issue


@pytest.mark.parametrize("count", [1, 12])
@pytest.mark.parametrize("params", [{}, {"status": "published", "q": "稿件"}], ids=["all", "found"])
def test_article_changelist_query_count_is_fixed(
    client, editor, django_assert_num_queries, count, params
):
    fill(count)
    client.force_login(editor)
    # session, user, user permissions, group permissions; the review chain and the steps
    # this user holds (the actions they may use, the moves each row offers); the filters'
    # choices: sections, latest issues (reporters are searched as the editor types, never
    # listed); the count (PostgreSQL first asks the planner for an estimate: one EXPLAIN);
    # the page of articles with issue and page joined; their bylines with reporters (one
    # prefetch); the date hierarchy: MIN/MAX, then (all in one year) that year's months. A
    # search reads the search's word list too (the query may be split at its words).
    with django_assert_num_queries(12 + POSTGRES + ("q" in params)):
        response = client.get(ARTICLES, params)
    assert len(response.context["cl"].result_list) == count


@pytest.mark.parametrize("count", [1, 12])
def test_reporter_changelist_query_count_is_fixed(
    client, reporter, django_assert_num_queries, count
):
    fill(count)
    client.force_login(reporter)
    # The same twelve as an editor's, narrowed to the reporter's own articles.
    with django_assert_num_queries(12 + POSTGRES):
        response = client.get(ARTICLES)
    assert len(response.context["cl"].result_list) == count


@pytest.mark.parametrize("count", [1, 12])
def test_image_and_issue_changelists_query_counts_are_fixed(
    client, editor, django_assert_num_queries, count
):
    fill(count)
    client.force_login(editor)
    # session, user, two permission lookups; count, full count; the images with their
    # articles joined; the date hierarchy (upload date): MIN/MAX, then the years.
    with django_assert_num_queries(9):
        client.get(reverse("admin:articles_image_changelist"))
    # session, user, two permission lookups; count, full count; the issues with their
    # article and fragment counts; the date hierarchy: MIN/MAX, then the days; the review
    # chain (may the user import? 导入报纸 shows only then).
    with django_assert_num_queries(10):
        client.get(reverse("admin:articles_issue_changelist"))


def test_columns_show_headline_placement_bylines_and_schedule(client, editor):
    issue = make_issue(datetime.date(2024, 6, 11))
    page = make_page(issue, 3, make_section())
    make_article(
        "全区专题座谈会召开",
        kicker="助推绿色优特钢产业焕新",
        issue=issue,
        page=page,
        bylines=["刘懿", "戴雪燕"],
        publish_at=timezone.now() + datetime.timedelta(days=1),
    )
    client.force_login(editor)
    html = client.get(ARTICLES).content.decode()
    assert '<span class="kicker">助推绿色优特钢产业焕新</span>全区专题座谈会召开' in html
    assert "2024-06-11 第03版" in html
    assert "刘懿、戴雪燕" in html
    assert '<span class="badge badge-scheduled">定时</span>' in html
    assert "1 篇稿件" in html


def test_filters_by_issue_reporter_section_and_kind(client, editor):
    first, second = make_issue(datetime.date(2024, 6, 4)), make_issue(datetime.date(2024, 6, 11))
    section = make_section("民生")
    a = make_article("一", issue=first, bylines=["刘懿"], section=section)
    b = make_article("二", issue=second, bylines=["何美欣", "刘懿"], kind=Article.Kind.PHOTO)
    client.force_login(editor)

    def listed(**params):
        return set(client.get(ARTICLES, params).context["cl"].result_list)

    assert listed(issue=first.pk) == {a}
    reporter = b.bylines.get(position=1).reporter
    assert listed(reporter=reporter.pk) == {a, b}  # once each, although joined by bylines
    assert listed(section__id__exact=section.pk) == {a}
    assert listed(kind__exact="photo") == {b}


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("座谈会", {"座谈会"}),
        ("座谈会 丁一", {"座谈会"}),  # every word must appear
        ("座谈会\u3000智慧", set()),  # a full-width space separates words too
        ("何美欣", {"智慧居家"}),  # a byline's name
        ("５Ｇ", {"5G基站"}),  # full-width letters and digits are normalised
        ("“一老一小”", {"智慧居家"}),  # quotation marks are not part of the word
    ],
)
def test_chinese_aware_search(client, editor, query, found):
    make_article("座谈会", body="丁一出席并讲话。", bylines=["刘懿"])
    make_article("智慧居家", body="护好“一老一小”。", bylines=["何美欣"])
    make_article("5G基站", body="新建基站。")
    client.force_login(editor)
    result = client.get(ARTICLES, {"q": query}).context["cl"].result_list
    assert {article.title for article in result} == found


@pytest.mark.database("postgresql")  # the planner's estimate
def test_a_large_list_shows_the_planners_estimate(client, editor, monkeypatch):
    fill(3)
    monkeypatch.setattr(changelist, "EXACT_COUNT_BELOW", 1)  # as if the table were huge
    client.force_login(editor)
    response = client.get(ARTICLES)
    cl = response.context["cl"]
    assert cl.paginator.estimated
    assert cl.result_count == changelist.planner_estimate(Article.objects.all())
    assert "（估计数）" in response.content.decode()
    # Filtered to a few rows, the count is exact again.
    monkeypatch.setattr(changelist, "EXACT_COUNT_BELOW", 20_000)
    assert not client.get(ARTICLES, {"q": "稿件1"}).context["cl"].paginator.estimated


def test_small_lists_are_counted_exactly(client, editor):
    fill(2)
    client.force_login(editor)
    cl = client.get(ARTICLES).context["cl"]
    assert not cl.paginator.estimated and cl.result_count == 2


def test_date_hierarchy_lists_years_without_reading_every_row(
    client, editor, django_assert_num_queries
):
    for year in (2021, 2024):
        make_article(
            f"{year}年的稿件", publish_at=timezone.make_aware(datetime.datetime(year, 6, 9))
        )
    client.force_login(editor)
    with django_assert_num_queries(11 + POSTGRES):  # as above, less the DISTINCT of years
        html = client.get(ARTICLES).content.decode()
    for year in (2021, 2022, 2023, 2024):
        assert f"?publish_at__year={year}" in html
    in_2024 = client.get(ARTICLES, {"publish_at__year": 2024}).context["cl"].result_list
    assert [article.title for article in in_2024] == ["2024年的稿件"]
