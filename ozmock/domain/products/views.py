"""Versioned views of one product model: every read method's record, computed at read time.

A view returns one canonical record per product and the pipeline shapes it through the answering
operation's schema, so versions that differ only in which fields they carry share one record
(v1/v2/v3 list items, v1/v2 legacy info). Versions that rename fields are field maps over one
record (`version_view`, the attribute key sets); code stays where a version computes something of
its own. Nothing here changes state; `now` (epoch seconds) decides the lifecycle phase, the SKU and
the visibility a view shows.
"""
from __future__ import annotations

import math
import zlib
from functools import lru_cache
from typing import Any, Callable, Mapping, NamedTuple

import orjson

from ..catalogue.model import MODEL_ATTRIBUTE, catalogue
from ..kit.dates import stamp
from ..kit.money import price_float
from .model import DIMENSION_UNITS, WEIGHT_UNITS, Product, ProductStore, timing

LEGACY_STATE = {"processing": "processing", "moderating": "moderating", "ready": "processed"}
V3_STATUS = {
    "processing": ("imported", "", "pending", "Обрабатывается", "Товар обрабатывается после загрузки"),
    "moderating": ("moderating", "pending", "success", "На модерации", "Товар проходит модерацию"),
    "ready": ("price_sent", "approved", "success", "Готов к продаже", ""),
}


# A version's field map: version field -> the canonical field it copies, or a function of the record.
FieldMap = Mapping[str, "str | Callable[[dict[str, Any]], Any]"]


def version_view(record: dict[str, Any], fields: FieldMap) -> dict[str, Any]:
    """The canonical record with a version's renamed or recomputed fields; the shaper drops the rest."""
    view = dict(record)
    for name, source in fields.items():
        view[name] = record[source] if isinstance(source, str) else source(record)
    return view


def kg(product: Product) -> float:
    return product.weight * WEIGHT_UNITS.get(product.weight_unit, 0.001)


def volume_litres(product: Product) -> float:
    side = DIMENSION_UNITS.get(product.dimension_unit, 1.0)
    return round(product.depth * product.width * product.height * side ** 3 / 1_000_000, 3)


def volume_weight(product: Product) -> float:
    return round(max(volume_litres(product) / 5, kg(product)), 3)


def is_kgt(product: Product) -> bool:
    """Bulky goods: over 25 kg or a side over 1.2 m (Ozon's KGT threshold, as ozmock applies it)."""
    side = DIMENSION_UNITS.get(product.dimension_unit, 1.0)
    return kg(product) > 25 or max(product.depth, product.width, product.height) * side > 1200


def commission_percent(product: Product, scheme: str) -> float:
    base = 8 + product.description_category_id % 9
    return float(base + (2 if scheme == "FBS" else 0) + (3 if scheme == "RFBS" else 0))


def model_id(text: str, product_id: int) -> int:
    """The card group of a model name (attribute 9048); a product without one is its own group."""
    return zlib.crc32(text.encode()) & 0x7FFFFFFF if text else product_id


def model_info(store: ProductStore, product: Product) -> dict[str, int]:
    key = product.attribute_text(MODEL_ATTRIBUTE)
    if not key:
        return {"model_id": product.product_id, "count": 1}
    return {"model_id": model_id(key, product.product_id), "count": max(store.models.get(key, 1), 1)}


def main_image(product: Product) -> str:
    return product.primary_image or (product.images[0] if product.images else "")


def all_images(product: Product) -> list[str]:
    primary = product.primary_image
    return ([primary] if primary else []) + [i for i in product.images if i != primary]


def legacy_category(product: Product) -> int:
    return product.legacy_category_id or product.type_id


def category_name(product: Product) -> str:
    category = catalogue().category(product.description_category_id)
    return category.ru if category else ""


def legacy_stock(product: Product) -> dict[str, int]:
    """Stock as the legacy methods total it: every warehouse and FBO together."""
    return {"coming": 0, "present": product.fbs_present() + product.fbo_present, "reserved": product.fbs_reserved()}


def _or_empty(price: str) -> str:
    """A stored price as the card methods show it: an unset one ("0") reads as ""."""
    return price if price != "0" else ""


# --- lists and the current info -------------------------------------------------------------------
class Kept:
    """A product's `/v3/product/info/list` item kept between reads (`Product.view`, dropped when the
    product changes) with what it was built for beside the product (`info_items`)."""

    __slots__ = ("info", "built_for", "shown_from", "shown_until", "model_text", "model_cards")

    def __init__(self, info: Any, built_for: tuple, shown_from: float, shown_until: float, model_text: str,
                 model_cards: int | None):
        self.info = info
        self.built_for = built_for                                    # (import timing, moderation timing, encoded)
        self.shown_from, self.shown_until = shown_from, shown_until   # while the phase and SKU shown hold
        self.model_text, self.model_cards = model_text, model_cards   # its model, the store's count of it


