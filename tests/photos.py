"""Photos made for the tests with Pillow: one as a phone camera writes it (EXIF with the
GPS position and the camera's serial, XMP, an orientation tag), plain ones, and what the
reader pages say about them."""

import io
import re

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags
from PIL import Image as PILImage

SERIAL = "X100 serial 4711"
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">GPS 31.2417 121.4694</x:xmpmeta>'


def camera_jpeg(width=1200, height=800, orientation=6, name="IMG_0001.jpg"):
    """A JPEG of ``width`` × ``height`` pixels as stored, with EXIF (camera serial, the GPS
    position) and XMP; ``orientation`` 6 says "turn 90° clockwise to show": upright it is
    ``height`` × ``width``."""
    exif = PILImage.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Model] = SERIAL
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(
        {1: "N", 2: (31.0, 14.0, 30.0), 3: "E", 4: (121.0, 28.0, 10.0)}
    )
    picture = PILImage.new("RGB", (width, height), "#336699")
    picture.paste("#cc3322", (0, 0, width // 4, height // 4))  # a mark in a corner
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", exif=exif, xmp=XMP, quality=90)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def plain(width=1200, height=800, fmt="JPEG", name=None, colour="#336699"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), colour).save(buffer, fmt)
    name = name or f"photo.{fmt.lower().replace('jpeg', 'jpg')}"
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def media_name(url):
    """The storage name of a copy from its URL on a page."""
    prefix = settings.MEDIA_URL if settings.MEDIA_URL.startswith("/") else "/" + settings.MEDIA_URL
    url = re.sub(r"^https?://[^/]+", "", url)
    assert url.startswith(prefix), url
    return url[len(prefix) :]


def picture_urls(html):
    """Every photo URL a page gives: <img src>, every srcset's URLs, og:image, JSON-LD."""
    urls = set(re.findall(r'<img[^>]* src="([^"]+)"', html))
    for srcset in re.findall(r'srcset="([^"]+)"', html):
        urls |= {part.strip().split(" ")[0] for part in srcset.split(",")}
    urls |= set(re.findall(r'<meta property="og:image" content="([^"]+)"', html))
    urls |= set(re.findall(r'"url": "(https?://[^"]+/media/[^"]+)"', html))
    return {url for url in urls if "/media/" in url}


def open_copy(name):
    with default_storage.open(name) as stored:
        data = stored.read()
    return data, PILImage.open(io.BytesIO(data))
