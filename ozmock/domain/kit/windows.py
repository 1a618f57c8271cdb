"""Sliding windows over world time (epoch seconds): the per-method request windows of the pipeline
and the per-item rules of the areas (product items written per minute, one stock update per pair per
30 s) count with the same helpers."""
from __future__ import annotations

import math
from typing import Sequence

PER_MINUTE_MESSAGE = "You have reached request rate limit per minute"
PER_DAY_MESSAGE = "You have reached request rate limit per day"


def within(times: Sequence[float], now: float, period: float) -> list[float]:
    """The times still inside the window that ends at `now`."""
    return [t for t in times if t > now - period]


def weighted_within(entries: Sequence[tuple[float, int]], now: float, period: float) -> list[tuple[float, int]]:
    """(time, count) entries still inside the window: rules that count items, not calls."""
    return [(at, count) for at, count in entries if at > now - period]


def touched_within(at: float | None, now: float, period: float) -> bool:
    """Did the last change at `at` happen less than `period` seconds before `now`? (one change per
    key and period, e.g. one stock update per product-warehouse pair per 30 s)"""
    return at is not None and at > now - period


def retry_after(recent: Sequence[float], now: float, period: float) -> int:
    """Whole seconds until the oldest call in the window leaves it (at least 1), for `Retry-After`."""
    return max(1, math.ceil(recent[0] + period - now))
