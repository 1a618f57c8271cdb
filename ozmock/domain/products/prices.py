"""Prices: the update (`/v1/product/import/prices`) with its per-item rules and the per-product
hourly limit, and the price reads of every version.

The reads share one canonical record: v5 shows prices as numbers, v4 and v1 as the stored strings
(`legacy_price_item` swaps them in), and each version's schema keeps the fields it has."""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable

from ...registry import Call, handles
from ..kit.dates import ZERO_TIME, now_of
from ..kit.money import parse_price, parse_vat, price_float, price_text
from ..kit.timings import limit
from ..kit.values import as_int, as_str
from .model import Product, ProductStore
from .selection import listed_page, numbered_page, store_of
from .views import commission_percent, volume_weight

HOURLY_LIMIT_MESSAGE = "error limiting: acquire limit per item: items limit: limit exceeded"
PRICE_FIELDS = ("price", "old_price", "min_price", "premium_price", "net_price", "declared_price")
Error = dict[str, str]


def _error(code: str, message: str) -> Error:
    return {"code": code, "message": message}


# --- the update rules -----------------------------------------------------------------------------
def discount_problem(price: Decimal, old_price: Decimal) -> Error | None:
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


def _read_prices(item: dict[str, Any]) -> tuple[dict[str, Decimal | None], list[Error]]:
    """The item's prices (None when not sent) and the errors of those that are not prices."""
    prices: dict[str, Decimal | None] = {}
    errors: list[Error] = []
    for name in PRICE_FIELDS:
        raw = as_str(item.get(name)).strip()
        value = parse_price(raw) if raw else None
        if raw and value is None:
            errors.append(_error("invalid_price", f"{name} must be a decimal number with a point and at most "
                                 "two decimal places"))
        elif value is not None and value < 0:
            errors.append(_error("price_negative", f"{name} must not be negative"))
            value = None
        prices[name] = value
    return prices, errors


class PriceItem:
    """One price item against its product: what the rules read."""

    def __init__(self, item: dict[str, Any], product: Product, prices: dict[str, Decimal | None], seller):
        self.item, self.product, self.prices, self.seller = item, product, prices, seller
        price = prices["price"]
        self.new_price = price if price is not None else Decimal(product.price)


def _discount_rule(p: PriceItem) -> Error | None:
    old_price = p.prices["old_price"]
    if old_price is not None and old_price > 0:
        return discount_problem(p.new_price, old_price)
    if old_price is None and p.prices["price"] is not None and Decimal(p.product.old_price) > 0:
        return discount_problem(p.new_price, Decimal(p.product.old_price))  # a new price against the kept one
    return None


def _min_price_rule(p: PriceItem) -> Error | None:
    min_price = p.prices["min_price"]
    if min_price is None or min_price <= 0:
        return None
    if min_price > p.new_price:
        return _error("min_auto_price_too_big", "min_price must not be greater than price")
    if min_price < p.new_price / 2:
        return _error("min_auto_price_too_small", "min_price must be at least 50% of price")
    return None


def _currency_rule(p: PriceItem) -> Error | None:
    currency = as_str(p.item.get("currency_code"))
    if currency and currency != p.seller.currency:
        return _error("currency_code_invalid", f"currency_code must be the account currency {p.seller.currency}")
    return None


def _vat_rule(p: PriceItem) -> Error | None:
    vat = as_str(p.item.get("vat"))
    if vat and parse_vat(vat) is None:
        return _error("vat_invalid", "vat must be one of 0, 0.05, 0.07, 0.1, 0.2, 0.22")
    return None


# In the order their errors are reported.
PRICE_RULES: tuple[Callable[[PriceItem], Error | None], ...] = (_discount_rule, _min_price_rule, _currency_rule,
                                                                 _vat_rule)


def _changes(item: dict[str, Any], prices: dict[str, Decimal | None]) -> dict[str, Any]:
    """The product fields an accepted item sets."""
    changes: dict[str, Any] = {name: price_text(value) for name, value in prices.items() if value is not None}
    vat = as_str(item.get("vat"))
    if vat:
        changes["vat"] = parse_vat(vat)
    auto = as_str(item.get("auto_action_enabled"))
    if auto in ("ENABLED", "DISABLED"):
        changes["auto_action_enabled"] = auto == "ENABLED"
    return changes


