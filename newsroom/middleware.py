"""Response headers the project sets itself (Django and django-csp set the others)."""

import functools

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponseBadRequest

# What can make a response's policy its own: a view's decorators (csp_update, csp_replace,
# csp_override, csp_exempt), for the policy and the report-only one.
OWN_POLICY = (
    "_csp_config", "_csp_update", "_csp_replace", "_csp_exempt",
    "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro", "_csp_exempt_ro",
)  # fmt: skip


@functools.cache
def common_policies():
    """The policy and the report-only policy of a response with no nonce and no policy of
    its own: the same for every such response while the settings stay."""
    return (
        (HEADER, build_policy(), "CONTENT_SECURITY_POLICY"),
        (HEADER_REPORT_ONLY, build_policy(report_only=True), "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
    )


@receiver(setting_changed, dispatch_uid="csp-common-policies")
def _forget_policies(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        common_policies.cache_clear()


class CSPMiddleware(DjangoCSPMiddleware):
    """django-csp's middleware, with the common policy built once.

    Most responses (every reader page that has no inline script) use no nonce and no
    policy of their own, so their headers are always the same; django-csp builds them
    anew for each response, 0.14 ms of a page. Those responses get the headers built once,
    under the same rules (a header already set is kept, excluded URL prefixes get none);
    the others, and debug error pages, are left to django-csp."""

    def process_response(self, request, response):
        if (
            getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in OWN_POLICY)
            or (settings.DEBUG and response.status_code in (404, 500))
        ):
            return super().process_response(request, response)
        for header, policy, setting in common_policies():
            excluded = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if (
                policy
                and header not in response
                and not request.path_info.startswith(tuple(excluded))
            ):
                response[header] = policy
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


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
