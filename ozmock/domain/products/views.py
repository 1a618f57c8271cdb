"""Versioned views of one product model: every read method's shape, computed at read time.

Nothing here changes state; `now` (epoch seconds) decides the lifecycle phase, the SKU and the
visibility a view shows.
"""
from __future__ import annotations

from datetime import datetime, timezone
from functools import lru_cache
from typing import Any

from ...clock import iso
from ..catalogue.model import MODEL_ATTRIBUTE, catalogue
from .imports import DIMENSION_UNITS, WEIGHT_UNITS, model_id
from ..kit.money import price_float
from .model import Product, ProductStore, timing

LEGACY_STATE = {"processing": "processing", "moderating": "moderating", "ready": "processed"}
V3_STATUS = {
    "processing": ("imported", "", "pending", "Обрабатывается", "Товар обрабатывается после загрузки"),
    "moderating": ("moderating", "pending", "success", "На модерации", "Товар проходит модерацию"),
    "ready": ("price_sent", "approved", "success", "Готов к продаже", ""),
}


@lru_cache(maxsize=65536)
def stamp(seconds: float) -> str:
    """RFC 3339 with milliseconds; cached, as a batch of products shares its timestamps."""
    return iso(datetime.fromtimestamp(seconds, tz=timezone.utc))


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


# --- v3 / current ---------------------------------------------------------------------------------
def v3_list_item(product: Product, now: float) -> dict[str, Any]:
    return {"product_id": product.product_id, "offer_id": product.offer_id, "archived": product.archived,
            "has_fbo_stocks": product.fbo_present > 0,
            "has_fbs_stocks": product.fbs_present() > 0, "is_discounted": False, "quants": []}


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


def v3_statuses(product: Product, now: float, world, phase: str | None = None) -> dict[str, Any]:
    phase = phase or product.phase(now, world)
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
            "status_description": description, "is_created": product.is_created(now),
            "status_tooltip": "", "status_updated_at": stamp(updated)}


@lru_cache(maxsize=16)
def _v3_price_indexes(currency: str) -> dict[str, Any]:
    """Shared, never mutated: ozmock keeps no price index data."""
    data = {"minimal_price": "", "minimal_price_currency": currency, "price_index_value": 0.0}
    return {"color_index": "COLOR_INDEX_WITHOUT_INDEX", "external_index_data": data, "ozon_index_data": data,
            "self_marketplaces_index_data": data}


def v3_info_item(store: ProductStore, product: Product, now: float, world) -> dict[str, Any]:
    sku = product.visible_sku(now)
    phase = product.phase(now, world)
    has_stock, has_price = product.has_stock(), product.has_price()
    visible = not product.archived and phase == "ready" and has_price and has_stock
    price = price_float(product.price)
    stocks = []
    if sku:
        present = reserved = 0
        for shelf, held in product.stocks.values():
            present += shelf
            reserved += held
        stocks.append({"present": present, "reserved": reserved, "sku": sku, "source": "fbs"})
        if product.fbo_present:
            stocks.append({"present": product.fbo_present, "reserved": 0, "sku": sku, "source": "fbo"})
    main = main_image(product)
    commissions = []
    for scheme in ("FBO", "FBS", "RFBS"):
        percent = commission_percent(product, scheme)
        commissions.append({"sale_schema": scheme, "percent": percent, "value": round(price * percent / 100, 2),
                            "delivery_amount": 0.0, "return_amount": 0.0})
    sku_created = stamp(product.sku_at) if sku else ""
    return {
        "id": product.product_id, "offer_id": product.offer_id, "name": product.name, "sku": sku,
        "barcodes": list(product.barcodes), "description_category_id": product.description_category_id,
        "type_id": product.type_id, "created_at": stamp(product.created_at), "updated_at": stamp(product.updated_at),
        "currency_code": product.currency_code, "price": product.price,
        "old_price": product.old_price if product.old_price != "0" else "",
        "min_price": product.min_price if product.min_price != "0" else "", "vat": product.vat,
        "images": list(product.images), "images360": list(product.images360),
        "color_image": [product.color_image] if product.color_image else [],
        "primary_image": [main] if main else [],
        "is_archived": product.archived, "is_autoarchived": product.autoarchived, "is_discounted": False,
        "has_discounted_fbo_item": False, "discounted_fbo_stocks": 0, "is_kgt": is_kgt(product),
        "is_prepayment_allowed": product.prepayment, "is_super": False,
        "model_info": model_info(store, product), "statuses": v3_statuses(product, now, world, phase),
        "stocks": {"has_stock": has_stock, "stocks": stocks},
        "visibility_details": {"has_price": has_price, "has_stock": has_stock},
        "volume_weight": volume_weight(product), "errors": info_errors(product) if product.errors else [],
        "sources": [{"sku": sku, "source": "sds", "created_at": sku_created,
                     "shipment_type": "SHIPMENT_TYPE_GENERAL", "quant_code": ""}] if sku else [],
        "availabilities": [{"sku": sku, "source": "sds", "reasons": [],
                            "availability": "AVAILABLE" if visible else "UNAVAILABLE"}] if sku else [],
        "commissions": commissions, "price_indexes": _v3_price_indexes(product.currency_code),
        "promotions": [{"type": p.get("type") or "REVIEWS_PROMO", "is_enabled": p.get("operation") == "ENABLE"}
                       for p in product.promotions if (p.get("type") or "REVIEWS_PROMO") == "REVIEWS_PROMO"]
        if product.promotions else [],
    }