def check_price_item(item: dict[str, Any], product: Product, *, seller, world,
                     now: float) -> tuple[list[Error], dict[str, Any]]:
    """(errors, changes) for one price item against its product."""
    prices, errors = _read_prices(item)
    if errors:
        return errors, {}
    if prices["price"] is not None and prices["price"] == 0:
        return [_error("price_negative", "price must be greater than 0")], {}
    checked = PriceItem(item, product, prices, seller)
    errors = [found for rule in PRICE_RULES if (found := rule(checked)) is not None]
    per_hour = limit(world, "price_updates_per_hour")
    recent = [t for t in product.price_updates if t > now - 3600]
    if per_hour is not None and len(recent) >= per_hour:
        errors.append(_error("items_limit_exceeded", HOURLY_LIMIT_MESSAGE))
    if errors:
        return errors, {}
    return [], dict(_changes(item, prices), price_updates=recent + [now])


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


# --- the reads ------------------------------------------------------------------------------------
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


def _price_numbers(product: Product) -> dict[str, Any]:
    return {"price": price_float(product.price), "old_price": price_float(product.old_price),
            "min_price": price_float(product.min_price), "net_price": price_float(product.net_price),
            "declared_price": declared_price(product),
            "marketing_seller_price": price_float(product.price), "retail_price": 0.0,
            "vat": price_float(product.vat), "currency_code": product.currency_code,
            "auto_action_enabled": product.auto_action_enabled, "auto_add_to_ozon_actions_list_enabled": False}


def declared_price(product: Product) -> dict[str, str]:
    """The price declared with `/v1/product/import/prices`, as the answers carry it: a money object."""
    return {"amount": product.declared_price or "0", "currency": product.currency_code}


def _price_texts(product: Product) -> dict[str, Any]:
    """Prices as stored (v4 and v1; `buybox_price` is v1's only)."""
    return {"price": product.price, "old_price": product.old_price, "premium_price": product.premium_price,
            "recommended_price": "", "retail_price": "", "vat": product.vat, "min_ozon_price": "",
            "buybox_price": "", "marketing_price": product.price, "marketing_seller_price": product.price,
            "min_price": product.min_price, "currency_code": product.currency_code,
            "auto_action_enabled": product.auto_action_enabled}


def price_item(product: Product) -> dict[str, Any]:
    """The canonical price record: v5's view (the legacy versions replace a few fields)."""
    currency = product.currency_code
    return {
        "product_id": product.product_id, "offer_id": product.offer_id, "price": _price_numbers(product),
        "price_indexes": {"color_index": "WITHOUT_INDEX", "external_index_data": _index_data(currency),
                          "ozon_index_data": _index_data(currency),
                          "self_marketplaces_index_data": _index_data(currency)},
        "commissions": _commissions(product), "marketing_actions": {
            "actions": [], "current_period_from": ZERO_TIME, "current_period_to": ZERO_TIME,
            "ozon_actions_exist": False},
        "acquiring": round(price_float(product.price) * 0.015, 2), "volume_weight": volume_weight(product),
    }


def legacy_price_item(product: Product) -> dict[str, Any]:
    """v4 and v1: prices as stored strings, a price index, and no marketing actions (null)."""
    return {**price_item(product), "price": _price_texts(product), "price_index": "0.00", "marketing_actions": None}


@handles("POST", "/v1/product/import/prices", writes=True, exact=True)
def import_prices(call: Call) -> dict:
    items = [i for i in call.body.get("prices") or [] if isinstance(i, dict)]
    return {"result": update_prices(store_of(call), items, seller=call.seller, world=call.world, now=now_of(call))}


@handles("POST", "/v5/product/info/prices", exact=True)
def info_prices_v5(call: Call) -> dict:
    page, total, cursor = listed_page(call, "cursor")
    return {"items": [price_item(p) for p in page], "total": total, "total_items": total, "cursor": cursor}


@handles("POST", "/v4/product/info/prices")
def info_prices_v4(call: Call) -> dict:
    page, total, cursor = listed_page(call)
    return {"result": {"items": [legacy_price_item(p) for p in page], "total": total,
                       "last_id": cursor}}


@handles("POST", "/v1/product/info/prices")
def info_prices_v1(call: Call) -> dict:
    page, total = numbered_page(call, {})
    return {"result": {"items": [legacy_price_item(p) for p in page], "total": total}}
