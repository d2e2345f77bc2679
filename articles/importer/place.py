"""Pass 3: each fragment is joined to the one article it can belong to, then each article
is finished (what can only be decided once its text is complete).

A fragment is placed by an editor's ``attach`` hint, else by its ``（上接第N版）`` marker,
else (a block that cannot start a sentence) by the one article that stops mid-sentence or
awaits a tail. One that cannot be placed with confidence stays a fragment, with a warning:
nothing is dropped. A tail's repeated headline goes with it: dropped when it is placed,
kept as the fragment's first paragraph when it is not.
"""

from . import layout, punctuation
from . import text as t
from .drafts import PARAGRAPH, ArticleDraft
from .result import Consumed, ParsedImage

# A paragraph longer than this (in characters) is most likely several whose line breaks the
# export lost: imported as it is, with a warning naming it.
LONG_PARAGRAPH = 10_000


def attach(article, fragment):
    """Append ``fragment``'s blocks to ``article``: its first paragraph joins the article's
    last when that stops mid-sentence (a tail after its head)."""
    if (
        fragment.paragraphs
        and fragment.kinds[0] == PARAGRAPH
        and article.ends_open
        and not article.closed
    ):
        article.join_last(fragment.paragraphs[0], fragment.block_lines[0])
        rest = type(fragment)(line=fragment.line)
        rest.paragraphs = fragment.paragraphs[1:]
        rest.kinds = fragment.kinds[1:]
        rest.block_lines = fragment.block_lines[1:]
        article.extend_body(rest)
    else:
        article.extend_body(fragment)
    article.awaiting_tail = False
    if fragment.from_page is not None and article.page is None:
        article.page = fragment.from_page
    if article.continued_on is None and fragment.page is not None and fragment.page != article.page:
        article.continued_on = fragment.page
    if fragment.continued_on is not None:
        article.continued_on = fragment.continued_on
        article.awaiting_tail = True


def _candidates(articles, fragment):
    if fragment.pinned:
        return []
    if fragment.from_page is not None:
        found = [
            a
            for a in articles
            if a.awaiting_tail
            and a.page in (None, fragment.from_page)
            and (fragment.page is None or a.continued_on in (None, fragment.page))
        ]
        if fragment.heading and len(found) > 1:
            found = [a for a in found if _same_headline(fragment.heading, a)]
        return found
    if fragment.implicit:
        return [a for a in articles if a.dangling or a.awaiting_tail]
    return []


def _same_headline(heading, article):
    heading = "".join(heading.split())
    return heading in {
        "".join(text.split())
        for text in (
            article.title,
            article.kicker + article.title,
            article.kicker + article.title + article.subtitle,
            article.title + article.subtitle,
        )
    }


def place_fragments(seg):
    """Place ``seg``'s fragments; returns those left unplaced. Where each fragment went is
    recorded in ``seg.roles`` (its lines now target the article), ``seg.reasons`` and,
    for one left unplaced, ``seg.notes``."""
    articles, plan = seg.articles, seg.plan
    by_line = {a.line: a for a in articles}
    unplaced = []
    for fragment in seg.fragments:
        wanted = plan.attach.get(fragment.line) if plan else None
        if wanted is not None and (article := by_line.get(wanted)) is not None:
            _placed(seg, article, fragment, "按更正并入稿件")
            plan.took("attach", fragment.line)
            continue
        found = _candidates(articles, fragment)
        if len(found) == 1:
            why = (
                f"上接第{fragment.from_page}版，接续《{found[0].title}》"
                if fragment.from_page is not None
                else f"不能开始一句话，接续在句中断开的《{found[0].title}》"
            )
            _placed(seg, found[0], fragment, why)
            continue
        unplaced.append(fragment)
        if fragment.heading:
            # Not placed: its repeated headline stays with it, for the editor.
            fragment.paragraphs.insert(0, fragment.heading)
            fragment.kinds.insert(0, PARAGRAPH)
            fragment.block_lines.insert(0, list(fragment.heading_lines))
        first = fragment.paragraphs[0][:20] if fragment.paragraphs else ""
        if fragment.from_page is not None or fragment.implicit:
            why = "有多篇稿件可能接续" if found else "找不到它接续的稿件"
            seg.warn(fragment.line, f"接续文字“{first}…”{why}，已作为未归属文本保留。")
    return unplaced


