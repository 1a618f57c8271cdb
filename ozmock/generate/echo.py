"""Request values echoed into a generated answer, so asking for product 123 returns product 123.

At build time `echo_plan` finds where identifiers may land in a template: scalar slots (the
shallowest fields of each echoable name) and arrays of objects (one item per requested id, with the
item's other ids derived from it). Per request `echo` copies the request's identifiers there, where
the schema accepts them.
"""
from __future__ import annotations

import functools
import random
from typing import Any, Callable, NamedTuple

import orjson

from .constraints import coerce, scalar_fits
from .names import id_family, singular
from .paths import MISSING, get, set_at
from .vocabulary import ean13, is_ean13, offer_code

MAX_ECHO_ITEMS = 1000
# request fields worth echoing besides ids (`*_id`, `*_ids`, `sku`, `skus`, ...)
ECHO_NAMES = frozenset({"posting_number", "offer_id", "order_number", "barcode", "return_number",
                        "supply_order_number", "tracking_number", "parent_posting_number", "article",
                        "vendor_code", "item_code", "chat_id", "file_guid", "file_uuid", "operation_id",
                        "bundle_id", "return_id", "question_id", "review_id", "comment_id",
                        "answer_id", "action_id", "campaign_id"})
NEVER_ECHO = frozenset({"last_id", "cursor", "page", "page_size", "limit", "offset", "dir", "since", "to",
                        "from", "with", "filter", "sort_by", "sort_dir", "language", "text"})
# request key -> response keys that carry the same identifier
ALIASES = {"product_id": ("id",), "product_ids": ("id",)}
COUNTERS = ("total", "count", "total_count", "total_items", "items_count")
OFFER_CODE_NAMES = ("offer_id", "item_code", "article", "vendor_code")
_COMBINATORS = ("anyOf", "oneOf", "allOf", "not", "$ref", "if", "dependentSchemas")

Slots = dict[str, list[tuple[tuple, dict]]]        # name -> [(path with None for "every item", schema)]


class EchoArray(NamedTuple):
    """An array of objects a list of requested ids rebuilds, one item per id."""

    path: tuple
    schema: dict
    fields: dict[str, dict]                 # the items' scalar fields and their schemas
    varying: list[tuple[str, str, dict]]    # (field, kind, schema): ids each echoed item gets its own of
    counter: tuple[tuple, dict] | None      # the sibling that counts the items ({"items": [...], "total": 3})


@functools.lru_cache(maxsize=8192)
def echoable(name: str) -> bool:
    if name in NEVER_ECHO:
        return False
    return id_family(name) is not None or name in ECHO_NAMES or singular(name) in ECHO_NAMES


def _simple(schema: Any) -> bool:
    """Schemas that `scalar_fits` fully understands (no combinators)."""
    return isinstance(schema, dict) and not any(k in schema for k in _COMBINATORS)


def _depth(path: tuple) -> int:
    return sum(1 for p in path if p is not None)


# --- the plan, once per template -------------------------------------------------------------------
def echo_plan(body: Any, schemas: dict[tuple, Any]) -> tuple[Slots, list[EchoArray]]:
    """Where request identifiers may land.

    scalar slots: name -> [(path, schema)], only the shallowest occurrences of each name, with
    array indices generalised to `None` (every item); arrays: arrays of objects not nested in
    another array, with the scalar fields of their items."""
    found: dict[str, dict[tuple, dict]] = {}
    arrays: list[EchoArray] = []

    def walk(node: Any, path: tuple, in_array: bool) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                sub = path + (key,)
                if isinstance(value, (dict, list)):
                    walk(value, sub, in_array)
                elif echoable(key) and value is not None and _simple(schemas.get(sub)):
                    general = tuple(None if isinstance(p, int) else p for p in sub)
                    found.setdefault(key, {}).setdefault(general, schemas[sub])
        elif isinstance(node, list):
            if not in_array:
                _plan_array(body, node, path, schemas, arrays)
            for index, value in enumerate(node):
                walk(value, path + (index,), True)

    walk(body, (), False)
    scalar_slots: Slots = {}
    for name, slots in found.items():
        depth = min(_depth(p) for p in slots)
        scalar_slots[name] = [(p, schema) for p, schema in slots.items() if _depth(p) == depth]
    return scalar_slots, arrays


