"""The body editor in real Chromium: a reporter writes an article with a subhead and an
inline photo (reordered with the keyboard), watches the count and the preview, and sends
it through 初审, 复审 and 终审 with one send-back to publication; a draft typed and left
in a closed tab is offered and restored."""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image as PILImage

from articles.models import Article, BodyDraft, Image, body

from ..conftest import make_article, make_reporter, make_user
from .conftest import DESKTOP, watched

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("desk_data")]

Status = Article.Status


def desk_page(browser, live_server, user):
    """A page logged in as ``user``, failing the test on anything the CSP refuses."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return watched(context)


def photo(article, caption):
    buffer = io.BytesIO()
    PILImage.new("RGB", (90, 60), "#2d6a4f").save(buffer, "JPEG")
    return Image.objects.create(
        article=article, caption=caption, file=SimpleUploadedFile("lake.jpg", buffer.getvalue())
    )


def press(page, label):
    page.get_by_role("button", name=label, exact=True).click()
    page.wait_for_load_state()


def block_texts(page):
    return page.eval_on_selector_all(
        ".body-block",
        "items => items.map(i => i.querySelector('textarea') ? i.querySelector('textarea').value"
        " : 'photo:' + i.querySelector('figcaption').textContent)",
    )


def test_write_with_a_subhead_and_a_photo_then_three_steps_to_publication(live_server, browser):
    reporter = make_user("liuyi", "记者", first_name="刘懿")
    person = make_reporter("刘懿")
    person.user = reporter
    person.save()
    first = make_user("first", "编辑", first_name="初审甲")
    second = make_user("second", "部门主任", first_name="复审乙")
    final = make_user("final", "总编辑", first_name="终审丙")
    article = make_article(
        "宋剑湖湿地公园开园", status=Status.DRAFT, created_by=reporter, body="本报讯 湿地公园开园。"
    )
    lake = photo(article, "宋剑湖湿地公园一角")
    change = f"{live_server.url}/admin/articles/article/{article.pk}/change/"

    page = desk_page(browser, live_server, reporter)
    page.goto(change)
    assert page.locator("#id_body").is_hidden()  # the box is kept in step, out of sight
    first_block = page.locator(".body-block-text").first
    first_block.fill("本报讯 6月9日，宋剑湖湿地公园开园，市民要再接再励。")
    # 本报讯 + the rest: 21 Chinese characters.
    assert page.inner_text("#id_body_measure .measure-han") == "21"
    first_block.press("End")
    first_block.press("Enter")  # a new paragraph after it
    page.keyboard.type("园区面积约三千亩。")
    page.get_by_role("button", name="添加小标题").click()
    page.keyboard.type("生态优先")
    page.get_by_label("插入图片").select_option(str(lake.pk))
    assert block_texts(page) == [
        "本报讯 6月9日，宋剑湖湿地公园开园，市民要再接再励。",
        "园区面积约三千亩。",
        "生态优先",
        f"photo:宋剑湖湿地公园一角（[图 {lake.pk}]）",
    ]
    # The subhead goes up above the second paragraph with the keyboard (Alt+↑ in its
    # text), then the photo above the subhead from its handle (↑ twice).
    page.locator(".body-block-subhead .body-block-text").press("Alt+ArrowUp")
    page.get_by_role("button", name="移动第 4 块（图片）：↑ ↓ 键上下移动").focus()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")  # focus stays on the handle as the block moves
    assert block_texts(page) == [
        "本报讯 6月9日，宋剑湖湿地公园开园，市民要再接再励。",
        f"photo:宋剑湖湿地公园一角（[图 {lake.pk}]）",
        "生态优先",
        "园区面积约三千亩。",
    ]
    assert page.evaluate("document.activeElement.className") == "body-block-handle"
    assert page.inner_text("#id_body_measure .measure-han") == str(21 + 4 + 8)
    assert page.input_value("#id_body") == (
        "本报讯 6月9日，宋剑湖湿地公园开园，市民要再接再励。\n\n"
        f"[图 {lake.pk}]\n\n## 生态优先\n\n园区面积约三千亩。"
    )

    # The preview: the reader's page of what is typed, the word list marked, nothing saved.
    page.get_by_role("tab", name="预览（不保存）").click()
    page.wait_for_selector(".body-preview-panel .body-status:has-text('预览已更新')")
    preview = page.frame_locator(".body-preview-frame")
    assert preview.locator("h2.subhead").inner_text() == "生态优先"
    assert preview.locator("mark.check-mark").inner_text() == "再接再励"
    assert preview.locator(".story-body figure figcaption").inner_text() == "宋剑湖湿地公园一角"
    page.get_by_role("tab", name="编辑正文").click()
    page.wait_for_selector(".body-status:has-text('已自动保存草稿')")
    article.refresh_from_db()
    assert article.version == 1 and article.blocks == body.from_text("本报讯 湿地公园开园。")
    assert BodyDraft.objects.filter(article=article, user=reporter).exists()

    press(page, "提交审核（送初审）")
    assert "提交审核，送初审" in page.inner_text(".messagelist")
    article.refresh_from_db()
    assert [block["type"] for block in article.blocks] == [
        "paragraph",
        "photo",
        "subhead",
        "paragraph",
    ]
    assert article.status == Status.REVIEW and article.version == 2
    assert not BodyDraft.objects.exists()  # the save spent the draft

    as_first = desk_page(browser, live_server, first)
    as_first.goto(change)
    press(as_first, "初审通过，送复审")
    as_second = desk_page(browser, live_server, second)
    as_second.goto(change)
    as_second.fill("#id_review_note", "请写明开园时间。")
    press(as_second, "退回给记者")
    article.refresh_from_db()
    assert article.status == Status.DRAFT

    page.goto(change)
    assert "请写明开园时间。" in page.inner_text("#review")
    page.locator(".body-block-text").first.fill(
        "本报讯 6月9日上午，宋剑湖湿地公园开园，市民要再接再励。"
    )
    press(page, "提交审核（送初审）")
    as_first.goto(change)
    press(as_first, "初审通过，送复审")
    as_second.goto(change)
    press(as_second, "复审通过，送终审")
    as_final = desk_page(browser, live_server, final)
    as_final.goto(change)
    press(as_final, "全部改为“再接再厉”")
    press(as_final, "终审通过并发布")

    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    moves = list(article.revisions.exclude(move="").order_by("id").values_list("move", flat=True))
    assert moves == ["submit", "approve", "send_back", "submit", "approve", "approve", "publish"]
    assert article.blocks[0]["text"].endswith("市民要再接再厉。")
    assert article.blocks[1] == body.photo(lake.pk)

    reader = watched(browser.new_context(locale="zh-CN"))
    reader.goto(live_server.url + article.get_absolute_url())
    assert reader.locator("figure").count() == 1  # placed in the body: not also at the top
    assert reader.inner_text(".story-body figure figcaption") == "宋剑湖湿地公园一角"
    assert reader.inner_text(".story-body h2.subhead") == "生态优先"
    for each in (page, as_first, as_second, as_final, reader):
        assert not each.csp_violations, each.csp_violations
        each.context.close()


def test_a_draft_left_in_a_closed_tab_is_offered_and_restored(live_server, browser):
    editor = make_user("editor", "编辑", first_name="编辑甲")
    article = make_article("区里召开会议", status=Status.DRAFT, body="第一段。")
    change = f"{live_server.url}/admin/articles/article/{article.pk}/change/"
    page = desk_page(browser, live_server, editor)
    page.goto(change)
    page.locator(".body-block-text").first.fill("第一段，改了一半。")
    page.fill("#id_title", "区里召开专题会议")
    page.wait_for_selector(".body-status:has-text('已自动保存草稿')")
    page.context.close()  # the tab is closed without saving

    article.refresh_from_db()
    assert article.title == "区里召开会议" and article.version == 1
    page = desk_page(browser, live_server, editor)
    page.goto(change)
    assert "你有一份没有保存的草稿" in page.inner_text("#body-draft")
    assert page.locator(".body-block-text").first.input_value() == "第一段。"
    page.get_by_role("button", name="恢复草稿").click()
    assert page.locator(".body-block-text").first.input_value() == "第一段，改了一半。"
    assert page.input_value("#id_title") == "区里召开专题会议"
    assert page.locator("#body-draft").is_hidden()
    page.get_by_role("button", name="保存", exact=True).first.click()
    page.wait_for_load_state()
    article.refresh_from_db()
    assert article.title == "区里召开专题会议" and article.paragraphs == ["第一段，改了一半。"]
    assert not BodyDraft.objects.exists()

    # Typed again, left again, and this time thrown away.
    page.goto(change)
    page.locator(".body-block-text").first.fill("不要了。")
    page.wait_for_selector(".body-status:has-text('已自动保存草稿')")
    page.goto(change)
    page.get_by_role("button", name="丢弃草稿").click()
    page.wait_for_selector(".body-status:has-text('已丢弃草稿')")
    assert page.locator("#body-draft").is_hidden() and not BodyDraft.objects.exists()
    assert page.locator(".body-block-text").first.input_value() == "第一段，改了一半。"
    assert not page.csp_violations, page.csp_violations
    page.context.close()


def test_blocks_reorder_by_dragging_their_handle(live_server, browser):
    editor = make_user("editor", "编辑", first_name="编辑甲")
    article = make_article("稿件", status=Status.DRAFT, body="甲段。\n\n## 乙标题\n\n丙段。")
    page = desk_page(browser, live_server, editor)
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.drag_and_drop(
        ".body-block[data-index='2'] .body-block-handle",
        ".body-block[data-index='0'] .body-block-kind",
    )
    assert block_texts(page) == ["丙段。", "甲段。", "乙标题"]
    assert page.input_value("#id_body") == "丙段。\n\n甲段。\n\n## 乙标题"
    assert not page.csp_violations, page.csp_violations
    # The move is autosaved; wait for it, or closing the tab sends it while the test's
    # database is being emptied.
    page.wait_for_selector(".body-status:has-text('已自动保存草稿')")
    page.context.close()
