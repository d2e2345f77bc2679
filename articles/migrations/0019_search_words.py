"""The search's word list (检索词表, ``articles.search.words``), kept by editors and seeded
from ``fixtures/search/words.txt``; and a full-text index of the headline rows alone, which
the ranking asks first (PostgreSQL: a GIN index over the headline rows' vector; SQLite: a second FTS5 table over
the headline rows, kept in step by triggers like the first).

The seed is read by the frozen rule below (one word a line, ``#`` starts a comment; words
that are not 2 to 20 letters, digits or CJK characters are skipped: the rebuild reports
them) and only adds words the list does not have. The words are not in the index yet
(``indexed`` false) until ``rebuild_search_index`` writes them.
"""

import re
import unicodedata
from pathlib import Path

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

SEED = Path(settings.BASE_DIR) / "fixtures" / "search" / "words.txt"
WORD = re.compile(
    r"[0-9a-z\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]{2,20}"
)


def read_seed(path):
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        word = unicodedata.normalize("NFKC", line.split("#", 1)[0].strip()).lower()
        if WORD.fullmatch(word) and word not in words:
            words.append(word)
    return words


def seed(apps, schema_editor):
    # Permissions are normally created after migrating; create them now to grant them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    SearchWord = apps.get_model("articles", "SearchWord")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # Editors (every group that sees and edits all articles) keep the list.
    kept = Permission.objects.filter(
        content_type__app_label="articles",
        codename__in=[f"{a}_searchword" for a in ("add", "change", "delete", "view")],
    )
    for group in Group.objects.filter(permissions__codename="edit_any_article").distinct():
        group.permissions.add(*kept)
    if SEED.exists():
        SearchWord.objects.bulk_create(
            [SearchWord(word=word, from_file=True) for word in read_seed(SEED)],
            ignore_conflicts=True,
        )


# The headline rows' own full-text index, and (SQLite) the row -> article lookup.
SQLITE = [
    """CREATE VIRTUAL TABLE articles_searchfts_title USING fts5(
        tokens, content='articles_searchentry', content_rowid='id', tokenize='ascii')""",
    """INSERT INTO articles_searchfts_title(rowid, tokens)
        SELECT id, tokens FROM articles_searchentry WHERE title""",
    """CREATE TRIGGER articles_searchentry_title_insert AFTER INSERT ON articles_searchentry
        WHEN new.title BEGIN
        INSERT INTO articles_searchfts_title(rowid, tokens) VALUES (new.id, new.tokens);
    END""",
    """CREATE TRIGGER articles_searchentry_title_delete AFTER DELETE ON articles_searchentry
        WHEN old.title BEGIN
        INSERT INTO articles_searchfts_title(articles_searchfts_title, rowid, tokens)
        VALUES ('delete', old.id, old.tokens);
    END""",
    """CREATE TRIGGER articles_searchentry_title_update_old AFTER UPDATE ON articles_searchentry
        WHEN old.title BEGIN
        INSERT INTO articles_searchfts_title(articles_searchfts_title, rowid, tokens)
        VALUES ('delete', old.id, old.tokens);
    END""",
    """CREATE TRIGGER articles_searchentry_title_update_new AFTER UPDATE ON articles_searchentry
        WHEN new.title BEGIN
        INSERT INTO articles_searchfts_title(rowid, tokens) VALUES (new.id, new.tokens);
    END""",
    # search.query reads a matching row's article from this narrow index (INDEXED BY), not
    # from the row, whose tokens fill pages the lookup would walk past.
    "CREATE INDEX articles_searchentry_row ON articles_searchentry (id, article_id)",
]
SQLITE_REVERSE = [
    "DROP INDEX articles_searchentry_row",
    "DROP TRIGGER articles_searchentry_title_insert",
    "DROP TRIGGER articles_searchentry_title_delete",
    "DROP TRIGGER articles_searchentry_title_update_old",
    "DROP TRIGGER articles_searchentry_title_update_new",
    "DROP TABLE articles_searchfts_title",
]
POSTGRESQL = [
    # search.query: (CASE WHEN title THEN vector END) @@ phraseto_tsquery('simple', …). An
    # index over an expression has statistics of its own: the planner knows how few rows
    # a word is in the headlines of (a partial index would be costed with the body rows').
    "CREATE INDEX articles_searchentry_title_vector ON articles_searchentry"
    " USING gin ((CASE WHEN title THEN vector END))",
]
POSTGRESQL_REVERSE = ["DROP INDEX articles_searchentry_title_vector"]


def run(statements):
    def apply(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, ()):
            schema_editor.execute(statement)

    return apply


def unseed(apps, schema_editor):
    apps.get_model("articles", "SearchWord").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0018_body_drafts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "word",
                    models.CharField(
                        error_messages={"unique": "这个词已在词表中。"},
                        help_text="2 至 20 个字，只含汉字、字母和数字，如 宋剑湖、遥观镇、刘懿。",
                        max_length=20,
                        unique=True,
                        verbose_name="词条",
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="说明")),
                (
                    "from_file",
                    models.BooleanField(
                        default=False,
                        editable=False,
                        help_text="fixtures/search/words.txt",
                        verbose_name="来自词表文件",
                    ),
                ),
                (
                    "indexed",
                    models.BooleanField(
                        default=False,
                        editable=False,
                        help_text="重建检索索引后，三个字以上的词整词写入索引，查找更快；此前按字查找，结果相同。",
                        verbose_name="已写入索引",
                    ),
                ),
                ("added_at", models.DateTimeField(auto_now_add=True, verbose_name="添加时间")),
                (
                    "added_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="添加人",
                    ),
                ),
            ],
            options={
                "verbose_name": "检索词条",
                "verbose_name_plural": "检索词表",
                "ordering": ["word"],
            },
        ),
        migrations.RunPython(seed, unseed),
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
    ]
