"""A snippet of an article around what was searched for, the matches in ``<mark>``.

Matching here follows the index: the text is folded like the tokens (full-width, case), a
term's words and CJK runs are found in order with only separators between them, and a
Latin word is found whole. Every piece of text is escaped; only the ``<mark>`` is markup.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from . import tokens as tk
from . import words
from .query import phrases

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


def spans(text, compiled, lexicon=words.EMPTY):
    """The (start, end) of each match in ``text`` itself (not its folded form), each grown
    to the listed words it falls inside or across."""
    folded, origin = tk.folded(text)
    found = [(m.start(), m.end()) for m in compiled.finditer(folded) if m.end() > m.start()]
    if found and lexicon.pattern:
        found = widened(found, [(m.start(), m.end()) for m in lexicon.pattern.finditer(folded)])
    return [(origin[start], origin[end - 1] + 1) for start, end in found]


def widened(found, listed):
    """``found`` spans grown to the ``listed`` spans they overlap, and merged."""
    out = []
    for start, end in found:
        for word_start, word_end in listed:
            if word_start < end and word_end > start:
                start, end = min(start, word_start), max(end, word_end)
        if out and start <= out[-1][1]:
            start, end = out[-1][0], max(end, out[-1][1])
            out.pop()
        out.append((start, end))
    return out


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


def snippet(texts, terms, lexicon=words.EMPTY):
    """A snippet from the first of ``texts`` (an article's paragraphs, in reading order)
    holding a term; the first text's opening if none does. A run the query was split at
    listed words is marked whole where it stands whole; a match inside a listed word of
    ``lexicon`` marks the word."""
    texts = [text for text in texts if text]
    if not texts:
        return ""
    if terms:
        compiled = pattern([*terms, *phrases(terms)])
        for text in texts:
            if found := spans(text, compiled, lexicon):
                return window(text, found)
    return window(texts[0], [])
