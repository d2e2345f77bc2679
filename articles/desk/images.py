"""Pictures: what an upload must be, and the resized copies the site serves. Photos of
articles and the images of printed pages (``scans``) are checked and resized here; a
photo's copies follow its crop and focal point (``render``).

An upload is checked before anything decodes it: its size in bytes, then its header
(format and pixel count, which Pillow reads without decoding), then the whole file. A
"decompression bomb" (a small file that claims a huge picture) is refused at the header.
"""

import hashlib
import io
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage, storages
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageOps, features

from ..models.photos import ENCODINGS, RATIO_WIDTHS, RATIOS

ALLOWED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}
# A page's image: a photograph or scan of the printed page.
PAGE_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}


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
    """Write the copies readers get of ``image.file`` (``render``) and record them, with
    the original's upright width and height, in ``image``; saves only those fields.

    Replaces the copies made before (another file, another crop or focal point); a copy
    another image still shows (the same photo reused elsewhere) is kept.
    """
    before = image.renditions or {}
    if image.file:
        image.file.open("rb")
        try:
            picture = upright(image.file)
        finally:
            image.file.close()
        image.width, image.height = picture.size
        crop = (image.crop_left, image.crop_top, image.crop_right, image.crop_bottom)
        focus = (image.focus_x, image.focus_y)
        image.renditions = render(picture, crop, focus, image.file.name)
        image.uploaded_at = image.uploaded_at or timezone.now()
    else:
        image.renditions, image.width, image.height = {}, None, None
    image.save(update_fields=["renditions", "width", "height", "uploaded_at"])
    delete_renditions(image, before)
    return image


def render(picture, crop=(0, 0, 1, 1), focus=(0.5, 0.5), original=""):
    """The copies readers get of ``picture`` (upright): for each shape of ``RATIOS`` the box
    it is cut to, in pixels of the upright photo (``ratio_box``), and its copies at each of
    its widths in every encoding of ``encodings()``, written to the public storage.

    Every copy is a new picture re-encoded by Pillow: nothing of the original's metadata
    (EXIF, GPS, XMP, comments) goes with it, only its colour profile. Each is named by its
    content (``photos/ab/<hash>.webp``): nobody can guess a name, and the same copy made
    twice is one file. ``original`` is the original's name, recorded with them.
    """
    icc = picture.info.get("icc_profile")
    shapes = {}
    for key, ratio in RATIOS.items():
        box = ratio_box(picture.size, crop, focus, ratio)
        part = picture.crop(box)
        copies = []
        for width in RATIO_WIDTHS[key]:
            target = min(width, part.width)
            height = max(1, round(part.height * target / part.width))
            resized = part.resize((target, height), PILImage.Resampling.LANCZOS)
            resized.info = {}
            copy = {"width": target, "height": height}
            for encoding in encodings():
                copy[encoding] = _store(encode(resized, encoding, icc), encoding)
            copies.append(copy)
            if target == part.width:
                break
        shapes[key] = {"box": list(box), "copies": copies}
    return {"original": original, "ratios": shapes}


def ratio_box(size, crop, focus, ratio):
    """The box ``(left, top, right, bottom)``, in pixels of a photo of ``size``, that a
    shape of ``ratio`` ((3, 2); ``None``: the crop as it is) is cut to: the largest of that
    shape inside the crop, centred on the focal point as far as the crop allows."""
    width, height = size
    left, top = round(crop[0] * width), round(crop[1] * height)
    right, bottom = max(left + 1, round(crop[2] * width)), max(top + 1, round(crop[3] * height))
    if ratio is None:
        return (left, top, right, bottom)
    across, down = ratio
    inner_w, inner_h = right - left, bottom - top
    if inner_w * down > inner_h * across:  # wider than the shape: full height
        box_w, box_h = max(1, round(inner_h * across / down)), inner_h
    else:
        box_w, box_h = inner_w, max(1, round(inner_w * down / across))
    x = min(max(round(focus[0] * width - box_w / 2), left), right - box_w)
    y = min(max(round(focus[1] * height - box_h / 2), top), bottom - box_h)
    return (x, y, x + box_w, y + box_h)


