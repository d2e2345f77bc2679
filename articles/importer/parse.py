"""Text of a whole printed issue -> ``ParsedIssue``. Pure: no database, no files.

The text comes from the print layout: blocks separated by blank lines, headlines before
articles, ledes opening ``本报讯(记者 姓名)``, photo stories closed by a credit line,
paragraphs broken where a column ended, and tails of articles printed elsewhere ("jumps").
Parsing runs in three passes:

1. ``_units``: lines -> paragraph units (a block may be hard-wrapped over several lines).
2. ``_Segmenter``: units -> articles and fragments, in source order. A paragraph that stops
   mid-sentence continues in the next block (a column break); a block that cannot start a
   sentence after a finished article starts a fragment (the tail of a jump).
3. ``_place_fragments``: each fragment is joined to the one article it can belong to (by
   ``（上接第N版）`` markers, else to the article that stops mid-sentence). A fragment that
   cannot be placed with confidence stays a fragment, with a warning: nothing is dropped.
"""

import datetime
import re
from dataclasses import dataclass, fields

from ..text import normalise_newlines
from . import SourceError
from . import text as t
from .plan import Sidecar, apply_page_plan
from .result import PUBLISHED, Byline, ParsedArticle, ParsedFragment, ParsedImage, ParsedIssue


@dataclass
class _ArticleDraft(ParsedArticle):
    """An article while the parser builds it: the result, plus what the parser still needs
    to know about it."""

    closed: bool = False  # a credit line ended it
    awaiting_tail: bool = False  # （下转第N版） seen
    credit: str = ""

    @property
    def dangling(self):
        """Its text stops mid-sentence and nothing says where it goes on."""
        return (
            bool(self.paragraphs)
            and not t.ends_sentence(self.paragraphs[-1])
            and not self.closed
            and not self.awaiting_tail
        )

    def add_byline(self, name, role):
        if all((b.name, b.role) != (name, role) for b in self.bylines):
            self.bylines.append(Byline(name, role))

    def result(self):
        return ParsedArticle(**{f.name: getattr(self, f.name) for f in fields(ParsedArticle)})


@dataclass
class _FragmentDraft(ParsedFragment):
    page: int | None = None
    from_page: int | None = None  # （上接第N版）
    implicit: bool = False  # started by a block that cannot start a sentence
    heading: str = ""  # a headline repeated above a （上接…） tail
    continued_on: int | None = None  # a tail that jumps on again: （下转第N版）
    awaiting_tail: bool = False
    closed = False  # only articles are closed by a credit line

    @property
    def dangling(self):
        return (
            bool(self.paragraphs)
            and not t.ends_sentence(self.paragraphs[-1])
            and not self.awaiting_tail
        )

    def result(self):
        return ParsedFragment(paragraphs=self.paragraphs, line=self.line)


# --- Pass 1: paragraph units ----------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    text: str
    line: int


def _structural(text):
    """Lines that always start a unit of their own, even inside a block."""
    return bool(
        t.parse_lede(text)
        or t.parse_credit(text)
        or t.split_jump_from(text)[1]
        or t.parse_page_marker(text)
        or text.startswith("——")
    )


def _join(left, right):
    """Join two pieces of one paragraph: no space in Chinese, one between Latin words."""
    if left and right and left[-1].isascii() and left[-1].isalnum() and right[0].isascii():
        return f"{left} {right}"
    return left + right


def _units(text):
    """Split text into paragraph units. Blocks are separated by blank lines; inside a block,
    a line continues the previous one when that line ran the block's full width (a hard
    wrap), and starts a new unit when indented or when it is a lede, credit or marker."""
    blocks, block = [], []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            block.append((number, line))
        elif block:
            blocks.append(block)
            block = []
    if block:
        blocks.append(block)

    units = []
    for block in blocks:
        width = max(len(line.strip()) for _, line in block)
        previous_full = False
        for number, line in block:
            stripped = line.strip()
            indented = line[:1] in (" ", "\u3000", "\t") and len(block) > 1
            if previous_full and not indented and not _structural(stripped):
                units[-1] = Unit(_join(units[-1].text, stripped), units[-1].line)
            else:
                units.append(Unit(stripped, number))
            previous_full = width >= 8 and len(stripped) >= 0.8 * width
    return units


# --- Headlines --------------------------------------------------------------------------------


