"""What other parts of the product hear when the paper's content changes.

``content_changed`` is sent inside the transaction that made the change, once per change
(one edit, one import, one deletion), with the primary keys of the articles and issues it
touched. A receiver that keeps something in step with the content inside the database
(the search index) does its work then, in the same transaction; one that reaches outside
it (a cache purge) should wait for the commit with ``transaction.on_commit``.

Senders: ``editing.revisions.edit`` (every change to an article), the desk's add form,
``importer.load`` (an import or a replacement) and the deletion of an article.
"""

from django.db.models.signals import post_delete
from django.dispatch import Signal, receiver

# kwargs: articles (set of article pks), issues (set of issue pks), deleted (bool), fields
# (the names of the article fields and related lists that changed, when one edit says so;
# None when unknown: a new article, an import). Receivers take **kwargs.
content_changed = Signal()


def announce(sender, *, articles=(), issues=(), deleted=False, fields=None):
    articles, issues = set(articles), set(issues)
    if articles or issues:
        content_changed.send(
            sender, articles=articles, issues=issues, deleted=deleted, fields=fields
        )


@receiver(post_delete, sender="articles.Article", dispatch_uid="articles-deleted")
def _article_deleted(sender, instance, **kwargs):
    announce(sender, articles={instance.pk}, issues={instance.issue_id} - {None}, deleted=True)
