"""How postings change: status and substatus (with push messages), stock following the posting
(reserved units released on cancellation, shipped on packing), cancellation, splitting a posting,
packing, hand-over to Ozon, and the clock's own moves (Ozon-side progress, auto-cancel at
`shipment_date`). Every function works on a settled store under the world's lock; the handlers and
`entry.py` are the callers."""
from __future__ import annotations

from typing import Any

from ..kit.timings import timing
from ..products.model import Product, StockError, products_of
from . import data
from .common import HAS_INCORRECT_STATUS, POSTING_ALREADY_CANCELLED, POSTING_ALREADY_SHIPPED, bad
from .model import DEFAULT_SUBSTATUS, FBS_STATUSES, NOT_SHIPPED, Posting, PostingStore, on_event, store_of
from .notify import notify_state, notify_stocks


def set_status(world, seller, store: PostingStore, posting: Posting, status: str, at: float,
               substatus: str | None = None, notify: bool = True) -> None:
    """Change a posting's status (and substatus), keep indexes right, tell push subscribers."""
    old_sub = posting.substatus
    store.restatus(posting, status)
    posting.previous_substatus = old_sub
    posting.substatus = substatus or DEFAULT_SUBSTATUS.get(status, "")
    posting.status_at = at
    posting.stage += 1
    if status == "delivering" and posting.delivering_at is None:
        posting.delivering_at = at
    if status == "delivered":
        posting.delivered_at = at
    if notify:
        notify_state(world, seller, posting, at, old_sub)


def set_substatus(world, seller, posting: Posting, substatus: str, at: float) -> None:
    old = posting.substatus
    if old == substatus:
        return
    posting.previous_substatus = old
    posting.substatus = substatus
    posting.status_at = at
    notify_state(world, seller, posting, at, old)


def _product(seller, line: dict[str, Any]) -> Product | None:
    store = products_of(seller)
    return store.get(line["product_id"]) or store.by_offer_id(line["offer_id"])


def release_stock(world, seller, posting: Posting, lines: list[dict[str, Any]], at: float) -> None:
    """Reserved units of lines not shipped go back to free stock (cancellation before packing)."""
    if posting.scheme in ("fbs", "rfbs") and posting.packed_at is None:
        _move_stock(world, seller, posting, lines, at, products_of(seller).release)


def ship_stock(world, seller, posting: Posting, at: float) -> None:
    """Packed units leave the warehouse (reserved -> gone)."""
    if posting.scheme in ("fbs", "rfbs"):
        _move_stock(world, seller, posting, posting.lines, at, products_of(seller).ship)


def _move_stock(world, seller, posting: Posting, lines: list[dict[str, Any]], at: float, move) -> None:
    """`move(product, warehouse, quantity)` for each line's product (a line whose stock cannot move is
    skipped), then one stock notification for the products touched."""
    touched = []
    for line in lines:
        product = _product(seller, line)
        if product is None:
            continue
        try:
            move(product, posting.warehouse_id, line["quantity"])
            touched.append(product)
        except StockError:
            pass
    notify_stocks(world, seller, touched, at)


def cancel(world, seller, store: PostingStore, posting: Posting, at: float, *, reason_id: int, reason: str,
           initiator: str, kind: str, affects_rating: bool = False) -> None:
    release_stock(world, seller, posting, posting.lines, at)
    posting.cancellation = {
        "cancel_reason_id": reason_id, "cancel_reason": reason, "cancellation_initiator": initiator,
        "cancellation_type": kind, "cancelled_after_ship": posting.packed_at is not None,
        "affect_cancellation_rating": affects_rating,
    }
    posting.cancelled_at = at
    set_status(world, seller, store, posting, "cancelled", at)


def cancel_by_seller(world, seller, store, posting: Posting, at: float, reason_id: int, message: str = "") -> None:
    title = data.CANCEL_REASONS.get(reason_id, (message or "Отменено продавцом",))[0]
    cancel(world, seller, store, posting, at, reason_id=reason_id, reason=message if reason_id == data.REASON_OTHER
           and message else title, initiator="Продавец", kind="seller", affects_rating=True)


def cancel_by_buyer(world, seller, store, posting: Posting, at: float, reason_id: int = 507) -> None:
    title = data.BUYER_CANCEL_REASONS.get(reason_id, data.BUYER_CANCEL_REASONS[361])
    cancel(world, seller, store, posting, at, reason_id=reason_id, reason=title, initiator="Покупатель",
           kind="client")


def new_number(store: PostingStore, order_id: int, order_number: str) -> str:
    return f"{order_number}-{len(store.by_order.get(order_id, ())) + 1}"


def split_off(world, store: PostingStore, posting: Posting, lines: list[dict[str, Any]], at: float,
              status: str | None = None) -> Posting:
    """A new posting of the same order with `lines` (same buyer, dates and warehouse)."""
    values = posting.to_json()
    values.update(number=new_number(store, posting.order_id, posting.order_number), lines=lines,
                  parent=posting.number, related=[], status=status or posting.status,
                  substatus=DEFAULT_SUBSTATUS.get(status or posting.status, ""),
                  previous_substatus="posting_split_pending",
                  status_at=at, stage=0, act_id=0, cancellation=None, exemplar_set_at=posting.exemplar_set_at,
                  barcode_upper=f"%101%{world.next_id('posting_barcode', 40_000_000_000)}",
                  barcode_lower=str(world.next_id("posting_barcode_lower", 20_000_000_000_000)))
    child = Posting(**values)
    store.add(child)
    posting.related.append(child.number)
    return child


