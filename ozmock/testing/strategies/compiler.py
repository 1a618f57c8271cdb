"""The schema compiler: our JSON Schema subset straight into Hypothesis strategies.

Types (also type lists), properties / required, items, enum, anyOf, string lengths and patterns,
numeric bounds, item counts, formats and `$defs` recursion compile to `st.fixed_dictionaries`,
`st.lists`, `st.from_regex`...; well-known field names get realistic values (`values.py`) mixed
with edge cases. `allOf` is merged and `oneOf` is `anyOf` filtered to exactly one branch; any other
keyword is refused by name (every schema in `schemas/` stays inside the subset: tested).
"""
from __future__ import annotations

import base64
import re
import string
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import orjson
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from ...generate.names import singular
from .values import VATS, barcodes, offer_ids, posting_numbers, prices, product_names, timestamps

INT64 = 2**63 - 1
UINT64 = 2**64 - 1
INT32 = 2**31 - 1
MAX_ARRAY = 3            # generated arrays hold at most this many items unless the schema needs more
MAX_TEXT = 40            # free text is at most this long unless the schema needs more
MAX_REF_DEPTH = 2        # a recursive `$defs` entry is unrolled this many times
KNOWN = frozenset({"type", "properties", "required", "items", "enum", "const", "anyOf", "format", "pattern",
                   "minLength", "maxLength", "minItems", "maxItems", "uniqueItems", "minimum", "maximum",
                   "exclusiveMinimum", "exclusiveMaximum", "additionalProperties", "$ref", "$defs", "$schema",
                   "default", "deprecated", "description", "title", "examples", "readOnly", "writeOnly",
                   "nullable"})
# Request fields that bound a period: a real client sends them in order and a few days apart.
PERIODS = (("since", "to"), ("from", "to"), ("date_from", "date_to"), ("cutoff_from", "cutoff_to"),
           ("published_from", "published_to"), ("created_from", "created_to"), ("updated_from", "updated_to"),
           ("delivering_date_from", "delivering_date_to"), ("processed_at_from", "processed_at_to"),
           ("start_date", "end_date"), ("date_start", "date_end"), ("period_from", "period_to"))
MAX_PERIOD = timedelta(days=20)
# requests ask about the recent past of the default worlds' clock (2026-01-15)
REQUEST_SINCE, REQUEST_UNTIL = datetime(2025, 11, 20), datetime(2026, 1, 14)
NAMED_RANGES = {"month": (1, 12), "year": (2024, 2025), "day": (1, 28), "days": (1, 30), "hour": (0, 23)}
_TEXT_ALPHABET = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
_PLAIN_ALPHABET = st.sampled_from(string.ascii_letters + string.digits + " -_" + "абвгдеёжзийклмнопрстуфхцчшщыэюя")


def from_schema(schema: dict, *, side: str = "response", realistic: bool | None = None) -> st.SearchStrategy:
    """A strategy for one JSON schema (our subset; `ValueError` names a keyword outside it).

    `side="request"` follows what real clients send (protojson numbers as numbers or numeric
    strings, ordered periods, first pages). `realistic` (default: on for requests, off for
    responses) keeps values plausible; off, odd-but-valid values (long unicode, int64 extremes,
    empty lists) are mixed in to harden parsers. Values are not re-validated here —
    `requests()` / `responses()` do that.
    """
    return _Compiler(schema, side, side == "request" if realistic is None else realistic).compile(schema, (), "")


