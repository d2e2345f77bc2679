"""The review from the article list (its status column, its actions), the 待我审核 list,
and comments: the same rules as the article's page, crafted requests included."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Comment, Revision

from ..conftest import make_article, make_user

pytestmark = pytest.mark.django_db

Status = Article.Status
Move = Revision.Move
CHANGELIST = reverse("admin:articles_article_changelist")
QUEUE = reverse("admin:articles_article_queue")


@pytest.fixture
def first(db):
    return make_user("first", "编辑", first_name="初审甲")


@pytest.fixture
def second(db):
    return make_user("second", "部门主任", first_name="复审乙")


@pytest.fixture
def final(db):
    return make_user("final", "总编辑", first_name="终审丙")


def list_edit(*rows):
    """The changelist's POST setting each ``(article, state)`` in the status column."""
    data = {"form-TOTAL_FORMS": str(len(rows)), "form-INITIAL_FORMS": str(len(rows))}
    for i, (article, chosen) in enumerate(rows):
        data |= {
            f"form-{i}-id": article.pk,
            f"form-{i}-status": chosen,
            f"form-{i}-version": article.version,
        }
    return data | {"_save": "保存"}


def state(article):
    article.refresh_from_db()
    return article.status, article.review_stage, article.version


# List editing ----------------------------------------------------------------------------


def test_the_status_column_offers_the_moves_each_reviewer_may_make(client, first, final):
    at_first = make_article("初审稿", status=Status.REVIEW)
    at_second = make_article("复审稿", status=Status.REVIEW, review_stage=1)
    at_final = make_article("终审稿", status=Status.REVIEW, review_stage=2)
    draft = make_article("草稿", status=Status.DRAFT)
    live = make_article("已发布")

    def offered(user):
        client.force_login(user)
        forms = client.get(CHANGELIST).context["cl"].formset.forms
        return {
            form.instance.title: [v for v, _ in form.fields["status"].choices] for form in forms
        }

    assert offered(first) == {
        "初审稿": ["review:1", "review:2"],  # 初审通过，送复审
        "复审稿": ["review:2"],
        "终审稿": ["review:3"],
        "草稿": ["draft", "review:1"],  # submit
        "已发布": ["published"],
    }
    assert offered(final) == {
        "初审稿": ["review:1"],
        "复审稿": ["review:2"],
        "终审稿": ["review:3", "published"],
        "草稿": ["draft", "review:1"],
        "已发布": ["published", "draft"],  # unpublish
    }
    assert {at_first, at_second, at_final, draft, live}  # all listed above


def test_approving_from_the_list_is_a_move(client, first):
    article = make_article("初审稿", status=Status.REVIEW)
    client.force_login(first)
    assert client.post(CHANGELIST, list_edit((article, "review:2"))).status_code == 302
    assert state(article) == (Status.REVIEW, 1, 2)
    revision = article.revisions.latest("id")
    assert (revision.move, revision.created_by, revision.comment) == (
        Move.APPROVE,
        first,
        "初审通过，送复审",
    )


@pytest.mark.parametrize(
    ("stage", "chosen"),
    [
        (0, "published"),  # 初审 cannot publish
        (0, "review:3"),  # nor skip 复审
        (0, "draft"),  # a send-back needs a reason: only on the article's page
        (1, "review:3"),  # 复审 is not theirs
    ],
)
def test_crafted_list_edits_are_refused(client, first, stage, chosen):
    article = make_article("待审稿", status=Status.REVIEW, review_stage=stage)
    client.force_login(first)
    response = client.post(CHANGELIST, list_edit((article, chosen)))
    assert response.status_code == 200
    assert f"你没有权限把稿件设为“{chosen}”" in response.text
    assert state(article) == (Status.REVIEW, stage, 1)
    assert not article.revisions.exists()


def test_publishing_from_the_list_with_a_word_list_match_is_refused(client, final):
    article = make_article(
        "终审稿", status=Status.REVIEW, review_stage=2, body="会议要求再接再励。"
    )
    client.force_login(final)
    response = client.post(CHANGELIST, list_edit((article, "published")))
    assert response.status_code == 200
    assert "易错词“再接再励”1 处" in response.text and "请在稿件页核对并确认后发布" in response.text
    assert state(article) == (Status.REVIEW, 2, 1)


# Actions ---------------------------------------------------------------------------------