def _plan_array(body: Any, node: list, path: tuple, schemas: dict[tuple, Any], arrays: list[EchoArray]) -> None:
    schema = schemas.get(path)
    if not (node and all(isinstance(i, dict) for i in node) and _simple(schema)):
        return
    fields: dict[str, dict] = {}
    for key, value in node[0].items():
        item_schema = schemas.get(path + (0, key))
        if not isinstance(value, (dict, list)) and value is not None and _simple(item_schema):
            fields[key] = item_schema
    if fields:
        arrays.append(EchoArray(path, schema, fields, _varying(node[0], fields), _counter(body, path, schemas)))


def _counter(body: Any, path: tuple, schemas: dict[tuple, Any]) -> tuple[tuple, dict] | None:
    """The integer sibling that counts the array at `path` ({"items": [...], "total": 3}), if any:
    only when the array is the one list of objects in its object, so the count is unambiguous."""
    if not path or not isinstance(path[-1], str):
        return None
    parent = get(body, path[:-1], None)
    if not isinstance(parent, dict):
        return None
    lists = [k for k, v in parent.items() if isinstance(v, list) and v and isinstance(v[0], dict)]
    if lists != [path[-1]]:
        return None
    for key in COUNTERS:
        value = parent.get(key)
        schema = schemas.get(path[:-1] + (key,))
        if isinstance(value, int) and not isinstance(value, bool) and _simple(schema):
            return path[:-1] + (key,), schema
    return None


def _varying(item: dict, fields: dict[str, dict]) -> list[tuple[str, str, dict]]:
    """The identifier fields of an array item that each echoed item gets its own value for."""
    out = []
    for name, schema in fields.items():
        like = item.get(name)
        if isinstance(like, bool) or like is None:
            continue
        if id_family(name) is not None and isinstance(like, int) and like > 0:
            out.append((name, f"int:{len(str(like))}", schema))
        elif id_family(name) is not None and isinstance(like, str) and like.isdigit() and len(like) > 1:
            out.append((name, f"digits:{len(like)}", schema))
        elif name in OFFER_CODE_NAMES and isinstance(like, str) and like:
            out.append((name, "offer", schema))
        elif "barcode" in name and isinstance(like, str) and is_ean13(like):
            out.append((name, "ean", schema))
    return out


def set_count(out: Any, counter: tuple[tuple, dict] | None, path: tuple) -> None:
    """Make the counting sibling agree with the array's length."""
    if counter is None:
        return
    items = get(out, path, None)
    if isinstance(items, list) and scalar_fits(len(items), counter[1]):
        set_at(out, counter[0], len(items))


# --- per request -----------------------------------------------------------------------------------
def _fit(value: Any, schema: dict, like: Any) -> tuple[bool, Any]:
    """`value` made the same JSON type as `like` (the template's value), if the schema accepts it."""
    kind = ("boolean" if isinstance(like, bool) else "integer" if isinstance(like, int) else
            "number" if isinstance(like, float) else "string" if isinstance(like, str) else None)
    if kind is None:
        return False, None
    ok, coerced = coerce(value, kind)
    if not ok:
        return False, None
    if kind in ("integer", "number") and coerced <= 0 < like:
        return False, None
    if scalar_fits(coerced, schema):
        return True, coerced
    return False, None


def _flatten_request(body: Any) -> tuple[dict[str, Any], dict[str, list]]:
    """Identifier fields of a request at any depth (`filter.posting_number`): scalars and lists."""
    scalars: dict[str, Any] = {}
    lists: dict[str, list] = {}

    def walk(node: Any, depth: int) -> None:
        if depth > 4 or not isinstance(node, dict):
            return
        for key, value in node.items():
            if not isinstance(key, str):
                continue
            if isinstance(value, dict):
                walk(value, depth + 1)
            elif isinstance(value, list):
                if value and echoable(key) and all(
                        not isinstance(v, (dict, list)) and v is not None and v != "" for v in value):
                    lists.setdefault(key, value)
            elif value is not None and value != "" and echoable(key):
                scalars.setdefault(key, value)

    walk(body, 0)
    return scalars, lists


