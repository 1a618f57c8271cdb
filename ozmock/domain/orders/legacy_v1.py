"""The legacy v1 order API (`/v1/order/*`): orders listed, read, shipped and cancelled as whole
orders over the same postings the current methods use (FBS and crossborder), with the old
reason and shipping-provider lists. Order views are `views.legacy_order` and friends."""
from __future__ import annotations

from typing import Any

from ...registry import Call, handles
from ..kit.dates import now_of, parse_timestamp
from ..kit.paging import page_slice
from ..kit.values import as_int, as_str, int_list, lst, obj, str_list
from . import data, views
from .cancellations import reasons_for
from .common import (
    HAS_INCORRECT_CANCEL_REASON,
    HAS_INCORRECT_PRODUCT_QUANTITY,
    HAS_INCORRECT_STATUS,
    POSTING_ALREADY_CANCELLED,
    UNKNOWN_PRODUCT,
    bad,
    missing,
)
from .crossborder import cancel_items, check_cancellable, check_shippable, ship_items
from .fbs import check_marks, ship
from .listing import walk
from .model import NOT_SHIPPED, Posting, PostingStore, store_of
from .transitions import cancel_by_seller, check_can_ship, set_status

LEGACY_DONE = "success"   # what seed 003's examples answer for a done v1 order action

def legacy_group(schema: str) -> str:
    return {"fbs": "fbs", "fbo": "fbo", "crossborder": "crossborder"}.get(schema.lower(), "fbs")


@handles("POST", "/v1/order/list")
def order_list_v1(call: Call) -> dict:
    body, store = call.body, store_of(call.seller)
    low = parse_timestamp(body.get("since"), "since")
    high = parse_timestamp(body.get("to"), "to")
    group = legacy_group(as_str(body.get("delivery_schema")))
    statuses = {s.lower() for s in str_list(body.get("statuses"))}
    entries, _ = walk([store.timeline[group]], low, high)
    orders = views.store_orders(store, [e[2] for e in entries])
    if statuses:
        orders = [o for o in orders if views.order_status(o) in statuses]
    chosen, _ = page_slice(orders, body.get("page"), body.get("page_size"), default=100, maximum=1000)
    return {"result": {"orders": [
        {"order_id": o[0].order_id, "status": views.order_status(o), "delivery_schema": views.delivery_schema(o[0]),
         "items": views.legacy_items(o)} for o in chosen], "total": len(orders)}}


@handles("POST", "/v1/order/unfulfilled")
def order_unfulfilled_v1(call: Call) -> dict:
    body, store = call.body, store_of(call.seller)
    numbers = [e[2] for e in store.status_index("fbs", "awaiting_packaging").items]
    orders = views.store_orders(store, numbers)
    chosen, _ = page_slice(orders, body.get("page"), body.get("page_size"), default=100, maximum=1000)
    return {"result": [{"order_id": o[0].order_id, "items": [
        i for i in views.legacy_items(o) if i["status"] == "awaiting_packaging"]} for o in chosen],
        "total": len(orders)}


def legacy_order_postings(store: PostingStore, order_id: Any) -> list[Posting]:
    postings = store.of_order(as_int(order_id))
    if not postings:
        raise missing("ORDER_NOT_FOUND")
    return postings


@handles("GET", "/v1/order/{order_id}")
def order_get_v1(call: Call) -> dict:
    postings = legacy_order_postings(store_of(call.seller), call.path_params.get("order_id"))
    return {"result": views.legacy_order(postings)}


def items_by_posting(postings: list[Posting], items: list[Any]) -> dict[str, dict[int, int]]:
    """{posting_number: {sku: quantity}} for legacy `item_id`s."""
    where: dict[int, tuple[Posting, int]] = {}
    for posting in postings:
        for line in posting.lines:
            where.setdefault(line["item_id"], (posting, line["sku"]))
    out: dict[str, dict[int, int]] = {}
    for item in items:
        item = obj(item)
        item_id = as_int(item.get("item_id"))
        if item_id not in where:
            raise bad(UNKNOWN_PRODUCT, str(item_id))
        posting, sku = where[item_id]
        qty = as_int(item.get("quantity"))
        if qty <= 0:
            raise bad(HAS_INCORRECT_PRODUCT_QUANTITY, str(item_id))
        bucket = out.setdefault(posting.number, {})
        bucket[sku] = bucket.get(sku, 0) + qty
    return out


@handles("POST", "/v1/order/ship/fbs", writes=True, exact=True)
def order_ship_fbs_v1(call: Call) -> dict:
    store = store_of(call.seller)
    postings = [p for p in legacy_order_postings(store, call.body.get("order_id")) if p.group == "fbs"]
    plans: dict[str, list[dict[int, int]]] = {}
    for package in lst(call.body.get("packages")):
        split = items_by_posting(postings, lst(obj(package).get("items")))
        if len(split) != 1:
            raise bad(HAS_INCORRECT_PRODUCT_QUANTITY, "a package holds items of one posting")
        (number, items), = split.items()
        plans.setdefault(number, []).append(items)
    if not plans:
        raise bad(HAS_INCORRECT_PRODUCT_QUANTITY)
    for number, packages in plans.items():       # validate all before changing any
        posting = store.get(number)
        check_can_ship(posting)
        totals: dict[int, int] = {}
        for package in packages:
            for sku, qty in package.items():
                totals[sku] = totals.get(sku, 0) + qty
        if totals != {line["sku"]: line["quantity"] for line in posting.lines}:
            raise bad(HAS_INCORRECT_PRODUCT_QUANTITY, posting.number)
        check_marks(posting, totals, {}, now_of(call))
    numbers = []
    for number, packages in plans.items():
        numbers += [p.number for p in ship(call, store.get(number), packages, {})]
    return {"result": {"package_numbers": numbers}}