class _Compiler:
    """One schema document's compiler; `None` stands for "no value" (a cut recursion, `false`)."""

    def __init__(self, root: dict, side: str, realistic: bool = False):
        self.root = root
        self.defs = root.get("$defs", {}) if isinstance(root, dict) else {}
        self.side = side
        self.realistic = realistic
        self._required_here: list[str] = []

    def compile(self, schema: Any, refs: tuple, name: str) -> st.SearchStrategy | None:
        if schema is True or schema == {}:
            return _any_json()
        if schema is False:
            return None
        if not isinstance(schema, dict):
            raise TypeError(f"not a schema: {schema!r}")
        if "$ref" in schema:
            return self._ref(schema, refs, name)
        if set(schema) - KNOWN:
            return self._fallback(schema, refs, name)
        if "anyOf" in schema:
            return self._any_of(schema, refs, name)
        if "const" in schema:
            return st.just(schema["const"])
        if "enum" in schema:
            return _enum(schema)
        types = schema.get("type")
        if types is None:
            types = _implied_type(schema)
        if isinstance(types, list):
            return self._type_list(schema, types, refs, name)
        return self._typed(schema, types, refs, name)

    def _ref(self, schema: dict, refs: tuple, name: str):
        target = schema["$ref"]
        if not target.startswith("#/$defs/"):
            return self._fallback(schema, refs, name)
        key = target[len("#/$defs/"):]
        if refs.count(key) >= MAX_REF_DEPTH:
            return None                      # recursion cut: the parent leaves it out / empty
        return self.compile(self.defs[key], refs + (key,), name)

    def _any_of(self, schema: dict, refs: tuple, name: str):
        base = {k: v for k, v in schema.items() if k != "anyOf"}
        options = [s for s in (self.compile(_merge(base, branch), refs, name) for branch in schema["anyOf"])
                   if s is not None]
        return st.one_of(options) if options else None

    def _type_list(self, schema: dict, types: list, refs: tuple, name: str):
        concrete = [t for t in types if t != "null"]
        if self.side == "request" and len(concrete) > 1 and "string" in concrete and (
                "integer" in concrete or "number" in concrete):
            return self._number_or_text(schema, "integer" if "integer" in concrete else "number", refs, name)
        options = [s for s in (self._typed(schema, t, refs, name) for t in concrete) if s is not None]
        if "null" in types:
            options.append(st.none())
        return st.one_of(options) if options else None

    def _number_or_text(self, schema: dict, number: str, refs: tuple, name: str):
        """protojson: a number may travel as a numeric string (read as that number, so the bounds
        apply); clients mostly send numbers."""
        numeric = self._typed({k: v for k, v in schema.items() if k != "pattern"}, number, refs, name)
        if numeric is None:
            return None
        as_text = numeric.map(lambda n: str(n) if isinstance(n, int) else repr(float(n)))
        if "pattern" in schema:
            pattern = re.compile(schema["pattern"])
            as_text = as_text.filter(lambda text: pattern.search(text) is not None)
        return st.one_of(numeric, numeric, as_text)

    def _typed(self, schema: dict, kind: str, refs: tuple, name: str):
        if kind == "object":
            return self._object(schema, refs)
        if kind == "array":
            return self._array(schema, refs, name)
        if kind == "string":
            return _string(schema, name, self.side, self.realistic)
        if kind == "integer":
            return _integer(schema, name, self.side, self.realistic)
        if kind == "number":
            return _number(schema, self.realistic)
        if kind == "boolean":
            return st.booleans()
        if kind == "null":
            return st.none()
        return self._fallback(schema, refs, name)

    def _object(self, schema: dict, refs: tuple):
        properties = schema.get("properties", {})
        required = list(dict.fromkeys(schema.get("required", [])))
        fixed, optional = {}, {}
        for key, sub in properties.items():
            self._required_here = required
            strategy = self.compile(sub, refs, key)
            if key in required:
                if strategy is None:
                    return None
                fixed[key] = strategy
            elif strategy is not None:
                optional[key] = strategy
        for key in required:
            if key not in properties:
                fixed[key] = _any_json()
        strategy = st.fixed_dictionaries(fixed, optional=optional)
        if self.side == "request" and any(a in properties and b in properties for a, b in PERIODS):
            strategy = strategy.map(_ordered_periods)
        return strategy

    def _array(self, schema: dict, refs: tuple, name: str):
        low = int(schema.get("minItems", 0))
        high = schema.get("maxItems")
        top = max(low, min(int(high), MAX_ARRAY) if high is not None else MAX_ARRAY)
        element = self.compile(schema.get("items", {}), refs, singular(name))
        if element is None:
            return st.just([]) if low == 0 else None
        if self.side == "request" and name in self._required_here:
            low = max(low, 1)        # a required list is sent to hold something
            top = max(top, low)
        if schema.get("uniqueItems"):
            return st.lists(element, min_size=low, max_size=top, unique_by=_json_key)
        return st.lists(element, min_size=low, max_size=top)

    def _fallback(self, schema: dict, refs: tuple, name: str):
        """The combinators our subset can express; a clear refusal for the rest."""
        if "allOf" in schema:
            merged = {k: v for k, v in schema.items() if k != "allOf"}
            for branch in schema["allOf"]:
                merged = _merge(merged, branch)
            return self.compile(merged, refs, name)
        if "oneOf" in schema:
            branches = [Draft202012Validator({**branch, "$defs": self.defs}) for branch in schema["oneOf"]]
            options = self.compile({**{k: v for k, v in schema.items() if k != "oneOf"}, "anyOf": schema["oneOf"]},
                                   refs, name)
            return None if options is None else options.filter(
                lambda value: sum(branch.is_valid(value) for branch in branches) == 1)
        unknown = sorted(set(schema) - KNOWN) or [schema.get("$ref") or schema.get("type")]
        raise ValueError(f"from_schema: {', '.join(map(str, unknown))} is outside the JSON Schema subset ozmock "
                         f"compiles (types, properties, items, enum, const, anyOf/oneOf/allOf, bounds, patterns, "
                         f"formats, local $ref)")