def action(name, articles, **fields):
    data = {"action": name, "_selected_action": [a.pk for a in articles], "confirm": "yes"}
    return data | {f"version_{a.pk}": a.version for a in articles} | fields


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_the_approve_action_moves_what_is_at_the_reviewers_step_and_says_why_not_the_rest(
    client, second
):
    mine = make_article("复审稿", status=Status.REVIEW, review_stage=1)
    not_mine = make_article("初审稿", status=Status.REVIEW)
    client.force_login(second)
    confirm = client.post(
        CHANGELIST, {"action": "approve", "_selected_action": [mine.pk, not_mine.pk]}
    )
    assert "确定要审核通过下列 1 篇稿件吗？" in confirm.text
    assert "以下所选稿件不会审核通过" in confirm.text and "由“编辑”组审核" in confirm.text

    response = client.post(CHANGELIST, action("approve", [mine, not_mine]), follow=True)
    assert "已审核通过 1 篇稿件。" in messages_of(response)
    assert any("未审核通过《初审稿》：这篇稿件在“初审”环节" in m for m in messages_of(response))
    assert state(mine) == (Status.REVIEW, 2, 2)
    assert state(not_mine) == (Status.REVIEW, 0, 1)


def test_the_send_back_action_asks_for_a_reason(client, first):
    article = make_article("初审稿", status=Status.REVIEW)
    client.force_login(first)
    response = client.post(CHANGELIST, action("send_back", [article]))
    assert response.status_code == 200 and "退回须写明理由。" in response.text
    assert state(article) == (Status.REVIEW, 0, 1)

    response = client.post(
        CHANGELIST, action("send_back", [article], review_note="缺少数据来源"), follow=True
    )
    assert "已退回 1 篇稿件。" in messages_of(response)
    assert state(article) == (Status.DRAFT, 0, 2)
    assert article.revisions.latest("id").note == "缺少数据来源"


def test_the_publish_action_asks_the_final_reviewer_to_confirm_word_list_matches(client, final):
    article = make_article("终审稿", status=Status.REVIEW, review_stage=2, body="再接再励。")
    client.force_login(final)
    confirm = client.post(CHANGELIST, {"action": "publish", "_selected_action": [article.pk]})
    assert (
        "词表提示：易错词“再接再励”1 处" in confirm.text and 'name="confirm_checks"' in confirm.text
    )
    response = client.post(CHANGELIST, action("publish", [article]))
    assert "所选稿件中有未处理的词表提示" in response.text
    assert state(article)[0] == Status.REVIEW

    client.post(CHANGELIST, action("publish", [article], confirm_checks="on"))
    assert state(article)[0] == Status.PUBLISHED
    revision = article.revisions.latest("id")
    assert revision.confirmed == [{"term": "再接再励", "kind": "mistake", "count": 1}]
    assert revision.comment == "终审通过，发布；确认保留词表提示"


@pytest.mark.parametrize(("who", "name"), [("first", "publish"), ("second", "unpublish")])
def test_actions_of_the_last_step_are_not_offered_to_the_others(client, request, who, name):
    user = request.getfixturevalue(who)
    article = make_article("稿件", status=Status.REVIEW, review_stage=2)
    live = make_article("已发布")
    client.force_login(user)
    offered = client.get(CHANGELIST).context["action_form"].fields["action"].choices
    assert name not in [value for value, _ in offered]
    client.post(CHANGELIST, action(name, [article, live], confirm_checks="on"))
    assert state(article) == (Status.REVIEW, 2, 1) and state(live)[0] == Status.PUBLISHED


# 待我审核 ----------------------------------------------------------------------------------


def waiting(title, stage, hours_ago):
    article = make_article(title, status=Status.REVIEW, review_stage=stage, bylines=["刘懿"])
    since = timezone.now() - datetime.timedelta(hours=hours_ago)
    Article.objects.filter(pk=article.pk).update(step_since=since)
    return article


@pytest.mark.parametrize("count", [1, 8])
def test_the_queue_lists_what_waits_at_my_steps_oldest_first(
    client, django_assert_num_queries, count
):
    reviewer = make_user("both", ["编辑", "总编辑"])  # 初审 and 终审, not 复审
    ages = [(i * 5) % count + 1 for i in range(count)]  # not in the order of creation
    for i, age in enumerate(ages):
        waiting(f"初审{i}", 0, hours_ago=age)
    waiting("终审最久", 2, hours_ago=100)
    waiting("复审", 1, hours_ago=200)  # not theirs
    make_article("草稿", status=Status.DRAFT)
    client.force_login(reviewer)
    # session, user, permissions (user's, groups'); the chain and the steps this user
    # holds; the count and the page of articles with issue, page and creator; their
    # bylines with reporters.
    with django_assert_num_queries(8):
        response = client.get(QUEUE)
    titles = [article.title for article in response.context["page"]]
    oldest_first = sorted(range(count), key=lambda i: -ages[i])
    assert titles == ["终审最久", *[f"初审{i}" for i in oldest_first]]
    assert "已等 4" in response.text  # 4 days, 4 hours
    assert [s.name for s in response.context["held"]] == ["初审", "终审"]


