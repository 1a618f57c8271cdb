"""Schema-valid, deterministic responses for every operation without hand-written behaviour.

Per (operation, world seed) a *template* is built once: the documented example
conformed to the response schema (source "example") or a body synthesized from
the schema (source "generated"), checked against the schema and repaired until
it passes. Per request only two cheap steps run on a fresh copy of it:

1. timestamps: every synthesized timestamp is stored as an offset from "now" and
   filled from `world.clock`, so a frozen clock gives byte-identical bodies and an
   advanced clock moves them;
2. echo: identifiers the request names (`posting_number`, `offer_id`,
   `product_id: [...]`, `sku`, `task_id`, ...) are copied into the matching
   response fields where the schema accepts them, and a list of ids becomes one
   item per id, so asking for product 123 returns product 123.

Randomness comes only from `random.Random` seeded with (world seed, operation
slug), plus the echoed request values themselves; nothing global.
"""
from __future__ import annotations

import functools
import logging
import random
import threading
import weakref
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import orjson

from .synth import (TIMESTAMP_MARK, Conformer, Unsatisfiable, coerce, ean13, has_fillers, id_family, is_ean13,
                    offer_code, scalar_fits, singular)

if TYPE_CHECKING:
    from .catalog import Operation
    from .world import World

log = logging.getLogger("ozmock.generate")

MAX_ECHO_ITEMS = 1000
REPAIR_ROUNDS = 25
SEEDS_KEPT = 8          # templates kept per operation (one per world seed in use)
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


@dataclass
class Template:
    """One operation's response, built once per world seed."""

    body: bytes                                   # orjson of the conformed / synthesized body
    source: str                                   # "example" | "generated"
    timestamps: list[tuple[tuple, int]]           # (path, seconds from now)
    salt: str = ""                                # "seed:slug", for values derived from echoed ids
    scalar_slots: dict[str, list[tuple[tuple, dict]]] = field(default_factory=dict)  # name -> (path, schema)
    # (path, schema, item fields, fields to derive per echoed id, sibling total/count field)
    arrays: list[tuple] = field(default_factory=list)
    valid: bool = True
    _stamped: tuple[datetime, bytes] | None = field(default=None, repr=False, compare=False)

    _last_now: datetime | None = field(default=None, repr=False, compare=False)

    def render(self, now: datetime) -> Any:
        """A fresh copy of the body with its timestamps filled for `now`. A frozen clock asks for the
        same instant again and again: from the second call on, that copy comes ready-made."""
        if not self.timestamps:
            return orjson.loads(self.body)
        stamped = self._stamped
        if stamped is not None and stamped[0] == now:
            return orjson.loads(stamped[1])
        out = orjson.loads(self.body)
        utc = now.astimezone(timezone.utc)
        for path, offset in self.timestamps:
            _set(out, path, _iso(utc + timedelta(seconds=offset)))
        if self._last_now == now:
            self._stamped = (now, orjson.dumps(out))
        self._last_now = now
        return out


def _iso(instant: datetime) -> str:
    """`clock.iso` for a UTC instant, via the C isoformat (strftime is the slow part of a big body)."""
    return instant.isoformat(timespec="milliseconds")[:-6] + "Z"


_TEMPLATES: "weakref.WeakKeyDictionary[Operation, dict[int, Template]]" = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def generated_response(operation: "Operation", body: dict, world: "World",
                       params: dict[str, Any] | None = None) -> tuple[dict, str]:
    """(response body, source) where source is "example" (built from the documented example) or
    "generated". `params` (path parameters, optional) are echoed like body fields."""
    template = template_for(operation, world.seed)
    out = template.render(world.clock.now())
    request = dict(params or {})
    if isinstance(body, dict):
        request.update(body)
    if request and (template.scalar_slots or template.arrays):
        echo(out, template, request)
    return out, template.source


def template_for(operation: "Operation", seed: int) -> Template:
    """The cached template for (operation, seed); built on first use."""
    per_seed = _TEMPLATES.get(operation)
    if per_seed is not None:
        found = per_seed.get(seed)
        if found is not None:
            return found
    built = build_template(operation, seed)
    with _LOCK:
        per_seed = _TEMPLATES.setdefault(operation, {})
        while len(per_seed) >= SEEDS_KEPT:  # many-seed property tests must not grow memory for ever
            per_seed.pop(next(iter(per_seed)))
        per_seed[seed] = built
    return built


