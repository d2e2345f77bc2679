"""Recognisers for the furniture of a printed page beyond the seed's: page headers, byline
lines, pen names, editor's notes, roundup headings, subheads, photo captions.

Like ``text``, each function looks at one line or paragraph and answers one question;
they are pure, and the segmenter combines them.
"""

import re
from dataclasses import dataclass

from .text import (
    PHOTOGRAPHER,
    REPORTER,
    ROLE_WORDS,
    SENTENCE_END,
    SPACE,
    TEXT_AND_PHOTO,
    Name,
    ends_sentence,
    parse_names,
    pattern,
)

# Symbols set before a byline, a subhead or a roundup heading: □王某, ■田间地头话振兴.
MARKS = "□■◇◆●○▲△☆★▶►◎"
_MARK = re.compile("^[" + MARKS + "]" + SPACE + "*")


def strip_mark(text):
    """``□王某`` -> (``□``, ``王某``)."""
    match = _MARK.match(text)
    if not match:
        return "", text
    return match[0], text[match.end() :]


# --- Page headers -----------------------------------------------------------------------

_STAFF_ROLES = sorted(
    [
        "责任编辑", "责编", "本版编辑", "本版责编", "编辑", "美术编辑", "美编", "校对",
        "责任校对", "校审", "版式", "版式设计", "版面设计", "组版", "排版", "审读", "审校",
        "值班编委", "值班总编", "终审", "签发", "制图", "设计", "图片编辑", "摄影编辑",
        "视觉", "统筹", "监制", "编审", "主编", "执行主编",
    ],
    key=len,
    reverse=True,
)  # fmt: skip
_STAFF_PART = pattern(
    r"(?P<role>" + "|".join(_STAFF_ROLES) + r")~[：:/／]?~(?P<names>[^：:/／]*?)~"
    r"(?=(?:" + "|".join(_STAFF_ROLES) + r")|$)"
)


def parse_staff(text):
    """``责任编辑：王某　美术编辑：李某　校对：张某`` / ``责任编辑 王某 美编 李某`` -> the
    line as printed (stripped), or None. Every part must be a staff role and names."""
    text = text.strip()
    if not 4 <= len(text) <= 80 or text[0] not in "责本编美校版组排审值终签制设图摄视统监主执":
        return None
    position, parts = 0, 0
    while position < len(text):
        match = _STAFF_PART.match(text, position)
        if not match or match.end() == position or not parse_names(match["names"]):
            return None
        position, parts = match.end(), parts + 1
    return text if parts else None


# --- Byline lines, pen names, signatures -------------------------------------------------

_BYLINE_PREFIX = pattern(
    r"^(?P<prefix>文~[/／·]~图|图~[/／·]~文|文图|图文|撰文|撰稿|采写|作者|文|图|摄影)"
    r"(?:~[/／:：]~|" + SPACE + r"+)"
)
_BYLINE_SUFFIX = pattern(r"(?:" + SPACE + r"+|~[/／]~)?(?P<suffix>文~[/／·]~图|图文|报道)$")
_PREFIX_ROLES = {"图": PHOTOGRAPHER, "摄影": PHOTOGRAPHER}
_SPLIT_CREDIT = pattern(r"^文~[/／:：]~(?P<text>.+?)" + SPACE + r"+图~[/／:：]~(?P<photo>.+)$")


def _role_of(affix):
    affix = re.sub(SPACE + "|[/／·]", "", affix or "")
    if affix in ("文图", "图文"):
        return TEXT_AND_PHOTO
    return _PREFIX_ROLES.get(affix, REPORTER)


def parse_byline_line(text):
    """A byline on a line of its own -> its names, or None: ``□王某``,
    ``■文/图　本报记者　王　某``, ``本报记者 王某``, ``文/王某``, ``文/王某 图/李某``,
    ``记者 王某 通讯员 李某``, ``本报记者 王某 报道``. A bare name is no byline line: it
    needs a mark, a role word or a ``文/`` before it."""
    if len(text) > 48:
        return None
    mark, body = strip_mark(text.strip())
    if not (mark or body.startswith(_BYLINE_STARTS) or body.endswith(_BYLINE_ENDS)):
        return None
    if ("/" in body or "／" in body) and (split := _SPLIT_CREDIT.match(body)):
        writers = parse_names(split["text"])
        photographers = parse_names(split["photo"], PHOTOGRAPHER)
        if writers and photographers:
            return writers + [Name(n.name, PHOTOGRAPHER) for n in photographers]
        return None
    prefix = _BYLINE_PREFIX.match(body)
    if prefix:
        body = body[prefix.end() :]
    suffix = _BYLINE_SUFFIX.search(body)
    if suffix and suffix.start() > 0:
        body = body[: suffix.start()]
    else:
        suffix = None
    role = _role_of(prefix["prefix"] if prefix else suffix and suffix["suffix"])
    names = parse_names(body, default_role=REPORTER if role == TEXT_AND_PHOTO else role)
    if not names:
        return None
    if not (mark or prefix or suffix or _opens_with_role(body)):
        return None
    if not (prefix or suffix or _opens_with_role(body)) and any(len(n.name) > 3 for n in names):
        return None  # ■应急值守: a mark alone makes a byline of short names only
    if role == TEXT_AND_PHOTO:
        names = [Name(n.name, TEXT_AND_PHOTO) if n.role == REPORTER else n for n in names]
    return names