def _names_for(key: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys((key, singular(key))))


def echo(out: Any, request: dict, scalar_slots: Slots, arrays: list[EchoArray], salt: str) -> None:
    """Copy the request's identifiers into the body: lists become one item per id, scalars land on
    the shallowest fields of the same name. `salt` keeps derived ids apart per seed and operation."""
    scalars, lists = _flatten_request(request)
    if not scalars and not lists:
        return
    used: set[str] = set()
    if lists:
        for array in arrays:
            found = _echo_list(out, array, lists, salt)
            if found:
                set_count(out, array.counter, array.path)
            used |= found
    # a one-element list not used for items still names a scalar ("posting_number": ["1-1-1"])
    for key, values in lists.items():
        if key not in used and len(values) == 1:
            scalars.setdefault(singular(key), values[0])
    for key, value in scalars.items():
        for name in _names_for(key):
            for path, schema in scalar_slots.get(name, ()):
                _set_each(out, path, functools.partial(_fit, value, schema))


def _set_each(node: Any, path: tuple, fit: Callable[[Any], tuple[bool, Any]]) -> None:
    """Set the leaf at `path` (None = every array item) to fit(current) where that fits."""
    if not path:
        return
    head, rest = path[0], path[1:]
    if head is None:
        if isinstance(node, list):
            for item in node:
                _set_each(item, rest, fit)
        return
    if not isinstance(node, dict) or head not in node:
        return
    if rest:
        _set_each(node[head], rest, fit)
        return
    ok, fitted = fit(node[head])
    if ok:
        node[head] = fitted


def _targets(array: EchoArray, lists: dict[str, list]) -> list[tuple[str, str, list]]:
    """(request key, item field, requested values) for every requested list the items can carry."""
    plans = []
    for key, values in lists.items():
        target = next((n for n in _names_for(key) if n in array.fields), None)
        if target is None:
            target = next((alias for alias in ALIASES.get(key, ()) if alias in array.fields), None)
        if target is not None:
            plans.append((key, target, values))
    return plans


def _echo_list(out: Any, array: EchoArray, lists: dict[str, list], salt: str) -> set[str]:
    """Rebuild the array with one item per requested id; returns the request keys used."""
    current = get(out, array.path, MISSING)
    if not isinstance(current, list) or not current:
        return set()
    plans = _targets(array, lists)
    if not plans:
        return set()
    limit = min(int(array.schema.get("maxItems", MAX_ECHO_ITEMS)), MAX_ECHO_ITEMS)
    templates = [orjson.dumps(item) for item in current]
    items: list = []
    used: set[str] = set()
    for key, target, values in plans:
        for value in values:
            if len(items) >= limit:
                break
            item = orjson.loads(templates[len(items) % len(templates)])
            ok, fitted = _fit(value, array.fields[target], item.get(target))
            if not ok:
                continue
            item[target] = fitted
            _vary(item, array.varying, target, f"{salt}:{target}:{fitted}")
            items.append(item)
            used.add(key)
    if not items:
        return set()
    while len(items) < int(array.schema.get("minItems", 0)):
        items.append(orjson.loads(templates[len(items) % len(templates)]))
    if array.schema.get("uniqueItems") and len(
            {orjson.dumps(i, option=orjson.OPT_SORT_KEYS) for i in items}) < len(items):
        return set()
    set_at(out, array.path, items)
    return used


def _derived_id(kind: str, rng: random.Random) -> Any:
    if kind == "offer":
        return offer_code(rng)
    if kind == "ean":
        return ean13(rng)
    form, _, size = kind.partition(":")
    digits = int(size)
    number = rng.randint(10 ** (digits - 1), 10 ** digits - 1) if digits > 1 else rng.randint(1, 9)
    return number if form == "int" else str(number)


def _vary(item: dict, varying: list[tuple[str, str, dict]], target: str, key: str) -> None:
    """Give a cloned item its own identifiers (derived from the echoed id), so two requested products
    do not share a sku or an article code."""
    if not varying:
        return
    rng = random.Random(key)
    for name, kind, schema in varying:
        if name == target:
            continue
        candidate = _derived_id(kind, rng)
        if scalar_fits(candidate, schema):
            item[name] = candidate