def attribute_rows(product: Product, *, id_key: str = "id", value_key: str = "dictionary_value_id",
                   complex_key: str | None = "complex_id") -> list[dict[str, Any]]:
    rows = []
    for attribute in product.attributes:
        row = {id_key: attribute["id"],
               "values": [{value_key: v["dictionary_value_id"], "value": v["value"]} for v in attribute["values"]]}
        if complex_key:
            row[complex_key] = attribute.get("complex_id", 0)
        rows.append(row)
    return rows


def complex_rows(product: Product, *, id_key: str = "id", value_key: str = "dictionary_value_id",
                 complex_key: str = "complex_id") -> list[dict[str, Any]]:
    return [{id_key: a["id"], complex_key: a["complex_id"],
             "values": [{value_key: v["dictionary_value_id"], "value": v["value"]} for v in a["values"]]}
            for group in product.complex_attributes for a in group["attributes"]]


def v4_attributes_item(store: ProductStore, product: Product, now: float) -> dict[str, Any]:
    sku = product.visible_sku(now)
    return {
        "id": product.product_id, "offer_id": product.offer_id, "name": product.name, "sku": str(sku),
        "barcode": product.barcodes[0] if product.barcodes else "", "barcodes": list(product.barcodes),
        "description_category_id": product.description_category_id, "type_id": product.type_id,
        "depth": product.depth, "height": product.height, "width": product.width,
        "dimension_unit": product.dimension_unit, "weight": product.weight, "weight_unit": product.weight_unit,
        "primary_image": main_image(product), "images": [i for i in all_images(product) if i != main_image(product)],
        "color_image": product.color_image, "model_info": model_info(store, product),
        "pdf_list": [{"file_name": p["src_url"], "name": p["name"]} for p in product.pdf_list],
        "attributes": attribute_rows(product), "complex_attributes": complex_rows(product),
        "attributes_with_defaults": [],
    }


def legacy_images(product: Product) -> list[dict[str, Any]]:
    return [{"file_name": url, "default": index == 0, "index": index} for index, url in enumerate(all_images(product))]


def v3_legacy_attributes_item(product: Product) -> dict[str, Any]:
    """`/v3/products/info/attributes` (and the singular path seed 002 writes)."""
    return {
        "id": product.product_id, "offer_id": product.offer_id, "name": product.name,
        "barcode": product.barcodes[0] if product.barcodes else "", "category_id": legacy_category(product),
        "depth": product.depth, "height": product.height, "width": product.width,
        "dimension_unit": product.dimension_unit, "weight": product.weight, "weight_unit": product.weight_unit,
        "image_group_id": product.image_group_id, "color_image": product.color_image,
        "images": legacy_images(product),
        "images360": [{"file_name": url, "index": i} for i, url in enumerate(product.images360)],
        "pdf_list": [{"file_name": p["src_url"], "index": p["index"], "name": p["name"]} for p in product.pdf_list],
        "attributes": attribute_rows(product, id_key="attribute_id"),
        "complex_attributes": [{"attributes": [
            {"attribute_id": a["id"], "complex_id": a["complex_id"],
             "values": [{"dictionary_value_id": v["dictionary_value_id"], "value": v["value"]} for v in a["values"]]}
            for a in group["attributes"]]} for group in product.complex_attributes],
    }


