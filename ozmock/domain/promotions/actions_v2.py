"""The v2 promotions API (2026-09-22) over the same actions and products as v1: a client migrating
mid-test sees one world. Prices travel as money objects (`{"amount": "1499.00", "currency": "RUB"}`)
and ids as strings; the rules (maximum action price, stock discounts, freezing) are v1's."""
from __future__ import annotations

from typing import Any

from ...registry import Call, handles
from ..kit.dates import now_of
from ..products.model import Product
from .actions import (
    candidates,
    find_action,
    join_products,
    leave_products,
    open_action,
    participants,
    product_page,
    product_row,
)

ADD_MODES = {"MANUAL": "SELLER"}   # v2 names the seller's own additions SELLER (AUTO is the same)
MONEY_FIELDS = ("price", "action_price", "max_action_price", "alert_max_action_price", "price_min_elastic",
                "price_max_elastic")


def money_object(amount: float, currency: str) -> dict[str, str]:
    return {"amount": f"{amount:.2f}", "currency": currency}


def v2_row(action: dict[str, Any], product: Product, entry: dict[str, Any] | None) -> dict[str, Any]:
    """v1's product row with its prices as money objects in the product's currency."""
    row = product_row(action, product, entry)
    currency = product.currency_code or "RUB"
    for name in MONEY_FIELDS:
        row[name] = money_object(row[name], currency)
    row["min_seller_price"] = money_object(float(product.min_price or 0), currency)
    row["is_quarantined"] = False
    row["add_mode"] = ADD_MODES.get(row["add_mode"], row["add_mode"])
    return row


def _listing(call: Call, action: dict[str, Any], rows: list[tuple[Product, Any]]) -> dict:
    page, last_id = product_page(call, rows)
    return {"products": [v2_row(action, p, e) for p, e in page], "total": len(rows), "last_id": str(last_id)}


@handles("POST", "/v2/actions/candidates")
def action_candidates_v2(call: Call) -> dict:
    action = find_action(call, call.body.get("action_id"))
    now = now_of(call)
    rows = [(p, None) for p in candidates(call.seller, action, now)] if action["date_end"] > now else []
    return _listing(call, action, rows)


@handles("POST", "/v2/actions/products")
def action_products_v2(call: Call) -> dict:
    action = find_action(call, call.body.get("action_id"))
    return _listing(call, action, participants(call.seller, action))


def _amount(value: Any) -> Any:
    return value.get("amount") if isinstance(value, dict) else value


@handles("POST", "/v1/actions/products/update", writes=True)
def update_products(call: Call) -> dict:
    """Add products to an action or change their action price and stock (replaces v1 `activate`)."""
    action = open_action(call, call.body.get("action_id"))
    items = [(item.get("product_id"), _amount(item.get("action_price")), item.get("stock"))
             for item in call.body.get("products") or []]
    added, rejected = join_products(call, action, items)
    return {"active_product_ids": [str(pid) for pid in added], "deactivated_product_ids": [],
            "rejected": rejected, "warnings": []}


@handles("POST", "/v2/actions/products/deactivate", writes=True)
def deactivate_v2(call: Call) -> dict:
    action = open_action(call, call.body.get("action_id"))
    removed, _ = leave_products(call, action, call.body.get("product_ids") or [])
    return {"product_ids": [str(pid) for pid in removed]}
