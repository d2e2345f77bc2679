"""Pass 1: lines -> paragraph units.

Blocks are separated by blank lines. Inside a block a line continues the previous one when
that line ran the block's full width (a hard wrap), and starts a unit of its own when it is
indented, when it is a lede, credit, marker, byline or page header, or when an editor's
hint names it. Two short headline-shaped lines of one block stay two units (``soft``): the
segmenter decides whether they are kicker and title, one wrapped title, or one paragraph.

Each ``Unit`` answers what it is (a lede, a credit, a byline line…) once, when first
asked, so the passes after this one can ask as often as they like.
"""

from collections import Counter

from . import headline, layout
from . import text as t
from .drafts import join as _join


class cached_property:
    """Computed on first access and then kept in the instance's ``__dict__``."""

    def __init__(self, func):
        self.func = func
        self.name = func.__name__

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


class Unit:
    """One paragraph unit: its text (stripped, hard wraps joined), its first and last line
    numbers, whether it continued the previous unit's block without being joined to it
    (``soft``), and the role an editor forced on it (``forced``)."""

    __slots__ = ("__dict__", "first", "forced", "last", "lines", "short", "soft", "text")

    def __init__(self, text, first, last=None, soft=False, forced=None):
        self.text = text
        self.short = len(text) <= 80
        self.first = first
        self.last = last or first
        self.lines = range(first, self.last + 1)
        self.soft = soft
        self.forced = forced

    def __repr__(self):
        return f"Unit({self.text[:20]!r}, {self.first}-{self.last})"

    @cached_property
    def lede(self):
        return t.parse_lede(self.text)

    @cached_property
    def credit(self):
        return t.parse_credit(self.text) if len(self.text) <= 40 else None

    @cached_property
    def jump_from(self):
        return t.split_jump_from(self.text)

    @cached_property
    def jump_to(self):
        return t.split_jump_to(self.text)

    @cached_property
    def page_marker(self):
        return t.parse_page_marker(self.text) if len(self.text) <= 20 else None

    @cached_property
    def staff(self):
        return layout.parse_staff(self.text) if len(self.text) <= 80 else None

    @cached_property
    def byline(self):
        return layout.parse_byline_line(self.text) if len(self.text) <= 48 else None

    @cached_property
    def signature(self):
        text = self.text
        if len(text) > 34 or text[:1] not in "(（":
            return None
        return layout.parse_signature_line(text)

    @cached_property
    def attribution(self):
        return layout.parse_attribution(self.text) if len(self.text) <= 70 else None

    @cached_property
    def editors_note(self):
        return layout.parse_editors_note(self.text) if self.text[:1] in "编【[" else None

    @cached_property
    def column(self):
        return layout.parse_column(self.text) if len(self.text) <= 14 else None

    @cached_property
    def structural(self):
        """Furniture that is never (part of) a headline and always a unit of its own."""
        if not self.short:
            return bool(self.lede or self.jump_from[1] is not None or self.editors_note)
        return bool(
            self.lede
            or self.credit
            or self.jump_from[1] is not None
            or self.page_marker
            or self.text.startswith("——")
            or self.staff
            or self.byline
            or self.signature
            or self.attribution
            or self.editors_note
        )

    @cached_property
    def ends_sentence(self):
        return t.ends_sentence(self.text)

    @cached_property
    def cannot_start(self):
        return t.cannot_start_sentence(self.text)

    @cached_property
    def shaped(self):
        """Could be a headline line (no commas, or a question or exclamation)."""
        text = self.text
        return self.shaped_relaxed and (
            not any(mark in text for mark in "，,；;") or text[-1] in "!?！？"
        )

    @cached_property
    def shaped_relaxed(self):
        """Could be a one-line headline followed by a lede (commas allowed); an
        interview's question (``记者：…？``) is none."""
        return (
            len(self.text) <= 48
            and headline.shaped(self.text, relaxed=True)
            and not self.structural
            and self.jump_to[1] is None
            and not self.speaker
        )

    @cached_property
    def subhead_marked(self):
        return len(self.text) <= 32 and layout.subhead_marked(self.text) and not self.structural

    @cached_property
    def speaker(self):
        return layout.speaker_label(self.text)

    @cached_property
    def length(self):
        return t.cjk_length(self.text)


def _blocks(lines):
    blocks, block = [], []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            block.append((number, line))
        elif block:
            blocks.append(block)
            block = []
    if block:
        blocks.append(block)
    return blocks


def _starts_unit(stripped):
    """Lines that always start a unit of their own, even inside a block."""
    if len(stripped) > 60:
        return bool(t.parse_lede(stripped)) or t.split_jump_from(stripped)[1] is not None
    probe = Unit(stripped, 0)
    return probe.structural


def split_units(lines, forced=None):
    """The text's lines -> (units, column width). ``forced`` maps line numbers to the role
    an editor gave them: such a line is a unit of its own. The column width is the length
    most hard-wrapped lines share (None when too few lines were wrapped to tell)."""
    forced = forced or {}
    units, wrapped = [], Counter()
    for block in _blocks(lines):
        if len(block) == 1:  # most blocks: one line, one unit
            number, line = block[0]
            units.append(Unit(line.strip(), number, forced=forced.get(number)))
            continue
        width = max(len(line.strip()) for _, line in block)
        previous_full, previous_forced, previous_length = False, False, 0
        for number, line in block:
            stripped = line.strip()
            role = forced.get(number)
            indented = line[:1] in (" ", "\u3000", "\t") and len(block) > 1
            if (
                previous_full
                and not indented
                and role is None
                and not previous_forced
                and not _starts_unit(stripped)
            ):
                previous = units[-1]
                if (
                    previous.first == previous.last
                    and len(previous.text) <= 30
                    and len(stripped) <= 30
                    and previous.shaped
                    and headline.shaped(stripped)
                ):
                    units.append(Unit(stripped, number, soft=True))
                else:
                    wrapped[previous_length] += 1
                    units[-1] = Unit(_join(previous.text, stripped), previous.first, number)
            else:
                units.append(Unit(stripped, number, forced=role))
            previous_full = width >= 8 and len(stripped) >= 0.8 * width
            previous_forced, previous_length = role is not None, len(stripped)
    width = None
    if wrapped:
        common, count = wrapped.most_common(1)[0]
        if count >= 3:
            width = common
    return units, width
