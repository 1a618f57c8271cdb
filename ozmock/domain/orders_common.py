"""Small shared pieces of the orders area (postings, labels, acts, returns, push): time helpers,
the documented error strings, request readers and the response *shaper*.

The shaper projects one rich internal view of a posting onto the response schema of the
operation being answered: unknown keys are dropped, `null` is kept only where the schema allows
it, values of the wrong JSON type are left out. So every API version (v2 get, v3 list, v4 list,
...) can be fed the same canonical record and still answers exactly its own contract.
"""
from __future__ import annotations

import functools
from datetime import datetime, timezone
from typing import Any, Callable

from ..clock import iso, parse_iso
from ..errors import OzonError
from ..registry import Call
from .product_common import as_int, as_str, int_list, str_list  # noqa: F401  (re-exported for the orders modules)
from .products import PRODUCTS_LOCK

# One lock for products and orders: order flows move stock, so both areas change together.
ORDERS_LOCK = PRODUCTS_LOCK

# --- documented error strings ---------------------------------------------------------------------
POSTING_NOT_FOUND = "POSTING_NOT_FOUND"
POSTING_ALREADY_CANCELLED = "POSTING_ALREADY_CANCELLED"
POSTING_ALREADY_SHIPPED = "POSTING_ALREADY_SHIPPED"
HAS_INCORRECT_STATUS = "HAS_INCORRECT_STATUS"
HAS_INCORRECT_PRODUCT_QUANTITY = "HAS_INCORRECT_PRODUCT_QUANTITY"
UNKNOWN_PRODUCT = "UNKNOWN_PRODUCT_DEFINED"
HAS_INCORRECT_CANCEL_REASON = "HAS_INCORRECT_CANCEL_REASON"
TRANSITION_IS_NOT_POSSIBLE = "TRANSITION_IS_NOT_POSSIBLE"
HAS_INCORRECT_TPL_INTEGRATION_TYPE = "HAS_INCORRECT_TPL_INTEGRATION_TYPE"
EXEMPLAR_INFO_NOT_FILLED_COMPLETELY = "EXEMPLAR_INFO_NOT_FILLED_COMPLETELY"
EXEMPLAR_INFO_ALREADY_DEFINED = "EXEMPLAR_INFO_ALREADY_DEFINED"
MANDATORY_MARK_REDUNDANT = "MANDATORY_MARK_REDUNDANT"
POSTINGS_NOT_READY = "The next postings aren't ready"
NO_POSTINGS_FOR_BATCH_DOWNLOAD = "NO_POSTINGS_FOR_BATCH_DOWNLOAD"
LABEL_NOT_ALLOWED = "label not allowed for delivered postings"
INVALID_ARGUMENT = "INVALID_ARGUMENT"
POSTING_NUMBERS_IS_INCORRECT_FOR_COMPANY = "POSTING_NUMBERS_IS_INCORRECT_FOR_COMPANY"
DELIVERY_METHOD_NOT_FOUND = "DELIVERY_METHOD_NOT_FOUND"
NO_POSTINGS = "no_postings"
INCORRECT_CARRIAGE_STATUS = "Incorrect_carriage_status"
CONTAINERS_NOT_ALLOWED = "Trying set ContainersCount to not HasEntrustedAcceptance company"
MUST_BE_AWAITING_PACKAGING = "Posting must have 'awaiting_packaging' status"
INVALID_POSTING_STATE = "INVALID_POSTING_STATE"
PERIOD_IS_TOO_LONG = "PERIOD_IS_TOO_LONG"
MAX_OFFSET_EXCEEDED = "MAX_OFFSET_EXCEEDED"

YEAR = 366 * 86_400.0


def bad(message: str, *details: str, code: str | None = None) -> OzonError:
    """400 / 3 with the documented error string; `details` name what it is about (e.g. posting numbers),
    each as `{"typeUrl": <error code>, "value": ...}`."""
    return OzonError(3, message, details=[{"typeUrl": code or message, "value": value} for value in details])


def missing(message: str = POSTING_NOT_FOUND, *details: str) -> OzonError:
    return OzonError(5, message, details=[{"typeUrl": message, "value": value} for value in details])


# --- time -----------------------------------------------------------------------------------------
def stamp(t: float | None) -> str | None:
    """Epoch seconds -> the API's RFC 3339 text (None stays None)."""
    if t is None:
        return None
    return _stamp(t)


@functools.lru_cache(maxsize=1 << 16)
def _stamp(t: float) -> str:
    return iso(datetime.fromtimestamp(t, tz=timezone.utc))


def parse_time(value: Any, field: str) -> float | None:
    """A request timestamp (RFC 3339) as epoch seconds; None when absent, 400 naming the field when bad."""
    text = as_str(value).strip()
    if not text:
        return None
    try:
        return parse_iso(text).timestamp()
    except ValueError:
        raise OzonError(3, f"{field} is not an RFC 3339 timestamp ({text!r})") from None


