"""Reads keyed by the caller's SKUs: back-in-stock subscriptions, the content rating and related
SKUs. Each is derived from the card (nothing is stored), so it always agrees with the product."""
from __future__ import annotations

import zlib
from typing import Any

from ...errors import OzonError
from ...registry import Call, handles
from ..catalogue.model import NAME_ATTRIBUTE, catalogue
from ..kit.dates import now_of
from ..kit.values import int_list
from .model import Product
from .selection import own_skus

VIDEO_ATTRIBUTE = 21841
# (group key, name, weight in the total): the rating groups, each scored by its conditions.
RATING_GROUPS = (("media", "Медиа", 25), ("important_attributes", "Атрибуты", 50), ("text", "Текстовое описание", 25))


@handles("POST", "/v1/product/info/subscription", exact=True)
def subscription(call: Call) -> dict:
    """Buyers who asked to be told when an out-of-stock product returns: a stable small number."""
    out = []
    for sku, product in own_skus(call, int_list(call.body.get("skus"))):
        count = product.subscribers or (0 if product.has_stock() else zlib.crc32(str(sku).encode()) % 7)
        out.append({"sku": sku, "count": count})
    return {"result": out}


def _rating_conditions(product: Product) -> dict[str, list[tuple[str, str, int, bool]]]:
    """Per rating group: (key, description, cost, fulfilled) of each condition, read off the card."""
    allowed = catalogue().attributes_for(product.description_category_id, product.type_id)
    filled = {a["id"] for a in product.attributes}
    important = [a for a, _ in allowed if not a.complex_id and a.id != NAME_ATTRIBUTE]
    share = len([a for a in important if a.id in filled]) / max(len(important), 1)
    images = len(product.images) + (1 if product.primary_image else 0)
    has_video = any(a["id"] == VIDEO_ATTRIBUTE for g in product.complex_attributes for a in g["attributes"])
    text = len(product.description)
    return {
        "media": [("media_images_2", "Добавлено 2 изображения", 50, images >= 2),
                  ("media_images_3", "Добавлено 3 изображения и более", 20, images >= 3),
                  ("media_image_3d", "Добавлено 3D-изображение", 15, bool(product.images360)),
                  ("media_video", "Добавлено видео", 15, has_video)],
        "important_attributes": [("important_2", "Заполнено 2 атрибута и более", 50, len(filled) >= 2),
                                 ("important_50_percent", "Заполнено более 50% атрибутов", 25, share > 0.5),
                                 ("important_70_percent", "Заполнено более 70% атрибутов", 25, share > 0.7)],
        "text": [("text_annotation_100_chars", "Аннотация более 100 знаков", 50, text > 100),
                 ("text_annotation_500_chars", "Аннотация более 500 знаков", 50, text > 500)],
    }


def rating(product: Product) -> dict[str, Any]:
    """A content rating computed from the card: media, attributes and description."""
    conditions = _rating_conditions(product)
    groups, total = [], 0.0
    for key, name, weight in RATING_GROUPS:
        rows = conditions[key]
        score = float(sum(cost for _, _, cost, ok in rows if ok))
        total += score * weight / 100
        groups.append({"key": key, "name": name, "rating": score, "weight": float(weight),
                       "improve_at_least": sum(1 for row in rows if not row[3]), "improve_attributes": [],
                       "conditions": [{"key": k, "description": d, "cost": float(c), "fulfilled": ok}
                                      for k, d, c, ok in rows]})
    return {"rating": round(total, 2), "groups": groups}


@handles("POST", "/v1/product/rating-by-sku", exact=True)
def rating_by_sku(call: Call) -> dict:
    return {"products": [dict(sku=sku, **rating(p)) for sku, p in own_skus(call, int_list(call.body.get("skus")))]}


@handles("POST", "/v1/product/related-sku/get")
def related_sku(call: Call) -> dict:
    skus = int_list(call.body.get("sku"))
    if len(skus) > 200:
        raise OzonError(3, "at most 200 SKUs per request")
    found = dict(own_skus(call, skus))
    now = now_of(call)
    items, errors = [], []
    for sku in dict.fromkeys(skus):
        product = found.get(sku)
        if product is None:
            errors.append({"sku": sku, "code": "NOT_FOUND", "message": "sku does not exist"})
            continue
        items.append({"sku": sku, "product_id": product.product_id, "delivery_schema": "SDS",
                      "availability": "AVAILABLE" if product.visible(now, call.world) else "HIDDEN"})
    return {"items": items, "errors": errors}
