"""Keeping the index in step with the articles: what an article's rows hold, writing them,
and the one place every change reaches it.

Every change to what an article says is announced by ``signals.content_changed`` (edits
through ``editing.revisions.edit``, the desk's add form, imports and ``--replace``,
deletions) inside the transaction that made it; the index is rewritten for those articles
there, so it commits or rolls back with the change. What readers may see is not stored:
``published()`` decides at query time, so a scheduled article appears when its time comes
with no write at all. A reporter or a tag renamed, or tags added to an article outside an
edit, rewrites the articles that carry them.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver
from taggit.models import Tag

from ..models import Article, Byline, Reporter, SearchEntry, SearchWord, body
from ..models.search import MAX_ROW_TOKENS
from ..signals import content_changed
from . import words
from .tokens import tokenise


def headline_texts(article):
    return [article.kicker, article.title, article.subtitle]


def reading_texts(article):
    """The article's text below the headline, in reading order (photos placed in the body
    are left out: their captions follow with the photos')."""
    return [article.editors_note, *body.texts(article.blocks)]


def body_texts(article):
    """What else the article says, in reading order; then who wrote it and its tags."""
    texts = reading_texts(article)
    texts += [image.caption for image in article.images.all()]
    texts += [byline.reporter.name for byline in article.bylines.all()]
    texts += [tag.name for tag in article.tags.all()]
    return texts


def rows(article, lexicon=words.EMPTY):
    """``SearchEntry`` rows (unsaved) for ``article``: its headline, then the rest cut into
    rows of at most ``MAX_ROW_TOKENS`` tokens, between texts where it can; each row ends
    with the words of ``lexicon`` it holds, whole (``words.py``)."""
    cut = []
    headline = [t for text in headline_texts(article) for t in tokenise(text)]
    if headline:
        cut.append((True, headline))
    row = []
    for text in body_texts(article):
        found = tokenise(text)
        if row and len(row) + len(found) > MAX_ROW_TOKENS:
            cut.append((False, row))
            row = []
        while len(found) > MAX_ROW_TOKENS:  # one very long paragraph
            cut.append((False, found[:MAX_ROW_TOKENS]))
            found = found[MAX_ROW_TOKENS:]
        row += found
    if row:
        cut.append((False, row))
    return [
        SearchEntry(article=article, title=title, tokens=" ".join(row + lexicon.in_tokens(row)))
        for title, row in cut
    ]


def for_indexing(articles):
    return articles.prefetch_related("bylines__reporter", "images", "tags")


def index(pks):
    """Write the index rows of the articles ``pks`` afresh (an article gone: none), with
    the word list as it is now."""
    pks = set(pks)
    if not pks:
        return
    pks = sorted(pks)
    with transaction.atomic():
        lexicon = words.current()
        for start in range(0, len(pks), BATCH):
            _write(pks[start : start + BATCH], lexicon, delete=True)


# Articles read and written at a time (SQLite refuses a tag prefetch of many more).
BATCH = 500


def _write(pks, lexicon, delete=False):
    if delete:
        SearchEntry.objects.filter(article__in=pks).delete()
    articles = for_indexing(Article.objects.filter(pk__in=pks).order_by("pk"))
    SearchEntry.objects.bulk_create(
        [entry for article in articles for entry in rows(article, lexicon)], batch_size=1000
    )


def rebuild(batch=BATCH, progress=None):
    """The whole index again, ``batch`` articles at a time in one transaction, with the
    word list (``fixtures/search/words.txt`` merged into the table first: ``words.sync``);
    ``progress`` is called with (done, total) after each batch. Returns the number of
    articles and the words applied; once it commits, queries ask the index for those
    words whole."""
    with transaction.atomic():
        lexicon = words.sync()
        SearchEntry.objects.all().delete()
        pks = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), batch):
            _write(pks[start : start + batch], lexicon)
            if progress:
                progress(min(start + batch, len(pks)), len(pks))
        SearchWord.objects.filter(word__in=lexicon.words).update(indexed=True)
    return len(pks), lexicon


# The one place every change reaches the index ---------------------------------------------


@receiver(content_changed, dispatch_uid="search-index-content-changed")
def _content_changed(sender, articles, deleted=False, fields=None, **kwargs):
    if not deleted:  # a deleted article's rows went with it (on_delete=CASCADE)
        index(articles)


def _renamed(model):
    """Rewrite the articles of a reporter or a tag whose name changed."""

    def remember(sender, instance, raw=False, **kwargs):
        if not raw and instance.pk:
            before = model.objects.filter(pk=instance.pk).values_list("name", flat=True)
            instance._search_name = next(iter(before), None)

    def changed(sender, instance, created=False, raw=False, **kwargs):
        before = instance.__dict__.pop("_search_name", None)
        if raw or created or before == instance.name:
            return
        if model is Reporter:
            pks = Byline.objects.filter(reporter=instance).values_list("article_id", flat=True)
        else:
            pks = Article.objects.filter(tags=instance).values_list("pk", flat=True)
        index(pks)

    uid = f"search-index-{model.__name__}"
    pre_save.connect(remember, sender=model, weak=False, dispatch_uid=uid)
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid)


_renamed(Reporter)
_renamed(Tag)


@receiver(m2m_changed, sender=Article.tags.through, dispatch_uid="search-index-tags")
def _tagged(sender, instance, action, reverse, pk_set, **kwargs):
    """Tags added to or taken from an article outside an edit (an edit announces itself)."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if isinstance(instance, Article):
        index({instance.pk})
    elif pk_set:
        index(pk_set)
