"""Where cached pages and the versions of their tags live: Django's cache (Redis through
``CACHE_URL`` in production, shared by every process and machine; process memory
otherwise).

Each tag has a version token, ``"<time>:<random>"``. A cached page keeps the tokens of its
tags as they were when it was rendered; it is fresh while they are all unchanged (and its
time has not run out). Changing content gives the changed tags new tokens. A token that is
missing (never set, or evicted from a full cache) is created anew, so a page can never be
taken for fresh because its tags' tokens disappeared.
"""

import logging
import os
import threading
import time
import types
import uuid
from collections import OrderedDict

from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver

log = logging.getLogger(__name__)

VERSION = "pc:v:"
ENTRY = "pc:e:"
LOCK = "pc:l:"
NEXT_SCHEDULED = "pc:next-scheduled"
# A new token at every bump: a page this process checked under the current generation is
# still fresh without reading its tags' versions again. (A token, not a counter: after the
# shared cache restarts empty, a counter would count up to numbers old copies still carry.)
GENERATION = "pc:generation"
# Every new generation is also published here (Redis): each process hears it at once.
CHANNEL = "pc:generations"
# A listening process reads the generation again this often all the same (seconds): a
# message lost in a way the connection did not notice is missed for no longer than this.
RESYNC = 5
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
        token = _token()
        cache.set(GENERATION, token, timeout=None)
        if hasattr(cache, "publish"):
            cache.publish(CHANNEL, token)


def generation():
    """The current generation's token: as this process last heard it published, else
    (not listening) one small read of the shared cache."""
    heard = _listener.heard()
    return heard if heard is not None else read_generation()


def read_generation():
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


class Listener:
    """This process's subscription to the generations published by ``bump`` (in any process
    on any machine), so that checking a kept page costs no round trip to the shared cache.

    A thread subscribes, then reads the generation (nothing published after the
    subscription is missed), takes each one published, and reads it again every ``RESYNC``
    seconds and whenever the subscription is confirmed anew (redis-py reconnects and
    subscribes again by itself after a dropped connection). ``heard()`` is None, and
    ``generation()`` reads the shared cache as before, while the thread is not subscribed:
    before it is, after an error (it tries again a second later), or where the cache has
    no channels (process memory).
    """

    def __init__(self):
        self.state = None

    def heard(self):
        state = self.state
        if state is None or state.pid != os.getpid():  # new, or a forked worker: listen here
            state = self.start()
        return state.current

    def start(self):
        self.state = state = types.SimpleNamespace(pid=os.getpid(), current=None, on=True)
        if hasattr(cache, "pubsub"):
            thread = threading.Thread(target=self.run, args=(state,), daemon=True)
            thread.name = "page-cache-generations"
            thread.start()
        return state

    def stop(self):
        """Stop listening (the thread ends within a second); the next ``heard()`` starts
        again, with the cache as configured then."""
        if self.state is not None:
            self.state.on = False
            self.state = None

    def run(self, state):
        failing = False  # said once per outage, not every second
        while state.on:
            try:
                self.listen(state, recovered=failing and "listening for generations again")
            except Exception:
                if not failing:
                    log.warning("page cache: not listening for generations", exc_info=True)
                failing = True
            else:
                failing = False
            state.current = None
            time.sleep(1)

    @staticmethod
    def listen(state, recovered=None):
        with cache.pubsub() as channel:
            channel.subscribe(CHANNEL)
            resync = None  # from the subscription's confirmation on
            while state.on:
                message = channel.get_message(timeout=1)
                kind = message and message["type"]
                if kind == "message":
                    state.current = message["data"].decode()
                elif kind == "subscribe" or (resync and time.monotonic() >= resync):
                    state.current = read_generation()
                    resync = time.monotonic() + RESYNC
                    if recovered:
                        log.warning("page cache: %s", recovered)
                        recovered = None


_listener = Listener()


@receiver(setting_changed, dispatch_uid="page-cache-listener")
def _cache_changed(setting, **kwargs):
    if setting == "CACHES":
        _listener.stop()