def split_lines(posting: Posting, wanted: dict[int, int]) -> tuple[list[dict], list[dict]]:
    """Lines for `wanted` {sku: quantity} and what remains, exemplars following their units."""
    taken, left = [], []
    for line in posting.lines:
        qty = wanted.get(line["sku"], 0)
        take = min(qty, line["quantity"])
        exemplars = list(line.get("exemplars") or [])
        if take:
            part = dict(line, quantity=take)
            if exemplars:
                part["exemplars"] = exemplars[:take]
            taken.append(part)
        if line["quantity"] - take:
            rest = dict(line, quantity=line["quantity"] - take)
            if exemplars:
                rest["exemplars"] = exemplars[take:]
            left.append(rest)
    return taken, left


def pack(world, seller, store: PostingStore, posting: Posting, at: float) -> None:
    """A posting is packed: stock leaves, status awaiting_deliver (sent_by_seller flows start here too)."""
    posting.packed_at = at
    ship_stock(world, seller, posting, at)
    set_status(world, seller, store, posting, "awaiting_deliver", at)
    if posting.scheme == "crossborder":
        store.schedule(at + timing(world, "crossborder_handover_seconds"), "progress", posting.number,
                       posting.stage)


def hand_over(world, seller, store: PostingStore, posting: Posting, at: float) -> None:
    """Ozon took the posting: delivering now, delivered after `delivery_seconds` (clock)."""
    set_status(world, seller, store, posting, "delivering", at)
    store.schedule(at + 0.75 * timing(world, "delivery_seconds"), "progress", posting.number, posting.stage)


@on_event("progress")
def _progress(world, seller, store: PostingStore, number: str, stage: int, at: float) -> None:
    """Ozon-side progress of a posting: FBO packing, hand-over, on the way, delivered."""
    posting = store.get(number)
    if posting is None or posting.stage != stage:
        return   # something else happened to it meanwhile
    status = posting.status
    if posting.scheme == "fbo":
        if status == "awaiting_packaging":
            posting.packed_at = at
            set_status(world, seller, store, posting, "awaiting_deliver", at)
            store.schedule(at + timing(world, "fbo_handover_seconds"), "progress", number, posting.stage)
            return
        if status == "awaiting_deliver":
            hand_over(world, seller, store, posting, at)
            return
    if status == "awaiting_deliver" and posting.scheme == "crossborder":
        hand_over(world, seller, store, posting, at)
    elif status == "delivering" and posting.substatus == "posting_on_way_to_city":
        final = "posting_in_pickup_point" if posting.delivery_type == "PVZ" else "posting_in_courier_service"
        set_substatus(world, seller, posting, final, at)
        posting.stage += 1
        store.schedule(at + 0.25 * timing(world, "delivery_seconds"), "progress", number, posting.stage)
    elif status == "delivering":
        set_status(world, seller, store, posting, "delivered", at,
                   substatus="posting_received" if posting.delivery_type == "PVZ" else "posting_delivered")


@on_event("autocancel")
def _autocancel(world, seller, store: PostingStore, number: str, _: int, at: float) -> None:
    """Not packed by `shipment_date`: the clock cancels the posting."""
    posting = store.get(number)
    if posting is None or posting.status not in NOT_SHIPPED or posting.shipment_date > at + 1e-6:
        return
    reason_id, reason = data.AUTO_CANCEL_REASON
    cancel(world, seller, store, posting, at, reason_id=reason_id, reason=reason, initiator="Система",
           kind="system", affects_rating=True)



def force_status(world, seller, posting_number: str, status: str, substatus: str | None = None, *,
                 at: float) -> Posting:
    """Put a posting into a status no API call reaches (e.g. `not_accepted`, `client_arbitration`,
    `driver_pickup`): what Ozon's side would do. Stock and push follow as for any change."""
    store = store_of(seller)
    posting = store.get(posting_number)
    if posting is None:
        raise KeyError(f"no posting {posting_number} for seller {seller.client_id}")
    if status not in FBS_STATUSES:
        raise ValueError(f"unknown status {status!r}; known: {FBS_STATUSES}")
    if status == "cancelled":
        cancel(world, seller, store, posting, at, reason_id=data.BUYER_REASON[0], reason=data.BUYER_REASON[1],
               initiator="Ozon", kind="ozon")
        return posting
    if status not in NOT_SHIPPED and posting.packed_at is None and status != "awaiting_deliver":
        posting.packed_at = at
        ship_stock(world, seller, posting, at)
    if status == "delivering" and posting.scheme in ("fbs", "fbo", "crossborder"):
        hand_over(world, seller, store, posting, at)
    else:
        set_status(world, seller, store, posting, status, at, substatus=substatus)
    return posting


def check_can_ship(posting: Posting) -> None:
    """Only a posting awaiting packaging, not yet packed or cancelled, can be shipped."""
    if posting.status == "cancelled":
        raise bad(POSTING_ALREADY_CANCELLED, posting.number)
    if posting.packed_at is not None:
        raise bad(POSTING_ALREADY_SHIPPED, posting.number)
    if posting.status != "awaiting_packaging":
        raise bad(HAS_INCORRECT_STATUS, posting.number)
