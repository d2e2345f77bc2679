"""What readers get of a photo: copies re-encoded without EXIF, GPS or XMP, upright, with
their true width and height in <img>, og:image and JSON-LD, under names made from their
content, as AVIF, WebP and JPEG; never the original, which only the desk serves."""

import json
import mimetypes
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.urls import reverse
from PIL import ExifTags, features

from articles.models import Image

from ..conftest import form_data, make_article, make_user
from ..photos import SERIAL, XMP, camera_jpeg, media_name, open_copy, picture_urls

pytestmark = pytest.mark.django_db

COPY_NAME = re.compile(r"^photos/[0-9a-f]{2}/[0-9a-f]{40}\.(jpg|webp|avif)$")


@pytest.fixture
def published_photo(client, editor):
    """A published article whose photo was uploaded from a camera (1200 × 800 stored,
    turned by EXIF: 800 × 1200 upright) through its change form."""
    article = make_article("端午龙舟赛", images=1)
    client.force_login(editor)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(client.get(url)) | {"images-0-file": camera_jpeg()}
    assert client.post(url, data).status_code == 302
    client.logout()
    return article.images.get()


def test_readers_get_upright_copies_without_exif_gps_or_xmp(client, published_photo):
    image = published_photo
    assert (image.width, image.height) == (800, 1200)  # upright, not as stored
    html = client.get(image.article.get_absolute_url()).text

    # <img>, og:image and JSON-LD: the largest JPEG copy, upright, with its true size.
    assert f'src="{image.display_url}" ' in html
    assert 'width="800" height="1200"' in html
    assert '<meta property="og:image:width" content="800">' in html
    assert '<meta property="og:image:height" content="1200">' in html
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html)[1])
    assert [(i["width"], i["height"]) for i in ld["image"]] == [(800, 1200)]
    assert ld["image"][0]["url"].endswith(image.display_url)

    urls = picture_urls(html)
    assert len(urls) >= 6  # 480 and 800 wide, in JPEG, WebP (and AVIF)
    for url in urls:
        name = media_name(url)
        assert COPY_NAME.match(name), name  # a content hash, not the uploaded name
        assert mimetypes.guess_type(name)[0] in {"image/jpeg", "image/webp", "image/avif"}
        data, copy = open_copy(name)
        assert not copy.getexif(), name
        assert not copy.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert "exif" not in copy.info and "xmp" not in copy.info
        assert SERIAL.encode() not in data and XMP not in data and b"xmpmeta" not in data
        assert copy.height > copy.width  # upright
        # The corner mark, top-left as stored, is top-right once turned.
        right_top = copy.convert("RGB").getpixel((copy.width - 5, 5))
        assert right_top[0] > 150 and right_top[2] < 100, name


def test_the_page_offers_avif_and_webp_before_jpeg(client, published_photo):
    html = client.get(published_photo.article.get_absolute_url()).text
    picture = re.search(r"<picture>.*?</picture>", html, re.S)[0]
    types = re.findall(r'<source type="([^"]+)"', picture)
    assert types == (["image/avif", "image/webp"] if features.check("avif") else ["image/webp"])
    assert picture.index("<source") < picture.index("<img")


def test_the_original_is_for_the_desk_only(client, published_photo, reporter):
    image = published_photo
    original = camera_jpeg().read()
    name = image.file.name
    assert COPY_NAME.pattern and not name.startswith("photos/")
    # Not in MEDIA_ROOT, which the web server serves: no file there holds its bytes.
    media_files = [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
    assert media_files and all(p.read_bytes() != original for p in media_files)
    assert storages["originals"].open(name).read() == original
    with pytest.raises(ValueError):
        storages["originals"].url(name)
    html = client.get(image.article.get_absolute_url()).text
    assert name not in html and Path(name).stem not in html

    url = reverse("admin:articles_image_original", args=[image.pk])
    assert client.get(url).status_code == 404  # a reader
    client.force_login(reporter)  # a reporter who is not its author
    assert client.get(url).status_code == 404
    client.force_login(make_user("chief", "编辑"))
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == original  # byte for byte, EXIF included
    assert response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    bad = reverse("admin:articles_image_original", args=["999999"])
    assert client.get(bad).status_code == 404


def test_a_photo_without_copies_shows_no_picture_and_shares_the_papers_image(client):
    article = make_article("等照片", images=1)
    html = client.get(article.get_absolute_url()).text
    assert "<picture" not in html and 'class="photo photo-awaiting"' in html
    # Open Graph falls back to the paper's share image, never to an original.
    assert html.count('property="og:image"') == 1
    assert '<meta property="og:image" content="http://testserver/share.png">' in html
    assert Image.objects.get().display_url == ""
