"""Hypothesis strategies for Ozon Seller API data: requests and responses of every operation,
realistic domain values, and invalid variants that break one documented rule at a time.

    from hypothesis import given
    from ozmock.strategies import responses, requests, product_items, invalid

    @given(responses("POST /v3/product/info/list"))
    def test_my_parser_reads_every_valid_answer(body):
        parse_products(body)

Operations are named `"POST /v3/product/import"`, `"/v3/product/import"` (when one method lives
there) or by their `schemas/` slug (`"post_v3_product_import"`).

How bodies are generated
    Our schemas (one file per operation in `schemas/`) use a small part of JSON Schema: types
    (also type lists), properties / required, items, enum, anyOf, string lengths and patterns,
    numeric bounds, item counts, formats, and `$defs` recursion for tree-shaped answers. This
    module compiles that subset straight into Hypothesis strategies (`st.fixed_dictionaries`,
    `st.from_regex`, ...) and fills well-known fields (`offer_id`, `barcode`, prices, posting
    numbers, timestamps, ids) with realistic values mixed with edge cases. Any keyword outside
    the subset is handed to `hypothesis-jsonschema`. Every value is checked against the
    operation's compiled validator before it is yielded.

    Why not hypothesis-jsonschema for everything: measured on these schemas it cannot resolve
    the five recursive ones (`/v1/description-category/tree`, `/v1/category/tree`,
    `/v1/categories/tree`, `/v2/category/tree`, `/v1/category/attribute`: "Could not resolve
    recursive references"), and its per-draw object merging is slow on our larger request
    schemas (10 examples of `/v2/order/create` took about a minute, `/v1/draft/multi-cluster/create`
    half of that), which makes property tests over hundreds of operations impractical. The
    library stays the fallback for anything the compiler does not know.
"""
from __future__ import annotations

import base64
import re
import string
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from functools import lru_cache
from typing import Any, Callable

from hypothesis import strategies as st

__all__ = ["requests", "responses", "from_schema", "paths", "offer_ids", "barcodes", "ean13", "prices",
           "posting_numbers", "product_items", "postings", "invalid", "invalid_product_items", "Broken",
           "operation", "POSTING_STATUSES", "BrokenItem"]

INT64 = 2**63 - 1
UINT64 = 2**64 - 1
INT32 = 2**31 - 1
MAX_ARRAY = 3            # generated arrays hold at most this many items unless the schema needs more
MAX_TEXT = 40            # free text is at most this long unless the schema needs more
MAX_REF_DEPTH = 2        # a recursive `$defs` entry is unrolled this many times
UTC = timezone.utc
KNOWN = frozenset({"type", "properties", "required", "items", "enum", "const", "anyOf", "format", "pattern",
                   "minLength", "maxLength", "minItems", "maxItems", "uniqueItems", "minimum", "maximum",
                   "exclusiveMinimum", "exclusiveMaximum", "additionalProperties", "$ref", "$defs", "$schema",
                   "default", "deprecated", "description", "title", "examples", "readOnly", "writeOnly",
                   "nullable"})


# --- operations --------------------------------------------------------------------------------------
def operation(name: Any):
    """The catalog's Operation for `"POST /v3/product/import"`, `"/v3/product/import"`, a slug or an Operation."""
    from .catalog import Operation, load_catalog

    if isinstance(name, Operation):
        return name
    catalog = load_catalog()
    text = str(name).strip()
    if text in catalog.by_slug:
        return catalog.by_slug[text]
    method, _, path = text.partition(" ") if " " in text else ("", "", text)
    found = [op for op in catalog if op.path == path and (not method or op.method == method.upper())]
    if len(found) == 1:
        return found[0]
    if not found:
        raise ValueError(f"no operation {text!r} (write 'POST /v3/product/import', '/v3/product/import' or a slug)")
    raise ValueError(f"{path} has several methods ({', '.join(op.method for op in found)}); name one")


def requests(op: Any) -> st.SearchStrategy[dict]:
    """Valid request bodies for an operation (`{}` for operations without a body)."""
    return _requests(operation(op))


def responses(op: Any) -> st.SearchStrategy[dict]:
    """Valid 200 response bodies for an operation: what a client's parser must cope with."""
    return _responses(operation(op))


@lru_cache(maxsize=None)
def _requests(op) -> st.SearchStrategy[dict]:
    if op.request_schema is None:
        return st.just({})
    return _checked(from_schema(op.request_schema, side="request"), _server_accepts(op), op, "request")


def _server_accepts(op):
    """Valid as the server reads a body: nulls dropped, numeric strings read as numbers (protojson)."""
    import copy
    from .errors import OzonError
    from .pipeline import validation

    validator = op.request_validator

    class Check:
        @staticmethod
        def is_valid(body: Any) -> bool:
            value = validation.drop_nulls(copy.deepcopy(body))
            coerce = getattr(validation, "coerce_numbers", None)
            try:
                if coerce is not None:
                    value = coerce(op.request_schema, value)
            except OzonError:
                return False
            return validator.is_valid(value)

    return Check


@lru_cache(maxsize=None)
def _responses(op) -> st.SearchStrategy[dict]:
    return _checked(from_schema(op.response_schema, side="response"), op.response_validator, op, "response")


