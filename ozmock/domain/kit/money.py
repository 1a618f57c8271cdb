"""Money as the API carries it: prices are decimal strings with at most two places in requests and
stored as sent; amounts in answers are JSON numbers with at most two decimals."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache, wraps
from typing import Any, Callable, TypeVar

from .values import as_str

T = TypeVar("T")

CENT = Decimal("0.01")
KEPT_TEXT = 32   # no price or rate is longer: longer texts are read each time, never kept
VAT_RATES = {Decimal("0"), Decimal("0.05"), Decimal("0.07"), Decimal("0.1"), Decimal("0.2"), Decimal("0.22")}


def kept_readings(maxsize: int) -> Callable[[Callable[[str], T]], Callable[[str], T]]:
    """Keep a pure reading of short texts: a seller's prices and rates repeat (every card of a sync,
    every update of a repricer), a text always reads the same, and what it reads to is immutable."""
    def keep(read: Callable[[str], T]) -> Callable[[str], T]:
        kept = lru_cache(maxsize=maxsize)(read)

        @wraps(read)
        def reading(raw: str) -> T:
            return kept(raw) if len(raw) <= KEPT_TEXT else read(raw)
        return reading
    return keep


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


def money_number(value: Any) -> float | int:
    """An amount as a JSON number with at most two decimals (whole amounts print as integers, as the
    live API writes them)."""
    amount = cents(value)
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def money_float(value: Any) -> float:
    """An amount as a float rounded to cents (fields the contract types as double)."""
    try:
        return round(float(value), 2)
    except (TypeError, ValueError):
        return 0.0


def price_text(value: Decimal | str | float) -> str:
    """A stored price string: no trailing zeros beyond what was sent (e.g. `1000`, `999.5`)."""
    number = Decimal(str(value)).normalize()
    return format(number, "f") if number else "0"


def price_float(text: str) -> float:
    try:
        return float(text)
    except (TypeError, ValueError):
        return 0.0


def parse_price(text: Any) -> Decimal | None:
    """A price as the API takes it: a decimal with `.` and at most two places; None otherwise."""
    raw = as_str(text).strip()
    if not raw:
        return None
    return _price(raw)


@kept_readings(4096)
def _price(raw: str) -> Decimal | None:
    if raw.count(".") > 1 or not raw.replace(".", "", 1).lstrip("-").isdigit():
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None
    if "." in raw and len(raw.split(".")[1]) > 2:
        return None
    return value


def parse_vat(text: Any) -> str | None:
    """A documented VAT rate as its canonical string (`0.2`), None for anything else."""
    raw = as_str(text).strip()
    if not raw:
        return None
    return _vat(raw)


@kept_readings(256)
def _vat(raw: str) -> str | None:
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None
    if value not in VAT_RATES:
        return None
    return format(value.normalize(), "f") if value else "0"
