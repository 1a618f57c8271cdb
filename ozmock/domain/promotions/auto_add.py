"""Auto-add lists of Ozon actions (`/v1/actions/auto-add/products/*`): per auto-add date of an action
the seller keeps a list of products with a price and quantity; when the clock passes that date the
listed products join the action with `add_mode: AUTO` (`actions.join_auto_added`, settle stage).
A list can change only while its date is still ahead."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ...errors import OzonError
from ...registry import Call, handles
from ..kit.dates import now_of, parse_datetime
from ..kit.money import CENT, dec, money_number
from ..kit.paging import offset_of, page_size
from ..kit.values import as_int, as_str, int_list
from ..products.model import Product, products_of
from .actions import (
    STOCK_TYPES,
    candidates,
    is_candidate,
    max_action_price,
    open_action,
    recommended_price,
    rounded_price,
    stock_minimum,
)

LOWEST_SHARE = Decimal("0.05")          # an auto-add price may not be more than 95 % off
EXTREMELY_LOW_SHARE = Decimal("0.3")    # below 30 % of the price: accepted, but flagged


def auto_add_date(call: Call, action: dict[str, Any]) -> str:
    """The key of the auto-add list the request names (one of the action's dates still ahead)."""
    when = parse_datetime(call.body.get("auto_add_date"), "auto_add_date")
    moment = next((t for t in action["auto_add_dates"] if abs(t - when.timestamp()) < 0.001), None)
    if moment is None:
        raise OzonError(3, "auto_add_date is not one of the action's auto_add_dates")
    if moment <= now_of(call):
        raise OzonError(3, "auto_add_date has passed: the products were added to the action")
    return repr(float(moment))


def auto_row(action: dict[str, Any], product: Product, entry: dict[str, Any] | None, now: float,
             candidate: bool) -> dict[str, Any]:
    ceiling = max_action_price(action, product)
    price = dec(entry["action_price"]) if entry else recommended_price(action, product)
    row = {
        "action_price_to_auto_add": money_number(price), "currency": product.currency_code,
        "marketplace_seller_price": money_number(product.price), "max_discount_price": money_number(ceiling),
        "min_action_quantity": stock_minimum(action) if action["action_type"] in STOCK_TYPES else 0,
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


def offset_page(call: Call, rows: list) -> list:
    size = page_size(call.body.get("limit"), 1, 100)
    start = offset_of(call.body.get("offset"))
    return rows[start:start + size]


def listed_rows(call: Call) -> tuple[dict[str, Any], list[tuple[Product, dict[str, Any]]]]:
    """The action the body names and its list for the body's auto-add date (product, entry), by id."""
    action = open_action(call, call.body.get("action_id"))
    entries = action["auto_add"].get(auto_add_date(call, action), {})
    store = products_of(call.seller)
    return action, [(store.get(int(pid)), entries[pid]) for pid in sorted(entries, key=int) if store.get(int(pid))]


def candidate_rows(call: Call) -> tuple[dict[str, Any], list[Product]]:
    """The action the body names and its candidates not yet listed for the body's auto-add date."""
    action = open_action(call, call.body.get("action_id"))
    listed = action["auto_add"].get(auto_add_date(call, action), {})
    return action, [p for p in candidates(call.seller, action, now_of(call)) if str(p.product_id) not in listed]


@handles("POST", "/v1/actions/auto-add/products/list", exact=True)
def auto_add_list(call: Call) -> dict:
    action, rows = listed_rows(call)
    now = now_of(call)
    return {"products": [auto_row(action, p, e, now, False) for p, e in offset_page(call, rows)], "total": len(rows)}


@handles("POST", "/v1/actions/auto-add/products/candidates", exact=True)
def auto_add_candidates(call: Call) -> dict:
    action, rows = candidate_rows(call)
    now = now_of(call)
    return {"products": [auto_row(action, p, None, now, True) for p in offset_page(call, rows)], "total": len(rows)}


def _rejection(action: dict[str, Any], product: Product | None, listed: dict[str, Any], item: dict[str, Any],
               price: Decimal, now: float, result: dict[str, list]) -> tuple[str, str] | None:
    """(code, reason) when one `to_update` item is rejected (noting the price it fails at); None when
    it may be listed."""
    if product is None or (str(product.product_id) not in listed and not is_candidate(action, product, now)):
        return "NOT_FOUND", "product not found among the action's auto-add candidates"
    currency = as_str(item.get("currency"))
    if currency and currency != product.currency_code:
        return "INVALID_CURRENCY", f"currency must be {product.currency_code}"
    if price <= 0:
        return "INVALID_ACTION_PRICE", "action_price must be greater than 0"
    ceiling = max_action_price(action, product)
    if price > ceiling:
        result["failed_price"].append({"key": product.product_id, "value": money_number(ceiling)})
        return "MAX_ACTION_PRICE", f"action_price is above max_discount_price {money_number(ceiling):g}"
    base = dec(product.price)
    if base > 0 and price < base * LOWEST_SHARE:
        lowest = (base * LOWEST_SHARE).quantize(CENT, ROUND_HALF_UP)
        result["failed_price"].append({"key": product.product_id, "value": money_number(lowest)})
        return "REJECTED_LOW_PRICE", "the discount must not be above 95%"
    quantity = as_int(item.get("quantity"))
    if action["action_type"] in STOCK_TYPES and quantity < stock_minimum(action):
        return "STOCK_REQUIRED", "quantity is below the action's minimum"
    previous = listed.get(str(product.product_id))
    if previous and dec(previous["action_price"]) == price and int(previous.get("quantity", 0)) == quantity:
        return "NO_CHANGES", "nothing to change"
    return None


def update_list(call: Call, items: list[dict[str, Any]]) -> dict[str, list]:
    """List products (`product_id`, `action_price`, `currency`, `quantity` each) for the body's action and
    auto-add date; each item accepted or rejected on its own (`updated_ids`, `rejected` with a code)."""
    action = open_action(call, call.body.get("action_id"))
    key = auto_add_date(call, action)
    now = now_of(call)
    store = products_of(call.seller)
    listed = action["auto_add"].get(key, {})
    result: dict[str, list] = {"below_min_price": [], "extremely_low_price": [], "failed_price": [], "rejected": [],
                               "updated_ids": []}
    changes: dict[str, dict[str, Any]] = {}
    for item in items:
        product_id = as_int(item.get("product_id"))
        product = store.get(product_id)
        price = rounded_price(item.get("action_price"))
        rejection = _rejection(action, product, listed, item, price, now, result)
        if rejection is not None:
            result["rejected"].append({"code": rejection[0], "product_id": product_id, "reason": rejection[1]})
            continue
        if dec(product.min_price) > 0 and price < dec(product.min_price):
            result["below_min_price"].append({"key": product_id, "value": money_number(price)})
        if dec(product.price) > 0 and price < dec(product.price) * EXTREMELY_LOW_SHARE:
            result["extremely_low_price"].append({"key": product_id, "value": money_number(price)})
        changes[str(product_id)] = {"action_price": str(price), "quantity": as_int(item.get("quantity")),
                                    "add_mode": "MANUAL"}
        result["updated_ids"].append(str(product_id))
    if changes:
        action["auto_add"].setdefault(key, {}).update(changes)
    return result


@handles("POST", "/v1/actions/auto-add/products/update", writes=True, exact=True)
def auto_add_update(call: Call) -> dict:
    return update_list(call, [item for item in call.body.get("to_update") or [] if isinstance(item, dict)])


def delete_listed(call: Call) -> list[str]:
    """Take the body's `product_ids` off the list of its action and auto-add date: the ids that were on it."""
    action = open_action(call, call.body.get("action_id"))
    listed = action["auto_add"].get(auto_add_date(call, action), {})
    removed = [str(pid) for pid in int_list(call.body.get("product_ids")) if str(pid) in listed]
    for pid in removed:
        listed.pop(pid)
    return removed


@handles("POST", "/v1/actions/auto-add/products/delete", writes=True)
def auto_add_delete(call: Call) -> dict:
    return {"product_ids": delete_listed(call)}
