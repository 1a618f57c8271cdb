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

Auto-add (`/v1/actions/auto-add/products/*`): per auto-add date of an action the seller keeps a
list of products with a price and quantity; when the clock passes that date the listed products
join the action with `add_mode: AUTO` (computed when read, no background job).

Discount requests (`/v1/actions/discounts-task/*`): buyers ask for a lower price on an SKU; the
seller approves (price, quantities) or declines requests in status NEW or SEEN; a request not
decided by its `end_at` reads AUTO_DECLINED.
"""
from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ...errors import OzonError
from ...registry import Call, handles, seeds
from ..kit.values import as_int, as_str
from ..products.model import Product, products_of
from ..kit.money import CENT, dec, money_number
from ..kit.values import int_list, parse_id, parse_number
from ...registry import json_area
from ..products.model import on_sale
from ..kit.dates import now_of, parse_datetime, stamp

ACTION_NOT_FOUND = "action not found"
STOCK_TYPES = ("STOCK_DISCOUNT",)
DEFAULT_LIMIT = 100


def _create(seller, world) -> dict[str, Any]:
    return {"actions": {}, "order": [], "tasks": {}}


json_area("promos", _create)


def promos_of(seller) -> dict[str, Any]:
    return seller.area("promos")


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


def settle(action: dict[str, Any], now: float) -> None:
    """Auto-add dates that have passed: their listed products join the action (AUTO)."""
    for key in sorted(action["auto_add"], key=float):
        if float(key) > now:
            break
        for product_id, entry in action["auto_add"].pop(key).items():
            action["products"].setdefault(product_id, {"action_price": entry["action_price"],
                                                       "stock": entry.get("quantity", 0), "add_mode": "AUTO",
                                                       "added_at": float(key)})


def visible_actions(seller, now: float) -> list[dict[str, Any]]:
    """Actions a seller can take part in: not over yet."""
    state = promos_of(seller)
    found = []
    for action_id in state["order"]:
        action = state["actions"][str(action_id)]
        settle(action, now)
        if action["date_end"] > now:
            found.append(action)
    return found


def find_action(call: Call, value: Any) -> dict[str, Any]:
    number = parse_number(value)
    action = promos_of(call.seller)["actions"].get(str(parse_id(number))) if number is not None else None
    if action is None:
        raise OzonError(5, ACTION_NOT_FOUND)
    settle(action, now_of(call))
    return action


def open_action(call: Call, value: Any) -> dict[str, Any]:
    """An action that can still change: not over."""
    action = find_action(call, value)
    if action["date_end"] <= now_of(call):
        raise OzonError(3, "the action is over: its products can no longer change")
    return action


def frozen(action: dict[str, Any], now: float) -> bool:
    return action["freeze_date"] is not None and action["freeze_date"] <= now


def max_action_price(action: dict[str, Any], product: Product) -> Decimal:
    price = dec(product.price)
    return (price * (Decimal(100) - Decimal(str(action["discount_value"]))) / 100).quantize(CENT, ROUND_HALF_UP)


def recommended_price(action: dict[str, Any], product: Product) -> Decimal:
    """`alert_max_action_price`: five more percent off than the maximum."""
    price = dec(product.price)
    off = Decimal(str(action["discount_value"])) + 5
    return (price * (Decimal(100) - off) / 100).quantize(CENT, ROUND_HALF_UP)


def free_stock(product: Product) -> int:
    return sum(product.free_stock(w) for w in product.stocks) + int(product.fbo_present or 0)


def is_candidate(action: dict[str, Any], product: Product, now: float) -> bool:
    if not on_sale(product, now) or str(product.product_id) in action["products"]:
        return False
    if product.product_id in action["banned"]:
        return False
    if action["action_type"] in STOCK_TYPES and free_stock(product) < max(action["min_stock"], 1):
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


def actions_for_product(seller, product_id: int, now: float) -> list[dict[str, Any]]:
    """The running actions a product takes part in (for price views: `marketing_actions`)."""
    found = []
    for action in visible_actions(seller, now):
        entry = action["products"].get(str(product_id))
        if entry is not None and action["date_start"] <= now:
            found.append({"action_id": action["id"], "title": action["title"],
                          "date_from": stamp(action["date_start"]), "date_to": stamp(action["date_end"]),
                          "action_price": money_number(entry["action_price"])})
    return found


# --- paging by product id -------------------------------------------------------------------------
def _after(value: Any) -> int | None:
    """The product id after which a page starts: 0 to start; None for a cursor ozmock never gave."""
    if value is None or value == "" or value == 0:
        return 0
    text = as_str(value).strip()
    if text in ("", "0", "bnVsbA=="):     # base64 of "null": what the live API hands out first
        return 0
    number = parse_number(text)
    return int(number) if number is not None and number >= 0 else None


def _page(call: Call, rows: list[tuple[Product, Any]]) -> tuple[list, Any]:
    body = call.body
    size = as_int(body.get("limit"), 0)
    size = DEFAULT_LIMIT if size <= 0 else min(size, 1000)
    if "offset" in body and not body.get("last_id"):      # seed 003 pages by offset
        start = max(as_int(body.get("offset")), 0)
        page = rows[start:start + size]
        more = start + size < len(rows)
    else:
        after = _after(body.get("last_id"))
        if after is None:
            return [], ""
        rest = [row for row in rows if row[0].product_id > after]
        page, more = rest[:size], len(rest) > size
    return page, (page[-1][0].product_id if page and more else "")


@handles("GET", "/v1/actions", writes=True)
def list_actions(call: Call) -> dict:
    now = now_of(call)
    return {"result": [action_view(call.seller, a, now) for a in visible_actions(call.seller, now)]}


@handles("POST", "/v1/actions/candidates")
def action_candidates(call: Call) -> dict:
    action = find_action(call, call.body.get("action_id"))
    now = now_of(call)
    rows = [(p, None) for p in candidates(call.seller, action, now)] if action["date_end"] > now else []
    page, last_id = _page(call, rows)
    return {"result": {"products": [product_row(action, p, None) for p, _ in page], "total": len(rows),
                       "last_id": last_id}}


@handles("POST", "/v1/actions/products")
def action_products(call: Call) -> dict:
    action = find_action(call, call.body.get("action_id"))
    rows = participants(call.seller, action)
    page, last_id = _page(call, rows)
    return {"result": {"products": [product_row(action, p, e) for p, e in page], "total": len(rows),
                       "last_id": last_id}}


def _activation_problem(action: dict[str, Any], product: Product | None, item: dict[str, Any],
                        now: float) -> tuple[str | None, Decimal, int]:
    """(reason or None, rounded action price, stock) for one `activate` item."""
    raw_price = parse_number(item.get("action_price"))
    price = raw_price.quantize(CENT, ROUND_HALF_UP) if raw_price is not None else Decimal(0)
    stock = int(parse_number(item.get("stock")) or 0)
    if product is None:
        return "product not found", price, stock
    entry = action["products"].get(str(product.product_id))
    if entry is None and not is_candidate(action, product, now):
        if not on_sale(product, now):
            return "the product is not on sale: it cannot join an action", price, stock
        return "the product is not a candidate for this action", price, stock
    if price <= 0:
        return "action_price must be greater than 0", price, stock
    ceiling = max_action_price(action, product)
    if price > ceiling:
        return f"action_price is above the maximum action price {money_number(ceiling):g}", price, stock
    floor = dec(product.min_price)
    if floor > 0 and price < floor:
        return f"action_price is below the product's minimum price {money_number(floor):g}", price, stock
    if action["action_type"] in STOCK_TYPES:
        if stock < max(action["min_stock"], 1):
            return f"stock must be at least {max(action['min_stock'], 1)} for a stock discount action", price, stock
        if stock > free_stock(product):
            return "stock is greater than the product's free stock", price, stock
    if frozen(action, now):
        if entry is None:
            return "the action is frozen: products cannot be added", price, stock
        if price > dec(entry["action_price"]):
            return "the action is frozen: the action price can only be lowered", price, stock
        if action["action_type"] in STOCK_TYPES and stock < int(entry.get("stock", 0)):
            return "the action is frozen: the stock can only be raised", price, stock
    return None, price, stock


@handles("POST", "/v1/actions/products/activate", writes=True)
def activate(call: Call) -> dict:
    action = open_action(call, call.body.get("action_id"))
    now = now_of(call)
    store = products_of(call.seller)
    added, rejected, changes = [], [], {}
    for item in call.body.get("products") or []:
        number = parse_number(item.get("product_id"))
        product_id = int(number) if number is not None else 0
        product = store.get(product_id)
        reason, price, stock = _activation_problem(action, product, item, now)
        if reason:
            rejected.append({"product_id": product_id, "reason": reason})
            continue
        previous = action["products"].get(str(product_id))
        changes[str(product_id)] = {"action_price": str(price), "stock": stock,
                                    "add_mode": previous["add_mode"] if previous else "MANUAL",
                                    "added_at": previous["added_at"] if previous else now}
        added.append(product_id)
    action["products"].update(changes)
    return {"result": {"product_ids": added, "rejected": rejected}}


@handles("POST", "/v1/actions/products/deactivate", writes=True)
def deactivate(call: Call) -> dict:
    action = open_action(call, call.body.get("action_id"))
    now = now_of(call)
    removed, rejected, gone = [], [], []
    for value in call.body.get("product_ids") or []:
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
    return {"result": {"product_ids": removed, "rejected": rejected}}


# --- auto-add -------------------------------------------------------------------------------------
def _auto_add_date(call: Call, action: dict[str, Any]) -> str:
    when = parse_datetime(call.body.get("auto_add_date"), "auto_add_date")
    moment = next((t for t in action["auto_add_dates"] if abs(t - when.timestamp()) < 0.001), None)
    if moment is None:
        raise OzonError(3, "auto_add_date is not one of the action's auto_add_dates")
    if moment <= now_of(call):
        raise OzonError(3, "auto_add_date has passed: the products were added to the action")
    return repr(float(moment))


def _auto_row(action: dict[str, Any], product: Product, entry: dict[str, Any] | None, now: float,
              candidate: bool) -> dict[str, Any]:
    ceiling = max_action_price(action, product)
    price = dec(entry["action_price"]) if entry else recommended_price(action, product)
    row = {
        "action_price_to_auto_add": money_number(price), "currency": product.currency_code,
        "marketplace_seller_price": money_number(product.price), "max_discount_price": money_number(ceiling),
        "min_action_quantity": max(action["min_stock"], 1) if action["action_type"] in STOCK_TYPES else 0,
        "min_seller_price": money_number(product.min_price), "name": product.name, "offer_id": product.offer_id,
        "price": money_number(product.price), "product_id": product.product_id,
        "quantity_to_auto_add": int(entry.get("quantity", 0)) if entry else 0,
        "sku": product.visible_sku(now),
    }
    if candidate:
        row["base_price"] = money_number(product.old_price if dec(product.old_price) > 0 else product.price)
    else:
        row["add_mode"] = entry.get("add_mode", "MANUAL") if entry else "MANUAL"
    return row


def _offset_page(call: Call, rows: list) -> list:
    size = min(max(as_int(call.body.get("limit"), 1), 1), 100)
    start = max(as_int(call.body.get("offset")), 0)
    return rows[start:start + size]


@handles("POST", "/v1/actions/auto-add/products/list")
def auto_add_list(call: Call) -> dict:
    action = open_action(call, call.body.get("action_id"))
    key = _auto_add_date(call, action)
    now = now_of(call)
    store = products_of(call.seller)
    entries = action["auto_add"].get(key, {})
    rows = [(store.get(int(pid)), entries[pid]) for pid in sorted(entries, key=int) if store.get(int(pid))]
    page = _offset_page(call, rows)
    return {"products": [_auto_row(action, p, e, now, False) for p, e in page], "total": len(rows)}


@handles("POST", "/v1/actions/auto-add/products/candidates")
def auto_add_candidates(call: Call) -> dict:
    action = open_action(call, call.body.get("action_id"))
    key = _auto_add_date(call, action)
    now = now_of(call)
    listed = action["auto_add"].get(key, {})
    rows = [p for p in candidates(call.seller, action, now) if str(p.product_id) not in listed]
    page = _offset_page(call, rows)
    return {"products": [_auto_row(action, p, None, now, True) for p in page], "total": len(rows)}


@handles("POST", "/v1/actions/auto-add/products/update", writes=True)
def auto_add_update(call: Call) -> dict:
    action = open_action(call, call.body.get("action_id"))
    key = _auto_add_date(call, action)
    now = now_of(call)
    store = products_of(call.seller)
    listed = action["auto_add"].get(key, {})
    result = {"below_min_price": [], "extremely_low_price": [], "failed_price": [], "rejected": [],
              "updated_ids": []}
    changes: dict[str, dict[str, Any]] = {}
    for item in call.body.get("to_update") or []:
        product_id = as_int(item.get("product_id"))
        product = store.get(product_id)
        raw = parse_number(item.get("action_price"))
        price = raw.quantize(CENT, ROUND_HALF_UP) if raw is not None else Decimal(0)
        quantity = as_int(item.get("quantity"))
        currency = as_str(item.get("currency"))

        def reject(code: str, reason: str) -> None:
            result["rejected"].append({"code": code, "product_id": product_id, "reason": reason})

        if product is None or (str(product_id) not in listed and not is_candidate(action, product, now)):
            reject("NOT_FOUND", "product not found among the action's auto-add candidates")
            continue
        if currency and currency != product.currency_code:
            reject("INVALID_CURRENCY", f"currency must be {product.currency_code}")
            continue
        if price <= 0:
            reject("INVALID_ACTION_PRICE", "action_price must be greater than 0")
            continue
        ceiling = max_action_price(action, product)
        if price > ceiling:
            result["failed_price"].append({"key": product_id, "value": money_number(ceiling)})
            reject("MAX_ACTION_PRICE", f"action_price is above max_discount_price {money_number(ceiling):g}")
            continue
        base = dec(product.price)
        if base > 0 and price < base * Decimal("0.05"):
            lowest = (base * Decimal("0.05")).quantize(CENT, ROUND_HALF_UP)
            result["failed_price"].append({"key": product_id, "value": money_number(lowest)})
            reject("REJECTED_LOW_PRICE", "the discount must not be above 95%")
            continue
        if action["action_type"] in STOCK_TYPES and quantity < max(action["min_stock"], 1):
            reject("STOCK_REQUIRED", "quantity is below the action's minimum")
            continue
        previous = listed.get(str(product_id))
        if previous and dec(previous["action_price"]) == price and int(previous.get("quantity", 0)) == quantity:
            reject("NO_CHANGES", "nothing to change")
            continue
        if dec(product.min_price) > 0 and price < dec(product.min_price):
            result["below_min_price"].append({"key": product_id, "value": money_number(price)})
        if base > 0 and price < base * Decimal("0.3"):
            result["extremely_low_price"].append({"key": product_id, "value": money_number(price)})
        changes[str(product_id)] = {"action_price": str(price), "quantity": quantity, "add_mode": "MANUAL"}
        result["updated_ids"].append(str(product_id))
    if changes:
        action["auto_add"].setdefault(key, {}).update(changes)
    return result


@handles("POST", "/v1/actions/auto-add/products/delete", writes=True)
def auto_add_delete(call: Call) -> dict:
    action = open_action(call, call.body.get("action_id"))
    key = _auto_add_date(call, action)
    listed = action["auto_add"].get(key, {})
    removed = [str(pid) for pid in int_list(call.body.get("product_ids")) if str(pid) in listed]
    for pid in removed:
        listed.pop(pid)
    return {"product_ids": removed}


# --- discount requests ----------------------------------------------------------------------------
OPEN_TASK = ("NEW", "SEEN")


def settle_tasks(state: dict[str, Any], now: float) -> None:
    for task in state["tasks"].values():
        if task["status"] in OPEN_TASK and task["end_at"] <= now:
            task.update(status="AUTO_DECLINED", moderated_at=task["end_at"], is_auto_moderated=True)


def _tasks(call: Call) -> list[dict[str, Any]]:
    state = promos_of(call.seller)
    settle_tasks(state, now_of(call))
    return sorted(state["tasks"].values(), key=lambda t: -t["id"])


def _moderated(row: dict[str, Any], task: dict[str, Any]) -> dict[str, Any]:
    """`moderated_at` only once decided: an unset timestamp is left out, as protojson does."""
    if task["moderated_at"]:
        row["moderated_at"] = stamp(task["moderated_at"])
    return row


def _task_v1(task: dict[str, Any]) -> dict[str, Any]:
    return _moderated({
        "id": task["id"], "created_at": stamp(task["created_at"]), "end_at": stamp(task["end_at"]),
        "edited_till": stamp(task["edited_till"]), "status": task["status"],
        "customer_name": task["customer_name"], "sku": task["sku"], "user_comment": task["user_comment"],
        "seller_comment": task["seller_comment"], "requested_price": money_number(task["requested_price"]),
        "approved_price": money_number(task["approved_price"]), "original_price": money_number(task["original_price"]),
        "discount": money_number(dec(task["base_price"]) - dec(task["requested_price"])),
        "discount_percent": _percent(task["base_price"], task["requested_price"]),
        "base_price": money_number(task["base_price"]), "min_auto_price": money_number(task["min_auto_price"]),
        "prev_task_id": task["prev_task_id"], "is_damaged": False,
        "approved_discount": money_number(dec(task["base_price"]) - dec(task["approved_price"]))
        if dec(task["approved_price"]) > 0 else 0.0,
        "approved_discount_percent": _percent(task["base_price"], task["approved_price"])
        if dec(task["approved_price"]) > 0 else 0.0,
        "is_purchased": task["status"] == "PURCHASED", "is_auto_moderated": task["is_auto_moderated"],
        "offer_id": task["offer_id"], "email": task["email"], "last_name": "", "first_name": "",
        "patronymic": "", "approved_quantity_min": task["approved_quantity_min"],
        "approved_quantity_max": task["approved_quantity_max"],
        "requested_quantity_min": task["requested_quantity_min"],
        "requested_quantity_max": task["requested_quantity_max"],
        "requested_price_with_fee": money_number(task["requested_price"]),
        "approved_price_with_fee": money_number(task["approved_price"]), "approved_price_fee_percent": 0.0,
    }, task)


V2_STATUS = {"NEW": "NEW", "SEEN": "NEW", "APPROVED": "APPROVED", "PARTLY_APPROVED": "APPROVED",
             "DECLINED": "DECLINED", "AUTO_DECLINED": "DECLINED", "DECLINED_BY_USER": "DECLINED",
             "COUPON": "APPROVED", "PURCHASED": "APPROVED"}


def _task_v2(task: dict[str, Any], now: float) -> dict[str, Any]:
    base = dec(task["base_price"])
    return _moderated({
        "id": task["id"], "created_at": stamp(task["created_at"]), "end_at": stamp(task["end_at"]),
        "end_at_duration": max(int(task["end_at"] - now), 0), "edited_till": stamp(task["edited_till"]),
        "edited_till_duration": max(int(task["edited_till"] - now), 0), "status": V2_STATUS[task["status"]],
        "sku": task["sku"], "name": task["name"], "requested_price": money_number(task["requested_price"]),
        "requested_discount": _percent(base, task["requested_price"]),
        "requested_quantity_max": task["requested_quantity_max"],
        "approved_price": money_number(task["approved_price"]),
        "approved_discount": _percent(base, task["approved_price"]) if dec(task["approved_price"]) > 0 else 0.0,
        "approved_quantity_max": task["approved_quantity_max"], "original_price": money_number(task["original_price"]),
        "min_auto_price": money_number(task["min_auto_price"]),
        "is_auto_moderated": task["is_auto_moderated"], "email": task["email"], "first_name": "",
        "last_name": "", "patronymic": "", "reduction_factor": money_number(base - dec(task["requested_price"])),
        "auto_moderated_info": {"max_percent": 0.0, "max_price": 0.0, "min_percent": 0.0, "min_price": 0.0},
    }, task)


def _percent(base: Any, price: Any) -> float:
    base = dec(base)
    if base <= 0:
        return 0.0
    return float(((base - dec(price)) * 100 / base).quantize(Decimal("0.001"), ROUND_HALF_UP))


@handles("POST", "/v1/actions/discounts-task/list")
def tasks_v1(call: Call) -> dict:
    status = as_str(call.body.get("status") or "UNKNOWN")
    tasks = [t for t in _tasks(call) if status == "UNKNOWN" or t["status"] == status]
    size = max(as_int(call.body.get("limit"), 50), 1)
    page = max(as_int(call.body.get("page"), 1), 1)
    return {"result": [_task_v1(t) for t in tasks[(page - 1) * size:page * size]]}


@handles("POST", "/v2/actions/discounts-task/list")
def tasks_v2(call: Call) -> dict:
    status = as_str(call.body.get("status") or "ALL")
    tasks = [t for t in _tasks(call) if status == "ALL" or V2_STATUS[t["status"]] == status]
    after = as_int(call.body.get("last_id"), 0)
    if after > 0:
        tasks = [t for t in tasks if t["id"] < after]
    size = as_int(call.body.get("limit"), 50) or 50
    now = now_of(call)
    return {"tasks": [_task_v2(t, now) for t in tasks[:size]]}


def _decide(call: Call, approve: bool) -> dict:
    state = promos_of(call.seller)
    now = now_of(call)
    settle_tasks(state, now)
    failures, updates = [], []
    for item in call.body.get("tasks") or []:
        task_id = as_int(item.get("id"))
        task = state["tasks"].get(str(task_id))

        def fail(message: str) -> None:
            failures.append({"task_id": task_id, "error_for_user": message})

        if task is None:
            fail("discount request not found")
            continue
        if task["status"] not in OPEN_TASK:
            fail(f"the request is {task['status']}: only NEW or SEEN requests can be decided")
            continue
        change: dict[str, Any] = {"seller_comment": as_str(item.get("seller_comment")), "moderated_at": now,
                                  "is_auto_moderated": False, "email": "api@seller.ozon.ru"}
        if approve:
            price = parse_number(item.get("approved_price"))
            low, high = as_int(item.get("approved_quantity_min")), as_int(item.get("approved_quantity_max"))
            if price is None or price <= 0:
                fail("approved_price must be greater than 0")
                continue
            price = price.quantize(CENT, ROUND_HALF_UP)
            if price >= dec(task["base_price"]):
                fail("approved_price must be lower than the current price")
                continue
            if low < 1 or high < low:
                fail("approved_quantity_min must be at least 1 and not above approved_quantity_max")
                continue
            change.update(approved_price=str(price), approved_quantity_min=low, approved_quantity_max=high,
                          status="APPROVED" if price <= dec(task["requested_price"]) else "PARTLY_APPROVED")
        else:
            change.update(status="DECLINED")
        updates.append((task, change))
    for task, change in updates:
        task.update(change)
    return {"result": {"success_count": len(updates), "fail_count": len(failures), "fail_details": failures}}


@handles("POST", "/v1/actions/discounts-task/approve", writes=True)
def approve_tasks(call: Call) -> dict:
    return _decide(call, True)


@handles("POST", "/v1/actions/discounts-task/decline", writes=True)
def decline_tasks(call: Call) -> dict:
    return _decide(call, False)


# --- scenario -------------------------------------------------------------------------------------
DEFAULT_ACTIONS = [
    {"title": "Распродажа недели", "action_type": "DISCOUNT", "discount_value": 10, "starts_in_days": -2,
     "days": 14, "auto_add_in_days": [3], "participants": 2},
    {"title": "Скидка на сток", "action_type": "STOCK_DISCOUNT", "discount_value": 20, "starts_in_days": -1,
     "days": 10, "min_stock": 2},
    {"title": "Чёрная пятница", "action_type": "DISCOUNT", "discount_value": 15, "starts_in_days": -5,
     "days": 20, "freeze_in_days": -1, "participants": 1},
    {"title": "Весенние скидки", "action_type": "DISCOUNT", "discount_value": 12, "starts_in_days": 10,
     "days": 14, "auto_add_in_days": [5, 9]},
]
CUSTOMERS = ["Анна К.", "Иван П.", "Мария С.", "Олег В.", "Елена Д.", "Дмитрий Н."]
COMMENTS = ["Хочу купить сразу несколько", "Давно слежу за товаром", "", "Подарок на день рождения"]


@seeds("promotions")
def seed_promotions(world, seller, spec: Any) -> None:
    """`promotions: {actions: 4, discount_tasks: 5}`; `actions` may also be a list of
    `{title, action_type, discount_value, starts_in_days, days, freeze_in_days, auto_add_in_days,
    min_stock, participants}` (days relative to the scenario clock). List `products:` first."""
    spec = spec if isinstance(spec, dict) else {"actions": int(spec or 0)}
    rng = random.Random(f"{world.seed}:{seller.client_id}:promotions")
    now = world.clock.now().timestamp()
    day = 86_400.0
    actions = spec.get("actions", len(DEFAULT_ACTIONS))
    if isinstance(actions, int):
        actions = [DEFAULT_ACTIONS[i % len(DEFAULT_ACTIONS)] for i in range(actions)]
    store = products_of(seller)
    for entry in actions:
        start = now + float(entry.get("starts_in_days", -1)) * day
        freeze = entry.get("freeze_in_days")
        action = add_action(seller, new_action(
            world, title=str(entry.get("title", "Акция")), action_type=str(entry.get("action_type", "DISCOUNT")),
            discount_value=float(entry.get("discount_value", 10)), date_start=start,
            date_end=start + float(entry.get("days", 14)) * day,
            freeze_date=now + float(freeze) * day if freeze is not None else None,
            auto_add_dates=[now + float(d) * day for d in entry.get("auto_add_in_days", [])],
            description=str(entry.get("description", "")), min_stock=int(entry.get("min_stock", 0))))
        joined = 0
        for product in store.iter_from(0):
            if joined >= int(entry.get("participants", 0)):
                break
            if is_candidate(action, product, now):
                price = max_action_price(action, product)
                action["products"][str(product.product_id)] = {
                    "action_price": str(price), "stock": 0, "add_mode": "MANUAL", "added_at": start}
                joined += 1
    state = promos_of(seller)
    on_sale_products = [p for p in store.iter_from(0) if on_sale(p, now)]
    for index in range(int(spec.get("discount_tasks", 0))):
        if not on_sale_products:
            break
        product = rng.choice(on_sale_products)
        base = dec(product.price)
        requested = (base * Decimal(rng.choice(["0.8", "0.85", "0.9", "0.93"]))).quantize(Decimal(1))
        created = now - rng.randint(1, 48) * 3600.0
        status = "NEW" if index % 4 != 3 else "SEEN"
        task_id = world.next_id("discount_task", 78_000)
        quantity = rng.randint(1, 3)
        state["tasks"][str(task_id)] = {
            "id": task_id, "created_at": created, "end_at": created + 72 * 3600.0,
            "edited_till": created + 72 * 3600.0, "status": status, "customer_name": rng.choice(CUSTOMERS),
            "sku": product.visible_sku(now), "offer_id": product.offer_id, "name": product.name,
            "user_comment": rng.choice(COMMENTS), "seller_comment": "", "requested_price": str(requested),
            "approved_price": "0", "original_price": str(dec(product.old_price) or base),
            "base_price": str(base), "min_auto_price": str(dec(product.min_price)), "prev_task_id": 0,
            "moderated_at": None, "is_auto_moderated": False, "email": "",
            "requested_quantity_min": quantity, "requested_quantity_max": quantity + rng.randint(0, 2),
            "approved_quantity_min": 0, "approved_quantity_max": 0,
        }


# --- minimum-price timer (`/v1/product/action/timer/*`) -------------------------------------------------
TIMER_DAYS = 30


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
               "min_price_for_auto_actions_enabled": start is not None and start + TIMER_DAYS * 86_400 > now}
        if start is not None:
            row["expired_at"] = stamp(start + TIMER_DAYS * 86_400)
        rows.append(row)
    return {"statuses": rows}


@handles("POST", "/v1/product/action/timer/update", writes=True)
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
