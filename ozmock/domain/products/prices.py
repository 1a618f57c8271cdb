"""Price updates (`/v1/product/import/prices`): per-item rules and the per-product hourly limit."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..kit.values import as_int, as_str
from ..kit.timings import limit
from ..kit.money import parse_price, parse_vat, price_text
from .model import Product, ProductStore

HOURLY_LIMIT_MESSAGE = "error limiting: acquire limit per item: items limit: limit exceeded"


def _error(code: str, message: str) -> dict[str, str]:
    return {"code": code, "message": message}


def discount_problem(price: Decimal, old_price: Decimal) -> dict[str, str] | None:
    """The documented gap between `old_price` (before discount) and `price` (after it)."""
    gap = old_price - price
    if gap <= 0:
        return _error("old_price_less_than_price", "old_price must be greater than price")
    if gap / old_price >= Decimal("0.9"):
        return _error("discount_too_big", "the discount must be less than 90%")
    if price <= 400 and gap <= 20:
        return _error("discount_for_low_price_is_too_small",
                      "for a price up to 400 the discount must be more than 20")
    if 400 < price <= 10_000 and gap / old_price <= Decimal("0.05"):
        return _error("discount_for_average_price_is_too_small",
                      "for a price from 400 to 10 000 the discount must be more than 5%")
    if price > 10_000 and gap <= 500:
        return _error("discount_for_top_price_is_too_small",
                      "for a price above 10 000 the discount must be more than 500")
    return None


def check_price_item(item: dict[str, Any], product: Product, *, seller, world, now: float) -> tuple[list, dict]:
    """(errors, changes) for one price item against its product."""
    changes: dict[str, Any] = {}
    errors: list[dict[str, str]] = []

    def read(name: str) -> Decimal | None:
        raw = as_str(item.get(name)).strip()
        if not raw:
            return None
        value = parse_price(raw)
        if value is None:
            errors.append(_error("invalid_price", f"{name} must be a decimal number with a point and at most "
                                 "two decimal places"))
            return None
        if value < 0:
            errors.append(_error("price_negative", f"{name} must not be negative"))
            return None
        return value

    price, old_price = read("price"), read("old_price")
    min_price, premium, net = read("min_price"), read("premium_price"), read("net_price")
    if errors:
        return errors, changes
    if price is not None and price == 0:
        return [_error("price_negative", "price must be greater than 0")], changes
    new_price = price if price is not None else Decimal(product.price)
    if old_price is not None and old_price > 0:
        problem = discount_problem(new_price, old_price)
        if problem:
            errors.append(problem)
    elif old_price is None and price is not None and Decimal(product.old_price) > 0:
        problem = discount_problem(new_price, Decimal(product.old_price))
        if problem:
            errors.append(problem)
    if min_price is not None and min_price > 0:
        if min_price > new_price:
            errors.append(_error("min_auto_price_too_big", "min_price must not be greater than price"))
        elif min_price < new_price / 2:
            errors.append(_error("min_auto_price_too_small", "min_price must be at least 50% of price"))
    currency = as_str(item.get("currency_code"))
    if currency and currency != seller.currency:
        errors.append(_error("currency_code_invalid", f"currency_code must be the account currency {seller.currency}"))
    vat = as_str(item.get("vat"))
    if vat and parse_vat(vat) is None:
        errors.append(_error("vat_invalid", "vat must be one of 0, 0.05, 0.07, 0.1, 0.2, 0.22"))
    per_hour = limit(world, "price_updates_per_hour")
    recent = [t for t in product.price_updates if t > now - 3600]
    if per_hour is not None and len(recent) >= per_hour:
        errors.append(_error("items_limit_exceeded", HOURLY_LIMIT_MESSAGE))
    if errors:
        return errors, changes
    if price is not None:
        changes["price"] = price_text(price)
    if old_price is not None:
        changes["old_price"] = price_text(old_price)
    if min_price is not None:
        changes["min_price"] = price_text(min_price)
    if premium is not None:
        changes["premium_price"] = price_text(premium)
    if net is not None:
        changes["net_price"] = price_text(net)
    if vat:
        changes["vat"] = parse_vat(vat)
    auto = as_str(item.get("auto_action_enabled"))
    if auto in ("ENABLED", "DISABLED"):
        changes["auto_action_enabled"] = auto == "ENABLED"
    changes["price_updates"] = recent + [now]
    return errors, changes


def update_prices(store: ProductStore, items: list[dict[str, Any]], *, seller, world, now: float) -> list[dict]:
    """Each item is decided on its own; an item naming both ids is matched by offer_id."""
    results = []
    for item in items:
        offer_id, product_id = as_str(item.get("offer_id")), as_int(item.get("product_id"))
        product = store.find(offer_id=offer_id, product_id=product_id)
        if product is None:
            results.append({"product_id": product_id, "offer_id": offer_id, "updated": False,
                            "errors": [_error("NOT_FOUND_ERROR", "Product not found")]})
            continue
        errors, changes = check_price_item(item, product, seller=seller, world=world, now=now)
        if not errors:
            for name, value in changes.items():
                setattr(product, name, value)
            product.updated_at = now
        results.append({"product_id": product.product_id, "offer_id": product.offer_id, "updated": not errors,
                        "errors": errors})
    return results
