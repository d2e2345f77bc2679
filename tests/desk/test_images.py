"""Photo uploads through the admin: checked (a decompression bomb included), resized for the
site, and the photos still awaited (缺图) easy to find."""

import io
import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from articles.models import Article, Image

from ..conftest import form_data, make_article

pytestmark = pytest.mark.django_db


def picture(width=1200, height=800, fmt="JPEG", mode="RGB", name=None):
    buffer = io.BytesIO()
    PILImage.new(mode, (width, height), "#336699").save(buffer, fmt)
    name = name or f"photo.{fmt.lower().replace('jpeg', 'jpg')}"
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def bomb(width=40_000, height=40_000):
    """A PNG of a few dozen bytes whose header claims 1.6 billion pixels."""
    real = io.BytesIO()
    PILImage.new("1", (1, 1)).save(real, "PNG")
    data = real.getvalue()
    ihdr = struct.pack(">II", width, height) + data[24:29]
    chunk = b"IHDR" + ihdr
    patched = data[:12] + chunk + struct.pack(">I", zlib.crc32(chunk)) + data[33:]
    return SimpleUploadedFile("bomb.png", patched, content_type="image/png")


def upload(client, article, file):
    """Upload ``file`` as the article's (first) photo through its change form."""
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(client.get(url)) | {"images-0-file": file}
    return client.post(url, data)


@pytest.fixture
def photo_story(editor, client):
    client.force_login(editor)
    return make_article("欢度端午心连心", kind=Article.Kind.PHOTO, images=1)


def test_a_photo_is_stored_with_renditions_for_srcset(client, photo_story):
    response = upload(client, photo_story, picture(1200, 800))
    assert response.status_code == 302
    image = photo_story.images.get()
    assert (image.width, image.height) == (1200, 800)
    # 480 and 960 wide, and the original's own width: never upscaled to 1600.
    copies = image.copies()
    assert [copy["width"] for copy in copies] == [480, 960, 1200]
    for copy in copies:
        for encoding in ("jpg", "webp"):
            with default_storage.open(copy[encoding]) as stored, PILImage.open(stored) as resized:
                assert resized.size == (copy["width"], copy["height"])
    assert "480w" in image.srcset and "1200w" in image.srcset


def test_a_small_photo_gets_one_rendition_at_its_own_width(client, photo_story):
    assert upload(client, photo_story, picture(300, 200, "PNG")).status_code == 302
    assert [copy["width"] for copy in photo_story.images.get().copies()] == [300]


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (SimpleUploadedFile("notes.jpg", b"not a picture"), "这不是一张有效的图片"),
        (picture(20, 20, "BMP", name="old.bmp"), "不支持 BMP 格式"),
        (bomb(), "可能是恶意构造的“解压炸弹”，已拒绝"),
    ],
    ids=["not-an-image", "bmp", "decompression-bomb"],
)
def test_bad_uploads_are_refused_with_a_clear_message(client, photo_story, file, message):
    response = upload(client, photo_story, file)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not photo_story.images.get().file


def test_too_many_pixels_and_too_many_bytes(client, photo_story, settings):
    settings.NEWSROOM_IMAGE_MAX_PIXELS = 1_000_000
    response = upload(client, photo_story, picture(1200, 1000))
    assert "图片像素过多（1200×1000 像素）" in response.content.decode()
    settings.NEWSROOM_IMAGE_MAX_BYTES = 1024
    response = upload(client, photo_story, picture(400, 300))
    assert "图片文件太大" in response.content.decode()
    assert not photo_story.images.get().file


def test_awaiting_photo_filters(client, editor):
    waiting = make_article("等照片", images=1)
    complete = make_article("有照片")
    Image.objects.create(article=complete, file=picture(40, 30), caption="已到")
    make_article("没有图片")
    client.force_login(editor)

    articles = client.get(
        reverse("admin:articles_article_changelist"), {"awaiting_photo": "yes"}
    ).context["cl"]
    assert list(articles.result_list) == [waiting]
    images = client.get(
        reverse("admin:articles_image_changelist"), {"awaiting_photo": "yes"}
    ).context["cl"]
    assert [image.article for image in images.result_list] == [waiting]
    assert "缺图" in client.get(reverse("admin:articles_image_changelist")).content.decode()
