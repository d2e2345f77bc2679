"""Screenshots of the editors' desk for the README: an article's review (the chain, the
record of moves with a send-back, comments), the checks before publishing marked in the
change form, and the body editor (a subhead and a photo placed in the body, the count) with
its preview, from the seed issue in a throwaway SQLite database.

    .venv/bin/python docs/desk_screenshots.py       # writes docs/screenshots/review-*.png

Needs Chromium at /usr/bin/chromium (or CHROMIUM_PATH) and Playwright's Python package.
"""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from playwright.sync_api import sync_playwright
from screenshots import OUT, ROOT, start_server  # sets up Django on a throwaway database

from articles.desk import images
from articles.editing import revisions, workflow
from articles.models import Article, Comment, Image, Revision, Section, body
from tests.browser.conftest import CHROMIUM, DESKTOP, LAUNCH_ARGS
from tests.conftest import make_seed_issue, make_user

Move = Revision.Move


def the_story():
    """An article of the seed, written by its reporter, approved at 初审, sent back at
    复审, corrected, and now waiting at 终审 with a word-list match still in it."""
    issue = make_seed_issue()
    Section.objects.filter(name="要闻").update(title_length=16)
    article = issue.articles.get(title__contains="锻造新质生产力")
    reporter = make_user("liuyi", "记者", first_name="刘懿")
    first = make_user("wang", "编辑", first_name="王编辑")
    second = make_user("li", "部门主任", first_name="李主任")
    final = make_user("zhang", "总编辑", first_name="张总编")
    Article.objects.filter(pk=article.pk).update(status="draft", created_by=reporter)
    article.refresh_from_db()
    photo = a_photo(article, "6月8日，企业技术人员在生产线上调试设备。")
    with transaction.atomic(), revisions.edit(article, reporter, None, "补充结尾"):
        blocks = article.blocks
        article.body = [
            *blocks[:2],
            body.photo(photo.pk),
            body.block(body.SUBHEAD, "不让一家企业掉队"),
            *blocks[2:],
            {"type": "paragraph", "text": "与会企业表示，将再接再励，坚决不让一家企业掉队。"},
        ]

    def moved(user, what, note=""):
        workflow.move(article, what, user, article.version, note)

    moved(reporter, Move.SUBMIT)
    moved(first, Move.APPROVE, "导语已精简，送复审。")
    Comment.objects.create(article=article, author=second, text="第三段的产值数据请注明来源。")
    moved(second, Move.SEND_BACK, "第三段引用的数据请注明来源，按统计局口径。")
    Comment.objects.create(article=article, author=reporter, text="已按区统计局口径补充来源。")
    moved(reporter, Move.SUBMIT, "已补充数据来源。")
    moved(first, Move.APPROVE)
    moved(second, Move.APPROVE, "同意送终审。")
    # Spread over a morning, as the record would read.
    start = timezone.make_aware(datetime.datetime(2024, 6, 9, 8, 40))
    for minutes, revision in zip(range(0, 400, 37), article.revisions.order_by("id"), strict=False):
        Revision.objects.filter(pk=revision.pk).update(
            created_at=start + datetime.timedelta(minutes=minutes)
        )
    for minutes, comment in zip((70, 130), Comment.objects.order_by("id"), strict=True):
        Comment.objects.filter(pk=comment.pk).update(
            created_at=start + datetime.timedelta(minutes=minutes)
        )
    return article, final


def a_photo(article, caption):
    """A photo of ``article`` (a drawn picture of a workshop's light), with renditions."""
    picture = PILImage.new("RGB", (960, 600), "#1d3557")
    draw = ImageDraw.Draw(picture)
    for step in range(0, 600, 6):
        draw.rectangle(
            [0, step, 960, step + 6], fill=(29 + step // 6, 53 + step // 8, 87 + step // 10)
        )
    draw.rectangle([120, 330, 840, 520], fill="#457b9d")
    draw.ellipse([620, 80, 760, 220], fill="#f1c453")
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    position = article.images.count()
    photo = Image.objects.create(
        article=article,
        caption=caption,
        credit="刘懿 摄",
        position=position,
        file=SimpleUploadedFile("workshop.jpg", buffer.getvalue()),
    )
    images.make_renditions(photo)
    return photo


def region(page, first, last, margin=12):
    """The page from the top of ``first`` to the bottom of ``last``, as wide as ``first``."""
    top = page.locator(first).bounding_box()
    bottom = page.locator(last).bounding_box()
    x, y = top["x"] - margin, top["y"] - margin
    height = bottom["y"] + bottom["height"] + margin - y
    return {"x": x, "y": y, "width": top["width"] + 2 * margin, "height": height}


def shot(page, locator, name, height=900):
    """``locator``'s top ``height`` pixels."""
    box = locator.bounding_box()  # in the viewport; the clip is in the page
    x, y = page.evaluate("[window.scrollX, window.scrollY]")
    clip = {"x": box["x"] + x, "y": box["y"] + y, "width": box["width"], "height": height}
    target = OUT / f"{name}.png"
    page.screenshot(path=target, clip=clip, full_page=True)
    print(target.relative_to(ROOT))


def main():
    call_command("migrate", verbosity=0)
    article, final = the_story()
    client = Client()
    client.force_login(final)
    server, base = start_server()
    OUT.mkdir(parents=True, exist_ok=True)
    change = f"{base}/admin/articles/article/{article.pk}/change/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
        )
        context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
        context.add_cookies(
            [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}]
        )
        page = context.new_page()
        page.goto(change)
        shots = {
            "review-history": ("#review", "#comments"),
            "check-highlights": ("#checks", "fieldset.headline-stack"),
        }
        for name, (first, last) in shots.items():
            target = OUT / f"{name}.png"
            page.screenshot(path=target, clip=region(page, first, last), full_page=True)
            print(target.relative_to(ROOT))
        # The body editor: the blocks and the count; then its preview tab.
        editor = page.locator("#id_body_editor")
        editor.locator(".body-block-text").nth(1).focus()
        shot(page, editor, "body-editor")
        page.get_by_role("tab", name="预览（不保存）").click()
        page.wait_for_selector(".body-preview-panel .body-status:has-text('预览已更新')")
        preview = page.frame_locator(".body-preview-frame")
        preview.locator(".story-body figure").scroll_into_view_if_needed()
        page.wait_for_timeout(500)  # the preview's photo and fonts
        shot(page, editor, "body-preview")
        browser.close()
    server.terminate()


if __name__ == "__main__":
    main()
