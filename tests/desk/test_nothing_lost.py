"""Nothing an editor does is lost: every path that changes what an article shows makes one
revisioned edit (a new version, a revision saying who and what), a save that changes
nothing makes none, and ``import_issue --replace`` keeps every article a person changed,
by whichever path, instead of overwriting or removing it."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from articles.models import Article, Byline, Fragment, Issue

from ..conftest import form_data, make_article, make_issue, write
from ..importer.texts import ISSUE_V1, ISSUE_V2

pytestmark = pytest.mark.django_db

Status = Article.Status


def change_url(model, obj):
    return reverse(f"admin:articles_{model}_change", args=[obj.pk])


def post_form(client, url, **changes):
    data = form_data(client.get(url)) | changes
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def latest(article):
    article.refresh_from_db()
    revision = article.revisions.latest()
    return article.version, revision.created_by, revision.changed


# One revisioned edit per path ----------------------------------------------------------


def test_a_photo_caption_edited_on_its_own_page_is_an_edit_of_the_article(client, editor):
    article = make_article("龙舟竞渡", images=1)
    client.force_login(editor)
    post_form(client, change_url("image", article.images.get()), caption="龙舟竞渡，百舸争流。")
    assert latest(article) == (2, editor, ["images"])
    assert article.revisions.latest().comment == "修改：图片"


def test_a_photo_uploaded_on_its_own_page_is_an_edit_of_the_article(client, editor):
    article = make_article("龙舟竞渡", images=1)
    image = article.images.get()
    buffer = io.BytesIO()
    PILImage.new("RGB", (640, 480), "navy").save(buffer, "JPEG")
    client.force_login(editor)
    data = form_data(client.get(change_url("image", image)))
    data["file"] = SimpleUploadedFile("dragon.jpg", buffer.getvalue(), "image/jpeg")
    assert client.post(change_url("image", image), data).status_code == 302
    assert latest(article) == (2, editor, ["images"])
    image.refresh_from_db()
    assert image.file and image.renditions  # resized copies made inside the same edit


def test_a_byline_edited_on_its_own_page_is_an_edit_of_the_article(client, editor):
    article = make_article("座谈会召开", bylines=["刘懿"])
    client.force_login(editor)
    byline = article.bylines.get()
    post_form(client, change_url("byline", byline), role=Byline.Role.CORRESPONDENT)
    assert latest(article) == (2, editor, ["bylines"])


def test_a_photo_moved_to_another_article_is_an_edit_of_both(client, editor):
    first, second = make_article("甲", images=1), make_article("乙")
    client.force_login(editor)
    post_form(client, change_url("image", first.images.get()), article=second.pk, position=0)
    assert latest(first) == (2, editor, ["images"])
    assert latest(second) == (2, editor, ["images"])


def test_deleting_bylines_in_bulk_is_an_edit_of_each_article(client, editor):
    first, second = make_article("甲", bylines=["刘懿"]), make_article("乙", bylines=["何美欣"])
    client.force_login(editor)
    pks = [str(pk) for pk in Byline.objects.values_list("pk", flat=True)]
    changelist = reverse("admin:articles_byline_changelist")
    action = {"action": "delete_selected", "_selected_action": pks, "post": "yes"}
    assert client.post(changelist, action).status_code == 302
    assert not Byline.objects.exists()
    assert latest(first) == (2, editor, ["bylines"])
    assert latest(second) == (2, editor, ["bylines"])


def test_list_editing_a_status_is_an_edit(client, editor):
    article = make_article("待审稿件", status=Status.REVIEW, review_stage=2)  # at 终审
    client.force_login(editor)
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(article.pk),
        "form-0-version": "1",
        "form-0-status": Status.PUBLISHED,
        "_save": "保存",
    }
    response = client.post(reverse("admin:articles_article_changelist"), data)
    assert response.status_code == 302
    assert latest(article) == (2, editor, ["status", "review_stage", "publish_at"])


# A save that changes nothing changes nothing -------------------------------------------


def test_saving_an_unchanged_form_as_a_browser_sends_it_changes_nothing(client, editor):
    """Browsers send a text box's line breaks as CRLF: that alone is no change."""
    article = make_article("原标题", body="第一段。\n\n第二段。", bylines=["刘懿"], images=1)
    stamp = Article.objects.filter(pk=article.pk).values_list("updated_at", flat=True).get()
    client.force_login(editor)
    data = form_data(client.get(change_url("article", article)))
    data["body"] = data["body"].replace("\n", "\r\n") + "\r\n"
    data["title"] += " "  # and a stray space at the end of a line
    assert client.post(change_url("article", article), data).status_code == 302
    article.refresh_from_db()
    assert article.version == 1
    assert not article.revisions.exists()
    assert article.updated_at == stamp
    # A real change after it is one version, from the version the form was opened at.
    post_form(client, change_url("article", article), title="新标题")
    assert latest(article) == (2, editor, ["title"])


def test_saving_a_photo_unchanged_changes_nothing(client, editor):
    article = make_article("龙舟竞渡", images=1)
    client.force_login(editor)
    post_form(client, change_url("image", article.images.get()))
    article.refresh_from_db()
    assert (article.version, article.revisions.count()) == (1, 0)


# --replace keeps what people changed, by any path ----------------------------------------