# What a byline line can open with, when no mark stands before it.
_BYLINE_STARTS = (*ROLE_WORDS, "文", "图", "撰", "采", "作者", "摄影")
_BYLINE_ENDS = ("报道", "图", "图文")


def _opens_with_role(text):
    return any(text.startswith(word) for word in ROLE_WORDS)


_PEN_NAME = pattern(
    r"^(?:(?:本报|本刊|[\u4e00-\u9fff]{2,8}报)?(?:特约)?评论员|本报编辑部|本报评论部"
    r"|[\u4e00-\u9fff]{2,6}编辑部)$"
)
_AFFILIATION = pattern(r"^[（(]?~(?P<text>作者(?:单位|系|为|是)[：:]?[^（）()]{1,60}?)~[）)]?$")


def parse_attribution(text):
    """A signature naming no reporter -> the attribution: ``◇本报评论员`` -> ``本报评论员``,
    ``（作者单位：市委党校）`` -> ``作者单位：市委党校``; else None."""
    if len(text) > 70:
        return None
    _, body = strip_mark(text.strip())
    if _PEN_NAME.match(body):
        return body
    if match := _AFFILIATION.match(body):
        return match["text"]
    return None


_SIGNATURE_LINE = pattern(r"^[（(]~(?P<names>[^（）()]{1,30}?)~[）)]$")


def parse_signature_line(text):
    """``（王某）`` / ``(记者 王某 李某)`` on a line of its own -> the names, or None."""
    match = _SIGNATURE_LINE.match(text.strip())
    return parse_names(match["names"]) if match else None


# --- Editor's notes, roundups, subheads, captions, Q&A -----------------------------------

_EDITORS_NOTE = pattern(
    r"^[【\[]?~(?P<label>编者按|编者的话|编前语|编者语|编辑的话)"
    r"(?:~[】\]]~[：:]?|~[：:]|(?=" + SPACE + r")|$)~(?P<rest>.*)$",
    re.S,
)


@dataclass(frozen=True)
class EditorsNote:
    label: str  # as printed: 【编者按】, 编者按：
    text: str


def parse_editors_note(text):
    """``编者按：…`` / ``【编者按】…`` / ``编者的话`` alone -> EditorsNote, else None."""
    if text[:1] not in "编【[":
        return None
    match = _EDITORS_NOTE.match(text)
    if not match:
        return None
    return EditorsNote(text[: match.start("rest")], match["rest"])


_COLUMN = pattern(
    r"^(?:[【\[" + MARKS + r"]~)?(?P<label>[\u4e00-\u9fff]{0,6}"
    r"(?:简讯|快讯|短讯|速递|速览|图片新闻|新闻图片|一句话新闻|新闻集锦|新闻简报|动态|播报|资讯))"
    r"~[】\]]?$"
)


def parse_column(text):
    """A roundup's heading: ``简讯``, ``【经开快讯】``, ``图片新闻`` -> the label, else None."""
    if len(text) > 14:
        return None
    match = _COLUMN.match(text.strip())
    return match["label"] if match else None


_NUMBERED = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]"
    r"|\d{1,2}[、.．](?!\d)|【[^【】]{1,28}】$|[" + MARKS + "])"
)


def subhead_marked(text):
    """A line marked as a subhead by its numbering, brackets or symbol: ``一、…``,
    ``（二）…``, ``【田间地头】``, ``■…``; short and not a finished sentence."""
    return (
        len(text) <= 32
        and text[-1] not in SENTENCE_END + "，,；;：:"
        and bool(_NUMBERED.match(text))
    )


_CAPTION = re.compile(r"^(?:[▲△]|图为|上图|下图|左图|右图|图[：:①②③④⑤1-9]|[（(]图为)")


def caption_like(text):
    """A photo caption as papers print one: ``▲…``, ``图为…``, ``上图：…``."""
    return bool(_CAPTION.match(text))


_SPEAKER = re.compile(r"^[\u4e00-\u9fff]{1,6}[：:]")


def speaker_label(text):
    """A paragraph of an interview: ``记者：…？``, ``张某：…。``, ``问：…？`` (a speaker and
    a sentence; a headline's place label, ``遥观镇：擦亮环境底色``, ends no sentence)."""
    return bool(_SPEAKER.match(text)) and ends_sentence(text)


_CLAUSE = re.compile(r"[，。；！？,.;!?：:、]")


def caption_title(caption):
    """A title for a photo printed without one: the caption's first clause that says
    something (not a date), at most 30 characters."""
    text = re.sub(r"^(?:[▲△]|图为|上图|下图)~*".replace("~", SPACE), "", caption)
    clauses = [c.strip() for c in _CLAUSE.split(text) if c.strip()]
    for clause in clauses:
        if len(clause) >= 4 and not clause[0].isdigit():
            return clause[:30]
    return (clauses[0] if clauses else caption)[:30]
