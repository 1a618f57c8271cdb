"""Stock updates (`/v2/products/stocks`, legacy `/v1/product/import/stocks`) with the documented rules:
80 requests a minute per seller, one update per product-warehouse pair per 30 seconds
(`TOO_MANY_REQUESTS` in the item's errors), stock only once the product is created, only on the
seller's own active warehouses."""
from __future__ import annotations

import math
from typing import Any

from ..kit.values import as_int, as_str
from ..kit.timings import limit
from .views import is_kgt
from .model import ProductStore
from ..kit.windows import PER_MINUTE_MESSAGE
from ...registry import Window

# 80 calls a minute per seller, shared by the current and the legacy method.
STOCK_REQUESTS = Window("stocks", "stocks_requests_per_minute", 60.0, PER_MINUTE_MESSAGE)


def _error(code: str, message: str) -> dict[str, str]:
    return {"code": code, "message": message}


def update_stocks(store: ProductStore, warehouses, items: list[dict[str, Any]], *, world, now: float,
                  default_warehouse: int | None = None) -> list[dict[str, Any]]:
    """Apply stock items in order; `default_warehouse` serves the legacy method (no warehouse_id)."""
    interval = limit(world, "stock_pair_interval_seconds")
    stock_max = limit(world, "stock_max")
    results = []
    for item in items:
        offer_id, product_id = as_str(item.get("offer_id")), as_int(item.get("product_id"))
        stock = as_int(item.get("stock"), -1)
        warehouse_id = default_warehouse if default_warehouse is not None else as_int(item.get("warehouse_id"))
        product = store.find(offer_id=offer_id, product_id=product_id)
        result = {"product_id": product.product_id if product else product_id,
                  "offer_id": product.offer_id if product else offer_id, "warehouse_id": warehouse_id or 0}
        warehouse = warehouses.active(warehouse_id) if warehouse_id else None
        if product is None:
            errors = [_error("offer_id_not_found", "Product not found")] if offer_id else \
                [_error("NOT_FOUND_ERROR", "Product not found")]
        elif warehouse is None:
            errors = [_error("WAREHOUSE_NOT_FOUND", f"warehouse {warehouse_id} not found or not active")]
        elif not product.is_created(now):
            errors = [_error("product_is_not_created",
                             "the product has not passed moderation yet; set its stock once it is ready")]
        elif stock < 0:
            errors = [_error("INVALID_STOCK", "stock must not be negative")]
        elif stock_max is not None and stock > stock_max:
            errors = [_error("STOCK_TOO_BIG", "stock must be less than a million")]
        elif warehouse.get("is_kgt") and not is_kgt(product):
            errors = [_error("NON_KGT_ON_KGT_WAREHOUSE", "only bulky products can be stocked on this warehouse")]
        elif not warehouse.get("is_kgt") and is_kgt(product):
            errors = [_error("OVER_MAX_OVH_NON_KGT", "bulky products cannot be stocked on this warehouse")]
        elif interval and product.stock_touched.get(warehouse_id, -math.inf) > now - interval:
            errors = [_error("TOO_MANY_REQUESTS",
                             f"the stock of a product on a warehouse can be updated once in {interval} seconds")]
        else:
            errors = []
            store.set_stock(product, warehouse_id, stock)
            product.stock_touched[warehouse_id] = now
        result.update(updated=not errors, errors=errors)
        results.append(result)
    return results
