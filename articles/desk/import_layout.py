"""What the import desk's pages show: a parse laid out for review (the source lines in
blocks, each beside the article, fragment or page it became), the corrections made so
far, and after the import what needs an editor's attention. Reads; writes nothing."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef

from ..importer.hints import ROLE_NAMES
from ..models import Byline
from .importing import SETTABLE_ROLES

ROLE_CHOICES = [(role, ROLE_NAMES[role]) for role in SETTABLE_ROLES]
BYLINE_ROLES = dict(Byline.Role.choices)
BLANK_PLAN_ROWS = 3


@dataclass
class ReviewLine:
    number: int
    text: str
    role: str
    notes: list[str]
    corrected: bool  # a correction names this line

    @property
    def label(self):
        return ROLE_NAMES.get(self.role, self.role)


@dataclass
class Block:
    """Consecutive lines that went into the same place (blank lines left out)."""

    kind: str  # "article", "fragment", "page", "issue" or "loose" (unplaced, no fragment)
    key: object  # the article's or fragment's index, the page's number
    first: bool  # the first block of that article or fragment (later ones are its jumps)
    lines: list[ReviewLine] = field(default_factory=list)
    item: object = None  # its ArticleCard, or its result.ParsedFragment


@dataclass
class ArticleCard:
    position: int  # from 1, as the page plan names it
    article: object  # result.ParsedArticle

    @property
    def blocks(self):
        """The body as (is a subhead, text) pairs."""
        subheads = set(self.article.subheads)
        return [(i in subheads, text) for i, text in enumerate(self.article.paragraphs)]

    @property
    def bylines(self):
        return [(b.name, BYLINE_ROLES.get(b.role, b.role)) for b in self.article.bylines]


def blocks(parsed):
    """The lines of ``parsed`` in blocks, in source order."""
    corrected = parsed.hints.named_lines() if parsed.hints else set()
    notes = defaultdict(list)
    for note in parsed.notes:
        if note.line:
            notes[note.line].append(note.message)
    out, seen = [], set()
    for line in parsed.lines:
        if line.role == "blank":
            continue
        kind, key = line.target or ("loose", None)
        if not out or (out[-1].kind, out[-1].key) != (kind, key):
            out.append(Block(kind, key, first=(kind, key) not in seen))
            seen.add((kind, key))
        out[-1].lines.append(
            ReviewLine(
                line.number, line.text, line.role, notes[line.number], line.number in corrected
            )
        )
    return out


def review(parsed):
    """Everything the review page shows of a parse."""
    articles = [ArticleCard(position, a) for position, a in enumerate(parsed.articles, start=1)]
    laid_out = blocks(parsed)
    for block in laid_out:
        if block.kind == "article":
            block.item = articles[block.key]
        elif block.kind == "fragment":
            block.item = parsed.fragments[block.key]
    page_numbers = sorted(set(parsed.pages) | set(parsed.staff))
    return {
        "blocks": laid_out,
        "articles": articles,
        "fragments": list(enumerate(parsed.fragments)),
        "pages": [(n, parsed.pages.get(n, ""), parsed.staff.get(n, "")) for n in page_numbers],
        "plan_rows": [(n, parsed.pages.get(n, "")) for n in page_numbers]
        + [("", "")] * BLANK_PLAN_ROWS,
        "issue_notes": [note.message for note in parsed.notes if not note.line],
        "line_notes": [
            (note.line, _naming_line(note.line, note.message)) for note in parsed.notes if note.line
        ],
        "corrections": corrections(parsed),
        "role_choices": ROLE_CHOICES,
    }


def _naming_line(line, message):
    """A note as the list of notes shows it: saying which line it is about."""
    return message if message.startswith(f"第{line}行") else f"第{line}行：{message}"


def corrections(parsed):
    """The corrections the text is parsed with, in line order: ``what`` (in words),
    ``line`` (the line it names, if any), ``key`` (what undoing it posts: the line, or
    date / number / pages) and whether it was ``applied``."""
    hints, applied = parsed.hints, parsed.hints_applied
    if not hints:
        return []
    out = []

    def add(what, key, took):
        line = key if isinstance(key, int) else None
        out.append({"what": what, "key": key, "line": line, "applied": took})

    for line, role in hints.roles.items():
        add(f"第{line}行设为{ROLE_NAMES.get(role, role)}", line, line in applied.roles)
    for line in hints.splits:
        add(f"从第{line}行拆出新稿件", line, line in applied.splits)
    for line in hints.merges:
        add(f"第{line}行起的稿件并入上一篇", line, line in applied.merges)
    for fragment, article in hints.attach.items():
        add(
            f"第{fragment}行的未归属文本并入第{article}行起的稿件",
            fragment,
            fragment in applied.attach,
        )
    out.sort(key=lambda correction: correction["line"])
    if hints.date:
        add(f"出版日期 {hints.date:%Y-%m-%d}", "date", applied.date is not None)
    if hints.number is not None:
        add(f"期号 {hints.number}", "number", applied.number is not None)
    if hints.pages is not None:
        add("版面安排", "pages", applied.pages is not None)
    return out


def attention(issue):
    """What needs an editor's attention in an imported issue, read from the database (so
    the result page stays true after later edits): the articles without a byline, those
    whose photos are awaited, the unplaced fragments."""
    articles = issue.articles.in_print_order().select_related("page")
    return {
        "date_inferred": issue.date_inferred,
        "unsigned": list(
            articles.filter(~Exists(Byline.objects.filter(article=OuterRef("pk"))), attribution="")
        ),
        "awaiting": list(articles.awaiting_photo()),
        "fragments": list(issue.fragments.filter(attached_to=None).order_by("position")),
    }
