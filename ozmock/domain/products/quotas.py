"""Assortment and daily import limits (`/v4/product/info/limit`, legacy `/v2/product/info/limit`).

Usage counts accepted import items (creations and updates) per day; the day turns at 00:00 UTC,
which is the documented 03:00 Moscow time. Limits come from the scenario's `limits:`. Both versions
read one record; v2's schema has no `operation_limits`."""
from __future__ import annotations

from typing import Any

from ...clock import day_start, iso, next_day
from ...registry import Call, handles
from ..kit.timings import limit
from .model import ProductStore
from .selection import store_of


def _value(number) -> int:
    return -1 if number is None else int(number)


def limits_view(store: ProductStore, world) -> dict[str, Any]:
    now = world.clock.now()
    usage = store.usage_today(day_start(now).timestamp())
    reset = iso(next_day(now))
    per_minute = limit(world, "products_per_minute")
    return {
        "daily_create": {"limit": _value(limit(world, "products_daily_create")), "usage": usage["create"],
                         "reset_at": reset},
        "daily_update": {"limit": _value(limit(world, "products_daily_update")), "usage": usage["update"],
                         "reset_at": reset},
        "total": {"limit": _value(limit(world, "products_total")), "usage": store.active},
        "operation_limits": {"limit": int(per_minute or 0),
                             "limit_type": "RATE_LIMIT_PER_MINUTE" if per_minute else "UNSPECIFIED"},
    }


@handles("POST", "/v4/product/info/limit", exact=True)
def info_limit(call: Call) -> dict:
    return limits_view(store_of(call), call.world)
