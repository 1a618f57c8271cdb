"""FBO postings (sold from Ozon's warehouses) and the supply orders that brought the goods there.

FBO postings move on the clock alone (Ozon packs and delivers): `awaiting_packaging` ->
`awaiting_deliver` -> `delivering` -> `delivered`. For every Ozon warehouse that FBO postings
ship from there is a completed supply order whose bundle holds at least the units sold, so the
supply views (`/v2|v3/supply-order/*`, `/v1/supply-order/bundle`) agree with the postings."""
from __future__ import annotations

import uuid
from typing import Any

from ...registry import Call, handles
from ..kit.dates import now_of, stamp
from ..kit.paging import page_size
from ..kit.values import as_int, as_str, int_list, obj, str_list
from ..products.model import products_of
from . import data, views
from .common import missing
from .listing import decode_cursor, encode_cursor, is_desc, offset_list, options_of, page_of, period, status_indexes
from .model import Posting, PostingStore, store_of

DAY = 86_400.0
STATES = ["DATA_FILLING", "READY_TO_SUPPLY", "ACCEPTED_AT_SUPPLY_WAREHOUSE", "IN_TRANSIT",
          "ACCEPTANCE_AT_STORAGE_WAREHOUSE", "REPORTS_CONFIRMATION_AWAITING", "REPORT_REJECTED", "COMPLETED",
          "REJECTED_AT_SUPPLY_WAREHOUSE", "CANCELLED", "OVERDUE"]


def fbo_posting(store: PostingStore, number: Any) -> Posting:
    posting = store.get(as_str(number).strip())
    if posting is None or posting.scheme != "fbo":
        raise missing()
    return posting


# --- postings ------------------------------------------------------------------------------------------
@handles("POST", "/v2/posting/fbo/list")
def fbo_list_v2(call: Call) -> dict:
    return offset_list(call, "fbo", views.fbo_record, default=100, maximum=1000)


@handles("POST", "/v3/posting/fbo/list")
def fbo_list_v3(call: Call) -> dict:
    body, store = call.body, store_of(call.seller)
    flt = obj(body.get("filter"))
    low, high = period(flt)
    numbers, orders = set(str_list(flt.get("posting_numbers"))), set(str_list(flt.get("order_numbers")))
    keep = None
    if numbers or orders:
        keep = (lambda p: (not numbers or p.number in numbers) and (not orders or p.order_number in orders))
    indexes = status_indexes(store, "fbo", str_list(flt.get("statuses")))
    page, more, _ = page_of(store, indexes, low, high, limit=page_size(body.get("limit"), 100, 100),
                            desc=is_desc(body, "sort_dir"), keep=keep, after=decode_cursor(body.get("cursor")))
    options = options_of(body)
    return {"postings": [views.fbo_record(p, options, price_object=True) for p in page],
                         "has_next": more, "cursor": encode_cursor(page[-1], page[-1].in_process_at)
                         if page and more else ""}


@handles("POST", "/v2/posting/fbo/get")
def fbo_get(call: Call) -> dict:
    posting = fbo_posting(store_of(call.seller), call.body.get("posting_number"))
    return {"result": views.fbo_record(posting, options_of(call.body))}


# --- supply orders -----------------------------------------------------------------------------------
def ensure_supplies(world, seller) -> None:
    """One completed supply order per Ozon warehouse FBO postings ship from, holding what they sold
    (made when first read, so seeded and generated FBO postings always have their supplies)."""
    store = store_of(seller)
    need: dict[int, dict[int, int]] = {}
    first: dict[int, float] = {}
    for entry in store.timeline["fbo"].items:
        posting = store.postings[entry[2]]
        bucket = need.setdefault(posting.warehouse_id, {})
        for line in posting.lines:
            bucket[line["sku"]] = bucket.get(line["sku"], 0) + line["quantity"]
        first[posting.warehouse_id] = min(first.get(posting.warehouse_id, posting.in_process_at),
                                          posting.in_process_at)
    by_warehouse = {s["warehouse_id"]: s for s in store.supplies.values()}
    for warehouse_id, items in need.items():
        supply = by_warehouse.get(warehouse_id) or _new_supply(world, seller, store, warehouse_id,
                                                               first[warehouse_id] - 7 * DAY)
        for sku, qty in items.items():
            key = str(sku)
            supply["items"][key] = max(supply["items"].get(key, 0), qty + 5)


