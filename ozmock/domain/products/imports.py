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

import zlib
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

from ...clock import day_start, iso
from ...errors import OzonError
from ..catalogue.model import Attribute, BRAND_ATTRIBUTE, DESCRIPTION_ATTRIBUTE, MODEL_ATTRIBUTE, TYPE_ATTRIBUTE, catalogue, value_fits
from ..kit.values import as_int, as_str, str_list
from ..kit.timings import limit
from ..kit.money import parse_price, parse_vat, price_text
from .model import Product, ProductStore, Task, timing

DIMENSION_UNITS = {"mm": 1.0, "cm": 10.0, "in": 25.4}
WEIGHT_UNITS = {"g": 0.001, "kg": 1.0, "lb": 0.45359237}
MAX_WEIGHT_KG = 1000
ERROR = "error"
WARNING = "warning"


def problem(code: str, message: str, *, field: str = "", attribute_id: int = 0, level: str = ERROR,
            attribute_name: str = "") -> dict[str, Any]:
    """One per-item error in the `/v1/product/import/info` shape."""
    return {"code": code, "field": field, "attribute_id": attribute_id, "state": "", "level": level,
            "description": "", "message": message, "attribute_name": attribute_name}


# --- canonical cards from each version's items ----------------------------------------------------
def _values(raw: Any) -> list[dict[str, Any]]:
    values = []
    for value in raw if isinstance(raw, list) else []:
        if isinstance(value, dict):
            values.append({"dictionary_value_id": as_int(value.get("dictionary_value_id")),
                           "value": as_str(value.get("value"))})
    return values


def _attributes(raw: Any) -> list[dict[str, Any]]:
    found = []
    for attribute in raw if isinstance(raw, list) else []:
        if isinstance(attribute, dict):
            found.append({"id": as_int(attribute.get("id")), "complex_id": as_int(attribute.get("complex_id")),
                          "values": _values(attribute.get("values"))})
    return found


def _complex(raw: Any) -> list[dict[str, Any]]:
    groups = []
    for group in raw if isinstance(raw, list) else []:
        if isinstance(group, dict):
            groups.append({"attributes": _attributes(group.get("attributes"))})
    return groups


def _pdfs(raw: Any) -> list[dict[str, Any]]:
    return [{"index": as_int(p.get("index")), "name": as_str(p.get("name")), "src_url": as_str(p.get("src_url"))}
            for p in (raw if isinstance(raw, list) else []) if isinstance(p, dict)]


def _common(item: dict[str, Any]) -> dict[str, Any]:
    barcode = as_str(item.get("barcode"))
    return {
        "offer_id": as_str(item.get("offer_id")), "name": as_str(item.get("name")),
        "barcodes": [barcode] if barcode else [],
        "images360": str_list(item.get("images360")), "color_image": as_str(item.get("color_image")),
        "pdf_list": _pdfs(item.get("pdf_list")),
        "depth": as_int(item.get("depth")), "height": as_int(item.get("height")), "width": as_int(item.get("width")),
        "dimension_unit": as_str(item.get("dimension_unit")), "weight": as_int(item.get("weight")),
        "weight_unit": as_str(item.get("weight_unit")),
        "price": as_str(item.get("price")), "old_price": as_str(item.get("old_price")),
        "premium_price": as_str(item.get("premium_price")), "currency_code": as_str(item.get("currency_code")),
        "vat": as_str(item.get("vat")),
    }


def card_v3(item: dict[str, Any]) -> dict[str, Any]:
    card = _common(item)
    card.update({
        "description_category_id": as_int(item.get("description_category_id")),
        "new_description_category_id": as_int(item.get("new_description_category_id")),
        "type_id": as_int(item.get("type_id")), "legacy_category_id": 0,
        "attributes": _attributes(item.get("attributes")),
        "complex_attributes": _complex(item.get("complex_attributes")),
        "images": str_list(item.get("images")), "primary_image": as_str(item.get("primary_image")),
        "service_type": as_str(item.get("service_type")) or "IS_CODE_SERVICE",
        "promotions": [{"type": as_str(p.get("type")) or "REVIEWS_PROMO", "operation": as_str(p.get("operation"))}
                       for p in (item.get("promotions") or []) if isinstance(p, dict)],
        "geo_names": str_list(item.get("geo_names")), "images_limit": "product_images_max",
    })
    return card