def _checked(strategy: st.SearchStrategy, validator, op, side: str) -> st.SearchStrategy:
    """The compiler aims at valid values; this makes it a guarantee (rejections are rare)."""
    if strategy is None:
        raise ValueError(f"cannot generate a {side} for {op.method} {op.path}: its schema admits no finite value")
    return strategy.filter(validator.is_valid)


def paths(op: Any) -> st.SearchStrategy[str]:
    """Concrete request paths: templated parameters (`/v1/order/{order_id}`) filled by their schema."""
    op = operation(op)
    names = re.findall(r"\{(\w+)\}|:(\w+)", op.path)
    if not names:
        return st.just(op.path)
    parts = {}
    for braces, colon in names:
        name = braces or colon
        schema = op.path_params.get(name) or {"type": "string"}
        kinds = schema.get("type", "string")
        if "integer" in (kinds if isinstance(kinds, list) else [kinds]):
            parts[name] = st.integers(1, 10**12).map(str)
        else:
            parts[name] = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9-]{0,20}", fullmatch=True)

    def fill(values: dict[str, str]) -> str:
        path = op.path
        for name, value in values.items():
            path = path.replace("{" + name + "}", value).replace(":" + name, value)
        return path

    return st.fixed_dictionaries(parts).map(fill)


# --- the schema compiler --------------------------------------------------------------------------
def from_schema(schema: dict, *, side: str = "response", realistic: bool | None = None) -> st.SearchStrategy:
    """A strategy for one JSON schema (our subset; other keywords go to hypothesis-jsonschema).

    `side="request"` follows what real clients send (protojson numbers as numbers or numeric
    strings, ordered periods, first pages). `realistic` (default: on for requests, off for
    responses) keeps values plausible; off, odd-but-valid values (long unicode, int64 extremes,
    empty lists) are mixed in to harden parsers. Values are not re-validated here —
    `requests()` / `responses()` do that.
    """
    return _Compiler(schema, side, side == "request" if realistic is None else realistic).compile(schema, (), "")


class _Compiler:
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
        unknown = set(schema) - KNOWN
        if unknown:
            return self._fallback(schema)
        if "anyOf" in schema:
            return self._any_of(schema, refs, name)
        if "const" in schema:
            return st.just(schema["const"])
        if "enum" in schema:
            return self._enum(schema)
        types = schema.get("type")
        if types is None:
            types = _implied_type(schema)
        if isinstance(types, list):
            return self._type_list(schema, types, refs, name)
        return self._typed(schema, types, refs, name)

    # structure
    def _ref(self, schema: dict, refs: tuple, name: str):
        target = schema["$ref"]
        if not target.startswith("#/$defs/"):
            return self._fallback(schema)
        key = target[len("#/$defs/"):]
        if refs.count(key) >= MAX_REF_DEPTH:
            return None                      # recursion cut: the parent leaves it out / empty
        return self.compile(self.defs[key], refs + (key,), name)

    def _any_of(self, schema: dict, refs: tuple, name: str):
        base = {k: v for k, v in schema.items() if k != "anyOf"}
        options = [s for s in (self.compile(_merge(base, branch), refs, name) for branch in schema["anyOf"])
                   if s is not None]
        return st.one_of(options) if options else None

    def _enum(self, schema: dict):
        values = schema["enum"]
        types = schema.get("type")
        if types is not None:
            allowed = types if isinstance(types, list) else [types]
            values = [v for v in values if _json_type_ok(v, allowed)]
        if "minimum" in schema:
            values = [v for v in values if not isinstance(v, (int, float)) or v >= schema["minimum"]]
        return st.sampled_from(values) if values else None

    def _type_list(self, schema: dict, types: list, refs: tuple, name: str):
        concrete = [t for t in types if t != "null"]
        if self.side == "request" and len(concrete) > 1 and "string" in concrete and (
                "integer" in concrete or "number" in concrete):
            # protojson: a number may travel as a numeric string (read as that number, so the
            # bounds apply); clients mostly send numbers
            number = "integer" if "integer" in concrete else "number"
            numeric = self._typed({k: v for k, v in schema.items() if k != "pattern"}, number, refs, name)
            if numeric is None:
                return None
            as_text = numeric.map(lambda n: str(n) if isinstance(n, int) else repr(float(n)))
            if "pattern" in schema:
                pattern = re.compile(schema["pattern"])
                as_text = as_text.filter(lambda text: pattern.search(text) is not None)
            return st.one_of(numeric, numeric, as_text)
        options = [s for s in (self._typed(schema, t, refs, name) for t in concrete) if s is not None]
        if "null" in types:
            options.append(st.none())
        return st.one_of(options) if options else None

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
            return _number(schema, name, self.realistic)
        if kind == "boolean":
            return st.booleans()
        if kind == "null":
            return st.none()
        return self._fallback(schema)

    def _object(self, schema: dict, refs: tuple):
        properties = schema.get("properties", {})
        required = [n for n in dict.fromkeys(schema.get("required", []))]
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
        items = schema.get("items", {})
        element = self.compile(items, refs, _singular(name))
        if element is None:
            return st.just([]) if low == 0 else None
        if self.side == "request" and name in self._required_here:
            low = max(low, 1)        # a required list is sent to hold something
            top = max(top, low)
        if schema.get("uniqueItems"):
            return st.lists(element, min_size=low, max_size=top, unique_by=_json_key)
        return st.lists(element, min_size=low, max_size=top)

    def _fallback(self, schema: dict):
        from hypothesis_jsonschema import from_schema as library_from_schema
        document = dict(schema)
        if self.defs and "$defs" not in document:
            document["$defs"] = self.defs
        return library_from_schema(document)


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


