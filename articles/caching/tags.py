"""Cache tags: what a cached page depends on, named so that a change can find every page
that shows it.

A page depends on every article, issue, page, section, reporter and tag it loaded while it
was rendered (recorded automatically: each instance the ORM builds during a cacheable
request adds its tag), and on the lists whose membership it shows:

- ``published``: the set of articles readers see, as lists of the latest show it (home,
  archive, feeds, sitemaps); a page declares it with ``declare(request, PUBLISHED)``;
- ``sections``: which sections readers see (the navigation on every page);
- ``site``: the paper's identity (name, logo: the masthead, icons and metadata of every
  page).

A change then names the tags to refresh (``invalidation.py``): the changed article's own tag
(every page that showed it), the tags of what it now belongs to (an issue, a section, its
reporters and tags: the pages that should now list it), and the list tags if membership
may have changed.
"""

import contextvars
import functools

from django.db.models.signals import post_init
from taggit.models import Tag

from ..models import Article, Issue, Page, Reporter, Section

PUBLISHED = "published"
SECTIONS = "sections"
SITE = "site"

# Model -> tag prefix, for the instances a page depends on.
PREFIXES = {
    Article: "article",
    Issue: "issue",
    Page: "page",
    Section: "section",
    Reporter: "reporter",
    Tag: "tag",
}

_recording = contextvars.ContextVar("newsroom_cache_tags", default=None)


def tag(model, pk):
    return f"{PREFIXES[model]}-{pk}"


def start_recording():
    """Record, until ``stop_recording(token)``, the tags of what this request loads."""
    return _recording.set(set())


def stop_recording(token):
    tags = _recording.get()
    _recording.reset(token)
    return tags or set()


def declare(*tags):
    """Add tags the current page depends on beyond what it loaded (a list's membership)."""
    recorded = _recording.get()
    if recorded is not None:
        recorded.update(tags)


def depends_on(*tags):
    """A view decorator: the view's page depends on ``tags`` (a sitemap, say, on
    ``PUBLISHED``) beyond what it loads."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            declare(*tags)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def _loaded(sender, instance, **kwargs):
    recorded = _recording.get()
    if recorded is not None and instance.pk is not None:
        recorded.add(tag(sender, instance.pk))


for _model in PREFIXES:
    post_init.connect(_loaded, sender=_model, dispatch_uid=f"cache-tags-{_model.__name__}")