# --- structure helpers -------------------------------------------------------------------------------
def _merge(base: dict, branch: dict) -> dict:
    """Both schemas at once (an approximation of allOf, exact for the shapes our anyOfs take)."""
    merged = dict(base)
    for key, value in branch.items():
        if key == "properties":
            own = base.get("properties", {})
            merged["properties"] = {**own, **{name: _merge(own[name], sub) if name in own else sub
                                             for name, sub in value.items()}}
        elif key == "required":
            merged["required"] = list(dict.fromkeys(list(base.get("required", [])) + list(value)))
        else:
            merged[key] = value
    return merged


def _enum(schema: dict):
    values = schema["enum"]
    types = schema.get("type")
    if types is not None:
        values = [v for v in values if json_type_ok(v, types if isinstance(types, list) else [types])]
    if "minimum" in schema:
        values = [v for v in values if not isinstance(v, (int, float)) or v >= schema["minimum"]]
    return st.sampled_from(values) if values else None


def _implied_type(schema: dict):
    if "properties" in schema or "required" in schema:
        return "object"
    if "items" in schema:
        return "array"
    if "pattern" in schema or "maxLength" in schema or "minLength" in schema:
        return "string"
    if "minimum" in schema or "maximum" in schema:
        return "number"
    return ["object", "array", "string", "integer", "number", "boolean"]


def json_type_ok(value: Any, allowed: list[str]) -> bool:
    """Is `value` one of the JSON types `allowed` (strictly: 1.0 is not an integer, True not a number)?"""
    kinds = {"null": value is None, "boolean": isinstance(value, bool),
             "integer": isinstance(value, int) and not isinstance(value, bool),
             "number": isinstance(value, (int, float)) and not isinstance(value, bool),
             "string": isinstance(value, str), "array": isinstance(value, list), "object": isinstance(value, dict)}
    return any(kinds.get(kind, False) for kind in allowed)


def _json_key(value: Any) -> str:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


def _any_json():
    scalars = st.none() | st.booleans() | st.integers(-1000, 10**6) | st.text(max_size=10)
    return st.recursive(scalars, lambda inner: st.lists(inner, max_size=2) | st.dictionaries(
        st.text(string.ascii_lowercase + "_", min_size=1, max_size=8), inner, max_size=2), max_leaves=4)