def encodings():
    """The encodings of every copy: AVIF where the installed Pillow writes it, WebP, JPEG."""
    return [key for key, _ in ENCODINGS if key != "avif" or features.check("avif")]


# Per encoding: Pillow's format and options. WebP's method 2 and AVIF's speed 8 encode
# two to five times faster than their defaults for a few per cent of size (bench/photos.py).
SAVE_AS = {
    "jpg": ("JPEG", {"quality": 82, "optimize": True, "progressive": True}),
    "webp": ("WEBP", {"quality": 80, "method": 2}),
    "avif": ("AVIF", {"quality": 50, "speed": 8}),
}


def encode(picture, encoding, icc=None):
    """``picture`` encoded as ``encoding`` ("jpg", "webp", "avif"); JPEG has no
    transparency: a transparent picture is laid on white for it."""
    save_as, options = SAVE_AS[encoding]
    if save_as == "JPEG" and picture.mode != "RGB":
        flat = PILImage.new("RGB", picture.size, "white")
        flat.paste(picture, mask=picture.getchannel("A") if picture.mode == "RGBA" else None)
        picture = flat
    buffer = io.BytesIO()
    picture.save(buffer, save_as, **options, **({"icc_profile": icc} if icc else {}))
    return buffer.getvalue()


def _store(data, encoding):
    digest = hashlib.sha256(data).hexdigest()[:40]
    name = f"photos/{digest[:2]}/{digest}.{encoding}"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(data))
    return name


def rendition_names(renditions):
    """Every file name in ``renditions``; the old form (``{width: name}``) too."""
    if "ratios" not in renditions:
        return {name for name in renditions.values() if isinstance(name, str)}
    return {
        copy[key]
        for shape in renditions["ratios"].values()
        for copy in shape["copies"]
        for key, _ in ENCODINGS
        if key in copy
    }


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


def delete_renditions(image, renditions):
    """Delete the files of ``renditions`` (made for ``image`` before) that neither
    ``image`` nor another image showing the same original still shows."""
    kept = rendition_names(image.renditions)
    original = renditions.get("original")
    if original:  # (a plain filter: migrations call this with their historical model)
        for other in type(image).objects.filter(file=original).exclude(pk=image.pk):
            kept |= rendition_names(other.renditions)
    for name in rendition_names(renditions) - kept:
        default_storage.delete(name)


def delete_files(image):
    """Delete the files of ``image``, deleted: the copies readers got (they are served to
    anyone who has their address) and the original, each unless another image still shows
    it (the same photo reused on another article)."""
    renditions, image.renditions = image.renditions or {}, {}
    delete_renditions(image, renditions)
    original = image.file.name
    if original and not type(image).objects.filter(file=original).exists():
        image.file.storage.delete(original)


@receiver(post_delete, sender="articles.Image", dispatch_uid="image-files")
def _image_deleted(sender, instance, **kwargs):
    # Deleted in the desk or with its article: the files go once the deletion is committed
    # (a deletion rolled back keeps them).
    transaction.on_commit(lambda: delete_files(instance))


def adopt_originals(image_model):
    """Move the originals uploaded when they were kept in MEDIA_ROOT, which the web server
    serves to anyone, to the originals' storage, and make their copies anew (migration
    0017). Returns how many were moved and how many were missing on disk."""
    originals, moved, missing, done = storages["originals"], 0, 0, set()
    for image in image_model.objects.exclude(file="").select_related("article").order_by("pk"):
        name = image.file.name
        if originals.exists(name):
            continue  # already kept apart
        if not default_storage.exists(name):
            missing += 1
            continue
        with default_storage.open(name) as source:
            image.file.name = originals.save(name, File(source, name=name))
        image.uploaded_at = image.uploaded_at or image.article.publish_at or timezone.now()
        image.save(update_fields=["file", "uploaded_at"])
        make_renditions(image)
        done.add(name)
        moved += 1
    for name in done:
        default_storage.delete(name)
    return moved, missing
