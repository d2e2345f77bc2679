"""Querysets: the one place that says what readers may see and how listings load."""

from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Value
from django.utils import timezone


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Visible to readers: published, and its publish time has come.

        Every reader-facing path (pages, feeds, sitemaps, search) starts here, so a draft,
        an article in review or one scheduled for later can never leak through one of them.
        """
        return self.filter(status="published", publish_at__lte=timezone.now())

    def for_listing(self):
        """What a list of articles shows: headline, placement, bylines, in a fixed number of
        queries however many articles or bylines there are."""
        from .models import Byline

        return self.select_related("issue", "page__section", "section").prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("reporter"))
        )

    def in_print_order(self):
        # Articles without a page last on every database (SQLite sorts NULL first).
        return self.order_by(F("page__number").asc(nulls_last=True), "position", "id")

    def by_reporter(self, reporter, role=None):
        """Articles bylined to ``reporter`` (in ``role``, if given), each article once."""
        from .models import Byline

        bylines = Byline.objects.filter(article=OuterRef("pk"), reporter=reporter)
        if role:
            bylines = bylines.filter(role=role)
        return self.filter(Exists(bylines))

    def authored_by(self, user):
        """Articles ``user`` created, or that carry a byline of the reporter who is ``user``;
        each article once."""
        from .models import Byline

        return self.filter(
            Q(created_by=user)
            | Exists(Byline.objects.filter(article=OuterRef("pk"), reporter__user=user))
        )

    def awaiting_photo(self):
        """Articles with an image whose photo has not arrived yet (缺图)."""
        from .models import Image

        return self.filter(Exists(Image.objects.awaiting_photo().filter(article=OuterRef("pk"))))

    def related_to(self, article, limit=5):
        """Articles sharing the most tags with ``article``, then the newest of its section;
        one query. Call on ``published()`` so that only readers' articles come back."""
        tag_ids = [tag.pk for tag in article.tags.all()]
        if tag_ids:
            same = Q(tags__in=tag_ids)
            shared_tags = Count("tags", filter=Q(tags__in=tag_ids), distinct=True)
        else:
            same, shared_tags = Q(pk__in=[]), Value(0)
        if article.section_id:
            same |= Q(section=article.section_id)
        return (
            self.filter(same)
            .exclude(pk=article.pk)
            .annotate(shared_tags=shared_tags)
            .order_by("-shared_tags", "-publish_at", "-id")[:limit]
        )


class PageQuerySet(models.QuerySet):
    def published(self):
        """Pages that carry an article readers may see, or the continuation of one."""
        from .models import Article

        visible = Article.objects.published().filter(
            Q(page=OuterRef("pk")) | Q(continued_on=OuterRef("pk"))
        )
        return self.filter(Exists(visible))


class IssueQuerySet(models.QuerySet):
    def published(self):
        """Issues with at least one article visible to readers."""
        from .models import Article

        return self.filter(Exists(Article.objects.published().filter(issue=OuterRef("pk"))))


class ImageQuerySet(models.QuerySet):
    def awaiting_photo(self):
        """Images whose photo has not arrived yet: a caption and credit, no file (缺图)."""
        return self.filter(Q(file="") | Q(file__isnull=True))
