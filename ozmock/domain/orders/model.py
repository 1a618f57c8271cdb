"""Orders and postings: the model, one store per seller, transitions on the one clock, order creation.

A *posting* is the part of an order shipped from one warehouse: FBS (seller's warehouse, Ozon
delivers), rFBS (seller's warehouse, seller delivers), FBO (Ozon's warehouse) or crossborder
(legacy, from abroad). All of a seller's postings live in one `PostingStore` (state area
`postings`) together with what hangs off them: acts, label tasks, returns, cancellation requests,
supply orders and order generators.

Time. Nothing runs in the background for state: every change that time causes (auto-cancel at
`shipment_date`, hand-over of an act, delivering -> delivered, label and act readiness, ...) is an
*event* in the store's heap with its due time. `settle_seller(world, seller, now)` applies the due
events in order, each at its own due time, before any handler reads or writes the store (and the
push sender calls it too). A frozen clock plus `/__ozmock/clock/advance` therefore walks every
state, deterministically.

Indexes keep lists cheap at any size: per scheme group a timeline sorted by `in_process_at`, the
same per status, and the unfulfilled postings sorted by `shipment_date`; a page is a slice.

For other modules and tests:

    from ozmock.domain.postings import create_orders, store_of
    postings = create_orders(world, seller, count=3, scheme="fbs")
    store_of(seller).get("12345678-0001-1")
"""
from __future__ import annotations

import heapq
import random
from bisect import bisect_left, bisect_right, insort
from typing import Any, Callable, Iterable

from ...registry import register_area, settles
from . import data as data
from ..products.model import Product, StockError, products_of
from ..warehouses.model import warehouses_of
from ..kit.timings import declare_timings, timing

GROUPS = ("fbs", "fbo", "crossborder")   # rFBS postings live in the fbs group (same API)
SCHEMES = ("fbs", "rfbs", "fbo", "crossborder")
INF = float("inf")

UNFULFILLED = frozenset({"awaiting_registration", "acceptance_in_progress", "awaiting_approve", "awaiting_packaging",
                         "awaiting_deliver", "arbitration", "client_arbitration", "driver_pickup", "not_accepted"})
FBS_STATUSES = ("awaiting_registration", "acceptance_in_progress", "awaiting_approve", "awaiting_packaging",
                "awaiting_deliver", "arbitration", "client_arbitration", "delivering", "driver_pickup", "delivered",
                "cancelled", "not_accepted", "sent_by_seller")
DEFAULT_SUBSTATUS = {
    "awaiting_registration": "posting_awaiting_registration",
    "acceptance_in_progress": "posting_acceptance_in_progress",
    "awaiting_approve": "posting_created",
    "awaiting_packaging": "posting_created",
    "awaiting_deliver": "posting_transferring_to_delivery",
    "arbitration": "posting_in_arbitration",
    "client_arbitration": "posting_in_client_arbitration",
    "delivering": "posting_on_way_to_city",
    "driver_pickup": "posting_driver_pick_up",
    "delivered": "posting_delivered",
    "cancelled": "posting_canceled",
    "not_accepted": "posting_not_in_sort_center",
    "sent_by_seller": "posting_sent_by_seller",
}
NOT_SHIPPED = frozenset({"awaiting_registration", "acceptance_in_progress", "awaiting_approve", "awaiting_packaging"})

