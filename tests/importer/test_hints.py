"""An editor's corrections (hints), applied by the parser itself: pure, no database."""

import datetime

import pytest

from articles.importer import SourceError
from articles.importer.account import unaccounted
from articles.importer.hints import Hints
from articles.importer.parse import parse_issue
from articles.importer.result import ROLES

from . import layouts as L

DATE = datetime.date(2024, 6, 11)


def parse(text, hints=None, **kwargs):
    kwargs.setdefault("date", DATE)
    return parse_issue(text, today=datetime.date(2026, 3, 1), hints=hints, **kwargs)


def line(issue, number):
    return issue.lines[number - 1]


def titles(issue):
    return [a.title for a in issue.articles]


# A feature whose second subhead the parser reads right, but which an editor sees as two
# stories; and the same text read with its subheads.
FEATURE = L.FEATURE_WITH_SUBHEADS


class TestRoles:
    def test_a_subhead_made_a_title_starts_an_article(self):
        issue = parse(FEATURE)
        hints = Hints()
        hints.set_role(issue, 11, "title")
        corrected = parse(FEATURE, hints)
        assert titles(corrected) == ["乡村振兴 一路向“新”", "产业兴旺促增收"]
        assert line(corrected, 11)[2:] == ("title", ("article", 1))
        assert corrected.articles[1].paragraphs[0].startswith("去年，村里成立了")
        assert corrected.hints_applied.roles == {11: "title"}

    def test_a_headline_made_a_subhead_stays_in_the_article(self):
        text = L.NO_BYLINE_AT_ALL
        issue = parse(text)
        hints = Hints()
        hints.set_role(issue, 5, "subhead")
        corrected = parse(text, hints)
        (article,) = corrected.articles
        assert article.subheads == [1]
        assert article.paragraphs[1] == "初心如磐　笃行致远"
        assert line(corrected, 5)[2:] == ("subhead", ("article", 0))

    def test_a_paragraph_hint_keeps_the_line_a_paragraph_of_its_own(self):
        issue = parse(FEATURE)
        hints = Hints()
        hints.set_role(issue, 7, "paragraph")
        (article,) = parse(FEATURE, hints).articles
        assert article.paragraphs[1:3] == [
            "田间地头话振兴",
            "在村东头的高标准农田里，几台无人机正在为小麦喷洒叶面肥。“以前打药要十几个人忙好几天，"
            "现在一上午就完成了。”种粮大户老刘说。",
        ]
        assert article.subheads == [3]

    @pytest.mark.parametrize("role", [r for r in ROLES if r != "blank"])
    def test_every_role_either_applies_or_says_why_not(self, role):
        """Line 7 of a feature given each role: the line has that role, or a note names
        the line and the hint is not among those applied; nothing is ever lost."""
        issue = parse(FEATURE)
        hints = Hints()
        hints.set_role(issue, 7, role)
        corrected = parse(FEATURE, hints)
        if corrected.hints_applied.roles:
            assert line(corrected, 7).role == role
        else:
            assert any(w.startswith("第7行：") for w in corrected.warnings)
        assert unaccounted(FEATURE, corrected) == {}
        assert all(
            (ln.role == "blank") == (not ln.text.strip()) and ln.role in ROLES
            for ln in corrected.lines
        )


class TestSplitsAndMerges:
    def test_split_inside_a_hard_wrapped_block(self):
        text = "标题\n\n本报讯（记者 周某）第一段写到这里。\n另一篇的标题\n第二篇的正文。\n"
        issue = parse(text)
        assert titles(issue) == ["标题"]
        hints = Hints()
        hints.split(issue, 4)
        corrected = parse(text, hints)
        assert titles(corrected) == ["标题", "另一篇的标题"]
        assert corrected.articles[1].paragraphs == ["第二篇的正文。"]
        assert corrected.hints_applied.splits == [4]

    def test_merge_makes_the_headline_lines_subheads(self):
        text = L.KICKER_OVER_TITLE
        issue = parse(text)
        hints = Hints()
        hints.merge(issue, 8)
        corrected = parse(text, hints)
        (article,) = corrected.articles
        assert article.subheads == [1, 2]
        assert article.paragraphs[1:3] == ["聚焦“四敢”争先锋", "乡村振兴有了“新引擎”"]
        assert article.paragraphs[3].startswith("今年以来，雪堰镇")
        assert article.dateline == "本报讯"
        assert [b.name for b in article.bylines] == ["林涛", "何静", "卢燕"]
        assert [line(corrected, n).role for n in (8, 10, 12)] == ["subhead", "subhead", "lede"]
        assert unaccounted(text, corrected) == {}

    def test_split_then_merge_back(self):
        issue = parse(FEATURE)
        hints = Hints()
        hints.split(issue, 7)
        split = parse(FEATURE, hints)
        assert titles(split) == ["乡村振兴 一路向“新”", "田间地头话振兴"]
        hints.merge(split, 7)  # undoes the split: the line is no article's start any more
        assert hints.splits == [] and hints.merges == [7]
        merged = parse(FEATURE, hints)
        assert titles(merged) == ["乡村振兴 一路向“新”"]
        assert any("第7行：更正（并入上一篇）在这份原文中无从应用" in w for w in merged.warnings)
        assert merged.hints_applied.merges == []

    def test_attach_a_fragment_to_an_article(self):
        text = L.HARD_TO_PLACE
        issue = parse(text)
        hints = Hints()
        hints.attach_fragment(issue, 15, 11)
        corrected = parse(text, hints)
        stray = "这是一段在署名之后的文字，不知道属于哪篇稿件。"
        assert corrected.articles[1].paragraphs[-1] == stray
        assert [f.line for f in corrected.fragments] == [3, 17, 21]
        assert line(corrected, 15)[2:] == ("paragraph", ("article", 1))
        assert corrected.hints_applied.attach == {15: 11}


