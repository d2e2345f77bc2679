"""The import desk's review page: each source line with its role beside what it became,
the warnings linked to their lines, and the corrections (a line's role, a split, a merge,
an attached fragment, the date, number and page plan), each parsed again at once. Stale
pages, impossible corrections and crafted requests are refused with a message, and
change nothing."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from articles.importer.hints import Hints
from articles.models import ImportDraft, StaleDraft

from ..conftest import STEP_GROUPS, make_user, write
from .importdesk import (
    CORRECTED_TITLES,
    CREDIT_AT,
    HARD,
    MERGE_AT,
    SPLIT_AT,
    TITLE_AT,
    UNPLACED,
    confirm_url,
    correct,
    messages_of,
    result_url,
    review,
    review_url,
    uploaded,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def draft(desk):
    return uploaded(desk)


def parse(draft):
    """The draft as it is now in the database, parsed."""
    draft.refresh_from_db()
    return draft.parse()


def titles(draft):
    return [a.title for a in parse(draft).articles]


def after(desk, draft, action, **data):
    """Make a correction; the messages the page shows afterwards."""
    response = correct(desk, draft, action, **data)
    assert response.status_code == 302
    return messages_of(desk.get(response["Location"]))


class TestThePage:
    def test_lines_with_their_roles_beside_the_articles(self, desk, draft):
        response = review(desk, draft)
        html = response.content.decode()
        first = response.context["blocks"][2]  # masthead, page 1, then the first story
        assert (first.kind, first.item.article.title) == ("article", "城东街道召开安全生产工作会议")
        assert [(line.number, line.role) for line in first.lines] == [
            (6, "title"),
            (8, "lede"),
            (10, "paragraph"),
            (SPLIT_AT, "subhead"),
            (14, "paragraph"),
            (16, "paragraph"),
        ]
        assert '<span class="line-role">小标题</span>' in html
        assert '<h3 id="article-1-title">城东街道召开安全生产工作会议</h3>' in html
        assert '<span class="line-role">版头署名</span>' in html
        assert '<li id="line-8" data-line="8" data-role="lede" class="role-lede">' in html

    def test_warnings_link_to_their_lines(self, desk, draft):
        html = review(desk, draft).content.decode()
        assert '<a href="#line-33">第33行《城东社区开展义诊》没有找到署名。</a>' in html
        assert '<p class="line-note">第33行《城东社区开展义诊》没有找到署名。</p>' in html

    def test_a_line_chosen_shows_its_correction_form_without_javascript(self, desk, draft):
        response = desk.get(review_url(draft) + f"?line={SPLIT_AT}")
        html = response.content.decode()
        form_at = html.index('id="line-correction"')
        assert html.rindex(f'id="line-{SPLIT_AT}"', 0, form_at) > html.rindex(
            'id="line-10"', 0, form_at
        )
        assert '<option value="subhead" selected>小标题</option>' in html
        for junk in ("abc", "0", "999", "-1", "1" * 30, "²", "2"):
            assert desk.get(review_url(draft) + f"?line={junk}").context["selected"] is None

    def test_queries(self, desk, draft, django_assert_num_queries, cli, tmp_path):
        # session, user, the user's and the groups' permissions and the review chain
        # (can_import), the draft, the issues of its date or text (for the state, for the
        # notice), "is this very text imported?". However many lines and articles.
        with django_assert_num_queries(9):
            review(desk, draft)
        # An issue of that date exists: its sources, articles, pages and fragments for the
        # state, its sources for the notice.
        other = HARD.replace("城东街道召开安全生产工作会议", "城东街道召开会议")
        assert cli(write(tmp_path / "other.txt", other))[0] == 0
        with django_assert_num_queries(14):
            review(desk, draft)


class TestCorrections:
    def test_split_merge_and_roles(self, desk, draft):
        assert titles(draft) == [
            "城东街道召开安全生产工作会议",
            "老旧小区改造惠民生",
            "居民说变化",
            "城东社区开展义诊",
        ]
        assert after(desk, draft, "split", line=SPLIT_AT) == ["已从第12行拆出新稿件。"]
        assert after(desk, draft, "merge", line=MERGE_AT) == ["已把第27行起的稿件并入上一篇。"]
        assert after(desk, draft, "role", line=CREDIT_AT, role="page_header") == [
            "已把第33行设为版头署名。"
        ]
        assert after(desk, draft, "role", line=TITLE_AT, role="title") == ["已把第35行设为主题。"]
        assert titles(draft) == CORRECTED_TITLES
        parsed = parse(draft)
        assert [b.name for b in parsed.articles[2].bylines] == ["许丽", "王强"]
        assert parsed.staff[2] == "责任编辑：陈静　（本版图片由城东街道提供）"
        assert draft.version == 5
        assert draft.hints["texts"] == {
            "12": "社区义诊进小区",
            "27": "居民说变化",
            "33": "（本版图片由城东街道提供）",
            "35": "城东社区开展义诊",
        }
        page = review(desk, draft)
        roles = {line.number: line.role for block in page.context["blocks"] for line in block.lines}
        assert (roles[SPLIT_AT], roles[MERGE_AT], roles[CREDIT_AT]) == (
            "title",
            "subhead",
            "page_header",
        )
        assert [c["what"] for c in page.context["corrections"]] == [
            "从第12行拆出新稿件",
            "第27行起的稿件并入上一篇",
            "第33行设为版头署名",
            "第35行设为主题",
        ]

    def test_attach_an_unplaced_fragment(self, desk):
        draft = uploaded(desk, UNPLACED, "3700.txt")
        parsed = draft.parse()
        assert [f.line for f in parsed.fragments] == [3]
        assert after(desk, draft, "attach", line=3, article=2) == [
            "已把第3行的未归属文本并入《龙舟竞渡展风采》。"
        ]
        corrected = parse(draft)
        assert corrected.fragments == []
        assert corrected.articles[1].paragraphs[-1].endswith("一段没有标题的文字，")

    def test_date_and_number(self, desk, draft):
        assert after(desk, draft, "issue", date="2024-05-18", number="513") == [
            "已更正出版日期与期号。"
        ]
        draft.refresh_from_db()
        assert (draft.hints["date"], draft.hints["number"]) == ("2024-05-18", 513)
        parsed = parse(draft)
        assert (parsed.date, parsed.number) == (datetime.date(2024, 5, 18), 513)
        # Sent back as shown, nothing changes; cleared, the text's own date applies again.
        assert after(desk, draft, "issue", date="2024-05-18", number="513") == [
            "没有变化，未更正。"
        ]
        after(desk, draft, "issue", date="", number="")
        assert parse(draft).date == datetime.date(2024, 5, 17)

    def test_the_page_plan(self, desk, draft):
        response = review(desk, draft)
        assert response.context["plan_rows"][:2] == [(1, "要闻"), (2, "民生")]
        plan = {"page-0-number": "1", "page-0-section": "头版", "page-1-number": "4"}
        plan |= {"page-1-section": "社会", "article-1-page": "1", "article-2-page": "4"}
        plan |= {"article-3-page": "4", "article-4-page": "4"}
        assert after(desk, draft, "pages", **plan) == ["已更正版面安排。"]
        parsed = parse(draft)
        assert parsed.pages == {1: "头版", 2: "民生", 4: "社会"}
        assert [a.page for a in parsed.articles] == [1, 4, 4, 4]
        draft.refresh_from_db()
        assert draft.hints["pages"][1]["articles"] == [
            "老旧小区改造惠民生",
            "居民说变化",
            "城东社区开展义诊",
        ]

    def test_undo(self, desk, draft):
        after(desk, draft, "split", line=SPLIT_AT)
        after(desk, draft, "issue", date="2024-05-18", number="")
        assert after(desk, draft, "forget", key=str(SPLIT_AT)) == ["已撤销第12行的更正。"]
        assert after(desk, draft, "forget", key="date") == ["已撤销出版日期的更正。"]
        draft.refresh_from_db()
        assert draft.hints == {}
        assert len(titles(draft)) == 4


class TestRefusals:
    def test_a_page_from_before_another_correction_is_stale(self, desk, draft):
        shown = draft.version
        after(desk, draft, "split", line=SPLIT_AT)  # in another tab
        response = desk.post(
            review_url(draft), {"version": shown, "action": "merge", "line": MERGE_AT}
        )
        assert messages_of(desk.get(response["Location"]))[0].startswith(
            "这份原文在你打开此页之后已有更正"
        )
        draft.refresh_from_db()
        assert (draft.version, sorted(draft.hints)) == (shown + 1, ["splits", "texts"])

    @pytest.mark.parametrize(
        ("action", "data", "message"),
        [
            ("role", {"line": 8, "role": "page_marker"}, "不能设为版次，更正未应用。"),
            ("role", {"line": 6, "role": "blank"}, "请选择一个行的类型。"),
            ("role", {"line": 2, "role": "title"}, "第2行是空行，无法更正。"),
            ("split", {"line": 6}, "第6行已经是一篇稿件的开头。"),
            ("merge", {"line": 6}, "第6行不是第二篇及以后稿件的开头，无法并入上一篇。"),
            ("merge", {"line": 10}, "第10行不是第二篇及以后稿件的开头"),
            ("attach", {"line": 10, "article": 1}, "第10行不是一段未归属文本的开头。"),
            ("issue", {"date": "2024-02-30"}, "不是 YYYY-MM-DD 格式的日期"),
            ("issue", {"date": "2024-05-17", "number": "0"}, "期号应在 1 到 2147483647 之间。"),
            ("pages", {"article-1-page": "1000"}, "稿件1的版次应在 1 到 999 之间。"),
            ("pages", {}, "版面安排里没有任何稿件。"),
            ("forget", {"key": "6"}, "第6行没有更正。"),
            ("forget", {"key": "colour"}, "行号应是一个整数。"),
            ("explode", {}, "未知的更正。"),
        ],
    )
    def test_impossible_corrections(self, desk, draft, action, data, message):
        messages = after(desk, draft, action, **data)
        assert len(messages) == 1 and message in messages[0], messages
        draft.refresh_from_db()
        assert (draft.version, draft.hints) == (1, {})

    def test_a_correction_that_leaves_no_article_is_refused(self, desk):
        draft = uploaded(desk, "经开周报 2024年6月14日\n\n标题\n\n本报讯（周某）正文。\n", "x.txt")
        messages = after(desk, draft, "role", line=3, role="unplaced")
        assert messages == [
            "这项更正会使原文无法解析（no article found: the text has no headline followed by "
            "article text），未应用。"
        ]
        draft.refresh_from_db()
        assert draft.hints == {}

    JUNK = [
        "",
        "abc",
        "-1",
        "0",
        "1.5",
        "1e9",
        "99999999999999999999999",
        "１２",
        "²",
        "\x00",
        "<b>",
    ]

    @pytest.mark.parametrize(
        "field", ["version", "line", "role", "article", "date", "number", "key", "action"]
    )
    def test_junk_in_any_field_is_refused_with_a_message(self, desk, draft, field):
        base = {"version": draft.version, "line": SPLIT_AT, "role": "title", "article": "1"}
        base |= {"date": "2024-05-17", "number": "1", "key": str(SPLIT_AT)}
        for action in ("role", "split", "merge", "attach", "issue", "forget", "pages"):
            for junk in self.JUNK:
                data = base | {"action": action, field: junk, "article-1-page": junk}
                response = desk.post(review_url(draft), data)
                assert response.status_code == 302, (action, field, junk)
                said = [str(m) for m in get_messages(response.wsgi_request)]
                assert len(said) == 1 and said[0], (action, field, junk)
                desk.cookies.pop("messages", None)  # as the page shown next would
        review(desk, ImportDraft.objects.get())  # the page still shows

    def test_other_editors_drafts_are_not_found(self, draft):
        other = Client()
        other.force_login(make_user("colleague", STEP_GROUPS))
        for url in (review_url(draft), confirm_url(draft), result_url(draft)):
            response = other.get(url)
            assert response.status_code == 302 and response["Location"] == "/admin/"
        response = other.post(review_url(draft), {"version": 1, "action": "split", "line": 12})
        assert response["Location"] == "/admin/"
        for junk in ("abc", "0", "1" * 30, "-1", "²", "%C2%B2"):
            assert other.get(f"/admin/articles/importdraft/{junk}/review/").status_code == 302
        assert other.get("/admin/articles/importdraft/").context["cl"].result_count == 0
        draft.refresh_from_db()
        assert draft.hints == {}

    def test_reporters_are_refused_at_every_step(self, draft, reporter):
        client = Client()
        client.force_login(reporter)
        for url in (review_url(draft), confirm_url(draft), result_url(draft)):
            assert client.get(url).status_code == 403
            assert (
                client.post(url, {"version": 1, "action": "split", "line": 12}).status_code == 403
            )
        draft.refresh_from_db()
        assert (draft.hints, draft.confirmed_at) == ({}, None)

    def test_corrections_need_the_csrf_token(self, draft, editor):
        strict = Client(enforce_csrf_checks=True)
        strict.force_login(editor)
        response = strict.post(review_url(draft), {"version": 1, "action": "split", "line": 12})
        assert response.status_code == 403
        draft.refresh_from_db()
        assert draft.hints == {}

    def test_a_draft_is_kept_in_the_database_not_the_session(self, desk, draft, editor):
        after(desk, draft, "split", line=SPLIT_AT)
        elsewhere = Client()  # another browser, another session
        elsewhere.force_login(editor)
        assert len(review(elsewhere, draft).context["articles"]) == 5


def test_of_two_saves_from_the_same_version_only_the_first_is_kept(desk, draft):
    """The version check holds even between two requests that both passed the page's
    check: the second conditional UPDATE finds the version gone."""
    first, second = ImportDraft.objects.get(), ImportDraft.objects.get()
    first.save_hints(Hints(number=1), 1)
    with pytest.raises(StaleDraft):
        second.save_hints(Hints(number=2), 1)
    assert ImportDraft.objects.get().hints == {"number": 1}
