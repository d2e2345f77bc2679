"""A page of ranked results, read without counting or sorting every match.

A word in a third of all articles matches tens of thousands; sorting them all, and checking
every one of them for the phrase, to show twenty was the cost of a common query. So:

- **the count** is exact up to ``CAP`` (``COUNT(*)`` over the first ``CAP + 1`` matches,
  in no order: the database stops there); beyond, the page says "超过 1000 篇" and offers
  the first ``CAP`` only;
- **the order** (``query.ranked``: the whole run of a query split at listed words first,
  then more of the terms in the headline, then the newest) is read in two parts. The
  articles with a term in their headline (or the whole run) are few (the headline rows are
  a small part of the index, with a full-text index of their own): they are ranked, and
  read to the end of the page. Fewer than that means all of them were read, and the page
  goes on with the rest: the matches with neither, newest first, from the page's offset
  less their number. For those the database walks the articles in ``-publish_at, -id``
  order (an index) and stops after the page, checking only the articles it passes.

Both parts order by plain ``-publish_at, -id`` (PostgreSQL walks its index backwards
only without ``NULLS LAST``): readers' articles always have a time, so the order is the
same on every database.
"""

from .query import first_hits, matching, phrases

CAP = 1000  # results counted exactly and offered page by page


class Results:
    """The ranked ids of the articles of ``queryset`` holding every one of ``terms``, as a
    ``Paginator`` reads them: ``count()`` and slices."""

    def __init__(self, queryset, terms):
        self.queryset = queryset
        self.terms = terms
        self.capped = False

    def matches(self):
        return matching(self.queryset, self.terms).order_by()

    def count(self):
        found = self.matches().values("pk")[: CAP + 1].count()
        self.capped = found > CAP
        return min(found, CAP)

    def __getitem__(self, window):
        start, stop = window.start or 0, min(window.stop, CAP)
        if start >= stop:
            return []
        matches = self.matches()
        scores, order, ahead = first_hits(self.queryset, self.terms)
        # One term: an article with it in its headline holds it (no need to ask again).
        alone = len(self.terms) == 1 and not phrases(self.terms)
        first = list(
            (self.queryset.order_by() if alone else matches)
            .filter(ahead)
            .annotate(**scores)
            .order_by(*order)
            .values_list("pk", flat=True)[:stop]
        )
        ids = first[start:stop]
        # Fewer than asked for: that was all of them, and the page goes on with the rest
        # (all of the first part had to be read only then; otherwise the page is in it).
        if len(first) < stop:
            headed = len(first)
            rest = matches.exclude(ahead).order_by("-publish_at", "-id")
            ids += rest.values_list("pk", flat=True)[max(start - headed, 0) : stop - headed]
        return ids