def fragment(record: dict[str, Any]) -> orjson.Fragment:
    """A record as the JSON its answer will carry, encoded once: the encoder copies it as it is. Kept
    as a copy of its own size: orjson's output is a larger buffer shrunk in place, and a thousand of
    them kept alive made each next allocation slow (a list page of 1,000 new items: 1.7 ms more)."""
    return orjson.Fragment(bytes(memoryview(orjson.dumps(record))))


def list_item(product: Product, now: float) -> dict[str, Any]:
    """One item of `/v3/product/list`; v2 and v1 lists carry its `product_id` and `offer_id` only."""
    return {"product_id": product.product_id, "offer_id": product.offer_id, "sku": product.visible_sku(now),
            "archived": product.archived,
            "has_fbo_stocks": product.fbo_present > 0,
            "has_fbs_stocks": product.fbs_present() > 0, "is_discounted": False, "quants": []}


def encoded_list_items(products: list[Product], now: float) -> list[orjson.Fragment]:
    """`list_item` of each product as encoded JSON, encoded once and reused until the product changes
    or its SKU shows (all the item reads beside the product): kept as `Product.listed`, (SKU, item)."""
    items = []
    for product in products:
        sku, listed = product.visible_sku(now), product.listed
        if listed is None or listed[0] != sku:
            listed = (sku, fragment(list_item(product, now)))
            object.__setattr__(product, "listed", listed)
        items.append(listed[1])
    return items


def info_errors(product: Product) -> list[dict[str, Any]]:
    out = []
    for error in product.errors:
        level = "ERROR_LEVEL_ERROR" if error.get("level") == "error" else "ERROR_LEVEL_WARNING"
        out.append({"attribute_id": error.get("attribute_id", 0), "code": error.get("code", ""),
                    "field": error.get("field", ""), "level": level, "state": error.get("state", ""),
                    "texts": {"attribute_name": error.get("attribute_name", ""), "description": error.get("message", ""),
                              "hint_code": "", "message": error.get("message", ""), "params": [],
                              "short_description": error.get("code", "")}})
    return out


def info_statuses(product: Product, sku: int, world, phase: str) -> dict[str, Any]:
    status, moderate, validation, name, description = V3_STATUS[phase]
    if product.failed:
        validation = "fail"
    updated = product.submitted_at
    if phase != "processing":
        updated += timing(world, "product_import_seconds")
    if phase == "ready":
        updated += timing(world, "product_moderation_seconds")
    return {"status": status, "status_failed": "failed_validation" if product.failed else "",
            "moderate_status": moderate, "validation_status": validation, "status_name": name,
            "status_description": description, "is_created": sku != 0,
            "status_tooltip": "", "status_updated_at": stamp(updated)}


@lru_cache(maxsize=16)
def _info_price_indexes(currency: str) -> dict[str, Any]:
    """Shared, never mutated: ozmock keeps no price index data."""
    data = {"minimal_price": "", "minimal_price_currency": currency, "price_index_value": 0.0}
    return {"color_index": "COLOR_INDEX_WITHOUT_INDEX", "external_index_data": data, "ozon_index_data": data,
            "self_marketplaces_index_data": data}


def _info_stocks(product: Product, sku: int) -> list[dict[str, Any]]:
    """FBS stock over every warehouse, then FBO when there is any; none before the SKU shows."""
    if not sku:
        return []
    present, reserved = product.fbs_present(), product.fbs_reserved()
    stocks = [{"present": present, "reserved": reserved, "sku": sku, "source": "fbs"}]
    if product.fbo_present:
        stocks.append({"present": product.fbo_present, "reserved": 0, "sku": sku, "source": "fbo"})
    return stocks


def _info_commissions(product: Product) -> list[dict[str, Any]]:
    price = price_float(product.price)
    return [{"sale_schema": scheme, "percent": percent, "value": round(price * percent / 100, 2),
             "delivery_amount": 0.0, "return_amount": 0.0}
            for scheme in ("FBO", "FBS", "RFBS") for percent in (commission_percent(product, scheme),)]


def _info_sku_rows(product: Product, sku: int, visible: bool) -> dict[str, list[dict[str, Any]]]:
    if not sku:
        return {"sources": [], "availabilities": []}
    return {"sources": [{"sku": sku, "source": "sds", "created_at": stamp(product.sku_at),
                         "shipment_type": "SHIPMENT_TYPE_GENERAL", "quant_code": ""}],
            "availabilities": [{"sku": sku, "source": "sds", "reasons": [],
                                "availability": "AVAILABLE" if visible else "UNAVAILABLE"}]}


