"""What parsing an issue's text yields: plain dataclasses, no database, no parsing state.

``ParsedIssue.as_dict()`` is the shape ``import_issue --dry-run --json`` prints.
"""

import datetime
from dataclasses import asdict, dataclass, field

PUBLISHED = "published"
STATUSES = ("draft", "review", "published")


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

    def as_dict(self):
        return asdict(self)


@dataclass
class ParsedFragment:
    """Text that could not be placed with confidence: kept for an editor, never dropped."""

    paragraphs: list[str] = field(default_factory=list)
    line: int = 0

    def as_dict(self):
        return {"paragraphs": self.paragraphs, "line": self.line}


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
    warnings: list[str] = field(default_factory=list)

    def as_dict(self):
        """The shape ``import_issue --dry-run --json`` prints: every key always present."""
        return {
            "issue": {
                "publication": self.publication,
                "date": self.date.isoformat() if self.date else None,
                "date_inferred": self.date_inferred,
                "number": self.number,
            },
            "articles": [a.as_dict() for a in self.articles],
            "fragments": [f.as_dict() for f in self.fragments],
            "pages": [{"number": n, "section": s} for n, s in sorted(self.pages.items())],
            "warnings": self.warnings,
        }
