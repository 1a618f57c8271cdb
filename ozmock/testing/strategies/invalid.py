"""Adversarial strategies: request bodies that break exactly one documented rule of their schema
(`invalid`), and `/v3/product/import` items that break one import rule (`invalid_product_items`).

A broken body is built from a valid one: the rule's break point is found in the drawn body
(`_break_points`), then one breaker from `BREAKERS` changes that one place.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Callable

from hypothesis import reject
from hypothesis import strategies as st

from ...domain.catalogue.model import catalogue
from ...domain.kit.timings import DEFAULT_LIMITS
from ...pipeline.tiers import ITEM, location_of, rules_of
from ...pipeline.validation import field_name
from .operations import ServerCheck, operation, requests
from .records import product_items

RULES = ("required", "maxItems", "minItems", "maxLength", "minLength", "enum", "minimum", "maximum", "type")
# the patterns request schemas give int64 / number fields that may travel as numeric strings
NUMERIC_TEXT_PATTERNS = ("^-?[0-9]+$", "^-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$")
_PLACEHOLDER = object()       # stands for a field that is not in the body yet


@dataclass(frozen=True)
class Broken:
    """A body that breaks exactly one documented rule: `rule` at `field` (as the server names it)."""

    body: Any
    field: str
    rule: str
    detail: str = ""


def invalid(op: Any, rule: str | None = None) -> st.SearchStrategy[Broken]:
    """Request bodies for an operation that break one documented rule of its request schema
    (a required field left out, too many / too few items, too long / too short, a value outside
    an enum or a range, a wrong JSON type). The server answers each with `400`, code 3 and a
    message starting with `Broken.field` — in strict-requests mode for the documented rules it
    only warns about by default (a required field left out, a paging minimum; see `tiers.py`).
    Rules the domain answers per item (an import item's required fields) are never broken here."""
    op = operation(op)
    if op.request_schema is None:
        raise ValueError(f"{op.method} {op.path} takes no request body")
    if rule is not None and rule not in RULES:
        raise ValueError(f"rule is one of {RULES}")
    defs = op.request_schema.get("$defs", {})
    validator = ServerCheck(op)
    per_item = {(r.location, r.keyword) for r in rules_of(op.key, op.request_schema) if r.tier == ITEM}
    if not _has_rules(op.request_schema, defs):
        raise ValueError(f"{op.method} {op.path}: its request schema documents no rule to break")

    @st.composite
    def broken(draw):
        body = draw(requests(op))
        candidates = [c for c in _break_points(op.request_schema, body, (), defs)
                      if (rule is None or c[1] == rule) and (location_of(c[0]), c[1]) not in per_item]
        if not candidates:
            reject()
        path, kind, how = draw(st.sampled_from(candidates))
        return _apply(body, path, kind, how)

    return broken().filter(lambda b: not validator.is_valid(b.body))


# --- where a body can be broken ------------------------------------------------------------------------
def _kinds(schema: dict) -> list:
    types = schema.get("type")
    return types if isinstance(types, list) else [types] if types else []


def _object_points(schema: dict, value: dict, path: tuple, defs: dict) -> list:
    points = [(path + (name,), "required", None) for name in schema.get("required", []) if name in value]
    for name, sub in schema.get("properties", {}).items():
        if name in value:
            points += _break_points(sub, value[name], path + (name,), defs)
        elif isinstance(sub, dict) and "$ref" not in sub and "anyOf" not in sub:
            # an absent optional field sent with a value its schema refuses
            points += [(p, rule, how) for p, rule, how in _break_points(sub, _PLACEHOLDER, path + (name,), defs)
                       if rule in ("enum", "type", "minimum", "maximum")]
    return points


def _array_points(schema: dict, value: list, path: tuple, defs: dict) -> list:
    points = []
    if "maxItems" in schema and value and not schema.get("uniqueItems"):
        points.append((path, "maxItems", int(schema["maxItems"]) + 1))
    if schema.get("minItems", 0) > 0:
        points.append((path, "minItems", int(schema["minItems"]) - 1))
    for index, item in enumerate(value[:2]):
        points += _break_points(schema.get("items", {}), item, path + (index,), defs)
    return points


def _scalar_points(schema: dict, value: Any, path: tuple) -> list:
    points = []
    kinds = _kinds(schema)
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
    numeric_text = numeric and schema.get("pattern") in NUMERIC_TEXT_PATTERNS
    if path and kinds and ("string" not in kinds or numeric_text) and "null" not in kinds:
        points.append((path, "type", None))
    return points


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
    if isinstance(value, dict):
        points += _object_points(schema, value, path, defs)
    if isinstance(value, list):
        points += _array_points(schema, value, path, defs)
    return points + _scalar_points(schema, value, path)


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
    kinds = _kinds(schema)
    if kinds and "string" not in kinds and "null" not in kinds and kinds != ["object"]:
        return True
    children = list(schema.get("properties", {}).values()) + [schema.get("items")]
    return any(_has_rules(child, defs, seen) for child in children if child is not None)


# --- breaking it ---------------------------------------------------------------------------------------
# rule -> breaker(parent, last, current, how) -> detail; the breaker changes parent[last] / current in place
def _drop(parent, last, current, how) -> str:
    del parent[last]
    return "left out"


def _overfill(parent, last, current, how) -> str:
    current.extend([copy.deepcopy(current[0])] * (how - len(current)))
    return f"{how} items"


def _truncate(parent, last, current, how) -> str:
    del current[how:]
    return f"{how} items"


def _lengthen(parent, last, current, how) -> str:
    parent[last] = (current * (how // max(len(current), 1) + 1) if current else "x" * how)[:how]
    if len(parent[last]) < how:
        parent[last] = parent[last] + "x" * (how - len(parent[last]))
    return f"{how} characters"


def _shorten(parent, last, current, how) -> str:
    parent[last] = current[:how]
    return f"{how} characters"


def _off_enum(parent, last, current, how) -> str:
    parent[last] = "NOT_A_DOCUMENTED_VALUE"
    return "not in the enum" + (" (field added)" if current is _PLACEHOLDER else "")


def _out_of_range(parent, last, current, how) -> str:
    parent[last] = int(how) if isinstance(current, int) and float(how).is_integer() else how
    return f"value {parent[last]}"


def _wrong_type(parent, last, current, how) -> str:
    if current is _PLACEHOLDER:
        parent[last] = "not-a-number" if isinstance(parent, dict) else current
        return "a string where the schema wants another type (field added)"
    # a digit string may be an int64 written as text, which a number spells as well (protojson): a list breaks both
    parent[last] = "not-a-number" if isinstance(current, (int, float)) and not isinstance(current, bool) \
        else [current] if isinstance(current, str) and current.lstrip("-").isdigit() \
        else 12345 if isinstance(current, str) else "a string" if isinstance(current, (dict, list, bool)) \
        else [current]
    return f"a {type(parent[last]).__name__} instead"


BREAKERS: dict[str, Callable[[Any, Any, Any, Any], str]] = {
    "required": _drop, "maxItems": _overfill, "minItems": _truncate, "maxLength": _lengthen,
    "minLength": _shorten, "enum": _off_enum, "minimum": _out_of_range, "maximum": _out_of_range,
    "type": _wrong_type,
}


def _apply(body: Any, path: tuple, kind: str, how: Any) -> Broken:
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
    if kind not in BREAKERS:
        raise ValueError(kind)
    detail = BREAKERS[kind](parent, last, current, how)
    return Broken(body=body, field=field_name(path), rule=kind, detail=detail)


# --- invalid product items ---------------------------------------------------------------------------
def _image_limit() -> int:
    """Images allowed per v3 item (the products area's limit; 15 per the seeds when undeclared)."""
    return int(DEFAULT_LIMITS.get("product_images_max", 15))


def _drop_required_attribute(item: dict) -> None:
    required = {a.id for a, needed in catalogue().attributes_for(item["description_category_id"], item["type_id"])
                if needed}
    for index, attribute in enumerate(item["attributes"]):
        if attribute["id"] in required:
            item["attributes"] = item["attributes"][:index] + item["attributes"][index + 1:]
            return
    raise ValueError("the item has no required attribute to drop")


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
    "missing_required_attribute": ("EMPTY_REQUIRED", _drop_required_attribute),
}
_ITEM_FIELDS = {"offer_id_too_long": "offer_id", "name_too_long": "name", "too_many_images": "images",
                "missing_dimension": "depth", "price_format": "price", "vat": "vat", "currency": "currency_code",
                "weight_over_limit": "weight", "old_price_not_above_price": "old_price",
                "unknown_category": "description_category_id", "missing_required_attribute": "attributes"}


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


def invalid_product_items(rule: str | None = None, *, currency: str = "RUB") -> st.SearchStrategy[BrokenItem]:
    """Valid `/v3/product/import` items with exactly one documented import rule broken (`BrokenItem`).
    Rules the request schema documents are refused with the call (400 naming the field); the rest
    make the import task report the item failed with the rule's error code, creating nothing."""
    if rule is not None and rule not in ITEM_RULES:
        raise ValueError(f"rule is one of {sorted(ITEM_RULES)}")
    names = [rule] if rule else sorted(ITEM_RULES)
    accepts = ServerCheck(operation("POST /v3/product/import"))

    def breaking(args: tuple[dict, str]) -> BrokenItem:
        item, name = args
        item = dict(item)
        code, how = ITEM_RULES[name]
        how(item)
        if accepts.is_valid({"items": [item]}):
            return BrokenItem(item, name, code, "item", _ITEM_FIELDS[name])
        return BrokenItem(item, name, code, "request", f"items[0].{_ITEM_FIELDS[name]}")

    return st.tuples(product_items(currency=currency, with_optional=False), st.sampled_from(names)).map(breaking)
