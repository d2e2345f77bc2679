"""The photo desk: crop and focal point set on the photo (the copies follow them), crafted
values refused, several photos uploaded at once and captioned, the library searched and a
photo reused on another article; every write one revisioned edit of its article, and a
reporter only on the photos of articles they may edit."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from articles.desk import images
from articles.models import Article, Image

from ..conftest import form_data, make_article, make_user
from ..photos import camera_jpeg, open_copy, plain
from .test_images import bomb

pytestmark = pytest.mark.django_db

Status = Article.Status


def photo_on(article, upload=None, **fields):
    """A photo on ``article`` with its copies, as the desk makes them."""
    upload = upload or plain()
    image = Image(article=article, position=article.images.count(), **fields)
    image.file.save(upload.name, upload, save=False)
    image.save()
    return images.make_renditions(image)


def files_in(root):
    return {p.relative_to(root) for p in Path(root).rglob("*") if p.is_file()}


def change_url(image):
    return reverse("admin:articles_image_change", args=[image.pk])


def frame(client, image, **values):
    """POST the photo's change form with crop and focal point ``values``."""
    url = change_url(image)
    return client.post(url, form_data(client.get(url)) | values)


# Crop and focal point -------------------------------------------------------------------


def striped(width=1200, height=600):
    """A photo whose columns say where they are: red right of x = 1000, else blue."""
    picture = PILImage.new("RGB", (width, height), "#2244aa")
    picture.paste("#dd2211", (1000, 0, width, height))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return SimpleUploadedFile("striped.png", buffer.getvalue())


def test_copies_are_cut_around_the_focal_point_inside_the_crop(client, editor):
    article = make_article("龙舟竞渡")
    image = photo_on(article, striped())
    before = images.rendition_names(image.renditions)
    client.force_login(editor)
    response = frame(client, image, crop_left="0.1", crop_right="0.9", focus_x="0.8", focus_y="0.5")
    assert response.status_code == 302
    image.refresh_from_db()
    shapes = image.renditions["ratios"]
    # The crop: 120…1080 of 1200, the whole height.
    assert shapes["free"]["box"] == [120, 0, 1080, 600]
    # 3:2 in 960 × 600: 900 × 600, centred on x = 960 as far as the crop allows (180…1080).
    assert shapes["3:2"]["box"] == [180, 0, 1080, 600]
    # 16:9: 960 × 540, centred on y = 300: 30…570.
    assert shapes["16:9"]["box"] == [120, 30, 1080, 570]
    assert [c["width"] for c in image.copies("3:2")] == [320, 640, 900]
    assert [(c["width"], c["height"]) for c in image.copies("16:9")] == [(640, 360), (960, 540)]
    # The 3:2 copy shows the red right edge (x ≥ 1000 of the photo: its last 80 of 900).
    _, copy = open_copy(image.copies("3:2")[-1]["jpg"])
    assert copy.size == (900, 600)
    assert copy.convert("RGB").getpixel((890, 300))[0] > 180
    assert copy.convert("RGB").getpixel((10, 300))[2] > 120
    # One edit of the article, which readers' pages follow; the old copies are gone.
    article.refresh_from_db()
    assert (article.version, article.revisions.latest().changed) == (2, ["images"])
    assert not any(default_storage.exists(name) for name in before)
    first = article.revisions.get(version=1)
    compare = reverse("admin:articles_article_revision", args=[article.pk, first.pk])
    assert "裁切 左10% 上0% 右90% 下100%，焦点 80%, 50%" in client.get(compare).text


