"""The minimum-price timer (`/v1/product/action/timer/*`): a product's `min_price` counts for
automatic actions for 30 days after it was last set or renewed; renewing needs a `min_price`."""
from __future__ import annotations

from typing import Any

from ...errors import OzonError
from ...registry import Call, handles
from ..kit.dates import now_of, stamp
from ..kit.money import dec
from ..kit.values import as_int, int_list
from ..products.model import Product, products_of
from .state import promos_of

TIMER_SECONDS = 30 * 86_400


def _timer_start(state: dict[str, Any], product: Product) -> float | None:
    """When the product's minimum price (for automatic actions) was last set or renewed: a renewal
    through the timer method, else the last price update while a `min_price` is set."""
    renewed = state.setdefault("timers", {}).get(str(product.product_id))
    updated = max(product.price_updates) if product.price_updates and dec(product.min_price) > 0 else None
    starts = [t for t in (renewed, updated) if t is not None]
    return max(starts) if starts else None


def _product_ids(value: Any) -> list[int]:
    return int_list(value) if isinstance(value, list) else [as_int(value)] if value not in (None, "") else []


@handles("POST", "/v1/product/action/timer/status")
def timer_status(call: Call) -> dict:
    state, now, store = promos_of(call.seller), now_of(call), products_of(call.seller)
    rows = []
    for product_id in _product_ids(call.body.get("product_ids")):
        product = store.get(product_id)
        if product is None:
            continue
        start = _timer_start(state, product)
        row = {"product_id": product_id,
               "min_price_for_auto_actions_enabled": start is not None and start + TIMER_SECONDS > now}
        if start is not None:
            row["expired_at"] = stamp(start + TIMER_SECONDS)
        rows.append(row)
    return {"statuses": rows}


@handles("POST", "/v1/product/action/timer/update", writes=True, exact=True)
def timer_update(call: Call) -> dict:
    state, now, store = promos_of(call.seller), now_of(call), products_of(call.seller)
    wanted = _product_ids(call.body.get("product_ids"))
    missing = [pid for pid in wanted if store.get(pid) is None]
    if missing:
        raise OzonError(5, f"product not found: {', '.join(str(p) for p in missing)}")
    no_floor = [pid for pid in wanted if dec(store.get(pid).min_price) <= 0]
    if no_floor:
        raise OzonError(3, "set min_price with /v1/product/import/prices first: "
                           f"{', '.join(str(p) for p in no_floor)}")
    timers = state.setdefault("timers", {})
    for product_id in wanted:
        timers[str(product_id)] = now
    return {}