def _headline_shaped(text, relaxed=False):
    """Could ``text`` be (part of) a headline? ``relaxed`` allows commas inside, for a line
    that is followed by a lede and so is known to be a headline."""
    if not 2 <= len(text) <= 48 or "。" in text:
        return False
    if text[-1] in "，、；：,;:—…" or not t.brackets_balanced(text):
        return False
    if t.cannot_start_sentence(text) or _structural(text) or t.split_jump_to(text)[1]:
        return False
    return relaxed or not re.search("[，,；;]", text) or text[-1] in "!?！？"


def _strip_label(part):
    """``遥观镇:擦亮环境底色`` -> ``擦亮环境底色``: a place label before a colon."""
    return re.sub(r"^[^:：]{1,8}[:：]", "", part)


def _parallel(a, b):
    """Short phrases of about the same length read as one title: ``擦亮环境底色 创建生态新城``."""
    la, lb = t.cjk_length(_strip_label(a)), t.cjk_length(b)
    return la <= 8 and lb <= 8 and abs(la - lb) <= 1


def split_headline(lines):
    """A headline (one line, or up to three stacked lines) -> (kicker, title, subtitle).

    Spaces separate the parts of a one-line headline. The shorter part before a longer one
    is a kicker (引题); a longer part before a shorter one makes the second a subtitle (副题),
    as does a part opening with a dash. Short parallel phrases stay one title.
    """
    parts = [p for p in re.split(t.SPACE + "+", lines[0]) if p] if len(lines) == 1 else lines
    parts = list(parts)
    subtitle = ""
    if len(parts) > 1 and parts[-1].startswith(("—", "-")):
        subtitle = parts.pop().lstrip("—- \u3000")
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


# --- Pass 2: segmentation ---------------------------------------------------------------------


# A line taken for a headline without a lede or photo credit after it (a brief's) is short;
# a longer line is more likely the start of a paragraph broken at a column's end.
WEAK_HEADLINE_LENGTH = 30


