"""Settings for the newsroom CMS.

Everything that differs between a laptop and production comes from the environment.
The helpers below fail loudly on a malformed value instead of guessing.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp import constants as csp
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    value = value.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}."
    )


def envint(name, default):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer; got {value!r}.") from None


def envlist(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = envbool("DJANGO_DEBUG", False)

# No fallback when debug is off: the server refuses to start without a key (see
# newsroom/startup.py), while commands that sign nothing (migrate, makemigrations,
# collectstatic) still run in a build without secrets.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    # Debug only: a per-checkout key that is never used in production.
    SECRET_KEY = "insecure-local-development-key-" + str(BASE_DIR)

ALLOWED_HOSTS = envlist(
    "DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "taggit",
    "axes",
    "articles",
]

MIDDLEWARE = [
    # Anonymous readers' pages are answered here, first: a kept page carries the headers
    # the middleware below gave it when it was rendered (HTTPS, CSP, framing…).
    "articles.caching.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "newsroom.middleware.RejectNulCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsroom.middleware.CSPMiddleware",  # django-csp's, the common policy built once
    "newsroom.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Last: it turns a refused login into the lockout page (after Django's own handling).
    "axes.middleware.AxesMiddleware",
]

# Logins go through django-axes first: it refuses an account or an address that failed too
# often, before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    # The reader's pages (templates/jinja2/: base.html, 404.html, 500.html, reader/) are
    # Jinja2, asked first; the desk's (the admin's) are Django's templates.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "articles.reader.templating.environment",
            "context_processors": ["articles.reader.context_processors.site"],
            "keep_trailing_newline": True,
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"
ASGI_APPLICATION = "newsroom.asgi.application"

# Database: DATABASE_URL, SQLite in the project root by default.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DJANGO_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite: take the write lock at BEGIN so concurrent editors queue instead of failing
    # with "database is locked" mid-transaction. Connections persist as on PostgreSQL: a
    # new one reads the whole schema again before its first query (1.5 ms of a page).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def _cache_from_url(url):
    if not url or url.startswith("locmem://"):
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {"BACKEND": "newsroom.cache.RedisCache", "LOCATION": url}
    if url.startswith("dummy://"):
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        f"CACHE_URL must start with locmem://, redis://, rediss:// or dummy://; got {url!r}."
    )


CACHES = {"default": _cache_from_url(os.environ.get("CACHE_URL", ""))}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Chinese first: the admin and the reader pages speak Chinese.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Page scans (PDFs and page images) are kept apart from MEDIA_ROOT, which the web server
# serves to anyone: readers get them only through views that check the page is published.
NEWSROOM_SCANS_ROOT = Path(os.environ.get("NEWSROOM_SCANS_ROOT", BASE_DIR / "scans"))
# Photos as uploaded (EXIF and GPS included) are kept apart too, for editors only: readers
# get re-encoded copies in MEDIA_ROOT (articles.desk.images).
NEWSROOM_ORIGINALS_ROOT = Path(os.environ.get("NEWSROOM_ORIGINALS_ROOT", BASE_DIR / "originals"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "scans": {
        "BACKEND": "articles.storage.ScanStorage",
        "OPTIONS": {"location": NEWSROOM_SCANS_ROOT},
    },
    "originals": {
        "BACKEND": "articles.storage.OriginalStorage",
        "OPTIONS": {"location": NEWSROOM_ORIGINALS_ROOT},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Security: strict unless debugging. DJANGO_SECURE_SSL_REDIRECT=0 runs production
# settings over plain HTTP on a local machine (no redirect, no HSTS, no secure-only cookies).
SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = envint("DJANGO_SECURE_HSTS_SECONDS", 31536000) if SECURE_SSL_REDIRECT else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_SSL_REDIRECT
# Preloading (browsers' built-in HTTPS-only list) is hard to undo: a site opts in.
SECURE_HSTS_PRELOAD = SECURE_SSL_REDIRECT and envbool("DJANGO_SECURE_HSTS_PRELOAD", False)
# check --deploy suggests preloading; it is the site owner's choice, made by that variable.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SESSION_COOKIE_SECURE = SECURE_SSL_REDIRECT
CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (django-csp): scripts, styles, images and fonts from this site only;
# no inline script or style anywhere (a template needing one uses the request's nonce).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF, csp.NONCE],
        "style-src": [csp.SELF, csp.NONCE],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    }
}
# Powerful browser features this site never uses, switched off for every page.
NEWSROOM_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), browsing-topics=()"
)

# Admin login throttling (django-axes): after NEWSROOM_LOGIN_FAILURES failed logins an
# account, and separately an address, is locked out for NEWSROOM_LOGIN_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = envint("NEWSROOM_LOGIN_FAILURES", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=envint("NEWSROOM_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
# How many reverse proxies of ours stand in front of the application (a cache, a load
# balancer): the client's address is then read from X-Forwarded-For as newsroom/proxies.py
# explains, never from what a client wrote there itself. 0: the address is REMOTE_ADDR.
NEWSROOM_TRUSTED_PROXIES = envint("NEWSROOM_TRUSTED_PROXIES", 0)
AXES_CLIENT_IP_CALLABLE = "newsroom.proxies.client_ip"

# The readers' page cache (articles/caching/): on unless NEWSROOM_PAGE_CACHE=0. A page is
# kept at most NEWSROOM_PAGE_CACHE_SECONDS (content changes refresh it at once; this bounds
# what no event announces), browsers keep it NEWSROOM_BROWSER_CACHE_SECONDS.
NEWSROOM_PAGE_CACHE = envbool("NEWSROOM_PAGE_CACHE", True)
NEWSROOM_PAGE_CACHE_SECONDS = envint("NEWSROOM_PAGE_CACHE_SECONDS", 3600)
NEWSROOM_BROWSER_CACHE_SECONDS = envint("NEWSROOM_BROWSER_CACHE_SECONDS", 30)
NEWSROOM_PAGE_CACHE_SKIP = ("/admin/", "/" + MEDIA_URL, "/" + STATIC_URL)
# Reverse-proxy caches to ban changed pages from (Varnish with deploy/varnish/newsroom.vcl):
# comma-separated base URLs, e.g. http://127.0.0.1:6081/
NEWSROOM_PURGE_URLS = envlist("NEWSROOM_PURGE_URLS", [])

# The publication: printed in the masthead and the pages' titles.
NEWSROOM_PUBLICATION = os.environ.get("NEWSROOM_PUBLICATION", "常州经开区报")
NEWSROOM_SITE_URL = os.environ.get("NEWSROOM_SITE_URL", "")

# Photo uploads in the admin: refused above these sizes (a "decompression bomb" is a small
# file claiming a huge picture; it is refused from its header, before any decoding).
NEWSROOM_IMAGE_MAX_BYTES = envint("NEWSROOM_IMAGE_MAX_BYTES", 20 * 1024 * 1024)
NEWSROOM_IMAGE_MAX_PIXELS = envint("NEWSROOM_IMAGE_MAX_PIXELS", 60_000_000)
# Page scans: a whole issue's PDF (or one page's PDF or image) and its number of pages.
NEWSROOM_SCAN_MAX_BYTES = envint("NEWSROOM_SCAN_MAX_BYTES", 200 * 1024 * 1024)
NEWSROOM_SCAN_MAX_PAGES = envint("NEWSROOM_SCAN_MAX_PAGES", 64)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