def test_the_queue_is_for_editors(client, reporter, second):
    client.force_login(reporter)
    assert client.get(QUEUE).status_code == 403
    client.force_login(second)
    assert client.get(QUEUE).context["page"].paginator.count == 0


# Comments --------------------------------------------------------------------------------


def comment_url(article):
    return reverse("admin:articles_article_comment", args=[article.pk])


def test_a_comment_is_shown_with_its_author_and_time_and_is_not_an_edit(client, first, reporter):
    article = make_article("稿件", status=Status.REVIEW, bylines=["刘懿"])
    client.force_login(first)
    response = client.post(comment_url(article), {"text": "第二段的数据\n请再核实。"})
    assert response.status_code == 302 and response.url.endswith("#comments")
    comment = Comment.objects.get()
    assert (comment.author, comment.text) == (first, "第二段的数据\n请再核实。")
    assert state(article) == (Status.REVIEW, 0, 1)  # no new version
    # The reporter sees it on their own article, and answers.
    client.force_login(reporter)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).text
    assert "初审甲" in page and "第二段的数据<br>请再核实。" in page
    assert f"{timezone.localtime(comment.created_at):%Y-%m-%d %H:%M}" in page
    client.post(comment_url(article), {"text": "已核实。"})
    assert Comment.objects.latest("id").author == reporter


def test_a_reporter_sees_and_comments_on_their_own_articles_only(client, reporter, first):
    others = make_article("别人的稿件", status=Status.DRAFT, bylines=["何美欣"])
    Comment.objects.create(article=others, author=first, text="别人的评论")
    client.force_login(reporter)
    page = client.get(reverse("admin:articles_article_change", args=[others.pk]))
    assert page.status_code == 302  # not theirs: back to the index, nothing shown
    assert client.post(comment_url(others), {"text": "插一句"}).status_code == 404
    assert list(Comment.objects.values_list("text", flat=True)) == ["别人的评论"]


def test_an_empty_comment_is_refused(client, first):
    article = make_article("稿件")
    client.force_login(first)
    response = client.post(comment_url(article), {"text": "  "}, follow=True)
    assert "评论不能为空。" in messages_of(response)
    assert client.get(comment_url(article)).status_code == 405
    assert not Comment.objects.exists()


# Junk ------------------------------------------------------------------------------------

JUNK = ["-1", "0", "99999999999999999999999", "abc", "1.5", "１２", "", "<b>", "\x00"]


def test_junk_in_the_reviews_urls_and_fields_is_refused_never_a_server_error(client, editor):
    """The test client re-raises whatever a view lets through: a 500 fails here."""
    article = make_article("稿件", status=Status.REVIEW, bylines=["刘懿"])
    client.force_login(editor)
    for value in JUNK:
        assert client.post(
            f"/admin/articles/article/{value}/comments/", {"text": "x"}
        ).status_code in {302, 400, 404}
        response = client.post(
            f"/admin/articles/article/{value}/reschedule/",
            {"publish_at": "2030-01-01T08:00", "version": "1"},
        )
        assert response.status_code in {302, 400, 404}
        assert client.get(QUEUE, {"p": value}).status_code in {200, 400}
        calendar = reverse("admin:articles_article_calendar")
        assert client.get(calendar, {"date": value, "view": value}).status_code in {200, 400}
        response = client.post(
            reverse("admin:articles_article_reschedule", args=[article.pk]),
            {"publish_at": value, "version": value},
        )
        assert response.status_code in {400, 403}
        change = reverse("admin:articles_article_change", args=[article.pk])
        data = {"version": value, "_move": value, "_fix": value, "review_note": value}
        assert client.post(change, data).status_code in {200, 302, 400, 403}
        action = {
            "action": "approve",
            "_selected_action": [value],
            "confirm": "yes",
            "review_note": value,
        }
        assert client.post(CHANGELIST, action | {f"version_{article.pk}": value}).status_code in {
            200,
            302,
        }
    assert state(article) == (Status.REVIEW, 0, 1)
    assert not Comment.objects.exists()
