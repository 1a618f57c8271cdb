"""Reading request values the way Ozon's protojson gateway does: an int64 as a number or a numeric
string, absent or unreadable values as their zero value (the pipeline has already refused what the
live API refuses)."""
from __future__ import annotations

import base64
import binascii
import re
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable

from ...errors import OzonError

INT64_MAX = 2**63 - 1


def as_int(value: Any, default: int = 0) -> int:
    """An int64 from a JSON number or numeric string (protojson); `default` when it is neither."""
    # A plain int (what the reader hands on) is told apart first; a bool is not a number here.
    if type(value) is int or (isinstance(value, int) and not isinstance(value, bool)):
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
    if type(value) is str:  # the usual case, before the conversions
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def as_float(value: Any, default: float = 0.0) -> float:
    """A double from a JSON number or numeric string; `default` otherwise (and for NaN/inf)."""
    if isinstance(value, bool) or value is None:
        return default
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return number if number == number and abs(number) != float("inf") else default


def int_list(values: Any) -> list[int]:
    return [as_int(v) for v in values] if isinstance(values, list) else []


def str_list(values: Any) -> list[str]:
    return [as_str(v) for v in values] if isinstance(values, list) else []


def obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def lst(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def flag(body: Any, *path: str) -> bool:
    """A boolean at a path of the body (`true` or the string "true"); False when absent."""
    node = body
    for name in path:
        if not isinstance(node, dict):
            return False
        node = node.get(name)
    return node is True or (isinstance(node, str) and node.lower() == "true")


# No amount, price or count an area stores comes near this; beyond it (8.055e77) a value reads as
# unreadable, so decimal arithmetic (28 digits) and int64 storage can never overflow on it.
NUMBER_LIMIT = Decimal(10) ** 18


def parse_number(value: Any) -> Decimal | None:
    """A JSON number or numeric string (protojson); None when it is neither, not finite, or beyond
    `NUMBER_LIMIT` in size."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() and abs(number) < NUMBER_LIMIT else None


def parse_id(value: Any) -> int:
    """An int64 id from a JSON number or numeric string; 0 (no such id) for anything else."""
    number = parse_number(value)
    if number is None or number != number.to_integral_value() or abs(number) > INT64_MAX:
        return 0
    return int(number)


def language(body: dict) -> str:
    return as_str(body.get("language") or "DEFAULT").upper()


def first(iterable: Iterable, default=None):
    return next(iter(iterable), default)


_BASE64 = re.compile(r"^[A-Za-z0-9+/\s]*={0,2}\s*$")


def base64_file(value: Any, field: str) -> bytes:
    """A file carried as base64 text (JSON's `format: byte`, or a multipart file part as the pipeline
    hands it on), decoded; 400 naming the field when it is not base64."""
    if not isinstance(value, str) or not _BASE64.match(value):
        raise OzonError(3, f"{field}: value must be a base64-encoded file")
    try:
        return base64.b64decode("".join(value.split()), validate=True)
    except (binascii.Error, ValueError):
        raise OzonError(3, f"{field}: value must be a base64-encoded file") from None
