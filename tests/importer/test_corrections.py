"""What the parser reads, stored; an editor's corrections stored with the source text and
applied again by ``import_issue`` and ``reparse``: against the database."""

import datetime
import json

import pytest

from articles.importer import ImportRefused, sources
from articles.importer.hints import Hints
from articles.importer.load import load_issue, reparse
from articles.importer.parse import parse_issue
from articles.models import Article, Fragment, Issue, Page, SourceText, body

from ..conftest import db_state, write
from . import layouts as L

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 1)

# One issue of several layouts: page headers, a feature with subheads, an editor's note, a
# roundup, a commentary signed by a pen name, a stray paragraph.
ISSUE = (
    L.CITY_DAILY_PAGES
    + "\n第03版：专题\n责任编辑：周敏\n\n"
    + L.FEATURE_WITH_SUBHEADS
    + "\n"
    + L.EDITORS_NOTES.split("\n\n守护")[0]
    + "\n\n第04版：综合\n\n"
    + L.ROUNDUP_WITH_SIGNATURES
    + "\n"
    + L.COMMENTARIES_SIGNED_AT_THE_END.split("\n\n莫让")[0]
    + "\n\n第05版：副刊\n\n没有标题的一段文字。\n"
)


def hinted(text, make):
    """``text`` parsed, and ``make(issue, hints)`` corrections made on what it shows."""
    issue = parse_issue(text, today=TODAY)
    hints = Hints()
    make(issue, hints)
    return hints


class TestStored:
    @pytest.fixture
    def issue(self, cli, tmp_path):
        status, _, err = cli(write(tmp_path / "8012.txt", ISSUE))
        assert status == 0, err
        return Issue.objects.get()

    def test_pages_carry_their_staff(self, issue):
        assert list(issue.pages.values_list("number", "section__name", "staff")) == [
            (1, "要闻", "责任编辑：王晓东　美术编辑：李敏　校对：张立"),
            (2, "综合", "责任编辑：陈静　美术编辑：刘洋"),
            (3, "专题", "责任编辑：周敏"),
            (4, "综合", ""),
            (5, "副刊", ""),
        ]

    def test_subheads_notes_columns_and_pen_names(self, issue):
        feature = issue.articles.get(title="乡村振兴 一路向“新”")
        assert [b["type"] for b in feature.body] == [
            "paragraph", "subhead", "paragraph", "subhead", "paragraph", "paragraph",
        ]  # fmt: skip
        assert body.to_text(feature.body).split("\n\n")[1] == "## 田间地头话振兴"
        village = issue.articles.get(title="走进美丽乡村")
        assert village.editors_note.startswith("今年以来，我区持续推进乡村振兴")
        briefs = issue.articles.filter(column="简讯").order_by("position")
        assert [a.title for a in briefs] == [
            "区总工会开展“送清凉”活动",
            "横山桥镇举办农民丰收节",
            "潞城街道开展防溺水宣传",
        ]
        comment = issue.articles.get(title="以实干担当推动高质量发展")
        assert (comment.attribution, comment.bylines.count()) == ("本报评论员", 0)
        assert Fragment.objects.get().paragraphs == ["没有标题的一段文字。"]

    def test_a_commentary_page_shows_its_pen_name(self, issue, client):
        comment = issue.articles.get(title="以实干担当推动高质量发展")
        page = client.get(comment.get_absolute_url()).content.decode()
        assert '<p class="attribution">本报评论员</p>' in page


class TestJson:
    def test_new_keys_beside_every_old_one(self, cli, tmp_path):
        status, out, err = cli(write(tmp_path / "8012.txt", ISSUE), "--dry-run", "--json")
        assert status == 0, err
        data = json.loads(out)
        assert set(data) == {"issue", "articles", "fragments", "pages", "warnings"}
        feature = next(a for a in data["articles"] if a["title"] == "乡村振兴 一路向“新”")
        assert set(feature) >= {
            "title", "kicker", "subtitle", "kind", "dateline", "bylines", "paragraphs",
            "images", "page", "continued_on", "section", "line",
            "subheads", "editors_note", "column", "attribution",
        }  # fmt: skip
        assert feature["subheads"] == [1, 3]
        assert [feature["paragraphs"][i] for i in feature["subheads"]] == [
            "田间地头话振兴",
            "产业兴旺促增收",
        ]
        assert {a["column"] for a in data["articles"]} == {"", "简讯"}
        assert data["pages"][0] == {
            "number": 1,
            "section": "要闻",
            "staff": "责任编辑：王晓东　美术编辑：李敏　校对：张立",
        }
        assert db_state() == dict.fromkeys(db_state(), 0)


