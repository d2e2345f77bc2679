"""The full-page cache for anonymous readers, answered before sessions, authentication and
CSRF run.

A reader's request (GET or HEAD, no session cookie, a reader URL with no parameters but
``page`` and ``role``) is answered from the cache while the page is fresh: its tags
unchanged (``store``) and its time, bounded by the next scheduled article, not run out.
When it is stale one worker renders it afresh while the others keep serving the previous
copy, so a breaking story's page is never rendered by every worker at once. A conditional
request whose ETag (made from the page's tag versions, not its bytes) still matches gets
304 without any rendering. Anonymous responses are compressed (brotli where available, and
gzip), cached pages once, when stored.

Logged-in staff (a session cookie) always get fresh pages, and a response that sets a
cookie or says ``private``/``no-store`` (a draft's preview) is never stored.
"""

import gzip
import hashlib
import time
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags

from ..models import Article
from . import store, tags

try:
    import brotli
except ImportError:  # pragma: no cover - brotli is a dependency; gzip alone still works
    brotli = None

CACHEABLE_PARAMS = {"page", "role", "p"}  # list pages, a reporter's role, sitemap pages
COMPRESSIBLE = ("text/", "application/xml", "application/rss+xml", "application/json")
MIN_COMPRESS = 256
# What a kept page's response says afresh each time it is served (the rest is kept with it:
# its type, and the security headers every page carries).
FRESH_HEADERS = {
    "set-cookie", "vary", "content-length", "content-encoding", "etag", "cache-control",
    "expires", "last-modified", "age", "date", "x-cache", "x-cache-tags",
}  # fmt: skip