# Durations (seconds), overridable per scenario under `timings:`.
declare_timings(
    shipment_window_seconds=86_400.0,      # in_process_at -> shipment_date (pack before it or the clock cancels)
    label_ready_min_seconds=45.0,          # labels print 45-60 s after packing
    label_ready_max_seconds=60.0,
    label_task_seconds=5.0,                # async label task: pending -> completed
    act_ready_seconds=30.0,                # act create -> check-status ready
    handover_seconds=3_600.0,              # act ready -> postings handed over (delivering), without departure_date
    delivery_seconds=172_800.0,            # delivering -> delivered (Ozon-delivered postings)
    fbo_packaging_seconds=3_600.0,         # FBO: awaiting_packaging -> awaiting_deliver
    fbo_handover_seconds=3_600.0,          # FBO: awaiting_deliver -> delivering
    crossborder_handover_seconds=86_400.0,  # crossborder: shipped -> delivering
    exemplar_check_seconds=5.0,            # marking codes: validation_in_process -> checked
    conditional_cancellation_seconds=172_800.0,  # rFBS cancellation request auto-approved after this
    return_transit_seconds=172_800.0,      # FBS/FBO return on its way -> arrived
    return_utilization_seconds=2_592_000.0,  # a return waiting at the pick-up point is utilized after this
)


# --- the model ------------------------------------------------------------------------------------
class Posting:
    FIELDS = (
        "number", "order_id", "order_number", "scheme", "tpl", "status", "substatus", "previous_substatus",
        "warehouse_id", "warehouse_name", "delivery_method_id", "delivery_method_name", "provider_id",
        "provider_name", "lines", "seq", "created_at", "in_process_at", "shipment_date",
        "shipment_date_without_delay", "status_at", "packed_at", "delivering_at", "delivered_at",
        "cancelled_at", "delivery_begin", "delivery_end", "customer_seed", "legal", "express", "premium",
        "cancellation", "tracking_number", "shipping_provider_id", "parent", "related", "multi_box_qty",
        "act_id", "barcode_upper", "barcode_lower", "cutoff_changes", "timeslot_changes", "exemplar_set_at",
        "stage", "payment_type", "label_delay", "delivery_type", "cluster_from",
    )
    __slots__ = FIELDS

    def __init__(self, **values: Any):
        defaults = {
            "tpl": "ozon", "substatus": "", "previous_substatus": "", "warehouse_id": 0, "warehouse_name": "",
            "delivery_method_id": 0, "delivery_method_name": "", "provider_id": 0, "provider_name": "",
            "lines": [], "seq": 0, "status_at": 0.0, "packed_at": None, "delivering_at": None,
            "delivered_at": None, "cancelled_at": None, "delivery_begin": 0.0, "delivery_end": 0.0,
            "customer_seed": 0, "legal": False, "express": False, "premium": False, "cancellation": None,
            "tracking_number": "", "shipping_provider_id": 0, "parent": "", "related": [], "multi_box_qty": 1,
            "act_id": 0, "barcode_upper": "", "barcode_lower": "", "cutoff_changes": 0, "timeslot_changes": 0,
            "exemplar_set_at": None, "stage": 0, "payment_type": "", "label_delay": 45.0,
            "delivery_type": "PVZ", "cluster_from": "",
        }
        defaults.update(values)
        for name in self.FIELDS:
            setattr(self, name, defaults[name])

    def __getstate__(self):
        return {name: getattr(self, name) for name in self.FIELDS}

    def __setstate__(self, state):
        for name in self.FIELDS:
            setattr(self, name, state.get(name))

    def __repr__(self) -> str:
        return f"<Posting {self.number} {self.scheme} {self.status}>"

    @property
    def group(self) -> str:
        return "fbs" if self.scheme in ("fbs", "rfbs") else self.scheme

    @property
    def quantity(self) -> int:
        return sum(line["quantity"] for line in self.lines)

    def line_for(self, sku: int) -> dict[str, Any] | None:
        return next((line for line in self.lines if line["sku"] == sku), None)

    def to_json(self) -> dict[str, Any]:
        return self.__getstate__()

    @classmethod
    def from_json(cls, data_: dict[str, Any]) -> "Posting":
        return cls(**{k: v for k, v in data_.items() if k in cls.FIELDS})


