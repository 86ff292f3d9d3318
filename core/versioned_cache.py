"""Expensive read models cached per data version, with a short staleness window.

A city's dashboards recompute months of many people; at the afternoon's peak the
city's data changes many times a second, so "recompute whenever it changed" would mean
on every read. A value computed for data version v is therefore served while v is
current, or while it is younger than `settings.DASHBOARD_STALE_SECONDS` (0: always
current); the caller shows the time of its data (`Cached.computed_at`). One process
recomputes a stale value at a time: the others serve the previous one meanwhile.

The default cache's key function adds the active schema, so a key never crosses cities.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Generic, TypeVar

from django.conf import settings
from django.core.cache import cache

T = TypeVar("T")

KEEP_SECONDS = 15 * 60  # how long a value stays in the cache at all
RECOMPUTE_LOCK_SECONDS = 60  # a recomputation that died frees its lock after this


@dataclass(frozen=True)
class Cached(Generic[T]):
    value: T
    computed_at: datetime  # the time of the data (served up to the window's age)


def usable(seen: str, at: float, version: str, now: float | None = None) -> bool:
    """Whether a value computed at `at` (epoch seconds) for data version `seen` may be
    served to a reader of `version`: the same version, or younger than the window."""
    stale = getattr(settings, "DASHBOARD_STALE_SECONDS", 0)
    return seen == version or (now or time.time()) - at < stale


def cached_for_version(key: str, version: str, compute: Callable[[], T]) -> Cached[T]:
    """`compute()`'s value for `version`, from the cache when `usable`."""
    found = cache.get(key)
    now = time.time()
    if found is not None:
        seen, at, value = found
        if usable(seen, at, version, now) or not cache.add(
            f"{key}:recomputing", 1, RECOMPUTE_LOCK_SECONDS
        ):
            return _cached(value, at)
    try:
        value = compute()
        cache.set(key, (version, now, value), KEEP_SECONDS)
    finally:
        if found is not None:
            cache.delete(f"{key}:recomputing")
    return _cached(value, now)


def _cached(value: T, at: float) -> Cached[T]:
    return Cached(value, datetime.fromtimestamp(at, tz=UTC))
