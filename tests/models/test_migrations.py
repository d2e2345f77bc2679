"""Data migrations, run for real: forward from the state before them, on this database."""

from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles.importer.parse import parse_issue

SEED = Path(__file__).resolve().parents[2] / "fixtures/source/000_2699379a271d4552.txt"
BEFORE_BLOCKS = [("articles", "0007_revision_changed")]


@pytest.fixture
def migrate(transactional_db):
    """``migrate(targets)`` -> the historical apps at ``targets``; the database is migrated
    back to the latest state afterwards, whatever happens."""
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("articles")

    def to(targets):
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    yield to
    to(latest)


def test_text_bodies_become_blocks_without_loss(migrate):
    """The seed's articles, stored as text bodies before the change, come out as the same
    paragraphs in the same order; a revision's snapshot converts too."""
    parsed = parse_issue(SEED.read_text(encoding="utf-8"))
    old = migrate(BEFORE_BLOCKS)
    Article, Revision = old.get_model("articles", "Article"), old.get_model("articles", "Revision")
    stored = []
    for position, article in enumerate(parsed.articles):
        text = "\n\n".join(article.paragraphs)
        row = Article.objects.create(title=article.title, slug=f"a{position}", body=text)
        Revision.objects.create(article=row, version=1, data={"fields": {"body": text}})
        stored.append((row.pk, article.paragraphs))

    new = migrate([("articles", "0008_structured_body")])
    Article, Revision = new.get_model("articles", "Article"), new.get_model("articles", "Revision")
    for pk, paragraphs in stored:
        expected = [{"type": "paragraph", "text": text} for text in paragraphs]
        assert Article.objects.get(pk=pk).body == expected
        assert Revision.objects.get(article_id=pk).data["fields"]["body"] == expected
    assert sum(len(paragraphs) for _, paragraphs in stored) == 33  # 6+5+5+1+1+8+7