class SortedIndex:
    """Posting numbers ordered by (key, seq): a range is two bisections, a page a slice."""

    __slots__ = ("items",)

    def __init__(self):
        self.items: list[tuple[float, int, str]] = []

    def add(self, key: float, seq: int, number: str) -> None:
        entry = (key, seq, number)
        if not self.items or entry > self.items[-1]:
            self.items.append(entry)
        else:
            insort(self.items, entry)

    def remove(self, key: float, seq: int, number: str) -> None:
        entry = (key, seq, number)
        index = bisect_left(self.items, entry)
        if index < len(self.items) and self.items[index] == entry:
            del self.items[index]

    def bounds(self, low: float | None, high: float | None) -> tuple[int, int]:
        start = bisect_left(self.items, (low,)) if low is not None else 0
        stop = bisect_right(self.items, (high, INF)) if high is not None else len(self.items)
        return start, max(start, stop)

    def __len__(self) -> int:
        return len(self.items)

    def __getstate__(self):
        return self.items

    def __setstate__(self, state):
        self.items = state


class PostingStore:
    """One seller's postings with their indexes, events and everything that hangs off postings."""

    def __init__(self):
        self.postings: dict[str, Posting] = {}
        self.seq = 0
        self.timeline: dict[str, SortedIndex] = {group: SortedIndex() for group in GROUPS}
        self.by_status: dict[tuple[str, str], SortedIndex] = {}
        self.open_cutoff: dict[str, SortedIndex] = {group: SortedIndex() for group in GROUPS}
        self.by_order: dict[int, list[str]] = {}
        self.by_order_number: dict[str, int] = {}
        self.by_barcode: dict[str, str] = {}
        self.events: list[tuple[float, int, str, Any, int]] = []
        self.event_seq = 0
        # areas hanging off postings, each keyed by an integer id
        self.acts: dict[int, dict[str, Any]] = {}
        self.label_tasks: dict[int, dict[str, Any]] = {}
        self.returns: dict[int, dict[str, Any]] = {}
        self.rfbs_returns: dict[int, dict[str, Any]] = {}
        self.cancellations: dict[int, dict[str, Any]] = {}
        self.supplies: dict[int, dict[str, Any]] = {}
        self.generators: dict[int, dict[str, Any]] = {}
        self.giveouts: dict[int, dict[str, Any]] = {}
        self.operations: dict[int, dict[str, Any]] = {}      # warehouse setup operations

    # --- lookups -------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.postings)

    def get(self, number: str) -> Posting | None:
        return self.postings.get(number)

    def of_order(self, order_id: int) -> list[Posting]:
        return [self.postings[n] for n in self.by_order.get(order_id, ()) if n in self.postings]

    def status_index(self, group: str, status: str) -> SortedIndex:
        index = self.by_status.get((group, status))
        if index is None:
            index = self.by_status[(group, status)] = SortedIndex()
        return index

    # --- indexing ------------------------------------------------------------------------------
    def add(self, posting: Posting) -> Posting:
        self.seq += 1
        posting.seq = self.seq
        return self._index(posting)

    def _index(self, posting: Posting) -> Posting:
        self.postings[posting.number] = posting
        self.timeline[posting.group].add(posting.in_process_at, posting.seq, posting.number)
        self.status_index(posting.group, posting.status).add(posting.in_process_at, posting.seq, posting.number)
        if posting.status in UNFULFILLED:
            self.open_cutoff[posting.group].add(posting.shipment_date, posting.seq, posting.number)
        self.by_order.setdefault(posting.order_id, []).append(posting.number)
        self.by_order_number[posting.order_number] = posting.order_id
        for code in (posting.barcode_upper, posting.barcode_lower):
            if code:
                self.by_barcode[code] = posting.number
        return posting

    def restatus(self, posting: Posting, status: str) -> None:
        """Move a posting to another status in every index (the caller records why)."""
        old = posting.status
        if old == status:
            return
        self.status_index(posting.group, old).remove(posting.in_process_at, posting.seq, posting.number)
        self.status_index(posting.group, status).add(posting.in_process_at, posting.seq, posting.number)
        was_open, now_open = old in UNFULFILLED, status in UNFULFILLED
        if was_open and not now_open:
            self.open_cutoff[posting.group].remove(posting.shipment_date, posting.seq, posting.number)
        elif now_open and not was_open:
            self.open_cutoff[posting.group].add(posting.shipment_date, posting.seq, posting.number)
        posting.status = status

    def move_cutoff(self, posting: Posting, shipment_date: float) -> None:
        if posting.status in UNFULFILLED:
            self.open_cutoff[posting.group].remove(posting.shipment_date, posting.seq, posting.number)
            self.open_cutoff[posting.group].add(shipment_date, posting.seq, posting.number)
        posting.shipment_date = shipment_date

    # --- events --------------------------------------------------------------------------------
    def schedule(self, due: float, kind: str, key: Any, arg: int = 0) -> None:
        self.event_seq += 1
        heapq.heappush(self.events, (due, self.event_seq, kind, key, arg))

    def next_due(self) -> float | None:
        return self.events[0][0] if self.events else None

    # --- JSON ----------------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        ordered = sorted(self.postings.values(), key=lambda p: p.seq)
        return {
            "postings": [p.to_json() for p in ordered], "seq": self.seq,
            "events": [list(event) for event in sorted(self.events)], "event_seq": self.event_seq,
            **{name: list(getattr(self, name).values()) for name in _RECORDS},
        }

    @classmethod
    def from_json(cls, data_: Any) -> "PostingStore":
        store = cls()
        data_ = data_ or {}
        for entry in data_.get("postings", []):
            store._index(Posting.from_json(entry))
        store.seq = int(data_.get("seq", max((p.seq for p in store.postings.values()), default=0)))
        store.events = [(float(e[0]), int(e[1]), str(e[2]), e[3], int(e[4])) for e in data_.get("events", [])]
        heapq.heapify(store.events)
        store.event_seq = int(data_.get("event_seq", len(store.events)))
        for name, key in _RECORDS.items():
            setattr(store, name, {int(record[key]): record for record in data_.get(name, [])})
        return store


