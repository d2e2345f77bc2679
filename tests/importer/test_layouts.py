"""The layouts real papers print (issue 10, layouts 1-10), each read from texts in the
styles of several papers (``layouts.py``): pure parsing, no database."""

import datetime

import pytest

from articles.importer.account import unaccounted
from articles.importer.parse import parse_issue

from . import layouts as L

DATE = datetime.date(2024, 6, 11)


def parse(text):
    return parse_issue(text, date=DATE, today=datetime.date(2026, 3, 1))


def headlines(issue):
    return [(a.kicker, a.title, a.subtitle) for a in issue.articles]


def bylines(article):
    return [(b.name, b.role) for b in article.bylines]


def blocks(article):
    """The body as (kind, text) blocks, subheads marked."""
    subheads = set(getattr(article, "subheads", ()))
    return [("s" if i in subheads else "p", text) for i, text in enumerate(article.paragraphs)]


def roles(issue, *numbers):
    by_number = {line.number: line for line in issue.lines}
    return [(by_number[n].role, by_number[n].target) for n in numbers]


def nothing_lost(text, issue):
    assert unaccounted(text, issue) == {}


class TestPageHeaders:
    """Layout 1: 责任编辑… lines under a page marker are the page's staff credits."""

    def test_colons_and_full_width_spaces(self):
        issue = parse(L.CITY_DAILY_PAGES)
        assert issue.staff == {
            1: "责任编辑：王晓东　美术编辑：李敏　校对：张立",
            2: "责任编辑：陈静　美术编辑：刘洋",
        }
        assert headlines(issue) == [
            ("", "我市召开一季度经济运行分析会", ""),
            ("", "城东街道开展消防安全演练", ""),
        ]
        assert [a.page for a in issue.articles] == [1, 2]
        assert roles(issue, 4, 13) == [("page_header", ("page", 1)), ("page_header", ("page", 2))]
        assert "责任编辑" not in "".join(p for a in issue.articles for p in a.paragraphs)
        assert issue.fragments == []
        nothing_lost(L.CITY_DAILY_PAGES, issue)

    def test_spaces_instead_of_colons_and_a_one_role_header(self):
        issue = parse(L.DISTRICT_PAGE_HEADER_WITHOUT_COLONS)
        assert issue.staff == {3: "责任编辑 赵磊 美编 孙悦", 4: "本版编辑：周晓雯"}
        assert headlines(issue) == [("", "老旧小区加装电梯提速", ""), ("", "全民健身月启动", "")]
        first = issue.articles[0]
        assert bylines(first) == [("何平", "reporter"), ("邵琳", "correspondent")]
        assert first.paragraphs[0].startswith("今年以来")
        assert issue.as_dict()["pages"] == [
            {"number": 3, "section": "社会", "staff": "责任编辑 赵磊 美编 孙悦"},
            {"number": 4, "section": "文体", "staff": "本版编辑：周晓雯"},
        ]
        nothing_lost(L.DISTRICT_PAGE_HEADER_WITHOUT_COLONS, issue)

    def test_a_header_at_the_foot_of_the_page(self):
        issue = parse(L.HEADER_AT_THE_FOOT)
        assert issue.staff == {5: "责编 / 徐冬 版式 / 马林 校对 / 郑红"}
        (article,) = issue.articles
        assert article.paragraphs == ["5月以来，我区主要蔬菜价格总体平稳，部分品种小幅回落。"]

    def test_a_header_before_any_page_marker_is_kept_unplaced(self):
        issue = parse(L.HEADER_BEFORE_ANY_PAGE)
        assert [f.paragraphs for f in issue.fragments] == [["责任编辑：王晓东　美术编辑：李敏"]]
        assert headlines(issue) == [("", "我市召开一季度经济运行分析会", "")]
        assert any(w.startswith("第1行：版头署名") for w in issue.warnings)


