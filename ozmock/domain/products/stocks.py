"""Stock updates (`/v2/products/stocks`, legacy `/v1/product/import/stocks`) with the documented rules:
80 requests a minute per seller, one update per product-warehouse pair per 30 seconds
(`TOO_MANY_REQUESTS` in the item's errors), stock only once the product is created, only on the
seller's own active warehouses. And the stock reads of every version: one canonical record per
product (v4's, with the legacy total under `stock`), or one row per product and warehouse."""
from __future__ import annotations

from typing import Any

from ...registry import Call, Window, handles
from ..kit.dates import now_of, stamp
from ..kit.paging import page_size
from ..kit.timings import limit
from ..kit.values import as_int, as_str, int_list, str_list
from ..kit.windows import PER_MINUTE_MESSAGE, touched_within
from ..warehouses.model import Warehouses, warehouses_of
from .model import Product, ProductStore, decode_cursor, encode_cursor
from .selection import listed_page, numbered_page, store_of
from .views import FieldMap, is_kgt, legacy_stock, version_view

# 80 calls a minute per seller, shared by the current and the legacy method.
STOCK_REQUESTS = Window("stocks", "stocks_requests_per_minute", 60.0, PER_MINUTE_MESSAGE)


def _error(code: str, message: str) -> dict[str, str]:
    return {"code": code, "message": message}


def _stock_refusal(product: Product | None, warehouse: dict[str, Any] | None, item: dict[str, Any], *,
                   warehouse_id: int, stock: int, world, now: float) -> dict[str, str] | None:
    """Why this stock item cannot be applied, or None (the checks in their documented order)."""
    interval = limit(world, "stock_pair_interval_seconds")
    stock_max = limit(world, "stock_max")
    if product is None:
        code = "offer_id_not_found" if as_str(item.get("offer_id")) else "NOT_FOUND_ERROR"
        return _error(code, "Product not found")
    if warehouse is None:
        return _error("WAREHOUSE_NOT_FOUND", f"warehouse {warehouse_id} not found or not active")
    if not product.is_created(now):
        return _error("product_is_not_created", "the product has not passed moderation yet; set its stock once it is ready")
    if stock < 0:
        return _error("INVALID_STOCK", "stock must not be negative")
    if stock_max is not None and stock > stock_max:
        return _error("STOCK_TOO_BIG", "stock must be less than a million")
    if warehouse.get("is_kgt") and not is_kgt(product):
        return _error("NON_KGT_ON_KGT_WAREHOUSE", "only bulky products can be stocked on this warehouse")
    if not warehouse.get("is_kgt") and is_kgt(product):
        return _error("OVER_MAX_OVH_NON_KGT", "bulky products cannot be stocked on this warehouse")
    if interval and touched_within(product.stock_touched.get(warehouse_id), now, interval):
        return _error("TOO_MANY_REQUESTS",
                      f"the stock of a product on a warehouse can be updated once in {interval} seconds")
    return None


def update_stocks(store: ProductStore, warehouses: Warehouses, items: list[dict[str, Any]], *, world, now: float,
                  default_warehouse: int | None = None) -> list[dict[str, Any]]:
    """Apply stock items in order; `default_warehouse` serves the legacy method (no warehouse_id)."""
    results = []
    for item in items:
        offer_id, product_id = as_str(item.get("offer_id")), as_int(item.get("product_id"))
        stock = as_int(item.get("stock"), -1)
        warehouse_id = default_warehouse if default_warehouse is not None else as_int(item.get("warehouse_id"))
        product = store.find(offer_id=offer_id, product_id=product_id)
        result = {"product_id": product.product_id if product else product_id,
                  "offer_id": product.offer_id if product else offer_id, "warehouse_id": warehouse_id or 0}
        warehouse = warehouses.active(warehouse_id) if warehouse_id else None
        refusal = _stock_refusal(product, warehouse, item, warehouse_id=warehouse_id, stock=stock, world=world,
                                 now=now)
        errors = [refusal] if refusal else []
        if not errors:
            store.set_stock(product, warehouse_id, stock)
            product.stock_touched[warehouse_id] = now
        result.update(updated=not errors, errors=errors)
        results.append(result)
    return results


# --- the reads ------------------------------------------------------------------------------------
def stock_item(product: Product, now: float) -> dict[str, Any]:
    """The canonical stock record: v4's FBS and FBO entries, and the legacy total (v1's `stock`)."""
    sku = product.visible_sku(now)
    fbs_warehouses = sorted(w for w, (present, _) in product.stocks.items() if present)
    return {"product_id": product.product_id, "offer_id": product.offer_id,
            "stocks": [{"type": "fbs", "present": product.fbs_present(), "reserved": product.fbs_reserved(),
                        "sku": sku, "shipment_type": "SHIPMENT_TYPE_GENERAL", "warehouse_ids": fbs_warehouses},
                       {"type": "fbo", "present": product.fbo_present, "reserved": 0, "sku": sku,
                        "shipment_type": "SHIPMENT_TYPE_GENERAL", "warehouse_ids": []}],
            "stock": legacy_stock(product)}