def _next_scheduled():
    first = Article.objects.scheduled().order_by("publish_at").values_list("publish_at")[:1]
    return first[0][0] if first else None


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    # Which requests and responses ----------------------------------------------------

    @staticmethod
    def anonymous(request):
        return settings.SESSION_COOKIE_NAME not in request.COOKIES

    @classmethod
    def key(cls, request):
        """The cache key of a reader's request, or None if it is not to be cached."""
        if not settings.NEWSROOM_PAGE_CACHE or request.method not in ("GET", "HEAD"):
            return None
        if not cls.anonymous(request):
            return None
        path = request.path
        if path.startswith(settings.NEWSROOM_PAGE_CACHE_SKIP):
            return None
        if set(request.GET) - CACHEABLE_PARAMS:
            return None  # an unknown parameter: not one more copy of the page in the cache
        query = urlencode(sorted(request.GET.items()))
        place = f"{request.scheme}://{request.get_host()}{path}?{query}"
        return hashlib.sha256(place.encode()).hexdigest()

    @staticmethod
    def storable(response):
        control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not any(word in control for word in ("private", "no-store", "no-cache"))
        )

    # Serving ---------------------------------------------------------------------------

    def __call__(self, request):
        key = self.key(request)
        if key is None:
            response = self.get_response(request)
            return self.compressed(request, response) if self.anonymous(request) else response
        entry = store.get(key)
        if entry is not None and self.fresh(entry):
            return self.serve(request, entry, "HIT")
        if entry is not None:
            # This process's copy is out of date; another process may have kept a newer one.
            newer = store.get_shared(key)
            if newer is not None and newer is not entry and self.fresh(newer):
                return self.serve(request, newer, "HIT")
            entry = newer or entry
            if not store.claim(key):
                return self.serve(request, entry, "STALE")
        try:
            return self.render(request, key)
        finally:
            if entry is not None:
                store.release(key)

    @staticmethod
    def fresh(entry):
        """Is ``entry`` still what its page shows? Its time has not run out, and its tags
        are unchanged: known at once if nothing at all changed since this process last
        checked it (one small read), else by reading its tags' versions."""
        if time.time() >= entry["fresh_until"]:
            return False
        now = store.generation()  # read first: a change after it shows in the versions
        if entry.get("generation") == now:
            return True
        if store.versions(entry["tags"]) == entry["tags"]:
            entry["generation"] = now  # this process's copy of the entry
            return True
        return False

    def render(self, request, key):
        started = time.time()
        generation = store.generation()
        recording = tags.start_recording()
        try:
            response = self.get_response(request)
        finally:
            recorded = tags.stop_recording(recording)
        if not self.storable(response):
            response["X-Cache"] = "BYPASS"
            return self.compressed(request, response)
        current = store.versions(recorded)
        # A tag changed while the page was being read from the database: what it shows
        # may already be out of date, so it is served but not kept.
        if any(store.token_time(token) > started for token in current.values()):
            response["X-Cache"] = "BYPASS"
            return self.compressed(request, response)
        entry = self.entry(response, current, started)
        store.put(key, entry)
        entry = dict(entry, generation=generation)  # checked as of this generation, here
        store.remember(key, entry)
        return self.serve(request, entry, "MISS")

    def entry(self, response, versions, now):
        fresh_until = now + settings.NEWSROOM_PAGE_CACHE_SECONDS
        scheduled = store.next_scheduled(_next_scheduled)
        if scheduled and scheduled > now:
            fresh_until = min(fresh_until, scheduled)  # a scheduled article comes due
        body = response.content
        etag = hashlib.sha256(
            repr(sorted(versions.items())).encode() + response.get("Content-Type", "").encode()
        ).hexdigest()[:32]
        return {
            "status": response.status_code,
            "headers": [(k, v) for k, v in response.items() if k.lower() not in FRESH_HEADERS],
            "body": body,
            **self.variants(response.get("Content-Type", ""), body),
            "etag": f'W/"{etag}"',
            "tags": versions,
            "stored_at": now,
            "fresh_until": fresh_until,
        }

    ENCODERS = {
        "br": (lambda body: brotli.compress(body, quality=5)) if brotli else None,
        "gzip": lambda body: gzip.compress(body, compresslevel=6, mtime=0),
    }

    @classmethod
    def variants(cls, content_type, body, wanted=("br", "gzip")):
        """The body compressed in each of ``wanted``'s encodings this site makes."""
        if not content_type.startswith(COMPRESSIBLE) or len(body) < MIN_COMPRESS:
            return {}
        return {name: cls.ENCODERS[name](body) for name in wanted if cls.ENCODERS.get(name)}

    @staticmethod
    def accepted(request):
        return {
            part.split(";")[0].strip()
            for part in request.headers.get("Accept-Encoding", "").split(",")
        }

    @classmethod
    def encoding(cls, request, entry):
        accepted = cls.accepted(request)
        for name in ("br", "gzip"):
            if name in entry and name in accepted:
                return name
        return None

    def serve(self, request, entry, outcome):
        """``entry`` as an ``HttpResponse`` (``answer()``)."""
        status, headers, body = self.answer(request, entry, outcome)
        response = HttpResponseNotModified() if status == 304 else HttpResponse(body, status=status)
        for header, value in headers:
            response[header] = value
        return response

    @classmethod
    def answer(cls, request, entry, outcome):
        """``(status, headers, body)`` serving ``entry`` to ``request``: 304 if its ETag
        matches, else the body in the encoding the client takes; ``outcome`` (HIT, MISS,
        STALE) in ``X-Cache``. Its headers are those Django validated when the page was
        rendered, and the ones made here."""
        now = time.time()
        remaining = max(0, int(entry["fresh_until"] - now))
        browser = min(remaining, settings.NEWSROOM_BROWSER_CACHE_SECONDS)
        fresh = [
            ("ETag", entry["etag"]),
            ("Age", str(max(0, int(now - entry["stored_at"])))),
            (
                "Cache-Control",
                f"public, max-age={browser}, s-maxage={remaining}, stale-while-revalidate=60",
            ),
            ("Vary", "Accept-Encoding"),
            ("X-Cache", outcome),
        ]
        if settings.NEWSROOM_PURGE_URLS:  # for the reverse-proxy cache, which bans by tag
            fresh.append(("X-Cache-Tags", " ".join(sorted(entry["tags"]))))
        if entry["etag"] in parse_etags(request.headers.get("If-None-Match", "")):
            return 304, fresh, b""
        name = cls.encoding(request, entry)
        body = entry[name] if name else entry["body"]
        headers = entry["headers"] + [("Content-Length", str(len(body)))]
        if name:
            headers.append(("Content-Encoding", name))
        return entry["status"], headers + fresh, body

    def compressed(self, request, response):
        """An anonymous response not kept in the cache, compressed on the way out."""
        if response.streaming or response.has_header("Content-Encoding"):
            return response
        # Only the encoding this client takes is made (a page kept makes both, once).
        preferred = [name for name in ("br", "gzip") if name in self.accepted(request)][:1]
        entry = {"body": response.content}
        entry.update(self.variants(response.get("Content-Type", ""), response.content, preferred))
        name = self.encoding(request, entry)
        if name:
            response.content = entry[name]
            response["Content-Encoding"] = name
            response["Content-Length"] = str(len(response.content))
            if response.has_header("ETag"):
                response["ETag"] = response["ETag"].removesuffix('"') + f'-{name}"'
        patch_vary_headers(response, ["Accept-Encoding"])
        return response