def _json_type_ok(value: Any, allowed: list[str]) -> bool:
    kinds = {"null": value is None, "boolean": isinstance(value, bool),
             "integer": isinstance(value, int) and not isinstance(value, bool),
             "number": isinstance(value, (int, float)) and not isinstance(value, bool),
             "string": isinstance(value, str), "array": isinstance(value, list), "object": isinstance(value, dict)}
    return any(kinds.get(kind, False) for kind in allowed)


def _json_key(value: Any) -> str:
    import orjson
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


def _any_json():
    scalars = st.none() | st.booleans() | st.integers(-1000, 10**6) | st.text(max_size=10)
    return st.recursive(scalars, lambda inner: st.lists(inner, max_size=2) | st.dictionaries(
        st.text(string.ascii_lowercase + "_", min_size=1, max_size=8), inner, max_size=2), max_leaves=4)


def _singular(name: str) -> str:
    if name.endswith("ies"):
        return name[:-3] + "y"
    if name.endswith("s") and not name.endswith("ss"):
        return name[:-1]
    return name


# --- scalars -------------------------------------------------------------------------------------
def _string(schema: dict, name: str, side: str = "response", realistic_only: bool = False):
    low = int(schema.get("minLength", 0))
    high = schema.get("maxLength")
    fmt = schema.get("format")
    pattern = schema.get("pattern")
    if pattern is not None:
        strategy = st.from_regex(pattern, fullmatch=True)
        if low or high is not None:
            strategy = strategy.filter(lambda s: len(s) >= low and (high is None or len(s) <= high))
        return strategy
    if fmt == "date-time":
        # requests ask about the recent past of the default worlds' clock (2026-01-15)
        return timestamps(datetime(2025, 11, 20), datetime(2026, 1, 14)) if side == "request" else timestamps()
    if fmt == "date":
        return st.dates(datetime(2020, 1, 1).date(), datetime(2030, 12, 31).date()).map(str)
    if fmt == "byte":
        return st.binary(max_size=24).map(lambda b: base64.b64encode(b).decode())
    if fmt in ("uuid",):
        return st.uuids().map(str)
    realistic = _realistic_text(name, side)
    top = max(low, min(int(high), MAX_TEXT)) if high is not None else max(low, MAX_TEXT)
    generic = st.text(_PLAIN_ALPHABET if realistic_only else _TEXT_ALPHABET, min_size=low,
                      max_size=min(top, 24) if realistic_only and top >= max(low, 1) else top)
    if realistic is None:
        return generic
    if low or high is not None:
        realistic = realistic.filter(lambda s: len(s) >= low and (high is None or len(s) <= high))
    if realistic_only:              # what a real client sends / a real server answers
        return realistic
    return st.one_of(realistic, realistic, realistic, generic)   # parsers also meet odd values


_TEXT_ALPHABET = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
_PLAIN_ALPHABET = st.sampled_from(string.ascii_letters + string.digits + " -_" + "абвгдеёжзийклмнопрстуфхцчшщыэюя")


def _realistic_text(name: str, side: str = "response"):
    lowered = name.lower()
    if side == "request":
        if lowered in ("dir", "sort_dir", "direction"):
            return st.sampled_from(["ASC", "DESC"])
        if lowered == "language":
            return st.sampled_from(["DEFAULT", "RU", "EN"])
        if lowered in ("cursor", "last_id", "page_token"):
            return st.just("")                       # the first page: a real client has no cursor yet
        if "date" in lowered or lowered in ("since", "to", "from"):
            return st.dates(datetime(2025, 11, 20).date(), datetime(2026, 1, 14).date()).map(str)
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
        return st.sampled_from(["0", "0.05", "0.07", "0.1", "0.2", "0.22"])
    if lowered in ("name", "title", "product_name"):
        return _product_names()
    if lowered.endswith(("url", "link", "image", "picture", "primary_image", "color_image")):
        return st.from_regex(r"https://cdn1\.ozone\.ru/s3/multimedia-[a-z0-9]{1,2}/[0-9]{10}\.jpg", fullmatch=True)
    if lowered.endswith("_at") or lowered.endswith("date") or lowered in ("since", "to", "from"):
        return timestamps()
    return None


def _integer(schema: dict, name: str, side: str = "response", realistic_only: bool = False):
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
    if low > high:
        return None
    lowered = name.lower()
    named = {"month": (1, 12), "year": (2024, 2025), "day": (1, 28), "days": (1, 30), "hour": (0, 23)}
    if lowered in named and max(low, named[lowered][0]) <= min(high, named[lowered][1]):
        return st.integers(max(low, named[lowered][0]), min(high, named[lowered][1]))
    if lowered.endswith(("_id", "_ids", "sku", "skus")) or lowered in ("id", "sku"):
        typical = st.integers(max(low, 1), min(high, 10**12)) if max(low, 1) <= min(high, 10**12) else None
    elif lowered in ("limit", "page_size", "count", "quantity", "offset", "page"):
        typical = st.integers(max(low, 1), min(high, 100)) if max(low, 1) <= min(high, 100) else None
    elif realistic_only:
        typical = st.integers(max(low, 0), min(high, 1000)) if max(low, 0) <= min(high, 1000) else None
    else:
        typical = st.integers(max(low, -1000), min(high, 100_000)) if max(low, -1000) <= min(high, 100_000) else None
    edges = st.integers(low, high)
    if typical is None:
        return edges
    return typical if realistic_only else st.one_of(typical, typical, edges)


