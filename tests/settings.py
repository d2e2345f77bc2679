"""Test settings: the production settings, with a throwaway key and a fast password hasher.

DATABASE_URL picks the database, so the same suite runs on SQLite and PostgreSQL.
"""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="newsroom-test-media-"))
os.environ.setdefault("NEWSROOM_SCANS_ROOT", tempfile.mkdtemp(prefix="newsroom-test-scans-"))
os.environ.setdefault(
    "NEWSROOM_ORIGINALS_ROOT", tempfile.mkdtemp(prefix="newsroom-test-originals-")
)

from newsroom.settings import *  # noqa: F403

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not SQLite's shared in-memory database, so that tests with several threads
    # or processes see the database as the site does: one writer at a time, the others
    # waiting (BEGIN IMMEDIATE, 20 s) instead of failing at once with "table is locked".
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"newsroom-test-{os.getpid()}.sqlite3")
    }

# Pages are rendered afresh for every request in the tests (their query counts are pinned);
# the page cache's own tests switch it on.
NEWSROOM_PAGE_CACHE = False

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Serve static files from the app folders (no collectstatic) for the live-server tests.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
