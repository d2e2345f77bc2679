"""Path converters for reader URLs."""

import datetime


class IsoDateConverter:
    """``2024-06-09`` in a URL <-> ``datetime.date``."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError as exc:  # 2024-02-30 matches the pattern but is no date
            raise ValueError(value) from exc

    def to_url(self, value):
        if isinstance(value, datetime.date):
            return value.isoformat()
        return str(value)


class UnicodeSlugConverter:
    """Slugs that keep Chinese characters: reporters' names, tags."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
