"""Helpers shared by the "rest of the seller's world" areas (promotions, pricing strategies, reviews,
questions, chats, reports, finance, analytics): one lock, ids, money, dates, paging, product lookups.

These areas read the products area (and the postings area once it exists) and keep their own
state as plain JSON-shaped dicts and lists, so an area's dump/load is a deep copy and the world
round-trips through JSON and pickle without per-class code.
"""
from __future__ import annotations

import copy
import functools
import hashlib
import re
import uuid
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Callable, Iterable

from ..clock import iso, parse_iso
from ..errors import OzonError
from ..registry import Call, register_area
from .product_common import as_int, as_str
from .products import PRODUCTS_LOCK, Product, products_of

CENT = Decimal("0.01")


def locked(handler: Callable[[Call], dict]) -> Callable[[Call], dict]:
    """Hold the world's product lock for the whole call: checks and writes happen as one step, and
    products cannot change under a reader (the product handlers take the same re-entrant lock)."""
    @functools.wraps(handler)
    def run(call: Call) -> dict:
        with PRODUCTS_LOCK:
            return handler(call)
    return run


def json_area(name: str, create: Callable[[Any, Any], dict[str, Any]]) -> None:
    """A per-seller area held as JSON-shaped data (`create(seller, world)`): dump and load are deep copies."""
    register_area(name, create, copy.deepcopy, copy.deepcopy)


# --- time -----------------------------------------------------------------------------------------
def now_of(call: Call) -> datetime:
    return call.now or call.world.clock.now()


def ts_of(call: Call) -> float:
    return now_of(call).timestamp()


def stamp(seconds: float) -> str:
    return iso(datetime.fromtimestamp(seconds, tz=timezone.utc))


def parse_time(value: Any, field: str, *, required: bool = True) -> datetime | None:
    """An RFC 3339 timestamp or a plain `YYYY-MM-DD` date (midnight UTC); 400 naming the field."""
    text = as_str(value).strip()
    if not text:
        if required:
            raise OzonError(3, f"invalid {field}: value is required")
        return None
    try:
        if len(text) == 10:
            return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)
        return parse_iso(text)
    except ValueError:
        raise OzonError(3, f"invalid {field}: {text!r} is not a date-time (YYYY-MM-DDTHH:MM:SSZ)") from None


def parse_day(value: Any, field: str) -> date:
    """A `YYYY-MM-DD` date."""
    text = as_str(value).strip()
    try:
        return date.fromisoformat(text[:10]) if len(text) >= 10 else date.fromisoformat(text)
    except ValueError:
        raise OzonError(3, f"invalid {field}: {text!r} is not a date (YYYY-MM-DD)") from None


def parse_month(value: Any, field: str = "date") -> tuple[int, int]:
    """A `YYYY-MM` period as (year, month); a full date or timestamp is read as its month."""
    text = as_str(value).strip()
    match = re.match(r"^(\d{4})-(\d{2})(?:$|-\d{2})", text)
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise OzonError(3, f"invalid {field}: {text!r} is not a period (YYYY-MM)")
    return int(match.group(1)), int(match.group(2))


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    start = datetime(year, month, 1, tzinfo=timezone.utc)
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=timezone.utc)
    return start, end


def add_months(instant: datetime, months: int) -> datetime:
    month = instant.month - 1 + months
    year = instant.year + month // 12
    month = month % 12 + 1
    day = min(instant.day, [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31, 30,
                            31, 31, 30, 31, 30, 31][month - 1])
    return instant.replace(year=year, month=month, day=day)


# --- ids ------------------------------------------------------------------------------------------
def new_uuid(world) -> str:
    """A UUID from the world's seeded generator: deterministic per scenario and call order."""
    return str(uuid.UUID(int=world.rng.getrandbits(128), version=4))


def stable_uuid(*parts: Any) -> str:
    """A UUID derived from its parts (records that must not draw from the world's generator)."""
    digest = hashlib.blake2b("|".join(str(p) for p in parts).encode(), digest_size=16).digest()
    return str(uuid.UUID(bytes=digest, version=4))


def stable_int(*parts: Any, digits: int = 12) -> int:
    """A deterministic positive integer from its parts (ids of derived records, pseudo-random figures)."""
    digest = hashlib.blake2b("|".join(str(p) for p in parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % (10 ** digits)


def unit(*parts: Any) -> float:
    """A deterministic number in [0, 1) from its parts."""
    return stable_int(*parts, digits=9) / 1e9


# --- money ----------------------------------------------------------------------------------------
def dec(value: Any) -> Decimal:
    """A decimal from a price string or number; 0 for anything unreadable."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool) or value is None:
        return Decimal(0)
    try:
        return Decimal(str(value).strip() or "0")
    except InvalidOperation:
        return Decimal(0)


def cents(value: Any) -> Decimal:
    return dec(value).quantize(CENT, ROUND_HALF_UP)


def num(value: Any) -> float | int:
    """A money amount as a JSON number with at most two decimals (whole amounts print as integers,
    as the live API writes them)."""
    amount = cents(value)
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def parse_number(value: Any) -> Decimal | None:
    """A JSON number or numeric string (protojson); None when it is neither."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def set_status(records: dict[str, dict], wanted: list[str], status: str, not_found: str) -> None:
    """Give every named record the status, or none of them when one is unknown (404 naming them)."""
    missing = [key for key in wanted if key not in records]
    if missing:
        raise OzonError(5, f"{not_found}: {', '.join(missing)}")
    for key in wanted:
        records[key]["status"] = status


def parse_id(value: Any) -> int:
    """An int64 id from a JSON number or numeric string; 0 (no such id) for anything else."""
    number = parse_number(value)
    if number is None or number != number.to_integral_value() or abs(number) > INT64_LIMIT:
        return 0
    return int(number)


INT64_LIMIT = 2**63 - 1


# --- paging ---------------------------------------------------------------------------------------
def size_of(value: Any, default: int, maximum: int) -> int:
    size = as_int(value, 0)
    if size <= 0:
        return default
    return min(size, maximum)


def page_slice(items: list, page: Any, page_size: Any, *, default: int, maximum: int) -> tuple[list, int]:
    """(items of a 1-based page, page size)."""
    size = size_of(page_size, default, maximum)
    number = max(as_int(page, 1), 1)
    start = (number - 1) * size
    return items[start:start + size], size


# --- products -------------------------------------------------------------------------------------
def sku_of(product: Product, now: float) -> int:
    return product.visible_sku(now)


def on_sale(product: Product, now: float) -> bool:
    """A product a buyer can meet: not archived, past moderation (an SKU shows), with a price."""
    return not product.archived and product.visible_sku(now) != 0 and dec(product.price) > 0


def products_by_sku(seller, now: float) -> dict[int, Product]:
    """The seller's products with a visible SKU, by SKU."""
    store = products_of(seller)
    found = {}
    for product in store.iter_from(0):
        sku = product.visible_sku(now)
        if sku:
            found[sku] = product
    return found


def product_by_sku(seller, sku: int, now: float) -> Product | None:
    return products_of(seller).by_sku_id(sku, now) if sku else None


def ids(values: Any) -> list[int]:
    return [as_int(v) for v in values] if isinstance(values, list) else []


def strings(values: Any) -> list[str]:
    return [as_str(v) for v in values] if isinstance(values, list) else []


def first(iterable: Iterable, default=None):
    return next(iter(iterable), default)


DAY = timedelta(days=1)
