"""Seeding a seller's catalogue from the scenario (`products: {count: 15, with_stock: 8}`) and
generating valid import items (for seeds, benches and tests).

Seeded products have passed moderation already (they were submitted a day before the scenario
starts), carry an SKU, a price and, for the first `with_stock` of them, stock on the seller's
first warehouse (list `warehouses:` before `products:` in the scenario)."""
from __future__ import annotations

import random
from functools import lru_cache
from typing import Any

from ...registry import seeds
from ..catalogue.model import (BRAND_ATTRIBUTE, DESCRIPTION_ATTRIBUTE, MODEL_ATTRIBUTE, TYPE_ATTRIBUTE, Attribute,
                               Dictionary, ProductType, catalogue)
from ..warehouses.model import warehouses_of
from .cards import card_v3
from .imports import apply_card
from .model import ProductStore, products_of, timing
from .validation import check_card, fatal, pair_rules, warnings_of

DAY = 86_400.0
_MODEL_WORDS = ("Neo", "Prime", "Lite", "Max", "One", "Air", "Pro", "Mini")


@lru_cache(maxsize=1)
def _enabled_types() -> tuple[ProductType, ...]:
    """The types a generated item may take, in catalogue order (the catalogue is read-only)."""
    return tuple(t for t in catalogue().types.values() if not t.disabled)


@lru_cache(maxsize=4096)
def _filled_attributes(category_id: int, type_id: int) -> tuple[tuple[Attribute, bool, Dictionary | None], ...]:
    """(attribute, is_required, its dictionary) of the plain attributes a generated item of the pair may
    fill, in catalogue order: what `valid_item` walks, taken from the card check's rules of the pair."""
    rules = pair_rules(category_id, type_id)
    required = {attribute_id for attribute_id, _ in rules.missing}
    return tuple((attribute, attribute.id in required, dictionary)
                 for attribute, dictionary in rules.plain.values() if attribute.id != TYPE_ATTRIBUTE)


def valid_item(rng: random.Random, offer_id: str, *, category_id: int = 0, type_id: int = 0) -> dict[str, Any]:
    """A `/v3/product/import` item that passes every rule (required attributes filled from the catalogue)."""
    cat = catalogue()
    if not type_id:
        product_type = rng.choice(_enabled_types())
        category_id, type_id = product_type.category_id, product_type.id
    product_type = cat.types[type_id]
    attributes = []
    brand = rng.choice(cat.dictionaries["brand"].values[:80])
    model = f"{brand.ru} {rng.choice(_MODEL_WORDS)} {rng.randint(1, 99)}"
    for attribute, required, dictionary in _filled_attributes(category_id, type_id):
        if attribute.id == BRAND_ATTRIBUTE:
            values = [{"dictionary_value_id": brand.id, "value": brand.ru}]
        elif attribute.id == MODEL_ATTRIBUTE:
            values = [{"value": model}]
        elif attribute.id == DESCRIPTION_ATTRIBUTE:
            values = [{"value": f"{product_type.ru} {brand.ru}: надёжный выбор на каждый день. "
                                f"Модель {model}, проверенное качество и удобство."}]
        elif not required and rng.random() < 0.6:
            continue
        elif dictionary is not None:
            value = rng.choice(dictionary.values)
            values = [{"dictionary_value_id": value.id, "value": value.ru}]
        elif attribute.type in ("Integer",):
            values = [{"value": str(rng.randint(1, 500))}]
        elif attribute.type == "Decimal":
            values = [{"value": f"{rng.randint(1, 900)}.{rng.randint(0, 9)}"}]
        elif attribute.type == "Boolean":
            values = [{"value": "false"}]
        elif attribute.type == "URL":
            values = [{"value": f"https://example.com/{offer_id}"}]
        else:
            values = [{"value": f"{attribute.ru} {rng.randint(1, 99)}"}]
        attributes.append({"id": attribute.id, "complex_id": 0, "values": values})
    price = rng.choice([199, 349, 590, 990, 1490, 2490, 3990, 7490, 12990, 24990])
    return {
        "offer_id": offer_id, "name": f"{product_type.ru} {model}", "description_category_id": category_id,
        "type_id": type_id, "attributes": attributes, "barcode": f"46{rng.randint(10**10, 10**11 - 1)}",
        "images": [f"https://cdn1.ozone.ru/s3/multimedia-{offer_id.lower()}/{i}.jpg" for i in range(rng.randint(1, 4))],
        "depth": rng.randint(20, 400), "height": rng.randint(10, 300), "width": rng.randint(20, 400),
        "dimension_unit": "mm", "weight": rng.randint(50, 5000), "weight_unit": "g",
        "price": str(price), "old_price": str(int(price * 1.25)), "vat": "0.2", "currency_code": "RUB",
    }


def add_ready(store: ProductStore, item: dict[str, Any], *, seller, world, submitted_at: float):
    """Put one valid item straight into the store as a product that passed moderation long ago."""
    card = card_v3(item)
    existing = store.by_offer_id(card["offer_id"])
    problems = check_card(card, seller=seller, world=world, existing=existing)
    if fatal(problems):
        raise ValueError(f"seed item {card['offer_id']} is invalid: {problems}")
    product = apply_card(store, card, existing, world=world, now=submitted_at, warnings=warnings_of(problems))
    product.assign({"created_at": submitted_at, "submitted_at": submitted_at, "updated_at": submitted_at,
                    "sku_at": submitted_at + timing(world, "product_import_seconds")
                    + timing(world, "product_moderation_seconds")})
    return product


@seeds("products")
def seed_products(world, seller, spec: Any) -> None:
    spec = spec if isinstance(spec, dict) else {"count": int(spec or 0)}
    count = int(spec.get("count", 10))
    with_stock = int(spec.get("with_stock", count // 2))
    archived = int(spec.get("archived", 0))
    rng = random.Random(f"{world.seed}:{seller.client_id}:products")
    store = products_of(seller)
    warehouses = [w for w in warehouses_of(seller).items if w["status"] == "created" and not w.get("is_kgt")]
    submitted = world.clock.now().timestamp() - DAY
    for index in range(count):
        item = valid_item(rng, f"OZM-{seller.client_id}-{index + 1:04d}")
        item["currency_code"] = seller.currency
        product = add_ready(store, item, seller=seller, world=world, submitted_at=submitted)
        if index < with_stock and warehouses:
            store.set_stock(product, warehouses[0]["warehouse_id"], rng.randint(3, 120))
        if index >= count - archived:
            store.set_archived(product, True)
