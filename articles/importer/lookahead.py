"""Looking ahead from a unit: does a headline start here, how many lines does it stack,
does an article's body certainly follow, does its end (a signature, a credit) come soon.
A mixin of the segmenter: it reads ``self.units`` and changes nothing."""

from . import headline as h
from . import text as t

# A line taken for a headline without a lede or photo credit after it (a brief's) is short;
# a longer line is more likely the start of a paragraph broken at a column's end.
WEAK_HEADLINE_LENGTH = 30
# How far ahead the parser looks for the end of an article (a signature, a credit).
LOOKAHEAD = 40


class Lookahead:
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