@handles("POST", "/v1/order/cancel/fbs", writes=True, exact=True)
def order_cancel_fbs_v1(call: Call) -> dict:
    store, at = store_of(call.seller), now_of(call)
    postings = [p for p in legacy_order_postings(store, call.body.get("order_id")) if p.group == "fbs"]
    reason_id = as_int(call.body.get("cancel_reason_id"))
    live = [p for p in postings if p.status != "cancelled"]
    if not live:
        raise bad(POSTING_ALREADY_CANCELLED)
    known = {rid for rid, _ in data.LEGACY_ORDER_REASONS} | set(data.CANCEL_REASONS)
    if reason_id not in known:
        raise bad(HAS_INCORRECT_CANCEL_REASON, str(reason_id))
    for posting in live:
        if not reasons_for(posting) or posting.status not in NOT_SHIPPED | {"awaiting_deliver"}:
            raise bad(HAS_INCORRECT_STATUS, posting.number)
    for posting in live:
        cancel_by_seller(call.world, call.seller, store, posting, at, reason_id)
    return {"result": LEGACY_DONE}


@handles("POST", "/v1/order/cancel-reason/list", exact=True)
def order_cancel_reasons_v1(call: Call) -> dict:
    return {"result": [{"id": rid, "title": title} for rid, title in data.LEGACY_ORDER_REASONS]}


@handles("POST", "/v1/order/shipping-provider/list", "/v2/posting/crossborder/shipping-provider/list", exact=True)
def shipping_providers(call: Call) -> dict:
    return {"result": [{"id": pid, "name": name} for pid, name in data.CROSSBORDER_PROVIDERS]}



# --- crossborder ----------------------------------------------------------------------------------------
def order_postings(call: Call, order_id: Any) -> list[Posting]:
    postings = [p for p in store_of(call.seller).of_order(as_int(order_id)) if p.scheme == "crossborder"]
    if not postings:
        raise missing("ORDER_NOT_FOUND")
    return postings


@handles("POST", "/v1/order/approve/crossborder", writes=True, exact=True)
def v1_approve(call: Call) -> dict:
    postings = [p for p in order_postings(call, call.body.get("order_id")) if p.status != "cancelled"]
    waiting = [p for p in postings if p.status == "awaiting_approve"]
    if not waiting:
        raise bad(HAS_INCORRECT_STATUS)
    for posting in waiting:
        set_status(call.world, call.seller, store_of(call.seller), posting, "awaiting_packaging", now_of(call))
    return {"result": LEGACY_DONE}


def _by_item(postings: list[Posting], item_id: int) -> tuple[Posting, dict[str, Any]]:
    for posting in postings:
        for line in posting.lines:
            if line["item_id"] == item_id:
                return posting, line
    raise bad(UNKNOWN_PRODUCT, str(item_id))


@handles("POST", "/v1/order/ship/crossborder", writes=True, exact=True)
def v1_ship(call: Call) -> dict:
    postings = [p for p in order_postings(call, call.body.get("order_id")) if p.status != "cancelled"]
    provider, tracking = as_int(call.body.get("shipping_provider_id")), as_str(call.body.get("tracking_number")).strip()
    wanted: dict[str, dict[int, int]] = {}
    for item in lst(call.body.get("items")):
        item = obj(item)
        posting, line = _by_item(postings, as_int(item.get("item_id")))
        bucket = wanted.setdefault(posting.number, {})
        bucket[line["sku"]] = bucket.get(line["sku"], 0) + as_int(item.get("quantity"))
    if len(wanted) != 1:
        raise bad(HAS_INCORRECT_PRODUCT_QUANTITY, "items of one posting per package")
    (number, items), = wanted.items()
    posting = store_of(call.seller).get(number)
    check_shippable(posting, provider, tracking)
    shipped = ship_items(call, posting, items, provider, tracking)
    return {"result": {"package_number": shipped.number}}


@handles("POST", "/v1/order/items/cancel/crossborder", writes=True, exact=True)
def v1_cancel_items(call: Call) -> dict:
    postings = [p for p in order_postings(call, call.body.get("order_id")) if p.status != "cancelled"]
    reason_id = as_int(call.body.get("reason_code"))
    plan: dict[str, list[int]] = {}
    for item_id in int_list(call.body.get("item_ids")):
        posting, line = _by_item(postings, item_id)
        plan.setdefault(posting.number, []).append(line["sku"])
    if not plan:
        raise bad(UNKNOWN_PRODUCT)
    store = store_of(call.seller)
    for number in plan:
        check_cancellable(store.get(number), reason_id)
    for number, skus in plan.items():
        cancel_items(call, store.get(number), skus, reason_id)
    return {"result": LEGACY_DONE}
