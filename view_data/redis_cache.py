"""The Redis cache backend: while Redis is unreachable it answers as an empty cache, logging the outage once.

Flask-Caching's own ``RedisCache`` lets a connection error reach its decorators, which log a traceback
on every cached call (two per cold call) and then compute the answer. This backend instead logs one
warning when an outage begins and one line when Redis answers again; meanwhile every read is a miss
and every write is dropped, so answers are computed and served uncached. After a failure Redis is
not asked again for :data:`RETRY_S` seconds, so an outage costs no connection attempt per call;
caching resumes at the first call after that which reaches it.

Select it with ``CACHE_TYPE = "view_data.redis_cache.OutageTolerantRedisCache"`` and ``CACHE_REDIS_URL``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

import redis
from flask import Flask
from flask_caching.backends.rediscache import RedisCache
from redis.backoff import NoBackoff
from redis.retry import Retry

log = logging.getLogger(__name__)
RETRY_S = 5.0
CONNECT_TIMEOUT_S = 1.0
SOCKET_TIMEOUT_S = 2.0
UNREACHABLE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
T = TypeVar("T")


class OutageTolerantRedisCache(RedisCache):
    """Flask-Caching's ``RedisCache`` that serves misses, not errors, while Redis is unreachable."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lock = threading.Lock()
        self._down = False
        self._next_try = 0.0

    @classmethod
    def factory(
        cls, app: Flask, config: dict[str, Any], args: list[Any], kwargs: dict[str, Any]
    ) -> OutageTolerantRedisCache:
        """The backend of ``CACHE_REDIS_URL``: short timeouts and no retry, so an outage answers at once."""
        client = redis.Redis.from_url(
            config["CACHE_REDIS_URL"],
            socket_connect_timeout=CONNECT_TIMEOUT_S,
            socket_timeout=SOCKET_TIMEOUT_S,
            retry=Retry(NoBackoff(), 0),
        )
        kwargs.update(host=client, key_prefix=config.get("CACHE_KEY_PREFIX"))
        return cls(*args, **kwargs)

    @property
    def url(self) -> str:
        """Where the cache is, without a password."""
        settings = self._write_client.connection_pool.connection_kwargs
        return f"redis://{settings.get('host')}:{settings.get('port')}/{settings.get('db', 0)}"

    def _guard(self, operation: Callable[[], T], miss: T) -> T:
        if self._down and time.monotonic() < self._next_try:
            return miss
        try:
            value = operation()
        except UNREACHABLE as error:
            self._went_down(error)
            return miss
        if self._down:
            self._came_back()
        return value

    def _went_down(self, error: Exception) -> None:
        with self._lock:
            self._next_try = time.monotonic() + RETRY_S
            if self._down:
                return
            self._down = True
        log.warning(
            "cache unreachable at %s (%s): serving answers uncached, trying again every %g s",
            self.url,
            error,
            RETRY_S,
        )

    def _came_back(self) -> None:
        with self._lock:
            if not self._down:
                return
            self._down = False
        log.warning("cache reachable again at %s: caching resumed", self.url)

    def get(self, key: str) -> Any:
        return self._guard(lambda: super(OutageTolerantRedisCache, self).get(key), None)

    def get_many(self, *keys: str) -> list[Any]:
        return self._guard(lambda: super(OutageTolerantRedisCache, self).get_many(*keys), [None] * len(keys))

    def has(self, key: str) -> bool:
        return self._guard(lambda: super(OutageTolerantRedisCache, self).has(key), False)

    def set(self, key: str, value: Any, timeout: int | None = None) -> bool:
        return self._guard(lambda: super(OutageTolerantRedisCache, self).set(key, value, timeout), False)

    def add(self, key: str, value: Any, timeout: int | None = None) -> bool:
        return self._guard(lambda: super(OutageTolerantRedisCache, self).add(key, value, timeout), False)

    def set_many(self, mapping: dict[str, Any], timeout: int | None = None) -> list[Any]:
        return self._guard(lambda: super(OutageTolerantRedisCache, self).set_many(mapping, timeout), [])

    def delete(self, key: str) -> bool:
        return self._guard(lambda: super(OutageTolerantRedisCache, self).delete(key), False)

    def delete_many(self, *keys: str) -> list[Any]:
        return self._guard(lambda: super(OutageTolerantRedisCache, self).delete_many(*keys), [])

    def clear(self) -> bool:
        return self._guard(lambda: super(OutageTolerantRedisCache, self).clear(), False)

    def inc(self, key: str, delta: int = 1) -> Any:
        return self._guard(lambda: super(OutageTolerantRedisCache, self).inc(key, delta), None)

    def dec(self, key: str, delta: int = 1) -> Any:
        return self._guard(lambda: super(OutageTolerantRedisCache, self).dec(key, delta), None)
