from django.utils.functional import SimpleLazyObject

from ..caching.tags import SECTIONS, SITE, declare
from ..models import SiteIdentity
from . import story


def navigation():
    declare(SECTIONS)  # which sections readers see can change without one being loaded
    return story.navigation()


def identity():
    declare(SITE)
    return SiteIdentity.current()


def site(request):
    """The paper's identity (its name for the masthead and titles, its logo and icons), and
    its sections for the navigation (queried only when a template shows them)."""
    current = identity()
    return {
        "publication": current.display_name,
        "site_identity": current,
        "nav_sections": SimpleLazyObject(navigation),
    }