def _number(schema: dict, name: str, realistic_only: bool = False):
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


# Request fields that bound a period: a real client sends them in order and a few days apart.
PERIODS = (("since", "to"), ("from", "to"), ("date_from", "date_to"), ("cutoff_from", "cutoff_to"),
           ("published_from", "published_to"), ("created_from", "created_to"), ("updated_from", "updated_to"),
           ("delivering_date_from", "delivering_date_to"), ("processed_at_from", "processed_at_to"),
           ("start_date", "end_date"), ("date_start", "date_end"), ("period_from", "period_to"))


MAX_PERIOD = timedelta(days=20)


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


def timestamps(start: datetime = datetime(2024, 1, 1), end: datetime = datetime(2027, 12, 31)):
    """RFC 3339 timestamps as Ozon writes them (`2026-01-15T09:00:00.123Z`, sometimes without millis)."""
    def render(args: tuple[datetime, bool]) -> str:
        moment, millis = args
        text = moment.strftime("%Y-%m-%dT%H:%M:%S")
        return text + (f".{moment.microsecond // 1000:03d}Z" if millis else "Z")

    return st.tuples(st.datetimes(start, end), st.booleans()).map(render)


# --- domain strategies -----------------------------------------------------------------------------
def offer_ids(max_size: int = 50) -> st.SearchStrategy[str]:
    """Seller article codes (`offer_id`): 1..50 characters, mostly the shapes sellers use."""
    shaped = st.one_of(
        st.from_regex(r"[A-Z]{2,5}-[0-9]{3,7}(-[A-Z0-9]{1,4})?", fullmatch=True),
        st.from_regex(r"[0-9]{5,12}", fullmatch=True),
        st.from_regex(r"[a-z]{3,10}_[a-z0-9]{2,8}", fullmatch=True),
        st.from_regex(r"[А-Я]{2,4}-[0-9]{2,6}", fullmatch=True),
    )
    free = st.text(string.ascii_letters + string.digits + "-_.", min_size=1, max_size=max_size)
    return st.one_of(shaped, shaped, free).filter(lambda s: 0 < len(s) <= max_size)


