"""Chinese full-text search over SQLite and PostgreSQL from one code path.

- ``tokens``: text -> tokens (CJK characters and their pairs, Latin words), no dictionary;
- ``index``: an article -> its rows in ``SearchEntry``, kept in step by ``content_changed``;
- ``query``: a query -> terms -> the matching articles, ranked, as a queryset;
- ``results``: a page of ranked results, counted up to a cap, without sorting every match;
- ``words``: the word list editors keep (检索词表), applied by the rebuild;
- ``highlight``: a snippet of the text around the match, the terms in ``<mark>``.

Readers search ``Article.objects.published()``; the desk searches what the user may see.
"""

from . import tokens, words
from .highlight import snippet
from .query import matching, page, parse, ranked
from .results import Results

__all__ = ["Results", "matching", "page", "parse", "ranked", "snippet", "tokens", "words"]
