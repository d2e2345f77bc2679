"""Pass 2: paragraph units -> articles, fragments, pages, in source order.

Each unit is read in the light of what came before it (is an article open, does its text
stop mid-sentence, is a roundup under way) and of what follows (does a lede, a byline line,
an editor's note or a photo credit come next). Every boundary is decided for a reason,
recorded in ``reasons``; a decision the parser is not sure of is a note for the editor; text
it cannot place with confidence starts a fragment. Each line gets its role (``roles``).

Units an editor gave a role to (hints) are read by ``forced.py``.
"""

from . import headline as h
from . import text as t
from .drafts import SUBHEAD, ArticleDraft, FragmentDraft
from .furniture import Furniture
from .lookahead import Lookahead
from .result import Consumed, Note
from .text import leftover

# A plain line this short between paragraphs of an open article is a subhead.
SUBHEAD_LENGTH = 20


class Segmenter(Lookahead, Furniture):
    """Units -> articles, fragments and pages; what each line became and why."""

    def __init__(self, units, width=None, plan=None):
        self.units = units
        self.width = width
        self.plan = plan
        self.articles: list[ArticleDraft] = []
        self.fragments: list[FragmentDraft] = []
        self.pages: dict[int, str] = {}
        self.staff: dict[int, list[str]] = {}
        self.notes: list[Note] = []
        self.reasons: list[Note] = []
        self.consumed: list[Consumed] = []
        self.roles: dict[int, tuple] = {}
        self.current = None
        self.page = None
        self.column = None  # (label, unit) of the roundup under way
        self.column_units = []  # its heading's units, until its first brief
        self.column_count = 0
        self.pending_note = []  # editor's note units before the next article's headline
        self.pending_heading = None  # (text, units) of a headline repeated above a tail
        self.last_body = None  # (unit index, target) of the last unit added as body text

    def run(self):
        i = 0
        while i < len(self.units):
            unit = self.units[i]
            if unit.forced is not None:
                from .forced import forced_step

                i = forced_step(self, i)
            else:
                i = self.step(i)
        self.flush_pending()
        self.end_roundups()
        return self

    def end_roundups(self):
        """A roundup's briefs are short and signed by name: the first article under its
        heading that is none (a kicker or subtitle, a byline line, an editor's note, a pen
        name, subheads, more than four paragraphs) ends the roundup before it."""
        ended = set()
        for article in self.articles:
            if not article.column:
                continue
            if article.column_run in ended or not _brief(article):
                ended.add(article.column_run)
                article.column = ""
                self.because(article.line, "不是简讯：不在栏头之下")

    def flush_pending(self):
        """A roundup heading or an editor's note no article came after: kept unplaced."""
        if self.column_units:
            self.keep_unplaced(self.column_units, f"栏头“{self.column_units[0].text}”下没有稿件")
            self.column_units = []
        if self.pending_note:
            self.keep_unplaced(self.pending_note, "编者按后面没有稿件")
            self.pending_note = []

    # Recording -------------------------------------------------------------------------

    def warn(self, line, message):
        self.notes.append(Note(line, f"第{line}行：{message}"))

    def because(self, line, message):
        self.reasons.append(Note(line, message))

    def mark(self, unit, role, target):
        for number in unit.lines:
            self.roles[number] = (role, target)

    def consume(self, unit, kind, text):
        if text and text.strip():
            self.consumed.append(Consumed(unit.first, kind, text))

    # Looking ahead ---------------------------------------------------------------------

    def start_article(self, i, n, why):
        units = self.units[i : i + n]
        first = units[0].first
        if self.plan and first in self.plan.merges and self.articles:
            self.merge_into(self.articles[-1], units)
            return i + n
        texts = [u.text for u in units]
        if n == 1:
            kicker, title, subtitle = h.split_headline(texts)
            roles = ["title"]
        else:
            stack = h.split_stack(texts, self.width)
            kicker, title, subtitle, roles = stack.kicker, stack.title, stack.subtitle, stack.roles
            if stack.unsure:
                self.warn(
                    first,
                    f"标题“{'／'.join(texts)}”的分行不确定，已读作"
                    f"{'引题“' + kicker + '”、' if kicker else ''}主题“{title}”"
                    f"{'、副题“' + subtitle + '”' if subtitle else ''}，请核对。",
                )
        article = self.new_article(first, kicker, title, subtitle, why)
        article.stacked = bool(kicker or subtitle)
        for unit, role in zip(units, roles, strict=True):
            self.mark(unit, role, article)
        if subtitle and any(dash in text for text in texts for dash in h.DASHES):
            self.consume(units[0], "mark", leftover("".join(texts), kicker + title + subtitle))
        if article.stacked and article.column:
            self.end_column(article)
        return i + n

    def new_article(self, line, kicker, title, subtitle, why):
        article = ArticleDraft(title=title, kicker=kicker, subtitle=subtitle, line=line)
        article.page = self.page
        self.articles.append(article)
        self.current = article
        self.because(line, why)
        if self.column:
            article.column, article.column_run = self.column[0], self.column_count
            for unit in self.column_units:
                self.mark(unit, "column", article)
            self.column_units = []
        for unit in self.pending_note:
            self.take_note(article, unit)
        self.pending_note = []
        return article

    def merge_into(self, article, units):
        """An editor's merge: the headline lines read as subheads of ``article``, and what
        follows as its body."""
        self.plan.took("merge", units[0].first)
        for unit in units:
            article.add_block(unit.text, SUBHEAD, unit.lines)
            self.mark(unit, "subhead", article)
        article.restart = True
        article.closed = False
        self.current = article
        self.because(units[0].first, "按更正并入上一篇稿件")

    def end_column(self, article):
        """A feature under a roundup's heading ends the roundup: it is no brief."""
        if article.column:
            article.column = ""
        self.column = None

    def start_fragment(self, line, **kwargs):
        fragment = FragmentDraft(line=line, page=self.page, **kwargs)
        self.fragments.append(fragment)
        self.current = fragment
        return fragment

    def keep_unplaced(self, units, why):
        """Units kept as a fragment of their own, never placed by the parser."""
        previous = self.current
        fragment = self.start_fragment(units[0].first, pinned=True)
        for unit in units:
            fragment.add_block(unit.text, lines=unit.lines)
            self.mark(unit, "paragraph", fragment)
        self.warn(units[0].first, f"{why}，已作为未归属文本保留。")
        self.current = previous if previous is not fragment else None
        return fragment

    def add_paragraph(self, unit, i, text=None, join=False, role="paragraph"):
        text = unit.text if text is None else text
        text, jump_to = t.split_jump_to(text)
        target = self.current
        if text:
            if join and target.paragraphs:
                target.join_last(text, unit.lines)
            else:
                target.add_block(text, lines=unit.lines)
            self.check_signed(target, unit)
        self.mark(unit, role if text else "jump_marker", target)
        self.last_body = (i, target)
        if jump_to is not None:
            marker = unit.text[len(text) :] if unit.text.startswith(text) else unit.text
            self.consume(unit, "jump_marker", marker)
            target.continued_on = jump_to
            target.awaiting_tail = True
            self.current = None

    def check_signed(self, target, unit):
        """A brief signed at the end of its paragraph (``…。（沈某）``) is finished."""
        if not isinstance(target, ArticleDraft) or not target.last_is_paragraph:
            return
        if signed := t.split_signature(target.paragraphs[-1]):
            text, names = signed
            self.consume(unit, "byline", target.paragraphs[-1][len(text) :])
            target.paragraphs[-1] = text
            for name in names:
                target.add_byline(name.name, name.role)
            target.closed = True

    def take_note(self, article, unit, text=None):
        """An editor's note (编者按) of ``article``: its label is furniture."""
        note = unit.editors_note
        if text is None:
            text = note.text if note else unit.text
            if note:
                self.consume(unit, "mark", note.label)
        if text:
            article.editors_note = f"{article.editors_note}\n\n{text}".strip()
        article.featured = True
        self.mark(unit, "editors_note", article)

    # One unit --------------------------------------------------------------------------

    def step(self, i):
        unit = self.units[i]
        if not unit.short:
            return self.long_step(unit, i)
        current = self.current

        if marker := unit.page_marker:
            self.page, name = marker
            if name:
                self.pages[self.page] = name
            self.pages.setdefault(self.page, "")
            self.flush_pending()
            self.current, self.column = None, None
            self.mark(unit, "page_marker", ("page", self.page))
            self.consume(unit, "page_marker", unit.text)
            return i + 1

        if unit.staff:
            self.page_header(unit)
            return i + 1

        rest, from_page = unit.jump_from
        if from_page is not None:
            return self.tail(unit, i, rest, from_page)

        if unit.soft and current is not None and self.last_body == (i - 1, current):
            self.add_paragraph(unit, i, join=True)  # a hard wrap inside one block
            return i + 1

        if (
            current is not None
            and current.dangling
            and not unit.structural
            and not self.strong_at(i)
        ):
            self.add_paragraph(unit, i, join=True)  # a column break
            return i + 1

        if handled := self.furniture_or_headline(unit, i):
            return handled

        if unit.cannot_start and not isinstance(current, FragmentDraft):
            self.start_fragment(unit.first, implicit=True)
            self.add_paragraph(unit, i)
            return i + 1

        lede = unit.lede
        if (
            lede
            and isinstance(current, ArticleDraft)
            and (not current.paragraphs or current.restart)
        ):
            self.lede(current, unit, i, lede)
            return i + 1

        if current is None or current.closed or lede:
            if not lede and self._photo_caption_at(i):
                return self.photo_without_headline(unit, i)
            reason = "电头前没有标题" if lede else "这段文字前没有标题"
            self.warn(unit.first, f"{reason}，已作为未归属文本保留，请编辑归入相应稿件。")
            self.start_fragment(unit.first)
        self.add_paragraph(unit, i)
        return i + 1

    def long_step(self, unit, i):
        """A unit too long to be furniture or a headline: most units, read quickly."""
        text, current = unit.text, self.current
        if "上接" in text[:8]:
            rest, from_page = unit.jump_from
            if from_page is not None:
                return self.tail(unit, i, rest, from_page)
        lede = unit.lede if text.startswith(t.LEDE_STARTS) else None
        if (
            current is not None
            and not lede
            and current.dangling
            and not (text[0] in "编【[" and unit.editors_note)
        ):
            self.add_paragraph(unit, i, join=True)  # a column break
            return i + 1
        if text[0] in "编【[" and unit.editors_note and (handled := self.editors_note(unit, i)):
            return handled
        if unit.cannot_start and not isinstance(current, FragmentDraft):
            self.start_fragment(unit.first, implicit=True)
            self.add_paragraph(unit, i)
            return i + 1
        if (
            lede
            and isinstance(current, ArticleDraft)
            and (not current.paragraphs or current.restart)
        ):
            self.lede(current, unit, i, lede)
            return i + 1
        if current is None or current.closed or lede:
            if not lede and self._photo_caption_at(i):
                return self.photo_without_headline(unit, i)
            reason = "电头前没有标题" if lede else "这段文字前没有标题"
            self.warn(unit.first, f"{reason}，已作为未归属文本保留，请编辑归入相应稿件。")
            self.start_fragment(unit.first)
        self.add_paragraph(unit, i)
        return i + 1

    def furniture_or_headline(self, unit, i):
        """A short unit: a credit, a signature or byline line, an editor's note, a roundup
        heading, a headline (or a repeated one), a subhead; None if none of them."""
        current = self.current
        if unit.credit and not (
            isinstance(current, ArticleDraft) and current.fresh and unit.byline
        ):
            return self.photo_credit(unit, i)

        if unit.signature or unit.attribution or unit.byline:
            return self.signature(unit, i)

        if unit.editors_note and (handled := self.editors_note(unit, i)):
            return handled

        if unit.column and (handled := self.column_heading(unit, i)):
            return handled

        if unit.shaped_relaxed:
            if handled := self.repeated_headline(i):
                return handled
            if (span := self.headline_span(i)) and (handled := self.headline_or_subhead(i, span)):
                return handled

        if (
            unit.subhead_marked
            and isinstance(current, ArticleDraft)
            and not current.closed
            and not current.awaiting_tail
        ):
            return self.subhead(unit, i, "编号或符号标出的小标题")
        return None

    # The kinds of unit -----------------------------------------------------------------

    def headline_or_subhead(self, i, span):
        n, why, strong = span
        unit, current = self.units[i], self.current
        if strong:
            return self.start_article(i, n, why)
        if self.column and isinstance(current, ArticleDraft) and current.column:
            return self.start_article(i, n, f"栏目“{self.column[0]}”下的又一则")
        if not (isinstance(current, ArticleDraft) and current.open):
            reason = "前一篇已结束，" if current is not None else ""
            return self.start_article(i, n, reason + why)
        # An article is open: a short plain line is its subhead, unless the text after it
        # is signed on its own while this article already is (a brief after it).
        if n == 1 and (unit.subhead_marked or unit.length <= SUBHEAD_LENGTH) and not unit.speaker:
            if current.signed and self.closing_ahead(i + 1):
                return self.start_article(i, n, "前一篇已有署名，此后的文字另有署名")
            if not current.signed and not unit.subhead_marked:
                self.warn(
                    unit.first,
                    f"“{unit.text}”读作《{current.title}》的小标题；"
                    "若是另一篇稿件的标题，请从此行拆分。",
                )
            return self.subhead(unit, i, "正文段落之间的短行")
        if n == 1 and unit.speaker:
            return None
        if n > 1:
            self.warn(
                unit.first,
                f"《{current.title}》没有结束语，其后的“{unit.text}”等{n}行读作新稿件的标题，请核对。",
            )
        return self.start_article(i, n, why)

    def subhead(self, unit, i, why):
        current = self.current
        current.add_block(unit.text, SUBHEAD, unit.lines)
        current.restart = False
        self.mark(unit, "subhead", current)
        self.last_body = (i, current)
        self.because(unit.first, why)
        return i + 1

    def lede(self, article, unit, i, lede):
        if article.dateline:
            self.consume(unit, "mark", lede.dateline)
        else:
            article.dateline = lede.dateline
        for name in lede.names:
            article.add_byline(name.name, name.role)
        self.consume(unit, "byline", lede.byline_text)
        if lede.unparsed_byline:
            self.warn(unit.first, f"电头后的括号“{lede.unparsed_byline}”不像署名，保留在正文中。")
        article.restart = False
        if lede.rest:
            self.add_paragraph(unit, i, text=lede.rest, role="lede")
        else:
            self.mark(unit, "lede", article)


def _brief(article):
    return not (
        article.stacked
        or article.featured
        or article.attribution
        or SUBHEAD in article.kinds
        or len(article.paragraphs) > 4
    )
