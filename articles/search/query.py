"""A reader's or editor's query -> terms -> the articles matching all of them.

Syntax: terms separated by spaces (or punctuation) must all occur; ``"…"`` (or “…”, 「…」)
is a phrase, its words in that order, side by side. Each term is the phrase of its tokens
(``tokens.py``), matched by the database's own full-text index over the index's rows
(``index.py``): SQLite's FTS5 and PostgreSQL's GIN index over ``to_tsvector('simple', …)``.
The SQL differs only in how one row is asked whether it holds a phrase; the tokens, the
terms and the rules of matching and ranking are one code path.
"""

import dataclasses
import re

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router
from django.db.models import Case, ExpressionWrapper, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL

from . import tokens as tk
from . import words

MAX_QUERY = 200  # characters a query may have
MAX_TERMS = 10  # terms beyond these are ignored
MAX_TERM_TOKENS = 100  # a term's phrase is cut after these tokens

QUOTED = re.compile(r'"([^"]*)"|“([^”]*)”|「([^」]*)」|『([^』]*)』')
# White space between two CJK characters inside a phrase joins them: "宋剑湖 生态" is
# 宋剑湖生态 in the text.
TERM = re.compile(rf"[0-9a-z{tk.CJK}]+")
CJK_GAP = re.compile(rf"(?<=[{tk.CJK}])\s+(?=[{tk.CJK}])")
TERM_IS_RUN = re.compile(rf"[{tk.CJK}]+")


@dataclasses.dataclass(frozen=True)
class Term:
    """One thing the query asks for: ``runs`` (the words and CJK runs it is made of, in
    order, folded), ``tokens`` (the phrase the index is asked for: one token for a listed
    word the index holds whole, ``words.py``) and ``whole`` (for a piece of a run split at
    listed words, the term of the whole run: articles holding it rank first)."""

    runs: tuple
    tokens: tuple
    whole: "Term | None" = dataclasses.field(default=None, compare=False)

    @classmethod
    def of(cls, text, lexicon=words.EMPTY, whole=None):
        runs = tuple(tk.runs(tk.fold_text(CJK_GAP.sub("", text))))
        if len(runs) == 1 and (token := lexicon.token(runs[0])):
            return cls(runs, (token,), whole)
        tokens = [t for run in runs for t in tk.run_tokens(run)]
        # A bigram implies the characters it is made of: at the ends of the phrase they
        # say nothing more, and a single character is the costliest token to look up
        # (高考 is the one token 高考, 宋剑湖 the phrase 宋剑 剑 剑湖).
        if runs and not runs[0].isascii() and len(runs[0]) > 1:
            tokens = tokens[1:]
        if runs and not runs[-1].isascii() and len(runs[-1]) > 1:
            tokens = tokens[:-1]
        tokens = tuple(tokens[:MAX_TERM_TOKENS])
        return cls(runs, tokens, whole) if tokens else None

    def __str__(self):
        return " ".join(self.runs)


def parse(query, lexicon=None):
    """The terms of ``query`` (at most ``MAX_TERMS``, each once); none for a blank query or
    one without a letter, digit or CJK character. ``lexicon``: the word list (by default
    as the database holds it now, ``words.current()``)."""
    query = (query or "")[:MAX_QUERY]
    rest = QUOTED.sub(" ", query)
    quoted = [next(g for g in match.groups() if g is not None) for match in QUOTED.finditer(query)]
    # Outside quotes, every run of token characters (and only those) is a term of its own:
    # 宋剑湖，生态 is two terms, 2024年 and 5G网络 one each.
    parts = TERM.findall(tk.fold_text(rest))
    if not parts and not any(TERM.search(tk.fold_text(text)) for text in quoted):
        return []
    if lexicon is None:
        lexicon = words.current()
    terms = [Term.of(text, lexicon) for text in quoted]
    for part in parts:
        # A run typed without spaces that holds listed words: each word (and the text
        # between them) is a term, and the whole run ranks first (宋剑湖生态保护).
        pieces = lexicon.split(part) if TERM_IS_RUN.fullmatch(part) else [part]
        whole = Term.of(part, lexicon) if len(pieces) > 1 else None
        terms += [Term.of(piece, lexicon, whole) for piece in pieces]
    unique = []
    for term in terms:
        if term and term not in unique:
            unique.append(term)
    return unique[:MAX_TERMS]