class TestHintsRoundTrip:
    """Correct, import, import again (also with ``--replace``): the same result."""

    @staticmethod
    def corrections(issue, hints):
        hints.split(issue, 32)  # 产业兴旺促增收: another story
        hints.set_role(issue, 4, "page_header")  # already one: a hint that changes nothing
        hints.attach_fragment(issue, issue.fragments[0].line, issue.articles[-1].line)
        hints.number = 8012

    @pytest.fixture
    def imported(self, tmp_path):
        path = write(tmp_path / "8012.txt", ISSUE)
        hints = hinted(ISSUE, self.corrections)
        source = sources.read(path, today=TODAY, hints=hints)
        load_issue(source)
        return path, source

    def test_the_corrections_are_stored_with_the_text(self, imported):
        _, source = imported
        stored = SourceText.objects.get()
        assert stored.hints == source.hints.to_json()
        assert source.parsed.hints_applied == source.hints
        assert stored.hints["splits"] == [32]
        assert stored.hints["texts"]["32"] == "产业兴旺促增收"
        issue = Issue.objects.get()
        assert issue.number == 8012
        assert issue.articles.filter(title="产业兴旺促增收").exists()
        assert not Fragment.objects.exists()

    def test_reparse_reproduces_what_was_confirmed(self, imported):
        _, source = imported
        again = reparse(SourceText.objects.get(), today=TODAY)
        assert again.as_dict() == source.parsed.as_dict()
        assert again.lines == source.parsed.lines

    def test_dry_run_applies_and_prints_the_stored_hints(self, imported, cli):
        path, source = imported
        status, out, _ = cli(path, "--dry-run", "--json")
        assert status == 0
        data = json.loads(out)
        assert data["hints"] == SourceText.objects.get().hints
        assert [a["title"] for a in data["articles"]] == [a.title for a in source.parsed.articles]
        assert data["fragments"] == []

    def test_importing_or_replacing_with_the_same_text_changes_nothing(self, imported, cli):
        path, _ = imported
        before = (db_state(), list(Article.objects.values_list("title", "version")))
        for args in ([], ["--replace"]):
            status, out, _ = cli(path, *args)
            assert (status, "nothing changed" in out) == (0, True)
        assert (db_state(), list(Article.objects.values_list("title", "version"))) == before

    def test_a_corrected_text_keeps_the_corrections_that_still_fit(self, imported, cli, tmp_path):
        corrected = ISSUE.replace("区总工会走进建设工地", "区总工会走进重点工程建设工地")
        status, out, err = cli(write(tmp_path / "8012-v2.txt", corrected), "--replace")
        assert status == 0, err
        assert "replaced" in out
        issue = Issue.objects.get()
        assert issue.articles.filter(title="产业兴旺促增收").exists()  # the split again
        assert not Fragment.objects.filter(attached_to=None).exists()  # the attach again
        assert issue.sources.latest().hints == issue.sources.earliest().hints

    def test_a_hint_whose_line_changed_is_dropped_with_a_note(self, imported, cli, tmp_path):
        corrected = ISSUE.replace("产业兴旺促增收", "产业兴旺带增收")
        status, out, _ = cli(write(tmp_path / "8012-v2.txt", corrected), "--replace")
        assert status == 0
        assert "第32行：更正（从此行拆分）记录的文字“产业兴旺促增收”已不在这一行，未应用。" in out
        assert not Article.objects.filter(title="产业兴旺带增收").exists()
        assert "splits" not in Issue.objects.get().sources.latest().hints

    def test_the_same_text_with_new_corrections_replaces_its_articles(self, imported):
        path, _ = imported
        hints = hinted(ISSUE, lambda issue, h: h.set_role(issue, 32, "paragraph"))
        source = sources.read(path, today=TODAY, hints=hints)
        with pytest.raises(ImportRefused, match="with other corrections"):
            load_issue(source)
        result = load_issue(source, replace=True)
        assert (result.outcome, result.articles_removed) == ("replaced", 1)
        assert not Article.objects.filter(title="产业兴旺促增收").exists()
        stored = SourceText.objects.get()
        assert stored.hints == {"roles": {"32": "paragraph"}, "texts": {"32": "产业兴旺促增收"}}


def test_pages_staff_changes_on_replace(cli, tmp_path):
    assert cli(write(tmp_path / "a.txt", L.CITY_DAILY_PAGES))[0] == 0
    corrected = L.CITY_DAILY_PAGES.replace("校对：张立", "校对：张丽")
    assert cli(write(tmp_path / "b.txt", corrected), "--replace")[0] == 0
    assert Page.objects.get(number=1).staff == "责任编辑：王晓东　美术编辑：李敏　校对：张丽"
