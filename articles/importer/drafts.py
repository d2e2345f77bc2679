"""Articles and fragments while the parser builds them: the results, plus what the parser
still needs to know about them (is the text finished, does a tail follow, which blocks are
subheads)."""

from dataclasses import dataclass, field, fields

from . import text as t
from .result import Byline, ParsedArticle, ParsedFragment

PARAGRAPH, SUBHEAD = "p", "s"


def join(left, right):
    """Join two pieces of one paragraph: no space in Chinese or inside a number broken at
    the line's end (``2`` + ``023年``), one between Latin words."""
    if left and right and _latin_letter(left[-1]) and _latin_letter(right[0]):
        return f"{left} {right}"
    return left + right


def _latin_letter(char):
    return char.isascii() and char.isalpha()


class _Body:
    """Blocks in reading order: ``paragraphs`` (their text), with ``kinds`` (paragraph or
    subhead) and ``block_lines`` (the source lines each came from) beside them."""

    def add_block(self, text, kind=PARAGRAPH, lines=()):
        self.paragraphs.append(text)
        self.kinds.append(kind)
        self.block_lines.append(list(lines))
        self.sealed = False

    sealed = False  # its last block is a paragraph an editor marked: nothing joins onto it

    def join_last(self, text, lines=()):
        self.paragraphs[-1] = join(self.paragraphs[-1], text)
        self.block_lines[-1].extend(lines)

    def pop_last(self):
        self.kinds.pop()
        return self.paragraphs.pop(), self.block_lines.pop()

    def extend_body(self, other):
        self.paragraphs.extend(other.paragraphs)
        self.kinds.extend(other.kinds)
        self.block_lines.extend(other.block_lines)

    @property
    def last_is_paragraph(self):
        return bool(self.paragraphs) and self.kinds[-1] == PARAGRAPH

    @property
    def ends_open(self):
        """Its last paragraph stops mid-sentence."""
        return (
            self.last_is_paragraph and not self.sealed and not t.ends_sentence(self.paragraphs[-1])
        )


_ARTICLE_FIELDS = [f.name for f in fields(ParsedArticle)]


@dataclass(eq=False)
class ArticleDraft(_Body, ParsedArticle):
    kinds: list[str] = field(default_factory=list)
    block_lines: list[list[int]] = field(default_factory=list)
    closed: bool = False  # a credit or a signature ended it
    awaiting_tail: bool = False  # （下转第N版） seen
    credit: str = ""
    credit_line: int = 0
    restart: bool = False  # an article merged into it: what follows reads as a body start
    stacked: bool = False  # its headline has a kicker or a subtitle
    featured: bool = False  # it opened with a byline line or an editor's note
    column_run: int = 0  # which roundup heading it is under

    @property
    def fresh(self):
        """Nothing of its body yet: a byline line, an editor's note or a lede may follow."""
        return self.restart or (not self.paragraphs and not self.closed and not self.images)

    @property
    def open(self):
        """Its body has begun and nothing ended it."""
        return bool(self.paragraphs) and not self.closed and not self.awaiting_tail

    @property
    def dangling(self):
        """Its text stops mid-sentence and nothing says where it goes on."""
        if self.closed or self.awaiting_tail or self.sealed:
            return False
        if not self.kinds or self.kinds[-1] != PARAGRAPH:
            return False
        return not t.ends_sentence(self.paragraphs[-1])

    @property
    def signed(self):
        return bool(self.bylines or self.dateline or self.attribution)

    def add_byline(self, name, role):
        for byline in self.bylines:
            if byline.name == name and byline.role == role:
                return
        self.bylines.append(Byline(name, role))

    def add_attribution(self, text):
        self.attribution = f"{self.attribution}　{text}" if self.attribution else text

    def result(self):
        article = ParsedArticle(**{name: getattr(self, name) for name in _ARTICLE_FIELDS})
        article.subheads = [i for i, kind in enumerate(self.kinds) if kind == SUBHEAD]
        return article


@dataclass(eq=False)
class FragmentDraft(_Body, ParsedFragment):
    kinds: list[str] = field(default_factory=list)
    block_lines: list[list[int]] = field(default_factory=list)
    page: int | None = None
    from_page: int | None = None  # （上接第N版）
    implicit: bool = False  # started by a block that cannot start a sentence
    pinned: bool = False  # an editor marked it unplaced: never placed by the parser
    heading: str = ""  # a headline repeated above a （上接…） tail
    heading_lines: list[int] = field(default_factory=list)
    continued_on: int | None = None  # a tail that jumps on again: （下转第N版）
    awaiting_tail: bool = False
    closed = False  # only articles are closed by a credit line
    restart = False

    @property
    def dangling(self):
        if self.awaiting_tail or self.sealed or not self.kinds or self.kinds[-1] != PARAGRAPH:
            return False
        return not t.ends_sentence(self.paragraphs[-1])

    def result(self):
        return ParsedFragment(paragraphs=self.paragraphs, line=self.line)