def ean13(digits12: str) -> str:
    """`digits12` plus its EAN-13 check digit."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits12))
    return digits12 + str((10 - total % 10) % 10)


def barcodes() -> st.SearchStrategy[str]:
    """Valid EAN-13 barcodes, mostly with Russian GS1 prefixes (460-469)."""
    prefix = st.one_of(st.integers(460, 469).map(str), st.integers(200, 299).map(str),
                       st.from_regex(r"[0-9]{3}", fullmatch=True))
    return st.tuples(prefix, st.from_regex(r"[0-9]{9}", fullmatch=True)).map(lambda p: ean13(p[0] + p[1]))


def prices(min_value: str | Decimal = "1", max_value: str | Decimal = "1000000") -> st.SearchStrategy[str]:
    """Prices in the documented format: a decimal string with `.` and at most two places (`"499"`,
    `"1299.9"`, `"1299.90"`)."""
    def render(args: tuple[Decimal, int]) -> str:
        value, places = args
        text = f"{value:.2f}"
        if places == 0 and value == value.to_integral_value():
            return str(int(value))
        if places == 1 and text.endswith("0"):
            return text[:-1]
        return text

    amounts = st.one_of(
        st.sampled_from([Decimal(v) for v in ("199", "349", "499", "990", "1490", "2490", "9990", "24990")]),
        st.decimals(Decimal(min_value), Decimal(max_value), places=2),
    ).filter(lambda d: Decimal(min_value) <= d <= Decimal(max_value))
    return st.tuples(amounts, st.integers(0, 2)).map(render)


def posting_numbers() -> st.SearchStrategy[str]:
    """Posting numbers as Ozon writes them: `<order>-<4 digits>-<n>` (e.g. `39268230-0002-3`)."""
    return st.tuples(st.integers(10_000_000, 99_999_999_999), st.integers(1, 20), st.integers(1, 9)).map(
        lambda p: f"{p[0]:08d}-{p[1]:04d}-{p[2]}")


def _product_names() -> st.SearchStrategy[str]:
    kinds = ["Кружка керамическая", "Футболка хлопковая", "Наушники беспроводные", "Рюкзак городской",
             "Чайник электрический", "Коврик для йоги", "Shampoo", "Power bank", "Настольная лампа"]
    return st.tuples(st.sampled_from(kinds), st.sampled_from(["", " 350 мл", " синий", " XL", " 20000 mAh"]),
                     st.integers(1, 999)).map(lambda p: f"{p[0]}{p[1]} {p[2]}".strip())


VATS = ("0", "0.05", "0.07", "0.1", "0.2", "0.22")


def product_items(category: int | str | None = None, *, currency: str = "RUB",
                  with_optional: bool = True) -> st.SearchStrategy[dict]:
    """`/v3/product/import` items that pass every documented rule against ozmock's catalogue.

    `category` narrows the choice: a description category id, a type id, or text matched
    against category / type names (Russian or English). Required attributes are filled from their
    dictionaries; optional ones sometimes; dimensions, weight, images, price / old_price and VAT
    are within the documented limits.
    """
    from .domain.catalogue.model import catalogue

    cat = catalogue()
    types = [t for t in cat.types.values() if not t.disabled and not cat.categories[t.category_id].disabled]
    if category is not None:
        types = _types_matching(cat, types, category)
    return st.sampled_from(sorted(types, key=lambda t: t.id)).flatmap(
        lambda product_type: _item_for(cat, product_type, currency, with_optional))


def _types_matching(cat, types: list, category: int | str) -> list:
    if isinstance(category, int) or str(category).isdigit():
        number = int(category)
        found = [t for t in types if t.id == number or t.category_id == number
                 or cat.categories[t.category_id].parent_id == number]
    else:
        text = str(category).casefold()
        found = [t for t in types if text in t.ru.casefold() or text in t.en.casefold()
                 or text in cat.categories[t.category_id].ru.casefold()
                 or text in cat.categories[t.category_id].en.casefold()]
    if not found:
        raise ValueError(f"no enabled product type matches category {category!r}")
    return found


def _item_for(cat, product_type, currency: str, with_optional: bool) -> st.SearchStrategy[dict]:
    category_id, type_id = product_type.category_id, product_type.id
    attributes = []
    for attribute, required in cat.attributes_for(category_id, type_id):
        if attribute.id == 8229 or attribute.complex_id:      # the type itself; complex groups
            continue
        values = _attribute_values(cat, attribute, category_id)
        entry = values.map(lambda v, aid=attribute.id: {"id": aid, "complex_id": 0, "values": v})
        if required:
            attributes.append(entry.map(lambda e: [e]))
        elif with_optional:
            attributes.append(st.one_of(st.just([]), entry.map(lambda e: [e])))
    attribute_list = st.tuples(*attributes).map(lambda parts: [a for part in parts for a in part]) \
        if attributes else st.just([])

    def price_pair(draw_price: str, markup: int) -> tuple[str, str]:
        if markup == 0:
            return draw_price, "0"
        old = (Decimal(draw_price) * (100 + markup) / 100).quantize(Decimal("1"))
        if old <= Decimal(draw_price):
            old = Decimal(draw_price) + 1
        return draw_price, str(old)

    money = st.tuples(prices("10", "500000"), st.sampled_from([0, 10, 25, 40])).map(lambda p: price_pair(*p))
    dimension = st.integers(1, 2000)
    units = st.sampled_from([("mm", "g", 300_000), ("cm", "g", 300_000), ("mm", "kg", 300)])

    @st.composite
    def item(draw):
        price, old_price = draw(money)
        dimension_unit, weight_unit, max_weight = draw(units)
        images = draw(st.lists(st.integers(10**9, 10**10 - 1), max_size=4 if with_optional else 1))
        body = {
            "offer_id": draw(offer_ids()),
            "name": draw(_product_names()),
            "description_category_id": category_id,
            "type_id": type_id,
            "attributes": draw(attribute_list),
            "depth": draw(dimension), "height": draw(dimension), "width": draw(dimension),
            "dimension_unit": dimension_unit,
            "weight": draw(st.integers(1, max_weight)), "weight_unit": weight_unit,
            "price": price, "old_price": old_price, "vat": draw(st.sampled_from(VATS)),
            "currency_code": currency,
            "images": [f"https://cdn1.ozone.ru/s3/multimedia-1/{n}.jpg" for n in images],
        }
        if with_optional and draw(st.booleans()):
            body["barcode"] = draw(barcodes())
        return body

    return item()


def _attribute_values(cat, attribute, category_id: int) -> st.SearchStrategy[list]:
    dictionary = cat.dictionary_for(attribute, category_id)
    if dictionary is not None and dictionary.values:
        return st.sampled_from(dictionary.values).map(lambda v: [{"dictionary_value_id": v.id, "value": v.ru}])
    kind = attribute.type
    if kind == "Integer":
        text = st.integers(1, 500).map(str)
    elif kind == "Decimal":
        text = st.decimals(Decimal("0.1"), Decimal("900"), places=1).map(str)
    elif kind == "Boolean":
        text = st.sampled_from(["true", "false"])
    elif kind == "URL":
        text = st.from_regex(r"https://example\.com/[a-z0-9]{1,12}", fullmatch=True)
    else:
        text = st.tuples(st.just(attribute.ru), st.integers(1, 99)).map(lambda p: f"{p[0]} {p[1]}")
    return text.map(lambda v: [{"value": v}])


# --- postings --------------------------------------------------------------------------------------
# FBS / rFBS posting statuses (issue 5 and the references) with substatuses from the
# documented substatus names; `docs/assumptions.md` explains the pairing.
POSTING_STATUSES: dict[str, tuple[str, ...]] = {
    "awaiting_registration": ("posting_awaiting_registration",),
    "acceptance_in_progress": ("posting_acceptance_in_progress",),
    "awaiting_approve": ("posting_created",),
    "awaiting_packaging": ("posting_created", "posting_awaiting_passport_data"),
    "awaiting_deliver": ("posting_transferring_to_delivery", "posting_in_carriage", "posting_not_in_carriage"),
    "arbitration": ("posting_in_arbitration",),
    "client_arbitration": ("posting_in_client_arbitration",),
    "delivering": ("posting_on_way_to_city", "posting_transferred_to_courier_service",
                   "posting_in_courier_service", "posting_on_way_to_pickup_point", "posting_in_pickup_point"),
    "driver_pickup": ("posting_driver_pick_up",),
    "delivered": ("posting_delivered", "posting_received", "posting_conditionally_delivered"),
    "cancelled": ("posting_canceled",),
    "not_accepted": ("posting_not_in_sort_center",),
    "sent_by_seller": ("posting_transferred_to_courier_service",),
}
_POSTING_SCHEMAS = {"fbs": ("POST /v3/posting/fbs/list", ("result", "postings")),
                    "fbo": ("POST /v2/posting/fbo/list", ("result",))}


def postings(status: str | None = None, *, kind: str = "fbs") -> st.SearchStrategy[dict]:
    """Postings as the list operations return them (`/v3/posting/fbs/list` items, or `kind="fbo"`
    for `/v2/posting/fbo/list`), schema-valid, with a realistic posting number, matching order
    number, status (and substatus), products with offer ids / prices / quantities, and
    `in_process_at` before `shipment_date`."""
    if kind not in _POSTING_SCHEMAS:
        raise ValueError(f"kind is one of {sorted(_POSTING_SCHEMAS)}")
    if status is not None and status not in POSTING_STATUSES:
        raise ValueError(f"unknown posting status {status!r}; known: {', '.join(POSTING_STATUSES)}")
    op_name, where = _POSTING_SCHEMAS[kind]
    op = operation(op_name)
    schema = op.response_schema
    for key in where:
        schema = schema["properties"][key]
    schema = schema["items"]
    if "$defs" in op.response_schema:
        schema = {**schema, "$defs": op.response_schema["$defs"]}
    from jsonschema import Draft202012Validator
    from .catalog import FORMAT_CHECKER
    validator = Draft202012Validator(schema, format_checker=FORMAT_CHECKER)
    properties = schema.get("properties", {})
    statuses = st.just(status) if status else st.sampled_from(list(POSTING_STATUSES))

    @st.composite
    def posting(draw):
        base = draw(from_schema(schema, side="response", realistic=True))
        chosen = draw(statuses)
        order = draw(st.integers(10_000_000, 99_999_999_999))
        number = f"{order:08d}-{draw(st.integers(1, 20)):04d}-{draw(st.integers(1, 3))}"
        start = draw(st.datetimes(datetime(2025, 1, 1), datetime(2026, 12, 31)))
        values = {"posting_number": number, "order_number": number.rsplit("-", 1)[0],
                  "order_id": draw(st.integers(10**9, 10**11)), "status": chosen,
                  "substatus": draw(st.sampled_from(POSTING_STATUSES[chosen])),
                  "in_process_at": _iso(start), "created_at": _iso(start),
                  "shipment_date": _iso(start + timedelta(days=draw(st.integers(1, 4))))}
        for key, value in values.items():
            if key in properties and _scalar_fits(properties[key], value):
                base[key] = value
        if "products" in properties and not isinstance(base.get("products"), list):
            base["products"] = []
        if "products" in properties:
            item_schema = {**properties["products"].get("items", {}), "$defs": schema.get("$defs", {})}
            while len(base["products"]) < 1:
                base["products"].append(draw(from_schema(item_schema, side="response", realistic=True)))
            for product in base["products"]:
                product.update({k: v for k, v in {
                    "offer_id": draw(offer_ids()), "price": draw(prices("10", "100000")),
                    "quantity": draw(st.integers(1, 5)), "sku": draw(st.integers(10**8, 4 * 10**9)),
                    "currency_code": "RUB"}.items()
                    if k in _item_properties(properties["products"]) and _scalar_fits(
                        _item_properties(properties["products"])[k], v)})
        return base

    return posting().filter(validator.is_valid)


def _item_properties(array_schema: dict) -> dict:
    return (array_schema.get("items") or {}).get("properties", {})


def _scalar_fits(schema: dict, value: Any) -> bool:
    types = schema.get("type")
    if types is None:
        return True
    allowed = types if isinstance(types, list) else [types]
    if "enum" in schema and value not in schema["enum"]:
        return False
    return _json_type_ok(value, allowed)


def _iso(moment: datetime) -> str:
    return moment.replace(tzinfo=None).strftime("%Y-%m-%dT%H:%M:%S") + "Z"


# --- invalid variants ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Broken:
    """A body that breaks exactly one documented rule: `rule` at `field` (as the server names it)."""

    body: Any
    field: str
    rule: str
    detail: str = ""


RULES = ("required", "maxItems", "minItems", "maxLength", "minLength", "enum", "minimum", "maximum", "type")


def invalid(op: Any, rule: str | None = None) -> st.SearchStrategy[Broken]:
    """Request bodies for an operation that break one documented rule of its request schema
    (a required field left out, too many / too few items, too long / too short, a value outside
    an enum or a range, a wrong JSON type). The server answers each with `400`, code 3 and a
    message starting with `Broken.field`."""
    op = operation(op)
    if op.request_schema is None:
        raise ValueError(f"{op.method} {op.path} takes no request body")
    if rule is not None and rule not in RULES:
        raise ValueError(f"rule is one of {RULES}")
    defs = op.request_schema.get("$defs", {})
    validator = _server_accepts(op)
    if not _has_rules(op.request_schema, defs):
        raise ValueError(f"{op.method} {op.path}: its request schema documents no rule to break")

    @st.composite
    def broken(draw):
        body = draw(requests(op))
        candidates = [c for c in _break_points(op.request_schema, body, (), defs) if rule is None or c[1] == rule]
        if not candidates:
            from hypothesis import reject
            reject()
        path, kind, make = draw(st.sampled_from(candidates))
        return _apply(body, path, kind, make)

    return broken().filter(lambda b: not validator.is_valid(b.body))


def _break_points(schema: Any, value: Any, path: tuple, defs: dict) -> list:
    """(path, rule, how) for every documented rule of `schema` that `value` can be made to break."""
    if not isinstance(schema, dict):
        return []
    if "$ref" in schema:
        target = defs.get(schema["$ref"].rsplit("/", 1)[-1])
        return _break_points(target, value, path, defs) if target else []
    if "anyOf" in schema:         # the alternatives themselves are not broken; rules beside them are
        schema = {k: v for k, v in schema.items() if k != "anyOf"}
    points = []
    types = schema.get("type")
    kinds = types if isinstance(types, list) else [types] if types else []
    if isinstance(value, dict):
        for name in schema.get("required", []):
            if name in value:
                points.append((path + (name,), "required", None))
        for name, sub in schema.get("properties", {}).items():
            if name in value:
                points += _break_points(sub, value[name], path + (name,), defs)
            elif isinstance(sub, dict) and "$ref" not in sub and "anyOf" not in sub:
                # an absent optional field sent with a value its schema refuses
                points += [(p, rule, how) for p, rule, how in _break_points(sub, _PLACEHOLDER, path + (name,), defs)
                           if rule in ("enum", "type", "minimum", "maximum")]
    if isinstance(value, list):
        if "maxItems" in schema and value and not schema.get("uniqueItems"):
            points.append((path, "maxItems", int(schema["maxItems"]) + 1))
        if schema.get("minItems", 0) > 0:
            points.append((path, "minItems", int(schema["minItems"]) - 1))
        for index, item in enumerate(value[:2]):
            points += _break_points(schema.get("items", {}), item, path + (index,), defs)
    if isinstance(value, str) and "pattern" not in schema and "enum" not in schema and "format" not in schema:
        if "maxLength" in schema:
            points.append((path, "maxLength", int(schema["maxLength"]) + 1))
        if schema.get("minLength", 0) > 0:
            points.append((path, "minLength", int(schema["minLength"]) - 1))
    if "enum" in schema and kinds in (["string"], []) and all(isinstance(v, str) for v in schema["enum"]):
        points.append((path, "enum", None))
    numeric = "integer" in kinds or "number" in kinds
    if numeric and (value is _PLACEHOLDER or isinstance(value, (int, float)) and not isinstance(value, bool)):
        if "minimum" in schema:
            points.append((path, "minimum", schema["minimum"] - 1))
        if "maximum" in schema:
            points.append((path, "maximum", schema["maximum"] + 1))
    numeric_text = numeric and schema.get("pattern") in ("^-?[0-9]+$", "^-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$")
    if path and kinds and ("string" not in kinds or numeric_text) and "null" not in kinds:
        points.append((path, "type", None))
    return points


_PLACEHOLDER = object()       # stands for a field that is not in the body yet


def _has_rules(schema: Any, defs: dict, seen: frozenset = frozenset()) -> bool:
    if not isinstance(schema, dict):
        return False
    if "$ref" in schema:
        key = schema["$ref"].rsplit("/", 1)[-1]
        return key not in seen and _has_rules(defs.get(key), defs, seen | {key})
    if any(k in schema for k in ("required", "maxItems", "minLength", "maxLength", "enum", "minimum", "maximum")):
        return True
    if schema.get("minItems", 0) > 0:
        return True
    kinds = schema.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds] if kinds else []
    if kinds and "string" not in kinds and "null" not in kinds and kinds != ["object"]:
        return True
    children = list(schema.get("properties", {}).values()) + [schema.get("items")]
    return any(_has_rules(child, defs, seen) for child in children if child is not None)


def _apply(body: Any, path: tuple, kind: str, how: Any) -> Broken:
    import copy
    from .pipeline.validation import field_name

    body = copy.deepcopy(body)
    parent = body
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1] if path else None
    if not path:
        current = body
    elif isinstance(parent, dict):
        current = parent.get(last, _PLACEHOLDER)
    else:
        current = parent[last]
    if kind == "required":
        del parent[last]
        detail = "left out"
    elif kind == "maxItems":
        current.extend([copy.deepcopy(current[0])] * (how - len(current)))
        detail = f"{how} items"
    elif kind == "minItems":
        del current[how:]
        detail = f"{how} items"
    elif kind == "maxLength":
        parent[last] = (current * (how // max(len(current), 1) + 1) if current else "x" * how)[:how]
        if len(parent[last]) < how:
            parent[last] = parent[last] + "x" * (how - len(parent[last]))
        detail = f"{how} characters"
    elif kind == "minLength":
        parent[last] = current[:how]
        detail = f"{how} characters"
    elif kind == "enum":
        parent[last] = "NOT_A_DOCUMENTED_VALUE"
        detail = "not in the enum" + (" (field added)" if current is _PLACEHOLDER else "")
    elif kind in ("minimum", "maximum"):
        parent[last] = int(how) if isinstance(current, int) and float(how).is_integer() else how
        detail = f"value {parent[last]}"
    elif kind == "type" and current is _PLACEHOLDER:
        parent[last] = "not-a-number" if isinstance(parent, dict) else current
        detail = "a string where the schema wants another type (field added)"
    elif kind == "type":
        parent[last] = "not-a-number" if isinstance(current, (int, float)) and not isinstance(current, bool) \
            else 12345 if isinstance(current, str) else "a string" if isinstance(current, (dict, list, bool)) \
            else [current]
        detail = f"a {type(parent[last]).__name__} instead"
    else:
        raise ValueError(kind)
    return Broken(body=body, field=field_name(path), rule=kind, detail=detail)


# --- invalid product items ---------------------------------------------------------------------------
ITEM_RULES: dict[str, tuple[str, Callable[[dict], None]]] = {
    # rule: (per-item error code the import reports, how to break a valid item)
    "offer_id_too_long": ("offer_id_too_long", lambda i: i.update(offer_id="A" * 51)),
    "name_too_long": ("name_too_long", lambda i: i.update(name="Кружка " * 72)),
    "missing_dimension": ("missing_dimension", lambda i: i.update(depth=0)),
    "weight_over_limit": ("VALUE_MAX_LIMIT", lambda i: i.update(weight=1001, weight_unit="kg")),
    "too_many_images": ("images_count_exceeded",
                        lambda i: i.update(images=[f"https://cdn1.ozone.ru/s3/m/{n}.jpg"
                                                   for n in range(_image_limit() + 1)])),
    "price_format": ("price_invalid", lambda i: i.update(price="12.345")),
    "old_price_not_above_price": ("old_price_less_than_price", lambda i: i.update(old_price=i["price"])),
    "vat": ("vat_invalid", lambda i: i.update(vat="0.3")),
    "currency": ("currency_code_invalid", lambda i: i.update(currency_code="USD")),
    "unknown_category": ("description_category_invalid", lambda i: i.update(description_category_id=1)),
    "missing_required_attribute": ("EMPTY_REQUIRED", lambda i: _drop_required_attribute(i)),
}


def _image_limit() -> int:
    """Images allowed per v3 item (the products area's limit; 15 per the seeds when unknown)."""
    try:
        from .domain.kit.timings import DEFAULT_LIMITS
        return int(DEFAULT_LIMITS["product_images_max"])
    except (ImportError, KeyError):
        return 15


def _drop_required_attribute(item: dict) -> None:
    from .domain.catalogue.model import catalogue
    required = {a.id for a, needed in catalogue().attributes_for(item["description_category_id"], item["type_id"])
                if needed}
    for index, attribute in enumerate(item["attributes"]):
        if attribute["id"] in required:
            item["attributes"] = item["attributes"][:index] + item["attributes"][index + 1:]
            return
    raise ValueError("the item has no required attribute to drop")


@dataclass(frozen=True)
class BrokenItem:
    """A `/v3/product/import` item with one import rule broken, and where the API catches it:
    `at="request"` — the request schema documents the rule, so the call answers 400 / code 3
    naming `field`; `at="item"` — the task reports the item failed with error `code`."""

    item: dict
    rule: str
    code: str
    at: str
    field: str = ""

    def __iter__(self):                      # (item, rule, code), for unpacking
        return iter((self.item, self.rule, self.code))


_ITEM_FIELDS = {"offer_id_too_long": "offer_id", "name_too_long": "name", "too_many_images": "images",
                "missing_dimension": "depth", "price_format": "price", "vat": "vat", "currency": "currency_code",
                "weight_over_limit": "weight", "old_price_not_above_price": "old_price",
                "unknown_category": "description_category_id", "missing_required_attribute": "attributes"}


def invalid_product_items(rule: str | None = None, *, currency: str = "RUB") -> st.SearchStrategy[BrokenItem]:
    """Valid `/v3/product/import` items with exactly one documented import rule broken (`BrokenItem`).
    Rules the request schema documents are refused with the call (400 naming the field); the rest
    make the import task report the item failed with the rule's error code, creating nothing."""
    if rule is not None and rule not in ITEM_RULES:
        raise ValueError(f"rule is one of {sorted(ITEM_RULES)}")
    names = [rule] if rule else sorted(ITEM_RULES)
    accepts = _server_accepts(operation("POST /v3/product/import"))

    def breaking(args: tuple[dict, str]) -> BrokenItem:
        item, name = args
        item = dict(item)
        code, how = ITEM_RULES[name]
        how(item)
        if accepts.is_valid({"items": [item]}):
            return BrokenItem(item, name, code, "item", _ITEM_FIELDS[name])
        return BrokenItem(item, name, code, "request", f"items[0].{_ITEM_FIELDS[name]}")

    return st.tuples(product_items(currency=currency, with_optional=False), st.sampled_from(names)).map(breaking)
