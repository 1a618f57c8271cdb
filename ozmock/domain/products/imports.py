"""Product imports: every version's item turned into one canonical card, checked against the
catalogue and the documented rules, then applied to the seller's store as a task.

A task is decided when it is submitted (which items pass, which products they make) and only
its *visibility* moves with the clock: items read `pending` until `product_import_seconds` have
passed, then `imported` or `failed` with their errors (legacy v1 tasks read `processing`,
`moderating`, `processed` / `failed_validation`, the statuses seed 003 documents). Items that
fail never create a product; a failed update leaves the product as it was and shows the errors
on it.
"""
from __future__ import annotations

from datetime import datetime, timezone
from functools import lru_cache
from typing import Any, Callable

from ...clock import day_start
from ...errors import OzonError
from ..catalogue.model import DESCRIPTION_ATTRIBUTE, MODEL_ATTRIBUTE
from ..kit.dates import stamp
from ..kit.money import kept_readings, parse_price, price_text
from ..kit.timings import limit
from ..kit.windows import weighted_within
from ..push.delivery import emit
from .model import Product, ProductStore, Task, timing
from .validation import Problem, check_card, fatal, problem, warnings_of


# --- applying -------------------------------------------------------------------------------------
@kept_readings(4096)
def _stored_price(text: str) -> str:
    """A checked price as stored: "0" when an optional one is left out."""
    return price_text(parse_price(text) or 0) if text.strip() else "0"


def _card_fields(card: dict[str, Any], *, now: float, warnings: list[Problem]) -> dict[str, Any]:
    """The product fields a checked card sets (a new product and a re-imported one alike)."""
    fields = {
        "name": card["name"], "description_category_id": card["effective_category_id"], "type_id": card["type_id"],
        "legacy_category_id": card.get("legacy_category_id") or 0,
        "attributes": card["attributes"], "complex_attributes": card["complex_attributes"],
        "images": card["images"], "images360": card["images360"], "primary_image": card["primary_image"],
        "color_image": card["color_image"], "pdf_list": card["pdf_list"],
        "depth": card["depth"], "height": card["height"], "width": card["width"],
        "dimension_unit": card["dimension_unit"], "weight": card["weight"], "weight_unit": card["weight_unit"],
        "price": _stored_price(card["price"]), "old_price": _stored_price(card["old_price"]),
        "premium_price": _stored_price(card["premium_price"]),
        "currency_code": card["currency_code"], "vat": card["vat"], "service_type": card["service_type"],
        "promotions": card["promotions"], "geo_names": card["geo_names"],
        "description": card.get("description") or next(
            (a["values"][0]["value"] for a in card["attributes"] if a["id"] == DESCRIPTION_ATTRIBUTE and a["values"]), ""),
        "vendor": card.get("vendor", ""), "vendor_code": card.get("vendor_code", ""),
        "image_group_id": card.get("image_group_id", ""),
        "errors": warnings, "failed": False, "updated_at": now, "submitted_at": now,
    }
    if card["barcodes"]:
        fields["barcodes"] = card["barcodes"]
    return fields


def apply_card(store: ProductStore, card: dict[str, Any], existing: Product | None, *, world, now: float,
               warnings: list[Problem]) -> Product:
    """Create or replace a product from a checked card; it goes (back) through moderation."""
    ready_after = timing(world, "product_import_seconds") + timing(world, "product_moderation_seconds")
    fields = _card_fields(card, now=now, warnings=warnings)
    if existing is None:
        product_id = world.next_id("product", 300_000_000)
        product = Product(product_id=product_id, offer_id=card["offer_id"], created_at=now,
                          sku=world.next_id("sku", 1_400_000_000), sku_at=now + ready_after,
                          source=card.get("source", "import"), **fields)
        store.add(product)
        return product
    old_model = existing.attribute_text(MODEL_ATTRIBUTE)
    if "barcodes" in fields:
        fields["barcodes"] = list(dict.fromkeys(existing.barcodes + fields["barcodes"]))
    existing.assign(fields)
    store.remodel(existing, old_model)
    if existing.sku_at > now:
        existing.sku_at = now + ready_after
    return existing


def check_rate_per_minute(store: ProductStore, world, now: float, items: int) -> None:
    """The optional per-minute limit on product writes (`products_per_minute`): 429 with the
    documented `Item-Retry-After` / `Item-Rate-Limit-Remaining` headers."""
    per_minute = limit(world, "products_per_minute")
    if not per_minute:
        return
    recent = weighted_within(store.item_ops, now, 60.0)
    used = sum(n for _, n in recent)
    if used + items > per_minute:
        raise OzonError(8, "item limit per minute exceeded", headers={
            "Item-Retry-After": "1", "Item-Rate-Limit-Remaining": str(max(per_minute - used, 0))})
    store.item_ops = recent + [(now, items)]


