"""The parser, rule by rule: pure functions, no database."""

import datetime
import re
from collections import Counter
from pathlib import Path

import pytest

from articles.importer import SourceError
from articles.importer.decode import decode
from articles.importer.parse import parse_issue, split_headline
from articles.importer.plan import parse_sidecar

SEED = Path(__file__).resolve().parents[2] / "fixtures/source/000_2699379a271d4552.txt"
TODAY = datetime.date(2026, 3, 1)


def parse(text, **kwargs):
    kwargs.setdefault("today", TODAY)
    kwargs.setdefault("date", datetime.date(2024, 6, 11))
    return parse_issue(text, **kwargs)


def only(issue):
    assert len(issue.articles) == 1, [a.title for a in issue.articles]
    return issue.articles[0]


def bylines(article):
    return [(b.name, b.role) for b in article.bylines]


# Characters the parser may remove: role words, brackets, jump markers, credit words.
REMOVABLE = set(
    "本报记者通讯员实习生摄影图文报道()（）/／下转上接第版0123456789一二三四五六七八九十"
)


def unaccounted(source, issue):
    """Characters of ``source`` found nowhere in the parse, beyond those it may remove."""
    out = [issue.publication, str(issue.number or "")]
    for article in issue.articles:
        out += [article.kicker, article.title, article.subtitle, article.dateline]
        out += article.paragraphs + [b.name for b in article.bylines]
        out += [image.credit for image in article.images]
    for fragment in issue.fragments:
        out += fragment.paragraphs
    left = Counter(re.sub(r"\s", "", source)) - Counter(re.sub(r"\s", "", "".join(out)))
    return {char: n for char, n in left.items() if char not in REMOVABLE}


@pytest.fixture(scope="module")
def seed():
    return parse_issue(SEED.read_text(encoding="utf-8"), today=TODAY)


class TestSeed:
    def test_seven_articles_in_source_order(self, seed):
        assert [a.title for a in seed.articles] == [
            "区级领导干部党纪学习教育专题读书班(第二阶段)暨党工委理论学习中心组学习会举行",
            "全区“锻造新质生产力”专题座谈会召开",
            "常州经开区“智慧居家”行动持续推进",
            "欢度端午心连心",
            "高考再见,未来你好!",
            "全市首家三法衔接生态保护区落地宋剑湖",
            "遥观镇:擦亮环境底色 创建生态新城",
        ]

    def test_kickers_and_the_split_headline(self, seed):
        assert [a.kicker for a in seed.articles] == [
            "", "助推绿色优特钢产业焕新", "", "", "", "多元解法为受损环境“疗伤”", "",
        ]  # fmt: skip
        assert seed.articles[2].subtitle == "智能设备护好“一老一小”"
        assert [a.subtitle for i, a in enumerate(seed.articles) if i != 2] == [""] * 6

    def test_paragraph_counts(self, seed):
        assert [len(a.paragraphs) for a in seed.articles] == [6, 5, 5, 1, 1, 8, 7]

    def test_photo_stories(self, seed):
        assert [a.kind for a in seed.articles] == ["news"] * 3 + ["photo"] * 2 + ["news"] * 2
        photo = seed.articles[3]
        assert bylines(photo) == [("李焱", "text_and_photo"), ("赵艳", "text_and_photo")]
        assert photo.dateline == ""
        assert [(i.caption, i.credit) for i in photo.images] == [
            (photo.paragraphs[0], "李焱 赵艳 图文报道")
        ]
        assert "图文报道" not in "".join(photo.paragraphs)

    def test_ten_distinct_reporters(self, seed):
        names = {b.name for a in seed.articles for b in a.bylines}
        assert len(names) == 10
        assert sum("刘懿" in [b.name for b in a.bylines] for a in seed.articles) == 3

    def test_ledes_lose_their_byline(self, seed):
        first = seed.articles[0]
        assert first.dateline == "本报讯"
        assert bylines(first) == [("刘懿", "reporter"), ("戴雪燕", "reporter")]
        assert first.paragraphs[0].startswith("按照中央、省委、市委部署")

    def test_column_breaks_are_joined(self, seed):
        assert "学习了《关于认真学习贯彻" in seed.articles[0].paragraphs[3]
        assert "学习成效转化为推动" in seed.articles[0].paragraphs[4]
        assert "他说,去年,绿色优特钢产业" in seed.articles[1].paragraphs[2]

    def test_the_jumped_tail_belongs_to_yaoguan(self, seed):
        yaoguan = seed.articles[6]
        assert "承担着常州市近五分之一的垃圾处理量。垃圾焚烧后" in yaoguan.paragraphs[4]
        assert yaoguan.paragraphs[5].startswith("通济河上游连接大运河")
        assert yaoguan.paragraphs[6].startswith("近年来,遥观镇先后启动")
        assert seed.articles[5].paragraphs[-1].endswith("均属全省首创工作。")

    def test_nothing_unplaced_and_nothing_lost(self, seed):
        assert seed.fragments == []
        assert unaccounted(SEED.read_text(encoding="utf-8"), seed) == {}

    def test_date_inferred_from_the_text(self, seed):
        assert seed.date == datetime.date(2024, 6, 9)
        assert seed.date_inferred
        assert "推断" in seed.warnings[0]

    def test_half_width_punctuation_is_kept(self, seed):
        assert seed.articles[4].title == "高考再见,未来你好!"


