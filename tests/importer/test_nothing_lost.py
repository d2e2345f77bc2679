"""Nothing lost, property-tested: over generated issue texts and mutations of real ones,
the parser raises nothing but its own ``SourceError``, every line gets exactly one role,
and every non-space character of the source is accounted for (``account``), without the
parser's own safety net having to catch any.

The profile is fixed (derandomized, a set number of examples) so that CI runs the same
cases each time, in about half a minute.
"""

import datetime
import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.importer import SourceError
from articles.importer.account import unaccounted
from articles.importer.decode import decode
from articles.importer.hints import Hints
from articles.importer.parse import parse_issue
from articles.importer.result import ROLES as ALL_ROLES
from articles.text import normalise_newlines

from . import layouts as L

ROOT = Path(__file__).resolve().parents[2]
SEED = (ROOT / "fixtures/source/000_2699379a271d4552.txt").read_text(encoding="utf-8")
REAL = [SEED, *(getattr(L, name) for name in dir(L) if name.isupper())]
DATE = datetime.date(2024, 6, 11)
ROLES = [role for role in ALL_ROLES if role != "blank"]

PROFILE = settings(
    derandomize=True,
    max_examples=400,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SAFETY_NET = "有文字未能归入稿件"


def check(text, hints=None):
    """The properties, for one text: parsed (or refused with ``SourceError``), a role for
    every line, and every character accounted for without the safety net."""
    try:
        issue = parse_issue(text, date=DATE, today=DATE, hints=hints)
    except SourceError:
        return None
    lines = normalise_newlines(text).split("\n")
    assert [line.number for line in issue.lines] == list(range(1, len(lines) + 1))
    for line in issue.lines:
        assert line.role in ALL_ROLES, line
        assert (line.role == "blank") == (not line.text.strip()), line
        assert (line.target is None) == (line.role == "blank"), line
    assert unaccounted(text, issue) == {}
    assert not any(SAFETY_NET in w for w in issue.warnings), issue.warnings
    return issue


# --- Generated issues ---------------------------------------------------------------------

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚英华建文辉力永红玲峰雪燕"
WORDS = [
    *["我区", "经开区", "街道", "社区", "企业", "项目", "建设", "推进", "发展", "生态"],
    *["环境", "群众", "服务", "活动", "工作", "会议", "召开", "举行", "开展", "部署"],
    *["要求", "强调", "指出", "乡村", "振兴", "产业", "创新", "安全", "生产", "文化"],
    *["GDP", "5G", "3.5%", "1.08亿元", "2024年", "6月8日", "12345", "www.example.cn"],
]
DATELINE = "新华社北京6月{}日电（记者 王某）{}"
SUBHEADS = ["田间地头话振兴", "一、强化组织领导", "【田间】", "■应急值守"]
MARKS = ["，", "。", "、", "；", "：", "！", "？", ",", ":", ";", "!", "?", "(", ")", "（", "）",
         "“", "”", "《", "》", "——", "…"]  # fmt: skip

names = st.builds(
    lambda s, g: s + g, st.sampled_from(SURNAMES), st.text(GIVEN, min_size=1, max_size=2)
)
words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map("".join)
sentence = st.builds(
    lambda parts, end: "".join(parts) + end,
    st.lists(st.one_of(words, st.sampled_from(MARKS)), min_size=1, max_size=12),
    st.sampled_from(["。", "！", "？", "", "，", "。”", "。（王某）"]),
)
paragraph = st.lists(sentence, min_size=1, max_size=4).map("".join)
headline = st.lists(words, min_size=1, max_size=3).map(" ".join)
roles_words = st.sampled_from(["记者", "通讯员", "本报记者", "实习生", "特约记者", ""])
byline = st.builds(
    lambda role, name, other: f"{role} {name} {other}".strip(), roles_words, names,
    st.one_of(st.just(""), st.builds(lambda n: f"通讯员 {n}", names)),
)  # fmt: skip


def block_strategies():
    return st.one_of(
        paragraph,
        headline,
        st.builds(lambda b, p: f"本报讯（{b}）{p}", byline, paragraph),
        st.builds(lambda p: f"本报讯 {p}", paragraph),
        st.builds(DATELINE.format, st.integers(1, 9), paragraph),
        st.builds(lambda n, s: f"第{n:02d}版：{s}", st.integers(1, 12), words),
        st.builds(lambda n: f"第{n}版", st.integers(1, 12)),
        st.builds(lambda a, b: f"责任编辑：{a}　美术编辑：{b}", names, names),
        st.builds(lambda a, b: f"责任编辑 {a} 美编 {b}", names, names),
        st.builds(lambda m, b: f"{m}{b}", st.sampled_from(["□", "■", "◇", ""]), byline),
        st.builds(lambda n: f"（{n}）", names),
        st.sampled_from(["◇本报评论员", "本报评论员", "（作者单位：市委党校）", "简讯", "【简讯】",
                         "图片新闻", "编者按", "编者的话", "（上接第1版）", "（下转第2版）"]),
        st.builds(lambda p: f"编者按：{p}", paragraph),
        st.builds(lambda n: f"记者 {n} 摄", names),
        st.builds(lambda a, b: f"{a} {b} 图文报道", names, names),
        st.builds(lambda a, b: f"文/{a} 图/{b}", names, names),
        st.builds(lambda p: f"（上接第1版）{p}", paragraph),
        st.builds(lambda p: f"{p}（下转第2版）", paragraph),
        st.builds(lambda n, w: f"{n}、{w}", st.sampled_from("一二三四五"), words),
        st.builds(lambda w: f"【{w}】", words),
        st.builds(lambda w: f"■{w}", words),
        st.builds(lambda w: f"——{w}", words),
        st.builds(lambda w: f"▲{w}。", words),
        st.builds(lambda w, p: f"记者：{w}？张某：{p}", words, paragraph),
        st.text(alphabet=SURNAMES + GIVEN + "".join(MARKS) + " 　\tAa1", max_size=30),
    )  # fmt: skip


@st.composite
def issue_texts(draw):
    blocks = draw(st.lists(block_strategies(), min_size=1, max_size=25))
    if draw(st.booleans()):
        blocks.insert(0, "常州经开区报 2024年6月11日 星期二 第3699期")
    out = []
    for block in blocks:
        if draw(st.booleans()) and len(block) > 12:  # hard-wrapped at a width
            width = draw(st.integers(6, 20))
            block = "\n".join(block[i : i + width] for i in range(0, len(block), width))
        indent = draw(st.sampled_from(["", "", "\u3000\u3000", "  "]))
        out.append(indent + block)
        out.append(draw(st.sampled_from(["\n\n", "\n\n", "\n", "\n\n\n", "\r\n\r\n"])))
    return "".join(out)


@settings(PROFILE, max_examples=250)
@given(issue_texts())
def test_generated_issues(text):
    check(text)


# --- Mutations of real texts ----------------------------------------------------------------


@st.composite
def mutated(draw):
    text = draw(st.sampled_from(REAL))
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    kinds = draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=3))
    for mutate in kinds:
        text = mutate(text, rng)
    return text


