"""Which cached pages a change makes stale, and telling every cache so.

Heard: ``content_changed`` (every change to articles, from edits, the desk, imports and
deletions) and the saves and deletions of what articles are shown with (sections,
reporters, issues, pages, tags). The tags named (``tags.py``) get new versions once the
change is committed, in the shared store every application process reads, and are banned
from every reverse-proxy cache in ``NEWSROOM_PURGE_URLS``: the next request for any page
that shows what changed is rendered afresh, on every process and machine.
"""

import logging
import urllib.request

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from taggit.models import Tag, TaggedItem

from ..models import Article, Byline, Image, Issue, Page, PageScan, Reporter, Section, SiteIdentity
from ..signals import content_changed
from . import store
from .tags import PUBLISHED, SECTIONS, SITE, tag

log = logging.getLogger(__name__)

# A change to these fields can change which articles a list shows, or in which order.
MEMBERSHIP = {"status", "publish_at", "section", "issue", "page", "position"}
PUBLISHED_SECTIONS = "pc:published-sections"


def refresh(tags):
    """Make every page that depends on one of ``tags`` stale, once the transaction commits
    (a page rendered before then may still read the old content)."""
    tags = set(tags)
    if tags:
        transaction.on_commit(lambda: _refresh_now(tags))


def _refresh_now(tags):
    store.bump(tags)
    purge(tags)


def purge(tags):
    """Ban the pages carrying any of ``tags`` from each reverse-proxy cache (Varnish: the
    VCL in deploy/ turns a BAN request into a ban on the X-Cache-Tags header)."""
    for base in settings.NEWSROOM_PURGE_URLS:
        request = urllib.request.Request(
            base, method="BAN", headers={"X-Cache-Tags": " ".join(sorted(tags))}
        )
        try:
            urllib.request.urlopen(request, timeout=2).close()
        except OSError as error:  # the page expires by its own time; say so and go on
            log.warning("could not ban %d cache tags at %s: %s", len(tags), base, error)


def _published_sections_changed():
    """Has the set of sections readers see changed since it was last looked at?"""
    now = sorted(Section.objects.published().values_list("pk", flat=True))
    before = cache.get(PUBLISHED_SECTIONS)
    cache.set(PUBLISHED_SECTIONS, now, timeout=None)
    return before != now


@receiver(content_changed, dispatch_uid="page-cache-content-changed")
def _content_changed(sender, articles, issues, deleted=False, fields=None, **kwargs):
    """Every page that showed a changed article depends on its tag, so that tag alone
    refreshes them. Where the change can move the article onto other lists (its status,
    time or placement; its reporters; its tags), the tags of what it now belongs to are
    refreshed too: the pages that should list it from now on."""
    changed = set(fields) if fields is not None and not deleted else None  # None: anything
    names = {tag(Article, pk) for pk in articles}
    if changed is None or MEMBERSHIP & changed:
        names |= {tag(Issue, pk) for pk in issues} | {PUBLISHED}
        placed = Article.objects.filter(pk__in=articles).values_list(
            "issue_id", "page_id", "continued_on_id", "section_id"
        )
        for issue, page, continued, section in placed:
            names |= {tag(Issue, issue)} if issue else set()
            names |= {tag(Page, pk) for pk in (page, continued) if pk}
            names |= {tag(Section, section)} if section else set()
        if _published_sections_changed():
            names.add(SECTIONS)
    if changed is None or "bylines" in changed:
        bylines = Byline.objects.filter(article__in=articles)
        names |= {tag(Reporter, pk) for pk in bylines.values_list("reporter_id", flat=True)}
    if changed is None or "tags" in changed:
        tagged = TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(Article), object_id__in=articles
        ).values_list("tag_id", flat=True)
        names |= {tag(Tag, pk) for pk in tagged}
    refresh(names)


def _shown_with_articles(model, extra=()):
    def changed(sender, instance, raw=False, **kwargs):
        if not raw:
            refresh({tag(model, instance.pk), *extra})

    for signal in (post_save, post_delete):
        signal.connect(
            changed, sender=model, weak=False, dispatch_uid=f"page-cache-{model.__name__}"
        )


def _scan_changed(sender, instance, raw=False, **kwargs):
    if not raw:  # a page's scan, uploaded or rendered again: the page and its issue
        refresh({tag(Page, instance.page_id), tag(Issue, instance.page.issue_id)})


for _signal in (post_save, post_delete):
    _signal.connect(_scan_changed, sender=PageScan, dispatch_uid="page-cache-PageScan")

_shown_with_articles(Section, extra=(SECTIONS,))  # its name and place in the navigation
_shown_with_articles(Reporter)
_shown_with_articles(Issue, extra=(PUBLISHED,))  # the archive shows every issue's date
_shown_with_articles(Page)
_shown_with_articles(Tag)


def _identity_changed(sender, instance, raw=False, **kwargs):
    """The paper's name or logo: every page shows them, so every kept page is refreshed."""
    if not raw:
        refresh({SITE})


for _signal in (post_save, post_delete):
    _signal.connect(_identity_changed, sender=SiteIdentity, dispatch_uid="page-cache-identity")


def _image_changed(sender, instance, raw=False, **kwargs):
    """A photo's resized copies, written after the edit that uploaded it: the pages showing
    its article show the new copies (its caption and file went through the edit)."""
    if not raw and instance.article_id:
        refresh({tag(Article, instance.article_id)})


post_save.connect(_image_changed, sender=Image, dispatch_uid="page-cache-Image")