class TestEncodings:
    TEXT = "常州经开区报 2024年6月11日\n\n标题在这里\n\n本报讯（记者 周某）正文一段。\n"

    @pytest.mark.parametrize(
        ("data", "encoding"),
        [
            (TEXT.encode("utf-8"), "utf-8"),
            (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
            (TEXT.encode("gb18030"), "gb18030"),
            (TEXT.encode("gbk"), "gb18030"),
            (TEXT.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
            (TEXT.replace("\n", "\r\n").encode("gbk"), "gb18030"),
            (TEXT.encode("utf-16"), "utf-16"),
        ],
        ids=["utf-8", "bom", "gb18030", "gbk", "crlf", "gbk-crlf", "utf-16"],
    )
    def test_same_parse_whatever_the_encoding(self, data, encoding):
        decoded = decode(data)
        assert decoded.encoding == encoding
        article = only(parse_issue(decoded.text))
        assert (article.title, article.paragraphs) == ("标题在这里", ["正文一段。"])
        assert bylines(article) == [("周某", "reporter")]

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ("台灣新聞報導今天天氣晴朗".encode("big5"), "cannot be decoded with confidence"),
            ("Caf\xe9 au lait".encode("latin-1"), "not UTF-8, and not GB18030"),
            (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
            ("正文\x07一段".encode(), "binary"),
        ],
        ids=["big5", "latin-1", "png", "control-character"],
    )
    def test_undecodable_or_binary_input_is_refused(self, data, message):
        with pytest.raises(SourceError, match=message):
            decode(data)


class TestMasthead:
    @pytest.mark.parametrize(
        "line",
        [
            "常州经开区报 2024年6月11日 星期二 第3699期",
            "常州经开区报\u30002024年6月11日\u3000星期二\u3000第3699期",
            "常州经开区报  2024年6月11日  第3699期",
        ],
    )
    def test_masthead_gives_publication_date_and_number(self, line):
        issue = parse_issue(f"{line}\n\n标题\n\n本报讯(周某)正文。\n", today=TODAY)
        assert (issue.publication, issue.date, issue.number) == (
            "常州经开区报",
            datetime.date(2024, 6, 11),
            3699,
        )
        assert not issue.date_inferred
        assert [a.title for a in issue.articles] == ["标题"]

    def test_masthead_without_number(self):
        issue = parse_issue("经开周报 2024年6月11日\n\n标题\n\n正文第一段。\n", today=TODAY)
        assert (issue.publication, issue.number) == ("经开周报", None)

    def test_weekday_that_contradicts_the_date_is_reported(self):
        issue = parse_issue("经开周报 2024年6月11日 星期五\n\n标题\n\n正文。\n", today=TODAY)
        assert any("星期" in w for w in issue.warnings)

    def test_date_override_wins_over_masthead(self):
        issue = parse_issue(
            "经开周报 2024年6月11日\n\n标题\n\n正文。\n",
            date=datetime.date(2024, 6, 12),
            today=TODAY,
        )
        assert issue.date == datetime.date(2024, 6, 12)


class TestHeadlines:
    @pytest.mark.parametrize(
        ("headline", "expected"),
        [
            (
                "助推绿色优特钢产业焕新 全区“锻造新质生产力”专题座谈会召开",
                ("助推绿色优特钢产业焕新", "全区“锻造新质生产力”专题座谈会召开", ""),
            ),
            (
                "助推绿色优特钢产业焕新\u3000全区“锻造新质生产力”专题座谈会召开",
                ("助推绿色优特钢产业焕新", "全区“锻造新质生产力”专题座谈会召开", ""),
            ),
            ("遥观镇:擦亮环境底色 创建生态新城", ("", "遥观镇:擦亮环境底色 创建生态新城", "")),
            ("绿水青山 金山银山", ("", "绿水青山 金山银山", "")),
            (
                "常州经开区“智慧居家”行动持续推进 智能设备护好“一老一小”",
                ("", "常州经开区“智慧居家”行动持续推进", "智能设备护好“一老一小”"),
            ),
            (
                "全区专题座谈会召开 ——政企同心共促发展",
                ("", "全区专题座谈会召开", "政企同心共促发展"),
            ),
            ("高考再见,未来你好!", ("", "高考再见,未来你好!", "")),
            (
                "聚焦产业 全区“锻造新质生产力”专题座谈会召开 企业家畅谈发展",
                ("聚焦产业", "全区“锻造新质生产力”专题座谈会召开", "企业家畅谈发展"),
            ),
        ],
    )
    def test_split(self, headline, expected):
        assert split_headline([headline]) == expected

    def test_headline_ending_with_a_question_mark(self):
        article = only(parse("垃圾去哪儿了？\n\n本报讯(周某)记者走访了转运站。\n"))
        assert article.title == "垃圾去哪儿了？"

    def test_stacked_headline_lines(self):
        text = (
            "助推产业焕新\n\n全区“锻造新质生产力”专题座谈会召开\n\n"
            "——企业家畅谈发展\n\n本报讯(刘懿)正文。\n"
        )
        article = only(parse(text))
        assert (article.kicker, article.title, article.subtitle) == (
            "助推产业焕新",
            "全区“锻造新质生产力”专题座谈会召开",
            "企业家畅谈发展",
        )

    def test_headline_with_comma_is_a_headline_when_a_lede_follows(self):
        text = "前文结束。\n\n天热了,防暑要跟上\n\n本报讯(周某)正文。\n"
        issue = parse(text)
        assert issue.articles[-1].title == "天热了,防暑要跟上"


class TestLedes:
    @pytest.mark.parametrize(
        ("lede", "expected"),
        [
            ("本报讯(刘懿 戴雪燕)正文。", [("刘懿", "reporter"), ("戴雪燕", "reporter")]),
            (
                "本报讯（记者 周某 通讯员 李某）正文。",
                [("周某", "reporter"), ("李某", "correspondent")],
            ),
            (
                "本报讯(记者 沈 可 实习生 王小明)正文。",
                [("沈可", "reporter"), ("王小明", "intern")],
            ),
            ("本报讯（通讯员 沈\u3000可）正文。", [("沈可", "correspondent")]),
            ("本报讯（记者 周某、李某）正文。", [("周某", "reporter"), ("李某", "reporter")]),
        ],
    )
    def test_byline_names_and_roles(self, lede, expected):
        article = only(parse(f"标题\n\n{lede}\n"))
        assert article.dateline == "本报讯"
        assert bylines(article) == expected
        assert article.paragraphs == ["正文。"]

    def test_brackets_that_are_no_byline_stay_in_the_text(self):
        article = only(parse("标题\n\n本报讯(据新华社)正文。\n"))
        assert article.dateline == "本报讯"
        assert article.paragraphs == ["(据新华社)正文。"]


class TestBriefs:
    def test_signature_in_brackets_becomes_the_byline(self):
        text = "暑期安全进社区\n\n7月10日,社区开展暑期安全教育,筑牢暑期安全防线。（沈某）\n"
        article = only(parse(text))
        assert bylines(article) == [("沈某", "reporter")]
        assert article.paragraphs == ["7月10日,社区开展暑期安全教育,筑牢暑期安全防线。"]

    def test_bracketed_source_is_not_a_signature(self):
        text = "暑期安全进社区\n\n社区开展暑期安全教育。（据新华社）\n"
        article = only(parse(text))
        assert article.bylines == []
        assert article.paragraphs == ["社区开展暑期安全教育。（据新华社）"]


class TestPhotoStories:
    @pytest.mark.parametrize(
        ("credit", "expected"),
        [
            ("李焱 赵艳 图文报道", [("李焱", "text_and_photo"), ("赵艳", "text_and_photo")]),
            ("记者 顾某 摄", [("顾某", "photographer")]),
            ("顾某 摄", [("顾某", "photographer")]),
            ("文/陶某 图/许某", [("陶某", "reporter"), ("许某", "photographer")]),
            ("文／陶某　图／许某", [("陶某", "reporter"), ("许某", "photographer")]),
        ],
    )
    def test_credit_line(self, credit, expected):
        text = f"龙舟竞渡\n\n6月10日,运河上龙舟竞渡,观者如潮。\n\n{credit}\n"
        article = only(parse(text))
        assert article.kind == "photo"
        assert bylines(article) == expected
        assert article.paragraphs == ["6月10日,运河上龙舟竞渡,观者如潮。"]
        assert [(i.caption, i.credit) for i in article.images] == [
            ("6月10日,运河上龙舟竞渡,观者如潮。", credit)
        ]

    def test_news_article_with_a_photo_credit_stays_news(self):
        text = "标题\n\n本报讯(周某)正文。\n\n记者 顾某 摄\n"
        article = only(parse(text))
        assert article.kind == "news"
        assert bylines(article) == [("周某", "reporter"), ("顾某", "photographer")]
        assert [(i.caption, i.credit) for i in article.images] == [("", "记者 顾某 摄")]

    def test_two_photo_stories_in_a_row(self):
        text = "第一张\n\n说明一。\n\n李焱 摄\n\n第二张\n\n说明二。\n\n赵艳 摄\n"
        issue = parse(text)
        assert [(a.title, a.paragraphs, bylines(a)) for a in issue.articles] == [
            ("第一张", ["说明一。"], [("李焱", "photographer")]),
            ("第二张", ["说明二。"], [("赵艳", "photographer")]),
        ]


class TestColumnBreaks:
    def test_paragraph_stopping_mid_sentence_continues_in_the_next_block(self):
        text = (
            "标题\n\n本报讯(周某)全体人员学习了《关\n\n于认真学习的通知》。\n\n"
            "他说,去年,\n\n产值增长。\n"
        )
        article = only(parse(text))
        assert article.paragraphs == [
            "全体人员学习了《关于认真学习的通知》。",
            "他说,去年,产值增长。",
        ]

    def test_closing_quote_after_a_full_stop_ends_the_paragraph(self):
        text = "标题\n\n本报讯(周某)他说:“很好。”\n\n第二段开始。\n"
        assert only(parse(text)).paragraphs == ["他说:“很好。”", "第二段开始。"]

    def test_hard_wrapped_block_is_one_paragraph(self):
        text = (
            "标题\n\n本报讯(周某)这是一段很长的文字被排版软件按\n"
            "固定的宽度折成了几行但它仍然是同\n一段。\n\n第二段。\n"
        )
        assert only(parse(text)).paragraphs == [
            "这是一段很长的文字被排版软件按固定的宽度折成了几行但它仍然是同一段。",
            "第二段。",
        ]

    def test_indented_lines_start_paragraphs(self):
        text = "标题\n\n\u3000\u3000本报讯(周某)第一段。\n\u3000\u3000第二段。\n"
        assert only(parse(text)).paragraphs == ["第一段。", "第二段。"]


class TestJumps:
    def test_explicit_markers_tail_after_head(self):
        text = (
            "第1版\n\n标题甲\n\n本报讯(周某)正文开始,记者了解到（下转第2版）\n\n"
            "标题乙\n\n本报讯(李某)乙的正文。\n\n第2版\n\n（上接第1版）项目进展顺利。\n"
        )
        issue = parse(text)
        first, second = issue.articles
        assert first.paragraphs == ["正文开始,记者了解到项目进展顺利。"]
        assert (first.page, first.continued_on) == (1, 2)
        assert second.paragraphs == ["乙的正文。"]
        assert issue.fragments == []
        assert "转" not in "".join(first.paragraphs)

    def test_explicit_markers_tail_before_head_with_ascii_brackets(self):
        text = "(上接第3版)项目进展顺利。\n\n标题甲\n\n本报讯(周某)正文开始,记者了解到(下转第2版)\n"
        issue = parse(text)
        assert only(issue).paragraphs == ["正文开始,记者了解到项目进展顺利。"]
        assert issue.fragments == []

    def test_repeated_headline_above_a_tail_is_not_a_new_article(self):
        text = (
            "标题甲\n\n本报讯(周某)正文开始,（下转第2版）\n\n标题乙\n\n本报讯(李某)乙。\n\n"
            "标题甲\n\n（上接第1版）正文结束。\n"
        )
        issue = parse(text)
        assert [a.title for a in issue.articles] == ["标题甲", "标题乙"]
        assert issue.articles[0].paragraphs == ["正文开始,正文结束。"]

    def test_implicit_tail_joins_the_article_that_stops_mid_sentence(self):
        text = (
            "标题甲\n\n本报讯(周某)正文完整。\n\n的垃圾处理量。\n\n第二段。\n\n"
            "标题乙\n\n本报讯(李某)承担着五分之一\n"
        )
        issue = parse(text)
        first, second = issue.articles
        assert first.paragraphs == ["正文完整。"]
        assert second.paragraphs == ["承担着五分之一的垃圾处理量。", "第二段。"]

    def test_ambiguous_tail_stays_a_fragment(self):
        text = (
            "标题甲\n\n本报讯(周某)甲停在一半\n\n标题乙\n\n本报讯(李某)乙也停在一半\n\n"
            "标题丙\n\n本报讯(王某)丙完整。\n\n的结尾文字。\n"
        )
        issue = parse(text)
        assert [f.paragraphs for f in issue.fragments] == [["的结尾文字。"]]
        assert any("多篇稿件" in w for w in issue.warnings)
        assert unaccounted(text, issue) == {}

    def test_a_short_line_ending_in_a_jump_marker_is_no_headline(self):
        text = (
            "标题甲\n\n本报讯(周某)第一段。\n\n会议要求，各板块要紧盯目标（下转第2版）\n\n"
            "标题乙\n\n本报讯(李某)乙。\n\n第2版\n\n（上接第1版）任务。\n"
        )
        first, second = parse(text).articles
        assert (first.title, first.paragraphs[-1]) == ("标题甲", "会议要求，各板块要紧盯目标任务。")
        assert second.title == "标题乙"

    def test_missing_tail_is_reported(self):
        issue = parse("标题甲\n\n本报讯(周某)正文（下转第2版）\n")
        assert any("没有找到接续的文字" in w for w in issue.warnings)


class TestNothingLost:
    def test_text_before_the_first_headline_is_kept_as_a_fragment(self):
        text = "一段没有标题的文字，\n\n标题\n\n本报讯(周某)正文。\n"
        issue = parse(text)
        assert [f.paragraphs for f in issue.fragments] == [["一段没有标题的文字，"]]
        assert any("未归属" in w for w in issue.warnings)
        assert unaccounted(text, issue) == {}

    def test_lede_without_headline_is_kept(self):
        text = "标题\n\n本报讯(周某)正文。\n\n第二段。\n\n本报讯(李某)另一篇稿件。\n"
        issue = parse(text)
        assert [f.paragraphs for f in issue.fragments] == [["本报讯(李某)另一篇稿件。"]]
        assert unaccounted(text, issue) == {}

    def test_no_article_is_refused(self):
        with pytest.raises(SourceError, match="no article"):
            parse("只是一句话。")


class TestDates:
    def test_latest_date_mentioned_with_year_from_the_text(self):
        text = "标题\n\n本报讯(周某)2023年工作总结。6月5日开会,6月9日结束。\n"
        issue = parse_issue(text, today=TODAY)
        assert (issue.date, issue.date_inferred) == (datetime.date(2023, 6, 9), True)

    def test_month_and_day_without_any_year_take_the_current_year(self):
        issue = parse_issue("标题\n\n本报讯(周某)6月5日开会。\n", today=TODAY)
        assert issue.date == datetime.date(2026, 6, 5)

    def test_a_deadline_far_ahead_is_not_the_issue_date(self):
        text = "标题\n\n本报讯(周某)2024年6月5日开会,6月9日结束,要求12月31日前完成。\n"
        assert parse_issue(text, today=TODAY).date == datetime.date(2024, 6, 9)

    def test_no_date_at_all_asks_for_one(self):
        with pytest.raises(SourceError, match="--date"):
            parse_issue("标题\n\n本报讯(周某)正文。\n", today=TODAY)

    def test_sidecar_date_when_there_is_no_masthead(self):
        sidecar = parse_sidecar("date = 2024-06-11\nnumber = 3699\n")
        issue = parse_issue("标题\n\n本报讯(周某)6月5日。\n", sidecar=sidecar, today=TODAY)
        assert (issue.date, issue.number, issue.date_inferred) == (
            datetime.date(2024, 6, 11),
            3699,
            False,
        )


class TestSidecar:
    TEXT = (
        "标题甲\n\n本报讯(周某)甲文。\n\n标题乙\n\n本报讯(李某)乙文。\n\n"
        "标题丙\n\n本报讯(王某)丙文。\n"
    )

    def test_page_plan_by_position_and_title(self):
        sidecar = parse_sidecar(
            'date = 2024-06-11\nstatus = "review"\n'
            '[[pages]]\nnumber = 1\nsection = "要闻"\narticles = [1, "标题乙"]\n'
            '[[pages]]\nnumber = 2\nsection = "综合"\narticles = [3]\n'
        )
        issue = parse_issue(self.TEXT, sidecar=sidecar, today=TODAY)
        assert [(a.title, a.page, a.section) for a in issue.articles] == [
            ("标题甲", 1, "要闻"),
            ("标题乙", 1, "要闻"),
            ("标题丙", 2, "综合"),
        ]
        assert issue.pages == {1: "要闻", 2: "综合"}
        assert issue.status == "review"

    @pytest.mark.parametrize(
        ("toml", "message"),
        [
            ("date = ", "not valid TOML"),
            ("dat = 2024-06-11", "unknown keys: dat"),
            ('date = "June"', "not YYYY-MM-DD"),
            ('status = "live"', "status must be one of"),
            ("[[pages]]\nsection = 1", "needs a number"),
        ],
    )
    def test_bad_sidecars_are_refused(self, toml, message):
        with pytest.raises(SourceError, match=message):
            parse_sidecar(toml)

    def test_page_plan_naming_a_missing_article_is_refused(self):
        sidecar = parse_sidecar("[[pages]]\nnumber = 1\narticles = [9]\n")
        with pytest.raises(SourceError, match="matches 0 articles"):
            parse(self.TEXT, sidecar=sidecar)


def test_dry_run_dict_has_every_key():
    issue = parse("标题\n\n正文。\n")
    data = issue.as_dict()
    assert set(data) >= {"issue", "articles", "fragments", "warnings"}
    assert set(data["issue"]) == {"publication", "date", "date_inferred", "number"}
    assert set(data["articles"][0]) >= {
        "title", "kicker", "subtitle", "kind", "dateline", "bylines", "paragraphs", "page",
    }  # fmt: skip
    assert data["articles"][0]["page"] is None
    assert data["issue"]["publication"] == ""


def test_the_parsers_words_are_the_models_values():
    """The parser stays free of the database, so it spells roles and statuses itself."""
    from articles.importer import result, text
    from articles.models import Article, Byline

    assert set(text.ROLE_WORDS.values()) | {text.TEXT_AND_PHOTO} == set(Byline.Role.values)
    assert set(result.STATUSES) == set(Article.Status.values)