def test_restoring_a_revision_puts_back_crop_and_focal_point_and_their_copies(client, editor):
    article = make_article("龙舟竞渡")
    image = photo_on(article, striped())
    client.force_login(editor)
    frame(client, image, crop_left="0.1", crop_right="0.9", focus_x="0.8", focus_y="0.5")
    image.refresh_from_db()
    cropped = images.rendition_names(image.renditions)

    def restore(version):
        revision = article.revisions.get(version=version)
        url = reverse("admin:articles_article_revision", args=[article.pk, revision.pk])
        current = Article.objects.get(pk=article.pk).version
        assert client.post(url, {"version": current}).status_code == 302
        image.refresh_from_db()

    restore(1)  # as uploaded: neither cropped nor given a focal point
    assert (image.crop, image.focus) == ((0, 0, 1, 1), (0.5, 0.5))
    assert image.renditions["ratios"]["free"]["box"] == [0, 0, 1200, 600]
    assert not any(default_storage.exists(name) for name in cropped)
    restore(2)  # cropped again, and its copies with it
    assert (image.crop, image.focus) == ((0.1, 0, 0.9, 1), (0.8, 0.5))
    assert image.renditions["ratios"]["3:2"]["box"] == [180, 0, 1080, 600]
    assert Article.objects.get(pk=article.pk).version == 4


def test_a_focal_point_near_the_edge_keeps_the_box_inside_the_crop():
    box = images.ratio_box((1000, 1000), (0.2, 0.2, 0.8, 0.6), (0.21, 0.59), (16, 9))
    left, top, right, bottom = box
    assert (left, top) == (200, 262) and right - left == 600 and bottom <= 600


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"crop_left": "0.9", "crop_right": "0.1"}, "裁切范围无效"),
        ({"crop_top": "0.5", "crop_bottom": "0.52"}, "裁切范围无效"),
        ({"focus_x": "1.5"}, "确保该值小于或等于1"),
        ({"crop_left": "-0.2"}, "确保该值大于或等于0"),
        ({"focus_x": "nan"}, "输入一个数字"),
        ({"focus_y": "1e309"}, "输入一个数字"),
        ({"focus_x": "abc"}, "输入一个数字"),
        ({"crop_left": "0.6", "focus_x": "0.3"}, "焦点须在裁切范围之内"),
    ],
    ids=["inverted", "too-thin", "over-one", "negative", "nan", "infinite", "text", "outside"],
)
def test_crafted_crop_and_focus_values_are_refused(client, editor, values, message):
    article = make_article("龙舟竞渡")
    image = photo_on(article)
    renditions = image.renditions
    client.force_login(editor)
    response = frame(client, image, **values)
    assert response.status_code == 200
    assert message in response.text
    image.refresh_from_db()
    article.refresh_from_db()
    assert (image.crop, image.focus, image.renditions) == ((0, 0, 1, 1), (0.5, 0.5), renditions)
    assert article.version == 1


def test_the_change_page_has_the_focus_editor_on_the_original(client, editor):
    image = photo_on(make_article("龙舟竞渡"), camera_jpeg())
    client.force_login(editor)
    html = client.get(change_url(image)).text
    original = reverse("admin:articles_image_original", args=[image.pk])
    assert 'id="focus-editor"' in html and f'src="{original}"' in html
    assert 'width="800" height="1200"' in html  # upright
    assert "newsroom-admin/photo-focus.js" in html


def test_a_reused_photo_keeps_its_copies_when_the_other_is_reframed(client, editor):
    first = photo_on(make_article("第一篇"))
    second = images_reuse(first, make_article("第二篇"))
    client.force_login(editor)
    assert frame(client, second, focus_x="0.9").status_code == 302
    first.refresh_from_db()
    assert all(default_storage.exists(n) for n in images.rendition_names(first.renditions))


def images_reuse(image, article):
    from django.db import transaction

    from articles.desk.admin.photos import reuse
    from articles.editing import revisions

    with transaction.atomic(), revisions.edit(article, None):
        return reuse(image, article)


def test_without_avif_the_copies_are_webp_and_jpeg(monkeypatch):
    monkeypatch.setattr(images.features, "check", lambda name: name != "avif")
    image = photo_on(make_article("龙舟竞渡"))
    assert all(set(copy) == {"width", "height", "jpg", "webp"} for copy in image.copies())
    assert [mime for mime, _ in image.picture().sources] == ["image/webp", "image/jpeg"]


# Several photos at once -----------------------------------------------------------------


def upload_url(article):
    return reverse("admin:articles_image_upload", args=[article.pk])