def _legacy_category(card: dict[str, Any], category_id: int) -> None:
    """A legacy `category_id` (a type leaf) as a (description category, type) pair."""
    pair = catalogue().legacy(category_id)
    card["legacy_category_id"] = category_id
    if pair is not None:
        card["description_category_id"], card["type_id"] = pair
    elif category_id in catalogue().categories:
        card["description_category_id"] = category_id
        type_value = next((a for a in card["attributes"] if a["id"] == TYPE_ATTRIBUTE and a["values"]), None)
        card["type_id"] = type_value["values"][0]["dictionary_value_id"] if type_value else 0
    else:
        card["description_category_id"], card["type_id"] = -1, -1


def card_v2(item: dict[str, Any]) -> dict[str, Any]:
    card = card_v3(item)
    card["images_limit"] = "product_images_legacy_max"
    card["image_group_id"] = as_str(item.get("image_group_id"))
    _legacy_category(card, as_int(item.get("category_id")))
    return card


def _legacy_attributes(raw: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """v1 attributes (`value`, `collection`, `complex`, `complex_collection`) in the current form;
    dictionary options arrive as option ids in `value` and are matched against the dictionary later."""
    plain, groups = [], []

    def values_of(entry: dict[str, Any]) -> list[dict[str, Any]]:
        texts = [as_str(entry.get("value"))] if entry.get("value") not in (None, "") else []
        texts += str_list(entry.get("collection"))
        return [{"dictionary_value_id": 0, "value": t, "option": True} for t in texts]

    for entry in raw if isinstance(raw, list) else []:
        if not isinstance(entry, dict):
            continue
        aid = as_int(entry.get("id"))
        if entry.get("complex") or entry.get("complex_collection"):
            rows = [entry.get("complex") or []] + [c.get("collection") or [] for c in entry.get("complex_collection") or []
                                                   if isinstance(c, dict)]
            for row in rows:
                attributes = [{"id": as_int(c.get("id")), "complex_id": aid, "values": values_of(c)}
                              for c in row if isinstance(c, dict)]
                if attributes:
                    groups.append({"attributes": attributes})
        else:
            plain.append({"id": aid, "complex_id": 0, "values": values_of(entry)})
    return plain, groups


def card_v1(item: dict[str, Any]) -> dict[str, Any]:
    card = _common(item)
    attributes, groups = _legacy_attributes(item.get("attributes"))
    images = [i for i in (item.get("images") or []) if isinstance(i, dict)]
    primary = next((as_str(i.get("file_name")) for i in images if i.get("default")), "")
    description = as_str(item.get("description"))
    if description and not any(a["id"] == DESCRIPTION_ATTRIBUTE for a in attributes):
        attributes.append({"id": DESCRIPTION_ATTRIBUTE, "complex_id": 0,
                           "values": [{"dictionary_value_id": 0, "value": description}]})
    vendor = as_str(item.get("vendor"))
    if vendor and not any(a["id"] == BRAND_ATTRIBUTE for a in attributes):
        attributes.append({"id": BRAND_ATTRIBUTE, "complex_id": 0,
                           "values": [{"dictionary_value_id": 0, "value": vendor}]})
    card.update({
        "attributes": attributes, "complex_attributes": groups, "new_description_category_id": 0,
        "images": [as_str(i.get("file_name")) for i in images if as_str(i.get("file_name")) != primary],
        "primary_image": primary, "service_type": "IS_CODE_SERVICE", "promotions": [], "geo_names": [],
        "description": description, "vendor": vendor, "vendor_code": as_str(item.get("vendor_code")),
        "images_limit": "product_images_legacy_max",
    })
    _legacy_category(card, as_int(item.get("category_id")))
    return card


# --- validation -----------------------------------------------------------------------------------
def _normalise_values(attribute: Attribute, values: list[dict[str, Any]], category_id: int,
                      language: str = "DEFAULT") -> tuple[list[dict[str, Any]], bool]:
    """Values with dictionary texts filled in; False when one is not in the dictionary / of the wrong kind."""
    dictionary = catalogue().dictionary_for(attribute, category_id)
    out = []
    for value in values:
        text, vid = value.get("value", ""), value.get("dictionary_value_id", 0)
        if dictionary is not None:
            if not vid and value.get("option") and text.strip().isdigit():
                vid = int(text.strip())
            found = dictionary.by_id.get(vid) if vid else None
            if found is None and not vid and text:
                needle = text.strip().casefold()
                found = next((v for v in dictionary.values if v.ru.casefold() == needle or v.en.casefold() == needle),
                             None)
            if found is None:
                return out, False
            out.append({"dictionary_value_id": found.id, "value": found.ru})
        else:
            if not value_fits(attribute, text):
                return out, False
            out.append({"dictionary_value_id": 0, "value": text})
    return out, True


def check_attributes(card: dict[str, Any], category_id: int, type_id: int, *,
                     partial: bool = False) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict]]:
    """(errors and warnings, normalised attributes, normalised complex groups) for a valid category/type.

    `partial` (attribute-only updates) skips the required-attribute check."""
    cat = catalogue()
    problems: list[dict[str, Any]] = []
    normalised: list[dict[str, Any]] = []
    allowed = {a.id: (a, required) for a, required in cat.attributes_for(category_id, type_id)}
    seen: set[int] = set()
    for attribute in card["attributes"]:
        aid = attribute["id"]
        if aid == TYPE_ATTRIBUTE:
            continue  # type_id takes priority over attribute 8229
        found = allowed.get(aid)
        if found is None or found[0].complex_id:
            problems.append(problem("attribute_not_found", f"attribute {aid} does not belong to category "
                                    f"{category_id} and type {type_id}; it was ignored",
                                    field="attributes", attribute_id=aid, level=WARNING))
            continue
        definition = found[0]
        seen.add(aid)
        if not attribute["values"] or all(not v["value"] and not v["dictionary_value_id"]
                                          for v in attribute["values"]):
            problems.append(problem("error_attribute_values_empty", f"attribute {aid} has no values",
                                    field="attributes", attribute_id=aid, attribute_name=definition.ru))
            continue
        if len(attribute["values"]) > 1 and not definition.is_collection:
            problems.append(problem("error_attribute_values_out_of_range",
                                    f"attribute {aid} takes a single value, got {len(attribute['values'])}",
                                    field="attributes", attribute_id=aid, attribute_name=definition.ru))
            continue
        values, ok = _normalise_values(definition, attribute["values"], category_id)
        if not ok:
            kind = "a value from its dictionary" if definition.dictionary else f"a {definition.type} value"
            problems.append(problem("error_attribute_values_out_of_range",
                                    f"attribute {aid} ({definition.en}) needs {kind}",
                                    field="attributes", attribute_id=aid, attribute_name=definition.ru))
            continue
        normalised.append({"id": aid, "complex_id": 0, "values": values})
    type_node = cat.types[type_id]
    normalised.insert(0, {"id": TYPE_ATTRIBUTE, "complex_id": 0,
                          "values": [{"dictionary_value_id": type_id, "value": type_node.ru}]})
    if not partial:
        for definition, required in allowed.values():
            if required and definition.id not in seen and definition.id != TYPE_ATTRIBUTE:
                problems.append(problem("EMPTY_REQUIRED", f"required attribute {definition.id} "
                                        f"({definition.en}) is not filled in", field="attributes",
                                        attribute_id=definition.id, attribute_name=definition.ru))
    groups: list[dict[str, Any]] = []
    for group in card["complex_attributes"]:
        kept = []
        for attribute in group["attributes"]:
            found = allowed.get(attribute["id"])
            if found is None or not found[0].complex_id:
                problems.append(problem("attribute_not_found", f"complex attribute {attribute['id']} does not "
                                        "belong to this category and type; it was ignored", field="complex_attributes",
                                        attribute_id=attribute["id"], level=WARNING))
                continue
            values, ok = _normalise_values(found[0], attribute["values"], category_id)
            if not ok or not values:
                problems.append(problem("error_attribute_values_out_of_range",
                                        f"complex attribute {attribute['id']} has an invalid value",
                                        field="complex_attributes", attribute_id=attribute["id"],
                                        attribute_name=found[0].ru))
                continue
            kept.append({"id": attribute["id"], "complex_id": found[0].complex_id, "values": values})
        if kept:
            groups.append({"attributes": kept})
    return problems, normalised, groups