class TestIssueHints:
    def test_date_number_and_page_plan(self):
        hints = Hints(
            date=datetime.date(2024, 5, 8),
            number=8013,
            pages=[{"number": 1, "section": "要闻", "articles": [1]}],
        )
        issue = parse(L.OTHER_DATELINES, hints, date=None)
        assert (issue.date, issue.date_inferred, issue.number) == (
            datetime.date(2024, 5, 8),
            False,
            8013,
        )
        placed = [(a.page, a.section) for a in issue.articles]
        assert placed == [(1, "要闻"), (None, ""), (None, "")]
        assert issue.hints_applied == hints

    def test_the_commands_date_wins(self):
        issue = parse(L.OTHER_DATELINES, Hints(date=datetime.date(2024, 5, 8)))
        assert issue.date == DATE
        assert issue.hints_applied.date is None

    def test_a_page_plan_that_no_longer_fits_is_dropped_with_a_note(self):
        hints = Hints(pages=[{"number": 1, "articles": ["没有这篇"]}])
        issue = parse(L.OTHER_DATELINES, hints)
        assert issue.hints_applied.pages is None
        assert any("版面安排未应用" in w for w in issue.warnings)


class TestStaleHints:
    def test_a_hint_whose_line_changed_is_dropped_never_moved(self):
        issue = parse(FEATURE)
        hints = Hints()
        hints.set_role(issue, 11, "title")
        corrected_text = FEATURE.replace("产业兴旺促增收", "产业兴旺带增收")
        corrected = parse(corrected_text, hints)
        assert titles(corrected) == ["乡村振兴 一路向“新”"]
        assert corrected.warnings[0] == (
            "第11行：更正（设为主题）记录的文字“产业兴旺促增收”已不在这一行，未应用。"
        )
        assert corrected.hints_applied.roles == {}

    def test_lines_moved_by_an_inserted_line_drop_their_hints(self):
        issue = parse(FEATURE)
        hints = Hints()
        hints.set_role(issue, 11, "title")
        moved = parse("\n" + FEATURE.replace("\n\n", "\n\n\n", 1), hints)
        assert moved.hints_applied.roles == {}
        assert len(moved.articles) == 1


class TestJson:
    def test_round_trip(self):
        issue = parse(L.HARD_TO_PLACE)
        hints = Hints(date=datetime.date(2024, 6, 3), number=12, pages=[{"number": 1}])
        hints.set_role(issue, 3, "title")
        hints.split(issue, 5)
        hints.merge(issue, 11)
        hints.attach_fragment(issue, 15, 5)
        data = hints.to_json()
        assert data == {
            "roles": {"3": "title"},
            "splits": [5],
            "merges": [11],
            "attach": {"15": 5},
            "date": "2024-06-03",
            "number": 12,
            "pages": [{"number": 1}],
            "texts": {
                "3": "一段没有标题的文字，",
                "5": "区委召开常委会",
                "11": "消夏晚会精彩上演",
                "15": "这是一段在署名之后的文字，不知道属于哪篇稿件。",
            },
        }
        assert Hints.from_json(data) == hints
        assert Hints.from_json({}) == Hints() and not Hints()

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ([], "must be a JSON object"),
            ({"role": {}}, "unknown keys: role"),
            ({"roles": {"x": "title"}}, "malformed"),
            ({"roles": {"3": "headline"}}, "unknown roles: headline"),
            ({"splits": [0]}, "malformed"),
            ({"date": "June"}, "not YYYY-MM-DD"),
            ({"number": "12"}, "positive whole number"),
            ({"pages": [{"section": "要闻"}]}, "needs a number"),
        ],
    )
    def test_malformed_hints_are_refused(self, data, message):
        with pytest.raises(SourceError, match=message):
            Hints.from_json(data)

    def test_the_same_hints_give_the_same_parse(self):
        issue = parse(L.HARD_TO_PLACE)
        hints = Hints()
        hints.set_role(issue, 3, "title")
        hints.attach_fragment(issue, 15, 11)
        first = parse(L.HARD_TO_PLACE, Hints.from_json(hints.to_json()))
        again = parse(L.HARD_TO_PLACE, Hints.from_json(first.hints_applied.to_json()))
        assert first.as_dict() == again.as_dict()
        assert first.lines == again.lines
        assert first.as_dict()["hints"] == hints.to_json()