def clear_cache() -> None:
    """Forget every template (e.g. after schemas were reloaded in-process)."""
    with _LOCK:
        _TEMPLATES.clear()


# --- building ------------------------------------------------------------------------------------
def build_template(operation: "Operation", seed: int) -> Template:
    schema = operation.response_schema
    validator = operation.response_validator
    rng = random.Random(f"ozmock:{seed}:{operation.slug}")
    synth = Conformer(schema, rng, validator_factory=lambda sub: validator.evolve(schema=sub))
    example = operation.example_response
    source = "example" if example is not None else "generated"
    context = tuple(part for part in operation.path.lower().replace("-", "_").split("/")
                    if part and not part.startswith(("{", ":")) and not (part[0] == "v" and part[1:].isdigit()))
    try:
        if example is not None:
            synth.filler_example = has_fillers(example)
            body = synth.conform(example, schema, context=context)
        else:
            body = synth.value(schema, context=context)
    except (Unsatisfiable, RecursionError, ValueError, TypeError) as error:
        log.debug("synthesis failed for %s: %r", operation.slug, error)
        body = {}
    body, valid = repair(body, synth, validator)
    timestamps = []
    for path, offset in sorted(synth.timestamps.items(), key=lambda item: _path_key(item[0])):
        if _get(body, path, None) == TIMESTAMP_MARK:
            timestamps.append((path, offset))
    scalar_slots, arrays = echo_plan(body, synth.schemas)
    if source == "generated":  # a synthesized list and its total agree from the start
        for path, *_, counter in arrays:
            _set_count(body, counter, path)
    return Template(body=orjson.dumps(body), source=source, timestamps=timestamps, salt=f"{seed}:{operation.slug}",
                    scalar_slots=scalar_slots, arrays=arrays, valid=valid)


def repair(body: Any, synth: Conformer, validator) -> tuple[Any, bool]:
    """Regenerate whatever the validator still rejects; hypothesis-jsonschema as a last resort."""
    for _ in range(REPAIR_ROUNDS):
        errors = list(validator.iter_errors(body))
        if not errors:
            return body, True
        errors.sort(key=lambda e: -len(e.absolute_path))
        error = errors[0]
        path = tuple(error.absolute_path)
        name = next((p for p in reversed(path) if isinstance(p, str)), "")
        try:
            replacement = synth.value(error.schema, name, path)
        except (Unsatisfiable, RecursionError, ValueError, TypeError):
            replacement = None
        current = _get(body, path, _MISSING)
        if replacement is None or replacement == current:
            # the same value again: climb to the parent and rebuild it whole
            if not path:
                break
            parent = path[:-1]
            parent_schema = synth.schemas.get(parent)
            if parent_schema is None:
                break
            try:
                replacement = synth.value(parent_schema, next((p for p in reversed(parent) if isinstance(p, str)), ""),
                                          parent)
            except (Unsatisfiable, RecursionError, ValueError, TypeError):
                break
            path = parent
            if replacement == _get(body, path, _MISSING):
                break
        body = _put(body, path, replacement)
    if validator.is_valid(body):
        return body, True
    fallback = _hypothesis_value(validator.schema)
    if fallback is not _MISSING and validator.is_valid(fallback):
        return fallback, True
    log.warning("could not build a schema-valid body for %s", validator.schema.get("title", "an operation"))
    return body, False


def _hypothesis_value(schema: dict) -> Any:
    """A minimal valid value found by hypothesis-jsonschema (deterministic: derandomized, no database)."""
    try:
        from hypothesis import HealthCheck, find, settings
        from hypothesis_jsonschema import from_schema
        strategy = from_schema(_strip_formats(schema))
        return find(strategy, lambda _: True,
                    settings=settings(database=None, derandomize=True, max_examples=200,
                                      suppress_health_check=list(HealthCheck)))
    except Exception as error:  # unsatisfiable or unsupported: give up quietly
        log.debug("hypothesis fallback failed: %r", error)
        return _MISSING