def test_several_photos_are_uploaded_at_once_then_captioned(client, editor):
    article = make_article("端午假期", images=1)  # one awaited photo already
    client.force_login(editor)
    page = client.get(upload_url(article))
    assert "multiple" in page.text and 'name="version" value="1"' in page.text
    files = [plain(name="a.jpg"), camera_jpeg(name="b.jpg"), plain(300, 200, "PNG", "c.png")]
    response = client.post(upload_url(article), {"files": files, "version": 1})
    assert response.status_code == 302
    added = list(article.images.exclude(file="").order_by("position"))
    assert [image.position for image in added] == [1, 2, 3]
    sizes = [(image.width, image.height) for image in added]
    assert sizes == [(1200, 800), (800, 1200), (300, 200)]
    article.refresh_from_db()
    assert article.version == 2
    assert article.revisions.latest().comment == "上传 3 张图片"

    captions = client.get(response["Location"])
    assert captions.text.count("第 1 张") == 1 and "第 3 张" in captions.text
    data = {
        "version": "2",
        "form-TOTAL_FORMS": "3",
        "form-INITIAL_FORMS": "3",
        **{f"form-{i}-id": str(image.pk) for i, image in enumerate(added)},
        **{f"form-{i}-caption": f"说明{i}" for i in range(3)},
        **{f"form-{i}-credit": "李焱 摄" for i in range(3)},
    }
    done = client.post(response["Location"], data)
    assert done.status_code == 302
    assert [(i.caption, i.credit) for i in article.images.exclude(file="")] == [
        ("说明0", "李焱 摄"),
        ("说明1", "李焱 摄"),
        ("说明2", "李焱 摄"),
    ]
    article.refresh_from_db()
    assert (article.version, article.revisions.latest().comment) == (3, "填写图片说明")


def test_one_refused_file_refuses_them_all_and_names_it(client, editor):
    article = make_article("端午假期")
    client.force_login(editor)
    before = files_in(settings.MEDIA_ROOT), files_in(settings.NEWSROOM_ORIGINALS_ROOT)
    bad = plain(name="截图.jpg")
    bad.file = io.BytesIO(b"not a picture at all")
    bad.size = 20
    files = [plain(name="good.jpg"), bomb(), bad]
    response = client.post(upload_url(article), {"files": files, "version": 1})
    assert response.status_code == 200
    assert "没有上传任何图片" in response.text
    assert "“bomb.png”：图片像素过多" in response.text
    assert "“截图.jpg”：这不是一张有效的图片" in response.text
    assert "good.jpg" not in response.text
    assert not article.images.exists()
    assert (files_in(settings.MEDIA_ROOT), files_in(settings.NEWSROOM_ORIGINALS_ROOT)) == before
    article.refresh_from_db()
    assert article.version == 1


def test_an_upload_from_a_stale_page_or_without_files_saves_nothing(client, editor):
    article = make_article("端午假期")
    client.force_login(editor)
    response = client.post(upload_url(article), {"files": [plain()], "version": 7})
    assert "稿件在你打开此页之后被修改了" in response.text
    response = client.post(upload_url(article), {"version": 1})
    assert "请选择要上传的图片" in response.text
    response = client.post(upload_url(article), {"files": [plain()], "version": "-1"})
    assert response.status_code == 200
    assert not article.images.exists()


# The library and reuse ------------------------------------------------------------------


LIBRARY = reverse("admin:articles_image_changelist")


def library(client, **query):
    return [image.pk for image in client.get(LIBRARY, query).context["cl"].result_list]


def test_the_library_finds_photos_by_caption_credit_and_date(client, editor):
    import datetime

    from django.utils import timezone

    old = photo_on(make_article("旧闻"), caption="老街改造前", credit="王强 摄")
    new = photo_on(make_article("新闻"), caption="龙舟下水", credit="李焱 摄")
    Image.objects.filter(pk=old.pk).update(
        uploaded_at=timezone.make_aware(datetime.datetime(2023, 5, 2, 9))
    )
    client.force_login(editor)
    assert library(client, q="老街") == [old.pk]
    assert library(client, q="李焱") == [new.pk]
    assert library(client, uploaded_at__year="2023") == [old.pk]
    assert library(client, uploaded_at__year="2023", uploaded_at__month="5") == [old.pk]
    html = client.get(LIBRARY).text
    assert "用于其他稿件" in html and "2023-05-02" in html
    assert "/original/" not in html  # the library shows copies, not originals