_RECORDS = {"acts": "id", "label_tasks": "task_id", "returns": "id", "rfbs_returns": "return_id",
            "cancellations": "cancellation_id", "supplies": "supply_order_id", "generators": "id",
            "giveouts": "giveout_id", "operations": "operation_id"}

register_area("postings", lambda seller, world: PostingStore(), PostingStore.to_json, PostingStore.from_json)


def store_of(seller) -> PostingStore:
    return seller.area("postings")


# --- time-driven changes ----------------------------------------------------------------------------
EventHandler = Callable[[Any, Any, PostingStore, Any, int, float], None]
EVENT_HANDLERS: dict[str, EventHandler] = {}


def on_event(kind: str) -> Callable[[EventHandler], EventHandler]:
    def register(handler: EventHandler) -> EventHandler:
        EVENT_HANDLERS[kind] = handler
        return handler
    return register


@settles(order=10)
def settle_seller(world, seller, now: float) -> None:
    """Apply every event due by `now`, each at its own due time (under the world's lock; the pipeline's settle stage calls it)."""
    store: PostingStore | None = seller.areas.get("postings")
    if store is None:
        return
    events = store.events
    while events and events[0][0] <= now:
        due, _, kind, key, arg = heapq.heappop(events)
        handler = EVENT_HANDLERS.get(kind)
        if handler is not None:
            handler(world, seller, store, key, arg, due)


# --- notifications (push) ---------------------------------------------------------------------------
def _emit(world, seller, message: dict[str, Any]) -> None:
    from ..push import delivery as push
    push.emit(world, seller, message)


def listening(seller) -> bool:
    """Has the seller any push URL? (messages are not even built otherwise)"""
    state = seller.areas.get("push")
    return bool(state is not None and state.subscriptions)


