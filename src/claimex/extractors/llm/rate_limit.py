"""Requests-per-minute and tokens-per-minute limits shared by every thread using one extractor.

A token bucket per limit: it holds a minute's allowance, refills continuously, and a request waits
until the bucket can pay for it. A request dearer than the whole allowance waits for a full bucket
rather than forever.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from typing import Protocol

__all__ = ["Limiter", "RateLimiter"]


class Limiter(Protocol):
    """What the transport needs of a limit: :class:`RateLimiter` in one process, or a proxy to a
    limit shared by many processes (``claimex.ray`` shares one across a cluster)."""

    def acquire(self, tokens: int = 0) -> None: ...
    async def aacquire(self, tokens: int = 0) -> None: ...
    def charge(self, requests: int, tokens: int) -> None: ...


class _Bucket:
    def __init__(self, per_minute: float, clock: Callable[[], float]) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.level = self.capacity
        self.clock = clock
        self.stamp = clock()

    def wait(self, cost: float) -> float:
        """Seconds until ``cost`` can be paid (0 if it can now), after refilling."""
        now = self.clock()
        self.level = min(self.capacity, self.level + (now - self.stamp) * self.rate)
        self.stamp = now
        return max(0.0, (min(cost, self.capacity) - self.level) / self.rate)

    def pay(self, cost: float) -> None:
        self.level -= min(cost, self.capacity)


class RateLimiter:
    """Blocks callers so that at most ``rpm`` requests and ``tpm`` tokens go out per minute."""

    def __init__(
        self,
        rpm: float | None = None,
        tpm: float | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._requests = _Bucket(rpm, clock) if rpm else None
        self._tokens = _Bucket(tpm, clock) if tpm else None
        self._lock = threading.Lock()
        self._sleep = sleep
        self.waited_s = 0.0

    def acquire(self, tokens: int = 0) -> None:
        """Wait until one request of ``tokens`` tokens fits both limits, then count it."""
        while (wait := self.try_acquire(tokens)) > 0:
            self._sleep(wait)

    async def aacquire(self, tokens: int = 0) -> None:
        """:meth:`acquire` for asyncio: waits without blocking the event loop."""
        while (wait := self.try_acquire(tokens)) > 0:
            await asyncio.sleep(wait)

    def charge(self, requests: int, tokens: int) -> None:
        """Count requests already made (re-asks inside one call) without waiting."""
        with self._lock:
            for bucket, cost in ((self._requests, requests), (self._tokens, tokens)):
                if bucket is not None:
                    bucket.wait(0)
                    bucket.level -= cost

    def try_acquire(self, tokens: int = 0) -> float:
        """Count one request now and return 0 if it fits, else the seconds to wait before
        asking again (nothing counted): the step a shared limit runs remotely."""
        with self._lock:
            costs = [(b, c) for b, c in ((self._requests, 1), (self._tokens, tokens)) if b]
            wait = max((b.wait(c) for b, c in costs), default=0.0)
            if wait <= 0:
                for b, c in costs:  # both at once or neither: a wait never loses allowance
                    b.pay(c)
                return 0.0
            self.waited_s += wait
        return wait
