"""Pass 2: paragraph units -> articles, fragments, pages, in source order.

Each unit is read in the light of what came before it (is an article open, does its text
stop mid-sentence, is a roundup under way) and of what follows (does a lede, a byline line,
an editor's note or a photo credit come next). Every boundary is decided for a reason,
recorded in ``reasons``; a decision the parser is not sure of is a note for the editor; text
it cannot place with confidence starts a fragment. Each line gets its role (``roles``).

Units an editor gave a role to (hints) are read by ``forced.py``.
"""

import re

from . import headline as h
from . import layout
from . import text as t
from .drafts import SUBHEAD, ArticleDraft, FragmentDraft
from .result import MAX_STAFF, Consumed, Note, ParsedImage

# A line taken for a headline without a lede or photo credit after it (a brief's) is short;
# a longer line is more likely the start of a paragraph broken at a column's end.
WEAK_HEADLINE_LENGTH = 30
# A plain line this short between paragraphs of an open article is a subhead.
SUBHEAD_LENGTH = 20
# How far ahead the parser looks for the end of an article (a signature, a credit).
LOOKAHEAD = 40


class Segmenter:
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

    def _unit(self, i):
        return self.units[i] if i < len(self.units) else None

    def _photo_caption_at(self, j):
        """Units j.. are caption paragraphs closed by a credit line within three units."""
        for k in range(j, min(j + 3, len(self.units))):
            unit = self.units[k]
            if unit.forced is not None:
                return False
            if unit.credit:
                return k > j
            if not unit.ends_sentence or unit.lede:
                return False
        return False

    def body_starts_at(self, j):
        """What certainly starts an article's body at unit j, or "": a lede, a byline line,
        a pen name, an editor's note, a photo caption and its credit."""
        unit = self._unit(j)
        if unit is None or unit.forced is not None:
            return ""
        if unit.lede:
            return "电头"
        if unit.byline or unit.attribution:
            return "署名行"
        if unit.editors_note:
            return "编者按"
        if self._photo_caption_at(j):
            return "图片说明和署名"
        return ""

    def _stackable(self, k, last):
        unit = self._unit(k)
        if unit is None or unit.forced is not None:
            return False
        if last and unit.text[:1] in h.DASHES:
            rest = h.strip_dash(unit.text)[1]
            return bool(rest) and h.shaped(rest)
        return unit.shaped

    def headline_span(self, i, strong_only=False):
        """How many units from i form a headline, and how sure that is: ``(n, why,
        strong)``, or None. Strong: a body certainly follows (a lede, a byline line…), or
        the stack ends in a dash subtitle. Weak: a clean short line (or two or three)
        before a paragraph."""
        unit = self.units[i]
        if not unit.shaped_relaxed:
            return None
        run = 0  # headline lines from i, up to three
        while run < 3 and self._stackable(i + run, last=False):
            run += 1
        for n in (3, 2, 1):
            if i + n >= len(self.units):
                continue
            if n == 1 or (run >= n - 1 and (run >= n or self._stackable(i + n - 1, last=True))):
                if why := self.body_starts_at(i + n):
                    return n, f"标题后接{why}", True
                if n > 1 and self.units[i + n - 1].text[:1] in h.DASHES:
                    return n, "标题后接破折号副题", True
        if strong_only or i + 1 >= len(self.units):
            return None
        following = self.units[i + 1]
        if not (
            unit.length <= WEAK_HEADLINE_LENGTH
            and unit.shaped
            and not following.credit
            and not following.cannot_start
        ):
            return None
        n = 1
        for m in (3, 2):
            if all(self._weak_line(k) for k in range(i + 1, i + m)) and self._plain(i + m):
                n = m
                break
        return n, "短标题行后接正文", False

    def _weak_line(self, k):
        """Unit k could go on a headline stack that no lede confirms."""
        unit = self._unit(k)
        return bool(
            unit is not None
            and unit.forced is None
            and unit.shaped
            and unit.length <= WEAK_HEADLINE_LENGTH
            and not unit.column
            and not unit.subhead_marked
        )

    def _plain(self, k):
        """Unit k is a body paragraph: no headline line, no furniture."""
        unit = self._unit(k)
        return bool(
            unit is not None
            and unit.forced is None
            and not unit.shaped
            and not unit.structural
            and not unit.cannot_start
        )

    def strong_at(self, i):
        span = self.headline_span(i, strong_only=True)
        return bool(span and span[2])

    def closing_ahead(self, j):
        """Does the text from unit j end (a signature, a pen name, a credit) before the
        next certain article start, page or roundup?"""
        for k in range(j, min(j + LOOKAHEAD, len(self.units))):
            unit = self.units[k]
            if unit.forced is not None or unit.page_marker or unit.column or unit.lede:
                return False
            if unit.signature or unit.attribution or unit.credit or unit.byline:
                return True
            if t.split_signature(unit.text):
                return True
            if unit.shaped_relaxed and self.body_starts_at(k + 1):
                return False
        return False

    # Building --------------------------------------------------------------------------

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

    def page_header(self, unit, text=None):
        """A page's staff credits (责任编辑…): stored on the page, never article text."""
        text = text or unit.staff
        if self.page is None:
            self.keep_unplaced([unit], f"版头署名“{unit.text}”前没有版次")
            return False
        lines = self.staff.setdefault(self.page, [])
        if len("　".join([*lines, text])) > MAX_STAFF:
            self.keep_unplaced([unit], f"第{self.page}版的版头署名过长")
            return False
        lines.append(text)
        self.pages.setdefault(self.page, "")
        self.mark(unit, "page_header", ("page", self.page))
        self.because(unit.first, f"第{self.page}版的版头署名")
        return True

    def tail(self, unit, i, rest, from_page):
        current, heading, heading_units, removed = self.current, "", [], None
        if self.pending_heading:
            heading, heading_units = self.pending_heading
            self.pending_heading = None
        elif (
            isinstance(current, ArticleDraft)
            and current.fresh
            and not (current.bylines or current.attribution or current.editors_note)
            and not (current.paragraphs or current.images or current.restart)
        ):
            # A headline repeated above the tail was taken for a new, empty article.
            self.articles.remove(current)
            heading = " ".join(p for p in (current.kicker, current.title) if p)
            removed = current
        fragment = self.start_fragment(unit.first, from_page=from_page, heading=heading)
        if removed is not None:
            for number, (_, target) in list(self.roles.items()):
                if target is removed:
                    self.roles[number] = ("repeated_headline", fragment)
                    fragment.heading_lines.append(number)
            for text in (heading, removed.subtitle):
                if text:
                    self.consumed.append(Consumed(removed.line, "repeated_headline", text))
        for heading_unit in heading_units:
            self.mark(heading_unit, "repeated_headline", fragment)
            fragment.heading_lines.extend(heading_unit.lines)
        self.consume(unit, "jump_marker", unit.text[: len(unit.text) - len(rest)])
        if rest:
            self.add_paragraph(unit, i, text=rest)
        else:
            self.mark(unit, "jump_marker", fragment)
        self.because(unit.first, f"上接第{from_page}版的接续文字")
        return i + 1

    def photo_credit(self, unit, i):
        current = self.current
        if isinstance(current, ArticleDraft) and not current.closed:
            for name in unit.credit:
                current.add_byline(name.name, name.role)
            if current.credit:  # a second photo (two stories merged): the first is kept
                current.images.append(ParsedImage(caption="", credit=current.credit))
            current.credit, current.credit_line = unit.text, unit.first
            current.closed = True
            self.mark(unit, "credit", current)
            if (
                current.dateline
                and len(current.paragraphs) > 1
                and current.last_is_paragraph
                and layout.caption_like(current.paragraphs[-1])
            ):
                # A photo printed in a news article: its caption is no paragraph.
                caption, lines = current.pop_last()
                current.images.append(ParsedImage(caption=caption, credit=unit.text))
                current.credit = ""
                current.closed = False  # the photo stood in the text: the text goes on
                for number in lines:
                    self.roles[number] = ("caption", current)
            self.because(unit.first, "图片署名结束图片报道")
        else:
            self.warn(
                unit.first, f"图片署名“{unit.text}”前没有对应的图片报道，已作为未归属文本保留。"
            )
            self.start_fragment(unit.first).add_block(unit.text, lines=unit.lines)
            self.mark(unit, "unplaced", self.current)
            self.current = None
        return i + 1

    def photo_without_headline(self, unit, i):
        """A photo printed with its caption and credit but no headline: a photo story whose
        title is taken from its caption, for the editor to confirm."""
        title = caption_title(unit.text)
        self.new_article(unit.first, "", title, "", "图片说明和署名，没有标题")
        self.warn(unit.first, f"图片说明前没有标题，标题取自说明：“{title}”，请核对。")
        self.add_paragraph(unit, i)
        return i + 1

    def signature(self, unit, i):
        """A byline line, a signature in brackets or a pen name, on a line of its own."""
        current = self.current
        if not isinstance(current, ArticleDraft):
            if isinstance(current, FragmentDraft):
                self.add_paragraph(unit, i)  # the end of a tail: read when it is placed
                return i + 1
            self.keep_unplaced([unit], f"署名“{unit.text}”前没有稿件")
            return i + 1
        names = unit.byline or unit.signature or []
        for name in names:
            current.add_byline(name.name, name.role)
        if not names and unit.attribution:
            current.add_attribution(unit.attribution)
            self.consume(unit, "mark", leftover(unit.text, unit.attribution))
        else:
            self.consume(unit, "byline", unit.text)
        if current.fresh:
            current.featured = current.featured or bool(unit.byline or unit.attribution)
            self.mark(unit, "byline", current)
            if unit.byline and current.column and not current.restart:
                pass  # a brief may print its byline under its headline
        else:
            current.closed = True
            self.mark(unit, "signature", current)
        return i + 1

    def editors_note(self, unit, i):
        current = self.current
        if isinstance(current, ArticleDraft) and current.fresh:
            return self.note_body(current, unit, i)
        span = self.headline_span(i + 1) if i + 1 < len(self.units) else None
        if span and span[2]:
            self.pending_note.append(unit)  # a note printed above its article's headline
            return i + 1
        return None

    def note_body(self, article, unit, i):
        """The note, and the paragraphs after it that belong to it: up to a lede or byline
        line found within three units (else only a bare label's next paragraph)."""
        self.take_note(article, unit)
        end = i + 1
        for k in range(i + 1, min(i + 4, len(self.units))):
            if self.units[k].lede or self.units[k].byline:
                end = k
                break
        else:
            if not unit.editors_note.text and i + 1 < len(self.units):
                end = i + 2
        for k in range(i + 1, end):
            other = self.units[k]
            if other.structural or other.forced is not None:
                return k
            self.take_note(article, other, other.text)
        return end

    def column_heading(self, unit, i):
        following = self._unit(i + 1)
        if following is None or following.forced is not None:
            return None
        if not (self.headline_span(i + 1) or self.column_heading_over_photo(i + 1)):
            return None
        self.flush_pending()
        self.column = (unit.column, unit)
        self.column_count += 1
        self.column_units = [unit]
        self.current = None
        self.consume(unit, "mark", unit.text)  # the label goes on each brief as well
        self.because(unit.first, f"栏头“{unit.column}”：其下各篇为汇编稿件")
        return i + 1

    def column_heading_over_photo(self, j):
        return self._photo_caption_at(j + 1)

    def repeated_headline(self, i):
        """A headline repeated above a tail (``标题`` then ``（上接第1版）``)."""
        for n in (1, 2, 3):
            after = self._unit(i + n)
            if after is None or after.forced is not None:
                return None
            if after.jump_from[1] is not None:
                units = self.units[i : i + n]
                if n > 1 and not all(u.shaped for u in units):
                    return None
                text = " ".join(u.text for u in units)
                self.pending_heading = (text, units)
                for unit in units:
                    self.consume(unit, "repeated_headline", unit.text)
                    self.mark(unit, "repeated_headline", ("issue", None))
                return i + n
            if not after.shaped or after.forced is not None:
                return None
        return None

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


_CLAUSE = re.compile(r"[，。；！？,.;!?：:、]")


def caption_title(caption):
    """A title for a photo printed without one: the caption's first clause that says
    something (not a date), at most 30 characters."""
    text = re.sub(r"^(?:[▲△]|图为|上图|下图)~*".replace("~", t.SPACE), "", caption)
    clauses = [c.strip() for c in _CLAUSE.split(text) if c.strip()]
    for clause in clauses:
        if len(clause) >= 4 and not clause[0].isdigit():
            return clause[:30]
    return (clauses[0] if clauses else caption)[:30]


def leftover(text, *parts):
    """The characters of ``text`` (spaces aside) that none of ``parts`` holds, in order:
    what a recogniser took away (a dash, a mark, brackets)."""
    from collections import Counter

    joined = "".join(parts)
    if len("".join(text.split())) == len("".join(joined.split())):
        return ""  # the parts were cut from the text: nothing was left over
    available = Counter(joined)
    out = []
    for char in text:
        if char.isspace():
            continue
        if available[char]:
            available[char] -= 1
        else:
            out.append(char)
    return "".join(out)
