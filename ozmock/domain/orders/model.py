"""The posting store: one per seller (state area `postings`), its indexes, and the clock that moves it.

A *posting* is the part of an order shipped from one warehouse: FBS (seller's warehouse, Ozon
delivers), rFBS (seller's warehouse, seller delivers), FBO (Ozon's warehouse) or crossborder
(legacy, from abroad). All of a seller's postings live in one `PostingStore` together with what
hangs off them: acts, label tasks, returns, cancellation requests, supply orders and order generators.

Time. Nothing runs in the background for state: every change that time causes (auto-cancel at
`shipment_date`, hand-over of an act, delivering -> delivered, label and act readiness, ...) is an
*event* in the store's heap with its due time. `settle_seller(world, seller, now)` applies the due
events in order, each at its own due time; the pipeline's settle stage runs it before every handler.
A frozen clock plus `/__ozmock/clock/advance` therefore walks every state, deterministically. The
modules that own an event kind register what it does with `on_event` (transitions, acts, returns,
cancellation requests, generators, warehouse setup), so this module depends on none of them.

Indexes keep lists cheap at any size: per scheme group a timeline sorted by `in_process_at`, the
same per status, and the unfulfilled postings sorted by `shipment_date`; a page is a slice.
Changing postings is `transitions.py`; making orders is `creation.py`; tests and control routes
call `entry.py`.
"""
from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right, insort
from typing import Any, Callable

from ...registry import register_area, settles
from ..kit.records import Record
from ..kit.timings import declare_realistic, declare_timings

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
    # the documents list no substatus of their own for it: the seller handed the parcel to its delivery service
    "sent_by_seller": "posting_transferred_to_courier_service",
}
NOT_SHIPPED = frozenset({"awaiting_registration", "acceptance_in_progress", "awaiting_approve", "awaiting_packaging"})

# Durations (seconds), overridable per scenario under `timings:`.
declare_timings(
    shipment_window_seconds=86_400.0,      # in_process_at -> shipment_date (pack before it or the clock cancels)
    label_ready_min_seconds=2.0,           # labels print after packing (45-60 s documented: realistic profile)
    label_ready_max_seconds=4.0,
    label_task_seconds=2.0,                # async label task: pending -> completed
    act_ready_seconds=3.0,                 # act create -> check-status ready
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
declare_realistic(label_ready_min_seconds=45.0, label_ready_max_seconds=60.0, label_task_seconds=5.0,
                  act_ready_seconds=30.0, exemplar_check_seconds=30.0)


# --- the model ------------------------------------------------------------------------------------
class Posting(Record):
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

    @staticmethod
    def defaults() -> dict[str, Any]:
        # a posting's history starts at "created" (the documents list no empty previous substatus, and a
        # client modelled on live answers, ozonapi-async, refuses one)
        return {
            "tpl": "ozon", "substatus": "", "previous_substatus": "posting_created", "warehouse_id": 0,
            "warehouse_name": "",
            "delivery_method_id": 0, "delivery_method_name": "", "provider_id": 0, "provider_name": "",
            "lines": [], "seq": 0, "status_at": 0.0, "packed_at": None, "delivering_at": None,
            "delivered_at": None, "cancelled_at": None, "delivery_begin": 0.0, "delivery_end": 0.0,
            "customer_seed": 0, "legal": False, "express": False, "premium": False, "cancellation": None,
            "tracking_number": "", "shipping_provider_id": 0, "parent": "", "related": [], "multi_box_qty": 1,
            "act_id": 0, "barcode_upper": "", "barcode_lower": "", "cutoff_changes": 0, "timeslot_changes": 0,
            "exemplar_set_at": None, "stage": 0, "payment_type": "", "label_delay": 45.0,
            "delivery_type": "PVZ", "cluster_from": "",
        }

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
    """Register what an event kind does: `handler(world, seller, store, key, arg, due)`."""

    def register(handler: EventHandler) -> EventHandler:
        EVENT_HANDLERS[kind] = handler
        return handler
    return register


@settles(order=10)
def settle_seller(world, seller, now: float) -> None:
    """Apply every event due by `now`, each at its own due time (under the world's lock; the
    pipeline's settle stage calls it)."""
    store: PostingStore | None = seller.areas.get("postings")
    if store is None:
        return
    events = store.events
    while events and events[0][0] <= now:
        due, _, kind, key, arg = heapq.heappop(events)
        handler = EVENT_HANDLERS.get(kind)
        if handler is not None:
            handler(world, seller, store, key, arg, due)