def _placed(seg, article, fragment, why):
    attach(article, fragment)
    for number, (role, target) in seg.roles.items():
        if target is fragment:
            seg.roles[number] = (role, article)
    seg.because(fragment.line, why)


def finish(seg, article):
    """What can only be decided once an article's text is complete: its closing signature,
    its photos, punctuation (``punctuation``: where the article's own convention is
    full-width), and the warnings about it."""
    _trailing_signatures(seg, article)
    signed = article.last_is_paragraph and t.split_signature(article.paragraphs[-1])
    if signed:
        text, names = signed
        line = article.block_lines[-1][-1] if article.block_lines[-1] else article.line
        seg.consumed.append(Consumed(line, "byline", article.paragraphs[-1][len(text) :]))
        article.paragraphs[-1] = text
        for name in names:
            article.add_byline(name.name, name.role)
    if article.credit:
        if article.dateline or article.images:
            article.images.append(ParsedImage(caption="", credit=article.credit))
        else:
            article.kind = "photo"
            caption = "\n".join(
                p for p, k in zip(article.paragraphs, article.kinds, strict=True) if k == PARAGRAPH
            )
            article.images.append(ParsedImage(caption=caption, credit=article.credit))
            for lines, kind in zip(article.block_lines, article.kinds, strict=True):
                for number in lines:
                    if kind == PARAGRAPH and seg.roles.get(number, ("",))[0] == "paragraph":
                        seg.roles[number] = ("caption", article)
    _normalise(article)
    _warnings(seg, article)


def _trailing_signatures(seg, article):
    """A tail may end with its signature on a line of its own: read it as one now."""
    while article.paragraphs and article.kinds[-1] == PARAGRAPH:
        text = article.paragraphs[-1]
        names = layout.parse_signature_line(text) or (
            layout.parse_byline_line(text) if len(text) <= 48 else None
        )
        attribution = None if names else layout.parse_attribution(text)
        if not names and not attribution:
            return
        _, lines = article.pop_last()
        for name in names or []:
            article.add_byline(name.name, name.role)
        if attribution:
            article.add_attribution(attribution)
        seg.consumed.append(Consumed(lines[0] if lines else article.line, "byline", text))
        for number in lines:
            seg.roles[number] = ("signature", article)


_TEXT_FIELDS = ("kicker", "title", "subtitle", "editors_note", "attribution")


def _normalise(article):
    texts = [getattr(article, name) for name in _TEXT_FIELDS]
    texts += article.paragraphs + [image.caption for image in article.images]
    if not punctuation.full_width_is_the_convention("\n".join(texts)):
        return
    normalise = punctuation.normalise
    for name in _TEXT_FIELDS:
        setattr(article, name, normalise(getattr(article, name)))
    article.paragraphs = [normalise(p) for p in article.paragraphs]
    article.images = [ParsedImage(normalise(i.caption), i.credit) for i in article.images]


def _warnings(seg, article):
    where = f"第{article.line}行《{article.title}》"
    line = article.line
    for number, paragraph in enumerate(article.paragraphs, start=1):
        if len(paragraph) > LONG_PARAGRAPH:
            seg.notes.append(
                _note(
                    line,
                    f"{where}第{number}段长达 {len(paragraph):,} 字，超过 {LONG_PARAGRAPH:,} "
                    "字的上限，可能缺少换行，请核对。",
                )
            )
    if not article.paragraphs and not article.images:
        seg.notes.append(_note(line, f"{where}只有标题，没有正文。"))
    if not article.bylines and not article.attribution:
        seg.notes.append(_note(line, f"{where}没有找到署名。"))
    if article.awaiting_tail:
        seg.notes.append(
            _note(line, f"{where}转至第{article.continued_on}版，但没有找到接续的文字。")
        )
    elif article.dangling:
        seg.notes.append(_note(line, f"{where}最后一段没有结束，可能缺少转版的文字。"))


def _note(line, message):
    from .result import Note

    return Note(line, message)


def finish_fragment(fragment):
    if punctuation.full_width_is_the_convention("\n".join(fragment.paragraphs)):
        fragment.paragraphs = [punctuation.normalise(p) for p in fragment.paragraphs]


__all__ = ["LONG_PARAGRAPH", "ArticleDraft", "attach", "finish", "place_fragments"]
