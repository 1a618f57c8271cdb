"""Seeding a seller's postings from the scenario (list `warehouses:` and `products:` before it):

    postings: 8                                    # FBS/rFBS postings in varied statuses
    postings:
      count: 8                                     # same, spread over the default mix
      statuses: {awaiting_packaging: 3, delivered: 2}   # or exactly these
      rfbs: 2                                      # rFBS postings (stock is put on the rFBS warehouse)
      fbo: 3                                       # FBO postings (with the supply orders behind them)
      crossborder: 2                               # legacy crossborder postings awaiting approval
      returns: 1                                   # FBS returns of delivered postings
      rfbs_returns: 1                              # rFBS return requests of delivered rFBS postings
      cancellation_requests: 1                     # rFBS cancellation requests on approval
      generate_every_minutes: 30                   # and a new order every 30 minutes of world time

Seeded postings are made by the same transitions the API uses, back-dated: a `delivered`
posting was created days ago, packed, handed over and delivered on the clock. Seeding settles the
postings' own clock only (`settle_seller`): the other areas settle at the first call, once every
section is seeded (buyer chats open on the seeded postings).
"""
from __future__ import annotations

from typing import Any

from ...registry import seeds
from ..products.model import products_of
from ..warehouses.model import warehouses_of
from .cancellations import request_cancellation
from .creation import OrderError, add_generator, create_orders
from .fbo import ensure_supplies
from .model import settle_seller, store_of
from .returns import ReturnError, create_return
from .rfbs_returns import create_rfbs_return
from .transitions import cancel_by_buyer, cancel_by_seller, hand_over, pack, set_status

DEFAULT_MIX = ["awaiting_packaging", "awaiting_deliver", "delivering", "delivered", "cancelled", "awaiting_packaging",
               "arbitration", "delivered", "awaiting_deliver", "awaiting_packaging"]
HOUR = 3_600.0
AGES = {"awaiting_packaging": 2 * HOUR, "awaiting_deliver": 5 * HOUR, "arbitration": 30 * HOUR,
        "delivering": 30 * HOUR, "delivered": 6 * 24 * HOUR, "cancelled": 26 * HOUR}


def _stock_rfbs(world, seller) -> None:
    """Put a little stock on the seller's rFBS warehouse, so rFBS orders can be made."""
    rfbs = [w for w in warehouses_of(seller).items if w.get("is_rfbs") and w["status"] == "created"]
    if not rfbs:
        return
    wid = rfbs[0]["warehouse_id"]
    store = products_of(seller)
    now = world.clock.now().timestamp()
    ready = [p for p in store.products.values() if not p.archived and p.is_created(now) and p.has_price()]
    for product in ready[:3]:
        if product.free_stock(wid) < 5:
            store.set_stock(product, wid, 20)


# Statuses only Ozon's side (or a courier) reaches: set right after creation, or once packed.
BEFORE_PACKING = frozenset({"awaiting_registration", "acceptance_in_progress"})
AFTER_PACKING = frozenset({"arbitration", "client_arbitration", "not_accepted", "driver_pickup", "sent_by_seller"})


def seed_posting(world, seller, status: str, *, scheme: str | None, now: float) -> list:
    age = AGES.get(status, 2 * HOUR)
    start = now - age
    settle_seller(world, seller, start)
    postings = create_orders(world, seller, 1, scheme=scheme, at=start)
    store = store_of(seller)
    for posting in postings:
        if status in BEFORE_PACKING:
            set_status(world, seller, store, posting, status, start + 60)
        if status in BEFORE_PACKING or status == "awaiting_packaging":
            continue
        if status == "cancelled":
            if posting.customer_seed % 2:
                cancel_by_seller(world, seller, store, posting, start + HOUR, 352)
            else:
                cancel_by_buyer(world, seller, store, posting, start + HOUR)
            continue
        pack(world, seller, store, posting, start + HOUR)
        if status == "awaiting_deliver":
            continue
        if status in AFTER_PACKING:
            set_status(world, seller, store, posting, status, start + 3 * HOUR)
            continue
        if posting.scheme == "rfbs":
            set_status(world, seller, store, posting, "delivering", start + 6 * HOUR,
                       substatus="posting_transferred_to_courier_service")
            if status == "delivered":
                set_status(world, seller, store, posting, "delivered", start + 2 * 24 * HOUR,
                           substatus="posting_conditionally_delivered")
            continue
        hand_over(world, seller, store, posting, start + 6 * HOUR)
    settle_seller(world, seller, now)
    return postings


@seeds("postings")
def seed_postings(world, seller, spec: Any) -> None:
    spec = spec if isinstance(spec, dict) else {"count": int(spec or 0)}
    now = world.clock.now().timestamp()
    statuses: list[str] = []
    for status, count in (spec.get("statuses") or {}).items():
        statuses += [status] * int(count)
    if not statuses:
        statuses = [DEFAULT_MIX[i % len(DEFAULT_MIX)] for i in range(int(spec.get("count", 0)))]
    with world.lock:
        for status in statuses:
            try:
                seed_posting(world, seller, status, scheme="fbs", now=now)
            except OrderError:
                break
        _seed_rfbs(world, seller, int(spec.get("rfbs", 0)), now)
        _seed_ozon_side(world, seller, "fbo", int(spec.get("fbo", 0)), now, every=20 * HOUR)
        _seed_ozon_side(world, seller, "crossborder", int(spec.get("crossborder", 0)), now, every=HOUR)
        settle_seller(world, seller, now)
        ensure_supplies(world, seller)
        _seed_requests(world, seller, spec, now)
        every = float(spec.get("generate_every_minutes", 0) or 0)
        if every > 0:
            add_generator(world, seller, every * 60, at=now)


def _seed_rfbs(world, seller, count: int, now: float) -> None:
    if not count:
        return
    _stock_rfbs(world, seller)
    mix = ["awaiting_packaging", "awaiting_deliver", "delivering", "delivered", "sent_by_seller"]
    for index in range(count):
        try:
            seed_posting(world, seller, mix[index % len(mix)], scheme="rfbs", now=now)
        except OrderError:
            break


def _seed_ozon_side(world, seller, scheme: str, count: int, now: float, *, every: float) -> None:
    """FBO or crossborder orders made one every `every` seconds before `now`: the clock moves them on."""
    for index in range(count):
        at = now - (index + 1) * every
        settle_seller(world, seller, at)
        try:
            create_orders(world, seller, 1, scheme=scheme, at=at)
        except OrderError:
            break


def _seed_requests(world, seller, spec: dict[str, Any], now: float) -> None:
    """Returns, rFBS return requests and cancellation requests of the postings just seeded."""
    store = store_of(seller)
    delivered = [store.postings[e[2]] for e in store.status_index("fbs", "delivered").items]
    for posting in [p for p in delivered if p.scheme == "fbs"][:int(spec.get("returns", 0))]:
        try:
            create_return(world, seller, posting.number, at=now - 3_600)
        except ReturnError:
            pass
    for posting in [p for p in delivered if p.scheme == "rfbs"][:int(spec.get("rfbs_returns", 0))]:
        try:
            create_rfbs_return(world, seller, posting.number, at=now - 3_600)
        except ReturnError:
            pass
    packed = [store.postings[e[2]] for e in store.status_index("fbs", "awaiting_deliver").items
              if store.postings[e[2]].scheme == "rfbs"]
    for posting in packed[:int(spec.get("cancellation_requests", 0))]:
        try:
            request_cancellation(world, seller, posting.number, at=now - 600)
        except ReturnError:
            pass
