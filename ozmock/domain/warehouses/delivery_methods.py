"""Delivery methods of a seller's warehouses (`/v1/delivery-method/list`, `/v2/delivery-method/list`).

Each active FBS/rFBS warehouse has exactly one delivery method, derived from the warehouse (not
stored), so the methods always agree with `/v1/warehouse/list` and with the `delivery_method`
block of the postings: an FBS warehouse ships with Ozon (provider 24, `tpl_integration_type`
`ozon`), an rFBS warehouse delivers itself (`non_integrated`). Its id is the warehouse id + 1.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from ...clock import iso
from ...registry import Call, handles
from ..kit.paging import offset_of, page_size
from ..kit.values import as_int, int_list, lst, obj
from ..orders import data
from .model import warehouses_of

# When a method of a warehouse without a creation time says it was made.
FALLBACK_CREATED_AT = iso(datetime(2025, 1, 1, tzinfo=timezone.utc))


def method_for_warehouse(warehouse: dict[str, Any]) -> dict[str, Any]:
    rfbs = bool(warehouse.get("is_rfbs"))
    provider_id, provider_name = data.SELLER_PROVIDER if rfbs else data.OZON_PROVIDER
    name = f"{'Доставка продавцом' if rfbs else 'Доставка Ozon самостоятельно'}, {warehouse['name']}"
    status = {"created": "ACTIVE", "disabled": "DISABLED"}.get(warehouse.get("status", "created"), "DISABLED")
    return {"id": warehouse["warehouse_id"] + 1, "name": name, "provider_id": provider_id,
            "provider_name": provider_name, "warehouse_id": warehouse["warehouse_id"],
            "tpl_integration_type": "non_integrated" if rfbs else "ozon", "status": status, "is_rfbs": rfbs,
            "created_at": warehouse.get("created_at") or "", "cutoff": "13:00", "sla_cut_in": 1440,
            "template_id": 0, "is_express": False}


def methods_of(seller) -> list[dict[str, Any]]:
    return [method_for_warehouse(w) for w in warehouses_of(seller).items]


def method_by_id(seller, method_id: int) -> dict[str, Any] | None:
    return next((m for m in methods_of(seller) if m["id"] == method_id), None)


def method_view(method: dict[str, Any], seller) -> dict[str, Any]:
    """A method as both list versions show it: each version's schema keeps its own fields (v1 has
    `company_id`, v2 `is_express` and `tpl_integration_type`)."""
    created = method["created_at"] or FALLBACK_CREATED_AT
    return dict(method, company_id=seller.client_id, created_at=created, updated_at=created)


@handles("POST", "/v1/delivery-method/list")
def delivery_method_list_v1(call: Call) -> dict:
    body = call.body
    flt = obj(body.get("filter"))
    methods = methods_of(call.seller)
    if as_int(flt.get("warehouse_id")):
        methods = [m for m in methods if m["warehouse_id"] == as_int(flt.get("warehouse_id"))]
    if flt.get("provider_id") not in (None, ""):
        methods = [m for m in methods if m["provider_id"] == as_int(flt.get("provider_id"))]
    if flt.get("status"):
        methods = [m for m in methods if m["status"] == str(flt["status"]).upper()]
    size = page_size(body.get("limit"), 50, 50)
    offset = offset_of(body.get("offset"))
    page = methods[offset:offset + size]
    return {"result": [method_view(m, call.seller) for m in page], "has_next": offset + size < len(methods)}


@handles("POST", "/v2/delivery-method/list")
def delivery_method_list_v2(call: Call) -> dict:
    """rFBS warehouses' methods (the v2 method is documented for realFBS warehouses)."""
    body = call.body
    flt = obj(body.get("filter"))
    methods = [m for m in methods_of(call.seller) if m["is_rfbs"]]
    wanted = set(int_list(flt.get("delivery_method_ids")))
    if wanted:
        methods = [m for m in methods if m["id"] in wanted]
    warehouses = set(int_list(flt.get("warehouse_ids")))
    if warehouses:
        methods = [m for m in methods if m["warehouse_id"] in warehouses]
    providers = set(int_list(flt.get("provider_ids")))
    if providers:
        methods = [m for m in methods if m["provider_id"] in providers]
    statuses = {str(s).upper() for s in lst(flt.get("status"))}
    if statuses:
        methods = [m for m in methods if m["status"] in statuses]
    if str(body.get("sort_dir") or "").upper() == "DESC":
        methods = methods[::-1]
    size = page_size(body.get("limit"), 50, 100)
    start = as_int(body.get("cursor"), 0) if body.get("cursor") else 0
    page = methods[start:start + size]
    more = start + size < len(methods)
    return {"delivery_methods": [method_view(m, call.seller) for m in page], "has_next": more,
            "cursor": str(start + size) if more else ""}
