"""Text of a whole printed issue -> ``ParsedIssue``. Pure: no database, no files.

    parse_issue(text, *, sidecar=None, date=None, today=None, hints=None) -> ParsedIssue

The text comes from the print layout: an optional masthead, page markers and their header
credits (责任编辑…), headlines (a kicker, a title, a subtitle, on one line or stacked)
over ledes (``本报讯（记者 姓名）``, ``新华社…电``), byline lines (``□王某``,
``本报记者 王某``), editor's notes, bodies with subheads, briefs signed at the end
(``（沈某）``, ``◇本报评论员``), roundups under a heading (简讯), photo stories closed by
a credit line, paragraphs broken where a column ended, and tails of articles printed
elsewhere ("jumps"), sometimes under their repeated headline. Parsing runs in passes:

1. ``units.split_units``: lines -> paragraph units (a block may be hard-wrapped).
2. ``segment.Segmenter``: units -> articles, fragments, pages, each line's role, in source
   order; ``forced`` reads the lines an editor gave a role (hints).
3. ``place``: each fragment is joined to the one article it can belong to (an editor's
   attach hint, ``（上接第N版）`` markers, else the article that stops mid-sentence); each
   article is finished (signatures, photos, punctuation, warnings).
4. ``account.enforce``: the character-accounting invariant (nothing lost), stated there.

``hints`` (``hints.Hints``) are an editor's corrections: applied here, so that
``parse_issue(text, hints=h)`` reproduces what the editor confirmed; ``hints_applied`` on
the result says which took effect, and a note names each one dropped.

The date: ``date`` (the command's ``--date``) wins over the hints' date, that over the
masthead, the masthead over the sidecar, the sidecar over a date inferred from the text.
Raises ``SourceError`` for a text that holds no article or no date.
"""

import datetime

from ..text import normalise_newlines
from . import SourceError, account
from . import text as t
from .headline import split_headline, split_stack
from .hints import HintPlan, Hints
from .place import finish, finish_fragment, place_fragments
from .plan import Sidecar, apply_page_plan
from .result import PUBLISHED, Consumed, Line, Note, ParsedIssue
from .segment import Segmenter
from .units import split_units

__all__ = ["parse_issue", "split_headline", "split_stack"]


def parse_issue(text, *, sidecar=None, date=None, today=None, hints=None):
    """Parse a whole issue's text (see the module's docstring)."""
    today = today or datetime.date.today()
    sidecar = sidecar or Sidecar()
    hints = hints or Hints()
    text = normalise_newlines(text)
    lines = text.split("\n")
    hint_notes = []
    plan = HintPlan.check(
        hints, lines, lambda line, message: hint_notes.append(Note(line, message))
    )
    forced = dict(plan.roles)
    for number in plan.splits:
        if forced.get(number) not in ("kicker", "title", "column"):
            forced[number] = "title"
    units, width = split_units(lines, forced)
    if not units:
        raise SourceError("the text is empty")

    issue = ParsedIssue(hints=hints)
    masthead_unit = units[0]
    masthead = None
    if masthead_unit.forced is None:
        masthead = t.parse_masthead(masthead_unit.text)
    if masthead:
        units = units[1:]

    seg = Segmenter(units, width, plan)
    seg.masthead = None
    seg.run()
    if masthead:
        seg.mark(masthead_unit, "masthead", ("issue", None))
        seg.consumed.append(Consumed(masthead_unit.first, "masthead", masthead_unit.text))
    masthead = masthead or seg.masthead
    if masthead:
        issue.publication, issue.number = masthead.publication, masthead.number
    late = []
    if masthead and masthead.weekday_mismatch:
        late.append(Note(None, f"报头的星期与日期{masthead.date:%Y年%-m月%-d日}不符。"))

    unplaced = place_fragments(seg)
    for article in seg.articles:
        finish(seg, article)
    for fragment in unplaced:
        finish_fragment(fragment)
    issue.articles = [article.result() for article in seg.articles]
    issue.fragments = [fragment.result() for fragment in unplaced]
    if not issue.articles:
        raise SourceError("no article found: the text has no headline followed by article text")
    issue.pages = seg.pages
    issue.staff = {number: "　".join(texts) for number, texts in seg.staff.items()}
    issue.consumed = seg.consumed
    issue.reasons = seg.reasons
    notes = hint_notes + seg.notes

    issue.publication = issue.publication or sidecar.publication
    if hints.number is not None:
        issue.number = hints.number
        plan.took("number")
    elif issue.number is None:
        issue.number = sidecar.number
    issue.status = sidecar.status or PUBLISHED
    if masthead and sidecar.date and sidecar.date != masthead.date:
        notes.append(
            Note(
                None,
                f"报头日期{masthead.date}与附带的 TOML 文件日期{sidecar.date}不同，以报头为准。",
            )
        )
    if hints.date and not date:
        plan.took("date")
    issue.date = date or hints.date or (masthead.date if masthead else None) or sidecar.date
    if issue.date is None:
        issue.date = t.infer_date(text, today)
        issue.date_inferred = issue.date is not None
        if issue.date_inferred:
            notes.insert(
                0, Note(None, f"出版日期{issue.date}是根据正文中提到的日期推断的，请核对。")
            )
    if issue.date is None:
        raise SourceError(
            "no issue date: the text has no masthead and mentions no date; "
            "give one with --date YYYY-MM-DD"
        )
    issue.notes = notes + late
    _page_plan(issue, sidecar, hints, plan)
    for article in issue.articles:
        if article.page is not None:
            issue.pages.setdefault(article.page, "")
        if article.continued_on is not None:
            issue.pages.setdefault(article.continued_on, "")
    issue.lines = _lines(lines, seg, unplaced)
    for _, number, what in plan.unused():
        issue.warn(number, f"第{number}行：更正（{what}）在这份原文中无从应用，未应用。")
    issue.hints_applied = plan.result()
    account.enforce(text, issue)
    return issue


def _page_plan(issue, sidecar, hints, plan):
    if hints.pages is not None:
        try:
            apply_page_plan(issue, hints.pages)
        except SourceError as exc:
            issue.warn(None, f"更正中的版面安排未应用：{exc}")
        else:
            plan.took("pages")
            return
    if sidecar.pages:
        apply_page_plan(issue, sidecar.pages)


def _lines(lines, seg, unplaced):
    """One ``Line`` per line of the text: its role and what it went into."""
    targets = {id(article): ("article", k) for k, article in enumerate(seg.articles)}
    unplaced_targets = {id(fragment): ("fragment", k) for k, fragment in enumerate(unplaced)}
    targets.update(unplaced_targets)
    roles = seg.roles
    out = []
    for number, text in enumerate(lines, start=1):
        found = roles.get(number)
        if found is None:
            role, target = ("unplaced", None) if text.strip() else ("blank", None)
        else:
            role, target = found
            if type(target) is not tuple:
                key = id(target)
                if key in unplaced_targets and role != "jump_marker":
                    role = "unplaced"
                target = targets.get(key)
        out.append(Line(number, text, role, target))
    return out