def _strip_formats(schema: Any) -> Any:
    known = {"date-time", "date", "time", "email", "uri", "uuid", "ipv4", "ipv6", "hostname"}
    if isinstance(schema, dict):
        return {k: _strip_formats(v) for k, v in schema.items() if not (k == "format" and v not in known)}
    if isinstance(schema, list):
        return [_strip_formats(v) for v in schema]
    return schema


# --- echo ------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=8192)
def echoable(name: str) -> bool:
    if name in NEVER_ECHO:
        return False
    return id_family(name) is not None or name in ECHO_NAMES or singular(name) in ECHO_NAMES


def _simple(schema: Any) -> bool:
    """Schemas that `scalar_fits` fully understands (no combinators)."""
    return isinstance(schema, dict) and not any(k in schema for k in ("anyOf", "oneOf", "allOf", "not", "$ref",
                                                                     "if", "dependentSchemas"))


def echo_plan(body: Any, schemas: dict[tuple, Any]):
    """Where request identifiers may land.

    scalar slots: name -> [(path, schema)], only the shallowest occurrences of each name, with
    array indices generalised to `None` (every item); arrays: arrays of objects not nested in
    another array, with the scalar fields of their items."""
    found: dict[str, dict[tuple, dict]] = {}
    arrays: list = []

    def walk(node: Any, path: tuple, in_array: bool) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                sub = path + (key,)
                if isinstance(value, (dict, list)):
                    walk(value, sub, in_array)
                elif echoable(key) and value is not None:
                    schema = schemas.get(sub)
                    if _simple(schema):
                        general = tuple(None if isinstance(p, int) else p for p in sub)
                        found.setdefault(key, {}).setdefault(general, schema)
        elif isinstance(node, list):
            schema = schemas.get(path)
            if not in_array and node and all(isinstance(i, dict) for i in node) and _simple(schema):
                fields: dict[str, dict] = {}
                for key, value in node[0].items():
                    item_schema = schemas.get(path + (0, key))
                    if not isinstance(value, (dict, list)) and value is not None and _simple(item_schema):
                        fields[key] = item_schema
                if fields:
                    arrays.append((path, schema, fields, _varying(node[0], fields), _counter(body, path, schemas)))
            for index, value in enumerate(node):
                walk(value, path + (index,), True)

    walk(body, (), False)
    scalar_slots: dict[str, list[tuple[tuple, dict]]] = {}
    for name, slots in found.items():
        depth = min(_depth(p) for p in slots)
        scalar_slots[name] = [(p, schema) for p, schema in slots.items() if _depth(p) == depth]
    return scalar_slots, arrays


COUNTERS = ("total", "count", "total_count", "total_items", "items_count")


def _counter(body: Any, path: tuple, schemas: dict[tuple, Any]) -> tuple[tuple, dict] | None:
    """The integer sibling that counts the array at `path` ({"items": [...], "total": 3}), if any:
    only when the array is the one list of objects in its object, so the count is unambiguous."""
    if not path or not isinstance(path[-1], str):
        return None
    parent = _get(body, path[:-1], None)
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


def _set_count(out: Any, counter: tuple[tuple, dict] | None, path: tuple) -> None:
    if counter is None:
        return
    items = _get(out, path, None)
    if isinstance(items, list) and scalar_fits(len(items), counter[1]):
        _set(out, counter[0], len(items))


def _depth(path: tuple) -> int:
    return sum(1 for p in path if p is not None)


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


def echo(out: Any, template: Template, request: dict) -> None:
    """Copy the request's identifiers into the body: lists become one item per id, scalars land on
    the shallowest fields of the same name."""
    scalars, lists = _flatten_request(request)
    if not scalars and not lists:
        return
    used: set[str] = set()
    if lists:
        for path, schema, fields, varying, counter in template.arrays:
            found = _echo_list(out, path, schema, fields, varying, lists, template.salt)
            if found:
                _set_count(out, counter, path)
            used |= found
    # a one-element list not used for items still names a scalar ("posting_number": ["1-1-1"])
    for key, values in lists.items():
        if key not in used and len(values) == 1:
            scalars.setdefault(singular(key), values[0])
    for key, value in scalars.items():
        for name in _names_for(key):
            for path, schema in template.scalar_slots.get(name, ()):
                _set_each(out, path, lambda like: _fit(value, schema, like))


