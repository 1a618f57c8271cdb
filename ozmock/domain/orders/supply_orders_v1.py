"""The 2023 supply-order methods (`/v1/supply-order/list|get|items`, replaced in 2024) over the same
supply orders as v2/v3 (`fbo.py`): a client still on them reads the supplies its FBO sales came from."""
from __future__ import annotations

from typing import Any

from ...registry import Call, handles
from ..kit.dates import stamp
from ..kit.values import as_int, str_list
from ..products.model import products_of
from .common import missing
from .fbo import supplies_of, warehouse_view

PAGE_MAX = 100


def _page(call: Call, rows: list) -> tuple[list, bool]:
    """`page` from 1 and `page_size` (up to 100), as the 2023 methods paged."""
    size = min(max(as_int(call.body.get("page_size")), 1), PAGE_MAX)
    start = (max(as_int(call.body.get("page")), 1) - 1) * size
    return rows[start:start + size], start + size < len(rows)


def _order(supply: dict[str, Any]) -> dict[str, Any]:
    warehouse = warehouse_view(supply["warehouse_id"])
    return {"supply_order_id": supply["supply_order_id"], "supply_order_number": supply["order_number"],
            "created_at": stamp(supply["created_at"]), "state": supply["state"],
            "local_timeslot": {"from": stamp(supply["timeslot_from"]), "to": stamp(supply["timeslot_to"])},
            "preferred_supply_date_from": "", "preferred_supply_date_to": "",
            "supply_warehouse": warehouse, "seller_warehouse": {"warehouse_id": 0, "name": "", "address": ""},
            "time_left_to_prepare_supply": 0, "time_left_to_select_supply_variant": 0,
            "total_items_count": len(supply["items"]), "total_quantity": sum(supply["items"].values())}


def _supply(call: Call) -> dict[str, Any]:
    wanted = as_int(call.body.get("supply_order_id"))
    found = next((s for s in supplies_of(call) if s["supply_order_id"] == wanted), None)
    if found is None:
        raise missing("supply order not found")
    return found


@handles("POST", "/v1/supply-order/list")
def supply_list_v1(call: Call) -> dict:
    states = {s.upper() for s in str_list(call.body.get("states"))}
    rows = [s for s in supplies_of(call) if not states or s["state"] in states]
    page, more = _page(call, rows)
    return {"supply_orders": [_order(s) for s in page], "total_supply_orders_count": len(rows), "has_next": more}


@handles("POST", "/v1/supply-order/get")
def supply_get_v1(call: Call) -> dict:
    return _order(_supply(call))


@handles("POST", "/v1/supply-order/items")
def supply_items_v1(call: Call) -> dict:
    supply = _supply(call)
    products = products_of(call.seller)
    items = []
    for sku, quantity in sorted(supply["items"].items(), key=lambda entry: int(entry[0])):
        product = products.by_sku_id(int(sku))
        items.append({"sku": int(sku), "quantity": quantity, "offer_id": product.offer_id if product else "",
                      "name": product.name if product else "",
                      "icon_path": (product.images or [""])[0] if product else ""})
    page, more = _page(call, items)
    return {"items": page, "total_items_count": len(items), "has_next": more}
