"""The body editor's preview of the unsaved form (nothing written) and its autosaved
drafts (per user and article, never the article itself), with their permissions and the
crafted requests they meet."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, BodyDraft, Term, body

from ..conftest import ensure_desk_data, form_data, make_article, make_user
from .test_body_editor import with_photos

pytestmark = pytest.mark.django_db

Status = Article.Status


def url(name, article):
    return reverse(f"admin:articles_article_{name}", args=[article.pk])


def state(article):
    """What saving would change: the row and its history."""
    article.refresh_from_db()
    return (article.version, article.title, article.body, article.revisions.count())


# The preview --------------------------------------------------------------------------


def test_the_preview_renders_the_unsaved_form_and_writes_nothing(client, editor):
    ensure_desk_data()  # the word list
    article = make_article("原来的标题", status=Status.DRAFT, bylines=["刘懿"])
    (photo,) = with_photos(article, "会场一角")
    client.force_login(editor)
    data = form_data(client.get(url("change", article)))
    before = state(article)
    data["title"] = "改过的标题"
    data["body"] = f"## 会议要求\n\n大家要再接再励。\n\n[图 {photo.pk}]\n\n第二段。"
    data["_move"] = "submit"  # a crafted move along with it: a preview never moves
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url("preview", article), data)
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    text = response.text
    assert "<h1>改过的标题</h1>" in text and '<h2 class="subhead">会议要求</h2>' in text
    assert "预览</strong> 这是尚未保存的内容" in text
    # The word list's match, marked as in the change form's checks.
    assert '<mark class="check-mark check-mistake"' in text and ">再接再励</mark>" in text
    story = text.split('<div class="story-body">')[1]
    assert story.index("大家要") < story.index("<figcaption>会场一角") < story.index("第二段。")
    # Nothing written: no insert, update or delete, no revision, no version.
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].split()[0] != "SELECT"]
    assert not [sql for sql in writes if sql.split()[0] in ("INSERT", "UPDATE", "DELETE")]
    assert state(article) == before
    assert article.status == Status.DRAFT


def test_the_preview_names_what_could_not_be_taken(client, editor):
    article = make_article("标题", status=Status.DRAFT)
    client.force_login(editor)
    data = form_data(client.get(url("change", article)))
    data["title"] = ""
    data["body"] = "新的一段。\n\n[图 424242]"
    response = client.post(url("preview", article), data)
    assert response.status_code == 200
    assert "以下几处还不能保存" in response.text and "不是本稿件的图片" in response.text
    assert "<h1>标题</h1>" in response.text  # as saved, where the form could not take it
    assert state(article)[0] == 1


def test_the_preview_even_of_a_form_opened_before_a_save(client, editor):
    article = make_article("标题", status=Status.DRAFT)
    client.force_login(editor)
    data = form_data(client.get(url("change", article)))
    Article.objects.filter(pk=article.pk).update(version=5)
    data["body"] = "刚写的一段。"
    response = client.post(url("preview", article), data)
    assert "刚写的一段。" in response.text and "还不能保存" not in response.text


def test_only_those_who_may_edit_the_article_preview_it(client, reporter, editor):
    own = make_article("我的稿件", status=Status.DRAFT, bylines=["刘懿"])
    submitted = make_article("已提交", status=Status.REVIEW, bylines=["刘懿"])
    others = make_article("别人的稿件", status=Status.DRAFT, bylines=["王五"])
    client.force_login(editor)
    data = form_data(client.get(url("change", own)))
    client.force_login(reporter)
    assert client.post(url("preview", own), data).status_code == 200
    assert client.post(url("preview", submitted), data).status_code == 403
    assert client.post(url("preview", others), data).status_code == 404
    assert client.get(url("preview", own)).status_code == 405
    assert client.post("/admin/articles/article/abc/preview/", data).status_code == 404
    client.logout()
    assert client.post(url("preview", own), data).status_code == 302  # to the login


# Autosave -----------------------------------------------------------------------------


def autosave(client, article, version=None, **fields):
    data = {"version": str(article.version if version is None else version), **fields}
    return client.post(url("draft", article), data, HTTP_ACCEPT="application/json")


def test_a_draft_is_kept_per_user_and_article_and_never_touches_the_article(client, editor):
    article = make_article("标题", status=Status.DRAFT)
    colleague = make_user("colleague", "编辑")
    before = state(article)
    client.force_login(editor)
    response = autosave(client, article, title="打了一半的标题", body="## 小标题\n\n写了一半")
    assert response.status_code == 200 and response.json()["stale"] is False
    assert autosave(client, article, body="写了一大半").status_code == 200  # the same draft
    client.force_login(colleague)
    assert autosave(client, article, body="同事的草稿").status_code == 200
    assert state(article) == before
    drafts = {d.user.username: d.fields for d in BodyDraft.objects.select_related("user")}
    assert drafts == {"desk-editor": {"body": "写了一大半"}, "colleague": {"body": "同事的草稿"}}


def test_the_form_offers_the_draft_after_a_closed_tab(client, editor):
    article = make_article("标题", status=Status.DRAFT)
    client.force_login(editor)
    autosave(client, article, title="新标题", body="## 小标题\n\n新写的一段。")
    response = client.get(url("change", article))
    assert response.context["body_draft"].fields["title"] == "新标题"
    assert 'id="body-draft-data"' in response.text and "你有一份没有保存的草稿" in response.text
    assert "此后稿件已被保存" not in response.text
    # Its discard button is a form of its own, before the article's: pressing Enter in a
    # field of the article's form saves the article, never discards the draft.
    text = response.text
    article_form = text[
        text.index('id="article_form"') : text.index("</form>", text.index('id="article_form"'))
    ]
    assert "body-draft-discard" not in article_form and "body-draft-discard" in text
    assert text.index('id="body-draft"') < text.index('id="article_form"')
    assert state(article)[1:3] == ("标题", body.from_text("第一段。\n\n第二段。"))
    # Another user opening the article is offered nothing.
    client.force_login(make_user("colleague", "编辑"))
    assert "body_draft" not in client.get(url("change", article)).context


def test_a_stale_draft_is_offered_with_a_warning(client, editor):
    article = make_article("标题", status=Status.DRAFT)
    client.force_login(editor)
    autosave(client, article, body="我写的。")
    Article.objects.filter(pk=article.pk).update(version=3)  # someone saved since
    response = client.get(url("change", article))
    assert "此后稿件已被保存为第 3 版" in response.text
    assert response.context["body_draft"].stale


def test_a_draft_that_holds_nothing_new_is_not_offered(client, editor):
    article = make_article("标题", status=Status.DRAFT)
    client.force_login(editor)
    autosave(client, article, title="标题 ", body="第一段。\r\n第二段。")
    assert "body_draft" not in client.get(url("change", article)).context


def test_saving_the_article_clears_the_users_draft_only(client, editor):
    article = make_article("标题", status=Status.DRAFT)
    colleague = make_user("colleague", "编辑")
    client.force_login(colleague)
    autosave(client, article, body="同事的草稿")
    client.force_login(editor)
    autosave(client, article, body="我的草稿")
    data = form_data(client.get(url("change", article)))
    data["body"] = "我的草稿"
    assert client.post(url("change", article), data).status_code == 302
    assert list(BodyDraft.objects.values_list("user__username", flat=True)) == ["colleague"]
    article.refresh_from_db()
    assert article.blocks == body.from_text("我的草稿")


def test_a_draft_is_discarded_with_or_without_the_script(client, editor):
    article = make_article("标题", status=Status.DRAFT)
    client.force_login(editor)
    autosave(client, article, body="草稿")
    response = client.post(url("draft_discard", article), HTTP_ACCEPT="application/json")
    assert response.json() == {"discarded": True} and not BodyDraft.objects.exists()
    autosave(client, article, body="草稿")
    response = client.post(url("draft_discard", article))  # the notice's button, no script
    assert response.status_code == 302 and response.url == url("change", article)
    assert not BodyDraft.objects.exists()


def test_autosave_is_for_those_who_may_edit_the_article(client, reporter):
    own = make_article("我的稿件", status=Status.DRAFT, bylines=["刘懿"])
    submitted = make_article("已提交", status=Status.REVIEW, bylines=["刘懿"])
    others = make_article("别人的稿件", status=Status.DRAFT, bylines=["王五"])
    client.force_login(reporter)
    assert autosave(client, own, body="我的").status_code == 200
    assert autosave(client, submitted, body="改").status_code == 403
    assert autosave(client, others, body="改").status_code == 404
    assert client.post(url("draft_discard", others)).status_code == 404
    assert client.get(url("draft", own)).status_code == 405
    assert BodyDraft.objects.count() == 1


@pytest.mark.parametrize(
    "version, fields, status, says",
    [
        ("", {"body": "草稿"}, 400, "版本号"),
        ("abc", {"body": "草稿"}, 400, "版本号"),
        ("²", {"body": "草稿"}, 400, "版本号"),
        ("99", {"body": "草稿"}, 400, "版本号"),  # a version the article never had
        ("1", {}, 400, "草稿是空的"),
        ("1", {"body": "[图 9999999999999999999]"}, 400, "正文格式有误"),
        ("1", {"body": "字" * (BodyDraft.MAX_CHARS + 1)}, 413, "草稿太长"),
        ("1", {"summary": "字" * 60_000, "body": "字" * 60_000}, 413, "草稿太长"),
    ],
)
def test_crafted_autosaves_are_refused_and_keep_nothing(
    client, editor, version, fields, status, says
):
    article = make_article("标题", status=Status.DRAFT)
    client.force_login(editor)
    data = {"version": version, **fields}
    response = client.post(url("draft", article), data, HTTP_ACCEPT="application/json")
    assert response.status_code == status and says in response.json()["error"]
    assert not BodyDraft.objects.exists()


def test_an_oversized_autosave_is_refused_before_it_is_read(client, editor):
    article = make_article("标题", status=Status.DRAFT)
    client.force_login(editor)
    response = client.post(url("draft", article), {"version": "1", "body": "字" * 400_000})
    assert response.status_code == 413 and response.json()["error"] == "草稿太大，没有自动保存。"
    assert not BodyDraft.objects.exists()


def test_the_checks_skip_photo_blocks(client, editor):
    ensure_desk_data()
    Term.objects.get_or_create(
        text="再接再励", defaults={"kind": "mistake", "suggestion": "再接再厉"}
    )
    article = make_article("标题", status=Status.DRAFT)
    (photo,) = with_photos(article, "图")
    article.body = [body.photo(photo.pk), *body.from_text("要再接再励。")]
    article.save()
    client.force_login(editor)
    response = client.get(url("change", article))
    assert "正文第 1 段" in response.text and "再接再励" in response.text
