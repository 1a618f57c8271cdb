"""A product's life besides its card: archive, unarchive and delete, offer-id renames, the
prepayment flag, the markdown discount and digital codes (recorded as a task like an import)."""
from __future__ import annotations

from ...errors import OzonError
from ...registry import Call, handles
from ..kit.dates import now_of
from ..kit.timings import limit
from ..kit.values import as_int, as_str, int_list, str_list
from .model import Task, timing
from .selection import known, store_of


def owned(call: Call) -> list:
    """The caller's products named by `product_id`; 404 `Product not found` (and nothing changes) when
    any id is not theirs: unknown or another seller's product (docs/assumptions.md, single-product reads)."""
    ids = int_list(call.body.get("product_id"))
    products = known(call, ids)
    if len(products) != len(dict.fromkeys(ids)):
        raise OzonError(5, "Product not found")
    return products


@handles("POST", "/v1/product/archive", writes=True, exact=True)
def archive(call: Call) -> dict:
    store = store_of(call)
    for product in owned(call):
        store.set_archived(product, True)
        product.updated_at = now_of(call)
    return {"result": True}


@handles("POST", "/v1/product/unarchive", writes=True, exact=True)
def unarchive(call: Call) -> dict:
    store = store_of(call)
    products = [p for p in owned(call) if p.archived]
    total = limit(call.world, "products_total")
    if total is not None and store.active + len(products) > total:
        raise OzonError(3, "total limit exceeded")
    for product in products:
        store.set_archived(product, False)
        product.updated_at = now_of(call)
    return {"result": True}


@handles("POST", "/v2/products/delete", writes=True, exact=True)
def delete_products(call: Call) -> dict:
    """Only products without an SKU (never moderated) can be deleted; each offer_id gets a status."""
    store, now = store_of(call), now_of(call)
    statuses = []
    for entry in call.body.get("products") or []:
        offer_id = as_str(entry.get("offer_id")) if isinstance(entry, dict) else ""
        product = store.by_offer_id(offer_id)
        if product is None:
            statuses.append({"offer_id": offer_id, "is_deleted": False, "error": "product not found"})
        elif product.is_created(now):
            statuses.append({"offer_id": offer_id, "is_deleted": False,
                             "error": "product has an SKU and cannot be deleted"})
        else:
            store.remove(product)
            statuses.append({"offer_id": offer_id, "is_deleted": True, "error": ""})
    return {"status": statuses}


@handles("POST", "/v1/product/update/offer-id", writes=True, exact=True)
def update_offer_id(call: Call) -> dict:
    store = store_of(call)
    errors = []
    for entry in call.body.get("update_offer_id") or []:
        old, new = as_str(entry.get("offer_id")), as_str(entry.get("new_offer_id"))
        product = store.by_offer_id(old)
        if product is None:
            errors.append({"offer_id": old, "message": "product not found"})
        elif not new.strip():
            errors.append({"offer_id": old, "message": "new_offer_id is empty"})
        elif new != old and store.by_offer_id(new) is not None:
            errors.append({"offer_id": new, "message": f"OFFER_ID_ALREADY_EXISTS: product with offer_id {new} "
                                                       "already exists"})
        else:
            store.rename(product, new)
            product.updated_at = now_of(call)
    return {"errors": errors}


@handles("POST", "/v1/product/prepayment/set", writes=True, exact=True)
def prepayment_set(call: Call) -> dict:
    store, body = store_of(call), call.body
    allowed = bool(body.get("is_prepayment"))
    updated = []
    for offer_id in str_list(body.get("offers_ids")):
        product = store.by_offer_id(offer_id)
        if product is not None:
            product.prepayment = allowed
        updated.append({"offer_id": offer_id, "product_id": 0, "success": product is not None})
    for product_id in int_list(body.get("products_ids")):
        product = store.get(product_id)
        if product is not None:
            product.prepayment = allowed
        updated.append({"offer_id": "", "product_id": product_id, "success": product is not None})
    return {"result": {"item_updated": updated}}


@handles("POST", "/v1/product/info/discounted", exact=True)
def info_discounted(call: Call) -> dict:
    """Discounted (markdown) items exist only for FBO stock, which ozmock's sellers do not hold."""
    return {"items": []}


@handles("POST", "/v1/product/update/discount", writes=True, exact=True)
def update_discount(call: Call) -> dict:
    product = store_of(call).get(as_int(call.body.get("product_id")))
    discount = as_int(call.body.get("discount"))
    if product is None or not 0 <= discount <= 100:
        return {"result": False}
    product.discount = discount
    product.updated_at = now_of(call)
    return {"result": True}


@handles("POST", "/v1/product/upload_digital_codes", writes=True, exact=True)
def upload_digital_codes(call: Call) -> dict:
    store, now = store_of(call), now_of(call)
    product = store.get(as_int(call.body.get("product_id")))
    codes = [c for c in str_list(call.body.get("digital_codes")) if c.strip()]
    item = {"offer_id": "", "product_id": 0, "errors": [], "ok": False, "total": 0}
    if product is not None:
        product.digital_codes += len(codes)
        item.update(offer_id=product.offer_id, product_id=product.product_id, ok=True, total=len(codes))
    task = Task(call.world.next_id("task", 172_549_792), "digital_codes", now, [item])
    store.keep_task(task)
    return {"result": {"task_id": task.task_id}}


@handles("POST", "/v1/product/upload_digital_codes/info", exact=True)
def upload_digital_codes_info(call: Call) -> dict:
    task = store_of(call).tasks.get(as_int(call.body.get("task_id")))
    if task is None or task.kind != "digital_codes":
        return {"result": {"status": "", "total": 0}}
    item = task.items[0]
    done = now_of(call) >= task.created_at + timing(call.world, "product_import_seconds")
    status = "pending" if not done else ("imported" if item["ok"] else "failed")
    return {"result": {"status": status, "total": item.get("total", 0)}}
