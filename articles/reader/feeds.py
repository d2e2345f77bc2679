"""RSS feeds of the latest articles: the whole paper, a section, a reporter, a tag.

Each is a small class over ``Article.objects.published()``; links come from the models'
``get_absolute_url``."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed

from ..caching.tags import PUBLISHED, declare
from ..models import Article, Reporter, Section, published_tags


class ChineseRssFeed(Rss201rev2Feed):
    def __init__(self, *args, **kwargs):
        kwargs["language"] = "zh-cn"  # RSS names languages as in HTTP, not Django's zh-hans
        super().__init__(*args, **kwargs)


class LatestArticlesFeed(Feed):
    feed_type = ChineseRssFeed
    limit = 30

    def title(self):
        return f"{settings.NEWSROOM_PUBLICATION} · 最新稿件"

    def link(self):
        return reverse("articles:home")

    def description(self):
        return f"{settings.NEWSROOM_PUBLICATION}最新发布的稿件。"

    def filter_articles(self, obj, articles):
        return articles

    def items(self, obj=None):
        declare(PUBLISHED)
        articles = Article.objects.published().for_listing().prefetch_related("tags")
        return self.filter_articles(obj, articles)[: self.limit]

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
        return f"{settings.NEWSROOM_PUBLICATION} · {obj.name}"

    def link(self, obj):
        return obj.get_absolute_url()


class SectionFeed(ObjectFeed):
    def published(self):
        return Section.objects.published()

    def description(self, obj):
        return obj.description or f"{settings.NEWSROOM_PUBLICATION}{obj.name}栏目的最新稿件。"

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
