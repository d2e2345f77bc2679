"""An editor's corrections to a parse, kept with the source text and applied by the parser.

The import desk shows the lines of a text with the role the parser gave each; an editor
corrects what it got wrong, and each correction is a hint:

- ``roles``: ``{line: role}``, the role a line has (a role from ``result.ROLES``: a subhead,
  a title, a paragraph, a kicker, unplaced…). A line with a role hint is a paragraph unit of
  its own.
- ``splits``: ``[line]``, a new article starts at this line; the line is its title unless a
  role hint makes it its kicker or a roundup's heading.
- ``merges``: ``[line]``, the article whose first line this is is no article of its own but
  goes on the one before it: its headline lines become subheads of that article (kicker,
  title and subtitle each a subhead, in print order), its lede's byline and its byline lines
  add to that article's bylines (the lede's dateline is kept only if that article has none),
  and everything after reads on as that article's body.
- ``attach``: ``{fragment line: article line}``, an unplaced fragment (named by its first
  line) is appended to an article (named by its first line), as a tail would be: joined
  to the article's last paragraph where that stops mid-sentence.
- ``date``, ``number``: the issue's date and number (the command's ``--date`` still wins).
- ``pages``: a page plan in the sidecar's shape (``[{"number": 1, "section": "要闻",
  "articles": [1, "标题"]}]``), in place of the sidecar's.

Every hint that names a line also records the text that line held (``texts``), so that a
hint whose line no longer holds that text (a corrected text imported with ``--replace``)
is dropped with a note, never applied to another line. ``parse_issue(text, hints=h)``
applies them; its ``hints_applied`` says which took effect. ``to_json()``/``from_json()``
give the shape stored in ``SourceText.hints``::

    {"roles": {"12": "subhead"}, "splits": [30], "merges": [41], "attach": {"50": 20},
     "date": "2024-06-11", "number": 3700, "pages": [...],
     "texts": {"12": "田间地头话振兴", "30": "…", "41": "…", "50": "…", "20": "…"}}
"""

import datetime
from dataclasses import dataclass, field

from . import SourceError
from .result import ROLES


def _line_text(source, number):
    """The text of line ``number`` of ``source``: a ``ParsedIssue`` (its ``lines``), a
    list of lines, or the text itself."""
    lines = getattr(source, "lines", source)
    if isinstance(lines, str):
        from ..text import normalise_newlines

        lines = normalise_newlines(lines).split("\n")
    if not 1 <= number <= len(lines):
        raise ValueError(f"line {number} is not in the text (1-{len(lines)})")
    line = lines[number - 1]
    return (getattr(line, "text", line) or "").strip()