def now_of(call: Call) -> float:
    return (call.now or call.world.clock.now()).timestamp()


def locked(handler: Callable[[Call], dict]) -> Callable[[Call], dict]:
    """Run a handler under the orders lock, after time-driven changes up to now have happened."""
    @functools.wraps(handler)
    def run(call: Call) -> dict:
        from .postings import settle_seller  # late: postings imports this module
        from .push import ensure_running
        with ORDERS_LOCK:
            settle_seller(call.world, call.seller, now_of(call))
            result = handler(call)
        ensure_running(call.world)
        return result
    return run


# --- the shaper -----------------------------------------------------------------------------------
_DROP = object()
_SHAPERS: dict[int, Callable[[Any], Any]] = {}


def _types(schema: dict) -> set[str] | None:
    kind = schema.get("type")
    if kind is None:
        return None
    return {kind} if isinstance(kind, str) else set(kind)


def _scalar_ok(value: Any, types: set[str] | None) -> bool:
    if types is None:
        return True
    if isinstance(value, bool):
        return "boolean" in types
    if isinstance(value, int):
        return bool(types & {"integer", "number"})
    if isinstance(value, float):
        return "number" in types or ("integer" in types and value.is_integer())
    if isinstance(value, str):
        return "string" in types
    if isinstance(value, list):
        return "array" in types
    if isinstance(value, dict):
        return "object" in types
    return False


_PY_TYPES = {"string": (str,), "integer": (int,), "number": (int, float), "boolean": (bool,), "array": (list,),
             "object": (dict,)}


def _python_types(types: set[str] | None) -> frozenset:
    """Python types a value may have to pass unchanged (the fast path of the scalar shaper)."""
    if types is None:
        return frozenset({str, int, float, bool, list, dict})
    return frozenset(t for name in types for t in _PY_TYPES.get(name, ()))


def compile_shape(schema: Any) -> Callable[[Any], Any]:
    if not isinstance(schema, dict) or not schema:
        return lambda value: value
    cached = _SHAPERS.get(id(schema))
    if cached is not None:
        return cached
    types = _types(schema)
    nullable = types is None or "null" in types
    enum = schema.get("enum")
    props = schema.get("properties")
    items = schema.get("items")

    if isinstance(props, dict) and props and (types is None or "object" in types):
        subs = {name: compile_shape(sub) for name, sub in props.items()}

        def shape(value: Any) -> Any:
            if value is None:
                return None if nullable else _DROP
            if not isinstance(value, dict):
                return _DROP
            out = {}
            for name, sub in subs.items():
                if name in value:
                    result = sub(value[name])
                    if result is not _DROP:
                        out[name] = result
            return out
    elif isinstance(items, dict) and (types is None or "array" in types):
        item = compile_shape(items)

        def shape(value: Any) -> Any:
            if value is None:
                return None if nullable else _DROP
            if not isinstance(value, list):
                return _DROP
            out = []
            for entry in value:
                result = item(entry)
                if result is not _DROP:
                    out.append(result)
            return out
    else:
        fast = _python_types(types)

        def shape(value: Any) -> Any:
            if value is None:
                return None if nullable else _DROP
            if type(value) not in fast and not _scalar_ok(value, types):
                return _DROP
            if enum is not None and value not in enum:
                return _DROP
            if isinstance(value, float) and types is not None and "number" not in types:
                return int(value)
            return value
    _SHAPERS[id(schema)] = shape
    return shape


def shaped(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    """`body` projected onto the response schema of the operation being answered."""
    result = compile_shape(call.operation.response_schema)(body)
    return result if isinstance(result, dict) else {}


def schema_at(call: Call, *path: str) -> dict[str, Any]:
    """The response sub-schema at a property path (empty when the contract has none)."""
    node: Any = call.operation.response_schema
    for name in path:
        if not isinstance(node, dict):
            return {}
        if name == "[]":
            node = node.get("items")
        else:
            node = (node.get("properties") or {}).get(name)
    return node if isinstance(node, dict) else {}


def wants_array(call: Call, *path: str) -> bool:
    types = _types(schema_at(call, *path))
    return types is not None and "array" in types


# --- request helpers ------------------------------------------------------------------------------
def page_size(value: Any, default: int, maximum: int) -> int:
    size = as_int(value, 0)
    if size <= 0:
        return default
    return min(size, maximum)


def as_float(value: Any, default: float = 0.0) -> float:
    """A double from a JSON number or numeric string; `default` otherwise (and for NaN/inf)."""
    if isinstance(value, bool) or value is None:
        return default
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return number if number == number and abs(number) != float("inf") else default


def flag(body: Any, *path: str) -> bool:
    node = body
    for name in path:
        if not isinstance(node, dict):
            return False
        node = node.get(name)
    return node is True or (isinstance(node, str) and node.lower() == "true")


def obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def lst(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
