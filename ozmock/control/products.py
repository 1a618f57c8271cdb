"""A seller's catalogue from outside, read-only (the dashboard, scripts):

    GET /__ozmock/sellers/{client_id}/products       every product: status on the clock, prices, stock per warehouse
    GET /__ozmock/sellers/{client_id}/import-tasks   import tasks, newest first, with each item's status

Statuses come from the products area's own readers (a card's phase, visibility, `/v1/product/import/info`'s
view of a task), so the page and the API never disagree."""
from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..domain.kit.dates import stamp
from ..domain.products.imports import task_view
from ..domain.products.model import Product, products_of
from ..domain.products.stocks import warehouse_rows
from ..domain.warehouses.model import Warehouses, warehouses_of
from .common import json_response, seller_view

STOCK_FIELDS = ("warehouse_id", "warehouse_name", "present", "reserved", "free_stock")


def product_json(product: Product, now: float, world, warehouses: Warehouses) -> dict[str, Any]:
    return {"product_id": product.product_id, "offer_id": product.offer_id, "name": product.name,
            "sku": product.visible_sku(now), "status": "archived" if product.archived else product.phase(now, world),
            "visible": product.visible(now, world), "price": product.price, "old_price": product.old_price,
            "min_price": product.min_price, "currency_code": product.currency_code,
            "stocks": [{name: row[name] for name in STOCK_FIELDS} for row in warehouse_rows(product, now, warehouses)],
            "fbo_present": product.fbo_present}


@seller_view
def products(request: Request, world, seller) -> Response:
    now, warehouses = world.clock.now().timestamp(), warehouses_of(seller)
    return json_response({"products": [product_json(p, now, world, warehouses)
                                       for p in products_of(seller).iter_from(0)]})


@seller_view
def import_tasks(request: Request, world, seller) -> Response:
    now = world.clock.now().timestamp()
    tasks = sorted(products_of(seller).tasks.values(), key=lambda task: task.task_id, reverse=True)
    return json_response({"tasks": [
        {"task_id": task.task_id, "kind": task.kind, "created_at": stamp(task.created_at),
         "items": task_view(task, now, world)["result"]["items"]} for task in tasks]})


def routes() -> list[Route]:
    return [
        Route("/__ozmock/sellers/{client_id:int}/products", products, methods=["GET"]),
        Route("/__ozmock/sellers/{client_id:int}/import-tasks", import_tasks, methods=["GET"]),
    ]
