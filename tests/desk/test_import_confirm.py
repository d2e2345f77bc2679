"""Confirming in the import desk: the importer's loader writes the issue in one
transaction, the result page lists what needs attention, a stale review page is refused
with nothing written, and what the editor confirmed is what ``import_issue`` reproduces
(the corrections are stored with the text)."""

import datetime
import json

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client

from articles.editing import revisions
from articles.importer.load import reparse
from articles.models import Article, ImportDraft, Issue, SourceText

from ..conftest import db_state, write
from .importdesk import (
    CORRECTED_TITLES,
    CREDIT_AT,
    HARD,
    MERGE_AT,
    SPLIT_AT,
    TITLE_AT,
    UNPLACED,
    confirm,
    confirm_url,
    correct,
    messages_of,
    result_url,
    review,
    review_url,
    txt,
    uploaded,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client, editor):
    client.force_login(editor)
    return client


def corrected(desk, text=HARD):
    """The hard text uploaded and corrected: a split, a merge, two roles, the number."""
    draft = uploaded(desk, text)
    correct(desk, draft, "split", line=SPLIT_AT)
    correct(desk, draft, "merge", line=MERGE_AT)
    correct(desk, draft, "role", line=CREDIT_AT, role="page_header")
    correct(desk, draft, "role", line=TITLE_AT, role="title")
    correct(desk, draft, "issue", date="2024-05-17", number="9512")
    draft.refresh_from_db()
    return draft


def refused(desk, response):
    """The review page a refused confirmation returns to, and its message."""
    assert response.status_code == 302
    return messages_of(desk.get(response["Location"], follow=True))


class TestConfirm:
    def test_the_issue_is_written_as_corrected(self, desk, editor):
        draft = corrected(desk)
        response = confirm(desk, draft)
        assert response["Location"] == result_url(draft)
        issue = Issue.objects.get()
        assert (issue.date, issue.number) == (datetime.date(2024, 5, 17), 9512)
        assert list(issue.articles.order_by("position").values_list("title", flat=True)) == (
            CORRECTED_TITLES
        )
        renovation = issue.articles.get(title="老旧小区改造惠民生")
        assert [b.reporter.name for b in renovation.bylines.order_by("position")] == [
            "许丽",
            "王强",
        ]
        assert issue.pages.get(number=2).staff == "责任编辑：陈静　（本版图片由城东街道提供）"
        source = SourceText.objects.get()
        assert (source.filename, source.text, source.hints) == ("512.txt", HARD, draft.hints)
        draft.refresh_from_db()
        assert (draft.issue, draft.result["outcome"], draft.result["articles_created"]) == (
            issue,
            "created",
            4,
        )
        assert all(a.is_published for a in Article.objects.with_visibility())

    def test_the_result_links_the_issue_and_lists_what_needs_attention(self, desk):
        text = UNPLACED.replace("经开周报 2024年6月14日 星期五 第3700期\n\n", "")
        draft = uploaded(desk, text, "3700.txt")
        assert draft.parse().date_inferred
        response = desk.get(result_url(draft))
        assert response["Location"] == review_url(draft)  # not imported yet
        response = desk.get(confirm(desk, draft)["Location"])
        issue = Issue.objects.get()
        html = response.content.decode()
        assert f'href="/admin/articles/issue/{issue.pk}/change/"' in html
        assert f'href="{issue.get_absolute_url()}"' in html
        attention = response.context["attention"]
        assert attention["date_inferred"]
        assert [a.title for a in attention["awaiting"]] == ["龙舟竞渡展风采"]
        assert [a.title for a in attention["unsigned"]] == []
        assert [f.paragraphs for f in attention["fragments"]] == [["一段没有标题的文字，"]]
        assert "是根据正文推断的" in html and "待上传照片（1 篇）" in html
        assert "未归属文本（1 段）" in html

    def test_articles_without_a_byline_are_listed(self, desk):
        draft = uploaded(desk)
        desk.get(confirm(desk, draft)["Location"])
        response = desk.get(result_url(draft))
        assert [a.title for a in response.context["attention"]["unsigned"]] == ["城东社区开展义诊"]
        assert "没有署名的稿件（1 篇）" in response.content.decode()

    def test_result_queries(self, desk, django_assert_num_queries):
        draft = uploaded(desk, UNPLACED, "3700.txt")
        confirm(desk, draft)
        # session, user, permissions (2) and the review chain, the draft with its issue,
        # unsigned articles, articles awaiting photos, open fragments.
        with django_assert_num_queries(9):
            desk.get(result_url(draft))

    def test_confirming_twice_is_refused(self, desk):
        draft = uploaded(desk)
        page = review(desk, draft)
        form = {"version": page.context["draft"].version, "state": page.context["state"]}
        desk.post(confirm_url(draft), form)
        before = db_state()
        messages = refused(desk, desk.post(confirm_url(draft), form))
        assert messages == ["这份原文已经确认导入，不能再次确认。"]
        assert desk.get(review_url(draft))["Location"] == result_url(draft)
        assert db_state() == before

    def test_a_get_does_nothing(self, desk):
        draft = uploaded(desk)
        assert desk.get(confirm_url(draft))["Location"] == review_url(draft)
        assert not Issue.objects.exists()


