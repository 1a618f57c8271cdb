"""Sliding windows over world time (epoch seconds): the per-method request windows of the pipeline
and the per-item rules of the areas (product writes per minute) count with the same two helpers."""
from __future__ import annotations

import math
from typing import Sequence

PER_MINUTE_MESSAGE = "You have reached request rate limit per minute"
PER_DAY_MESSAGE = "You have reached request rate limit per day"


def within(times: Sequence[float], now: float, period: float) -> list[float]:
    """The times still inside the window that ends at `now`."""
    return [t for t in times if t > now - period]


def retry_after(recent: Sequence[float], now: float, period: float) -> int:
    """Whole seconds until the oldest call in the window leaves it (at least 1), for `Retry-After`."""
    return max(1, math.ceil(recent[0] + period - now))