# --- scalars -------------------------------------------------------------------------------------
def _within(strategy, low: int, high: Any):
    return strategy.filter(lambda s: len(s) >= low and (high is None or len(s) <= high))


def _formatted(fmt: str | None, side: str):
    """The strategy for a string `format`, or None for free text."""
    if fmt == "date-time":
        return timestamps(REQUEST_SINCE, REQUEST_UNTIL) if side == "request" else timestamps()
    if fmt == "date":
        return st.dates(datetime(2020, 1, 1).date(), datetime(2030, 12, 31).date()).map(str)
    if fmt == "byte":
        return st.binary(max_size=24).map(lambda b: base64.b64encode(b).decode())
    if fmt in ("uuid",):
        return st.uuids().map(str)
    return None


def _string(schema: dict, name: str, side: str = "response", realistic_only: bool = False):
    low = int(schema.get("minLength", 0))
    high = schema.get("maxLength")
    pattern = schema.get("pattern")
    if pattern is not None:
        strategy = st.from_regex(pattern, fullmatch=True)
        return _within(strategy, low, high) if low or high is not None else strategy
    formatted = _formatted(schema.get("format"), side)
    if formatted is not None:
        return formatted
    realistic = _realistic_text(name, side)
    top = max(low, min(int(high), MAX_TEXT)) if high is not None else max(low, MAX_TEXT)
    generic = st.text(_PLAIN_ALPHABET if realistic_only else _TEXT_ALPHABET, min_size=low,
                      max_size=min(top, 24) if realistic_only and top >= max(low, 1) else top)
    if realistic is None:
        return generic
    if low or high is not None:
        realistic = _within(realistic, low, high)
    if realistic_only:              # what a real client sends / a real server answers
        return realistic
    return st.one_of(realistic, realistic, realistic, generic)   # parsers also meet odd values


def _request_text(lowered: str):
    """What a real client sends in a paging / sorting / period field."""
    if lowered in ("dir", "sort_dir", "direction"):
        return st.sampled_from(["ASC", "DESC"])
    if lowered == "language":
        return st.sampled_from(["DEFAULT", "RU", "EN"])
    if lowered in ("cursor", "last_id", "page_token"):
        return st.just("")                       # the first page: a real client has no cursor yet
    if "date" in lowered or lowered in ("since", "to", "from"):
        return st.dates(REQUEST_SINCE.date(), REQUEST_UNTIL.date()).map(str)
    return None


def _realistic_text(name: str, side: str = "response"):
    lowered = name.lower()
    if side == "request" and (chosen := _request_text(lowered)) is not None:
        return chosen
    if lowered in ("offer_id", "offer_ids", "vendor_code", "article"):
        return offer_ids()
    if "barcode" in lowered:
        return barcodes()
    if lowered.endswith("price") or lowered in ("price", "old_price", "min_price", "marketing_price", "amount",
                                                 "payout", "commission_amount", "delivery_price"):
        return prices()
    if lowered in ("currency_code", "currency"):
        return st.sampled_from(["RUB", "RUB", "RUB", "BYN", "KZT", "EUR", "USD", "CNY"])
    if "posting_number" in lowered:
        return posting_numbers()
    if lowered in ("vat",):
        return st.sampled_from(list(VATS))
    if lowered in ("name", "title", "product_name"):
        return product_names()
    if lowered.endswith(("url", "link", "image", "picture", "primary_image", "color_image")):
        return st.from_regex(r"https://cdn1\.ozone\.ru/s3/multimedia-[a-z0-9]{1,2}/[0-9]{10}\.jpg", fullmatch=True)
    if lowered.endswith("_at") or lowered.endswith("date") or lowered in ("since", "to", "from"):
        return timestamps()
    return None


