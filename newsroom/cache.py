"""Django's Redis cache, with one Redis client per connection pool, and Redis's channels
(``publish``, ``pubsub``: the page cache's generations, ``articles.caching.store``).

Django's own backend builds a new ``redis.Redis`` object for every operation, and each
one fills its table of response callbacks (some hundred and seventy entries): on a page
served from the cache that was a third of the time. The client holds no state of its own
beyond its pool, so one per pool serves every operation of this process.
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        clients = self.__dict__.setdefault("_newsroom_clients", {})
        if index not in clients:
            clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return clients[index]


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def publish(self, channel, message):
        self._cache.get_client(write=True).publish(channel, message)

    def pubsub(self):
        """A subscription of its own (a connection of its own, closed with it)."""
        return self._cache.get_client(write=True).pubsub()