@dataclass
class Hints:
    roles: dict[int, str] = field(default_factory=dict)
    splits: list[int] = field(default_factory=list)
    merges: list[int] = field(default_factory=list)
    attach: dict[int, int] = field(default_factory=dict)
    date: datetime.date | None = None
    number: int | None = None
    pages: list[dict] | None = None
    texts: dict[int, str] = field(default_factory=dict)

    def __len__(self):
        """How many corrections: one per line named, and one each for the date, the
        number and the page plan."""
        return (
            len(self.roles)
            + len(self.splits)
            + len(self.merges)
            + len(self.attach)
            + sum(value is not None for value in (self.date, self.number, self.pages))
        )

    # Building, as the desk records an editor's corrections ------------------------------

    def _remember(self, source, *numbers):
        for number in numbers:
            self.texts[number] = _line_text(source, number)

    def set_role(self, source, line, role):
        """Line ``line`` of ``source`` (the ``ParsedIssue`` shown, or its text) has
        ``role``."""
        if role not in ROLES or role == "blank":
            raise ValueError(f"{role!r} is not a role a line can be given")
        self._remember(source, line)
        self.roles[line] = role

    def split(self, source, line):
        self._remember(source, line)
        if line not in self.splits:
            self.splits.append(line)
            self.splits.sort()
        if line in self.merges:
            self.merges.remove(line)

    def merge(self, source, line):
        self._remember(source, line)
        if line not in self.merges:
            self.merges.append(line)
            self.merges.sort()
        if line in self.splits:
            self.splits.remove(line)

    def attach_fragment(self, source, fragment_line, article_line):
        self._remember(source, fragment_line, article_line)
        self.attach[fragment_line] = article_line

    def forget(self, line):
        """Drop every hint that names ``line``."""
        self.roles.pop(line, None)
        self.splits = [n for n in self.splits if n != line]
        self.merges = [n for n in self.merges if n != line]
        self.attach = {f: a for f, a in self.attach.items() if line not in (f, a)}
        if line not in self.named_lines():
            self.texts.pop(line, None)

    def holds(self, lines, number):
        """Does line ``number`` of ``lines`` hold the text this hint recorded for it?"""
        if not 1 <= number <= len(lines) or not lines[number - 1].strip():
            return False
        recorded = self.texts.get(number)
        return recorded is not None and recorded.strip() == lines[number - 1].strip()

    def fitting(self, text):
        """These hints without those whose lines no longer hold their text in ``text``:
        what is worth keeping with it (the rest could never apply to it)."""
        from ..text import normalise_newlines

        lines = normalise_newlines(text).split("\n")
        fits = lambda number: self.holds(lines, number)  # noqa: E731
        kept = Hints(
            roles={n: r for n, r in self.roles.items() if fits(n)},
            splits=[n for n in self.splits if fits(n)],
            merges=[n for n in self.merges if fits(n)],
            attach={f: a for f, a in self.attach.items() if fits(f) and fits(a)},
            date=self.date,
            number=self.number,
            pages=self.pages,
        )
        kept.texts = {n: self.texts[n] for n in kept.named_lines()}
        return kept

    def named_lines(self):
        return (
            set(self.roles)
            | set(self.splits)
            | set(self.merges)
            | set(self.attach)
            | set(self.attach.values())
        )

    # JSON ------------------------------------------------------------------------------

    def to_json(self):
        data = {}
        if self.roles:
            data["roles"] = {str(n): role for n, role in sorted(self.roles.items())}
        if self.splits:
            data["splits"] = sorted(self.splits)
        if self.merges:
            data["merges"] = sorted(self.merges)
        if self.attach:
            data["attach"] = {str(f): a for f, a in sorted(self.attach.items())}
        if self.date:
            data["date"] = self.date.isoformat()
        if self.number is not None:
            data["number"] = self.number
        if self.pages is not None:
            data["pages"] = [dict(page) for page in self.pages]
        named = self.named_lines()
        if named:
            data["texts"] = {str(n): self.texts.get(n, "") for n in sorted(named)}
        return data

    @classmethod
    def from_json(cls, data):
        """The stored shape -> ``Hints``; anything malformed raises ``SourceError``."""
        if data is None:
            return cls()
        if not isinstance(data, dict):
            raise SourceError("hints must be a JSON object")
        unknown = (
            set(data)
            - {"roles", "splits", "merges", "attach", "date", "number"}
            - {
                "pages",
                "texts",
            }
        )
        if unknown:
            raise SourceError(f"hints have unknown keys: {', '.join(sorted(unknown))}")
        try:
            hints = cls(
                roles={_number(n): str(r) for n, r in dict(data.get("roles", {})).items()},
                splits=sorted(_number(n) for n in data.get("splits", [])),
                merges=sorted(_number(n) for n in data.get("merges", [])),
                attach={_number(f): _number(a) for f, a in dict(data.get("attach", {})).items()},
                texts={_number(n): str(text) for n, text in dict(data.get("texts", {})).items()},
            )
        except (TypeError, ValueError) as exc:
            raise SourceError(f"hints are malformed: {exc}") from None
        if bad := {r for r in hints.roles.values() if r not in ROLES or r == "blank"}:
            raise SourceError(f"hints name unknown roles: {', '.join(sorted(bad))}")
        if data.get("date"):
            try:
                hints.date = datetime.date.fromisoformat(str(data["date"]))
            except ValueError:
                raise SourceError(f"the hints' date {data['date']!r} is not YYYY-MM-DD") from None
        if data.get("number") is not None:
            if type(data["number"]) is not int or data["number"] < 1:
                raise SourceError("the hints' issue number must be a positive whole number")
            hints.number = data["number"]
        if data.get("pages") is not None:
            from .plan import check_pages

            hints.pages = check_pages(data["pages"], "the hints' page plan")
        return hints