class TestStackedHeadlines:
    """Layout 2: a kicker over the title, a dashed subtitle, a title wrapped in two."""

    def test_a_lead_in_line_over_the_main_line_is_kicker_and_title(self):
        issue = parse(L.KICKER_OVER_TITLE)
        assert headlines(issue) == [
            ("市领导带队走访重点企业", "项目建设跑出加速度", ""),
            ("聚焦“四敢”争先锋", "乡村振兴有了“新引擎”", ""),
        ]
        assert roles(issue, 3, 4, 8, 10) == [
            ("kicker", ("article", 0)),
            ("title", ("article", 0)),
            ("kicker", ("article", 1)),
            ("title", ("article", 1)),
        ]
        assert issue.warnings == []

    def test_a_dashed_line_is_the_subtitle(self):
        issue = parse(L.TITLE_AND_DASH_SUBTITLE)
        assert headlines(issue) == [("", "一座古镇的“新生”", "横塘镇推进文旅融合发展纪实")]
        nothing_lost(L.TITLE_AND_DASH_SUBTITLE, issue)

    def test_a_title_too_long_for_one_line_stays_one_title(self):
        issue = parse(L.WRAPPED_TITLES)
        assert headlines(issue) == [
            (
                "",
                "区级领导干部党纪学习教育专题读书班（第二阶段）暨党工委理论学习中心组学习会举行",
                "",
            ),
            ("", "全市生态环境保护工作会议暨河湖长制工作推进会召开", ""),
        ]
        assert roles(issue, 1, 2) == [("title", ("article", 0))] * 2

    def test_a_line_that_ran_the_column_width_wraps(self):
        issue = parse(L.WRAPPED_AT_THE_COLUMN)
        (article,) = issue.articles
        assert article.title == "高新区召开科技创新大会表彰一批优秀企业和科技人才"
        assert article.paragraphs == [
            "5月12日，高新区召开科技创新大会，对2023年度科技创新工作中表现突出的28家企业和"
            "56名科技人才进行表彰。",
            "会议强调，要坚持创新驱动发展战略，持续优化创新生态，加快培育新质生产力。",
        ]

    def test_an_unsure_stack_is_flagged(self):
        issue = parse(L.UNSURE_STACK)
        kicker = "一季度全市规上工业增加值同比增长百分之八点五"
        assert headlines(issue) == [(kicker, "开局良好", "")]
        assert any(w.startswith("第1行：") and "分行不确定" in w for w in issue.warnings)


class TestWithoutALede:
    """Layout 3: features, profiles and commentaries, other datelines, end signatures."""

    def test_a_feature_after_a_news_story_is_an_article_of_its_own(self):
        issue = parse(L.FEATURE_TEXT_AND_PHOTO)
        news, feature = issue.articles
        assert news.paragraphs == ["5月7日，城南老街改造工程通过竣工验收。"]
        assert (feature.title, feature.dateline) == ("“老街”里的新生活", "")
        assert bylines(feature) == [("王珂", "text_and_photo")]
        assert len(feature.paragraphs) == 3
        assert roles(issue, 7) == [("byline", ("article", 1))]
        assert issue.warnings == []
        nothing_lost(L.FEATURE_TEXT_AND_PHOTO, issue)

    def test_a_square_before_the_authors_name(self):
        (comment,) = parse(L.COMMENT_WITH_SQUARE).articles
        assert bylines(comment) == [("陈默", "reporter")]
        assert comment.paragraphs[0].startswith("城市里的")

    def test_byline_lines_with_role_words_and_a_slash(self):
        contest, essay = parse(L.BYLINE_LINE_WITH_ROLES).articles
        assert bylines(contest) == [("沈洁", "reporter"), ("高扬", "correspondent")]
        assert (essay.title, bylines(essay)) == ("夏日荷塘", [("张一帆", "reporter")])
        assert len(essay.paragraphs) == 2

    def test_no_byline_at_all_is_an_article_flagged_for_it(self):
        issue = parse(L.NO_BYLINE_AT_ALL)
        assert [a.title for a in issue.articles] == ["区总工会慰问一线职工", "初心如磐 笃行致远"]
        first = issue.articles[0]
        assert first.paragraphs == ["7月10日，区总工会走进建设工地，为一线职工送去防暑降温物品。"]
        assert issue.warnings == ["第5行《初心如磐 笃行致远》没有找到署名。"]

    def test_other_datelines(self):
        issue = parse(L.OTHER_DATELINES)
        assert [(a.dateline, bylines(a)) for a in issue.articles] == [
            ("本报5月8日讯", [("冯涛", "reporter")]),
            ("新华社北京6月1日电", [("王珏", "reporter")]),
            ("本报讯", [("王勇", "correspondent"), ("李娜", "reporter")]),
        ]
        assert [a.paragraphs[0][:4] for a in issue.articles] == ["昨天，一", "国家粮食", "近日，区"]
        nothing_lost(L.OTHER_DATELINES, issue)

    def test_signatures_at_the_end(self):
        issue = parse(L.COMMENTARIES_SIGNED_AT_THE_END)
        assert [(a.title, bylines(a), getattr(a, "attribution", "")) for a in issue.articles] == [
            ("以实干担当推动高质量发展", [], "本报评论员"),
            ("莫让“指尖”变“负担”", [("林枫", "reporter")], ""),
            ("读书是一种生活方式", [], "作者单位：市委党校"),
        ]
        assert all(len(a.paragraphs) == 2 for a in issue.articles)
        assert roles(issue, 7, 15, 23) == [
            ("signature", ("article", 0)),
            ("signature", ("article", 1)),
            ("signature", ("article", 2)),
        ]
        assert issue.warnings == []
        nothing_lost(L.COMMENTARIES_SIGNED_AT_THE_END, issue)