def _new_supply(world, seller, store: PostingStore, warehouse_id: int, created: float) -> dict[str, Any]:
    supply_order_id = world.next_id("supply_order", 30_000_000)
    supply = {"supply_order_id": supply_order_id, "supply_id": world.next_id("supply", 40_000_000),
              "order_number": f"{2000000000 + supply_order_id}", "warehouse_id": warehouse_id,
              "bundle_id": str(uuid.UUID(int=(seller.client_id << 64) | supply_order_id)),
              "created_at": created, "state": "COMPLETED", "state_updated_at": created + 3 * DAY,
              "timeslot_from": created + 2 * DAY, "timeslot_to": created + 2 * DAY + 3600,
              "items": {}}
    store.supplies[supply_order_id] = supply
    return supply


def supplies_of(call: Call) -> list[dict[str, Any]]:
    ensure_supplies(call.world, call.seller)
    return sorted(store_of(call.seller).supplies.values(), key=lambda s: s["supply_order_id"])


def warehouse_view(warehouse_id: int) -> dict[str, Any]:
    found = next((w for w in data.OZON_WAREHOUSES if w[0] == warehouse_id), (warehouse_id, "", ""))
    return {"warehouse_id": found[0], "name": found[1], "address": found[2]}


@handles("POST", "/v3/supply-order/list", exact=True)
def supply_list_v3(call: Call) -> dict:
    body = call.body
    flt = obj(body.get("filter"))
    states = {s.upper() for s in str_list(flt.get("states"))}
    dropoff = set(int_list(flt.get("dropoff_warehouse_ids")))
    search = as_str(flt.get("order_number_search")).strip()
    supplies = [s for s in supplies_of(call) if (not states or s["state"] in states)
                and (not dropoff or s["warehouse_id"] in dropoff) and (not search or search in s["order_number"])]
    key = {"ORDER_STATE_UPDATED_AT": "state_updated_at", "TIMESLOT_FROM_UTC": "timeslot_from",
           "TIMESLOT_FROM_LOCAL": "timeslot_from"}.get(as_str(body.get("sort_by")).upper(), "created_at")
    supplies.sort(key=lambda s: (s[key], s["supply_order_id"]), reverse=as_str(body.get("sort_dir")).upper() == "DESC")
    start = as_int(body.get("last_id"), 0) if body.get("last_id") else 0
    size = page_size(body.get("limit"), 100, 100)
    page = supplies[start:start + size]
    more = start + size < len(supplies)
    return {"order_ids": [str(s["supply_order_id"]) for s in page],
                         "last_id": str(start + size) if more else ""}


@handles("POST", "/v2/supply-order/list", exact=True)
def supply_list_v2(call: Call) -> dict:
    body = call.body
    states = {s.upper().replace("ORDER_STATE_", "") for s in str_list(obj(body.get("filter")).get("states"))}
    paging = obj(body.get("paging"))
    after = as_int(paging.get("from_supply_order_id"))
    size = page_size(paging.get("limit"), 100, 100)
    supplies = [s for s in supplies_of(call) if (not states or s["state"] in states) and s["supply_order_id"] > after]
    page = supplies[:size]
    return {"supply_order_id": [str(s["supply_order_id"]) for s in page],
                         "last_supply_order_id": page[-1]["supply_order_id"] if len(supplies) > size else 0}


def _find_supplies(call: Call) -> list[dict[str, Any]]:
    wanted = int_list(call.body.get("order_ids"))
    if not wanted:
        return []
    by_id = {s["supply_order_id"]: s for s in supplies_of(call)}
    return [by_id[i] for i in wanted if i in by_id]


@handles("POST", "/v3/supply-order/get", exact=True)
def supply_get_v3(call: Call) -> dict:
    orders = []
    for s in _find_supplies(call):
        warehouse = warehouse_view(s["warehouse_id"])
        orders.append({
            "order_id": s["supply_order_id"], "order_number": s["order_number"], "state": s["state"],
            "created_date": stamp(s["created_at"]), "state_updated_date": stamp(s["state_updated_at"]),
            "data_filling_deadline_utc": stamp(s["created_at"] + DAY), "dropoff_warehouse": warehouse,
            "order_tags": {"is_econom": False, "is_pickup": False, "is_quant": False, "is_super_fbo": False,
                           "is_virtual": False, "product_super_fbo": False, "original_supply_id": 0,
                           "seller_warehouse_id": 0},
            "supplies": [{"supply_id": s["supply_id"], "bundle_id": s["bundle_id"], "state": s["state"],
                          "is_crossdock": False, "macrolocal_cluster_id": 0,
                          "storage_warehouse": dict(warehouse, arrival_date=stamp(s["timeslot_from"])),
                          "supply_tags": {"freeze_stock_for_marking": False, "is_ettn_required": False,
                                          "is_evsd_required": False, "is_jewelry": False,
                                          "is_marking_possible": False, "is_marking_required": False,
                                          "is_utd": False}}],
            "timeslot": {"timeslot": {"from": stamp(s["timeslot_from"]), "to": stamp(s["timeslot_to"])},
                         "timezone_info": {"iana_name": "Europe/Moscow", "offset": "+03:00"}},
        })
    return {"orders": orders}