def _number(value):
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a line number")
    number = int(value)
    if number < 1:
        raise ValueError(f"{value!r} is not a line number")
    return number


@dataclass
class HintPlan:
    """The hints a parse applies: those whose lines still hold the text they were made
    on. The parser records here which took effect."""

    hints: Hints
    roles: dict[int, str] = field(default_factory=dict)
    splits: set[int] = field(default_factory=set)
    merges: set[int] = field(default_factory=set)
    attach: dict[int, int] = field(default_factory=dict)
    applied: set = field(default_factory=set)  # ("role", n), ("split", n), …
    refused: set = field(default_factory=set)  # those a note already explains

    @classmethod
    def check(cls, hints, lines, warn):
        """Keep the hints whose lines hold their recorded text; ``warn(line, message)`` for
        each one dropped."""
        plan = cls(hints or Hints())
        if not hints:
            return plan

        def holds(number):
            return hints.holds(lines, number)

        def drop(number, what):
            recorded = hints.texts.get(number, "")
            warn(
                number,
                f"第{number}行：更正（{what}）记录的文字“{recorded[:20]}”已不在这一行，未应用。",
            )

        for number, role in sorted(hints.roles.items()):
            if holds(number):
                plan.roles[number] = role
            else:
                drop(number, f"设为{ROLE_NAMES.get(role, role)}")
        for number in sorted(set(hints.splits)):
            if holds(number):
                plan.splits.add(number)
            else:
                drop(number, "从此行拆分")
        for number in sorted(set(hints.merges)):
            if holds(number):
                plan.merges.add(number)
            else:
                drop(number, "并入上一篇")
        for fragment, article in sorted(hints.attach.items()):
            if holds(fragment) and holds(article):
                plan.attach[fragment] = article
            else:
                drop(fragment if not holds(fragment) else article, "未归属文本并入稿件")
        return plan

    def took(self, kind, number=None):
        self.applied.add((kind, number))

    def unused(self):
        """``(kind, line, what)`` of each checked hint that took no effect and has no note
        yet: a merge of a line that starts no article, an attach of a fragment that is not
        one any more…"""
        out = []
        for number, role in sorted(self.roles.items()):
            out.append(("role", number, f"设为{ROLE_NAMES.get(role, role)}"))
        out += [("split", number, "从此行拆分") for number in sorted(self.splits)]
        out += [("merge", number, "并入上一篇") for number in sorted(self.merges)]
        out += [("attach", number, "未归属文本并入稿件") for number in sorted(self.attach)]
        return [
            (kind, number, what)
            for kind, number, what in out
            if (kind, number) not in self.applied and (kind, number) not in self.refused
        ]

    def result(self):
        """The hints that took effect, as ``Hints``."""
        hints, applied = self.hints, self.applied
        taken = Hints(
            roles={n: r for n, r in self.roles.items() if ("role", n) in applied},
            splits=sorted(n for n in self.splits if ("split", n) in applied),
            merges=sorted(n for n in self.merges if ("merge", n) in applied),
            attach={f: a for f, a in self.attach.items() if ("attach", f) in applied},
            date=hints.date if ("date", None) in applied else None,
            number=hints.number if ("number", None) in applied else None,
            pages=hints.pages if ("pages", None) in applied else None,
        )
        taken.texts = {n: hints.texts[n] for n in taken.named_lines() if n in hints.texts}
        return taken


ROLE_NAMES = {
    "blank": "空行",
    "masthead": "报头",
    "page_marker": "版次",
    "page_header": "版头署名",
    "column": "栏头",
    "kicker": "引题",
    "title": "主题",
    "subtitle": "副题",
    "byline": "署名",
    "lede": "电头",
    "paragraph": "段落",
    "subhead": "小标题",
    "editors_note": "编者按",
    "caption": "图片说明",
    "credit": "图片署名",
    "jump_marker": "转版标记",
    "repeated_headline": "重复标题",
    "signature": "文末署名",
    "unplaced": "未归属",
}
