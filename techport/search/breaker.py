"""A circuit breaker in front of Elasticsearch, shared by every request of a process.

A hung node (frozen, or a network that drops packets) makes each call wait its whole timeout. After
``failures`` consecutive timeouts or connection failures the breaker opens: callers are told at once that
search is unavailable instead of waiting. After ``reset_seconds`` it lets a single probe through
(half-open); the probe's outcome closes the breaker or opens it for another cool-down.

Search and matching have a breaker each: matching runs long texts under a tighter budget, and its timeouts
on a busy node must not turn the search pages and the API into 503s.
"""

import threading
import time
from collections.abc import Callable
from enum import StrEnum

from flask import Flask, current_app

EXTENSION_KEY = "techport.search_breaker"


class BreakerState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half-open"


class CircuitBreaker:
    def __init__(self, failures: int, reset_seconds: float, clock: Callable[[], float] = time.monotonic):
        self.failure_threshold = max(1, failures)
        self.reset_seconds = reset_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._state = BreakerState.CLOSED
        self._consecutive_failures = 0
        self._opened_at = 0.0

    @property
    def state(self) -> BreakerState:
        with self._lock:
            return self._state

    def allow(self) -> bool:
        """Whether a call may go to the node now; when half-open only the first caller (the probe) may."""
        with self._lock:
            if self._state == BreakerState.CLOSED:
                return True
            if self._state == BreakerState.OPEN and self._clock() - self._opened_at >= self.reset_seconds:
                self._state = BreakerState.HALF_OPEN
                return True
            return False

    def record_success(self) -> None:
        """The node answered (even with an error response): it is not hung."""
        with self._lock:
            self._state = BreakerState.CLOSED
            self._consecutive_failures = 0

    def record_failure(self) -> None:
        """A timeout or a connection failure."""
        with self._lock:
            self._consecutive_failures += 1
            if self._state == BreakerState.HALF_OPEN or self._consecutive_failures >= self.failure_threshold:
                self._state = BreakerState.OPEN
                self._opened_at = self._clock()


def search_breaker(app: Flask | None = None, purpose: str = "search") -> CircuitBreaker:
    """The app's breaker for ``purpose`` ("search" or "matching"), created on first use from its settings."""
    app = app or current_app
    key = EXTENSION_KEY if purpose == "search" else f"{EXTENSION_KEY}.{purpose}"
    breaker = app.extensions.get(key)
    if breaker is None:
        breaker = app.extensions.setdefault(
            key,
            CircuitBreaker(app.config["SEARCH_BREAKER_FAILURES"], app.config["SEARCH_BREAKER_RESET_SECONDS"]),
        )
    return breaker
