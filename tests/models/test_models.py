"""The data model's rules, enforced by the database on SQLite and PostgreSQL alike."""

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from articles.models import Article, Byline, Image, Issue, Reporter, SourceText, body

from ..conftest import make_article, make_issue, make_page, make_reporter, make_section

pytestmark = pytest.mark.django_db


def assert_rejected(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


class TestConstraints:
    def test_duplicate_issue_date_rejected(self):
        make_issue(datetime.date(2024, 6, 11))
        assert_rejected(lambda: make_issue(datetime.date(2024, 6, 11)))
        assert Issue.objects.count() == 1

    def test_duplicate_issue_number_rejected_but_many_issues_may_lack_one(self):
        make_issue(datetime.date(2024, 6, 11), number=3699)
        assert_rejected(lambda: make_issue(datetime.date(2024, 6, 14), number=3699))
        make_issue(datetime.date(2024, 6, 18))
        make_issue(datetime.date(2024, 6, 21))
        assert Issue.objects.filter(number__isnull=True).count() == 2

    def test_page_numbers_unique_within_an_issue_and_start_at_one(self):
        issue = make_issue()
        make_page(issue, 1)
        assert_rejected(lambda: make_page(issue, 1))
        assert_rejected(lambda: make_page(issue, 0))
        other = make_issue(datetime.date(2024, 6, 14))
        make_page(other, 1)

    def test_byline_positions_unique_per_article(self):
        article = make_article(bylines=["刘懿", "戴雪燕"])
        assert_rejected(
            lambda: Byline.objects.create(
                article=article, reporter=make_reporter("何美欣"), position=1
            )
        )
        assert [str(b.reporter) for b in article.bylines.all()] == ["刘懿", "戴雪燕"]

    def test_same_reporter_twice_in_one_role_rejected_but_two_roles_allowed(self):
        article = make_article(bylines=[("李焱", Byline.Role.REPORTER)])
        li = Reporter.objects.get(name="李焱")
        assert_rejected(lambda: Byline.objects.create(article=article, reporter=li, position=5))
        Byline.objects.create(
            article=article, reporter=li, role=Byline.Role.PHOTOGRAPHER, position=5
        )

    def test_byline_role_must_be_known(self):
        article = make_article()
        assert_rejected(
            lambda: Byline.objects.create(
                article=article, reporter=make_reporter("刘懿"), role="editor", position=0
            )
        )

    def test_reporter_names_unique(self):
        make_reporter("刘懿")
        assert_rejected(lambda: Reporter.objects.create(name="刘懿", slug="liu-yi-2"))

    def test_reporter_in_a_byline_cannot_be_deleted(self):
        make_article(bylines=["刘懿"])
        with pytest.raises(ProtectedError), transaction.atomic():
            Reporter.objects.get(name="刘懿").delete()

    def test_published_article_needs_a_publish_time(self):
        assert_rejected(
            lambda: Article.objects.filter(pk=make_article(status="draft").pk).update(
                status="published", publish_at=None
            )
        )

    def test_status_and_kind_are_checked(self):
        article = make_article(status="draft")
        assert_rejected(lambda: Article.objects.filter(pk=article.pk).update(status="archived"))
        assert_rejected(lambda: Article.objects.filter(pk=article.pk).update(kind="video"))

    def test_empty_title_rejected(self):
        assert_rejected(lambda: make_article(title=""))

    def test_page_without_issue_rejected(self):
        page = make_page(make_issue())
        assert_rejected(lambda: make_article(page=page, issue=None))

    def test_image_positions_unique_per_article(self):
        article = make_article(images=1)
        assert_rejected(lambda: Image.objects.create(article=article, position=0))

    def test_source_text_hash_is_computed_and_unique_per_issue(self):
        issue = make_issue()
        source = SourceText.objects.create(issue=issue, text="原文", encoding="utf-8")
        assert source.sha256 == hashlib.sha256("原文".encode()).hexdigest()
        assert_rejected(
            lambda: SourceText.objects.create(issue=issue, text="原文", encoding="gb18030")
        )


class TestPublished:
    def test_excludes_drafts_review_and_future(self):
        now = timezone.now()
        visible = make_article("已发布", publish_at=now - datetime.timedelta(minutes=1))
        make_article("草稿", status="draft")
        make_article("待审", status="review", publish_at=now - datetime.timedelta(days=1))
        make_article("定时", publish_at=now + datetime.timedelta(minutes=5))
        assert list(Article.objects.published()) == [visible]

    def test_scheduled_article_becomes_visible_when_its_time_comes(self, monkeypatch):
        now = timezone.now()
        scheduled = make_article("定时", publish_at=now + datetime.timedelta(hours=2))
        assert not Article.objects.published().exists()
        assert not scheduled.is_published
        later = now + datetime.timedelta(hours=3)
        monkeypatch.setattr(timezone, "now", lambda: later)
        assert list(Article.objects.published()) == [scheduled]
        assert scheduled.is_published

    def test_issue_is_published_when_one_of_its_articles_is(self):
        shown, hidden = make_issue(), make_issue(datetime.date(2024, 6, 14))
        make_article(issue=shown)
        make_article(issue=hidden, status="draft")
        assert list(Issue.objects.published()) == [shown]


class TestArticle:
    def test_body_is_stored_as_blocks(self):
        article = make_article(body="  第一段。\r\n## 田间地头话振兴\n\n\n第三段。  ")
        article.refresh_from_db()
        assert article.body == [
            {"type": "paragraph", "text": "第一段。"},
            {"type": "subhead", "text": "田间地头话振兴"},
            {"type": "paragraph", "text": "第三段。"},
        ]
        assert article.paragraphs == ["第一段。", "第三段。"]
        assert body.to_text(article.body) == "第一段。\n\n## 田间地头话振兴\n\n第三段。"

    def test_body_keeps_chinese_readable_in_the_database(self):
        """Stored as UTF-8 text, not \\u escapes: what a database search reads is Chinese."""
        make_article(body="宋剑湖生态湿地公园")
        assert Article.objects.filter(body__icontains="宋剑湖").count() == 1

    def test_body_refuses_an_unknown_block(self):
        with pytest.raises(ValueError, match="unknown body block type 'html'"):
            make_article(body=[{"type": "html", "text": "<b>x</b>"}])

    def test_slug_keeps_chinese_is_fixed_at_creation_and_unique_per_issue(self):
        """The slug is the article's natural key in fixtures: a title edit must not move it,
        or a reloaded fixture would no longer find the article it names."""
        issue = make_issue()
        first = make_article("欢度端午 心连心", issue=issue)
        second = make_article("欢度端午 心连心", issue=issue)
        assert first.slug == "欢度端午-心连心"
        assert second.slug == "欢度端午-心连心-2"
        first.title = "欢度端午节"
        first.save()
        first.refresh_from_db()
        assert first.slug == "欢度端午-心连心"
        assert Article.objects.get_by_natural_key(issue.date.isoformat(), first.slug) == first
        web_only = make_article("欢度端午 心连心")  # no issue: its own namespace
        assert web_only.slug == "欢度端午-心连心"

    def test_headline_stacks_kicker_title_and_subtitle(self):
        article = make_article("全区专题座谈会召开", kicker="助推产业焕新", subtitle="政企同心")
        assert str(article) == "助推产业焕新 全区专题座谈会召开 —— 政企同心"

    def test_section_defaults_to_the_page_section(self):
        section = make_section("要闻", "yaowen")
        issue = make_issue()
        article = make_article(issue=issue, page=make_page(issue, 1, section))
        assert article.section == section

    def test_clean_rejects_a_page_from_another_issue(self):
        issue, other = make_issue(), make_issue(datetime.date(2024, 6, 14))
        article = Article(title="标题", issue=issue, page=make_page(other, 1))
        with pytest.raises(ValidationError) as excinfo:
            article.full_clean()
        assert "page" in excinfo.value.message_dict

    def test_publishing_without_a_time_means_now(self):
        before = timezone.now().replace(microsecond=0)
        article = Article(title="标题", status="published")
        article.full_clean()  # the constraint article_published_has_time holds
        assert before <= article.publish_at <= timezone.now()
        assert article.publish_at.microsecond == 0  # as the desk's form sends it back
        draft = Article(title="草稿", status="draft")
        draft.full_clean()
        assert draft.publish_at is None


class TestLabels:
    def test_issue_and_page_read_the_chinese_way(self):
        issue = make_issue(datetime.date(2024, 6, 11), number=3699)
        page = make_page(issue, 1, make_section("要闻", "yaowen"))
        assert str(issue) == "2024年6月11日 第3699期"
        assert issue.weekday == "星期二"
        assert page.label == "第01版：要闻"
