"""The v2 auto-add methods (2026-09-22) over the same auto-add lists as v1 (`auto_add.py`): what one
version lists, the other reads. Prices travel as money objects, a product is `id` in the candidates
and the update, and `add_mode` is a flag: true when the seller listed the product by hand."""
from __future__ import annotations

from typing import Any

from ...registry import Call, handles
from ..kit.dates import now_of
from ..products.model import Product
from .actions_v2 import money_object
from .auto_add import auto_row, candidate_rows, delete_listed, listed_rows, offset_page, update_list

MONEY_FIELDS = ("action_price_to_auto_add", "marketplace_seller_price", "max_discount_price", "min_seller_price",
                "price", "base_price")


def _v2_row(row: dict[str, Any], product: Product) -> dict[str, Any]:
    """v1's row with its prices as money objects in the product's currency."""
    currency = product.currency_code or "RUB"
    for name in MONEY_FIELDS:
        if name in row:
            row[name] = money_object(row[name], currency)
    row["website_prices"] = {"price": row["price"], "prices_by_schema": {}}
    row.update(has_expired_min_seller_price=False, will_be_quarantined=False)
    return row


@handles("POST", "/v2/actions/auto-add/products/list")
def auto_add_list_v2(call: Call) -> dict:
    action, rows = listed_rows(call)
    now = now_of(call)
    products = []
    for product, entry in offset_page(call, rows):
        row = _v2_row(auto_row(action, product, entry, now, False), product)
        row["add_mode"] = row["add_mode"] != "AUTO"
        products.append(row)
    return {"products": products, "total": len(rows)}


@handles("POST", "/v2/actions/auto-add/products/candidates")
def auto_add_candidates_v2(call: Call) -> dict:
    action, rows = candidate_rows(call)
    now = now_of(call)
    products = []
    for product in offset_page(call, rows):
        row = _v2_row(auto_row(action, product, None, now, True), product)
        row.update(id=row.pop("product_id"), is_manually_added=False)
        products.append(row)
    return {"products": products, "total": len(rows)}


def _v1_item(item: dict[str, Any]) -> dict[str, Any]:
    price = item.get("action_price")
    money = price if isinstance(price, dict) else {"amount": price}
    return {"product_id": item.get("id"), "action_price": money.get("amount"), "currency": money.get("currency"),
            "quantity": item.get("stock")}


@handles("POST", "/v2/actions/auto-add/products/update", writes=True)
def auto_add_update_v2(call: Call) -> dict:
    items = [_v1_item(item) for item in call.body.get("products") or [] if isinstance(item, dict)]
    result = update_list(call, items)
    return {"product_ids": result.pop("updated_ids"), "deactivated_ids": [], "warnings": [], **result}


@handles("POST", "/v2/actions/auto-add/products/delete", writes=True)
def auto_add_delete_v2(call: Call) -> dict:
    return {"product_ids": delete_listed(call)}
