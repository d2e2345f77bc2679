"""An editor, in headless Chromium, draws a photo's crop and clicks its focal point on the
original, then saves: the copies readers get are cut there."""

import pytest

from articles.desk import images
from articles.models import Image

from ..conftest import make_article, make_user
from ..photos import camera_jpeg

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("desk_data")]


def test_an_editor_sets_crop_and_focal_point_on_the_photo(live_server, page):
    article = make_article("端午龙舟赛")
    upload = camera_jpeg()  # 800 × 1200 upright
    image = Image(article=article, caption="龙舟下水")
    image.file.save(upload.name, upload, save=False)
    image.save()
    images.make_renditions(image)
    editor = make_user("wang", "编辑")
    editor.set_password("correct-horse")
    editor.save()

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "wang")
    page.fill("#id_password", "correct-horse")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/articles/image/{image.pk}/change/")
    editor_box = page.locator("#focus-editor")
    page.wait_for_function(
        "document.querySelector('#focus-editor img').naturalWidth === 800"
    )  # the original, through the desk's view
    editor_box.scroll_into_view_if_needed()
    box = editor_box.bounding_box()

    def at(x, y):
        return box["x"] + box["width"] * x, box["y"] + box["height"] * y

    # Drag the crop from (10 %, 20 %) to (90 %, 80 %), then click the focal point.
    page.mouse.move(*at(0.1, 0.2))
    page.mouse.down()
    page.mouse.move(*at(0.5, 0.5), steps=5)
    page.mouse.move(*at(0.9, 0.8), steps=5)
    page.mouse.up()
    page.mouse.click(*at(0.3, 0.7))
    assert page.locator(".focus-crop").is_visible()
    assert abs(float(page.input_value("#id_crop_left")) - 0.1) < 0.01
    assert abs(float(page.input_value("#id_focus_y")) - 0.7) < 0.01
    # The keyboard moves the focal point too.
    editor_box.focus()
    page.keyboard.press("ArrowRight")
    assert abs(float(page.input_value("#id_focus_x")) - 0.31) < 0.01
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    image.refresh_from_db()
    assert [round(v, 2) for v in image.crop] == [0.1, 0.2, 0.9, 0.8]
    assert (round(image.focus_x, 2), round(image.focus_y, 2)) == (0.31, 0.7)
    # 3:2 inside the crop (80…720 × 240…960): 640 × 427, centred on y = 840 as far as the
    # crop lets it go: its bottom on the crop's.
    assert image.renditions["ratios"]["3:2"]["box"] == [80, 533, 720, 960]
    article.refresh_from_db()
    assert article.revisions.latest().created_by == editor
