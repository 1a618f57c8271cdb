"""Small helpers shared by the product-area modules: protojson-tolerant reading of request values,
decimal prices, and the area's limits with their defaults."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

INT64_MAX = 2**63 - 1

# Documented limits, overridable per scenario under `limits:` (null turns a rate rule off).
DEFAULT_LIMITS = {
    "products_total": 25_000,               # assortment limit (/v4/product/info/limit total)
    "products_daily_create": 2_500,         # new cards per day
    "products_daily_update": 10_000,        # card updates per day
    "products_per_minute": None,            # product write operations per minute (off by default)
    "stocks_requests_per_minute": 80,       # /v2/products/stocks & /v1/product/import/stocks per seller
    "stock_pair_interval_seconds": 30,      # one update per product-warehouse pair per 30 s
    "stock_max": 999_999,                   # STOCK_TOO_BIG above this
    "price_updates_per_hour": 10,           # per product
    "product_images_max": 30,               # images incl. the main one (v3 import; seed 001 said 15)
    "product_images_legacy_max": 10,        # v1/v2 import and /v1/product/update
    "product_images360_max": 70,
    "barcodes_per_product": 100,
}


def limit(world, name: str):
    limits = world.settings.limits or {}
    return limits[name] if name in limits else DEFAULT_LIMITS[name]


def as_int(value: Any, default: int = 0) -> int:
    """An int64 from a JSON number or numeric string (protojson); `default` when it is neither."""
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value if -INT64_MAX <= value <= INT64_MAX else default
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) <= INT64_MAX else default
    if isinstance(value, str):
        text = value.strip()
        try:
            number = int(text)
        except ValueError:
            return default
        return number if -INT64_MAX <= number <= INT64_MAX else default
    return default


def as_str(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def int_list(values: Any) -> list[int]:
    return [as_int(v) for v in values] if isinstance(values, list) else []


def str_list(values: Any) -> list[str]:
    return [as_str(v) for v in values] if isinstance(values, list) else []


def parse_price(text: Any) -> Decimal | None:
    """A price as the API takes it: a decimal with `.` and at most two places; None otherwise."""
    raw = as_str(text).strip()
    if not raw:
        return None
    if raw.count(".") > 1 or not raw.replace(".", "", 1).lstrip("-").isdigit():
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None
    if "." in raw and len(raw.split(".")[1]) > 2:
        return None
    return value


def money(value: Decimal | str | float) -> str:
    """A stored price string: no trailing zeros beyond what was sent (e.g. `1000`, `999.5`)."""
    number = Decimal(str(value)).normalize()
    return format(number, "f") if number else "0"


def price_float(text: str) -> float:
    try:
        return float(text)
    except (TypeError, ValueError):
        return 0.0


VAT_RATES = {Decimal("0"), Decimal("0.05"), Decimal("0.07"), Decimal("0.1"), Decimal("0.2"), Decimal("0.22")}


def parse_vat(text: Any) -> str | None:
    """A documented VAT rate as its canonical string (`0.2`), None for anything else."""
    raw = as_str(text).strip()
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None
    if value not in VAT_RATES:
        return None
    return format(value.normalize(), "f") if value else "0"


def language(body: dict) -> str:
    return as_str(body.get("language") or "DEFAULT").upper()