class TestStale:
    def test_the_draft_changed_in_another_tab(self, desk):
        draft = uploaded(desk)
        page = review(desk, draft)
        correct(desk, draft, "split", line=SPLIT_AT)  # the other tab
        form = {"version": page.context["draft"].version, "state": page.context["state"]}
        messages = refused(desk, desk.post(confirm_url(draft), form))
        assert messages[-1].startswith("这份原文在你打开此页之后已有更正")
        assert set(db_state().values()) == {0}

    def test_the_issue_was_imported_meanwhile(self, desk, cli, tmp_path):
        draft = uploaded(desk)
        page = review(desk, draft)
        assert cli(write(tmp_path / "512.txt", HARD))[0] == 0  # by someone else
        before = db_state()
        form = {"version": draft.version, "state": page.context["state"], "replace": "1"}
        messages = refused(desk, desk.post(confirm_url(draft), form))
        assert messages == [
            "你审阅期间，2024年5月17日这一期已被导入或修改，未导入任何内容。请看下面的最新情况后再确认。"
        ]
        assert db_state() == before
        draft.refresh_from_db()
        assert draft.confirmed_at is None

    def test_the_issue_was_changed_meanwhile(self, desk, editor, cli, tmp_path):
        cli(write(tmp_path / "512.txt", HARD))
        draft = corrected(desk)
        page = review(desk, draft)
        article = Article.objects.order_by("position").first()
        with transaction.atomic(), revisions.edit(article, editor, article.version, "改标题"):
            article.title = "改过的标题"
        titles = list(Article.objects.values_list("title", flat=True))
        form = {"version": draft.version, "state": page.context["state"], "replace": "1"}
        messages = refused(desk, desk.post(confirm_url(draft), form))
        assert "已被导入或修改" in messages[0]
        assert list(Article.objects.values_list("title", flat=True)) == titles
        assert SourceText.objects.get().hints == {}


class TestReplace:
    def test_an_existing_issue_is_replaced_only_when_asked(self, desk, cli, tmp_path):
        assert cli(write(tmp_path / "512.txt", HARD))[0] == 0
        draft = corrected(desk)
        page = review(desk, draft)
        assert [i.date for i in page.context["existing"]] == [datetime.date(2024, 5, 17)]
        assert "这份原文已导入为" in page.content.decode()
        messages = refused(desk, confirm(desk, draft))
        assert messages == ["本期已存在：请勾选“按这份原文更新本期”后再确认。"]
        assert SourceText.objects.get().hints == {}
        response = confirm(desk, draft, replace="1")
        assert response["Location"] == result_url(draft)
        assert (
            list(Issue.objects.get().articles.order_by("position").values_list("title", flat=True))
            == CORRECTED_TITLES
        )
        assert SourceText.objects.get().hints == ImportDraft.objects.get().hints
        html = desk.get(result_url(draft)).content.decode()
        assert "已按新原文更新" in html