@handles("POST", "/v2/supply-order/get", exact=True)
def supply_get_v2(call: Call) -> dict:
    orders, warehouses = [], {}
    for s in _find_supplies(call):
        warehouses[s["warehouse_id"]] = warehouse_view(s["warehouse_id"])
        orders.append({
            "supply_order_id": s["supply_order_id"], "supply_order_number": s["order_number"],
            "state": f"ORDER_STATE_{s['state']}", "creation_date": stamp(s["created_at"]),
            "data_filling_deadline_utc": stamp(s["created_at"] + DAY), "dropoff_warehouse_id": s["warehouse_id"],
            "can_cancel": False, "is_econom": False, "is_super_fbo": False, "is_virtual": False,
            "product_super_fbo": False,
            "supplies": [{"supply_id": s["supply_id"], "bundle_id": s["bundle_id"],
                          "storage_warehouse_id": s["warehouse_id"], "supply_state": f"SUPPLY_STATE_{s['state']}",
                          "supply_tags": [{"is_ettn_required": False, "is_evsd_required": False,
                                           "is_jewelry": False, "is_marking_possible": False,
                                           "is_marking_required": False, "is_traceable": False}]}],
            "timeslot": {"can_not_set_reasons": ["ORDER_COMPLETED"], "can_set": False, "is_required": True,
                         "value": {"timeslot": [{"from": stamp(s["timeslot_from"]), "to": stamp(s["timeslot_to"])}],
                                   "timezone_info": [{"iana_name": "Europe/Moscow", "offset": "+03:00"}]}},
            "vehicle": {"can_not_set_reasons": ["ORDER_COMPLETED"], "can_set": False, "is_required": False,
                        "value": []},
        })
    return {"orders": orders, "warehouses": list(warehouses.values())}


@handles("POST", "/v1/supply-order/bundle", exact=True)
def supply_bundle(call: Call) -> dict:
    body = call.body
    wanted = set(str_list(body.get("bundle_ids")))
    products = products_of(call.seller)
    now = now_of(call)
    items = []
    for s in supplies_of(call):
        if s["bundle_id"] not in wanted:
            continue
        for sku, qty in s["items"].items():
            product = products.by_sku_id(int(sku), now)
            name = product.name if product else ""
            volume = round((product.depth * product.height * product.width) / 1_000_000, 3) if product else 0.0
            items.append({"sku": int(sku), "quantity": qty, "offer_id": product.offer_id if product else "",
                          "name": name, "product_id": product.product_id if product else 0,
                          "barcode": (product.barcodes or [""])[0] if product else "",
                          "icon_path": (product.images or [""])[0] if product else "",
                          "contractor_item_code": product.offer_id if product else "", "is_quant_editable": False,
                          "quant": 1, "placement_zone": "PRODUCTS", "sfbo_attribute": "ITEM_SFBO_ATTRIBUTE_NONE",
                          "shipment_type": "BUNDLE_ITEM_SHIPMENT_TYPE_GENERAL", "tags": [],
                          "volume_in_litres": volume, "total_volume_in_litres": round(volume * qty, 3)})
    query = as_str(body.get("query")).strip().lower()
    if query:
        items = [i for i in items if query in i["name"].lower() or query in i["offer_id"].lower()
                 or query == str(i["sku"])]
    field = {"SKU": "sku", "NAME": "name", "QUANTITY": "quantity",
             "TOTAL_VOLUME_IN_LITRES": "total_volume_in_litres"}.get(as_str(body.get("sort_field")).upper(), "sku")
    items.sort(key=lambda i: i[field], reverse=body.get("is_asc") is False)
    start = as_int(body.get("last_id"), 0) if body.get("last_id") else 0
    size = page_size(body.get("limit"), 100, 100)
    page = items[start:start + size]
    more = start + size < len(items)
    return {"items": page, "total_count": len(items), "has_next": more,
                         "last_id": str(start + size) if more else ""}


@handles("POST", "/v1/supply-order/status/counter", exact=True)
def supply_counter(call: Call) -> dict:
    counts: dict[str, int] = {}
    for s in supplies_of(call):
        counts[s["state"]] = counts.get(s["state"], 0) + 1
    return {"items": [{"order_state": f"ORDER_STATE_{state}", "count": count}
                                   for state, count in sorted(counts.items())]}

