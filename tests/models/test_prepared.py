"""Prepared querysets (``models.prepared``): compiled once, run with new values, and the
same instances the ORM gives, on SQLite and PostgreSQL alike."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count
from django.utils import timezone

from articles.models import Article, Issue
from articles.models.prepared import Prepared

from ..conftest import make_article, make_issue, make_page, make_section

pytestmark = pytest.mark.django_db

JUNE = datetime.date(2024, 6, 11)


def fields(article):
    return {
        name: getattr(article, name)
        for name in ("pk", "title", "slug", "status", "publish_at", "page_id", "section_id")
    }


def placed(issue_date, slug, now):
    return (
        Article.objects.published(now)
        .select_related("issue", "page__section", "section")
        .annotate(bylines_count=Count("bylines"))
        .filter(issue__date=issue_date, slug=slug)
    )


PLACED = Prepared(Article, placed)


class TestRunningAgain:
    def test_each_call_finds_its_own_values_with_joined_objects_and_annotations(
        self, django_assert_num_queries
    ):
        section = make_section("要闻", slug="yaowen")
        first, second = make_issue(JUNE), make_issue(JUNE + datetime.timedelta(days=1))
        a = make_article("甲", issue=first, page=make_page(first, 1, section), bylines=["刘懿"])
        b = make_article("乙", issue=second, page=make_page(second, 2), section=section)
        now = timezone.now()
        for article in (a, b, a):
            with django_assert_num_queries(1):  # joined objects need no query of their own
                (found,) = PLACED(issue_date=article.issue.date, slug=article.slug, now=now)
                assert found.issue.date == article.issue.date
                assert found.page.number == article.page.number
                assert (found.page.section and found.page.section.name) == (
                    article.page.section and article.page.section.name
                )
                assert found.section_id == article.section_id
            (expected,) = placed(article.issue.date, article.slug, now)
            assert fields(found) == fields(expected)
            assert found.bylines_count == expected.bylines_count == len(article.bylines.all())
        assert PLACED(issue_date=JUNE, slug="没有这篇", now=now) == []

    def test_time_is_a_value_too_a_scheduled_article_appears_when_its_time_comes(self):
        issue = make_issue(JUNE)
        at = timezone.now() + datetime.timedelta(hours=2)
        article = make_article("定时", issue=issue, publish_at=at)
        before, after = at - datetime.timedelta(seconds=1), at + datetime.timedelta(seconds=1)
        assert PLACED(issue_date=JUNE, slug=article.slug, now=before) == []
        assert [a.pk for a in PLACED(issue_date=JUNE, slug=article.slug, now=after)] == [article.pk]
        assert PLACED(issue_date=JUNE, slug=article.slug, now=before) == []

    def test_lists_of_any_length_and_none_are_shapes_of_their_own(self, django_assert_num_queries):
        section = make_section("民生", slug="minsheng")
        articles = [make_article(f"稿件{i}", section=section if i % 2 else None) for i in range(4)]
        pks = [article.pk for article in articles]
        by_pks = Prepared(Article, lambda pks: Article.objects.filter(pk__in=pks).order_by("pk"))
        for chosen in ([pks[0]], pks[1:3], pks, pks[:2]):
            assert [a.pk for a in by_pks(pks=chosen)] == sorted(chosen)
        with django_assert_num_queries(0):  # an empty list finds nothing: no query at all
            assert by_pks(pks=[]) == []
        in_section = Prepared(
            Article, lambda section: Article.objects.filter(section=section).order_by("pk")
        )
        assert [a.pk for a in in_section(section=section.pk)] == pks[1::2]
        assert [a.pk for a in in_section(section=None)] == pks[0::2]  # IS NULL, not = NULL
        assert [a.pk for a in in_section(section=section.pk)] == pks[1::2]

    def test_deferred_fields_load_when_read(self, django_assert_num_queries):
        article = make_article("只取标题", body="正文一段。")
        headlines = Prepared(Article, lambda pk: Article.objects.filter(pk=pk).only("title"))
        with django_assert_num_queries(1):
            (found,) = headlines(pk=article.pk)
            assert found.title == "只取标题"
        with django_assert_num_queries(1):
            assert found.body == article.body


class TestWhatCannotBePrepared:
    def test_a_value_the_sql_is_written_from_is_refused(self):
        newest = Prepared(Article, lambda n: Article.objects.order_by("-pk")[:n])
        with pytest.raises(ImproperlyConfigured, match="depends on the values"):
            newest(n=3)

    def test_a_value_the_sql_does_not_use_is_refused(self):
        everything = Prepared(Issue, lambda date: Issue.objects.all())
        with pytest.raises(ImproperlyConfigured, match="date is not a parameter"):
            everything(date=JUNE)

    def test_values_of_other_types_are_refused(self):
        by_title = Prepared(Article, lambda title: Article.objects.filter(title=title))
        with pytest.raises(TypeError):
            by_title(title=1.5)
