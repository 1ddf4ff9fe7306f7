"""The shared cache's Redis backend: Django's, with one Redis client per connection pool.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every cache operation (its table of
response callbacks, about 170 entries, each time: 0.1–0.25 ms of CPU); a page does 2 to 8 of them. A client holds
nothing but its pool (thread-safe, and re-created by redis-py in a forked process), so one per pool serves every
operation of the process's cache (Django keeps one cache object per thread)."""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