def check_card(card: dict[str, Any], *, seller, world, existing: Product | None) -> list[dict[str, Any]]:
    """Every documented rule for one import item; fills the card's normalised fields on the way."""
    cat = catalogue()
    problems: list[dict[str, Any]] = []
    offer_id, name = card["offer_id"], card["name"]
    if not offer_id.strip():
        problems.append(problem("EMPTY_REQUIRED", "offer_id is required", field="offer_id"))
    elif len(offer_id) > 50:
        problems.append(problem("offer_id_too_long", "offer_id is longer than 50 characters", field="offer_id"))
    if not name.strip():
        problems.append(problem("EMPTY_REQUIRED", "name is required", field="name"))
    elif len(name) > 500:
        problems.append(problem("name_too_long", "name is longer than 500 characters", field="name"))

    # category and type
    category_id, type_id = card["description_category_id"], card["type_id"]
    category_field = "category_id" if card.get("legacy_category_id") else "description_category_id"
    if card.get("new_description_category_id"):
        category_id = card["new_description_category_id"]
    category_ok = False
    if category_id == 0:
        problems.append(problem("description_category_is_empty", "description_category_id is required",
                                field=category_field))
    elif type_id == 0:
        problems.append(problem("description_type_is_empty", "type_id is required", field="type_id"))
    elif category_id < 0 or cat.category(category_id) is None or cat.category(category_id).level != 2:
        problems.append(problem("description_category_invalid", f"category {card.get('legacy_category_id') or category_id}"
                                " is not a last-level category of the tree", field=category_field))
    elif cat.type_in(category_id, type_id) is None:
        problems.append(problem("description_category_has_no_description_type",
                                f"type {type_id} does not belong to category {category_id}", field="type_id"))
    elif cat.type_in(category_id, type_id).disabled:
        problems.append(problem("description_category_is_legacy",
                                f"products cannot be created in category {category_id} with type {type_id}",
                                field=category_field))
    elif (existing is not None and not card.get("new_description_category_id")
          and card["description_category_id"] != existing.description_category_id):
        problems.append(problem("description_category_immutable",
                                "the category of an existing product cannot be changed this way; "
                                "send new_description_category_id", field=category_field))
    else:
        category_ok = True
    card["effective_category_id"] = category_id
    if category_ok:
        found, attributes, groups = check_attributes(card, category_id, type_id)
        problems += found
        card["attributes"], card["complex_attributes"] = attributes, groups

    # dimensions and weight
    for name_ in ("depth", "height", "width", "weight"):
        if card[name_] <= 0:
            problems.append(problem("missing_dimension", f"{name_} must be a real value greater than 0",
                                    field=name_))
    if card["dimension_unit"] not in DIMENSION_UNITS:
        problems.append(problem("missing_dimension", "dimension_unit must be one of mm, cm, in",
                                field="dimension_unit"))
    if card["weight_unit"] not in WEIGHT_UNITS:
        problems.append(problem("missing_dimension", "weight_unit must be one of g, kg, lb", field="weight_unit"))
    elif card["weight"] * WEIGHT_UNITS[card["weight_unit"]] > MAX_WEIGHT_KG:
        problems.append(problem("VALUE_MAX_LIMIT", "weight is over 1000 kg", field="weight"))

    # images
    images_max = int(limit(world, card.get("images_limit", "product_images_max")))
    allowed_images = images_max - 1 if card["primary_image"] else images_max
    if len(card["images"]) > allowed_images:
        problems.append(problem("images_count_exceeded", f"at most {allowed_images} images"
                                + (" besides primary_image" if card["primary_image"] else ""), field="images"))
    images360_max = int(limit(world, "product_images360_max"))
    if len(card["images360"]) > images360_max:
        problems.append(problem("images360_count_exceeded", f"at most {images360_max} images360",
                                field="images360"))

    # prices, VAT, currency
    price = parse_price(card["price"])
    if card["price"].strip() and price is None:
        problems.append(problem("price_invalid", "price must be a decimal number with a point and at most "
                                "two decimal places", field="price"))
    elif price is None or price <= 0:
        problems.append(problem("price_is_negative", "price must be given and greater than 0", field="price"))
    for field_ in ("old_price", "premium_price"):
        raw = card[field_].strip()
        if raw and parse_price(raw) is None:
            problems.append(problem("price_invalid", f"{field_} must be a decimal number with a point and at most "
                                    "two decimal places", field=field_))
    old_price = parse_price(card["old_price"]) if card["old_price"].strip() else Decimal(0)
    if price is not None and price > 0 and old_price and old_price > 0 and old_price <= price:
        problems.append(problem("old_price_less_than_price", "old_price must be greater than price",
                                field="old_price"))
    vat = parse_vat(card["vat"])
    if vat is None:
        problems.append(problem("vat_invalid", "vat must be one of 0, 0.05, 0.07, 0.1, 0.2, 0.22", field="vat"))
    else:
        card["vat"] = vat
    currency = card["currency_code"] or "RUB"
    if currency != seller.currency:
        problems.append(problem("currency_code_invalid", f"currency_code must be the account currency "
                                f"{seller.currency}", field="currency_code"))
    card["currency_code"] = currency
    return problems


