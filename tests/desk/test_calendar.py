"""The calendar of publications: a day or a week of published and scheduled articles for
editors; rescheduling (what its drag and keyboard moves POST) for the last step only,
through the one revisioned edit with the version check."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.editing import revisions
from articles.models import Article, Revision

from ..conftest import make_article, make_user

pytestmark = pytest.mark.django_db

CALENDAR = reverse("admin:articles_article_calendar")


@pytest.fixture
def final(db):
    return make_user("final", "总编辑", first_name="终审丙")


@pytest.fixture
def second(db):
    return make_user("second", "部门主任")


def at(days, hour, minute=0):
    """A local time ``days`` from today."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def scheduled(title, when):
    return make_article(title, publish_at=when)


def reschedule_url(article):
    return reverse("admin:articles_article_reschedule", args=[article.pk])


@pytest.mark.parametrize("count", [1, 6])
def test_the_week_shows_published_and_scheduled_articles_by_day(
    client, final, django_assert_num_queries, count
):
    for i in range(count):
        scheduled(f"定时{i}", at(1, 8 + i))
    scheduled("下周的", at(8, 8))
    make_article("草稿", status=Article.Status.DRAFT)
    client.force_login(final)
    day = timezone.localdate() + datetime.timedelta(days=1)
    # session, user, permissions (user's, groups'); the chain and the steps this user
    # holds; the articles of the week with issue and page.
    with django_assert_num_queries(6):
        response = client.get(CALENDAR, {"date": f"{day:%Y-%m-%d}"})
    column = next(c for c in response.context["columns"] if c["date"] == day)
    assert [a.title for a in column["articles"]] == [f"定时{i}" for i in range(count)]
    assert response.context["count"] == count  # not next week's, not the draft
    html = response.text
    assert f'data-url="{reschedule_url(column["articles"][0])}"' in html  # draggable
    assert 'class="cal-move"' in html and "newsroom-admin/calendar.js" in html


def test_the_day_view_puts_articles_in_their_hour(client, final):
    article = scheduled("上午九点", at(1, 9, 30))
    client.force_login(final)
    day = timezone.localdate() + datetime.timedelta(days=1)
    response = client.get(CALENDAR, {"view": "day", "date": f"{day:%Y-%m-%d}"})
    hours = response.context["columns"][0]["hours"]
    assert [a.title for a in hours[9]["articles"]] == ["上午九点"]
    assert f'data-date="{day:%Y-%m-%d}" data-hour="9"' in response.text
    assert f'data-at="{day:%Y-%m-%d}T09:30"' in response.text and article


def test_a_bad_date_is_said_and_today_shown(client, final):
    client.force_login(final)
    response = client.get(CALENDAR, {"date": "2024-02-30"}, follow=True)
    assert "日期“2024-02-30”有误，已显示今天。" in [str(m) for m in response.context["messages"]]
    assert response.context["day"] == timezone.localdate()


def test_who_sees_the_calendar_and_who_may_move(client, reporter, second):
    scheduled("定时稿", at(1, 8))
    client.force_login(reporter)
    assert client.get(CALENDAR).status_code == 403
    client.force_login(second)
    response = client.get(CALENDAR, {"date": f"{at(1, 8):%Y-%m-%d}"})
    assert response.status_code == 200 and "定时稿" in response.text
    assert 'draggable="true"' not in response.text and 'class="cal-move"' not in response.text


# Rescheduling ----------------------------------------------------------------------------


def post(client, article, when, version=None):
    data = {"publish_at": when, "version": article.version if version is None else version}
    return client.post(reschedule_url(article), data)


def test_the_last_step_reschedules_as_one_revisioned_edit(client, final):
    article = scheduled("定时稿", at(1, 8))
    client.force_login(final)
    when = at(2, 10, 15)
    response = post(client, article, f"{when:%Y-%m-%dT%H:%M}")
    assert response.status_code == 200
    assert response.json() == {
        "version": 2,
        "publish_at": f"{when:%Y-%m-%dT%H:%M}",
        "time": "10:15",
        "message": f"已改期：《定时稿》{when:%Y-%m-%d %H:%M} 发布。",
    }
    article.refresh_from_db()
    assert article.publish_at == when and article.is_scheduled
    revision = article.revisions.latest("id")
    assert (revision.move, revision.created_by, revision.changed) == (
        Revision.Move.RESCHEDULE,
        final,
        ["publish_at"],
    )
    assert revision.comment == f"改期：{at(1, 8):%Y-%m-%d %H:%M} → {when:%Y-%m-%d %H:%M}"


@pytest.mark.parametrize(
    ("who", "status", "when", "code", "says"),
    [
        ("second", 403, "tomorrow", None, "只有“终审”环节可以改期。"),
        ("reporter", 404, "tomorrow", None, "没有这篇稿件。"),  # not theirs: not found
        ("final", 400, "yesterday", None, "改期的时间须晚于现在。"),
        ("final", 400, "2024-13-01T08:00", None, "时间格式有误。"),
        ("final", 400, "tomorrow", "", "缺少版本号，请刷新日历后再试。"),
        ("final", 409, "tomorrow", "stale", "稿件在你打开日历之后已被他人修改，请刷新后再试。"),
    ],
)
def test_a_crafted_reschedule_is_refused(client, request, who, status, when, code, says):
    article = scheduled("定时稿", at(1, 8))
    if code == "stale":
        with revisions.edit(article, None, 1, "同事改了标题"):
            article.title = "同事改的标题"
        code = 1
    client.force_login(request.getfixturevalue(who))
    text = {"tomorrow": f"{at(2, 9):%Y-%m-%dT%H:%M}", "yesterday": f"{at(-1, 9):%Y-%m-%dT%H:%M}"}
    response = post(client, article, text.get(when, when), code)
    assert (response.status_code, response.json()) == (status, {"error": says})
    article.refresh_from_db()
    assert article.publish_at == at(1, 8)
    assert not article.revisions.filter(move=Revision.Move.RESCHEDULE).exists()


def test_a_published_article_is_not_rescheduled(client, final):
    live = make_article("已发布")
    client.force_login(final)
    response = post(client, live, f"{at(2, 9):%Y-%m-%dT%H:%M}")
    assert response.status_code == 403
    assert response.json() == {"error": "只有定时发布、尚未发布的稿件可以改期。"}
    assert client.get(reschedule_url(live)).status_code == 405
