"""The paper's icons, web app manifest and default share image, all made from its logo
(``SiteIdentity``: uploaded in the admin, else ``static/img/logo.png``) with Pillow.

Each is made once per logo and kept in the cache under the identity's version; answers
carry an ETag (the version), so a browser asking again gets 304, and a day's freshness.
"""

import hashlib
import io
import json

from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.http import require_safe
from PIL import Image as PILImage
from PIL import ImageOps

from ..caching.tags import SITE, declare
from ..models import SiteIdentity

# Square PNG icons by address: browsers' tabs, phones' home screens (Apple's 180, the
# manifest's 192 and 512, which Android asks for).
ICONS = {"icon-32": 32, "icon-192": 192, "icon-512": 512, "apple-touch-icon": 180}
FAVICON_SIZES = [(16, 16), (32, 32), (48, 48)]
SHARE_SIZE = (1200, 630)  # Open Graph's and most platforms' large card
MAX_AGE = 24 * 3600


def _logo(identity):
    """The logo as an RGBA picture: the uploaded one, else the built-in one."""
    if identity.logo:
        with identity.logo.open("rb") as file:
            picture = PILImage.open(io.BytesIO(file.read()))
    else:
        picture = PILImage.open(finders.find("img/logo.png"))
    picture = ImageOps.exif_transpose(picture)
    return picture.convert("RGBA")


def _square(logo, size):
    """The logo fitted into a ``size`` square, centred, transparent around it."""
    canvas = PILImage.new("RGBA", (size, size), (0, 0, 0, 0))
    fitted = ImageOps.contain(logo, (size, size), PILImage.Resampling.LANCZOS)
    canvas.paste(fitted, ((size - fitted.width) // 2, (size - fitted.height) // 2), fitted)
    return canvas


def _share(logo, colour):
    """The default share image: the logo centred on the paper's colour, 1200×630."""
    canvas = PILImage.new("RGB", SHARE_SIZE, colour)
    side = 420
    fitted = ImageOps.contain(logo, (side, side), PILImage.Resampling.LANCZOS)
    position = ((SHARE_SIZE[0] - fitted.width) // 2, (SHARE_SIZE[1] - fitted.height) // 2)
    canvas.paste(fitted, position, fitted)
    return canvas


def make(identity, kind):
    """``(bytes, content type)`` of ``kind``: ``favicon``, ``share`` or a name in ICONS."""
    logo = _logo(identity)
    buffer = io.BytesIO()
    if kind == "favicon":
        _square(logo, 48).save(buffer, "ICO", sizes=FAVICON_SIZES)
        return buffer.getvalue(), "image/x-icon"
    if kind == "share":
        _share(logo, identity.theme_color).save(buffer, "PNG", optimize=True)
        return buffer.getvalue(), "image/png"
    _square(logo, ICONS[kind]).save(buffer, "PNG", optimize=True)
    return buffer.getvalue(), "image/png"


def made(identity, kind):
    key = "site-identity:" + hashlib.sha256(f"{identity.version}:{kind}".encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = make(identity, kind)
        cache.set(key, found, timeout=None)
    return found


def _answer(request, kind, build):
    """The response for ``kind``: 304 when the browser's copy is current, else ``build()``
    as ``(content, content type)``."""
    declare(SITE)
    identity = SiteIdentity.current()
    etag = '"' + hashlib.sha256(f"{identity.version}:{kind}".encode()).hexdigest()[:32] + '"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        content, content_type = build(identity)
        response = HttpResponse(content, content_type=content_type)
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


@require_safe
def favicon(request):
    return _answer(request, "favicon", lambda identity: made(identity, "favicon"))


@require_safe
def icon(request, name):
    if name not in ICONS:
        raise Http404("没有这个图标。")
    return _answer(request, name, lambda identity: made(identity, name))


@require_safe
def share_image(request):
    return _answer(request, "share", lambda identity: made(identity, "share"))


def manifest_data(identity):
    return {
        "name": identity.display_name,
        "short_name": identity.display_short_name,
        "description": identity.description,
        "lang": "zh-CN",
        "start_url": reverse("articles:home"),
        "scope": reverse("articles:home"),
        "display": "browser",
        "theme_color": identity.theme_color,
        "background_color": "#ffffff",
        "icons": [
            {
                "src": reverse("articles:icon", kwargs={"name": name}),
                "sizes": f"{size}x{size}",
                "type": "image/png",
            }
            for name, size in ICONS.items()
            if name.startswith("icon-") and size >= 192
        ],
    }


@require_safe
def manifest(request):
    def build(identity):
        text = json.dumps(manifest_data(identity), ensure_ascii=False, indent=2)
        return text.encode(), "application/manifest+json"

    return _answer(request, "manifest", build)
