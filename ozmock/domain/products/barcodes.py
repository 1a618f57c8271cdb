"""Barcodes: binding a seller's own barcode to an SKU (`/v1/barcode/add`) and generating EAN-13
codes for products without one (`/v1/barcode/generate`), unbinding them (`/v1/barcode/delete`). A barcode
belongs to one product."""
from __future__ import annotations

from typing import Any

from ...errors import OzonError
from ...registry import Call, Window, handles
from ..kit.dates import now_of
from ..kit.timings import limit
from ..kit.values import as_int, as_str, int_list
from ..kit.windows import PER_MINUTE_MESSAGE
from .model import Product
from .selection import store_of

# At most 20 calls a minute per seller, shared by add and generate.
BARCODE_REQUESTS = Window("barcodes", "barcode_requests_per_minute", 60.0, PER_MINUTE_MESSAGE)


def _refusal(barcode: str, sku: int, product: Product | None, owner: int | None, per_product: int) -> dict | None:
    """Why this barcode cannot go to this SKU's product (`owner`: the product that has it), or None."""
    if product is None:
        return {"code": "SKU_NOT_FOUND", "error": "sku not found"}
    if not barcode:
        return {"code": "INVALID_BARCODE", "error": "barcode is empty"}
    if owner is not None and owner != product.product_id:
        return {"code": "BARCODE_ALREADY_EXISTS", "error": "the barcode belongs to another product"}
    if barcode not in product.barcodes and len(product.barcodes) >= per_product:
        return {"code": "BARCODES_LIMIT_EXCEEDED", "error": f"a product holds at most {per_product} barcodes"}
    return None


@handles("POST", "/v1/barcode/add", writes=True, windows=(BARCODE_REQUESTS,), exact=True)
def barcode_add(call: Call) -> dict:
    store, now = store_of(call), now_of(call)
    per_product = limit(call.world, "barcodes_per_product")
    owners = {b: p.product_id for p in store.products.values() for b in p.barcodes}
    errors: list[dict[str, Any]] = []
    for entry in call.body.get("barcodes") or []:
        barcode, sku = as_str(entry.get("barcode")).strip(), as_int(entry.get("sku"))
        product = store.by_sku_id(sku, now)
        refusal = _refusal(barcode, sku, product, owners.get(barcode), per_product)
        if refusal is not None:
            errors.append({"barcode": barcode, "sku": sku, **refusal})
        elif barcode not in product.barcodes:
            product.barcodes.append(barcode)
            product.changed()
            owners[barcode] = product.product_id
            product.updated_at = now
    return {"errors": errors}


def ean13(number: int) -> str:
    """An EAN-13 in the in-store range 200…, with its check digit."""
    digits = f"200{number % 10**9:09d}"
    check = (10 - sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10) % 10
    return digits + str(check)


@handles("POST", "/v1/barcode/generate", writes=True, windows=(BARCODE_REQUESTS,), exact=True)
def barcode_generate(call: Call) -> dict:
    store, now = store_of(call), now_of(call)
    ids = int_list(call.body.get("product_ids"))
    if len(ids) > 100:
        raise OzonError(3, "at most 100 products per request")
    errors = []
    for product_id in dict.fromkeys(ids):
        product = store.get(product_id)
        if product is None:
            errors.append({"product_id": product_id, "barcode": "", "code": "PRODUCT_NOT_FOUND",
                           "error": "product not found"})
        elif product.barcodes:
            errors.append({"product_id": product_id, "barcode": product.barcodes[0], "code": "BARCODE_ALREADY_EXISTS",
                           "error": "the product already has a barcode"})
        else:
            product.barcodes.append(ean13(call.world.next_id("barcode", 100_000_000)))
            product.changed()
            product.updated_at = now
    return {"errors": errors}


def _unbind_refusal(barcode: str, product: Product | None) -> dict | None:
    """Why a barcode cannot be taken off this SKU's product, or None. The page's rule: not while the
    warehouse holds stock of the product (the six months after a sale are not tracked)."""
    if product is None:
        return {"code": "SKU_NOT_FOUND", "error": "sku not found"}
    if barcode not in product.barcodes:
        return {"code": "BARCODE_NOT_FOUND", "error": "the product has no such barcode"}
    if product.fbo_present > 0 or any(product.present_stock(w) > 0 for w in product.stocks):
        return {"code": "PRODUCT_HAS_STOCK", "error": "the product has stock in a warehouse"}
    return None


@handles("POST", "/v1/barcode/delete", writes=True, exact=True)
def barcode_delete(call: Call) -> dict:
    """Unbind barcodes from SKUs (2026-10-06): the errors list names each pair left bound."""
    store, now = store_of(call), now_of(call)
    errors: list[dict[str, Any]] = []
    for entry in call.body.get("barcodes") or []:
        barcode, sku = as_str(entry.get("barcode")).strip(), as_int(entry.get("sku"))
        product = store.by_sku_id(sku, now)
        refusal = _unbind_refusal(barcode, product)
        if refusal is not None:
            errors.append({"barcode": barcode, "sku": sku, **refusal})
        else:
            product.barcodes.remove(barcode)
            product.changed()
            product.updated_at = now
    return {"errors": errors}