@pytest.mark.parametrize("count", [1, 15])
def test_the_library_page_costs_the_same_however_many_photos(
    client, editor, django_assert_num_queries, count
):
    for n in range(count):
        photo_on(make_article(f"稿件{n}"), caption=f"龙舟{n}")
    client.force_login(editor)
    # session, user, two permission lookups; count, full count; the photos with their
    # articles; the date hierarchy (MIN/MAX, then the years; in a year: its months).
    with django_assert_num_queries(9):
        client.get(LIBRARY)
    with django_assert_num_queries(8):
        client.get(LIBRARY, {"q": "龙舟", "uploaded_at__year": "2026"})


def test_reuse_puts_the_same_original_on_another_article(client, editor):
    image = photo_on(make_article("龙舟竞渡"), caption="龙舟下水", credit="李焱 摄")
    image.focus_x = 0.7
    image.save()
    target = make_article("端午综述", images=1)
    originals = files_in(settings.NEWSROOM_ORIGINALS_ROOT)
    client.force_login(editor)
    url = reverse("admin:articles_image_reuse", args=[image.pk])
    assert "用于稿件" in client.get(url).text
    response = client.post(url, {"article": target.pk})
    assert response.status_code == 302
    copy = target.images.get(position=1)
    assert (copy.file.name, copy.caption, copy.credit) == (image.file.name, "龙舟下水", "李焱 摄")
    assert (copy.focus_x, copy.renditions) == (0.7, image.renditions)
    assert files_in(settings.NEWSROOM_ORIGINALS_ROOT) == originals  # no copy of the bytes
    target.refresh_from_db()
    assert (target.version, target.revisions.latest().comment) == (2, "从图片库选用图片")
    assert client.get(target.get_absolute_url()).text.count(image.display_url) >= 1
    # Not onto its own article, nor onto one that does not exist.
    assert "已在这篇稿件中" in client.post(url, {"article": image.article_id}).text
    assert "没有这篇稿件" in client.post(url, {"article": "999999"}).text
    assert "没有这篇稿件" in client.post(url, {"article": "x"}).text


# Who may do what ------------------------------------------------------------------------


def test_a_reporter_works_on_the_photos_of_their_own_drafts_only(client, reporter):
    mine = make_article("我的草稿", status=Status.DRAFT, bylines=["刘懿"])
    submitted = make_article("已送审", status=Status.REVIEW, bylines=["刘懿"])
    others = make_article("别人的草稿", status=Status.DRAFT, bylines=["何美欣"])
    my_photo, their_photo = photo_on(mine), photo_on(others)
    client.force_login(reporter)

    assert client.get(LIBRARY).status_code == 403
    assert client.post(upload_url(mine), {"files": [plain()], "version": 1}).status_code == 302
    assert client.get(upload_url(submitted)).status_code == 403
    assert client.get(upload_url(others)).status_code == 404
    assert client.get(upload_url(Article(pk=999999))).status_code == 404

    assert frame(client, my_photo, focus_x="0.3").status_code == 302
    my_photo.refresh_from_db()
    assert my_photo.focus_x == 0.3
    assert client.get(change_url(their_photo)).status_code == 403
    response = client.post(change_url(their_photo), {"article": others.pk, "focus_x": "0.1"})
    assert response.status_code == 403
    their_photo.refresh_from_db()
    assert their_photo.focus_x == 0.5

    original = "admin:articles_image_original"
    assert client.get(reverse(original, args=[my_photo.pk])).status_code == 200
    assert client.get(reverse(original, args=[their_photo.pk])).status_code == 404
    # Reuse: only onto an article they may edit.
    reuse = reverse("admin:articles_image_reuse", args=[my_photo.pk])
    assert "没有这篇稿件" in client.post(reuse, {"article": others.pk}).text
    assert "你不能修改《已送审》" in client.post(reuse, {"article": submitted.pk}).text
    their_reuse = reverse("admin:articles_image_reuse", args=[their_photo.pk])
    assert client.get(their_reuse).status_code == 404
    assert not submitted.images.exists() and others.images.count() == 1