def v2_legacy_attributes_item(product: Product) -> dict[str, Any]:
    """`/v2/products/info/attributes`: camelCase inside, as seed 003 prints it."""
    item = v3_legacy_attributes_item(product)
    item.pop("color_image")
    item["attributes"] = attribute_rows(product, id_key="attributeId", value_key="dictionaryValueId",
                                        complex_key=None)
    item["complex_attributes"] = [{"attributes": [
        {"attributeId": a["id"], "complexId": a["complex_id"],
         "values": [{"dictionaryValueId": v["dictionary_value_id"], "value": v["value"]} for v in a["values"]]}
        for a in group["attributes"]]} for group in product.complex_attributes]
    return item


def description_view(product: Product) -> dict[str, Any]:
    return {"result": {"id": product.product_id, "offer_id": product.offer_id, "name": product.name,
                       "description": product.description}}


# --- legacy v1 / v2 product info ------------------------------------------------------------------
def _legacy_common(product: Product, now: float, world) -> dict[str, Any]:
    sku = product.visible_sku(now)
    return {
        "id": product.product_id, "offer_id": product.offer_id, "name": product.name,
        "barcode": product.barcodes[0] if product.barcodes else "", "category_id": legacy_category(product),
        "created_at": stamp(product.created_at), "images": all_images(product),
        "price": product.price, "old_price": product.old_price if product.old_price != "0" else "",
        "premium_price": product.premium_price if product.premium_price != "0" else "",
        "recommended_price": "", "buybox_price": "", "marketing_price": product.price,
        "min_ozon_price": "", "vat": product.vat, "state": LEGACY_STATE[product.phase(now, world)],
        "sources": [{"is_enabled": True, "sku": sku, "source": "fbs"}] if sku else [],
        "stocks": {"coming": 0, "present": product.fbs_present() + product.fbo_present,
                   "reserved": product.fbs_reserved()},
        "visible": product.visible(now, world),
        "visibility_details": {"has_price": product.has_price(), "has_stock": product.has_stock(),
                               "active_product": not product.archived},
    }


def v1_info(product: Product, now: float, world) -> dict[str, Any]:
    item = _legacy_common(product, now, world)
    item["sku"] = product.visible_sku(now)
    item["stock"] = item["stocks"]["present"] - item["stocks"]["reserved"]
    item["validation_errors"] = [{"code": e.get("code", ""), "field": e.get("field", ""), "error": e.get("message", "")}
                                 for e in product.errors if e.get("level") == "error"]
    return item


def v2_info(product: Product, now: float, world) -> dict[str, Any]:
    item = _legacy_common(product, now, world)
    item["price_index"] = ""
    item["errors"] = [{"attribute_id": e.get("attribute_id", 0), "code": e.get("code", ""),
                       "field": e.get("field", ""), "level": e.get("level", "error")} for e in product.errors]
    return item


# --- prices ---------------------------------------------------------------------------------------
def _commissions(product: Product) -> dict[str, float]:
    return {"sales_percent_fbo": commission_percent(product, "FBO"),
            "sales_percent_fbs": commission_percent(product, "FBS"),
            "sales_percent_rfbs": commission_percent(product, "RFBS"), "sales_percent_fbp": 0.0,
            "fbo_deliv_to_customer_amount": 0.0, "fbo_direct_flow_trans_max_amount": 0.0,
            "fbo_direct_flow_trans_min_amount": 0.0, "fbo_return_flow_amount": 0.0,
            "fbs_deliv_to_customer_amount": 0.0, "fbs_direct_flow_trans_max_amount": 0.0,
            "fbs_direct_flow_trans_min_amount": 0.0, "fbs_first_mile_max_amount": 0.0,
            "fbs_first_mile_min_amount": 0.0, "fbs_return_flow_amount": 0.0}


def _index_data(currency: str) -> dict[str, Any]:
    return {"min_price": 0.0, "min_price_currency": currency, "price_index_value": 0.0}


