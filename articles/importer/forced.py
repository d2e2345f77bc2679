"""Units an editor gave a role to (``hints.roles`` and ``hints.splits``): read as that role,
whatever the parser would have made of them.

A role that cannot be given to the line's text (a page marker that names no page, a jump
marker with no marker in it) is not applied: the line is read as if there were no hint, and
a note says so. Every other role hint takes effect and is recorded in the plan.
"""

from . import headline as h
from . import layout
from . import text as t
from .drafts import SUBHEAD, ArticleDraft, FragmentDraft, join
from .result import MAX_ATTRIBUTION, MAX_COLUMN, MAX_HEADLINE, ParsedImage
from .text import leftover

HEADLINE_ROLES = ("kicker", "title", "subtitle")


def forced_step(seg, i):
    unit = seg.units[i]
    role = unit.forced
    plan = seg.plan
    split = unit.first in plan.splits
    handler = _HANDLERS.get(role)
    if role in HEADLINE_ROLES or (role == "column" and split):
        return _headline(seg, i)
    if split:
        # A split always starts an article here, with this line as its title.
        plan.took("split", unit.first)
        seg.plan.refused.add(("role", unit.first))
        seg.warn(unit.first, f"从此行拆分，此行按主题处理（更正中的“{role}”未应用）。")
        return _headline(seg, i, override="title")
    done = handler(seg, unit, i) if handler else False
    if done is False:
        _not_applied(seg, unit, role)
        unit.forced = None
        return seg.step(i)
    plan.took("role", unit.first)
    return i + 1


def _not_applied(seg, unit, role):
    from .hints import ROLE_NAMES

    seg.plan.refused.add(("role", unit.first))
    seg.warn(unit.first, f"“{unit.text[:20]}”不能设为{ROLE_NAMES.get(role, role)}，更正未应用。")


def _target_article(seg):
    """The article a forced body line goes into: the one being read, else the last one."""
    current = seg.current
    if isinstance(current, ArticleDraft):
        return current
    if current is None and seg.articles:
        return seg.articles[-1]
    return None


def _headline(seg, i, override=None):
    """A headline an editor marked (kicker, title, subtitle lines) or a split: the units
    with headline roles from i on make one headline."""
    plan = seg.plan
    units, roles = [], []
    k = i
    while k < len(seg.units):
        unit = seg.units[k]
        role = override if k == i and override else unit.forced
        if role not in HEADLINE_ROLES and not (k == i and role == "column"):
            break
        if units and unit.first in plan.splits:
            break
        if units and roles[-1] in ("title", "subtitle") and role == "kicker":
            break
        units.append(unit)
        roles.append(role)
        k += 1
    first = units[0]
    if roles[0] == "column":
        return _column(seg, first, i)
    if roles == ["subtitle"] and first.first not in plan.splits:
        article = _target_article(seg)
        if article is None or len(article.subtitle) + len(first.text) >= MAX_HEADLINE:
            _not_applied(seg, first, "subtitle")
            first.forced = None
            return seg.step(i)
        dash, text = h.strip_dash(first.text)
        article.subtitle = f"{article.subtitle} {text}".strip()
        seg.consume(first, "mark", dash)
        seg.mark(first, "subtitle", article)
        plan.took("role", first.first)
        return i + 1
    if "title" not in roles:
        # A kicker with no title marked: the next line is the title, if it can be one.
        nxt = seg._unit(k)
        if nxt is not None and nxt.forced is None and nxt.shaped_relaxed:
            units.append(nxt)
            roles.append("title")
            k += 1
        else:
            roles = ["title" if r == "kicker" else r for r in roles]
            for unit in units:
                plan.refused.add(("role", unit.first))
            seg.warn(first.first, "引题后面没有可作主题的一行，此行按主题处理。")
    parts = {"kicker": [], "title": [], "subtitle": []}
    marks = []
    for unit, role in zip(units, roles, strict=True):
        text = unit.text
        if role == "subtitle":
            dash, text = h.strip_dash(text)
            marks.append(dash)
        parts[role].append(text)
    kicker, title, subtitle = (
        _joined(parts["kicker"]),
        _joined(parts["title"]),
        " ".join(parts["subtitle"]),
    )
    if not title or max(len(kicker), len(title), len(subtitle)) > MAX_HEADLINE:
        for unit in units:
            if unit.forced is not None:
                _not_applied(seg, unit, unit.forced)
            unit.forced = None
        plan.splits.discard(first.first)
        return seg.step(i)
    if first.first in plan.merges and seg.articles:
        seg.merge_into(seg.articles[-1], units)
    else:
        article = seg.new_article(first.first, kicker, title, subtitle, "按更正：标题")
        article.stacked = bool(kicker or subtitle)
        for unit, role in zip(units, roles, strict=True):
            seg.mark(unit, role, article)
        for mark in marks:
            seg.consume(first, "mark", mark)
    for unit in units:
        if unit.first in plan.splits:
            plan.took("split", unit.first)
        if unit.forced is not None and ("role", unit.first) not in plan.refused:
            plan.took("role", unit.first)
    return k


def _joined(texts):
    out = ""
    for text in texts:
        out = join(out, text) if out else text
    return out


