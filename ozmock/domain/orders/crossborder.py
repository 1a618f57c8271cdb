"""Crossborder postings (legacy `/v2/posting/crossborder/*`; the `/v1/order/*crossborder*` methods are
`legacy_v1.py`).

`awaiting_approve` -> approve -> `awaiting_packaging` -> ship (shipping provider and tracking
number; some SKUs only: they become their own shipped posting) -> `awaiting_deliver` -> the clock
hands it over (`delivering`) and delivers it. Cancelling some SKUs moves them into a new posting
of the same order with status `cancelled`; not approved or shipped by `shipment_date`, the clock
cancels the posting."""
from __future__ import annotations

from typing import Any

from ...registry import Call, handles
from ..kit.dates import now_of
from ..kit.paging import page_size
from ..kit.values import as_int, as_str, int_list, lst, obj, str_list
from . import data, views
from .common import (
    HAS_INCORRECT_CANCEL_REASON,
    HAS_INCORRECT_PRODUCT_QUANTITY,
    HAS_INCORRECT_STATUS,
    POSTING_ALREADY_CANCELLED,
    UNKNOWN_PRODUCT,
    bad,
    missing,
)
from .listing import check_offset, is_desc, page_of, period, status_indexes
from .model import Posting, PostingStore, store_of
from .transitions import cancel, check_can_ship, pack, set_status, split_lines, split_off

REASON_IDS = {rid for rid, _, _ in data.CROSSBORDER_REASONS} | set(data.CANCEL_REASONS)


def cb_posting(store: PostingStore, number: Any) -> Posting:
    posting = store.get(as_str(number).strip())
    if posting is None or posting.scheme != "crossborder":
        raise missing()
    return posting


@handles("POST", "/v2/posting/crossborder/list", exact=True)
def cb_list(call: Call) -> dict:
    body, store = call.body, store_of(call.seller)
    flt = obj(body.get("filter"))
    low, high = period(flt, required=False)
    indexes = status_indexes(store, "crossborder", [as_str(flt.get("status"))])
    page, _, _ = page_of(store, indexes, low, high, offset=check_offset(as_int(body.get("offset"))),
                         limit=page_size(body.get("limit"), 50, 50), desc=is_desc(body))
    return {"result": [views.crossborder_record(p) for p in page]}


@handles("POST", "/v2/posting/crossborder/unfulfilled/list", exact=True)
def cb_unfulfilled(call: Call) -> dict:
    body, store = call.body, store_of(call.seller)
    wanted = {s.lower() for s in str_list(body.get("status"))} or {"awaiting_approve", "awaiting_packaging"}
    page, _, _ = page_of(store, [store.open_cutoff["crossborder"]], None, None,
                         offset=check_offset(as_int(body.get("offset"))), limit=page_size(body.get("limit"), 50, 50),
                         desc=is_desc(body), keep=lambda p: p.status in wanted)
    return {"result": [views.crossborder_record(p) for p in page]}


@handles("POST", "/v2/posting/crossborder/get", exact=True)
def cb_get(call: Call) -> dict:
    posting = cb_posting(store_of(call.seller), call.body.get("posting_number"))
    return {"result": [views.crossborder_record(posting)]}


@handles("POST", "/v2/posting/crossborder/cancel-reason/list", exact=True)
def cb_reasons(call: Call) -> dict:
    return {"result": [{"id": rid, "title": title, "type_id": kind}
                                    for rid, title, kind in data.CROSSBORDER_REASONS]}


def check_approvable(posting: Posting) -> None:
    if posting.status == "cancelled":
        raise bad(POSTING_ALREADY_CANCELLED, posting.number)
    if posting.status != "awaiting_approve":
        raise bad(HAS_INCORRECT_STATUS, posting.number)


@handles("POST", "/v2/posting/crossborder/approve", writes=True, exact=True)
def cb_approve(call: Call) -> dict:
    store = store_of(call.seller)
    posting = cb_posting(store, call.body.get("posting_number"))
    check_approvable(posting)
    set_status(call.world, call.seller, store, posting, "awaiting_packaging", now_of(call))
    return {"result": True}