def test_an_editor_of_an_earlier_step_may_upload_but_anonymous_may_not(client):
    article = make_article("端午假期")
    assert client.get(upload_url(article)).status_code == 302  # to the login page
    client.force_login(make_user("chief", "编辑"))
    assert client.get(upload_url(article)).status_code == 200


# Photos uploaded before originals were kept apart ---------------------------------------


def test_the_migration_moves_old_originals_and_remakes_their_copies(capsys):
    import importlib

    from django.apps import apps
    from django.core.files.base import ContentFile

    migration = importlib.import_module("articles.migrations.0017_photo_focus")
    article = make_article("旧照片")
    data = camera_jpeg().read()
    old_name = default_storage.save("photos/2024/06/IMG_0001.jpg", ContentFile(data))
    old_copy = default_storage.save("photos/2024/06/IMG_0001-480w.jpg", ContentFile(b"x"))
    image = Image.objects.create(article=article, caption="旧", renditions={"480": old_copy})
    Image.objects.filter(pk=image.pk).update(file=old_name, width=1200, height=800)
    gone = Image.objects.create(article=article, caption="丢了", position=1)
    Image.objects.filter(pk=gone.pk).update(file="photos/2024/06/lost.jpg")

    migration.forwards(apps, None)
    assert "1 originals moved and their copies remade, 1 missing" in capsys.readouterr().out
    image.refresh_from_db()
    assert not default_storage.exists(old_name) and not default_storage.exists(old_copy)
    assert image.file.read() == data and image.file.name.endswith(".jpg")
    assert (image.width, image.height) == (800, 1200)
    assert image.uploaded_at == article.publish_at
    assert image.display_url and all(
        default_storage.exists(name) for name in images.rendition_names(image.renditions)
    )
    migration.forwards(apps, None)  # again: nothing left to do
    assert "moved" not in capsys.readouterr().out.replace("0 originals moved", "")


def test_reframing_refreshes_the_cached_pages_showing_the_photo(
    client, editor, settings, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    settings.NEWSROOM_PAGE_CACHE = True
    cache.clear()
    article = make_article("龙舟竞渡")
    image = photo_on(article, striped())
    url = article.get_absolute_url()
    assert client.get(url)["X-Cache"] == "MISS"
    assert client.get(url)["X-Cache"] == "HIT"
    old = image.display_url
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        assert frame(client, image, crop_left="0.5", focus_x="0.75").status_code == 302
    client.logout()
    image.refresh_from_db()
    response = client.get(url)
    assert response["X-Cache"] == "MISS"
    assert image.display_url in response.text and old not in response.text
    assert 'width="600" height="600"' in response.text  # the right half, 600 × 600
    cache.clear()


def test_the_article_form_shows_its_photos_with_links_to_frame_and_upload(client, editor):
    article = make_article("龙舟竞渡")
    image = photo_on(article)
    client.force_login(editor)
    html = client.get(reverse("admin:articles_article_change", args=[article.pk])).text
    assert f'href="{change_url(image)}">裁切与焦点</a>' in html
    assert f'href="{reverse("admin:articles_image_original", args=[image.pk])}">原图</a>' in html
    assert f'href="{upload_url(article)}"' in html
    assert image.file.name not in html


def test_a_reporter_sees_the_photos_of_their_article_in_review_without_the_original(
    client, reporter
):
    # Read-only forms show a file field as a link to the file: an original has none.
    submitted = make_article("已送审", status=Status.REVIEW, bylines=["刘懿"])
    photo = photo_on(submitted, caption="湖边")
    client.force_login(reporter)
    article_page = client.get(reverse("admin:articles_article_change", args=[submitted.pk]))
    photo_page = client.get(change_url(photo))
    for response in (article_page, photo_page):
        assert response.status_code == 200
        assert "湖边" in response.text and 'class="photo-preview"' in response.text
        assert photo.file.name not in response.text
