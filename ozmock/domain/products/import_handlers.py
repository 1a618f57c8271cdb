"""Writing product cards: the import methods of every version (and their task status), the import
by SKU, the attribute-only update and the legacy card edit. Each turns its items into canonical
cards (`cards.py`) and hands them to `imports.submit`, which checks, applies and records a task."""
from __future__ import annotations

from typing import Any

from ...errors import OzonError
from ...registry import Call, handles
from ..catalogue.model import DESCRIPTION_ATTRIBUTE, MODEL_ATTRIBUTE, TYPE_ATTRIBUTE
from ..kit.dates import now_of
from ..kit.values import as_int, as_str
from . import cards, imports
from .model import Product, ProductStore, timing
from .selection import NOT_FOUND, store_of
from .validation import ERROR, Problem, check_attributes, check_card, problem, warnings_of


def _submit(call: Call, kind: str, batch: list[dict[str, Any]], **partial: Any) -> int:
    task = imports.submit(store_of(call), batch, kind=kind, seller=call.seller, world=call.world,
                          now=now_of(call), **partial)
    return task.task_id


def _items(call: Call) -> list[dict[str, Any]]:
    return [i for i in call.body.get("items") or [] if isinstance(i, dict)]


@handles("POST", "/v3/product/import", writes=True, exact=True)
def import_v3(call: Call) -> dict:
    return {"result": {"task_id": _submit(call, "v3", [cards.card_v3(i) for i in _items(call)])}}


@handles("POST", "/v2/product/import", writes=True, exact=True)
def import_v2(call: Call) -> dict:
    return {"result": {"task_id": _submit(call, "v2", [cards.card_v2(i) for i in _items(call)])}}


@handles("POST", "/v1/product/import", writes=True, exact=True)
def import_v1(call: Call) -> dict:
    return {"result": {"task_id": _submit(call, "v1", [cards.card_v1(i) for i in _items(call)])}}


@handles("POST", "/v1/product/import/info", exact=True)
def import_info(call: Call) -> dict:
    task = store_of(call).tasks.get(as_int(call.body.get("task_id")))
    return imports.task_view(task, now_of(call), call.world)


def _source_product(call: Call, sku: int) -> Product | None:
    """Another seller's product with this SKU (by-SKU import copies only other sellers' cards)."""
    now = now_of(call)
    for seller in call.world.sellers.values():
        if seller.client_id == call.seller.client_id or "products" not in seller.areas:
            continue
        product = seller.areas["products"].by_sku_id(sku, now)
        if product is not None and not product.archived:
            return product
    return None


@handles("POST", "/v1/product/import-by-sku", writes=True, exact=True)
def import_by_sku(call: Call) -> dict:
    batch, unmatched = [], []
    for item in _items(call):
        sku = as_int(item.get("sku"))
        source = _source_product(call, sku)
        if source is None:
            unmatched.append(sku)
        else:
            batch.append(cards.copy_card(source, item))

    def check(card: dict[str, Any], existing: Product | None) -> list[Problem]:
        if existing is not None:
            return [problem("offer_id_already_exists", "a product cannot be updated by SKU; "
                            "this offer_id is taken", field="offer_id")]
        return check_card(card, seller=call.seller, world=call.world, existing=None)

    return {"result": {"task_id": _submit(call, "by_sku", batch, check=check), "unmatched_sku_list": unmatched}}


def _check_attributes_only(card: dict[str, Any], existing: Product | None) -> list[Problem]:
    """An attribute-only update: the product must exist; its category and type stay."""
    if existing is None:
        return [problem("offer_id_not_found", "no product with this offer_id", field="offer_id")]
    found, attributes, _ = check_attributes({"attributes": card["attributes"], "complex_attributes": []},
                                            existing.description_category_id, existing.type_id, partial=True)
    card["attributes"] = [a for a in attributes if a["id"] != TYPE_ATTRIBUTE]
    return found


def _apply_attributes(store: ProductStore, card: dict[str, Any], existing: Product, *, world, now: float,
                      warnings: list[Problem]) -> Product:
    """Merge the given attributes into the card, then moderation again."""
    old_model = existing.attribute_text(MODEL_ATTRIBUTE)
    merged = {a["id"]: a for a in existing.attributes}
    for attribute in card["attributes"]:
        merged[attribute["id"]] = attribute
    existing.attributes = list(merged.values())
    description = existing.attribute_text(DESCRIPTION_ATTRIBUTE)
    if description:
        existing.description = description
    existing.errors, existing.failed = warnings, False
    existing.updated_at = existing.submitted_at = now
    ready_after = timing(world, "product_import_seconds") + timing(world, "product_moderation_seconds")
    if existing.sku_at > now:
        existing.sku_at = now + ready_after
    store.remodel(existing, old_model)
    return existing


@handles("POST", "/v1/product/attributes/update", writes=True, exact=True)
def attributes_update(call: Call) -> dict:
    batch = [{"offer_id": as_str(item.get("offer_id")), "attributes": cards.attributes_of(item.get("attributes"))}
             for item in _items(call)]
    return {"task_id": _submit(call, "attributes", batch, check=_check_attributes_only, apply=_apply_attributes)}


@handles("POST", "/v1/product/update", writes=True, exact=True)
def product_update_v1(call: Call) -> dict:
    """Legacy card edit by product_id, at once (no task): only the fields sent change."""
    store, now = store_of(call), now_of(call)
    product = store.get(as_int(call.body.get("product_id")))
    if product is None:
        raise OzonError(5, NOT_FOUND)
    card = cards.edited_card(product, call.body)
    problems = check_card(card, seller=call.seller, world=call.world, existing=product)
    errors = [p for p in problems if p["level"] == ERROR]
    if errors:
        raise OzonError(3, "the product was not updated — " + errors[0]["message"])
    imports.count_direct_update(store, call.world, now)
    imports.apply_card(store, card, product, world=call.world, now=now, warnings=warnings_of(problems))
    return {"result": {"updated": True}}
