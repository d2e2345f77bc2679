"""No lost updates: a save made from a version someone else has since replaced is refused,
says what changed in between, and keeps what its author typed."""

import pytest
from django.urls import reverse

from articles.editing import revisions, workflow
from articles.models import Article, Presence, Revision, body

from ..conftest import STEP_GROUPS, form_data, make_article, make_user

pytestmark = pytest.mark.django_db

Status = Article.Status
Move = Revision.Move
CHANGELIST = reverse("admin:articles_article_changelist")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.fixture
def second_editor(db):
    return make_user("second-editor", STEP_GROUPS, first_name="编辑乙")


def test_stale_save_is_refused_and_nothing_is_lost(client, editor, second_editor):
    article = make_article("原标题", body="第一段。\n\n第二段。", bylines=["刘懿"])
    client.force_login(editor)
    mine = form_data(client.get(change_url(article)))  # opened at version 1

    # Meanwhile a colleague changes the title and saves.
    other = client.__class__()
    other.force_login(second_editor)
    theirs = form_data(other.get(change_url(article))) | {"title": "同事改的标题"}
    assert other.post(change_url(article), theirs).status_code == 302

    # Now the stale form is saved with a different change.
    mine |= {"body": "第一段。\n\n我改写的第二段。"}
    response = client.post(change_url(article), mine)
    assert response.status_code == 200
    page = response.content.decode()
    assert "保存被拒绝：稿件已被他人修改" in page
    assert "编辑乙 于" in page and "保存了第 2 版" in page
    # The change in between, field by field: the title, old and new.
    conflict = response.context["conflict"]
    assert [change.name for change in conflict.changes] == ["title"]
    assert conflict.changes[0].old == "原标题" and conflict.changes[0].new == "同事改的标题"
    # The colleague's save stands.
    article.refresh_from_db()
    assert article.title == "同事改的标题" and article.paragraphs == ["第一段。", "第二段。"]
    assert article.version == 2
    # What was typed is still in the form, and kept as a revision not applied.
    assert "我改写的第二段。" in page
    kept = Revision.objects.get(article=article, applied=False)
    assert kept.created_by == editor and kept.version == 1
    assert body.to_text(kept.data["fields"]["body"]) == "第一段。\n\n我改写的第二段。"
    assert conflict.kept == kept

    # The form now carries the current version: saving again is a deliberate overwrite.
    assert response.context["adminform"].form["version"].value() == "2"
    again = form_data(response)
    assert client.post(change_url(article), again).status_code == 302
    article.refresh_from_db()
    assert article.paragraphs == ["第一段。", "我改写的第二段。"] and article.version == 3


def test_the_refused_submission_can_be_restored(client, editor, second_editor):
    article = make_article("原标题")
    client.force_login(editor)
    mine = form_data(client.get(change_url(article))) | {"subtitle": "我加的副题"}
    workflow.move(article, Move.UNPUBLISH, second_editor, article.version)
    client.post(change_url(article), mine)
    kept = Revision.objects.get(article=article, applied=False)

    article.refresh_from_db()
    url = reverse("admin:articles_article_revision", args=[article.pk, kept.pk])
    assert client.post(url, {"version": article.version}).status_code == 302
    article.refresh_from_db()
    assert article.subtitle == "我加的副题"
    assert article.status == Status.DRAFT  # restoring leaves the workflow alone


def test_conditional_update_refuses_a_stale_version():
    """The check itself: one UPDATE … WHERE version = n, on either database."""
    article = make_article("标题")
    first = Article.objects.get(pk=article.pk)
    second = Article.objects.get(pk=article.pk)
    with revisions.edit(first, None, 1, "第一个"):
        first.title = "第一个"
    with pytest.raises(revisions.StaleVersion), revisions.edit(second, None, 1, "第二个"):
        second.title = "第二个"
    article.refresh_from_db()
    assert article.title == "第一个" and article.version == 2
    assert [r.comment for r in article.revisions.order_by("id")] == ["最初的版本", "第一个"]


def test_stale_action_leaves_the_article_alone(client, editor, second_editor):
    article = make_article("待审稿", status=Status.REVIEW, review_stage=2)  # at 终审
    client.force_login(editor)
    selected = {"action": "publish", "_selected_action": [article.pk]}
    confirm = client.post(CHANGELIST, selected)
    assert f'name="version_{article.pk}" value="1"' in confirm.content.decode()
    # Sent back by a colleague while the confirmation page was open.
    workflow.move(article, Move.SEND_BACK, second_editor, 1, "数据需要核实")

    data = selected | {"confirm": "yes", f"version_{article.pk}": "1"}
    response = client.post(CHANGELIST, data, follow=True)
    text = [str(m) for m in response.context["messages"]]
    assert "没有稿件被发布。" in text
    assert any("在你确认前已被他人修改，未发布：《待审稿》" in m for m in text)
    article.refresh_from_db()
    assert article.status == Status.DRAFT and article.version == 2


def test_stale_list_edit_is_refused(client, editor, second_editor):
    article = make_article("待审稿", status=Status.REVIEW, review_stage=2)  # at 终审
    untouched = make_article("另一篇", status=Status.REVIEW)
    client.force_login(editor)
    response = client.get(CHANGELIST)
    assert 'name="form-0-version"' in response.content.decode()
    with revisions.edit(article, second_editor, 1, "同事改了标题"):
        article.title = "同事改的标题"
    rows = [untouched, article]
    data = {"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "2", "_save": "保存"}
    for i, row in enumerate(rows):
        data |= {f"form-{i}-id": row.pk, f"form-{i}-version": "1"}
    data |= {"form-0-status": "review:1", "form-1-status": "published"}
    response = client.post(CHANGELIST, data)
    assert response.status_code == 200
    assert "未保存：你打开稿件之后，编辑乙 已保存了第 2 版" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Status.REVIEW and article.title == "同事改的标题"


def test_presence_warns_of_others_on_the_article(client, editor, second_editor):
    article = make_article("标题")
    other = client.__class__()
    other.force_login(second_editor)
    other.get(change_url(article))
    assert Presence.objects.get(user=second_editor).action == Presence.Action.OPENED

    client.force_login(editor)
    page = client.get(change_url(article)).content.decode()
    assert "有人也在处理这篇稿件" in page
    assert "编辑乙" in page and "打开了此稿件" in page
    # The colleague sees that the editor opened it, and nobody warns themselves.
    assert "有人也在处理" in other.get(change_url(article)).content.decode()
    Presence.objects.filter(user=second_editor).delete()
    assert "有人也在处理" not in client.get(change_url(article)).content.decode()


def test_a_form_without_its_version_is_refused(client, editor):
    article = make_article("标题")
    client.force_login(editor)
    data = form_data(client.get(change_url(article)))
    del data["version"]
    response = client.post(change_url(article), data | {"title": "改"})
    assert "表单缺少版本号" in response.content.decode()
    article.refresh_from_db()
    assert article.title == "标题"
