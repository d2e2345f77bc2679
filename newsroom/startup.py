"""What the web server needs before it may start.

Settings load without a secret key so that build and maintenance commands run anywhere;
the application servers (``wsgi.py``, ``asgi.py``) and ``runserver`` call
``require_server_settings`` and refuse to start, saying what is missing.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def missing_server_settings():
    """The variables production lacks, as sentences; none when debugging."""
    if settings.DEBUG:
        return []
    missing = []
    try:
        settings.SECRET_KEY  # noqa: B018 -- Django refuses an empty key when it is read
    except ImproperlyConfigured:
        missing.append(
            "DJANGO_SECRET_KEY is not set. Production settings need a secret key: export "
            "DJANGO_SECRET_KEY=<a long random string>, or set DJANGO_DEBUG=1 for local work."
        )
    if not settings.ALLOWED_HOSTS:
        missing.append(
            "DJANGO_ALLOWED_HOSTS is not set: give the site's host names, comma-separated."
        )
    return missing


def require_server_settings():
    if missing := missing_server_settings():
        raise ImproperlyConfigured(" ".join(missing))