def notify_state(world, seller, posting: Posting, at: float, old_substatus: str) -> None:
    if posting.scheme not in ("fbs", "rfbs") or not listening(seller):
        return
    from ..kit.dates import stamp
    if posting.status == "cancelled":
        reason = posting.cancellation or {}
        _emit(world, seller, {
            "message_type": "TYPE_POSTING_CANCELLED", "posting_number": posting.number,
            "products": [{"sku": line["sku"], "quantity": line["quantity"]} for line in posting.lines],
            "old_state": old_substatus, "new_state": "posting_canceled", "changed_state_date": stamp(at),
            "reason": {"id": reason.get("cancel_reason_id", 0), "message": reason.get("cancel_reason", "")},
            "warehouse_id": posting.warehouse_id, "seller_id": seller.client_id})
    else:
        _emit(world, seller, {
            "message_type": "TYPE_STATE_CHANGED", "posting_number": posting.number,
            "new_state": posting.substatus, "changed_state_date": stamp(at),
            "warehouse_id": posting.warehouse_id, "seller_id": seller.client_id})


def notify_new(world, seller, posting: Posting) -> None:
    if posting.scheme not in ("fbs", "rfbs") or not listening(seller):
        return
    from ..kit.dates import stamp
    _emit(world, seller, {
        "message_type": "TYPE_NEW_POSTING", "posting_number": posting.number,
        "products": [{"sku": line["sku"], "offer_id": line["offer_id"], "quantity": line["quantity"]}
                     for line in posting.lines],
        "in_process_at": stamp(posting.in_process_at), "warehouse_id": posting.warehouse_id,
        "shipment_date": stamp(posting.shipment_date), "tpl_integration_type": posting.tpl,
        "is_express": posting.express, "tracking_number": posting.tracking_number,
        "delivery_date_begin": stamp(posting.delivery_begin), "delivery_date_end": stamp(posting.delivery_end),
        "seller_id": seller.client_id})


def notify_stocks(world, seller, products: Iterable[Product], at: float) -> None:
    if not listening(seller):
        return
    from ..kit.dates import stamp
    items = []
    for product in products:
        items.append({"product_id": product.product_id, "sku": product.sku, "updated_at": stamp(at),
                      "stocks": [{"warehouse_id": wid, "present": present, "reserved": reserved}
                                 for wid, (present, reserved) in sorted(product.stocks.items())]})
    if items:
        _emit(world, seller, {"message_type": "TYPE_STOCKS_CHANGED", "seller_id": seller.client_id, "items": items})


# --- transitions ------------------------------------------------------------------------------------
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
    if posting.scheme not in ("fbs", "rfbs") or posting.packed_at is not None:
        return
    store, touched = products_of(seller), []
    for line in lines:
        product = _product(seller, line)
        if product is None:
            continue
        try:
            store.release(product, posting.warehouse_id, line["quantity"])
            touched.append(product)
        except StockError:
            pass
    notify_stocks(world, seller, touched, at)


def ship_stock(world, seller, posting: Posting, at: float) -> None:
    """Packed units leave the warehouse (reserved -> gone)."""
    if posting.scheme not in ("fbs", "rfbs"):
        return
    store, touched = products_of(seller), []
    for line in posting.lines:
        product = _product(seller, line)
        if product is None:
            continue
        try:
            store.ship(product, posting.warehouse_id, line["quantity"])
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
                  substatus=DEFAULT_SUBSTATUS.get(status or posting.status, ""), previous_substatus="",
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


# --- creating orders -------------------------------------------------------------------------------
class OrderError(ValueError):
    """An order that cannot be created as asked (no such product, not enough stock, ...)."""


def _ready(product: Product, now: float) -> bool:
    return (not product.archived and product.is_created(now) and product.has_price())


def _warehouses(seller, scheme: str | None, warehouse_id: int | None) -> list[dict[str, Any]]:
    items = [w for w in warehouses_of(seller).items if w["status"] == "created"]
    if warehouse_id:
        items = [w for w in items if w["warehouse_id"] == warehouse_id]
    if scheme == "fbs":
        items = [w for w in items if not w.get("is_rfbs")]
    elif scheme == "rfbs":
        items = [w for w in items if w.get("is_rfbs")]
    return items


