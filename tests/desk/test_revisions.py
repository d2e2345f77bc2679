"""History: every save is a revision; any revision compares with the live article and
restores in one click."""

import pytest
from django.urls import reverse

from articles.editing import diff
from articles.models import Article, Byline, Revision

from ..conftest import form_data, make_article, make_reporter

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def revision_url(revision):
    return reverse("admin:articles_article_revision", args=[revision.article_id, revision.pk])


def edit_through_admin(client, article, **changes):
    data = form_data(client.get(change_url(article))) | changes
    response = client.post(change_url(article), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    return article


def test_every_save_records_who_when_and_what(client, editor):
    article = make_article("原标题", bylines=["刘懿"])
    client.force_login(editor)
    edit_through_admin(client, article, title="新标题", tags="端午, 民俗")
    history = list(article.revisions.order_by("id"))
    # The state before the first edit (imported, say) is kept first.
    assert [(r.version, r.created_by, r.comment) for r in history] == [
        (1, None, "最初的版本"),
        (2, editor, "修改：主题、标签"),
    ]
    latest = history[-1].data
    assert latest["fields"]["title"] == "新标题"
    assert latest["bylines"] == [
        {"reporter": make_reporter("刘懿").pk, "name": "刘懿", "role": "reporter"}
    ]
    assert latest["tags"] == ["民俗", "端午"]

    page = client.get(reverse("admin:articles_article_history", args=[article.pk]))
    text = page.content.decode()
    assert "修订记录" in text and "修改：主题、标签" in text and "最初的版本" in text
    assert revision_url(history[0]) in text


def test_compare_a_revision_with_the_live_article(client, editor):
    body = "常州经开区召开座谈会。\n\n会上企业代表先后发言。\n\n会议要求抓好落实。"
    article = make_article("座谈会召开", body=body, bylines=["刘懿"])
    client.force_login(editor)
    data = form_data(client.get(change_url(article)))
    data |= {
        "title": "专题座谈会召开",
        "body": "常州经开区召开座谈会。\n\n会上八家企业代表先后发言。\n\n会议要求抓好落实。",
        "bylines-0-role": Byline.Role.CORRESPONDENT,
    }
    assert client.post(change_url(article), data).status_code == 302
    first = article.revisions.get(version=1)

    response = client.get(revision_url(first))
    assert response.status_code == 200
    changes = {change.name: change for change in response.context["changes"]}
    assert set(changes) == {"title", "body", "bylines"}
    assert changes["title"].segments == [("insert", "专题"), ("equal", "座谈会召开")]
    # The body: unchanged paragraphs as they are, the changed one diffed by character.
    rows = changes["body"].paragraphs
    assert [row["op"] for row in rows] == ["equal", "replace", "equal"]
    assert ("insert", "八家") in rows[1]["segments"]
    html = response.content.decode()
    assert "<ins>八家</ins>" in html and "<ins>专题</ins>" in html
    assert "恢复为这条修订的内容" in html


def test_restore_puts_the_revision_back_in_one_post(client, editor):
    article = make_article("原标题", subtitle="原副题", bylines=["刘懿"])
    article.tags.add("端午")
    client.force_login(editor)
    data = form_data(client.get(change_url(article)))
    data |= {"title": "改过的标题", "subtitle": "", "tags": "高考", "bylines-0-DELETE": "on"}
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.bylines.count() == 0

    original = article.revisions.get(version=1)
    response = client.post(revision_url(original), {"version": article.version})
    assert response.status_code == 302 and response.url == change_url(article)
    article.refresh_from_db()
    assert (article.title, article.subtitle, article.version) == ("原标题", "原副题", 3)
    assert [b.reporter.name for b in article.bylines.all()] == ["刘懿"]
    assert [t.name for t in article.tags.all()] == ["端午"]
    restored = article.revisions.latest()
    assert restored.created_by == editor and restored.comment.startswith("恢复到")
    # Nothing is lost by restoring either: the replaced version is still in the history.
    assert article.revisions.filter(data__fields__title="改过的标题").exists()


def test_restore_from_a_stale_page_is_refused(client, editor):
    article = make_article("原标题")
    client.force_login(editor)
    edit_through_admin(client, article, title="第二版")
    original = article.revisions.get(version=1)
    edit_through_admin(client, article, title="第三版")
    response = client.post(revision_url(original), {"version": 2}, follow=True)
    assert "未恢复：你打开此页之后稿件又被修改了" in response.content.decode()
    article.refresh_from_db()
    assert article.title == "第三版"


def test_reporter_cannot_restore_once_submitted(client, reporter):
    article = make_article("我的稿", status=Article.Status.DRAFT, bylines=["刘懿"])
    client.force_login(reporter)
    edit_through_admin(client, article, title="我改的")
    Article.objects.filter(pk=article.pk).update(status=Article.Status.REVIEW)
    original = article.revisions.get(version=1)
    response = client.get(revision_url(original))
    assert response.status_code == 200 and "恢复为这条修订的内容" not in response.content.decode()
    assert client.post(revision_url(original), {"version": 2}).status_code == 403
    article.refresh_from_db()
    assert article.title == "我改的"


def test_diff_helpers_work_by_paragraph_then_character():
    rows = diff.paragraph_diff(["甲。", "乙。", "丙。"], ["甲。", "乙乙。", "丁。", "戊。"])
    assert [row["op"] for row in rows] == ["equal", "replace", "replace", "insert"]
    segments = rows[1]["segments"]
    assert "".join(text for op, text in segments if op != "insert") == "乙。"
    assert "".join(text for op, text in segments if op != "delete") == "乙乙。"
    assert [text for op, text in segments if op == "insert"] == ["乙"]
    assert diff.inline_diff("主题", "主题") == [("equal", "主题")]


def test_revisions_are_kept_for_each_article_only(client, editor):
    one, two = make_article("一"), make_article("二")
    client.force_login(editor)
    edit_through_admin(client, one, title="一改")
    foreign = Revision.objects.get(article=one, version=2)
    url = reverse("admin:articles_article_revision", args=[two.pk, foreign.pk])
    assert client.get(url).status_code == 404


def test_unchanged_paragraphs_far_from_a_change_are_folded():
    old = [f"第{i}段。" for i in range(10)]
    new = [*old[:5], "改过的第5段。", *old[6:]]
    rows = diff.fold_unchanged(diff.paragraph_diff(old, new))
    assert [row["op"] for row in rows] == ["fold", "equal", "replace", "equal", "fold"]
    assert (rows[0]["count"], rows[-1]["count"]) == (4, 3)
