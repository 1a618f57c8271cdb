"""Making orders: a new order for a seller from its products with stock (FBS/rFBS, stock is
reserved) or on sale (FBO, crossborder), split into one posting per warehouse; and order generators
that make one every K minutes of world time (a clock event). Callers hold the world's lock on a
settled store (`entry.create_orders` does both for tests and control routes)."""
from __future__ import annotations

import random
from typing import Any, Callable

from ..kit.money import money_float
from ..kit.timings import timing
from ..products.model import Product, products_of
from ..warehouses.delivery_methods import method_for_warehouse
from ..warehouses.model import warehouses_of
from . import data
from .model import DEFAULT_SUBSTATUS, SCHEMES, Posting, PostingStore, on_event, store_of
from .notify import notify_new, notify_stocks


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
    picked = _sample(store, rng, rng.choice((1, 1, 1, 2, 2, 3)), free_places(ids, now))
    if not picked:
        raise OrderError(f"seller {seller.client_id} has no product with free stock on "
                         f"{scheme or 'FBS/rFBS'} warehouses")
    return [(product, min(product.free_stock(wid), rng.choice((1, 1, 1, 2))), wid) for product, wid in picked]


def free_places(ids: list[int], now: float) -> Callable[[Product], list[int]]:
    """For a product, the warehouses of `ids` (in that order) where it is on sale with free stock.
    A product with no stock row on any of them is turned away before anything else is read: a
    sampler's scan meets mostly those (busy-shop's rFBS orders: 3 stocked products in 10,000)."""
    wanted = frozenset(ids)

    def places(product: Product) -> list[int]:
        if wanted.isdisjoint(product.stocks) or not _ready(product, now):
            return []
        return [wid for wid in ids if product.free_stock(wid) > 0]
    return places


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
    """A stored line price: two decimals, "0.00" for anything unreadable."""
    return f"{money_float(text):.2f}"


def create_orders(world, seller, count: int = 1, *, scheme: str | None = None, items: list[dict] | None = None,
                  warehouse_id: int | None = None, at: float, mandatory_mark: bool = False,
                  legal: bool = False, express: bool = False, shipment_in: float | None = None,
                  status: str | None = None) -> list[Posting]:
    """`count` new orders at `at`, split into one posting per warehouse; stock is reserved. Returns
    the postings. Products must be on sale now (back-dated seed orders may predate the catalogue)."""
    if scheme is not None and scheme not in SCHEMES:
        raise OrderError(f"scheme must be one of {SCHEMES}, not {scheme!r}")
    on_sale_at = max(at, world.clock.now().timestamp())
    store, stock = store_of(seller), products_of(seller)
    created: list[Posting] = []
    for _ in range(int(count)):
        order_id = world.next_id("order_id", 30_000_000_000)
        rng = random.Random(f"{world.seed}:{seller.client_id}:{order_id}")
        picked = _pick_lines(world, seller, rng, scheme, items, warehouse_id, on_sale_at)
        order_number = f"{10_000_000 + order_id * 48_271 % 89_999_999}-{rng.randint(1, 9999):04d}"
        by_warehouse: dict[int, list[tuple[Product, int]]] = {}
        for product, qty, wid in picked:
            by_warehouse.setdefault(wid, []).append((product, qty))
        touched = []
        for wid, chosen in by_warehouse.items():
            posting = _new_posting(world, seller, store, rng, order_id, order_number, chosen, wid, scheme,
                                   at, mandatory_mark=mandatory_mark, legal=legal, express=express,
                                   shipment_in=shipment_in, status=status)
            if posting.scheme in ("fbs", "rfbs"):
                for product, qty in chosen:
                    stock.reserve(product, wid, qty)
                    touched.append(product)
            created.append(posting)
            notify_new(world, seller, posting)
        notify_stocks(world, seller, touched, at)
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
                  start: float | None = None, at: float) -> dict[str, Any]:
    """Create `count` orders every `every_seconds` of world time, from `start` (default: one period after `at`)."""
    if every_seconds <= 0:
        raise OrderError("every_seconds must be positive")
    generator = {"id": world.next_id("order_generator", 0), "every_seconds": float(every_seconds), "scheme": scheme,
                 "count": int(count), "active": True, "created": 0}
    store = store_of(seller)
    store.generators[generator["id"]] = generator
    store.schedule((start if start is not None else at + every_seconds), "generate", generator["id"])
    return generator


def stop_generator(world, seller, generator_id: int) -> None:
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
