"""``reverse``, remembered.

A view's URL for given arguments is the same for as long as the URLconf and the script
prefix are, and every reader page asks for the same few dozen (the navigation's sections,
the article's issue, pages, reporters and tags) again on each request, at tens of
microseconds each. Models' ``get_absolute_url`` and the reader's templates (``url()``) ask here.
"""

import functools

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse


@functools.lru_cache(maxsize=8192)
def _reverse(urlconf, prefix, viewname, args, kwargs):
    return django_reverse(viewname, urlconf=urlconf, args=args, kwargs=dict(kwargs))


def reverse(viewname, args=(), kwargs=None):
    """``django.urls.reverse(viewname, args=args, kwargs=kwargs)``; the arguments must be
    hashable (numbers, strings, dates)."""
    return _reverse(
        get_urlconf(), get_script_prefix(), viewname, tuple(args), tuple((kwargs or {}).items())
    )


@receiver(setting_changed, dispatch_uid="links-clear")
def _clear(setting, **kwargs):
    if setting in ("ROOT_URLCONF", "FORCE_SCRIPT_NAME"):
        _reverse.cache_clear()
