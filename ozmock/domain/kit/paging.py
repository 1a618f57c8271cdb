"""Page sizes and pages: one reading of `limit` / `page_size` for every list (0 or absent means the
operation's default, protojson's zero value)."""
from __future__ import annotations

from typing import Any

from .values import as_int


def page_size(value: Any, default: int, maximum: int) -> int:
    size = as_int(value, 0)
    if size <= 0:
        return default
    return min(size, maximum)


def page_slice(items: list, page: Any, size: Any, *, default: int, maximum: int) -> tuple[list, int]:
    """(items of a 1-based page, page size)."""
    size = page_size(size, default, maximum)
    number = max(as_int(page, 1), 1)
    start = (number - 1) * size
    return items[start:start + size], size


def clamped_size(value: Any, default: int, maximum: int) -> int:
    """A page size for the methods whose minimum is one row: `default` when absent, an explicit 0
    still one row, never more than `maximum`."""
    return min(max(as_int(value, default), 1), maximum)


def offset_of(value: Any) -> int:
    """A list offset: absent, unreadable or negative reads as the start."""
    return max(as_int(value), 0)