class TestSubheads:
    """Layout 4: short lines between paragraphs are the article's subheads."""

    def test_plain_subheads(self):
        issue = parse(L.FEATURE_WITH_SUBHEADS)
        (feature,) = issue.articles
        assert feature.title == "乡村振兴 一路向“新”"
        assert [kind for kind, _ in blocks(feature)] == ["p", "s", "p", "s", "p", "p"]
        assert [text for kind, text in blocks(feature) if kind == "s"] == [
            "田间地头话振兴",
            "产业兴旺促增收",
        ]
        assert roles(issue, 7) == [("subhead", ("article", 0))]
        assert issue.warnings == []

    def test_numbered_bracketed_and_marked_subheads(self):
        issue = parse(L.NUMBERED_SUBHEADS)
        (notice,) = issue.articles
        assert [text for kind, text in blocks(notice) if kind == "s"] == [
            "一、强化组织领导",
            "（二）加强隐患排查",
            "【田间地头】",
            "■应急值守",
        ]
        assert len(notice.paragraphs) == 9
        assert bylines(notice) == [("孙立", "reporter")]
        assert issue.fragments == []


class TestEditorsNotes:
    """Layout 5: 编者按 before the lede is the article's editor's note."""

    def test_notes_in_three_forms(self):
        issue = parse(L.EDITORS_NOTES)
        village, food, youth = issue.articles
        assert village.editors_note.startswith("今年以来，我区持续推进乡村振兴")
        assert (village.dateline, bylines(village)) == ("本报讯", [("王蕾", "reporter")])
        assert village.paragraphs[0].startswith("走进雪堰镇")
        assert food.editors_note.startswith("食品安全关系千家万户")
        assert bylines(food) == [("马骏", "reporter")]
        assert youth.editors_note.startswith("五四青年节到来之际")
        assert bylines(youth) == [("邓雪", "reporter")]
        assert [len(a.paragraphs) for a in issue.articles] == [2, 1, 1]
        assert roles(issue, 3, 11, 19, 21) == [
            ("editors_note", ("article", 0)),
            ("editors_note", ("article", 1)),
            ("editors_note", ("article", 2)),
            ("editors_note", ("article", 2)),
        ]
        nothing_lost(L.EDITORS_NOTES, issue)


class TestRoundups:
    """Layout 6: each brief under a roundup heading is an article carrying its label."""

    def test_signed_briefs_under_a_heading(self):
        issue = parse(L.ROUNDUP_WITH_SIGNATURES)
        assert [(a.column, a.title, bylines(a)) for a in issue.articles] == [
            ("简讯", "区总工会开展“送清凉”活动", [("周晴", "reporter")]),
            ("简讯", "横山桥镇举办农民丰收节", [("吴涛", "reporter")]),
            ("简讯", "潞城街道开展防溺水宣传", [("顾佳", "reporter")]),
        ]
        assert roles(issue, 1) == [("column", ("article", 0))]
        nothing_lost(L.ROUNDUP_WITH_SIGNATURES, issue)

    def test_briefs_with_ledes_and_a_photo_roundup(self):
        issue = parse(L.ROUNDUP_OF_LEDES)
        assert [(a.column, a.title, a.kind) for a in issue.articles] == [
            ("经开快讯", "戚墅堰街道开展垃圾分类督导", "news"),
            ("经开快讯", "横林镇举办招聘会", "news"),
            ("图片新闻", "荷花盛开引客来", "photo"),
            ("图片新闻", "稻田披绿", "photo"),
        ]
        assert [bylines(a) for a in issue.articles] == [
            [("陆敏", "reporter")],
            [("沈可", "reporter")],
            [("顾晓", "photographer")],
            [("何涛", "photographer")],
        ]
        nothing_lost(L.ROUNDUP_OF_LEDES, issue)


