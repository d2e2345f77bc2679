"""The review chain (初审 → 复审 → 终审) through the article's page: each step by its own
group, send-backs with a reason, every move a revision with who, when and the comment; and
crafted requests for the moves a role may not make, refused with nothing changed."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from articles.editing import revisions, workflow
from articles.models import Article, ReviewStep, Revision

from ..conftest import form_data, make_article, make_user

pytestmark = pytest.mark.django_db

Status = Article.Status
Move = Revision.Move


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.fixture
def first(db):
    """编辑: holds 初审."""
    return make_user("first", "编辑", first_name="初审甲")


@pytest.fixture
def second(db):
    """部门主任: holds 复审."""
    return make_user("second", "部门主任", first_name="复审乙")


@pytest.fixture
def final(db):
    """总编辑: holds 终审, the last step: publishes."""
    return make_user("final", "总编辑", first_name="终审丙")


def move(client, user, article, what, **fields):
    """``user`` opens the article's page and presses the button of ``what`` (a crafted
    POST where the page shows no such button)."""
    client.force_login(user)
    data = form_data(client.get(change_url(article))) | {"_move": what, **fields}
    return client.post(change_url(article), data)


def state(article):
    article.refresh_from_db()
    return article.status, article.review_stage, article.version


def moves(article):
    return list(
        article.revisions.exclude(move="")
        .order_by("id")
        .values_list("move", "created_by__username", "comment", "note")
    )


def test_an_article_passes_the_three_steps_and_each_move_is_recorded(
    client, reporter, first, second, final
):
    article = make_article("三审稿件", status=Status.DRAFT, bylines=["刘懿"])
    queue = reverse("admin:articles_article_queue")

    assert move(client, reporter, article, "submit").status_code == 302
    assert state(article)[:2] == (Status.REVIEW, 0)
    response = move(client, first, article, "approve", review_note="导语可再精炼。")
    assert response.status_code == 302 and response.url == queue  # the next one waiting
    assert state(article)[:2] == (Status.REVIEW, 1)
    assert move(client, second, article, "approve").status_code == 302
    assert state(article)[:2] == (Status.REVIEW, 2)
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert move(client, final, article, "publish").status_code == 302
    assert state(article) == (Status.PUBLISHED, 0, 5)  # the draft, then four moves
    assert Article.objects.published().filter(pk=article.pk).exists()

    assert moves(article) == [
        ("submit", "liuyi", "提交审核，送初审", ""),
        ("approve", "first", "初审通过，送复审", "导语可再精炼。"),
        ("approve", "second", "复审通过，送终审", ""),
        ("publish", "final", "终审通过，发布", ""),
    ]
    # Shown on the article, and in its history, with who and when.
    page = client.get(change_url(article)).text
    for name in ("初审甲", "复审乙", "终审丙", "导语可再精炼。", "复审通过，送终审"):
        assert name in page
    history = client.get(reverse("admin:articles_article_history", args=[article.pk])).text
    assert "审核通过</span> 初审通过，送复审" in history and "意见：导语可再精炼。" in history


def test_a_send_back_needs_a_reason_and_returns_the_article_to_its_reporter(
    client, reporter, second
):
    article = make_article("待复审", status=Status.REVIEW, review_stage=1, bylines=["刘懿"])
    response = move(client, second, article, "send_back")
    assert response.status_code == 200
    assert "退回须写明理由。" in response.text
    assert state(article) == (Status.REVIEW, 1, 1)

    assert move(client, second, article, "send_back", review_note="数据需核实").status_code == 302
    assert state(article) == (Status.DRAFT, 0, 2)
    assert moves(article) == [("send_back", "second", "复审退回", "数据需核实")]
    # The reporter may edit their draft again, and sees why it came back.
    client.force_login(reporter)
    page = client.get(change_url(article))
    assert page.context["has_change_permission"] and "数据需核实" in page.text


# A crafted POST for each move a role may not make: refused, nothing changed -----------

REFUSED = [
    # (who, the article's status and stage, the move, what the refusal says)
    ("reporter", "draft", 0, "approve", "不能审核通过"),
    ("reporter", "draft", 0, "publish", "只有“终审”环节可以发布"),
    ("first", "review", 1, "approve", "这篇稿件在“复审”环节，由“部门主任”组审核"),
    ("first", "review", 0, "publish", "只有“终审”环节可以发布"),
    ("first", "draft", 0, "publish", "只有“终审”环节可以发布"),
    ("first", "published", 0, "unpublish", "只有“终审”环节可以撤回"),
    ("second", "review", 0, "approve", "这篇稿件在“初审”环节，由“编辑”组审核"),
    ("second", "review", 0, "send_back", "由“编辑”组审核，你不能退回"),
    ("second", "review", 2, "publish", "这篇稿件在“终审”环节"),
    ("final", "review", 0, "publish", "这篇稿件在“初审”环节"),
    ("final", "review", 1, "approve", "这篇稿件在“复审”环节"),
    ("final", "draft", 0, "submit", None),  # an editor may submit: the control case
    ("first", "review", 0, "teleport", "没有这样的审核操作"),
]


@pytest.mark.parametrize(("who", "status", "stage", "what", "says"), REFUSED)
def test_crafted_moves_are_refused(client, request, who, status, stage, what, says):
    user = request.getfixturevalue(who)
    article = make_article("稿件", status=status, review_stage=stage, bylines=["刘懿"])
    before = state(article)
    response = move(client, user, article, what, review_note="理由")
    if says is None:
        assert response.status_code == 302 and state(article)[:2] == (Status.REVIEW, 0)
        return
    assert response.status_code == 200, "the form again, with the refusal"
    assert says in response.text
    assert state(article) == before
    assert not article.revisions.exists()


def test_a_reporter_cannot_move_their_article_once_submitted(client, reporter):
    article = make_article("已提交", status=Status.REVIEW, bylines=["刘懿"])
    client.force_login(reporter)
    page = client.get(change_url(article))
    assert page.status_code == 200 and 'name="_move"' not in page.text
    response = client.post(change_url(article), {"_move": "approve", "version": 1})
    assert response.status_code == 403
    assert state(article) == (Status.REVIEW, 0, 1)


def test_a_move_from_a_stale_page_is_refused(client, first):
    article = make_article("稿件", status=Status.REVIEW)
    client.force_login(first)
    data = form_data(client.get(change_url(article))) | {"_move": "approve"}
    with revisions.edit(article, None, 1, "同事改了标题"):
        article.title = "同事改的标题"
    response = client.post(change_url(article), data)
    assert response.status_code == 200 and "未保存：你打开稿件之后" in response.text
    assert state(article) == (Status.REVIEW, 0, 2)


def test_a_move_saves_what_the_form_holds_in_the_same_version(client, first):
    article = make_article("原标题", status=Status.REVIEW)
    assert move(client, first, article, "approve", title="初审改的标题").status_code == 302
    article.refresh_from_db()
    assert (article.title, article.review_stage, article.version) == ("初审改的标题", 1, 2)
    revision = article.revisions.get(version=2)
    assert revision.move == Move.APPROVE and {"title", "review_stage"} <= set(revision.changed)


def test_only_the_last_step_schedules(client, second, final):
    article = make_article("定时稿", status=Status.REVIEW, review_stage=2)
    later = timezone.localtime() + datetime.timedelta(days=2)
    when = {"publish_at_0": f"{later:%Y-%m-%d}", "publish_at_1": "08:00:00"}
    # 复审 cannot set the time: the field is read-only for them and a crafted value is ignored.
    client.force_login(second)
    assert "publish_at" not in client.get(change_url(article)).context["adminform"].form.fields
    client.post(change_url(article), form_data(client.get(change_url(article))) | when)
    article.refresh_from_db()
    assert article.publish_at is None

    assert move(client, final, article, "publish", **when).status_code == 302
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article.is_scheduled
    assert article.revisions.latest("id").comment == f"终审通过，定时发布（{later:%Y-%m-%d} 08:00）"


def test_a_paper_may_use_fewer_steps(client, first, final):
    """Without 复审 the chain is 初审 → 终审; an article that had passed two steps waits at
    the last one there is."""
    ReviewStep.objects.filter(name="复审").delete()
    article = make_article("两审稿件", status=Status.REVIEW)
    waiting = make_article("已过两级", status=Status.REVIEW, review_stage=2)

    assert move(client, first, article, "approve").status_code == 302
    assert state(article)[:2] == (Status.REVIEW, 1)
    assert article.revisions.latest("id").comment == "初审通过，送终审"
    for each in (article, waiting):
        assert move(client, final, each, "publish").status_code == 302
        assert state(each)[0] == Status.PUBLISHED


def test_the_chain_keeps_at_least_one_step(client, editor_user):
    client.force_login(editor_user)
    steps = list(ReviewStep.objects.all())
    url = reverse("admin:articles_reviewstep_changelist")
    action = {"action": "delete_selected", "_selected_action": [s.pk for s in steps], "post": "yes"}
    assert client.post(url, action).status_code == 403
    assert ReviewStep.objects.count() == 3
    for step in steps[1:]:
        client.post(reverse("admin:articles_reviewstep_delete", args=[step.pk]), {"post": "yes"})
    assert list(ReviewStep.objects.values_list("name", flat=True)) == ["初审"]
    last = reverse("admin:articles_reviewstep_delete", args=[steps[0].pk])
    assert client.post(last, {"post": "yes"}).status_code == 403
    assert ReviewStep.objects.count() == 1


def test_a_reporter_moves_only_their_own_drafts(reporter):
    """Asked of the workflow directly, whichever path a request took to reach it."""
    others = make_article("别人的草稿", status=Status.DRAFT, bylines=["何美欣"])
    mine = make_article("我的草稿", status=Status.DRAFT, bylines=["刘懿"])
    with pytest.raises(PermissionDenied, match="你不能提交审核"):
        workflow.move(others, Move.SUBMIT, reporter, 1)
    assert state(others) == (Status.DRAFT, 0, 1)
    workflow.move(mine, Move.SUBMIT, reporter, 1)
    assert state(mine) == (Status.REVIEW, 0, 2)