class TestRoundTrip:
    """Corrected in the desk and confirmed: the command reproduces it."""

    @pytest.fixture
    def confirmed(self, desk, tmp_path):
        draft = corrected(desk)
        confirm(desk, draft)
        return draft, write(tmp_path / "512.txt", HARD)

    def test_reparse_and_dry_run_give_what_was_confirmed(self, confirmed, cli):
        draft, path = confirmed
        shown = draft.parse().as_dict()
        assert reparse(SourceText.objects.get()).as_dict() == shown
        status, out, _ = cli(path, "--dry-run", "--json")
        assert status == 0
        assert json.loads(out) == shown
        assert [a["title"] for a in shown["articles"]] == CORRECTED_TITLES

    def test_replace_with_the_same_text_reproduces_the_same_result(self, confirmed, cli):
        _, path = confirmed

        def everything():
            articles = Article.objects.order_by("position")
            return (
                db_state(),
                [
                    (a.title, a.body, a.version, a.page.staff)
                    for a in articles.select_related("page")
                ],
                list(Issue.objects.values_list("date", "number")),
            )

        before = everything()
        status, out, _ = cli(path, "--replace")
        assert (status, "nothing changed" in out) == (0, True)
        assert everything() == before

    @pytest.mark.usefixtures("confirmed")
    def test_a_corrected_text_replaced_keeps_the_desks_corrections(self, cli, tmp_path):
        revised = HARD.replace("守牢安全底线。", "守牢安全生产底线。")
        status, _, err = cli(write(tmp_path / "512-v2.txt", revised), "--replace")
        assert status == 0, err
        issue = Issue.objects.get()
        assert list(issue.articles.order_by("position").values_list("title", flat=True)) == (
            CORRECTED_TITLES
        )
        assert issue.number == 9512
        assert issue.sources.latest().hints == issue.sources.earliest().hints


def test_readers_see_the_issue_at_once_even_from_the_page_cache(
    desk, settings, django_capture_on_commit_callbacks
):
    """The loader announces the import: the readers' cached home page is fresh at once
    (here, where the test's transaction never commits, what happens when it does)."""
    settings.NEWSROOM_PAGE_CACHE = True
    cache.clear()
    reader = Client()
    assert "城东街道召开安全生产工作会议" not in reader.get("/").content.decode()
    assert reader.get("/")["X-Cache"] == "HIT"
    draft = corrected(desk)
    with django_capture_on_commit_callbacks(execute=True):
        confirm(desk, draft)
    home = reader.get("/").content.decode()
    assert "城东街道召开安全生产工作会议" in home
    issue_page = reader.get(Issue.objects.get().get_absolute_url()).content.decode()
    assert all(title in issue_page for title in CORRECTED_TITLES)
    cache.clear()


def test_reporters_and_crafted_confirmations_write_nothing(desk, reporter):
    draft = uploaded(desk)
    client = Client()
    client.force_login(reporter)
    page = review(desk, draft)
    form = {"version": draft.version, "state": page.context["state"]}
    before = db_state()
    assert client.post(confirm_url(draft), form).status_code == 403
    junk_forms = [{"version": "abc"}, {"version": "²"}, {"state": ""}, {"version": "9" * 20}, {}]
    for junk in junk_forms:
        response = desk.post(confirm_url(draft), {**form, **junk} if junk else {})
        assert refused(desk, response)
    assert db_state() == before


def test_a_text_imported_before_starts_from_its_corrections(desk):
    """Uploaded again, a confirmed text comes with what was confirmed: confirming it
    unchanged changes nothing."""
    first = corrected(desk)
    confirm(desk, first)
    before = (db_state(), list(Article.objects.values_list("pk", "version")))
    response = desk.post(
        "/admin/articles/importdraft/add/", {"files": [txt("512.txt", HARD)]}, follow=True
    )
    assert messages_of(response) == ["512.txt：沿用上次导入时确认的 5 项更正（可在审阅页撤销）。"]
    again = ImportDraft.objects.latest()
    assert again.hints == first.hints
    assert [a.title for a in again.parse().articles] == CORRECTED_TITLES
    response = confirm(desk, again, replace="1")
    assert "没有任何变化" in desk.get(response["Location"]).content.decode()
    assert (db_state(), list(Article.objects.values_list("pk", "version"))) == before