# v3 lists FBO before FBS.
FBO_FIRST: FieldMap = {"stocks": lambda record: record["stocks"][::-1]}


def warehouse_rows(product: Product, now: float, warehouses: Warehouses) -> list[dict[str, Any]]:
    """One row per warehouse holding (or having held) stock of the product."""
    sku = product.visible_sku(now)
    rows = []
    for warehouse_id in sorted(product.stocks):
        present, reserved = product.stocks[warehouse_id]
        warehouse = warehouses.get(warehouse_id)
        rows.append({"sku": sku, "product_id": product.product_id, "offer_id": product.offer_id,
                     "present": present, "reserved": reserved, "free_stock": present - reserved,
                     "warehouse_id": warehouse_id, "warehouse_name": warehouse["name"] if warehouse else "",
                     "updated_at": stamp(product.stock_touched.get(warehouse_id, product.updated_at))})
    return rows


def _stock_items(call: Call) -> list[dict[str, Any]]:
    return [i for i in call.body.get("stocks") or [] if isinstance(i, dict)]


@handles("POST", "/v2/products/stocks", writes=True, windows=(STOCK_REQUESTS,), exact=True)
def products_stocks_v2(call: Call) -> dict:
    results = update_stocks(store_of(call), warehouses_of(call.seller), _stock_items(call), world=call.world,
                            now=now_of(call))
    return {"result": results}


@handles("POST", "/v1/product/import/stocks", writes=True, windows=(STOCK_REQUESTS,), exact=True)
def import_stocks_v1(call: Call) -> dict:
    """Legacy stock update without a warehouse: it goes to the seller's first active warehouse."""
    warehouses = warehouses_of(call.seller)
    first = next((w["warehouse_id"] for w in warehouses.items if w["status"] == "created"), 0)
    results = update_stocks(store_of(call), warehouses, _stock_items(call), world=call.world, now=now_of(call),
                            default_warehouse=first)
    for result in results:
        result.pop("warehouse_id", None)
    return {"result": results}


@handles("POST", "/v4/product/info/stocks")
def info_stocks_v4(call: Call) -> dict:
    now = now_of(call)
    page, total, cursor = listed_page(call, "cursor")
    return {"items": [stock_item(p, now) for p in page], "total": total, "total_items": total, "cursor": cursor}


@handles("POST", "/v3/product/info/stocks")
def info_stocks_v3(call: Call) -> dict:
    now = now_of(call)
    page, total, cursor = listed_page(call)
    return {"result": {"items": [version_view(stock_item(p, now), FBO_FIRST) for p in page], "total": total,
                       "last_id": cursor}}


@handles("POST", "/v1/product/info/stocks")
def info_stocks_v1(call: Call) -> dict:
    now = now_of(call)
    page, total = numbered_page(call, {})
    return {"result": {"items": [stock_item(p, now) for p in page], "total": total}}


def _stock_rows(call: Call) -> list[dict[str, Any]]:
    """Rows per product and warehouse for the products named by `sku` (preferred) or `offer_id`."""
    body, store, now = call.body, store_of(call), now_of(call)
    skus, offer_ids = int_list(body.get("sku")), str_list(body.get("offer_id"))
    products = store.select(skus=skus, now=now) if skus else store.select(offer_ids=offer_ids)
    warehouses = warehouses_of(call.seller)
    return [row for p in products for row in warehouse_rows(p, now, warehouses)]


@handles("POST", "/v1/product/info/stocks-by-warehouse/fbs")
def stocks_by_warehouse_v1(call: Call) -> dict:
    return {"result": _stock_rows(call)}


@handles("POST", "/v2/product/info/stocks-by-warehouse/fbs")
def stocks_by_warehouse_v2(call: Call) -> dict:
    """The same rows, paged by an offset cursor (an unreadable cursor reads past the end)."""
    body = call.body
    rows = _stock_rows(call)
    size = page_size(body.get("limit"), 100, 1000)
    start = as_int(body.get("cursor"), -1) if as_str(body.get("cursor")) else 0
    if start < 0:
        start = len(rows)
    more = start + size < len(rows)
    return {"products": rows[start:start + size], "has_next": more, "cursor": str(start + size) if more else ""}


@handles("POST", "/v1/product/info/warehouse/stocks")
def warehouse_stocks(call: Call) -> dict:
    """One warehouse's rows in product order, paged by the last product's id."""
    body, store, now = call.body, store_of(call), now_of(call)
    warehouse_id = as_int(body.get("warehouse_id"))
    size = page_size(body.get("limit"), 100, 1000)
    after = decode_cursor(as_str(body.get("cursor")))
    warehouses = warehouses_of(call.seller)
    rows, more = [], False
    if after is not None and warehouses.get(warehouse_id) is not None:
        for product in store.iter_from(after):
            if warehouse_id not in product.stocks:
                continue
            if len(rows) == size:
                more = True
                break
            rows.append(next(r for r in warehouse_rows(product, now, warehouses) if r["warehouse_id"] == warehouse_id))
    return {"stocks": rows, "has_next": more, "cursor": encode_cursor(rows[-1]["product_id"]) if rows and more else ""}
