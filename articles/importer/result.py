"""What parsing an issue's text yields: plain dataclasses, no database, no parsing state.

``ParsedIssue.as_dict()`` is the shape ``import_issue --dry-run --json`` prints. Beside the
articles, fragments and pages it carries what the import desk shows an editor:

- ``lines``: one ``Line(number, text, role, target)`` per line of the normalised text
  (1-based, blank lines included), each with exactly one role from ``ROLES`` and the
  target it went into: ``("article", index)``, ``("fragment", index)``, ``("page",
  number)``, ``("issue", None)``, or ``None`` for a blank line;
- ``notes``: ``Note(line, message)``, what needs an editor's attention, naming its line
  where there is one; ``warnings`` (the JSON contract, a list of strings) is their
  messages;
- ``reasons``: ``Note(line, message)`` for every boundary and attachment the parser
  decided (why an article starts at a line, why a tail joined an article);
- ``consumed``: ``Consumed(line, kind, text)``, printed text that is kept in no article
  field because it is furniture: the masthead, page markers, jump markers, repeated
  headlines, byline lines as printed, marks such as a subtitle's dash;
- ``hints`` (the editor's corrections it was given) and ``hints_applied`` (those that took
  effect), both ``hints.Hints``.
"""

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

PUBLISHED = "published"
STATUSES = ("draft", "review", "published")

# The lengths the database allows (articles.models): the parser never yields longer text
# for these fields, so that a load cannot fail on them.
MAX_HEADLINE = 200
MAX_DATELINE = 40
MAX_COLUMN = 40
MAX_ATTRIBUTION = 200
MAX_STAFF = 200

ROLES = (
    "blank",
    "masthead",
    "page_marker",
    "page_header",
    "column",
    "kicker",
    "title",
    "subtitle",
    "byline",
    "lede",
    "paragraph",
    "subhead",
    "editors_note",
    "caption",
    "credit",
    "jump_marker",
    "repeated_headline",
    "signature",
    "unplaced",
)

# Kinds of consumed text (``Consumed.kind``).
CONSUMED_KINDS = (
    "masthead",
    "page_marker",
    "jump_marker",
    "repeated_headline",
    "byline",
    "mark",
)


@dataclass
class Byline:
    name: str
    role: str


@dataclass
class ParsedImage:
    caption: str
    credit: str


@dataclass
class ParsedArticle:
    """An article as printed. ``paragraphs`` holds every body block in reading order; the
    blocks at the indexes in ``subheads`` are subheads. ``attribution`` is a signature that
    names no reporter: a pen name (本报评论员) or an author's affiliation."""

    title: str
    kicker: str = ""
    subtitle: str = ""
    kind: str = "news"
    dateline: str = ""
    bylines: list[Byline] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    images: list[ParsedImage] = field(default_factory=list)
    page: int | None = None
    continued_on: int | None = None
    section: str = ""
    line: int = 0
    subheads: list[int] = field(default_factory=list)
    editors_note: str = ""
    column: str = ""
    attribution: str = ""

    def as_dict(self):
        return {
            "title": self.title,
            "kicker": self.kicker,
            "subtitle": self.subtitle,
            "kind": self.kind,
            "dateline": self.dateline,
            "bylines": [{"name": b.name, "role": b.role} for b in self.bylines],
            "paragraphs": list(self.paragraphs),
            "images": [{"caption": i.caption, "credit": i.credit} for i in self.images],
            "page": self.page,
            "continued_on": self.continued_on,
            "section": self.section,
            "line": self.line,
            "subheads": list(self.subheads),
            "editors_note": self.editors_note,
            "column": self.column,
            "attribution": self.attribution,
        }


@dataclass
class ParsedFragment:
    """Text that could not be placed with confidence: kept for an editor, never dropped."""

    paragraphs: list[str] = field(default_factory=list)
    line: int = 0

    def as_dict(self):
        return {"paragraphs": self.paragraphs, "line": self.line}


class Line(NamedTuple):
    """A line of the text: its number (from 1), its text as in the normalised source, its
    role (one of ``ROLES``) and the target it went into (``("article", index)``,
    ``("fragment", index)``, ``("page", number)``, ``("issue", None)``; None when blank)."""

    number: int
    text: str
    role: str
    target: tuple | None


class Note(NamedTuple):
    """A message about the parse, naming the line it is about (None: the whole text)."""

    line: int | None
    message: str


class Consumed(NamedTuple):
    """Printed text kept in no article field (``CONSUMED_KINDS``), with its line."""

    line: int
    kind: str
    text: str


@dataclass
class ParsedIssue:
    publication: str = ""
    date: datetime.date | None = None
    date_inferred: bool = False
    number: int | None = None
    status: str = PUBLISHED
    articles: list[ParsedArticle] = field(default_factory=list)
    fragments: list[ParsedFragment] = field(default_factory=list)
    pages: dict[int, str] = field(default_factory=dict)  # page number -> section name
    staff: dict[int, str] = field(default_factory=dict)  # page number -> its header credits
    lines: list[Line] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    reasons: list[Note] = field(default_factory=list)
    consumed: list[Consumed] = field(default_factory=list)
    hints: object = None  # hints.Hints given to the parser
    hints_applied: object = None  # hints.Hints: those that took effect

    @property
    def warnings(self):
        """What needs an editor's attention, as the JSON and the stored source text have
        it: the notes' messages, in order."""
        return [note.message for note in self.notes]

    def warn(self, line, message):
        self.notes.append(Note(line, message))

    def as_dict(self):
        """The shape ``import_issue --dry-run --json`` prints: every key always present,
        except ``hints``, present when the text was parsed with an editor's corrections."""
        page_numbers = sorted(set(self.pages) | set(self.staff))
        data = {
            "issue": {
                "publication": self.publication,
                "date": self.date.isoformat() if self.date else None,
                "date_inferred": self.date_inferred,
                "number": self.number,
            },
            "articles": [a.as_dict() for a in self.articles],
            "fragments": [f.as_dict() for f in self.fragments],
            "pages": [
                {"number": n, "section": self.pages.get(n, ""), "staff": self.staff.get(n, "")}
                for n in page_numbers
            ],
            "warnings": self.warnings,
        }
        if self.hints:
            data["hints"] = self.hints.to_json()
        return data
