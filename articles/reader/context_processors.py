from django.conf import settings
from django.utils.functional import SimpleLazyObject

from ..models import Section


def site(request):
    """The publication's name for the masthead and titles, and its sections for the
    navigation (queried only when a template shows them)."""
    return {
        "publication": settings.NEWSROOM_PUBLICATION,
        "nav_sections": SimpleLazyObject(lambda: list(Section.objects.published())),
    }
