"""Chinese full-text search over SQLite and PostgreSQL from one code path.

- ``tokens``: text -> tokens (CJK characters and their pairs, Latin words), no dictionary;
- ``index``: an article -> its rows in ``SearchEntry``, kept in step by ``content_changed``;
- ``query``: a query -> terms -> the matching articles, ranked, as a queryset;
- ``highlight``: a snippet of the text around the match, the terms in ``<mark>``.

Readers search ``Article.objects.published()``; the desk searches what the user may see.
"""

from .highlight import snippet
from .query import matching, page, parse, ranked

__all__ = ["matching", "page", "parse", "ranked", "snippet"]