def shuffle_blocks(text, rng):
    blocks = text.split("\n\n")
    rng.shuffle(blocks)
    return "\n\n".join(blocks)


def line_breaks(text, rng):
    chars = list(text)
    for _ in range(rng.randint(1, 12)):
        chars.insert(rng.randrange(len(chars) + 1), rng.choice(["\n", "\n\n", "\n\u3000\u3000"]))
    return "".join(chars)


def stray_punctuation(text, rng):
    chars = list(text)
    for _ in range(rng.randint(1, 12)):
        chars.insert(rng.randrange(len(chars) + 1), rng.choice(MARKS))
    return "".join(chars)


def page_headers(text, rng):
    blocks = text.split("\n\n")
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(blocks) + 1)
        blocks[at:at] = [f"第{rng.randint(1, 8)}版：综合", "责任编辑：王晓东　美术编辑：李敏"]
    return "\n\n".join(blocks)


def subheads(text, rng):
    blocks = text.split("\n\n")
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(blocks) + 1)
        blocks.insert(at, rng.choice(SUBHEADS))
    return "\n\n".join(blocks)


def drop_blocks(text, rng):
    blocks = text.split("\n\n")
    for _ in range(rng.randint(1, 3)):
        if len(blocks) > 1:
            blocks.pop(rng.randrange(len(blocks)))
    return "\n\n".join(blocks)


def encodings(text, rng):
    """Through bytes and ``decode`` in an encoding a source arrives in."""
    encoding = rng.choice(["utf-8", "utf-8-sig", "gb18030", "utf-16"])
    data = text.replace("\n", rng.choice(["\n", "\r\n"])).encode(encoding)
    try:
        return decode(data).text
    except SourceError:
        return text


MUTATIONS = [
    shuffle_blocks,
    line_breaks,
    stray_punctuation,
    page_headers,
    subheads,
    drop_blocks,
    encodings,
]


@settings(PROFILE, max_examples=800)
@given(mutated())
def test_mutated_real_issues(text):
    check(text)


# --- Corrections on top ---------------------------------------------------------------------


@st.composite
def corrected(draw):
    """A real or mutated text, with an editor's corrections on lines drawn at random."""
    text = draw(st.one_of(st.sampled_from(REAL), mutated()))
    lines = normalise_newlines(text).split("\n")
    filled = [n for n, line in enumerate(lines, start=1) if line.strip()]
    hints = Hints()
    for _ in range(draw(st.integers(1, 6))):
        number = draw(st.sampled_from(filled))
        kind = draw(st.sampled_from(["role", "role", "split", "merge", "attach"]))
        if kind == "role":
            hints.set_role(lines, number, draw(st.sampled_from(ROLES)))
        elif kind == "split":
            hints.split(lines, number)
        elif kind == "merge":
            hints.merge(lines, number)
        else:
            hints.attach_fragment(lines, number, draw(st.sampled_from(filled)))
    return text, hints


@settings(PROFILE, max_examples=800)
@given(corrected())
def test_corrections_never_lose_text(case):
    text, hints = case
    issue = check(text, hints)
    if issue is not None:  # the stored form gives the same parse
        again = parse_issue(text, date=DATE, today=DATE, hints=Hints.from_json(hints.to_json()))
        assert (again.as_dict(), again.lines) == (issue.as_dict(), issue.lines)


def test_the_safety_net_keeps_what_a_parse_lost():
    """Should a parse ever drop text, ``account.enforce`` keeps the lines holding it as an
    unplaced fragment and names them."""
    from articles.importer.account import enforce

    issue = parse_issue(SEED, today=DATE)
    dropped = issue.articles[2].paragraphs.pop(3)  # 家住路城花苑24栋…
    enforce(SEED, issue)
    assert issue.fragments[-1].paragraphs == [dropped]
    assert issue.warnings[-1] == (
        "第45行：有文字未能归入稿件（第45行），已作为未归属文本保留，请核对。"
    )
    assert unaccounted(SEED, issue) == {}
