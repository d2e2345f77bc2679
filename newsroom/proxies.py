"""The client's address behind the site's own reverse proxies.

Each proxy appends, to ``X-Forwarded-For``, the address it was reached from. With
``NEWSROOM_TRUSTED_PROXIES = n`` proxies of ours in front (a cache, a load balancer), the
header ends with the n entries they appended: the client's address, then the addresses of
our own proxies but the last (whose address is ``REMOTE_ADDR``). Anything further left was
written by the client itself and is never believed.
"""

from django.conf import settings


def client_ip(request):
    proxies = settings.NEWSROOM_TRUSTED_PROXIES
    if proxies:
        forwarded = [e.strip() for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [entry for entry in forwarded if entry]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")
