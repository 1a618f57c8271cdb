"""JSON values measured against one schema's own keywords: type tests, protojson coercion,
`allOf` merging, and bending a number or string into its bounds, length, format and pattern.

`scalar_fits` is the fast pre-check used while building and echoing; the compiled validator
always has the last word.
"""
from __future__ import annotations

import base64
import math
import random
import re
from datetime import datetime
from typing import Any

from .vocabulary import TINY_PDF, cdn_file, uuid4_text

INT_BOUNDS = {"int32": (-2**31, 2**31 - 1), "uint32": (0, 2**32 - 1), "int64": (-2**63, 2**63 - 1),
              "uint64": (0, 2**64 - 1)}
_NUMERIC = re.compile(r"^\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*$")
_INTEGRAL = re.compile(r"^\s*-?\d+\s*$")


# --- JSON types ------------------------------------------------------------------------------------
def is_type(value: Any, kind: str) -> bool:
    """JSON Schema's reading of `kind` (an integral float is an integer)."""
    if kind == "null":
        return value is None
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer":
        return (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and value.is_integer())
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "string":
        return isinstance(value, str)
    if kind == "array":
        return isinstance(value, list)
    if kind == "object":
        return isinstance(value, dict)
    return True


def type_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def same(a: Any, b: Any) -> bool:
    """Equal as JSON values: `True` is not `1`."""
    return a == b and (isinstance(a, bool) == isinstance(b, bool))


def coerce(value: Any, kind: str) -> tuple[bool, Any]:
    """protojson-style coercion of `value` to JSON type `kind`: (ok, coerced)."""
    if is_type(value, kind):
        if kind == "integer" and isinstance(value, float):
            return True, int(value)
        return True, value
    if kind == "integer":
        if isinstance(value, str) and _INTEGRAL.match(value):
            return True, int(value)
        if isinstance(value, str) and _NUMERIC.match(value) and float(value).is_integer():
            return True, int(float(value))
    elif kind == "number":
        if isinstance(value, str) and _NUMERIC.match(value):
            number = float(value)
            if math.isfinite(number):
                return True, int(number) if _INTEGRAL.match(value) else number
    elif kind == "string":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return True, str(value)
    elif kind == "boolean":
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return True, value.strip().lower() == "true"
        if isinstance(value, int) and value in (0, 1):
            return True, bool(value)
    elif kind == "array":
        if not isinstance(value, (dict, list)) and value is not None:
            return True, [value]
    return False, None


# --- schemas ---------------------------------------------------------------------------------------
def _merge_types(left: Any, right: Any) -> Any:
    left = left if isinstance(left, list) else [left]
    right = right if isinstance(right, list) else [right]
    both = [t for t in left if t in right or (t == "number" and "integer" in right)]
    both += [t for t in right if t == "integer" and "number" in left and t not in both]
    return both if len(both) != 1 else both[0]


def merge(a: Any, b: Any) -> Any:
    """A shallow `allOf` merge: properties and required united, bounds tightened, the rest last-wins."""
    if not isinstance(a, dict) or not isinstance(b, dict):
        return b if isinstance(b, dict) else a
    out = dict(a)
    for key, value in b.items():
        if key == "properties" and isinstance(out.get(key), dict):
            props = dict(out[key])
            for prop, sub in value.items():
                props[prop] = {"allOf": [props[prop], sub]} if prop in props else sub
            out[key] = props
        elif key == "required" and key in out:
            out[key] = list(dict.fromkeys(list(out[key]) + list(value)))
        elif key == "type" and key in out:
            out[key] = _merge_types(out[key], value)
        elif key in ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties") and key in out:
            out[key] = max(out[key], value)
        elif key in ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties") and key in out:
            out[key] = min(out[key], value)
        elif key == "enum" and key in out:
            out[key] = [m for m in out[key] if m in value]
        elif key in ("anyOf", "oneOf", "allOf") and key in out:
            out.setdefault("allOf", [])
            out["allOf"] = list(out.get("allOf", [])) + [{key: value}]
        else:
            out[key] = value
    return out


# --- bending values into their schema --------------------------------------------------------------
def _integer_bounds(schema: dict, fmt: str | None) -> tuple[int | None, int | None]:
    low, high = INT_BOUNDS.get(fmt or schema.get("format") or "", (None, None))
    if "minimum" in schema:
        low = max(low, math.ceil(schema["minimum"])) if low is not None else math.ceil(schema["minimum"])
    if "exclusiveMinimum" in schema and not isinstance(schema["exclusiveMinimum"], bool):
        bound = math.floor(schema["exclusiveMinimum"]) + 1
        low = max(low, bound) if low is not None else bound
    if "maximum" in schema:
        high = min(high, math.floor(schema["maximum"])) if high is not None else math.floor(schema["maximum"])
    if "exclusiveMaximum" in schema and not isinstance(schema["exclusiveMaximum"], bool):
        bound = math.ceil(schema["exclusiveMaximum"]) - 1
        high = min(high, bound) if high is not None else bound
    return low, high


