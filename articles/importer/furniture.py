"""The page's furniture around the articles, as the segmenter meets it: page headers,
the tails of jumped articles, photo credits and photos without a headline, signatures,
editors' notes, roundup headings, repeated headlines. A mixin of the segmenter."""

from . import layout
from .drafts import ArticleDraft, FragmentDraft
from .layout import caption_title
from .result import MAX_STAFF, Consumed, ParsedImage
from .text import leftover


class Furniture:
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
