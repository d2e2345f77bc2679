"""The review in real Chromium: a reporter's article through 初审, 复审 and 终审 with one
send-back, then published; and the publication calendar rescheduled with the keyboard."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from articles.models import Article, Revision

from ..conftest import make_article, make_user

# The groups, the review chain and the word list come from data migrations (desk_data).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("desk_data")]

Status = Article.Status


def session_for(browser, live_server, user):
    """A browser context logged in as ``user`` (the session cookie of a real login)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context.new_page()


def test_three_steps_with_one_send_back_then_published(live_server, browser):
    reporter = make_user("liuyi", "记者", first_name="刘懿")
    first = make_user("first", "编辑", first_name="初审甲")
    second = make_user("second", "部门主任", first_name="复审乙")
    final = make_user("final", "总编辑", first_name="终审丙")
    article = make_article(
        "全区专题座谈会召开",
        status=Status.DRAFT,
        created_by=reporter,
        body="本报讯 会议要求再接再励，推动发展。",
    )
    change = f"{live_server.url}/admin/articles/article/{article.pk}/change/"

    def press(page, label):
        page.get_by_role("button", name=label).click()
        page.wait_for_load_state()

    as_reporter = session_for(browser, live_server, reporter)
    as_reporter.goto(change)
    press(as_reporter, "提交审核（送初审）")
    assert "提交审核，送初审" in as_reporter.inner_text(".messagelist")

    as_first = session_for(browser, live_server, first)
    as_first.goto(f"{live_server.url}/admin/articles/article/queue/")
    as_first.get_by_role("link", name="全区专题座谈会召开").click()
    press(as_first, "初审通过，送复审")
    assert "/queue/" in as_first.url and "没有等待你审核的稿件" in as_first.inner_text("#content")

    as_second = session_for(browser, live_server, second)
    as_second.goto(change)
    press(as_second, "退回给记者")  # without a reason: refused
    assert "退回须写明理由。" in as_second.inner_text(".field-review_note")
    as_second.fill("#id_review_note", "导语缺少时间地点。")
    press(as_second, "退回给记者")
    article.refresh_from_db()
    assert article.status == Status.DRAFT

    # The reporter reads why, corrects the lede and submits again.
    as_reporter.goto(change)
    assert "导语缺少时间地点。" in as_reporter.inner_text("#review")
    as_reporter.fill(
        ".body-block-text >> nth=0", "本报讯 6月9日，会议在区行政中心召开，要求再接再励，推动发展。"
    )
    press(as_reporter, "提交审核（送初审）")

    as_first.goto(change)
    press(as_first, "初审通过，送复审")
    as_second.goto(change)
    press(as_second, "复审通过，送终审")

    # 终审: the word list marks a mistake; one click corrects it, then publish.
    as_final = session_for(browser, live_server, final)
    as_final.goto(change)
    assert as_final.inner_text("#checks mark.check-mark-mistake") == "再接再励"
    press(as_final, "全部改为“再接再厉”")
    assert "已修正：“再接再励”改为“再接再厉” 1 处。" in as_final.inner_text(".messagelist")
    press(as_final, "终审通过并发布")

    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and "再接再厉" in article.paragraphs[0]
    moves = list(article.revisions.exclude(move="").order_by("id").values_list("move", flat=True))
    assert moves == ["submit", "approve", "send_back", "submit", "approve", "approve", "publish"]
    as_final.goto(f"{live_server.url}/admin/articles/article/{article.pk}/history/")
    history = as_final.inner_text("#content")
    assert "复审退回" in history and "意见：导语缺少时间地点。" in history
    reader = browser.new_context(locale="zh-CN").new_page()
    reader.goto(live_server.url + article.get_absolute_url())
    assert reader.inner_text("h1") == "全区专题座谈会召开"
    for page in (as_reporter, as_first, as_second, as_final, reader):
        page.context.close()


def test_the_calendar_reschedules_with_the_keyboard(live_server, browser):
    final = make_user("final", "总编辑", first_name="终审丙")
    day = timezone.localdate() + datetime.timedelta(days=1)
    when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(8, 30)))
    article = make_article("定时稿件", publish_at=when)
    page = session_for(browser, live_server, final)
    page.goto(f"{live_server.url}/admin/articles/article/calendar/?view=day&date={day:%Y-%m-%d}")
    assert page.locator(f'.cal-slot[data-hour="8"] #cal-article-{article.pk}').count() == 1

    button = page.get_by_role("button", name="改期：定时稿件")
    button.focus()
    page.keyboard.press("Enter")  # pick it up
    page.keyboard.press("ArrowDown")  # an hour later
    page.keyboard.press("ArrowDown")
    assert "改到" in page.inner_text("#cal-status")
    page.keyboard.press("Enter")  # save
    page.wait_for_selector("#cal-status:has-text('已改期')")
    assert page.locator(f'.cal-slot[data-hour="10"] #cal-article-{article.pk}').count() == 1
    assert page.evaluate("document.activeElement.textContent") == "改期"

    article.refresh_from_db()
    assert timezone.localtime(article.publish_at).time() == datetime.time(10, 30)
    assert article.revisions.latest("id").move == Revision.Move.RESCHEDULE
    # A second move from the same page carries the new version: not refused as stale.
    button.focus()
    for key in ("Enter", "ArrowRight", "Enter"):
        page.keyboard.press(key)
    page.wait_for_selector(f"#cal-article-{article.pk}", state="hidden")  # to a day not shown
    article.refresh_from_db()
    assert timezone.localtime(article.publish_at).date() == day + datetime.timedelta(days=1)
    assert article.version == 3
    page.context.close()
