"""A snippet of an article around what was searched for, the matches in ``<mark>``.

Matching here follows the index: the text is folded like the tokens (full-width, case), a
term's words and CJK runs are found in order with only separators between them, and a
Latin word is found whole. Every piece of text is escaped; only the ``<mark>`` is markup.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from . import tokens as tk

WIDTH = 110  # characters of a snippet
BEFORE = 30  # of them before the first match


def term_pattern(term):
    parts = []
    for run in term.runs:
        piece = re.escape(run)
        parts.append(rf"(?<![0-9a-z]){piece}(?![0-9a-z])" if run.isascii() else piece)
    return rf"[^0-9a-z{tk.CJK}]*".join(parts)


def pattern(terms):
    """One regular expression finding any of ``terms`` in folded text, longest first."""
    ordered = sorted(terms, key=lambda term: -len(str(term)))
    return re.compile("|".join(f"(?:{term_pattern(term)})" for term in ordered))


def spans(text, compiled):
    """The (start, end) of each match in ``text`` itself (not its folded form)."""
    folded, origin = tk.folded(text)
    return [
        (origin[m.start()], origin[m.end() - 1] + 1)
        for m in compiled.finditer(folded)
        if m.end() > m.start()
    ]


def marked(text, found):
    out, at = [], 0
    for start, end in found:
        out.append(escape(text[at:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        at = end
    out.append(escape(text[at:]))
    return mark_safe("".join(out))


def window(text, found):
    """``text`` cut to ``WIDTH`` characters around its first match, with ellipses, and the
    matches that fall inside it."""
    start = max(0, found[0][0] - BEFORE) if found else 0
    end = min(len(text), start + WIDTH)
    start = max(0, min(start, end - WIDTH))
    inside = [
        (max(a, start) - start, min(b, end) - start) for a, b in found if a < end and b > start
    ]
    piece = marked(text[start:end], inside)
    return mark_safe(("…" if start else "") + piece + ("…" if end < len(text) else ""))


def snippet(texts, terms):
    """A snippet from the first of ``texts`` (an article's paragraphs, in reading order)
    holding a term; the first text's opening if none does."""
    texts = [text for text in texts if text]
    if not texts:
        return ""
    if terms:
        compiled = pattern(terms)
        for text in texts:
            if found := spans(text, compiled):
                return window(text, found)
    return window(texts[0], [])