def _set_each(node: Any, path: tuple, fit) -> None:
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


def _echo_list(out: Any, path: tuple, schema: dict, fields: dict[str, dict], varying: list,
               lists: dict[str, list], salt: str) -> set[str]:
    """Rebuild the array at `path` with one item per requested id; returns the request keys used."""
    current = _get(out, path, _MISSING)
    if not isinstance(current, list) or not current:
        return set()
    plans: list[tuple[str, str, list]] = []
    for key, values in lists.items():
        target = next((n for n in _names_for(key) if n in fields), None)
        if target is None:
            target = next((alias for alias in ALIASES.get(key, ()) if alias in fields), None)
        if target is not None:
            plans.append((key, target, values))
    if not plans:
        return set()
    limit = min(int(schema.get("maxItems", MAX_ECHO_ITEMS)), MAX_ECHO_ITEMS)
    templates = [orjson.dumps(item) for item in current]
    items: list = []
    used: set[str] = set()
    for key, target, values in plans:
        for value in values:
            if len(items) >= limit:
                break
            item = orjson.loads(templates[len(items) % len(templates)])
            ok, fitted = _fit(value, fields[target], item.get(target))
            if not ok:
                continue
            item[target] = fitted
            _vary(item, varying, target, f"{salt}:{target}:{fitted}")
            items.append(item)
            used.add(key)
    if not items:
        return set()
    low = int(schema.get("minItems", 0))
    while len(items) < low:
        items.append(orjson.loads(templates[len(items) % len(templates)]))
    if schema.get("uniqueItems") and len({orjson.dumps(i, option=orjson.OPT_SORT_KEYS) for i in items}) < len(items):
        return set()
    _set(out, path, items)
    return used


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
        elif name in ("offer_id", "item_code", "article", "vendor_code") and isinstance(like, str) and like:
            out.append((name, "offer", schema))
        elif "barcode" in name and isinstance(like, str) and is_ean13(like):
            out.append((name, "ean", schema))
    return out


def _vary(item: dict, varying: list[tuple[str, str, dict]], target: str, key: str) -> None:
    """Give a cloned item its own identifiers (derived from the echoed id), so two requested products
    do not share a sku or an article code."""
    if not varying:
        return
    rng = random.Random(key)
    for name, kind, schema in varying:
        if name == target:
            continue
        if kind == "offer":
            candidate: Any = offer_code(rng)
        elif kind == "ean":
            candidate = ean13(rng)
        else:
            form, _, size = kind.partition(":")
            digits = int(size)
            number = rng.randint(10 ** (digits - 1), 10 ** digits - 1) if digits > 1 else rng.randint(1, 9)
            candidate = number if form == "int" else str(number)
        if scalar_fits(candidate, schema):
            item[name] = candidate


# --- paths ---------------------------------------------------------------------------------------
class _Missing:
    __slots__ = ()


_MISSING: Any = _Missing()


def _path_key(path: tuple) -> tuple:
    return tuple((0, p, "") if isinstance(p, int) else (1, 0, p) for p in path)


def _get(node: Any, path: tuple, default: Any) -> Any:
    for part in path:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return default
    return node


def _set(node: Any, path: tuple, value: Any) -> None:
    if not path:
        return
    parent = _get(node, path[:-1], _MISSING)
    last = path[-1]
    if isinstance(parent, dict) and isinstance(last, str):
        parent[last] = value
    elif isinstance(parent, list) and isinstance(last, int) and 0 <= last < len(parent):
        parent[last] = value


def _put(body: Any, path: tuple, value: Any) -> Any:
    """Set (creating missing object members along the way); the root is replaced when path is empty."""
    if not path:
        return value
    node = body
    for part in path[:-1]:
        if isinstance(node, dict) and isinstance(part, str):
            node = node.setdefault(part, {})
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return body
    last = path[-1]
    if isinstance(node, dict) and isinstance(last, str):
        node[last] = value
    elif isinstance(node, list) and isinstance(last, int):
        if 0 <= last < len(node):
            node[last] = value
        else:
            node.append(value)
    return body