@pytest.fixture
def imported(cli, tmp_path):
    """ISSUE_V1 imported: the meeting (1), the community event (2), the photo story (3)."""
    assert cli(write(tmp_path / "v1.txt", ISSUE_V1))[0] == 0
    return Issue.objects.get()


def replace(cli, tmp_path):
    status, out, err = cli(write(tmp_path / "v2.txt", ISSUE_V2), "--replace")
    assert status == 0, err
    return out


def photo_story(issue):
    return issue.articles.get(title="龙舟竞渡展风采")


def caption_edited(client, editor, issue):
    article = photo_story(issue)
    post_form(client, change_url("image", article.images.get()), caption="龙舟竞渡。")


def byline_edited(client, editor, issue):
    article = photo_story(issue)
    post_form(client, change_url("byline", article.bylines.get()), role=Byline.Role.REPORTER)


def unpublished(client, editor, issue):
    article = photo_story(issue)
    changelist = reverse("admin:articles_article_changelist")
    action = {"action": "unpublish", "_selected_action": [article.pk], "confirm": "yes"}
    assert client.post(changelist, action | {f"version_{article.pk}": 1}).status_code == 302


def restored(client, editor, issue):
    article = photo_story(issue)
    post_form(client, change_url("article", article), title="龙舟竞渡展风采（改）")
    original = article.revisions.get(version=1)
    url = reverse("admin:articles_article_revision", args=[article.pk, original.pk])
    assert client.post(url, {"version": 2}).status_code == 302


def fragment_attached(client, editor, issue):
    article = photo_story(issue)
    fragment = Fragment.objects.create(issue=issue, paragraphs=["补充的一段。"], position=99)
    data = form_data(client.get(change_url("issue", issue)))
    index = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.endswith("-id") and value == fragment.pk
    )
    data[f"fragments-{index}-attached_to"] = article.pk
    assert client.post(change_url("issue", issue), data).status_code == 302


PATHS = [caption_edited, byline_edited, unpublished, restored, fragment_attached]


@pytest.mark.parametrize("path", PATHS, ids=lambda f: f.__name__)
def test_replace_keeps_an_article_a_person_changed(client, editor, imported, cli, tmp_path, path):
    """The photo story is missing from the corrected text: untouched it would be removed;
    changed by a person, by any path, it stays exactly as they left it and is reported."""
    client.force_login(editor)
    path(client, editor, imported)
    article = photo_story(imported)
    kept_version = article.version
    assert kept_version > 1
    out = replace(cli, tmp_path)
    article.refresh_from_db()
    assert article.version == kept_version
    assert "《龙舟竞渡展风采" in out and "未按新原文覆盖" in out
    # The untouched articles were updated from the new text as usual.
    meeting = imported.articles.get(position=1)
    assert meeting.paragraphs[-1] == "会议要求，各板块要紧盯目标。"


def test_replace_updates_and_removes_what_nobody_touched(imported, cli, tmp_path):
    story = photo_story(imported)
    replace(cli, tmp_path)
    assert not Article.objects.filter(pk=story.pk).exists()
    assert imported.articles.filter(title="暑期安全教育进社区").exists()


# Who sees what in the desk ------------------------------------------------------------


def test_a_reporter_sees_only_their_own_articles_on_an_issue_page(client, reporter):
    issue = make_issue(datetime.date(2024, 6, 14))
    own = make_article("自己的稿件", status=Status.DRAFT, issue=issue, bylines=["刘懿"])
    other = make_article("别人的草稿", status=Status.DRAFT, issue=issue, bylines=["何美欣"])
    make_article("别人的待审稿", status=Status.REVIEW, issue=issue, bylines=["何美欣"])
    client.force_login(reporter)
    response = client.get(change_url("issue", issue))
    assert response.status_code == 200
    assert own.title in response.text
    assert other.title not in response.text and "别人的待审稿" not in response.text


def test_the_article_autocomplete_follows_the_same_rule(client, editor, reporter):
    make_article("端午自己的稿件", bylines=["刘懿"])
    make_article("端午别人的稿件", bylines=["何美欣"])
    query = {
        "app_label": "articles",
        "model_name": "fragment",
        "field_name": "attached_to",
        "term": "端午",
    }
    client.force_login(editor)
    found = client.get(reverse("admin:autocomplete"), query).json()["results"]
    assert {result["text"] for result in found} == {"端午自己的稿件", "端午别人的稿件"}
    client.force_login(reporter)
    found = client.get(reverse("admin:autocomplete"), query).json()["results"]
    assert [result["text"] for result in found] == ["端午自己的稿件"]


def test_a_reporter_cannot_open_photos_or_bylines_of_other_articles(client, reporter):
    other = make_article("别人的稿件", bylines=["何美欣"], images=1)
    client.force_login(reporter)
    assert client.get(change_url("image", other.images.get())).status_code == 403
    assert client.get(change_url("byline", other.bylines.get())).status_code == 403


@pytest.mark.parametrize("field", ["editors_note", "column"])
def test_an_edit_of_the_editors_note_or_column_alone_is_saved(client, editor, field):
    """Fields every revision keeps: a save changing only one of them is a new version."""
    article = make_article("稿件")
    client.force_login(editor)
    response = post_form(client, change_url("article", article), **{field: "新写的"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert (getattr(article, field), article.version) == ("新写的", 2)
    assert latest(article) == (2, editor, [field])
