from django.conf import settings
from django.utils.functional import SimpleLazyObject

from ..caching.tags import SECTIONS, declare
from ..models import Section


def navigation():
    declare(SECTIONS)  # which sections readers see can change without one being loaded
    return list(Section.objects.published())


def site(request):
    """The publication's name for the masthead and titles, and its sections for the
    navigation (queried only when a template shows them)."""
    return {
        "publication": settings.NEWSROOM_PUBLICATION,
        "nav_sections": SimpleLazyObject(navigation),
    }