class TestJumps:
    """Layout 7: a tail under its repeated headline joins its head; the signature before
    it stays with its brief."""

    def test_repeated_headline_dropped_and_signature_kept(self):
        issue = parse(L.JUMP_WITH_REPEATED_HEADLINE)
        project, _, brief = issue.articles
        assert [a.title for a in issue.articles] == [
            "重大项目集中开工",
            "区政协视察民生实事",
            "暑期托管班开班",
        ]
        assert project.paragraphs == [
            "7月1日，我区举行重大项目集中开工仪式，28个项目总投资超过200亿元，"
            "涵盖先进制造、现代服务、城市更新等领域。",
            "区委主要领导出席开工仪式。",
        ]
        assert (project.page, project.continued_on) == (1, 2)
        assert bylines(brief) == [("王某", "reporter")]
        assert brief.paragraphs == ["7月3日，区教育局暑期托管班正式开班，首批接收学生800余名。"]
        assert issue.fragments == []
        assert roles(issue, 19, 21) == [
            ("repeated_headline", ("article", 0)),
            ("paragraph", ("article", 0)),
        ]
        repeated = [c.text for c in issue.consumed if c.kind == "repeated_headline"]
        assert repeated == ["重大项目集中开工"]
        nothing_lost(L.JUMP_WITH_REPEATED_HEADLINE, issue)


class TestPhotosAndInterviews:
    """Layout 8: captions and credits on their own lines; Q&A paragraphs are body text."""

    def test_photo_in_a_story_an_interview_and_a_photo_on_its_own(self):
        issue = parse(L.PHOTOS_AND_INTERVIEW)
        race, interview, flowers = issue.articles
        assert [(i.caption, i.credit) for i in race.images] == [
            ("▲比赛现场，各队奋力争先。", "记者 顾晓 摄")
        ]
        assert race.paragraphs[-1].startswith("比赛共设200米")
        assert bylines(race) == [("张帆", "reporter"), ("顾晓", "photographer")]
        assert roles(issue, 5, 7) == [("caption", ("article", 0)), ("credit", ("article", 0))]
        assert interview.title == "对话“新农人”：种地也能很“时尚”"
        assert [p[:3] for p in interview.paragraphs] == ["记者：", "张伟：", "记者：", "张伟："]
        assert flowers.kind == "photo"
        assert [(i.credit, bylines(flowers)) for i in flowers.images] == [
            ("王琳 摄", [("王琳", "photographer")])
        ]
        assert any(w.startswith("第21行：图片说明前没有标题") for w in issue.warnings)
        assert issue.fragments == []


class TestPunctuation:
    """Layout 9: half-width marks between Chinese become full-width; Latin text and
    numbers keep theirs; the source stays as it was."""

    def test_mixed_marks_in_a_full_width_article(self):
        issue = parse(L.MIXED_PUNCTUATION)
        (article,) = issue.articles
        assert article.title == "经济运行稳中向好，发展质量持续提升"
        assert article.paragraphs == [
            "5月8日，记者从市统计局获悉，一季度全市GDP同比增长5.2%，增速高于全省0.3个百分点。"
            "“这说明，我市经济回升向好的态势没有改变！”市统计局相关负责人表示。",
            "从结构看，新能源汽车产值达1.08亿元（同比增长15%），新增5G基站1200个；"
            "高技术制造业投资增长较快，民间投资降幅收窄。详情请见市政府网站www.example.gov.cn。",
        ]
        assert issue.lines[0].text == "经济运行稳中向好,发展质量持续提升"
        nothing_lost(L.MIXED_PUNCTUATION, issue)


class TestNeverGlueSilently:
    """Layout 10: what cannot be placed is kept, with a warning naming its line."""

    def test_each_unplaced_piece_is_named(self):
        issue = parse(L.HARD_TO_PLACE)
        assert [a.title for a in issue.articles] == ["区委召开常委会", "消夏晚会精彩上演"]
        assert [(f.line, f.paragraphs[0][:6]) for f in issue.fragments] == [
            (3, "一段没有标题"),
            (15, "这是一段在署"),
            (17, "本报讯（记者"),
            (21, "李华 摄"),
        ]
        named = [w[: w.index("：")] for w in issue.warnings]
        assert named == ["第3行", "第15行", "第17行", "第21行"]
        assert roles(issue, 3, 21) == [
            ("unplaced", ("fragment", 0)),
            ("unplaced", ("fragment", 3)),
        ]
        nothing_lost(L.HARD_TO_PLACE, issue)

    def test_every_article_boundary_has_a_reason(self):
        issue = parse(L.FEATURE_TEXT_AND_PHOTO)
        starts = {note.line: note.message for note in issue.reasons}
        assert starts[1] == "标题后接电头"
        assert starts[5] == "标题后接署名行"


ALL = [name for name in dir(L) if name.isupper()]


@pytest.mark.parametrize("name", ALL)
def test_every_line_has_one_role_and_nothing_is_lost(name):
    """Every layout text: one role per line, each non-blank line going somewhere."""
    text = getattr(L, name)
    issue = parse(text)
    assert [line.number for line in issue.lines] == list(range(1, text.count("\n") + 2))
    for line in issue.lines:
        assert (line.role == "blank") == (not line.text.strip()), line
        assert (line.target is None) == (line.role == "blank"), line
    nothing_lost(text, issue)