class _Segmenter:
    def __init__(self, units):
        self.units = units
        self.articles: list[_ArticleDraft] = []
        self.fragments: list[_FragmentDraft] = []
        self.pages: dict[int, str] = {}
        self.warnings: list[str] = []
        self.current = None
        self.page = None

    def run(self):
        i = 0
        while i < len(self.units):
            i = self.step(i)
        return self

    def warn(self, line, message):
        self.warnings.append(f"第{line}行：{message}")

    # Looking ahead.

    def _text(self, i):
        return self.units[i].text if i < len(self.units) else ""

    def _photo_caption_at(self, j):
        """Units j.. are caption paragraphs closed by a credit line within three units."""
        for k in range(j, min(j + 3, len(self.units))):
            text = self._text(k)
            if t.parse_credit(text):
                return k > j
            if not t.ends_sentence(text) or t.parse_lede(text):
                return False
        return False

    def _body_starts_at(self, j):
        """Unit j certainly starts an article's body: a lede, or a photo caption."""
        return bool(t.parse_lede(self._text(j))) or self._photo_caption_at(j)

    def headline_span(self, i, strong_only=False):
        """How many units from i form a headline (0: none). Stacked headline lines are taken
        only when a body certainly follows; a lone line also when it looks clean and the
        article before it has finished."""
        if not _headline_shaped(self._text(i), relaxed=True):
            return 0  # most units: long paragraphs
        for n in (3, 2, 1):
            stack = [self._text(k) for k in range(i, i + n)]
            # The last line of a stack may be a subtitle opening with a dash.
            stack[-1] = stack[-1].lstrip("—") if n > 1 else stack[-1]
            # Commas are allowed in a one-line headline before a lede, never in a stack.
            shaped = all(_headline_shaped(s, relaxed=n == 1) for s in stack)
            if i + n < len(self.units) and shaped and self._body_starts_at(i + n):
                return n
        if strong_only or i + 1 >= len(self.units):
            return 0
        text, following = self._text(i), self._text(i + 1)
        if (
            t.cjk_length(text) <= WEAK_HEADLINE_LENGTH
            and _headline_shaped(text)
            and not t.parse_credit(following)
            and not t.cannot_start_sentence(following)
        ):
            return 1
        return 0

    # Building.

    def start_article(self, lines, line):
        kicker, title, subtitle = split_headline(lines)
        article = _ArticleDraft(title=title, kicker=kicker, subtitle=subtitle, line=line)
        article.page = self.page
        self.articles.append(article)
        self.current = article

    def start_fragment(self, line, **kwargs):
        fragment = _FragmentDraft(line=line, page=self.page, **kwargs)
        self.fragments.append(fragment)
        self.current = fragment
        return fragment

    def add_paragraph(self, text, join=False):
        text, jump_to = t.split_jump_to(text)
        target = self.current
        if text:
            if join and target.paragraphs:
                target.paragraphs[-1] = _join(target.paragraphs[-1], text)
            else:
                target.paragraphs.append(text)
        if jump_to is not None:
            target.continued_on = jump_to
            target.awaiting_tail = True
            self.current = None

    def step(self, i):
        unit = self.units[i]
        text, current = unit.text, self.current

        if marker := t.parse_page_marker(text):
            self.page, name = marker
            if name:
                self.pages[self.page] = name
            self.current = None
            return i + 1

        rest, from_page = t.split_jump_from(text)
        if from_page is not None:
            heading = ""
            # A headline repeated above the tail was taken for a new, empty article.
            if isinstance(current, _ArticleDraft) and not current.paragraphs:
                self.articles.remove(current)
                heading = current.title
            self.start_fragment(unit.line, from_page=from_page, heading=heading)
            if rest:
                self.add_paragraph(rest)
            return i + 1

        if current is not None and current.dangling and not self.headline_span(i, True):
            self.add_paragraph(text, join=True)  # a column break
            return i + 1

        if names := t.parse_credit(text):
            if isinstance(current, _ArticleDraft) and not current.closed:
                for name in names:
                    current.add_byline(name.name, name.role)
                current.credit = text
                current.closed = True
            else:
                self.warn(
                    unit.line, f"图片署名“{text}”前没有对应的图片报道，已作为未归属文本保留。"
                )
                self.start_fragment(unit.line).paragraphs.append(text)
                self.current = None
            return i + 1

        if span := self.headline_span(i):
            self.start_article([self._text(k) for k in range(i, i + span)], unit.line)
            return i + span

        if t.cannot_start_sentence(text) and not isinstance(current, _FragmentDraft):
            self.start_fragment(unit.line, implicit=True)
            self.add_paragraph(text)
            return i + 1

        lede = t.parse_lede(text)
        if lede and isinstance(current, _ArticleDraft) and not current.paragraphs:
            current.dateline = lede.dateline
            for name in lede.names:
                current.add_byline(name.name, name.role)
            if lede.unparsed_byline:
                self.warn(
                    unit.line, f"电头后的括号“{lede.unparsed_byline}”不像署名，保留在正文中。"
                )
            if lede.rest:
                self.add_paragraph(lede.rest)
            return i + 1

        if current is None or current.closed or lede:
            reason = "电头前没有标题" if lede else "这段文字前没有标题"
            self.warn(unit.line, f"{reason}，已作为未归属文本保留，请编辑归入相应稿件。")
            self.start_fragment(unit.line)
        self.add_paragraph(text)
        return i + 1


# --- Pass 3: placing fragments ----------------------------------------------------------------


def _attach(article, fragment):
    paragraphs = list(fragment.paragraphs)
    if paragraphs and article.paragraphs and not t.ends_sentence(article.paragraphs[-1]):
        article.paragraphs[-1] = _join(article.paragraphs[-1], paragraphs.pop(0))
    article.paragraphs.extend(paragraphs)
    article.awaiting_tail = False
    if fragment.from_page is not None and article.page is None:
        article.page = fragment.from_page
    if article.continued_on is None and fragment.page is not None and fragment.page != article.page:
        article.continued_on = fragment.page
    if fragment.continued_on is not None:
        article.continued_on = fragment.continued_on
        article.awaiting_tail = True


def _candidates(articles, fragment):
    if fragment.from_page is not None:
        found = [
            a
            for a in articles
            if a.awaiting_tail
            and a.page in (None, fragment.from_page)
            and (fragment.page is None or a.continued_on in (None, fragment.page))
        ]
        if fragment.heading and len(found) > 1:
            found = [a for a in found if fragment.heading in (a.title, f"{a.kicker} {a.title}")]
        return found
    if fragment.implicit:
        return [a for a in articles if a.dangling or a.awaiting_tail]
    return []


