"""Plain-text rules shared by the models and the importer (which must not import each
other's internals): line endings, slugs that keep Chinese, the weekday names."""

from django.utils.text import slugify

WEEKDAYS = "一二三四五六日"


def normalise_newlines(text):
    """One line-ending rule for the whole product: CRLF and CR become LF, a leading
    byte-order mark goes. Source texts are hashed, parsed and compared after it; a body
    typed in a browser (which sends CRLF) is stored after it."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")


def unicode_slug(text, max_length=50):
    """A URL slug that keeps Chinese characters (``slugify`` alone would drop them all)."""
    return slugify(text, allow_unicode=True)[:max_length].strip("-")
