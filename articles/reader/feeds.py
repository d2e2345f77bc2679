"""RSS feeds of the latest articles: the whole paper, a section, a reporter, a tag.

Each is a small class over ``Article.objects.published()``; links come from the models'
``get_absolute_url``. An item carries the whole article (``content:encoded``: its first
photo, paragraphs and subheads as escaped HTML) and its first photo as the enclosure.

A feed reader asks again and again: ``If-None-Match`` / ``If-Modified-Since`` are answered
from the items' keys and times (one small query) and the versions of what the feed shows,
before anything is built (``FeedValidators``).
"""

import contextvars
import hashlib

from django.contrib.syndication.views import Feed
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed
from django.utils.http import http_date

from ..caching import store
from ..caching.tags import PUBLISHED, SITE, declare, tag
from ..models import Article, Reporter, Section, SiteIdentity, published_tags

_request = contextvars.ContextVar("feed_request")


class ChineseRssFeed(Rss201rev2Feed):
    """RSS 2.0 in Chinese, with each item's full text in ``content:encoded``."""

    def __init__(self, *args, **kwargs):
        kwargs["language"] = "zh-cn"  # RSS names languages as in HTTP, not Django's zh-hans
        super().__init__(*args, **kwargs)

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content:encoded", item["content"])


def publication():
    """The paper's name, read once for the feed being built (its title and description)."""
    request = _request.get(None)
    if request is None:
        return SiteIdentity.current().display_name
    if not hasattr(request, "publication"):
        request.publication = SiteIdentity.current().display_name
    return request.publication


class LatestArticlesFeed(Feed):
    feed_type = ChineseRssFeed
    limit = 30

    def __call__(self, request, *args, **kwargs):
        """The feed, or 304 when the reader's copy is current (nothing built)."""
        obj = self.get_object(request, *args, **kwargs)
        etag, last_modified = self.validators(obj)
        response = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if response is None:
            token = _request.set(request)  # for the items' absolute photo addresses
            try:
                feed = self.get_feed(obj, request)
            finally:
                _request.reset(token)
            response = HttpResponse(content_type=feed.content_type)
            feed.write(response, "utf-8")
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        return response

    def validators(self, obj):
        """``(ETag, Last-Modified timestamp)`` of the feed as it would be built now: from
        its items' keys, modification and publication times (one query), and the versions
        of what else it shows (which articles readers see, the paper's name, the section,
        reporter or tag): any change to them is a new ETag and a later time."""
        declare(PUBLISHED)
        rows = list(self.articles(obj).values_list("pk", "updated_at", "publish_at"))
        names = {PUBLISHED, SITE}
        if obj is not None:
            names.add(tag(type(obj), obj.pk))
        tokens = store.versions(names)
        times = [moment.timestamp() for row in rows for moment in row[1:] if moment]
        times += [store.token_time(token) for token in tokens.values()]
        text = repr((rows, sorted(tokens.items()), self.__class__.__name__))
        etag = '"' + hashlib.sha256(text.encode()).hexdigest()[:32] + '"'
        return etag, int(max(times, default=0))

    def title(self):
        return f"{publication()} · 最新稿件"

    def link(self):
        return reverse("articles:home")

    def description(self):
        return f"{publication()}最新发布的稿件。"

    def filter_articles(self, obj, articles):
        return articles

    def articles(self, obj):
        return self.filter_articles(obj, Article.objects.published())[: self.limit]

    def items(self, obj=None):
        declare(PUBLISHED)
        articles = Article.objects.published().for_listing().prefetch_related("tags")
        return self.filter_articles(obj, articles)[: self.limit]

    def item_extra_kwargs(self, item):
        """The whole article as HTML: its first photo, paragraphs and subheads, credit."""
        context = {"article": item, "request": _request.get()}
        return {"content": render_to_string("reader/feeds/content.html", context)}

    def item_enclosures(self, item):
        photo = item.lead_photo
        if photo is None or photo.display is None:
            return []
        url = _request.get().build_absolute_uri(photo.display_url)
        # Readers' copies are JPEG (Image.display), whatever the original was.
        return [Enclosure(url, str(_size(photo)), "image/jpeg")]

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        return item.description

    def item_author_name(self, item):
        return " ".join(byline.reporter.name for byline in item.bylines.all()) or None

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        categories = [tag.name for tag in item.tags.all()]
        if item.section_id:
            categories.insert(0, item.section.name)
        return categories


class ObjectFeed(LatestArticlesFeed):
    """The latest articles of one section, reporter or tag, found by its slug."""

    def published(self):
        """What readers may see of this kind: a section, reporter or tag that only
        unpublished articles use has no feed (404)."""
        raise NotImplementedError

    def get_object(self, request, slug):
        return get_object_or_404(self.published(), slug=slug)

    def title(self, obj):
        return f"{publication()} · {obj.name}"

    def link(self, obj):
        return obj.get_absolute_url()


class SectionFeed(ObjectFeed):
    def published(self):
        return Section.objects.published()

    def description(self, obj):
        return obj.description or f"{publication()}{obj.name}栏目的最新稿件。"

    def filter_articles(self, obj, articles):
        return articles.filter(section=obj)


class ReporterFeed(ObjectFeed):
    def published(self):
        return Reporter.objects.published()

    def description(self, obj):
        return f"{obj.name}署名的最新稿件。"

    def filter_articles(self, obj, articles):
        return articles.by_reporter(obj)


class TagFeed(ObjectFeed):
    def published(self):
        return published_tags()

    def link(self, obj):
        return reverse("articles:tag", kwargs={"slug": obj.slug})

    def description(self, obj):
        return f"标签“{obj.name}”下的最新稿件。"

    def filter_articles(self, obj, articles):
        return articles.filter(tags=obj)


def _size(photo):
    """The bytes of the copy readers get (``Image.display``), for the enclosure's length."""
    try:
        return default_storage.size(photo.display["jpg"])
    except OSError:
        return 0