def _place_fragments(articles, fragments, warnings):
    unplaced = []
    for fragment in fragments:
        found = _candidates(articles, fragment)
        if len(found) == 1:
            _attach(found[0], fragment)
            continue
        unplaced.append(fragment)
        first = fragment.paragraphs[0][:20] if fragment.paragraphs else ""
        if fragment.from_page is not None or fragment.implicit:
            why = "有多篇稿件可能接续" if found else "找不到它接续的稿件"
            warnings.append(f"第{fragment.line}行：接续文字“{first}…”{why}，已作为未归属文本保留。")
    return unplaced


# A paragraph longer than this (in characters) is most likely several whose line breaks the
# export lost: imported as it is, with a warning naming it.
LONG_PARAGRAPH = 10_000


def _finish(article, warnings):
    """What can only be decided once an article's text is complete."""
    if article.paragraphs and (signed := t.split_signature(article.paragraphs[-1])):
        article.paragraphs[-1], names = signed
        for name in names:
            article.add_byline(name.name, name.role)
    if article.credit:
        if article.dateline:
            article.images.append(ParsedImage(caption="", credit=article.credit))
        else:
            article.kind = "photo"
            caption = "\n".join(article.paragraphs)
            article.images.append(ParsedImage(caption=caption, credit=article.credit))
    where = f"第{article.line}行《{article.title}》"
    for number, paragraph in enumerate(article.paragraphs, start=1):
        if len(paragraph) > LONG_PARAGRAPH:
            warnings.append(
                f"{where}第{number}段长达 {len(paragraph):,} 字，超过 {LONG_PARAGRAPH:,} 字的上限，"
                "可能缺少换行，请核对。"
            )
    if not article.paragraphs and not article.images:
        warnings.append(f"{where}只有标题，没有正文。")
    if not article.bylines:
        warnings.append(f"{where}没有找到署名。")
    if article.awaiting_tail:
        warnings.append(f"{where}转至第{article.continued_on}版，但没有找到接续的文字。")
    elif article.dangling:
        warnings.append(f"{where}最后一段没有结束，可能缺少转版的文字。")


# --- The whole issue --------------------------------------------------------------------------


def parse_issue(text, *, sidecar=None, date=None, today=None):
    """Parse a whole issue's text. ``date`` (the command's ``--date``) wins over the
    masthead, the masthead over the sidecar, the sidecar over a date inferred from the
    text. Raises ``SourceError`` for a text that holds no article or no date."""
    today = today or datetime.date.today()
    sidecar = sidecar or Sidecar()
    text = normalise_newlines(text)
    units = _units(text)
    if not units:
        raise SourceError("the text is empty")

    issue = ParsedIssue()
    masthead = t.parse_masthead(units[0].text)
    if masthead:
        units = units[1:]
        issue.publication, issue.number = masthead.publication, masthead.number
        if masthead.weekday_mismatch:
            issue.warnings.append(f"报头的星期与日期{masthead.date:%Y年%-m月%-d日}不符。")

    segments = _Segmenter(units).run()
    issue.pages = segments.pages
    warnings = segments.warnings
    unplaced = _place_fragments(segments.articles, segments.fragments, warnings)
    for article in segments.articles:
        _finish(article, warnings)
    issue.articles = [article.result() for article in segments.articles]
    issue.fragments = [fragment.result() for fragment in unplaced]
    if not issue.articles:
        raise SourceError("no article found: the text has no headline followed by article text")

    issue.publication = issue.publication or sidecar.publication
    issue.number = issue.number if issue.number is not None else sidecar.number
    issue.status = sidecar.status or PUBLISHED
    if masthead and sidecar.date and sidecar.date != masthead.date:
        warnings.append(
            f"报头日期{masthead.date}与附带的 TOML 文件日期{sidecar.date}不同，以报头为准。"
        )
    issue.date = date or (masthead.date if masthead else None) or sidecar.date
    if issue.date is None:
        issue.date = t.infer_date(text, today)
        issue.date_inferred = issue.date is not None
        if issue.date_inferred:
            warnings.insert(0, f"出版日期{issue.date}是根据正文中提到的日期推断的，请核对。")
    if issue.date is None:
        raise SourceError(
            "no issue date: the text has no masthead and mentions no date; "
            "give one with --date YYYY-MM-DD"
        )
    if sidecar.pages:
        apply_page_plan(issue, sidecar.pages)
    for article in issue.articles:
        if article.page is not None:
            issue.pages.setdefault(article.page, "")
        if article.continued_on is not None:
            issue.pages.setdefault(article.continued_on, "")
    issue.warnings = warnings + issue.warnings
    return issue