def _integer_bounds(schema: dict, side: str) -> tuple[int, int]:
    fmt = schema.get("format")
    low, high = (-INT32 - 1, INT32) if fmt in ("int32",) else (0, UINT64) if fmt in ("uint64", "uint32") \
        else (-INT64 - 1, INT64)
    if fmt == "uint32":
        high = 2**32 - 1
    if "minimum" in schema:
        low = max(low, int(-(-schema["minimum"] // 1)))
    if "exclusiveMinimum" in schema:
        low = max(low, int(schema["exclusiveMinimum"] // 1) + 1)
    if "maximum" in schema:
        high = min(high, int(schema["maximum"] // 1))
    if "exclusiveMaximum" in schema:
        high = min(high, int(-(-schema["exclusiveMaximum"] // 1)) - 1)
    if side == "request":          # protojson refuses integers outside int64
        low, high = max(low, -INT64 - 1), min(high, INT64)
    return low, high


def _clipped(low: int, high: int, floor: int, ceiling: int):
    """Integers in [floor, ceiling] narrowed to [low, high]; None when they do not meet."""
    return st.integers(max(low, floor), min(high, ceiling)) if max(low, floor) <= min(high, ceiling) else None


def _integer(schema: dict, name: str, side: str = "response", realistic_only: bool = False):
    low, high = _integer_bounds(schema, side)
    if low > high:
        return None
    lowered = name.lower()
    if lowered in NAMED_RANGES and (named := _clipped(low, high, *NAMED_RANGES[lowered])) is not None:
        return named
    if lowered.endswith(("_id", "_ids", "sku", "skus")) or lowered in ("id", "sku"):
        typical = _clipped(low, high, 1, 10**12)
    elif lowered in ("limit", "page_size", "count", "quantity", "offset", "page"):
        typical = _clipped(low, high, 1, 100)
    elif realistic_only:
        typical = _clipped(low, high, 0, 1000)
    else:
        typical = _clipped(low, high, -1000, 100_000)
    edges = st.integers(low, high)
    if typical is None:
        return edges
    return typical if realistic_only else st.one_of(typical, typical, edges)


def _number(schema: dict, realistic_only: bool = False):
    options: dict[str, Any] = {"allow_nan": False, "allow_infinity": False}
    if "minimum" in schema:
        options["min_value"] = float(schema["minimum"])
    if "maximum" in schema:
        options["max_value"] = float(schema["maximum"])
    if "exclusiveMinimum" in schema:
        options["min_value"], options["exclude_min"] = float(schema["exclusiveMinimum"]), True
    if "exclusiveMaximum" in schema:
        options["max_value"], options["exclude_max"] = float(schema["exclusiveMaximum"]), True
    typical = st.decimals(Decimal("0"), Decimal("100000"), places=2).map(float)
    if "min_value" in options or "max_value" in options:
        lo, hi = options.get("min_value", -1e12), options.get("max_value", 1e12)
        typical = typical.filter(lambda x: lo <= x <= hi and (x != lo or not options.get("exclude_min"))
                                 and (x != hi or not options.get("exclude_max")))
    if realistic_only:
        return typical
    return st.one_of(typical, st.floats(**options))


# --- periods -------------------------------------------------------------------------------------
def _ordered_periods(body: dict) -> dict:
    """`since` before `to`, at most 20 days apart (documented windows run from 31 days to 3 months)."""
    for start, end in PERIODS:
        first, last = body.get(start), body.get(end)
        if not (isinstance(first, str) and isinstance(last, str)):
            continue
        if last < first:
            first, last = last, first
        try:
            begin, finish = _parse_moment(first), _parse_moment(last)
        except ValueError:
            continue
        if finish - begin > MAX_PERIOD:
            last = _render_like(last, begin + MAX_PERIOD)
        body = {**body, start: first, end: last}
    return body


def _parse_moment(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).replace(tzinfo=None)


def _render_like(example: str, moment: datetime) -> str:
    if "T" not in example:
        return moment.date().isoformat()
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + ("Z" if example.endswith("Z") else "")