def info_items(store: ProductStore, products: list[Product], now: float, world, *,
               encoded: bool) -> list[Any]:
    """The items of `/v3/product/info/list`, each built once and reused until the product changes (any
    field assigned or `Product.changed()`) or what the record reads beside the product does: the
    phase and the SKU shown (constant between the instants where either turns), the phase timings,
    the count of cards sharing its model. `encoded`: each item as the JSON the answer carries (an
    `orjson.Fragment`, so the reused item is not encoded again); else the record itself (strict mode
    validates the answer's tree). Reused items go straight to the encoder and are never edited."""
    imported, moderated = timing(world, "product_import_seconds"), timing(world, "product_moderation_seconds")
    built_for = (imported, moderated, encoded)
    models = store.models
    items = []
    for product in products:
        kept = product.view
        if (kept is None or kept.built_for != built_for or not kept.shown_from <= now < kept.shown_until
                or models.get(kept.model_text) != kept.model_cards):
            kept = _kept_info(store, product, now, world, built_for)
        items.append(kept.info)
    return items


def _kept_info(store: ProductStore, product: Product, now: float, world, built_for: tuple) -> Kept:
    """Build the product's info item at `now` and keep it with the span of time it holds for: from the
    last turn of its phase or shown SKU at or before `now` to the next one."""
    imported, moderated, encoded = built_for
    phase, sku = product.phase_with(now, imported, moderated), product.visible_sku(now)
    model = model_info(store, product)
    record = build_info_item(product, sku, phase, model, world)
    turns = (product.submitted_at + imported, product.submitted_at + imported + moderated) \
        + ((product.sku_at,) if product.sku else ())
    shown_from = max((t for t in turns if t <= now), default=-math.inf)
    shown_until = min((t for t in turns if t > now), default=math.inf)
    model_text = product.attribute_text(MODEL_ATTRIBUTE)
    kept = Kept(fragment(record) if encoded else record, built_for, shown_from, shown_until, model_text,
                store.models.get(model_text))
    object.__setattr__(product, "view", kept)
    store.note_view(product)
    return kept


def build_info_item(product: Product, sku: int, phase: str, model: dict[str, int], world) -> dict[str, Any]:
    """The record `info_items` reuses, from the product and what it read at the call's instant."""
    has_stock, has_price = product.has_stock(), product.has_price()
    visible = not product.archived and phase == "ready" and has_price and has_stock
    main = main_image(product)
    return {
        "id": product.product_id, "offer_id": product.offer_id, "name": product.name, "sku": sku,
        "barcodes": list(product.barcodes), "description_category_id": product.description_category_id,
        "type_id": product.type_id, "created_at": stamp(product.created_at), "updated_at": stamp(product.updated_at),
        "currency_code": product.currency_code, "price": product.price, "old_price": _or_empty(product.old_price),
        "declared_price": {"amount": product.declared_price or "0", "currency": product.currency_code},
        "min_price": _or_empty(product.min_price), "vat": product.vat,
        "images": list(product.images), "images360": list(product.images360),
        "color_image": [product.color_image] if product.color_image else [],
        "primary_image": [main] if main else [],
        "is_archived": product.archived, "is_autoarchived": product.autoarchived, "is_discounted": False,
        "has_discounted_fbo_item": False, "discounted_fbo_stocks": 0, "is_kgt": is_kgt(product),
        "is_prepayment_allowed": product.prepayment, "is_super": False,
        "model_info": model, "statuses": info_statuses(product, sku, world, phase),
        "stocks": {"has_stock": has_stock, "stocks": _info_stocks(product, sku)},
        "visibility_details": {"has_price": has_price, "has_stock": has_stock},
        "volume_weight": volume_weight(product), "errors": info_errors(product) if product.errors else [],
        **_info_sku_rows(product, sku, visible),
        "commissions": _info_commissions(product), "price_indexes": _info_price_indexes(product.currency_code),
        "promotions": [{"type": p.get("type") or "REVIEWS_PROMO", "is_enabled": p.get("operation") == "ENABLE"}
                       for p in product.promotions if (p.get("type") or "REVIEWS_PROMO") == "REVIEWS_PROMO"],
    }


# --- attributes -----------------------------------------------------------------------------------
class AttributeKeys(NamedTuple):
    """How a version spells an attribute row's fields (the rows are otherwise the same)."""

    id: str
    complex_id: str
    value_id: str


CURRENT_KEYS = AttributeKeys("id", "complex_id", "dictionary_value_id")        # v4
SNAKE_KEYS = AttributeKeys("attribute_id", "complex_id", "dictionary_value_id")  # v3 legacy
CAMEL_KEYS = AttributeKeys("attributeId", "complexId", "dictionaryValueId")      # v2 legacy (seed 003)


