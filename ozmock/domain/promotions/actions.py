"""Ozon promotions ("actions") a seller can join, per seller and on the clock.

An action comes from the scenario (`promotions:` in a seller entry) with its dates, type and
discount. Products of the seller are *candidates* while they are on sale and not in the action;
`/v1/actions/products/activate` moves candidates in at an action price, `/deactivate` takes them
out. The action price rules ozmock applies:

- rounded to hundredths (seed 003), greater than 0;
- at most `max_action_price` = price less the action's `discount_value` percent;
- not below the product's `min_price` when one is set;
- "stock discount" actions (`STOCK_DISCOUNT`) need `stock` of at least `min_stock` and at most the
  product's free stock;
- once `freeze_date` has passed, no product may be added or removed and prices may only go down
  (the `freeze_date` field description of `/v1/actions`).

Products listed for an auto-add date (`auto_add.py`) join the action with `add_mode: AUTO` when
the clock passes that date (`join_auto_added`, run by the settle stage).
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ...errors import OzonError
from ...registry import Call, handles
from ..kit.dates import now_of, stamp
from ..kit.money import CENT, dec, money_number
from ..kit.paging import offset_of, page_size
from ..kit.values import NUMBER_LIMIT, as_float, as_str, parse_id, parse_number
from ..products.model import Product, on_sale, products_of
from .state import promos_of

ACTION_NOT_FOUND = "action not found"
STOCK_TYPES = ("STOCK_DISCOUNT",)
DEFAULT_LIMIT = 100


# --- actions --------------------------------------------------------------------------------------
def new_action(world, *, title: str, action_type: str = "DISCOUNT", discount_value: float = 10,
               date_start: float, date_end: float, freeze_date: float | None = None,
               auto_add_dates: list[float] | None = None, description: str = "", min_stock: int = 0,
               with_targeting: bool = False, is_voucher_action: bool = False, order_amount: float = 0,
               action_id: int | None = None) -> dict[str, Any]:
    return {
        "id": action_id or world.next_id("action", 60_000), "title": title, "action_type": action_type,
        "description": description, "discount_type": "PERCENT", "discount_value": float(discount_value),
        "date_start": date_start, "date_end": date_end, "freeze_date": freeze_date,
        "auto_add_dates": sorted(auto_add_dates or []), "min_stock": int(min_stock or 0),
        "with_targeting": with_targeting, "is_voucher_action": is_voucher_action,
        "order_amount": float(order_amount), "banned": [],
        "products": {},      # str(product_id) -> {action_price, stock, add_mode, added_at}
        "auto_add": {},      # str(date ts) -> {str(product_id): {action_price, quantity, add_mode}}
    }


def add_action(seller, action: dict[str, Any]) -> dict[str, Any]:
    state = promos_of(seller)
    state["actions"][str(action["id"])] = action
    state["order"].append(action["id"])
    return action


def all_actions(seller) -> list[dict[str, Any]]:
    state = promos_of(seller)
    return [state["actions"][str(action_id)] for action_id in state["order"]]


def join_auto_added(action: dict[str, Any], now: float) -> None:
    """Auto-add dates that have passed: their listed products join the action (AUTO)."""
    due = [key for key in action["auto_add"] if float(key) <= now]      # usually none: no sort then
    for key in sorted(due, key=float):
        for product_id, entry in action["auto_add"].pop(key).items():
            action["products"].setdefault(product_id, {"action_price": entry["action_price"],
                                                       "stock": entry.get("quantity", 0), "add_mode": "AUTO",
                                                       "added_at": float(key)})


def find_action(call: Call, value: Any) -> dict[str, Any]:
    number = parse_number(value)
    action = promos_of(call.seller)["actions"].get(str(parse_id(number))) if number is not None else None
    if action is None:
        raise OzonError(5, ACTION_NOT_FOUND)
    return action


def open_action(call: Call, value: Any) -> dict[str, Any]:
    """An action that can still change: not over."""
    action = find_action(call, value)
    if action["date_end"] <= now_of(call):
        raise OzonError(3, "the action is over: its products can no longer change")
    return action


def frozen(action: dict[str, Any], now: float) -> bool:
    return action["freeze_date"] is not None and action["freeze_date"] <= now


# --- prices and candidates ------------------------------------------------------------------------
def _off(product: Product, percent: Decimal) -> Decimal:
    return (dec(product.price) * (Decimal(100) - percent) / 100).quantize(CENT, ROUND_HALF_UP)


def max_action_price(action: dict[str, Any], product: Product) -> Decimal:
    return _off(product, Decimal(str(action["discount_value"])))


def recommended_price(action: dict[str, Any], product: Product) -> Decimal:
    """`alert_max_action_price`: five more percent off than the maximum."""
    return _off(product, Decimal(str(action["discount_value"])) + 5)


def stock_minimum(action: dict[str, Any]) -> int:
    """The least stock a product brings into a stock discount action."""
    return max(action["min_stock"], 1)


def free_stock(product: Product) -> int:
    return sum(product.free_stock(w) for w in product.stocks) + int(product.fbo_present or 0)


def is_candidate(action: dict[str, Any], product: Product, now: float) -> bool:
    if not on_sale(product, now) or str(product.product_id) in action["products"]:
        return False
    if product.product_id in action["banned"]:
        return False
    if action["action_type"] in STOCK_TYPES and free_stock(product) < stock_minimum(action):
        return False
    return True


def candidates(seller, action: dict[str, Any], now: float) -> list[Product]:
    return [p for p in products_of(seller).iter_from(0) if is_candidate(action, p, now)]


def participants(seller, action: dict[str, Any]) -> list[tuple[Product, dict[str, Any]]]:
    store = products_of(seller)
    found = []
    for product_id in sorted(action["products"], key=int):
        product = store.get(int(product_id))
        if product is not None:
            found.append((product, action["products"][product_id]))
    return found


# --- views ------------------------------------------------------------------------------------------
def product_row(action: dict[str, Any], product: Product, entry: dict[str, Any] | None) -> dict[str, Any]:
    ceiling = max_action_price(action, product)
    alert = recommended_price(action, product)
    action_price = dec(entry["action_price"]) if entry else ceiling
    return {
        "id": product.product_id, "price": money_number(product.price), "action_price": money_number(action_price),
        "max_action_price": money_number(ceiling), "add_mode": entry["add_mode"] if entry else "NOT_SET",
        "min_stock": action["min_stock"], "stock": int(entry.get("stock", 0)) if entry else 0,
        "alert_max_action_price_failed": bool(entry) and action_price > alert,
        "alert_max_action_price": money_number(alert), "current_boost": 0.0, "min_boost": 0.0, "max_boost": 0.0,
        "price_min_elastic": 0.0, "price_max_elastic": 0.0,
    }


def action_view(seller, action: dict[str, Any], now: float) -> dict[str, Any]:
    count = len(participants(seller, action))
    return {
        "id": action["id"], "title": action["title"], "action_type": action["action_type"],
        "description": action["description"], "date_start": stamp(action["date_start"]),
        "date_end": stamp(action["date_end"]),
        "freeze_date": stamp(action["freeze_date"]) if action["freeze_date"] is not None else "",
        "auto_add_dates": [stamp(t) for t in action["auto_add_dates"] if t > now],
        "potential_products_count": len(candidates(seller, action, now)),
        "participating_products_count": count, "is_participating": count > 0,
        "is_voucher_action": action["is_voucher_action"], "banned_products_count": len(action["banned"]),
        "with_targeting": action["with_targeting"], "order_amount": action["order_amount"],
        "discount_type": action["discount_type"], "discount_value": action["discount_value"],
    }


def _after(value: Any) -> int | None:
    """The product id after which a page starts: 0 to start; None for a cursor ozmock never gave."""
    if value is None or value == "" or value == 0:
        return 0
    text = as_str(value).strip()
    if text in ("", "0", "bnVsbA=="):     # base64 of "null": what the live API hands out first
        return 0
    number = parse_number(text)
    return int(number) if number is not None and number >= 0 else None


def product_page(call: Call, rows: list[tuple[Product, Any]]) -> tuple[list, Any]:
    """A page by `offset` (seed 003) or after the product id `last_id`, and the next `last_id`: a
    number, as the schema says (0 on the last page)."""
    body = call.body
    size = page_size(body.get("limit"), DEFAULT_LIMIT, 1000)
    if "offset" in body and not body.get("last_id"):
        start = offset_of(body.get("offset"))
        page = rows[start:start + size]
        more = start + size < len(rows)
    else:
        after = _after(body.get("last_id"))
        if after is None:
            return [], 0
        rest = [row for row in rows if row[0].product_id > after]
        page, more = rest[:size], len(rest) > size
    return page, (page[-1][0].product_id if page and more else 0)


@handles("GET", "/v1/actions", exact=True)
def list_actions(call: Call) -> dict:
    """The actions a seller can take part in: not over yet."""
    now = now_of(call)
    return {"result": [action_view(call.seller, a, now) for a in all_actions(call.seller) if a["date_end"] > now]}


@handles("POST", "/v1/actions/candidates", exact=True)
def action_candidates(call: Call) -> dict:
    action = find_action(call, call.body.get("action_id"))
    now = now_of(call)
    rows = [(p, None) for p in candidates(call.seller, action, now)] if action["date_end"] > now else []
    page, last_id = product_page(call, rows)
    return {"result": {"products": [product_row(action, p, None) for p, _ in page], "total": len(rows),
                       "last_id": last_id}}


@handles("POST", "/v1/actions/products", exact=True)
def action_products(call: Call) -> dict:
    action = find_action(call, call.body.get("action_id"))
    rows = participants(call.seller, action)
    page, last_id = product_page(call, rows)
    return {"result": {"products": [product_row(action, p, e) for p, e in page], "total": len(rows),
                       "last_id": last_id}}


# --- joining and leaving ----------------------------------------------------------------------------
def _frozen_problem(action: dict[str, Any], entry: dict[str, Any] | None, price: Decimal, stock: int) -> str | None:
    if entry is None:
        return "the action is frozen: products cannot be added"
    if price > dec(entry["action_price"]):
        return "the action is frozen: the action price can only be lowered"
    if action["action_type"] in STOCK_TYPES and stock < int(entry.get("stock", 0)):
        return "the action is frozen: the stock can only be raised"
    return None


def _activation_problem(action: dict[str, Any], product: Product | None, price: Decimal, stock: int,
                        now: float) -> str | None:
    """Why one `activate` item is rejected; None when it may join (or change) at that price."""
    if product is None:
        return "product not found"
    entry = action["products"].get(str(product.product_id))
    if entry is None and not is_candidate(action, product, now):
        if not on_sale(product, now):
            return "the product is not on sale: it cannot join an action"
        return "the product is not a candidate for this action"
    if price <= 0:
        return "action_price must be greater than 0"
    ceiling = max_action_price(action, product)
    if price > ceiling:
        return f"action_price is above the maximum action price {money_number(ceiling):g}"
    floor = dec(product.min_price)
    if floor > 0 and price < floor:
        return f"action_price is below the product's minimum price {money_number(floor):g}"
    if action["action_type"] in STOCK_TYPES:
        if stock < stock_minimum(action):
            return f"stock must be at least {stock_minimum(action)} for a stock discount action"
        if stock > free_stock(product):
            return "stock is greater than the product's free stock"
    return _frozen_problem(action, entry, price, stock) if frozen(action, now) else None


def rounded_price(value: Any) -> Decimal:
    """A requested action price rounded to kopecks (0 when it is not a number)."""
    raw = parse_number(value)
    if raw is None:     # beyond any price (8.055e77) reads as above every maximum, not as zero
        return Decimal("Infinity") if as_float(value) >= NUMBER_LIMIT else Decimal(0)
    return raw.quantize(CENT, ROUND_HALF_UP)


@handles("POST", "/v1/actions/products/activate", writes=True, exact=True)
def activate(call: Call) -> dict:
    action = open_action(call, call.body.get("action_id"))
    items = [(item.get("product_id"), item.get("action_price"), item.get("stock"))
             for item in call.body.get("products") or []]
    added, rejected = join_products(call, action, items)
    return {"result": {"product_ids": added, "rejected": rejected}}


def join_products(call: Call, action: dict[str, Any], items: list[tuple[Any, Any, Any]]) -> tuple[list, list]:
    """Candidates join (or participants change price and stock) at the action price of each
    (product_id, action_price, stock) item: the ids taken and the rejections with their reasons.
    Shared by v1 `activate` and its replacement `/v1/actions/products/update`."""
    now = now_of(call)
    store = products_of(call.seller)
    added, rejected, changes = [], [], {}
    for raw_id, raw_price, raw_stock in items:
        product_id = parse_id(raw_id)
        price, stock = rounded_price(raw_price), parse_id(raw_stock)
        reason = _activation_problem(action, store.get(product_id), price, stock, now)
        if reason:
            rejected.append({"product_id": product_id, "reason": reason})
            continue
        previous = action["products"].get(str(product_id))
        changes[str(product_id)] = {"action_price": str(price), "stock": stock,
                                    "add_mode": previous["add_mode"] if previous else "MANUAL",
                                    "added_at": previous["added_at"] if previous else now}
        added.append(product_id)
    action["products"].update(changes)
    return added, rejected


@handles("POST", "/v1/actions/products/deactivate", writes=True, exact=True)
def deactivate(call: Call) -> dict:
    action = open_action(call, call.body.get("action_id"))
    removed, rejected = leave_products(call, action, call.body.get("product_ids") or [])
    return {"result": {"product_ids": removed, "rejected": rejected}}


def leave_products(call: Call, action: dict[str, Any], values: list[Any]) -> tuple[list, list]:
    """Participants leave the action (not once it is frozen): the ids removed and the rejections."""
    now = now_of(call)
    removed, rejected, gone = [], [], []
    for value in values:
        product_id = parse_id(value)
        if str(product_id) not in action["products"]:
            rejected.append({"product_id": product_id, "reason": "the product is not in this action"})
        elif frozen(action, now):
            rejected.append({"product_id": product_id,
                             "reason": "the action is frozen: products cannot be removed"})
        else:
            gone.append(str(product_id))
            removed.append(product_id)
    for product_id in gone:
        action["products"].pop(product_id, None)
    return removed, rejected