def _pick_lines(world, seller, rng: random.Random, scheme: str | None, items, warehouse_id: int | None,
                now: float) -> list[tuple[Product, int, int]]:
    """(product, quantity, warehouse_id) for a new order."""
    store = products_of(seller)
    if scheme in ("fbo", "crossborder"):
        if items:
            chosen = [(_resolve(store, item, now), max(1, int(item.get("quantity", 1)))) for item in items]
        else:
            picked = _sample(store, rng, rng.randint(1, 2), lambda p: [0] if _ready(p, now) else [])
            if not picked:
                raise OrderError(f"seller {seller.client_id} has no product ready for sale")
            chosen = [(p, rng.randint(1, 2)) for p, _ in picked]
        return [(product, qty, 0) for product, qty in chosen]
    warehouses = _warehouses(seller, scheme, warehouse_id)
    if not warehouses:
        raise OrderError(f"seller {seller.client_id} has no active {scheme or 'FBS/rFBS'} warehouse"
                         + (f" {warehouse_id}" if warehouse_id else ""))
    ids = [w["warehouse_id"] for w in warehouses]
    if items:
        lines = []
        for item in items:
            product, qty = _resolve(store, item, now), max(1, int(item.get("quantity", 1)))
            where = next((wid for wid in ids if product.free_stock(wid) >= qty), None)
            if where is None:
                raise OrderError(f"{product.offer_id}: not enough free stock for {qty} unit(s) on "
                                 f"{'warehouse ' + str(warehouse_id) if warehouse_id else 'any matching warehouse'}")
            lines.append((product, qty, where))
        return lines
    picked = _sample(store, rng, rng.choice((1, 1, 1, 2, 2, 3)),
                     lambda p: [wid for wid in ids if p.free_stock(wid) > 0] if _ready(p, now) else [])
    if not picked:
        raise OrderError(f"seller {seller.client_id} has no product with free stock on "
                         f"{scheme or 'FBS/rFBS'} warehouses")
    return [(product, min(product.free_stock(wid), rng.choice((1, 1, 1, 2))), wid) for product, wid in picked]


def _sample(store, rng: random.Random, count: int, where) -> list[tuple[Product, int]]:
    """Up to `count` distinct (product, warehouse) picks that `where(product)` allows (it returns the
    warehouses). Random probes first — cheap in a big catalogue — then one scan when they miss."""
    picked: dict[int, tuple[Product, int]] = {}
    order = store.order
    if order:
        for _ in range(24 * count):
            product = store.products.get(order[rng.randrange(len(order))])
            if product is None or product.product_id in picked:
                continue
            places = where(product)
            if places:
                picked[product.product_id] = (product, rng.choice(places))
                if len(picked) >= count:
                    return list(picked.values())
    if picked:
        return list(picked.values())
    pool = [(p, wid) for p in store.products.values() for wid in where(p)]
    for product, wid in rng.sample(pool, min(len(pool), count * 2)):
        picked.setdefault(product.product_id, (product, wid))
        if len(picked) >= count:
            break
    return list(picked.values())


def _resolve(store, item: dict[str, Any], now: float) -> Product:
    product = None
    if item.get("offer_id"):
        product = store.by_offer_id(str(item["offer_id"]))
    elif item.get("sku"):
        product = store.by_sku_id(int(item["sku"]), now)
    elif item.get("product_id"):
        product = store.get(int(item["product_id"]))
    if product is None:
        raise OrderError(f"no product {item!r} for this seller")
    if not _ready(product, now):
        raise OrderError(f"{product.offer_id} is not on sale (archived, not moderated or without price)")
    return product


def _money(text: str) -> str:
    try:
        return f"{float(text):.2f}"
    except (TypeError, ValueError):
        return "0.00"