def fit_integer(value: int, schema: dict, fmt: str | None = None) -> int:
    """`value` moved into the schema's bounds (wrapped when far above a wide range) and step."""
    low, high = _integer_bounds(schema, fmt)
    if high is not None and low is not None and value > high and high - low > 100 and high > 100:
        value = low + (value % (high - low))
    if low is not None and value < low:
        value = low
    if high is not None and value > high:
        value = high
    step = schema.get("multipleOf")
    if step and isinstance(step, (int, float)) and step > 0:
        value = int(math.ceil(value / step) * step) if float(step).is_integer() else value
        if high is not None and value > high:
            value = int(math.floor(high / step) * step)
    return int(value)


def fit_number(value: float, schema: dict) -> float | int:
    low = schema.get("minimum")
    high = schema.get("maximum")
    if low is not None and value < low:
        value = low
    if high is not None and value > high:
        value = high
    xlow = schema.get("exclusiveMinimum")
    xhigh = schema.get("exclusiveMaximum")
    if isinstance(xlow, (int, float)) and not isinstance(xlow, bool) and value <= xlow:
        value = xlow + (min(1, (xhigh - xlow) / 2) if isinstance(xhigh, (int, float)) else 1)
    if isinstance(xhigh, (int, float)) and not isinstance(xhigh, bool) and value >= xhigh:
        value = xhigh - (min(1, (xhigh - xlow) / 2) if isinstance(xlow, (int, float)) else 1)
    step = schema.get("multipleOf")
    if step and isinstance(step, (int, float)) and step > 0:
        value = math.ceil(value / step) * step
        if high is not None and value > high:
            value = math.floor(high / step) * step
        if float(step).is_integer():
            value = int(value)
    return value


def fit_length(text: str, schema: dict, rng: random.Random) -> str:
    low = schema.get("minLength")
    high = schema.get("maxLength")
    if high is not None and len(text) > high:
        text = text[: int(high)]
    if low is not None and len(text) < low:
        filler = "0123456789" if text.isascii() else "абвгдежзик"
        text = text + "".join(rng.choice(filler) for _ in range(int(low) - len(text)))
    return text


def search(pattern: str, text: str) -> bool:
    """`re.search` as JSON Schema's `pattern` means it; a pattern Python cannot read passes."""
    try:
        return re.search(pattern, text) is not None
    except re.error:
        return True


def _is_base64(text: str) -> bool:
    try:
        base64.b64decode(text, validate=True)
    except ValueError:  # binascii.Error included
        return False
    return True


def format_value(fmt: str, text: str, rng: random.Random) -> str:
    """`text` if it already has the format, else a realistic value that has."""
    if fmt == "date":
        return "2026-01-15" if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else text
    if fmt == "time":
        return "09:00:00Z"
    if fmt == "email" and "@" not in text:
        return f"seller{rng.randint(1, 999)}@example.ru"
    if fmt in ("uri", "url", "iri") and "://" not in text:
        return cdn_file(rng)
    if fmt == "uuid" and not re.fullmatch(r"[0-9a-f-]{36}", text):
        return uuid4_text(rng)
    if fmt == "ipv4":
        return f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    if fmt in ("int64", "uint64", "int32", "uint32") and not text.lstrip("-").isdigit():
        return str(rng.randint(1, 100_000))
    if fmt == "byte":
        return text if _is_base64(text) else TINY_PDF
    return text


# --- the pre-check -----------------------------------------------------------------------------------
def _number_fits(value: int | float, schema: dict) -> bool:
    if "minimum" in schema and value < schema["minimum"]:
        return False
    if "maximum" in schema and value > schema["maximum"]:
        return False
    x = schema.get("exclusiveMinimum")
    if isinstance(x, (int, float)) and not isinstance(x, bool) and value <= x:
        return False
    x = schema.get("exclusiveMaximum")
    if isinstance(x, (int, float)) and not isinstance(x, bool) and value >= x:
        return False
    bounds = INT_BOUNDS.get(schema.get("format") or "")
    return not (bounds and isinstance(value, int) and not bounds[0] <= value <= bounds[1])


def _string_fits(value: str, schema: dict) -> bool:
    if "minLength" in schema and len(value) < schema["minLength"]:
        return False
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        return False
    if "pattern" in schema and not search(schema["pattern"], value):
        return False
    return not (schema.get("format") == "date-time" and not _is_datetime(value))


def scalar_fits(value: Any, schema: dict) -> bool:
    """Does a scalar satisfy a schema's type, enum, const, bounds, length and pattern keywords?
    (A fast pre-check for echo and conform; the full validator has the last word.)"""
    if not isinstance(schema, dict):
        return schema is not False
    declared = schema.get("type")
    if declared is not None:
        types = declared if isinstance(declared, list) else [declared]
        if not any(is_type(value, t) for t in types):
            return False
    if "enum" in schema and not any(same(value, m) for m in schema["enum"]):
        return False
    if "const" in schema and not same(value, schema["const"]):
        return False
    if isinstance(value, (int, float)) and not isinstance(value, bool) and not _number_fits(value, schema):
        return False
    return not (isinstance(value, str) and not _string_fits(value, schema))


def _is_datetime(text: str) -> bool:
    if "T" not in text.upper():
        return False
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return False
    return True
