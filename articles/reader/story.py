"""What an article page reads from the database: a fixed set of prepared queries
(``models.prepared``), whatever the article holds and however large the archive is.

1. the article, with its issue, pages, section and where its areas on the printed pages
   are (``page_area``, ``continued_area``), and whether readers see it (``visible_now``);
2. its bylines with their reporters, 3. its photos, 4. its tags (given to the article as
   if prefetched: ``article.bylines.all``, ``article.images.all``, ``article.tags.all``);
5. the articles of its issue in print order (上一篇, 下一篇); 6. related articles;
7. the sections of the navigation (``context_processors``).

Each is written with the ORM, from the same querysets as every other reader page
(``published()``, ``for_listing()``, ``related()``), and compiled once per process.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef
from django.utils import timezone
from taggit.models import Tag

from ..models import Article, ArticleArea, Byline, Image, Section
from ..models.prepared import Prepared, attach


def _area_on(page):
    return Exists(ArticleArea.objects.filter(article=OuterRef("pk"), page=OuterRef(page)))


def _article(pk, now, staff):
    articles = (
        Article.objects.with_visibility(now)
        .for_listing(photos=False)  # its joins; the bylines come from the query below
        .select_related("continued_on__section")  # the pages' issue is the article's: load()
        .annotate(page_area=_area_on("page"), continued_area=_area_on("continued_on"))
        .filter(pk=pk)
    )
    return articles if staff else articles.published(now)


ARTICLE = Prepared(Article, _article)
BYLINES = Prepared(
    Byline, lambda article: Byline.objects.select_related("reporter").filter(article=article)
)
IMAGES = Prepared(Image, lambda article: Image.objects.filter(article=article))
TAGS = Prepared(
    Tag,
    lambda article, content_type: Tag.objects.filter(
        taggit_taggeditem_items__object_id=article,
        taggit_taggeditem_items__content_type=content_type,
    ).order_by("taggit_taggeditem_items__id"),
)
IN_PRINT_ORDER = Prepared(
    Article,
    lambda issue, now: (
        Article.objects.published(now).filter(issue=issue).in_print_order().only("pk", "title")
    ),
)
RELATED = Prepared(
    Article,
    lambda article, section, tags, now: (
        Article.objects.published(now)
        .related(article, section, tags)
        .only("pk", "title", "publish_at")
    ),  # what the list shows
)
NAVIGATION = Prepared(Section, lambda now: Section.objects.published(now))


def load(pk, staff=False, now=None):
    """The article ``pk`` with its bylines, photos and tags, or None. Readers get only what
    they may see; ``staff`` also what is not published (the view decides who previews)."""
    now = now or timezone.now()
    found = ARTICLE(pk=pk, now=now, staff=staff)
    if not found:
        return None
    article = found[0]
    for page in (article.page, article.continued_on):
        if page is not None and page.issue_id == article.issue_id:
            page.issue = article.issue  # printed in the article's own issue (else one query)
    bylines = BYLINES(article=pk)
    for byline in bylines:
        byline.article = article
    images = IMAGES(article=pk)
    for image in images:
        image.article = article
    tags = TAGS(article=pk, content_type=ContentType.objects.get_for_model(Article).pk)
    attach(article, "bylines", bylines, Byline.objects.none())
    attach(article, "images", images, Image.objects.none())
    attach(article, "tags", tags, Tag.objects.none())
    return article


def print_sequence(article, now=None):
    """The readers' articles of ``article``'s issue in print order (headlines only)."""
    if not article.issue_id:
        return []
    return IN_PRINT_ORDER(issue=article.issue_id, now=now or timezone.now())


def related(article, now=None):
    """``Article.objects.published().related_to(article)``."""
    tags = [tag.pk for tag in article.tags.all()]
    return RELATED(
        article=article.pk,
        section=article.section_id,
        tags=tags,
        now=now or timezone.now(),
    )


def navigation(now=None):
    """The sections readers see, for the navigation of every page."""
    return NAVIGATION(now=now or timezone.now())