def create_orders(world, seller, count: int = 1, *, scheme: str | None = None, items: list[dict] | None = None,
                  warehouse_id: int | None = None, at: float | None = None, mandatory_mark: bool = False,
                  legal: bool = False, express: bool = False, shipment_in: float | None = None,
                  status: str | None = None) -> list[Posting]:
    """`count` new orders for a seller, from its products with stock (FBS/rFBS) or on sale (FBO,
    crossborder), split into one posting per warehouse; stock is reserved. Returns the postings."""
    if scheme is not None and scheme not in SCHEMES:
        raise OrderError(f"scheme must be one of {SCHEMES}, not {scheme!r}")
    clock_now = world.clock.now().timestamp()
    now = clock_now if at is None else at
    store = store_of(seller)
    pstore = products_of(seller)
    created: list[Posting] = []
    with world.lock:
        settle_seller(world, seller, now)
        for _ in range(int(count)):
            order_id = world.next_id("order_id", 30_000_000_000)
            rng = random.Random(f"{world.seed}:{seller.client_id}:{order_id}")
            # products must be on sale now (back-dated seed orders may predate the catalogue)
            picked = _pick_lines(world, seller, rng, scheme, items, warehouse_id, max(now, clock_now))
            order_number = f"{10_000_000 + order_id * 48_271 % 89_999_999}-{rng.randint(1, 9999):04d}"
            by_wh: dict[int, list[tuple[Product, int]]] = {}
            for product, qty, wid in picked:
                by_wh.setdefault(wid, []).append((product, qty))
            touched = []
            for wid, chosen in by_wh.items():
                posting = _new_posting(world, seller, store, rng, order_id, order_number, chosen, wid, scheme, now,
                                       mandatory_mark=mandatory_mark, legal=legal, express=express,
                                       shipment_in=shipment_in, status=status)
                if posting.scheme in ("fbs", "rfbs"):
                    for product, qty in chosen:
                        pstore.reserve(product, wid, qty)
                        touched.append(product)
                created.append(posting)
                notify_new(world, seller, posting)
            notify_stocks(world, seller, touched, now)
    return created