def fatal(problems: list[dict[str, Any]]) -> bool:
    return any(p["level"] == ERROR for p in problems)


# --- applying -------------------------------------------------------------------------------------
def model_id(text: str, product_id: int) -> int:
    return zlib.crc32(text.encode()) & 0x7FFFFFFF if text else product_id


def apply_card(store: ProductStore, card: dict[str, Any], existing: Product | None, *, world, now: float,
               warnings: list[dict[str, Any]]) -> Product:
    """Create or replace a product from a checked card; it goes (back) through moderation."""
    ready_after = timing(world, "product_import_seconds") + timing(world, "product_moderation_seconds")
    fields = {
        "name": card["name"], "description_category_id": card["effective_category_id"], "type_id": card["type_id"],
        "legacy_category_id": card.get("legacy_category_id") or 0,
        "attributes": card["attributes"], "complex_attributes": card["complex_attributes"],
        "images": card["images"], "images360": card["images360"], "primary_image": card["primary_image"],
        "color_image": card["color_image"], "pdf_list": card["pdf_list"],
        "depth": card["depth"], "height": card["height"], "width": card["width"],
        "dimension_unit": card["dimension_unit"], "weight": card["weight"], "weight_unit": card["weight_unit"],
        "price": price_text(parse_price(card["price"])),
        "old_price": price_text(parse_price(card["old_price"]) or 0) if card["old_price"].strip() else "0",
        "premium_price": price_text(parse_price(card["premium_price"]) or 0) if card["premium_price"].strip() else "0",
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
    if existing is None:
        product_id = world.next_id("product", 300_000_000)
        product = Product(product_id=product_id, offer_id=card["offer_id"], created_at=now,
                          sku=world.next_id("sku", 1_400_000_000), sku_at=now + ready_after,
                          source=card.get("source", "import"), **fields)
        store.add(product)
        return product
    old_model = existing.attribute_text(MODEL_ATTRIBUTE)
    for name, value in fields.items():
        if name == "barcodes":
            value = list(dict.fromkeys(existing.barcodes + value))
        setattr(existing, name, value)
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
    recent = [(t, n) for t, n in store.item_ops if t > now - 60]
    used = sum(n for _, n in recent)
    if used + items > per_minute:
        raise OzonError(8, "item limit per minute exceeded", headers={
            "Item-Retry-After": "1", "Item-Rate-Limit-Remaining": str(max(per_minute - used, 0))})
    store.item_ops = recent + [(now, items)]


def submit(store: ProductStore, cards: list[dict[str, Any]], *, kind: str, seller, world, now: float,
           check=None) -> Task:
    """Check and apply a batch in order (a later item sees the earlier ones) and record the task.

    `check(card, existing) -> problems` replaces the full card check for partial updates."""
    check_rate_per_minute(store, world, now, len(cards))
    day = day_start(world.clock.now()).timestamp()
    usage = store.usage_today(day)
    daily_create, daily_update = limit(world, "products_daily_create"), limit(world, "products_daily_update")
    total = limit(world, "products_total")
    created = updated = 0
    items: list[dict[str, Any]] = []
    for card in cards:
        existing = store.by_offer_id(card["offer_id"]) if card["offer_id"] else None
        problems = check(card, existing) if check else check_card(card, seller=seller, world=world,
                                                                  existing=existing)
        if not fatal(problems):
            if existing is None and daily_create is not None and usage["create"] + created >= daily_create:
                problems.append(problem("item_limit_exceeded", "daily limit on product creation exceeded"))
            elif existing is None and total is not None and store.active >= total:
                problems.append(problem("item_limit_exceeded", "total assortment limit exceeded"))
            elif existing is not None and daily_update is not None and usage["update"] + updated >= daily_update:
                problems.append(problem("item_limit_exceeded", "daily limit on product updates exceeded"))
        if fatal(problems):
            if existing is not None:
                existing.errors = [dict(p) for p in problems]
                existing.failed = True
            items.append({"offer_id": card["offer_id"], "product_id": existing.product_id if existing else 0,
                          "errors": problems, "ok": False})
            continue
        warnings = [p for p in problems if p["level"] != ERROR]
        apply = card.get("apply") or apply_card
        product = apply(store, card, existing, world=world, now=now, warnings=warnings)
        if existing is None:
            created += 1
        else:
            updated += 1
        items.append({"offer_id": product.offer_id, "product_id": product.product_id, "errors": warnings,
                      "ok": True})
    store.count_usage(day, created, updated)
    task = Task(world.next_id("task", 172_549_792), kind, now, items)
    store.tasks[task.task_id] = task
    announce(world, seller, task)
    return task


def announce(world, seller, task: Task) -> None:
    """TYPE_CREATE_OR_UPDATE_ITEM per item, due when the task finishes processing (push_types)."""
    from ..push.delivery import emit

    done_at = task.created_at + timing(world, "product_import_seconds")
    for item in task.items:
        emit(world, seller, {"message_type": "TYPE_CREATE_OR_UPDATE_ITEM", "seller_id": seller.client_id,
                             "offer_id": item["offer_id"], "product_id": item["product_id"],
                             "is_error": not item["ok"], "changed_at": iso(datetime.fromtimestamp(done_at, timezone.utc))},
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
