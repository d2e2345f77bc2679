"""Roles and the status workflow, through the admin as reporters and editors use it."""

import datetime
import json

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Reporter, ReviewStep

from ..conftest import form_data, make_article, make_user

pytestmark = pytest.mark.django_db

Status = Article.Status
CHANGELIST = reverse("admin:articles_article_changelist")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def list_edit(article, status):
    """The changelist's POST that sets one article's status in the list."""
    return {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": article.pk,
        "form-0-status": status,
        "form-0-version": article.version,
        "_save": "保存",
    }


def test_groups_and_the_review_chain_are_created_by_migration():
    def codenames(name):
        return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))

    reporters = codenames("记者")
    assert {"add_article", "change_article", "add_reporter"} <= reporters
    assert "edit_any_article" not in reporters
    for editors in ("编辑", "部门主任", "总编辑"):
        assert {"edit_any_article", "change_issue", "change_page", "delete_article"} <= (
            codenames(editors)
        )
        assert "change_term" in codenames(editors)  # editors keep the word list
    assert not Permission.objects.filter(codename="publish_article").exists()
    chain = ReviewStep.objects.order_by("position").values_list("name", "group__name")
    assert list(chain) == [("初审", "编辑"), ("复审", "部门主任"), ("终审", "总编辑")]


# Reporters ----------------------------------------------------------------------------


def test_reporter_sees_only_their_own_articles(client, reporter):
    mine = make_article("我的稿件", status=Status.DRAFT, bylines=["刘懿"])
    created = make_article("我新建的稿件", status=Status.DRAFT, created_by=reporter)
    make_article("别人的稿件", status=Status.DRAFT, bylines=["何美欣"])
    client.force_login(reporter)
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    listed = set(response.context["cl"].result_list)
    assert listed == {mine, created}


def test_reporter_creates_a_draft_and_submits_it(client, reporter):
    client.force_login(reporter)
    add = client.get(reverse("admin:articles_article_add"))
    assert "status" not in add.context["adminform"].form.fields  # moves are buttons
    data = form_data(add) | {"title": "新稿", "body": "第一段。", "status": "published"}
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302
    article = Article.objects.get(title="新稿")
    assert article.created_by == reporter and article.status == Status.DRAFT

    form = client.get(change_url(article))
    assert '<button type="submit" name="_move" value="submit"' in form.text
    assert (
        client.post(change_url(article), form_data(form) | {"_move": "submit"}).status_code == 302
    )
    article.refresh_from_db()
    assert (article.status, article.review_stage) == (Status.REVIEW, 0)
    # Submitted: no longer the reporter's to change.
    response = client.get(change_url(article))
    assert response.status_code == 200
    assert not response.context["has_change_permission"]


def test_reporters_crafted_publish_is_refused(client, reporter):
    article = make_article("待发稿", status=Status.DRAFT, bylines=["刘懿"])
    client.force_login(reporter)
    data = form_data(client.get(change_url(article))) | {
        "_move": "publish",
        "publish_at_0": "2024-06-11",
        "publish_at_1": "08:00:00",
    }
    response = client.post(change_url(article), data)
    assert response.status_code == 200  # the form again, with the error
    assert "只有“终审”环节可以发布。" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Status.DRAFT and article.publish_at is None


def test_reporter_cannot_edit_others_or_submitted_work(client, reporter):
    others = make_article("别人的草稿", status=Status.DRAFT, bylines=["何美欣"])
    submitted = make_article("我的待审稿", status=Status.REVIEW, bylines=["刘懿"])
    client.force_login(reporter)
    # Another reporter's draft is outside the reporter's queryset altogether.
    response = client.post(change_url(others), {"title": "改了", "version": 1})
    assert response.status_code == 302 and response.url == reverse("admin:index")
    others.refresh_from_db()
    assert others.title == "别人的草稿"
    # Their own article in review is shown read-only; a POST is refused.
    response = client.post(change_url(submitted), {"title": "改了", "version": 1})
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.title == "我的待审稿"


def test_reporter_adds_a_new_reporter_from_the_byline(client, reporter):
    """The byline's reporter field has a "+" that opens the reporter form in a popup."""
    article = make_article("我的草稿", status=Status.DRAFT, bylines=["刘懿"])
    client.force_login(reporter)
    form = client.get(change_url(article)).content.decode()
    assert 'id="add_id_bylines-0-reporter"' in form
    url = reverse("admin:articles_reporter_add") + "?_to_field=id&_popup=1"
    response = client.post(url, {"name": "新来的实习生", "slug": "新来的实习生", "_popup": "1"})
    assert response.status_code == 200
    new = Reporter.objects.get(name="新来的实习生")
    # The popup hands the new reporter back to the byline's field.
    handed = json.loads(response.context["popup_response_data"])
    assert handed == {"value": str(new.pk), "obj": "新来的实习生"}


def test_reporter_reaches_bylines_and_photos_only_through_their_articles(client, reporter):
    others = make_article("别人的稿件", status=Status.DRAFT, bylines=["何美欣"], images=1)
    client.force_login(reporter)
    for model in ("byline", "image"):
        assert client.get(reverse(f"admin:articles_{model}_changelist")).status_code == 403
    image = others.images.get()
    url = reverse("admin:articles_image_change", args=[image.pk])
    response = client.post(url, {"article": others.pk, "caption": "改了", "position": 0})
    assert response.status_code == 403
    image.refresh_from_db()
    assert image.caption == "图片说明0"


