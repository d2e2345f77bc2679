"""Where cached pages and the versions of their tags live: Django's cache (Redis through
``CACHE_URL`` in production, shared by every process and machine; process memory
otherwise).

Each tag has a version token, ``"<time>:<random>"``. A cached page keeps the tokens of its
tags as they were when it was rendered; it is fresh while they are all unchanged (and its
time has not run out). Changing content gives the changed tags new tokens. A token that is
missing (never set, or evicted from a full cache) is created anew, so a page can never be
taken for fresh because its tags' tokens disappeared.
"""

import time
import uuid
from collections import OrderedDict

from django.core.cache import cache

VERSION = "pc:v:"
ENTRY = "pc:e:"
LOCK = "pc:l:"
NEXT_SCHEDULED = "pc:next-scheduled"
# A new token at every bump: a page this process checked under the current generation is
# still fresh without reading its tags' versions again. (A token, not a counter: after the
# shared cache restarts empty, a counter would count up to numbers old copies still carry.)
GENERATION = "pc:generation"
# How long a stale copy is kept to serve while one worker renders the fresh page.
KEEP_STALE = 24 * 3600
# How long one worker may take to render a page before another is allowed to try.
LOCK_SECONDS = 30


def _token(moment=None):
    """A new version token; ``moment`` 0 for a tag seen for the first time, which is no
    change (a page rendered meanwhile is not to be thrown away for it)."""
    moment = time.time() if moment is None else moment
    return f"{moment:.6f}:{uuid.uuid4().hex[:12]}"


def token_time(token):
    return float(token.split(":", 1)[0])


def versions(tags):
    """The current token of each tag (created where missing)."""
    if not tags:
        return {}
    keys = {VERSION + tag: tag for tag in tags}
    found = cache.get_many(list(keys))
    missing = {key: _token(0) for key in keys if key not in found}
    for key, token in missing.items():
        # add(), not set(): another process may be creating it at the same moment.
        if not cache.add(key, token, timeout=None):
            missing[key] = cache.get(key) or token
    found.update(missing)
    return {keys[key]: found[key] for key in keys}


def bump(tags):
    """New tokens for ``tags``: every page that depends on one of them is stale."""
    if tags:
        cache.set_many({VERSION + tag: _token() for tag in tags}, timeout=None)
        cache.delete(NEXT_SCHEDULED)
        cache.set(GENERATION, _token(), timeout=None)


def generation():
    """The current generation's token (one small read of the shared cache)."""
    value = cache.get(GENERATION)
    if value is None:
        cache.add(GENERATION, _token(), timeout=None)
        value = cache.get(GENERATION)
    return value


# Pages this process served lately, kept in its own memory: a fresh one is served after a
# single round trip to the shared cache (the versions of its tags), its body not fetched.
LOCAL_PAGES = 500
_local = OrderedDict()


def get(key):
    """The page kept under ``key``: this process's copy if it has one (the caller checks its
    tags), else the shared cache's."""
    entry = _local.get(key)
    if entry is not None:
        _local.move_to_end(key)
        return entry
    return get_shared(key)


def get_shared(key):
    entry = cache.get(ENTRY + key)
    if entry is not None:
        remember(key, entry)
    return entry


def put(key, entry):
    cache.set(ENTRY + key, entry, timeout=KEEP_STALE)
    remember(key, entry)


def remember(key, entry):
    _local[key] = entry
    _local.move_to_end(key)
    while len(_local) > LOCAL_PAGES:
        _local.popitem(last=False)


def forget_local():
    _local.clear()


def claim(key):
    """True for the one worker that is to render ``key`` afresh; the others serve the
    stale copy meanwhile."""
    return cache.add(LOCK + key, 1, timeout=LOCK_SECONDS)


def release(key):
    cache.delete(LOCK + key)


def next_scheduled(find):
    """When the next scheduled article comes due (a timestamp, or None), remembered until
    content changes; ``find`` asks the database."""
    value = cache.get(NEXT_SCHEDULED)
    if value is None:
        moment = find()
        value = moment.timestamp() if moment else 0
        cache.set(NEXT_SCHEDULED, value, timeout=300)
    return value or None
