"""Photos on reader pages: ``{% with picture=image|picture:"3:2" %}`` gives what
``<picture>`` needs (``Image.picture``); ``templates/reader/includes/_picture.html`` is the
one place that renders it."""

from django import template

register = template.Library()


@register.filter
def picture(image, ratio=None):
    """The photo's ``Picture`` in the shape ``ratio`` ("3:2", "16:9"; empty: as cropped),
    or ``None`` while it has no copies."""
    return image.picture(ratio or None) if image else None