def test_reporter_has_no_publish_actions_or_list_editing(client, reporter):
    article = make_article("我的草稿", status=Status.DRAFT, bylines=["刘懿"])
    client.force_login(reporter)
    response = client.get(CHANGELIST)
    actions = [name for name, _ in response.context["action_form"].fields["action"].choices]
    assert "submit_for_review" in actions
    assert not {"publish", "unpublish", "send_back"} & set(actions)
    assert not response.context["cl"].list_editable
    # A crafted action POST is refused: the action is not available to them.
    response = client.post(
        CHANGELIST,
        {"action": "publish", "_selected_action": [article.pk], "confirm": "yes"},
    )
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    # A crafted list-editing POST changes nothing either.
    client.post(CHANGELIST, list_edit(article, "published"))
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_reporter_submits_with_the_action(client, reporter):
    article = make_article("我的草稿", status=Status.DRAFT, bylines=["刘懿"])
    client.force_login(reporter)
    data = {
        "action": "submit_for_review",
        "_selected_action": [article.pk],
        "confirm": "yes",
        f"version_{article.pk}": article.version,
    }
    response = client.post(CHANGELIST, data, follow=True)
    assert "已提交审核 1 篇稿件。" in [str(m) for m in response.context["messages"]]
    article.refresh_from_db()
    assert article.status == Status.REVIEW


# Editors ------------------------------------------------------------------------------


def test_publish_action_asks_for_confirmation_then_publishes(client, editor):
    drafts = [make_article(f"稿件{i}", status=Status.REVIEW, review_stage=2) for i in range(3)]
    client.force_login(editor)
    selected = {"action": "publish", "_selected_action": [a.pk for a in drafts]}
    confirm = client.post(CHANGELIST, selected)
    assert confirm.status_code == 200
    assert "确定要发布下列 3 篇稿件吗？" in confirm.content.decode()
    assert all(a.status == Status.REVIEW for a in Article.objects.all())

    versions = {f"version_{a.pk}": a.version for a in drafts}
    response = client.post(CHANGELIST, selected | versions | {"confirm": "yes"}, follow=True)
    assert "已发布 3 篇稿件。" in [str(m) for m in response.context["messages"]]
    for article in Article.objects.all():
        assert article.status == Status.PUBLISHED
        assert article.publish_at <= timezone.now()
        assert article.version == 2
    assert Article.objects.published().count() == 3


def test_unpublish_and_send_back(client, editor):
    live = make_article("已发布")
    waiting = make_article("待审", status=Status.REVIEW)
    client.force_login(editor)
    for action, article in [("unpublish", live), ("send_back", waiting)]:
        data = {
            "action": action,
            "_selected_action": [article.pk],
            "confirm": "yes",
            f"version_{article.pk}": article.version,
            "review_note": "请核实数据",
        }
        response = client.post(CHANGELIST, data, follow=True)
        verb = {"unpublish": "撤回", "send_back": "退回"}[action]
        assert f"已{verb} 1 篇稿件。" in [str(m) for m in response.context["messages"]]
        article.refresh_from_db()
        assert article.status == Status.DRAFT
    assert not Article.objects.published().exists()


def test_scheduled_article_becomes_visible_at_its_time(client, editor):
    article = make_article("定时稿", status=Status.REVIEW, review_stage=2)
    client.force_login(editor)
    later = timezone.localtime() + datetime.timedelta(days=1)
    data = form_data(client.get(change_url(article))) | {
        "_move": "publish",
        "publish_at_0": f"{later:%Y-%m-%d}",
        "publish_at_1": f"{later:%H:%M:%S}",
    }
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article.is_scheduled
    assert not Article.objects.published().filter(pk=article.pk).exists()
    # Listed as scheduled in the changelist's status filter.
    response = client.get(CHANGELIST, {"status": "scheduled"})
    assert list(response.context["cl"].result_list) == [article]
    # Once its time comes, readers see it: no job has to run.
    Article.objects.filter(pk=article.pk).update(
        publish_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert Article.objects.published().filter(pk=article.pk).exists()


@pytest.mark.parametrize("who", ["editor", "editor_user"], ids=["编辑", "superuser"])
def test_publishing_from_the_form_without_a_time_means_now(client, request, who):
    article = make_article("马上发", status=Status.REVIEW, review_stage=2)
    client.force_login(request.getfixturevalue(who))
    data = form_data(client.get(change_url(article))) | {"_move": "publish"}
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.is_published


def test_editor_publishes_from_the_list(client, editor):
    article = make_article("列表里发布", status=Status.REVIEW, review_stage=2)
    client.force_login(editor)
    assert client.post(CHANGELIST, list_edit(article, "published")).status_code == 302
    article.refresh_from_db()
    assert article.is_published and article.version == 2
    assert article.revisions.filter(applied=True, created_by=editor).exists()


def test_view_on_site_only_for_published_preview_for_all(client, editor):
    draft = make_article("草稿", status=Status.DRAFT)
    live = make_article("已发布")
    client.force_login(editor)
    draft_page = client.get(change_url(draft)).content.decode()
    assert "在网站上预览" in draft_page and 'class="viewsitelink"' not in draft_page
    live_page = client.get(change_url(live)).content.decode()
    assert 'class="viewsitelink"' in live_page


def test_reporter_in_no_group_sees_nothing(client):
    outsider = make_user("outsider")
    client.force_login(outsider)
    assert client.get(CHANGELIST).status_code == 403
