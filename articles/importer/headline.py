"""Headlines: which lines can be one, and how a headline's lines divide into kicker (引题),
title (主题) and subtitle (副题).

A headline printed on one line has its parts separated by spaces (``split_headline``). A
headline stacked over two to four lines (``split_stack``) is read from signals: a line
opening with a dash is the subtitle; a line that stops inside brackets or quotes, ends on
a word that cannot end a headline, or ran the text's full column width wraps onto the next
(one title); otherwise the upper line is the kicker and the lower the title. Where the
signals leave it open, ``split_stack`` says so (``unsure``) for the editor to check.
"""

import re
from dataclasses import dataclass

from . import text as t
from .drafts import join

# Characters a headline line does not end on unless it wraps onto the next line.
_WRAP_END = "的暨与和及并、“《（(—·"
DASHES = "—-―"


def shaped(text, relaxed=False):
    """Could ``text`` be (part of) a headline? ``relaxed`` allows commas inside, for a line
    followed by a lede and so known to be a headline."""
    if not 2 <= len(text) <= 48 or "。" in text:
        return False
    if text[-1] in "，、；：,;:—…" or not t.brackets_balanced(text):
        return False
    if t.cannot_start_sentence(text):
        return False
    return relaxed or not re.search("[，,；;]", text) or text[-1] in "!?！？"


def _strip_label(part):
    """``遥观镇:擦亮环境底色`` -> ``擦亮环境底色``: a place label before a colon."""
    return re.sub(r"^[^:：]{1,8}[:：]", "", part)


def _parallel(a, b):
    """Short phrases of about the same length read as one title: ``擦亮环境底色 创建生态新城``."""
    la, lb = t.cjk_length(_strip_label(a)), t.cjk_length(b)
    return la <= 8 and lb <= 8 and abs(la - lb) <= 2


def strip_dash(text):
    """``——企业家畅谈发展`` -> (``——``, ``企业家畅谈发展``)."""
    rest = text.lstrip(DASHES + " \u3000")
    return text[: len(text) - len(rest)], rest


def split_headline(lines):
    """A headline (one line, or up to three stacked lines) -> (kicker, title, subtitle).

    Spaces separate the parts of a one-line headline. The shorter part before a longer one
    is a kicker (引题); a longer part before a shorter one makes the second a subtitle (副题),
    as does a part opening with a dash. Short parallel phrases stay one title. Stacked
    lines are read by ``split_stack``.
    """
    if len(lines) > 1:
        stack = split_stack(lines)
        return stack.kicker, stack.title, stack.subtitle
    parts = [p for p in re.split(t.SPACE + "+", lines[0]) if p]
    subtitle = ""
    if len(parts) > 1 and parts[-1].startswith(("—", "-")):
        subtitle = strip_dash(parts.pop())[1]
    merged = []
    for part in parts:
        if merged and " " not in merged[-1] and _parallel(merged[-1], part):
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    if len(merged) == 1:
        return "", merged[0], subtitle
    if len(merged) == 2:
        first, second = merged
        if subtitle or t.cjk_length(first) < t.cjk_length(second):
            return first, second, subtitle
        return "", first, second
    if len(merged) == 3 and not subtitle:
        return merged[0], merged[1], merged[2]
    return "", " ".join(merged), subtitle


@dataclass(frozen=True)
class Stack:
    kicker: str
    title: str
    subtitle: str
    roles: tuple  # the role of each line given: "kicker", "title" or "subtitle"
    unsure: bool = False


def wraps(upper, lower, width=None):
    """Does headline line ``upper`` run on into ``lower`` (one title broken in two)?"""
    if not t.brackets_balanced(upper) and t.brackets_balanced(upper + lower):
        return True
    if upper[-1] in _WRAP_END or t.cannot_start_sentence(lower):
        return True
    return bool(width) and t.cjk_length(upper) >= width - 0.5 and len(upper) > len(lower)


def split_stack(lines, width=None):
    """Stacked headline lines -> ``Stack``. ``width`` is the text's column width, when its
    paragraphs are hard-wrapped (a headline line that ran it wraps onto the next)."""
    lines = list(lines)
    subtitle = ""
    if len(lines) > 1 and lines[-1][:1] in DASHES:
        subtitle = strip_dash(lines.pop())[1]
    groups = [[0]]
    merged = [lines[0]]
    for index, line in enumerate(lines[1:], start=1):
        if wraps(merged[-1], line, width):
            merged[-1] = join(merged[-1], line)
        elif " " not in merged[-1] and _parallel(merged[-1], line):
            merged[-1] = f"{merged[-1]} {line}"
        else:
            merged.append(line)
            groups.append([])
        groups[-1].append(index)
    unsure = False
    if len(merged) == 1:
        parts = ("", merged[0], subtitle)
        names = ["title"]
    elif len(merged) == 2:
        # A kicker over the title, as papers stack them; unsure where the upper line is far
        # longer, as a title over an undashed subtitle (or a wrap) would also print.
        unsure = not subtitle and t.cjk_length(merged[0]) >= 2 * t.cjk_length(merged[1])
        parts = (merged[0], merged[1], subtitle)
        names = ["kicker", "title"]
    elif len(merged) == 3 and not subtitle:
        parts = tuple(merged)
        names = ["kicker", "title", "subtitle"]
    else:
        parts = (merged[0], " ".join(merged[1:]), subtitle)
        names = ["kicker"] + ["title"] * (len(merged) - 1)
        unsure = True
    roles = [""] * len(lines)
    for name, group in zip(names, groups, strict=True):
        for index in group:
            roles[index] = name
    if subtitle:
        roles.append("subtitle")
    return Stack(*parts, roles=tuple(roles), unsure=unsure)