def attribute_row(attribute: dict[str, Any], keys: AttributeKeys) -> dict[str, Any]:
    return {keys.id: attribute["id"], keys.complex_id: attribute.get("complex_id", 0),
            "values": [{keys.value_id: v["dictionary_value_id"], "value": v["value"]} for v in attribute["values"]]}


def attributes_item(store: ProductStore, product: Product, now: float) -> dict[str, Any]:
    """One item of `/v4/product/info/attributes`: complex attributes as one flat list."""
    sku = product.visible_sku(now)
    main = main_image(product)
    return {
        "id": product.product_id, "offer_id": product.offer_id, "name": product.name, "sku": str(sku),
        "barcode": product.barcodes[0] if product.barcodes else "", "barcodes": list(product.barcodes),
        "description_category_id": product.description_category_id, "type_id": product.type_id,
        "depth": product.depth, "height": product.height, "width": product.width,
        "dimension_unit": product.dimension_unit, "weight": product.weight, "weight_unit": product.weight_unit,
        "primary_image": main, "images": [i for i in all_images(product) if i != main],
        "color_image": product.color_image, "model_info": model_info(store, product),
        "pdf_list": [{"file_name": p["src_url"], "name": p["name"]} for p in product.pdf_list],
        "attributes": [attribute_row(a, CURRENT_KEYS) for a in product.attributes],
        "complex_attributes": [attribute_row(a, CURRENT_KEYS)
                               for group in product.complex_attributes for a in group["attributes"]],
        "attributes_with_defaults": [],
    }


def legacy_images(product: Product) -> list[dict[str, Any]]:
    return [{"file_name": url, "default": index == 0, "index": index} for index, url in enumerate(all_images(product))]


def legacy_attributes_item(product: Product, keys: AttributeKeys) -> dict[str, Any]:
    """`/v3/products/info/attributes` (and the singular path seed 002 writes) with `SNAKE_KEYS`,
    `/v2/products/info/attributes` with `CAMEL_KEYS`: complex attributes grouped."""
    return {
        "id": product.product_id, "offer_id": product.offer_id, "name": product.name,
        "barcode": product.barcodes[0] if product.barcodes else "", "category_id": legacy_category(product),
        "depth": product.depth, "height": product.height, "width": product.width,
        "dimension_unit": product.dimension_unit, "weight": product.weight, "weight_unit": product.weight_unit,
        "image_group_id": product.image_group_id, "color_image": product.color_image,
        "images": legacy_images(product),
        "images360": [{"file_name": url, "index": i} for i, url in enumerate(product.images360)],
        "pdf_list": [{"file_name": p["src_url"], "index": p["index"], "name": p["name"]} for p in product.pdf_list],
        "attributes": [attribute_row(a, keys) for a in product.attributes],
        "complex_attributes": [{"attributes": [attribute_row(a, keys) for a in group["attributes"]]}
                               for group in product.complex_attributes],
    }


def description_view(product: Product) -> dict[str, Any]:
    return {"result": {"id": product.product_id, "offer_id": product.offer_id, "name": product.name,
                       "description": product.description}}


# --- legacy v1 / v2 product info ------------------------------------------------------------------
def legacy_info(product: Product, now: float, world) -> dict[str, Any]:
    """`/v1/product/info` and `/v2/product/info[/list]`: one record, each version's schema keeps its
    own fields (v1: `sku`, `stock`, `validation_errors`; v2: `price_index`, `errors`)."""
    sku = product.visible_sku(now)
    stocks = legacy_stock(product)
    return {
        "id": product.product_id, "offer_id": product.offer_id, "name": product.name,
        "barcode": product.barcodes[0] if product.barcodes else "", "category_id": legacy_category(product),
        "created_at": stamp(product.created_at), "images": all_images(product),
        "price": product.price, "old_price": _or_empty(product.old_price),
        "premium_price": _or_empty(product.premium_price),
        "recommended_price": "", "buybox_price": "", "marketing_price": product.price,
        "min_ozon_price": "", "vat": product.vat, "state": LEGACY_STATE[product.phase(now, world)],
        "sources": [{"is_enabled": True, "sku": sku, "source": "fbs"}] if sku else [],
        "stocks": stocks, "visible": product.visible(now, world),
        "visibility_details": {"has_price": product.has_price(), "has_stock": product.has_stock(),
                               "active_product": not product.archived},
        "sku": sku, "stock": stocks["present"] - stocks["reserved"],
        "validation_errors": [{"code": e.get("code", ""), "field": e.get("field", ""), "error": e.get("message", "")}
                              for e in product.errors if e.get("level") == "error"],
        "price_index": "",
        "errors": [{"attribute_id": e.get("attribute_id", 0), "code": e.get("code", ""),
                    "field": e.get("field", ""), "level": e.get("level", "error")} for e in product.errors],
    }