def check_shippable(posting: Posting, provider: int, tracking: str) -> None:
    check_can_ship(posting)
    if provider not in {pid for pid, _ in data.CROSSBORDER_PROVIDERS}:
        raise bad(f"unknown shipping_provider_id {provider}, see shipping-provider/list")
    if not tracking:
        raise bad("tracking_number is empty")


def ship_items(call: Call, posting: Posting, wanted: dict[int, int], provider: int, tracking: str) -> Posting:
    store, at = store_of(call.seller), now_of(call)
    for sku, qty in wanted.items():
        line = posting.line_for(sku)
        if line is None:
            raise bad(UNKNOWN_PRODUCT, str(sku))
        if qty <= 0 or qty > line["quantity"]:
            raise bad(HAS_INCORRECT_PRODUCT_QUANTITY, str(sku))
    taken, left = split_lines(posting, wanted)
    target = posting
    if left:
        posting.lines = left
        target = split_off(call.world, store, posting, taken, at)
    target.shipping_provider_id, target.tracking_number = provider, tracking
    pack(call.world, call.seller, store, target, at)
    return target


@handles("POST", "/v2/posting/crossborder/ship", writes=True, exact=True)
def cb_ship(call: Call) -> dict:
    posting = cb_posting(store_of(call.seller), call.body.get("posting_number"))
    provider, tracking = as_int(call.body.get("shipping_provider_id")), as_str(call.body.get("tracking_number")).strip()
    check_shippable(posting, provider, tracking)
    wanted: dict[int, int] = {}
    for item in lst(call.body.get("items")):
        item = obj(item)
        sku = as_int(item.get("sku"))
        wanted[sku] = wanted.get(sku, 0) + as_int(item.get("quantity"))
    if not wanted:
        raise bad(HAS_INCORRECT_PRODUCT_QUANTITY, posting.number)
    shipped = ship_items(call, posting, wanted, provider, tracking)
    return {"result": {"package_number": shipped.number}}


def check_cancellable(posting: Posting, reason_id: int) -> None:
    if posting.status == "cancelled":
        raise bad(POSTING_ALREADY_CANCELLED, posting.number)
    if posting.status not in ("awaiting_approve", "awaiting_packaging"):
        raise bad(HAS_INCORRECT_STATUS, posting.number)
    if reason_id not in REASON_IDS:
        raise bad(HAS_INCORRECT_CANCEL_REASON, str(reason_id))


def reason_title(reason_id: int) -> str:
    for rid, title, _ in data.CROSSBORDER_REASONS:
        if rid == reason_id:
            return title
    return data.CANCEL_REASONS.get(reason_id, ("Canceled by seller",))[0]


def cancel_items(call: Call, posting: Posting, skus: list[int], reason_id: int, message: str = "") -> None:
    store, at = store_of(call.seller), now_of(call)
    for sku in skus:
        if posting.line_for(sku) is None:
            raise bad(UNKNOWN_PRODUCT, str(sku))
    target = posting
    if skus and set(skus) != {line["sku"] for line in posting.lines}:
        taken, left = split_lines(posting, {sku: posting.line_for(sku)["quantity"] for sku in skus})
        posting.lines = left
        target = split_off(call.world, store, posting, taken, at)
    cancel(call.world, call.seller, store, target, at, reason_id=reason_id,
           reason=message or reason_title(reason_id), initiator="Продавец", kind="seller", affects_rating=True)


@handles("POST", "/v2/posting/crossborder/cancel", writes=True, exact=True)
def cb_cancel(call: Call) -> dict:
    posting = cb_posting(store_of(call.seller), call.body.get("posting_number"))
    reason_id = as_int(call.body.get("cancel_reason_id"))
    check_cancellable(posting, reason_id)
    cancel_items(call, posting, int_list(call.body.get("sku")), reason_id, as_str(call.body.get("cancel_reason_message")))
    return {"result": True}