def _column(seg, unit, i):
    label = (unit.column or unit.text.strip("【】[] \u3000" + layout.MARKS))[:MAX_COLUMN]
    if not label:
        return False
    seg.flush_pending()
    seg.column = (label, unit)
    seg.column_count += 1
    seg.column_units = [unit]
    seg.current = None
    seg.consume(unit, "mark", unit.text)
    seg.plan.took("role", unit.first)
    if unit.first in seg.plan.splits:
        seg.plan.took("split", unit.first)
    return i + 1


def _body(seg, unit, i, kind):
    article = _target_article(seg)
    if article is None:
        if isinstance(seg.current, FragmentDraft):
            seg.current.add_block(unit.text, kind, unit.lines)
            seg.mark(unit, "paragraph", seg.current)
            return True
        return False
    seg.current = article
    article.closed = article.closed and kind == SUBHEAD
    article.awaiting_tail = False if kind != SUBHEAD else article.awaiting_tail
    if kind == SUBHEAD:
        article.add_block(unit.text, SUBHEAD, unit.lines)
        seg.mark(unit, "subhead", article)
    else:
        text, jump_to = t.split_jump_to(unit.text)
        if text:
            # A line an editor calls a paragraph is one, whole: nothing joins it or onto it.
            article.add_block(text, lines=unit.lines)
            article.sealed = True
        if jump_to is not None:
            seg.consume(unit, "jump_marker", unit.text[len(text) :])
            article.continued_on, article.awaiting_tail = jump_to, True
        seg.mark(unit, "paragraph", article)
    article.restart = False
    seg.last_body = (i, article)
    return True


def _paragraph(seg, unit, i):
    return _body(seg, unit, i, "p")


def _subhead(seg, unit, i):
    return _body(seg, unit, i, SUBHEAD)


def _caption(seg, unit, i):
    article = _target_article(seg)
    if article is None:
        return False
    article.images.append(ParsedImage(caption=unit.text, credit=""))
    seg.mark(unit, "caption", article)
    seg.current = article
    return True


def _credit(seg, unit, i):
    article = _target_article(seg)
    if article is None:
        return False
    for name in unit.credit or layout.parse_byline_line(unit.text) or []:
        article.add_byline(name.name, name.role)
    if article.images and not article.images[-1].credit:
        article.images[-1].credit = unit.text
    elif not article.credit:
        article.credit, article.credit_line = unit.text, unit.first
    else:
        article.images.append(ParsedImage(caption="", credit=unit.text))
    article.closed = True
    seg.mark(unit, "credit", article)
    return True


def _byline(seg, unit, i, role="byline"):
    article = _target_article(seg)
    if article is None:
        return False
    names = unit.byline or unit.signature or unit.credit
    if names is None:
        _, body = layout.strip_mark(unit.text)
        names = t.parse_names(body.strip("（）() \u3000"))
    if names:
        for name in names:
            article.add_byline(name.name, name.role)
        seg.consume(unit, "byline", unit.text)
    else:
        text = unit.attribution or unit.text
        if len(article.attribution) + len(text) >= MAX_ATTRIBUTION:
            return False
        article.add_attribution(text)
        seg.consume(unit, "mark", leftover(unit.text, text))
    if role == "signature":
        article.closed = True
    seg.mark(unit, role, article)
    seg.current = article
    return True


def _signature(seg, unit, i):
    return _byline(seg, unit, i, "signature")


def _lede(seg, unit, i):
    article = _target_article(seg)
    lede = unit.lede
    if article is None or lede is None:
        return False
    seg.current = article
    article.restart = True
    seg.lede(article, unit, i, lede)
    return True


def _editors_note(seg, unit, i):
    article = _target_article(seg)
    if article is None:
        return False
    seg.take_note(article, unit)
    seg.current = article
    return True


def _page_header(seg, unit, i):
    if seg.page is None:
        return False
    return seg.page_header(unit, text=unit.text)


def _page_marker(seg, unit, i):
    if not t.parse_page_marker(unit.text):
        return False
    unit.forced = None
    seg.step(i)
    return True


def _masthead(seg, unit, i):
    masthead = t.parse_masthead(unit.text)
    if masthead is None:
        return False
    seg.masthead = seg.masthead or masthead
    seg.mark(unit, "masthead", ("issue", None))
    seg.consume(unit, "masthead", unit.text)
    return True


def _jump_marker(seg, unit, i):
    if t.split_jump_from(unit.text)[1] is None and t.split_jump_to(unit.text)[1] is None:
        return False
    unit.forced = None
    seg.step(i)
    return True


def _repeated_headline(seg, unit, i):
    text = unit.text
    if seg.pending_heading:
        previous, units = seg.pending_heading
        seg.pending_heading = (f"{previous} {text}", [*units, unit])
    else:
        seg.pending_heading = (text, [unit])
    seg.consume(unit, "repeated_headline", text)
    seg.mark(unit, "repeated_headline", ("issue", None))
    return True


def _unplaced(seg, unit, i):
    seg.keep_unplaced([unit], "按更正")
    seg.roles.update({n: ("unplaced", seg.fragments[-1]) for n in unit.lines})
    return True


_HANDLERS = {
    "column": _column,
    "paragraph": _paragraph,
    "subhead": _subhead,
    "caption": _caption,
    "credit": _credit,
    "byline": _byline,
    "signature": _signature,
    "lede": _lede,
    "editors_note": _editors_note,
    "page_header": _page_header,
    "page_marker": _page_marker,
    "masthead": _masthead,
    "jump_marker": _jump_marker,
    "repeated_headline": _repeated_headline,
    "unplaced": _unplaced,
}
