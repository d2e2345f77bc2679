from django.utils.functional import SimpleLazyObject, lazy

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
    its sections for the navigation, each queried only when a template shows it (a sitemap
    or robots.txt shows neither)."""
    current = SimpleLazyObject(identity)
    return {
        "publication": lazy(lambda: current.display_name, str)(),
        "site_identity": current,
        "nav_sections": SimpleLazyObject(navigation),
    }
