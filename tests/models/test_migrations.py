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


def test_the_review_chain_keeps_what_editors_could_do_and_queues_articles_in_review(migrate):
    """Whoever could publish (编辑, through ``publish_article``) holds every step after the
    migration; articles in review wait at the first step from their last change."""
    old = migrate([("articles", "0011_import_hints_and_attribution")])
    Group, User = old.get_model("auth", "Group"), old.get_model("auth", "User")
    Permission, ContentType = (
        old.get_model("auth", "Permission"),
        old.get_model("contenttypes", "ContentType"),
    )
    Article = old.get_model("articles", "Article")
    # The groups as 0004 made them (another test's flush may have emptied the tables).
    publish, _ = Permission.objects.get_or_create(
        codename="publish_article",
        content_type=ContentType.objects.get_or_create(app_label="articles", model="article")[0],
        defaults={"name": "可以发布、撤回和定时发布稿件"},
    )
    editors = Group.objects.get_or_create(name="编辑")[0]
    editors.permissions.add(publish)
    editor = User.objects.create(username="old-editor")
    editor.groups.add(editors)
    reporter = User.objects.create(username="old-reporter")
    reporter.groups.add(Group.objects.get_or_create(name="记者")[0])
    waiting = Article.objects.create(title="待审", slug="a", status="review")
    draft = Article.objects.create(title="草稿", slug="b", status="draft")

    new = migrate([("articles", "0012_review_chain")])
    User, Article = new.get_model("auth", "User"), new.get_model("articles", "Article")
    ReviewStep = new.get_model("articles", "ReviewStep")
    Permission = new.get_model("auth", "Permission")
    steps = ReviewStep.objects.order_by("position")
    assert [(s.name, s.group.name) for s in steps] == [
        ("初审", "编辑"),
        ("复审", "部门主任"),
        ("终审", "总编辑"),
    ]
    groups = {g.name for g in User.objects.get(username="old-editor").groups.all()}
    assert groups == {"编辑", "部门主任", "总编辑"}
    assert {g.name for g in User.objects.get(username="old-reporter").groups.all()} == {"记者"}
    assert not Permission.objects.filter(codename="publish_article").exists()
    assert steps.last().group.permissions.filter(codename="edit_any_article").exists()
    waiting = Article.objects.get(pk=waiting.pk)
    assert (waiting.review_stage, waiting.step_since) == (0, waiting.updated_at)
    assert Article.objects.get(pk=draft.pk).step_since is None


def test_sections_nobody_placed_take_the_page_they_are_first_printed_on(migrate):
    """Imported sections, all at 0 and sorted by name (要闻 last), are put in print order;
    an order an editor set is kept."""
    old = migrate([("articles", "0014_import_drafts")])
    Section, Issue, Page = (
        old.get_model("articles", name) for name in ("Section", "Issue", "Page")
    )
    issue = Issue.objects.create(date="2024-06-09")
    names = {"要闻": 1, "民生": 2, "图片新闻": 3, "生态": 4}
    for name, number in names.items():
        section = Section.objects.create(name=name, slug=name)
        Page.objects.create(issue=issue, number=number, section=section)
    Section.objects.create(name="未上版", slug="weishangban")

    new = migrate([("articles", "0015_distribution")])
    Section = new.get_model("articles", "Section")
    assert dict(Section.objects.values_list("name", "position")) == {**names, "未上版": 0}
    ordered = Section.objects.exclude(position=0).order_by("position", "name")
    assert [section.name for section in ordered] == ["要闻", "民生", "图片新闻", "生态"]

    migrate([("articles", "0014_import_drafts")])
    Section = old.get_model("articles", "Section")
    Section.objects.filter(name="生态").update(position=9)
    Section.objects.exclude(name="生态").update(position=0)
    new = migrate([("articles", "0015_distribution")])
    Section = new.get_model("articles", "Section")
    assert Section.objects.get(name="生态").position == 9
    assert set(Section.objects.exclude(name="生态").values_list("position", flat=True)) == {0}
