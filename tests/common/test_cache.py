"""The shared cache's Redis backend keeps one client per connection pool (``common.cache``)."""

import os

import pytest

from common.cache import RedisCache


def test_every_operation_gets_the_same_client_on_the_same_pool():
    cache = RedisCache("redis://127.0.0.1:6379/14", {})
    client = cache._cache.get_client("a")
    assert (
        cache._cache.get_client("b") is client,
        cache._cache.get_client("c", write=True) is client,
        client.connection_pool is cache._cache._get_connection_pool(False),
    ) == (True, True, True)


def test_each_server_of_a_replicated_cache_has_its_own_client():
    cache = RedisCache("redis://127.0.0.1:6379/14,redis://127.0.0.1:6380/14", {})
    writer, reader = cache._cache.get_client(write=True), cache._cache.get_client()
    assert (
        writer is not reader,
        writer.connection_pool.connection_kwargs["port"],
        reader is cache._cache.get_client(),
    ) == (
        True,
        6379,
        True,
    )


@pytest.mark.skipif(not os.environ.get("CACHE_TEST_REDIS_URL"), reason="set CACHE_TEST_REDIS_URL to use a real Redis")
def test_values_go_through_a_real_redis():
    cache = RedisCache(os.environ["CACHE_TEST_REDIS_URL"], {})
    cache.set("dengfeng-test", {"已推荐": 3}, 30)
    assert (cache.get("dengfeng-test"), cache.incr("dengfeng-n", 1) if cache.add("dengfeng-n", 1, 30) else None) == (
        {"已推荐": 3},
        2,
    )
    cache.delete_many(["dengfeng-test", "dengfeng-n"])
