"""Canonical cards: every version's import item (and the by-SKU copy and the legacy card edit)
turned into one card dict, so checking and applying a product never depends on the version that
sent it. A card carries `images_limit`, the limit key its version's image rule reads."""
from __future__ import annotations

from typing import Any

from ..catalogue.model import BRAND_ATTRIBUTE, DESCRIPTION_ATTRIBUTE, TYPE_ATTRIBUTE, catalogue
from ..kit.values import as_int, as_str, str_list
from .model import Product


def attributes_of(raw: Any) -> list[dict[str, Any]]:
    """A card's attributes with their values, in one walk (a seeded card has about nine). An absent
    number or text is read from its zero value, which the readers take on their fast path."""
    found = []
    for attribute in raw if isinstance(raw, list) else []:
        if isinstance(attribute, dict):
            values = []
            sent = attribute.get("values")
            for value in sent if isinstance(sent, list) else []:
                if isinstance(value, dict):
                    values.append({"dictionary_value_id": as_int(value.get("dictionary_value_id", 0)),
                                   "value": as_str(value.get("value", ""))})
            found.append({"id": as_int(attribute.get("id", 0)), "complex_id": as_int(attribute.get("complex_id", 0)),
                          "values": values})
    return found


def _complex(raw: Any) -> list[dict[str, Any]]:
    groups = []
    for group in raw if isinstance(raw, list) else []:
        if isinstance(group, dict):
            groups.append({"attributes": attributes_of(group.get("attributes"))})
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
        "attributes": attributes_of(item.get("attributes")),
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


def copy_card(source: Product, item: dict[str, Any]) -> dict[str, Any]:
    """`/v1/product/import-by-sku`: another seller's card under the caller's offer_id, name and prices."""
    return {
        "offer_id": as_str(item.get("offer_id")), "name": as_str(item.get("name")) or source.name,
        "description_category_id": source.description_category_id, "new_description_category_id": 0,
        "type_id": source.type_id, "legacy_category_id": 0,
        "attributes": [dict(a, values=[dict(v) for v in a["values"]]) for a in source.attributes],
        "complex_attributes": [{"attributes": list(g["attributes"])} for g in source.complex_attributes],
        "barcodes": [], "images": list(source.images), "images360": list(source.images360),
        "primary_image": source.primary_image, "color_image": source.color_image, "pdf_list": list(source.pdf_list),
        "depth": source.depth, "height": source.height, "width": source.width,
        "dimension_unit": source.dimension_unit, "weight": source.weight, "weight_unit": source.weight_unit,
        "price": as_str(item.get("price")), "old_price": as_str(item.get("old_price")), "premium_price": "",
        "currency_code": as_str(item.get("currency_code")), "vat": as_str(item.get("vat")),
        "service_type": "IS_CODE_SERVICE", "promotions": [], "geo_names": [], "source": "sku",
        "images_limit": "product_images_max",
    }


def _as_sent(text: str) -> str:
    """A stored price as a card sends it: "0" (unset) reads as not sent."""
    return text if text != "0" else ""


def edited_card(product: Product, body: dict[str, Any]) -> dict[str, Any]:
    """`/v1/product/update`: the product's card with the fields the request sends changed; prices and
    stock are not edited here."""
    card = card_v1(dict(body, offer_id=product.offer_id))
    new_images = bool(body.get("images"))
    merged = {
        "offer_id": product.offer_id, "name": card["name"] or product.name,
        "description_category_id": product.description_category_id, "type_id": product.type_id,
        "new_description_category_id": 0, "legacy_category_id": product.legacy_category_id,
        "attributes": list({a["id"]: a for a in product.attributes + card["attributes"]}.values()),
        "complex_attributes": card["complex_attributes"] or list(product.complex_attributes),
        "barcodes": card["barcodes"], "images": card["images"] if new_images else list(product.images),
        "primary_image": card["primary_image"] if new_images else product.primary_image,
        "images360": list(product.images360), "color_image": product.color_image, "pdf_list": list(product.pdf_list),
        "price": product.price, "old_price": _as_sent(product.old_price),
        "premium_price": _as_sent(product.premium_price),
        "currency_code": product.currency_code, "vat": product.vat, "service_type": product.service_type,
        "promotions": product.promotions, "geo_names": product.geo_names,
        "description": card["description"] or product.description, "vendor": card["vendor"] or product.vendor,
        "vendor_code": card["vendor_code"] or product.vendor_code, "images_limit": "product_images_legacy_max",
    }
    for name in ("depth", "height", "width", "weight", "dimension_unit", "weight_unit"):
        merged[name] = card[name] if body.get(name) not in (None, "") else getattr(product, name)
    return merged