def _new_posting(world, seller, store: PostingStore, rng: random.Random, order_id: int, order_number: str,
                 chosen: list[tuple[Product, int]], warehouse_id: int, scheme: str | None, now: float, *,
                 mandatory_mark, legal, express, shipment_in, status) -> Posting:
    warehouse = warehouses_of(seller).get(warehouse_id) if warehouse_id else None
    if scheme in ("fbo", "crossborder"):
        kind = scheme
    else:
        kind = "rfbs" if warehouse and warehouse.get("is_rfbs") else "fbs"
    lines = []
    for product, qty in chosen:
        needs_mark = bool(mandatory_mark) if not isinstance(mandatory_mark, (list, tuple, set)) \
            else product.offer_id in mandatory_mark
        lines.append({
            "item_id": world.next_id("order_item", 500_000_000), "sku": product.sku, "product_id": product.product_id,
            "offer_id": product.offer_id, "name": product.name, "price": _money(product.price),
            "old_price": _money(product.old_price if float(product.old_price or 0) else product.price),
            "currency": product.currency_code or seller.currency, "quantity": int(qty),
            "commission_percent": (8, 12, 15, 19)[product.type_id % 4], "mark": needs_mark, "country": "",
            "weight": int(product.weight or 0),
        })
    window = shipment_in if shipment_in is not None else timing(world, "shipment_window_seconds")
    shipment = now + window
    seed = rng.randint(1, 2**31)
    city = data.city_of(seed)
    if kind == "fbo":
        ozon_wh = data.OZON_WAREHOUSES[order_id % len(data.OZON_WAREHOUSES)]
        wh_id, wh_name = ozon_wh[0], ozon_wh[1]
        method_id, method_name, provider = 0, "", data.OZON_PROVIDER
    elif kind == "crossborder":
        wh_id, wh_name, method_id, method_name, provider = 0, "", 0, "", (0, "")
    else:
        from ..warehouses.delivery_methods import method_for_warehouse
        method = method_for_warehouse(warehouse)
        wh_id, wh_name = warehouse["warehouse_id"], warehouse["name"]
        method_id, method_name = method["id"], method["name"]
        provider = (method["provider_id"], method["provider_name"])
    initial = status or ("awaiting_approve" if kind == "crossborder" else "awaiting_packaging")
    delivery_begin = shipment + 2 * 86_400
    posting = Posting(
        number=f"{order_number}-{len(store.by_order.get(order_id, ())) + 1}", order_id=order_id,
        order_number=order_number, scheme=kind,
        tpl={"fbs": "ozon", "rfbs": "non_integrated", "fbo": "ozon", "crossborder": ""}[kind],
        status=initial, substatus=DEFAULT_SUBSTATUS[initial], warehouse_id=wh_id, warehouse_name=wh_name,
        delivery_method_id=method_id, delivery_method_name=method_name, provider_id=provider[0],
        provider_name=provider[1], lines=lines, created_at=now, in_process_at=now, shipment_date=shipment,
        shipment_date_without_delay=shipment, status_at=now, delivery_begin=delivery_begin,
        delivery_end=delivery_begin + 10 * 3_600, customer_seed=seed, legal=bool(legal), express=bool(express),
        premium=rng.random() < 0.1, payment_type=rng.choice(data.PAYMENT_TYPES),
        barcode_upper=f"%101%{world.next_id('posting_barcode', 40_000_000_000)}",
        barcode_lower=str(world.next_id("posting_barcode_lower", 20_000_000_000_000)),
        label_delay=_label_delay(world, rng), delivery_type=rng.choice(("PVZ", "PVZ", "Courier")),
        cluster_from=city[5] if kind != "fbs" else data.CITIES[0][5],
    )
    store.add(posting)
    if kind == "fbo":
        store.schedule(now + timing(world, "fbo_packaging_seconds"), "progress", posting.number, posting.stage)
    else:
        store.schedule(shipment, "autocancel", posting.number)
    return posting


def _label_delay(world, rng: random.Random) -> float:
    low, high = timing(world, "label_ready_min_seconds"), timing(world, "label_ready_max_seconds")
    return round(rng.uniform(low, max(low, high)), 3)


# --- order generators (an order every K minutes) -----------------------------------------------------
def add_generator(world, seller, every_seconds: float, *, scheme: str | None = None, count: int = 1,
                  start: float | None = None) -> dict[str, Any]:
    """Create `count` orders every `every_seconds` of world time, from `start` (default: one period from now)."""
    if every_seconds <= 0:
        raise OrderError("every_seconds must be positive")
    store = store_of(seller)
    now = world.clock.now().timestamp()
    generator = {"id": world.next_id("order_generator", 0), "every_seconds": float(every_seconds), "scheme": scheme,
                 "count": int(count), "active": True, "created": 0}
    with world.lock:
        store.generators[generator["id"]] = generator
        store.schedule((start if start is not None else now + every_seconds), "generate", generator["id"])
    return generator


def stop_generator(seller, generator_id: int) -> None:
    generator = store_of(seller).generators.get(int(generator_id))
    if generator is None:
        raise KeyError(f"no order generator {generator_id}")
    generator["active"] = False


@on_event("generate")
def _generate(world, seller, store: PostingStore, generator_id: int, _: int, at: float) -> None:
    generator = store.generators.get(int(generator_id))
    if generator is None or not generator["active"]:
        return
    try:
        made = create_orders(world, seller, generator["count"], scheme=generator["scheme"], at=at)
        generator["created"] += len(made)
    except OrderError:
        pass   # nothing in stock this time: try again next period
    store.schedule(at + generator["every_seconds"], "generate", generator["id"])
