"""Response headers the project sets itself (Django and django-csp set the others)."""

from django.conf import settings
from django.http import HttpResponseBadRequest


class PermissionsPolicyMiddleware:
    """``Permissions-Policy``: the browser features no page of this site uses are off."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.NEWSROOM_PERMISSIONS_POLICY)
        return response


class RejectNulCharactersMiddleware:
    """A request whose path or parameters carry a NUL character is refused (400).

    No form, page or search of this site takes one; PostgreSQL cannot store or compare
    text holding one, so letting it through would end in a server error rather than an
    answer. Forms already refuse it field by field (Django's validator); this covers the
    parameters no form reads: list filters, search words, lookups.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or self._carries_nul(request.GET) or self._posted_nul(request):
            return HttpResponseBadRequest(
                "请求中含有不允许的字符。", content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)

    @staticmethod
    def _carries_nul(params):
        return any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in params.lists()
        )

    def _posted_nul(self, request):
        if request.method != "POST" or request.content_type != "application/x-www-form-urlencoded":
            return False
        return self._carries_nul(request.POST)
