"""A Redis cache that fails open: while Redis is unreachable the site works without a cache.

Every read is a miss and every write is skipped (logged once per outage), so a Redis outage
costs speed, never an error page. After a failure the backend leaves Redis alone for
`RETRY_AFTER` seconds (per process), so that requests do not each wait for the connect timeout.

Writes skipped meanwhile include invalidations: an entry may have changed while its deletion
could not reach Redis (unreachable, not restarted). So the first thing a process does when Redis
answers again after it skipped something is to drop every entry of this site (its KEY_PREFIX),
before it reads anything: nothing stale is served after an outage.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER = 5.0  # seconds without trying Redis after a failure


def _fail_open(fallback):
    """Run the method, or return `fallback(*args, **kwargs)` while Redis is down."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if self._down_until > time.monotonic():
                return fallback(*args, **kwargs)
            try:
                if self._down_until:
                    self._forget_everything()
                    logger.warning("Redis cache reachable again; its entries were dropped.")
                    self._down_until = 0.0
                return method(self, *args, **kwargs)
            except (RedisError, OSError) as error:
                if not self._down_until:
                    logger.warning("Redis cache unreachable (%s); serving without a cache.", error)
                self._down_until = time.monotonic() + RETRY_AFTER
                return fallback(*args, **kwargs)

        return wrapper

    return decorate


def _default(_key, default=None, *args, **kwargs):
    return default


def _none(*args, **kwargs):
    return None


def _false(*args, **kwargs):
    return False


def _empty(*args, **kwargs):
    return {}


def _no_keys(keys, *args, **kwargs):
    return list(keys)


def _delta(_key, delta=1, *args, **kwargs):
    return delta


class FailOpenRedisCache(RedisCache):
    """Django's RedisCache; each operation falls back to a cache miss when Redis fails."""

    _down_until = 0.0

    get = _fail_open(_default)(RedisCache.get)
    set = _fail_open(_none)(RedisCache.set)
    add = _fail_open(_false)(RedisCache.add)
    touch = _fail_open(_false)(RedisCache.touch)
    delete = _fail_open(_false)(RedisCache.delete)
    has_key = _fail_open(_false)(RedisCache.has_key)
    incr = _fail_open(_delta)(RedisCache.incr)
    get_many = _fail_open(_empty)(RedisCache.get_many)
    set_many = _fail_open(_no_keys)(RedisCache.set_many)
    delete_many = _fail_open(_none)(RedisCache.delete_many)
    clear = _fail_open(_false)(RedisCache.clear)

    def _forget_everything(self):
        """Delete this site's entries (and no other key: the database may be shared)."""
        client = self._cache.get_client(write=True)
        batch = []
        for key in client.scan_iter(match=f"{self.key_prefix}:*", count=1000):
            batch.append(key)
            if len(batch) == 1000:
                client.delete(*batch)
                batch = []
        if batch:
            client.delete(*batch)
