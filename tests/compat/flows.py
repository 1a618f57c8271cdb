"""A seller's two everyday flows, written once and run through either client.

Each step goes through the client's own request model and its own answer model; values carry from
one answer into the next request, as a seller's code would do."""
from __future__ import annotations

import random
import typing
from datetime import timedelta
from typing import Any

import msgspec

from ozmock.domain.products.seed import valid_item
from tests.compat.clients import SDK, operations
from tests.compat.harness import Harness
from tests.compat.world import stamp

POLLS = 10
LABEL_WAIT = 60       # Ozon prints a package label 45-60 s after the posting is packed


class Caller:
    """`call(path, body)` through one client: the body into its request model, its answer model back to JSON."""

    def __init__(self, harness: Harness, client: str):
        self.harness, self.client = harness, client
        self.ops = {op.path: op for op in operations(client)}

    def __call__(self, path: str, body: dict) -> Any:
        op = self.ops[path]
        api = self.harness.client(self.client)
        if self.client == SDK:
            result = self.harness.run(msgspec.convert(body, op.target, strict=False).emit(api))
            return result if result is None or isinstance(result, bytes) else msgspec.to_builtins(result)
        model = typing.get_type_hints(op.target)["request"]
        result = self.harness.run(op.target(api, model.model_validate(body)))
        return result.model_dump(mode="json", by_alias=True)


def first_type(nodes: list[dict]) -> tuple[int, int]:
    """The first enabled (category, type) pair of the description-category tree."""
    for node in nodes:
        for leaf in node.get("children") or []:
            if leaf.get("type_id") and not leaf.get("disabled"):
                return node["description_category_id"], leaf["type_id"]
        found = first_type(node.get("children") or [])
        if found:
            return found
    return ()


def product_flow(harness: Harness, client: str) -> dict[str, Any]:
    """category -> import -> poll -> read back -> prices -> stocks -> archive; what each step answered."""
    call, seen = Caller(harness, client), {}
    category_id, type_id = first_type(call("/v1/description-category/tree", {})["result"])
    offer_id = f"COMPAT-{client.upper()}-1"
    item = valid_item(random.Random(11), offer_id, category_id=category_id, type_id=type_id)
    # ozonapi-async's model insists on both (docs/compatibility.md); the documents accept either form
    item.update(vat="0.20", new_description_category_id=category_id)
    task_id = call("/v3/product/import", {"items": [item]})["result"]["task_id"]
    for _ in range(POLLS):
        harness.ozon.advance(seconds=60)
        imported = call("/v1/product/import/info", {"task_id": task_id})["result"]["items"]
        if all(entry["status"] == "imported" for entry in imported):
            break
    seen["import"] = imported[0]["status"]
    product_id = imported[0]["product_id"]
    seen["read back"] = call("/v3/product/info/list", {"offer_id": [offer_id]})["items"][0]["id"] == product_id
    prices = call("/v1/product/import/prices", {"prices": [
        {"offer_id": offer_id, "price": "1990", "old_price": "2490", "min_price": "1500", "currency_code": "RUB"}]})
    seen["prices"] = prices["result"][0]["updated"]
    warehouse_id = harness.world.values["warehouse_id"]
    stocks = call("/v2/products/stocks", {"stocks": [
        {"offer_id": offer_id, "product_id": product_id, "stock": 7, "warehouse_id": warehouse_id}]})
    seen["stocks"] = stocks["result"][0]["updated"]
    seen["archive"] = call("/v1/product/archive", {"product_id": [product_id]})["result"]
    return seen


def posting_flow(harness: Harness, client: str) -> dict[str, Any]:
    """postings list -> get -> ship -> label; what each step answered."""
    call, seen, now = Caller(harness, client), {}, harness.world.now
    window = {"cutoff_from": stamp(now - timedelta(days=7)), "cutoff_to": stamp(now + timedelta(days=10)),
              "status": "awaiting_packaging"}
    listed = call("/v3/posting/fbs/unfulfilled/list", {"filter": window, "limit": 50, "offset": 0})
    number = listed["result"]["postings"][0]["posting_number"]
    posting = call("/v3/posting/fbs/get", {"posting_number": number})["result"]
    seen["get"] = posting["status"]
    products = [{"product_id": p["sku"], "quantity": p["quantity"]} for p in posting["products"]]
    shipped = call("/v4/posting/fbs/ship", {"posting_number": number, "packages": [{"products": products}]})
    seen["ship"] = number in (shipped.get("result") or [])
    seen["status"] = call("/v3/posting/fbs/get", {"posting_number": number})["result"]["status"]
    harness.ozon.advance(seconds=LABEL_WAIT)
    label = call("/v2/posting/fbs/package-label", {"posting_number": [number]})
    if label is None:    # ozon-sdk's method declares no answer and drops the PDF: read what it received
        label = harness.recorder.last.content
    content = label if isinstance(label, bytes) else label.get("content") or label.get("file_content") or b""
    seen["label"] = content[:4] if isinstance(content, bytes) else str(content)[:4]
    return seen