def count_direct_update(store: ProductStore, world, now: float, updates: int = 1) -> None:
    """Direct card edits (not import tasks) count against the daily update quota and the per-minute
    rule; 429 when it is used up."""
    day = day_start(world.clock.now()).timestamp()
    allowed = limit(world, "products_daily_update")
    if allowed is not None and store.usage_today(day)["update"] + updates > allowed:
        raise OzonError(8, "item_limit_exceeded: daily limit on product updates exceeded")
    check_rate_per_minute(store, world, now, updates)
    store.count_usage(day, 0, updates)


@lru_cache(maxsize=16)
def _day_of(now: float) -> float:
    """The start of the UTC day of `now`, the world's instant during a call (its clock is pinned there):
    the day the quotas count in. Kept, as the calls of a frozen clock share one instant."""
    return day_start(datetime.fromtimestamp(now, timezone.utc)).timestamp()


# `check(card, existing) -> problems` and `apply(store, card, existing, world=, now=, warnings=)`:
# partial updates (by SKU, attributes only) replace the full card check and the full card write.
Check = Callable[[dict[str, Any], "Product | None"], list[Problem]]
Apply = Callable[..., Product]


def _over_quota(store: ProductStore, existing: Product | None, world, usage: dict[str, int]) -> Problem | None:
    """The daily and total limits for one more accepted item (`usage` counts this batch's too)."""
    if existing is not None:
        daily = limit(world, "products_daily_update")
        if daily is not None and usage["update"] >= daily:
            return problem("item_limit_exceeded", "daily limit on product updates exceeded")
        return None
    daily, total = limit(world, "products_daily_create"), limit(world, "products_total")
    if daily is not None and usage["create"] >= daily:
        return problem("item_limit_exceeded", "daily limit on product creation exceeded")
    if total is not None and store.active >= total:
        return problem("item_limit_exceeded", "total assortment limit exceeded")
    return None


def _refused(card: dict[str, Any], existing: Product | None, problems: list[Problem]) -> dict[str, Any]:
    """A refused item; a refused update shows its errors on the product, which stays as it was."""
    if existing is not None:
        existing.errors = [dict(p) for p in problems]
        existing.failed = True
    return {"offer_id": card["offer_id"], "product_id": existing.product_id if existing else 0,
            "errors": problems, "ok": False}


def submit(store: ProductStore, cards: list[dict[str, Any]], *, kind: str, seller, world, now: float,
           check: Check | None = None, apply: Apply = apply_card) -> Task:
    """Check and apply a batch in order (a later item sees the earlier ones) and record the task."""
    check_rate_per_minute(store, world, now, len(cards))
    day = _day_of(now)
    usage = store.usage_today(day)
    created = updated = 0
    items: list[dict[str, Any]] = []
    for card in cards:
        existing = store.by_offer_id(card["offer_id"]) if card["offer_id"] else None
        problems = check(card, existing) if check else check_card(card, seller=seller, world=world,
                                                                  existing=existing)
        refused = fatal(problems)
        if not refused:
            used = {"create": usage["create"] + created, "update": usage["update"] + updated}
            over = _over_quota(store, existing, world, used)
            if over is not None:
                problems.append(over)
                refused = True
        if refused:
            items.append(_refused(card, existing, problems))
            continue
        warnings = warnings_of(problems)
        product = apply(store, card, existing, world=world, now=now, warnings=warnings)
        created, updated = created + (existing is None), updated + (existing is not None)
        items.append({"offer_id": product.offer_id, "product_id": product.product_id, "errors": warnings,
                      "ok": True})
    store.count_usage(day, created, updated)
    task = Task(world.next_id("task", 172_549_792), kind, now, items)
    store.add_task(task)
    announce(world, seller, task)
    return task


def announce(world, seller, task: Task) -> None:
    """TYPE_CREATE_OR_UPDATE_ITEM per item, due when the task finishes processing (push_types)."""
    done_at = task.created_at + timing(world, "product_import_seconds")
    for item in task.items:
        emit(world, seller, {"message_type": "TYPE_CREATE_OR_UPDATE_ITEM", "seller_id": seller.client_id,
                             "offer_id": item["offer_id"], "product_id": item["product_id"],
                             "is_error": not item["ok"], "changed_at": stamp(done_at)},
             at=done_at)


def task_view(task: Task | None, now: float, world) -> dict[str, Any]:
    """`/v1/product/import/info` for one task (an unknown task reads as an empty one)."""
    if task is None:
        return {"result": {"items": [], "total": 0}}
    done_at = task.created_at + timing(world, "product_import_seconds")
    moderated_at = done_at + timing(world, "product_moderation_seconds")
    out = []
    for item in task.items:
        if task.kind == "v1":
            if now < done_at:
                status = "processing"
            elif not item["ok"]:
                status = "failed_validation"
            else:
                status = "moderating" if now < moderated_at else "processed"
        else:
            status = "pending" if now < done_at else ("imported" if item["ok"] else "failed")
        shown = now >= done_at
        out.append({"offer_id": item["offer_id"],
                    "product_id": item["product_id"] if shown else 0,
                    "status": status, "errors": [dict(e) for e in item["errors"]] if shown else []})
    return {"result": {"items": out, "total": len(out)}}
