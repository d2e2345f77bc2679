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
from django.db.models import Case, ExpressionWrapper, F, IntegerField, Value, When
from django.db.models.expressions import RawSQL

from . import tokens as tk

MAX_QUERY = 200  # characters a query may have
MAX_TERMS = 10  # terms beyond these are ignored
MAX_TERM_TOKENS = 100  # a term's phrase is cut after these tokens

QUOTED = re.compile(r'"([^"]*)"|“([^”]*)”|「([^」]*)」|『([^』]*)』')
# White space between two CJK characters inside a phrase joins them: "宋剑湖 生态" is
# 宋剑湖生态 in the text.
TERM = re.compile(rf"[0-9a-z{tk.CJK}]+")
CJK_GAP = re.compile(rf"(?<=[{tk.CJK}])\s+(?=[{tk.CJK}])")


@dataclasses.dataclass(frozen=True)
class Term:
    """One thing the query asks for: ``runs`` (the words and CJK runs it is made of, in
    order, folded) and ``tokens`` (the phrase the index is asked for)."""

    runs: tuple
    tokens: tuple

    @classmethod
    def of(cls, text):
        runs = tuple(tk.runs(tk.fold_text(CJK_GAP.sub("", text))))
        tokens = [t for run in runs for t in tk.run_tokens(run)]
        # A bigram implies the characters it is made of: at the ends of the phrase they
        # say nothing more, and a single character is the costliest token to look up
        # (高考 is the one token 高考, 宋剑湖 the phrase 宋剑 剑 剑湖).
        if runs and not runs[0].isascii() and len(runs[0]) > 1:
            tokens = tokens[1:]
        if runs and not runs[-1].isascii() and len(runs[-1]) > 1:
            tokens = tokens[:-1]
        tokens = tuple(tokens[:MAX_TERM_TOKENS])
        return cls(runs, tokens) if tokens else None

    def __str__(self):
        return " ".join(self.runs)


def parse(query):
    """The terms of ``query`` (at most ``MAX_TERMS``, each once); none for a blank query or
    one without a letter, digit or CJK character."""
    query = (query or "")[:MAX_QUERY]
    terms = []
    rest = QUOTED.sub(" ", query)
    for match in QUOTED.finditer(query):
        terms.append(Term.of(next(group for group in match.groups() if group is not None)))
    # Outside quotes, every run of token characters (and only those) is a term of its own:
    # 宋剑湖，生态 is two terms, 2024年 and 5G网络 one each.
    terms += [Term.of(part) for part in TERM.findall(tk.fold_text(rest))]
    unique = []
    for term in terms:
        if term and term not in unique:
            unique.append(term)
    return unique[:MAX_TERMS]


# The SQL of one term: the articles with an index row holding its phrase -----------------

ENTRY = "articles_searchentry"
FTS = "articles_searchfts"


def _row_match(vendor):
    if vendor == "sqlite":
        return f"id IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s)"
    if vendor == "postgresql":
        return "vector @@ phraseto_tsquery('simple', %s)"
    raise ImproperlyConfigured(f"search needs SQLite or PostgreSQL, not {vendor}")


def _phrase(vendor, term):
    text = " ".join(term.tokens)
    return f'"{text}"' if vendor == "sqlite" else text


def articles_with(queryset, term, *, title=False):
    """RawSQL for the ids of the articles holding ``term`` (in their headline only, with
    ``title``)."""
    vendor = connections[router.db_for_read(queryset.model)].vendor
    where = _row_match(vendor) + (" AND title" if title else "")
    return RawSQL(f"SELECT article_id FROM {ENTRY} WHERE {where}", [_phrase(vendor, term)])


def matching(queryset, terms):
    """``queryset`` narrowed to the articles holding every one of ``terms``."""
    for term in terms:
        queryset = queryset.filter(pk__in=articles_with(queryset, term))
    return queryset


def ranked(queryset, terms):
    """The articles of ``queryset`` holding every term, best first: those with more of the
    terms in their headline (引题, 主题, 副题) first, then the newest (``-publish_at``,
    ``-id``): the same order on every database."""
    hits = [
        Case(When(pk__in=articles_with(queryset, term, title=True), then=Value(1)), default=0)
        for term in terms
    ]
    score = sum(hits[1:], hits[0]) if hits else Value(0)
    return (
        matching(queryset, terms)
        .annotate(title_hits=ExpressionWrapper(score, output_field=IntegerField()))
        .order_by("-title_hits", F("publish_at").desc(nulls_last=True), "-id")
    )


def page(articles, ids):
    """The articles of ``articles`` with the primary keys ``ids``, in that order: a page of
    results is ranked over ids alone (a narrow sort), then its few articles are loaded."""
    loaded = articles.in_bulk(ids)
    return [loaded[pk] for pk in ids if pk in loaded]
