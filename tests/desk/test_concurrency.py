"""Two saves from the same version at the same moment: exactly one is applied, on either
database (PostgreSQL locks the row; SQLite runs one writing transaction at a time)."""

import threading

import pytest
from django.db import connection, transaction

from articles.editing import revisions
from articles.models import Article

from ..conftest import make_article

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_saves_from_one_version_apply_exactly_once():
    article = make_article("原标题")
    start = threading.Barrier(2)
    outcomes = {}

    def save(title):
        try:
            start.wait()
            copy = Article.objects.get(pk=article.pk)
            with transaction.atomic(), revisions.edit(copy, None, 1, title):
                copy.title = title
            outcomes[title] = "applied"
        except revisions.StaleVersion:
            outcomes[title] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(title,)) for title in ("甲的标题", "乙的标题")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes.values()) == ["applied", "refused"]
    article.refresh_from_db()
    winner = next(title for title, outcome in outcomes.items() if outcome == "applied")
    assert article.title == winner and article.version == 2
    assert article.revisions.filter(version=2).count() == 1


def test_an_edit_refuses_to_run_outside_a_transaction():
    """Its version check and its writes hold only inside one transaction: outside one it
    refuses before reading or writing anything."""
    article = make_article("原标题")
    with pytest.raises(revisions.TransactionRequired), revisions.edit(article, None, 1):
        article.title = "改了"
    article.refresh_from_db()
    assert (article.title, article.version) == ("原标题", 1)
    assert not article.revisions.exists()
