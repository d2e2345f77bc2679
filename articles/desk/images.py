"""Pictures: what an upload must be, and the resized copies the site serves. Photos of
articles and the images of printed pages (``scans``) are checked and resized here.

An upload is checked before anything decodes it: its size in bytes, then its header
(format and pixel count, which Pillow reads without decoding), then the whole file. A
"decompression bomb" (a small file that claims a huge picture) is refused at the header.
"""

import io
import warnings
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from PIL import Image as PILImage
from PIL import ImageOps

ALLOWED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}
# A page's image: a photograph or scan of the printed page.
PAGE_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
# Widths of the resized copies for <img srcset>; never wider than the original.
RENDITION_WIDTHS = (480, 960, 1600)


def max_bytes():
    return settings.NEWSROOM_IMAGE_MAX_BYTES


def max_pixels():
    return settings.NEWSROOM_IMAGE_MAX_PIXELS


def check_size(upload, limit, noun="图片文件"):
    """Refuse ``upload`` if it is larger than ``limit`` bytes, before reading any of it."""
    if upload.size > limit:
        size, limit = filesizeformat(upload.size), filesizeformat(limit)
        raise ValidationError(f"{noun}太大（{size}），上限为 {limit}。", code="too_large")


def check_upload(upload, formats=ALLOWED_FORMATS):
    """Raise ``ValidationError`` (in Chinese, saying why) unless ``upload`` is a picture we
    take, in one of ``formats``; returns its format and size ``(format, width, height)``."""
    check_size(upload, max_bytes())
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its limit and twice it: treat the warning as a refusal.
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(upload) as picture:
                image_format, (width, height) = picture.format, picture.size
                if width * height > max_pixels():
                    raise _too_many_pixels(width, height)
                picture.verify()
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise _too_many_pixels(None, None) from None
    except ValidationError:
        raise
    except Exception:
        raise ValidationError(
            "这不是一张有效的图片（文件已损坏或不是图片）。", code="invalid_image"
        ) from None
    finally:
        upload.seek(0)
    if image_format not in formats:
        raise ValidationError(
            f"不支持 {image_format} 格式，请上传 {'、'.join(formats.values())} 图片。",
            code="format",
        )
    return image_format, width, height


def _too_many_pixels(width, height):
    size = f"（{width}×{height} 像素）" if width else ""
    return ValidationError(
        f"图片像素过多{size}，超过上限 {max_pixels() // 1_000_000} 百万像素，"
        "可能是恶意构造的“解压炸弹”，已拒绝。",
        code="too_many_pixels",
    )


def make_renditions(image):
    """Write the resized copies of ``image.file`` and record them in ``image.renditions``.

    Replaces copies made from an earlier file. JPEG for photos, PNG where the original has
    transparency; EXIF rotation applied. Saves only the ``renditions`` field.
    """
    delete_renditions(image)
    if not image.file:
        return image
    image.file.open("rb")
    try:
        picture = upright(image.file)
        stem = PurePosixPath(image.file.name).with_suffix("")
        image.renditions = save_widths(picture, stem, RENDITION_WIDTHS, default_storage)
    finally:
        image.file.close()
    image.save(update_fields=["renditions"])
    return image


def upright(file, keep_alpha=True):
    """The picture in ``file`` (already checked), EXIF rotation applied, as RGB (or RGBA
    where it has transparency and ``keep_alpha``)."""
    file.seek(0)
    with PILImage.open(file) as picture:
        picture = ImageOps.exif_transpose(picture)
        has_alpha = picture.mode in ("RGBA", "LA") or "transparency" in picture.info
        return picture.convert("RGBA" if has_alpha and keep_alpha else "RGB")


def save_widths(picture, stem, widths, storage, quality=85):
    """Write ``picture`` resized to each of ``widths`` (never upscaled: a narrower original
    gets one copy at its own width) as ``<stem>-<width>w.jpg`` (``.png`` with transparency)
    in ``storage``; returns ``{"width": storage name}``."""
    has_alpha = picture.mode == "RGBA"
    extension, save_as = ("png", "PNG") if has_alpha else ("jpg", "JPEG")
    names = {}
    for width in sorted(widths):
        target = min(width, picture.width)
        height = max(1, round(picture.height * target / picture.width))
        resized = picture.resize((target, height), PILImage.Resampling.LANCZOS)
        buffer = io.BytesIO()
        resized.save(buffer, save_as, **({"quality": quality} if save_as == "JPEG" else {}))
        names[str(target)] = storage.save(
            f"{stem}-{target}w.{extension}", ContentFile(buffer.getvalue())
        )
        if target == picture.width:
            break
    return names


def delete_renditions(image):
    for name in image.renditions.values():
        default_storage.delete(name)
    image.renditions = {}