def v5_price_item(product: Product) -> dict[str, Any]:
    return {
        "product_id": product.product_id, "offer_id": product.offer_id,
        "price": {"price": price_float(product.price), "old_price": price_float(product.old_price),
                  "min_price": price_float(product.min_price), "net_price": price_float(product.net_price),
                  "marketing_seller_price": price_float(product.price), "retail_price": 0.0,
                  "vat": price_float(product.vat), "currency_code": product.currency_code,
                  "auto_action_enabled": product.auto_action_enabled,
                  "auto_add_to_ozon_actions_list_enabled": False},
        "price_indexes": {"color_index": "WITHOUT_INDEX", "external_index_data": _index_data(product.currency_code),
                          "ozon_index_data": _index_data(product.currency_code),
                          "self_marketplaces_index_data": _index_data(product.currency_code)},
        "commissions": _commissions(product), "marketing_actions": {"actions": [], "ozon_actions_exist": False},
        "acquiring": round(price_float(product.price) * 0.015, 2), "volume_weight": volume_weight(product),
    }


def v4_price_item(product: Product) -> dict[str, Any]:
    item = v5_price_item(product)
    item["price"] = {"price": product.price, "old_price": product.old_price, "premium_price": product.premium_price,
                     "recommended_price": "", "retail_price": "", "vat": product.vat, "min_ozon_price": "",
                     "marketing_price": product.price, "marketing_seller_price": product.price,
                     "min_price": product.min_price, "currency_code": product.currency_code,
                     "auto_action_enabled": product.auto_action_enabled}
    item["price_index"] = "0.00"
    item["marketing_actions"] = None
    return item


def v1_price_item(product: Product) -> dict[str, Any]:
    return {"product_id": product.product_id, "offer_id": product.offer_id, "price_index": "0.00",
            "price": {"price": product.price, "old_price": product.old_price, "premium_price": product.premium_price,
                      "recommended_price": "", "retail_price": "", "vat": product.vat, "buybox_price": "",
                      "min_ozon_price": "", "marketing_price": product.price}}


# --- stocks ---------------------------------------------------------------------------------------
def v4_stock_item(product: Product, now: float) -> dict[str, Any]:
    sku = product.visible_sku(now)
    stocks = [{"type": "fbs", "present": product.fbs_present(), "reserved": product.fbs_reserved(), "sku": sku,
               "shipment_type": "SHIPMENT_TYPE_GENERAL",
               "warehouse_ids": sorted(w for w, (present, _) in product.stocks.items() if present)}]
    stocks.append({"type": "fbo", "present": product.fbo_present, "reserved": 0, "sku": sku,
                   "shipment_type": "SHIPMENT_TYPE_GENERAL", "warehouse_ids": []})
    return {"product_id": product.product_id, "offer_id": product.offer_id, "stocks": stocks}


def v3_stock_item(product: Product) -> dict[str, Any]:
    return {"product_id": product.product_id, "offer_id": product.offer_id,
            "stocks": [{"type": "fbo", "present": product.fbo_present, "reserved": 0},
                       {"type": "fbs", "present": product.fbs_present(), "reserved": product.fbs_reserved()}]}


def v1_stock_item(product: Product) -> dict[str, Any]:
    return {"product_id": product.product_id, "offer_id": product.offer_id,
            "stock": {"coming": 0, "present": product.fbs_present() + product.fbo_present,
                      "reserved": product.fbs_reserved()}}


def warehouse_rows(product: Product, now: float, warehouses) -> list[dict[str, Any]]:
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


# --- pictures -------------------------------------------------------------------------------------
def pictures(product: Product) -> list[dict[str, Any]]:
    out = []
    for index, url in enumerate(all_images(product)):
        out.append({"product_id": product.product_id, "url": url, "is_primary": index == 0, "is_360": False,
                    "is_color": False, "state": "imported"})
    out += [{"product_id": product.product_id, "url": url, "is_primary": False, "is_360": True, "is_color": False,
             "state": "imported"} for url in product.images360]
    if product.color_image:
        out.append({"product_id": product.product_id, "url": product.color_image, "is_primary": False,
                    "is_360": False, "is_color": True, "state": "imported"})
    return out


def v2_pictures_item(product: Product) -> dict[str, Any]:
    main = main_image(product)
    return {"product_id": product.product_id, "primary_photo": [main] if main else [],
            "photo": [i for i in all_images(product) if i != main], "photo_360": list(product.images360),
            "color_photo": [product.color_image] if product.color_image else [], "errors": []}


def category_name(product: Product) -> str:
    category = catalogue().category(product.description_category_id)
    return category.ru if category else ""