def phrases(terms):
    """The runs the query was typed in whole, where it was split at listed words."""
    return list(dict.fromkeys(term.whole for term in terms if term.whole))


# The SQL of one term: the articles with an index row holding its phrase -----------------

ENTRY = "articles_searchentry"
FTS = "articles_searchfts"


def _rows(vendor, title):
    """SQL for the ids of the articles with a row (a headline row, with ``title``) holding
    the phrase ``%s``. SQLite: the phrase's rows from FTS5 (the headline rows' own table
    with ``title``), their articles from a narrow index on (id, article_id). PostgreSQL:
    the rows from the GIN index over ``vector`` (the headline rows from one over the
    expression ``CASE WHEN title THEN vector END``: its own statistics tell the planner how
    few they are)."""
    if vendor == "sqlite":
        fts = f"{FTS}_title" if title else FTS
        return (
            f"SELECT article_id FROM {ENTRY} INDEXED BY {ENTRY}_row "
            f"WHERE id IN (SELECT rowid FROM {fts} WHERE {fts} MATCH %s)"
        )
    if vendor == "postgresql":
        vector = "(CASE WHEN title THEN vector END)" if title else "vector"
        # The headline rows are few: OFFSET 0 keeps them one set, hashed, instead of
        # letting the planner ask for each of the articles in turn whether it is in it.
        fence = " OFFSET 0" if title else ""
        return (
            f"SELECT article_id FROM {ENTRY} "
            f"WHERE {vector} @@ phraseto_tsquery('simple', %s){fence}"
        )
    raise ImproperlyConfigured(f"search needs SQLite or PostgreSQL, not {vendor}")


def _phrase(vendor, term):
    text = " ".join(term.tokens)
    return f'"{text}"' if vendor == "sqlite" else text


def articles_with(queryset, term, *, title=False):
    """RawSQL for the ids of the articles holding ``term`` (in their headline only, with
    ``title``)."""
    vendor = connections[router.db_for_read(queryset.model)].vendor
    return RawSQL(_rows(vendor, title), [_phrase(vendor, term)])


def matching(queryset, terms):
    """``queryset`` narrowed to the articles holding every one of ``terms``."""
    for term in terms:
        queryset = queryset.filter(pk__in=articles_with(queryset, term))
    return queryset


def first_hits(queryset, terms):
    """What ranks an article before the newest: whether it holds the run the query was
    typed in whole (``phrases``, when it was split), and how many of ``terms`` its
    headline has. Returns the scores to annotate, the order by them (then the newest), and
    the condition that an article has any of them."""
    any_hit = Q()

    def score(pairs):
        nonlocal any_hit
        cases = []
        for term, title in pairs:
            holds = Q(pk__in=articles_with(queryset, term, title=title))
            any_hit |= holds
            cases.append(Case(When(holds, then=Value(1)), default=Value(0)))
        return ExpressionWrapper(sum(cases[1:], cases[0]), output_field=IntegerField())

    scores = {}
    if whole := phrases(terms):
        scores["whole_hits"] = score((phrase, False) for phrase in whole)
    scores["title_hits"] = score((term, True) for term in terms)
    order = [f"-{name}" for name in scores] + ["-publish_at", "-id"]
    return scores, order, any_hit


def ranked(queryset, terms):
    """The articles of ``queryset`` holding every term, best first: those holding the run
    the query was typed in whole (when it was split at listed words), then those with more
    of the terms in their headline (引题, 主题, 副题), then the newest (``-publish_at``,
    ``-id``): the same order on every database. It sorts every match: a page of results
    is read through ``Results``, which does not."""
    scores, order, _ = first_hits(queryset, terms)
    return matching(queryset, terms).annotate(**scores).order_by(*order)


def page(articles, ids):
    """The articles of ``articles`` with the primary keys ``ids``, in that order: a page of
    results is ranked over ids alone (a narrow sort), then its few articles are loaded."""
    loaded = articles.in_bulk(ids)
    return [loaded[pk] for pk in ids if pk in loaded]
