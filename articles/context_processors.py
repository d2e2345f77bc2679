from django.conf import settings


def site(request):
    """The publication's name, for the masthead and page titles."""
    return {"publication": settings.NEWSROOM_PUBLICATION}
