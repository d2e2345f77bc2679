"""The search index (articles.search): the table of token rows, and the database's own
full-text index over it. SQLite: an FTS5 table with the rows as external content, kept in
step by triggers (a DELETE of the rows, Django's flush included, reaches it too).
PostgreSQL: a stored tsvector column and its GIN index. An existing database's articles are
indexed by ``manage.py rebuild_search_index``."""

import django.db.models.deletion
from django.db import migrations, models

SQLITE = [
    """CREATE VIRTUAL TABLE articles_searchfts USING fts5(
        tokens, content='articles_searchentry', content_rowid='id', tokenize='ascii')""",
    """CREATE TRIGGER articles_searchentry_insert AFTER INSERT ON articles_searchentry BEGIN
        INSERT INTO articles_searchfts(rowid, tokens) VALUES (new.id, new.tokens);
    END""",
    """CREATE TRIGGER articles_searchentry_delete AFTER DELETE ON articles_searchentry BEGIN
        INSERT INTO articles_searchfts(articles_searchfts, rowid, tokens)
        VALUES ('delete', old.id, old.tokens);
    END""",
    """CREATE TRIGGER articles_searchentry_update AFTER UPDATE ON articles_searchentry BEGIN
        INSERT INTO articles_searchfts(articles_searchfts, rowid, tokens)
        VALUES ('delete', old.id, old.tokens);
        INSERT INTO articles_searchfts(rowid, tokens) VALUES (new.id, new.tokens);
    END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER articles_searchentry_insert",
    "DROP TRIGGER articles_searchentry_delete",
    "DROP TRIGGER articles_searchentry_update",
    "DROP TABLE articles_searchfts",
]
POSTGRESQL = [
    """ALTER TABLE articles_searchentry ADD COLUMN vector tsvector
        GENERATED ALWAYS AS (to_tsvector('simple', tokens)) STORED""",
    # search.query: vector @@ phraseto_tsquery('simple', …)
    "CREATE INDEX articles_searchentry_vector ON articles_searchentry USING gin (vector)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX articles_searchentry_vector",
    "ALTER TABLE articles_searchentry DROP COLUMN vector",
]


def run(statements):
    def apply(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, ()):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0015_distribution"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                # The article and title before the tokens: SQLite reads them from the
                # start of the row, without the pages the tokens overflow into.
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="search_entries",
                        to="articles.article",
                        verbose_name="稿件",
                    ),
                ),
                ("title", models.BooleanField(default=False, verbose_name="标题行")),
                ("tokens", models.TextField(verbose_name="检索词")),
            ],
            options={
                "verbose_name": "检索索引",
                "verbose_name_plural": "检索索引",
                "ordering": ["article", "-title", "id"],
            },
        ),
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
    ]
