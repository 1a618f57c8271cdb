"""One realistic value for a JSON Schema: the synthesis behind every generated answer.

`Synthesizer` walks a schema and builds a value, letting the field's name pick something that looks
like what Ozon sends (the tables in `name_rules`), then bending it to the schema's own constraints
(enum, pattern, format, bounds, lengths). It records the resolved schema of every path it builds
and where the timestamps are, so a template can be echoed into and re-stamped per request.

Everything is deterministic: the only randomness is the `random.Random` handed in.
"""
from __future__ import annotations

import random
from typing import Any, Callable

from .constraints import fit_integer, fit_length, fit_number, format_value, merge, scalar_fits, search
from .name_rules import integer_by_name, number_by_name, string_by_name
from .names import (
    Field,
    id_family,
    is_money,
    is_problem_list,
    is_problem_name,
    is_timestamp_name,
    singular,
    timestamp_offset,
    words,
)
from .regex import from_regex

TIMESTAMP_MARK = "2026-01-15T09:00:00.000Z"  # written at timestamp leaves; replaced per request from the clock
_SHAPED = {"properties": "object", "required": "object", "additionalProperties": "object", "items": "array",
           "prefixItems": "array", "minItems": "array", "pattern": "string", "minLength": "string",
           "maxLength": "string", "format": "string"}
_BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")
_CALM = ("OK", "NONE", "NO_ERROR")


class Unsatisfiable(Exception):
    """A schema that no value satisfies (e.g. `false`): the caller decides what to do."""


def _looks_unspecified(member: Any) -> bool:
    if not isinstance(member, str):
        return False
    upper = member.upper()
    return upper.endswith("UNSPECIFIED") or upper.endswith("UNKNOWN") or upper in ("UNDEFINED", "NONE", "UNSET")


def _is_null_schema(schema: Any) -> bool:
    return isinstance(schema, dict) and (schema.get("type") == "null" or schema.get("const", 0) is None)


class Synthesizer:
    """Builds one value for a schema, recording where the timestamps are (to fill them per request).

    `validator_factory(sub_schema)`, when given, lets `anyOf` / `oneOf` branches be checked whole."""

    MAX_REF_DEPTH = 1      # how many times a recursive definition may nest inside itself
    MAX_DEPTH = 40         # a hard stop for pathological nesting

    def __init__(self, root: dict[str, Any], rng: random.Random, *, validator_factory: Callable | None = None):
        self.root = root
        self.rng = rng
        self.timestamps: dict[tuple, int] = {}
        self.schemas: dict[tuple, Any] = {}   # path -> resolved schema of the value last built there
        self._validator_factory = validator_factory

    # --- schema plumbing ----------------------------------------------------------------------
    def resolve(self, schema: Any, refs: tuple = ()) -> tuple[Any, tuple]:
        """Follow `$ref`s (local JSON pointers) and merge `allOf`; returns (schema, refs on the stack)."""
        hops = 0
        while isinstance(schema, dict) and "$ref" in schema and hops < 32:
            ref = schema["$ref"]
            target = self.pointer(ref)
            refs = refs + (ref,)
            rest = {k: v for k, v in schema.items() if k != "$ref"}
            schema = merge(target, rest) if rest else target
            hops += 1
        if isinstance(schema, dict) and "allOf" in schema:
            merged = {k: v for k, v in schema.items() if k != "allOf"}
            for part in schema["allOf"]:
                part, refs = self.resolve(part, refs)
                merged = merge(merged, part)
            return self.resolve(merged, refs)
        return schema, refs

    def pointer(self, ref: str) -> Any:
        if not ref.startswith("#"):
            return {}
        node: Any = self.root
        for token in ref[1:].split("/")[1:]:
            token = token.replace("~1", "/").replace("~0", "~")
            if isinstance(node, list):
                node = node[int(token)]
            elif isinstance(node, dict) and token in node:
                node = node[token]
            else:
                return {}
        return node

    @staticmethod
    def recursion(refs: tuple) -> int:
        return max((refs.count(r) for r in set(refs)), default=0) - 1 if refs else 0

    def _checker(self, schema: dict):
        if self._validator_factory is None:
            return None
        return self._validator_factory(schema).is_valid

    def _shallow(self, refs: tuple, path: tuple) -> bool:
        """Deep in a recursive definition: only what is required gets built."""
        return self.recursion(refs) >= self.MAX_REF_DEPTH or len(path) > self.MAX_DEPTH

    # --- values -------------------------------------------------------------------------------
    def value(self, schema: Any, name: str = "", path: tuple = (), refs: tuple = (), context: tuple = ()) -> Any:
        schema, refs = self.resolve(schema, refs)
        self.schemas[path] = schema
        if schema is True or schema is None or schema == {}:
            return self.by_name(name, path, context, {})
        if schema is False:
            raise Unsatisfiable(path)
        if "const" in schema:
            return schema["const"]
        if "enum" in schema:
            return self.pick_enum(schema, name)
        for key in ("anyOf", "oneOf"):
            if key in schema:
                return self.branch(schema, key, name, path, refs, context)
        kind = self.pick_type(schema, name)
        if kind == "null":
            return None
        if kind == "object":
            return self.object(schema, name, path, refs, context)
        if kind == "array":
            return self.array(schema, name, path, refs, context)
        if kind == "boolean":
            return self.boolean(name)
        if kind == "integer":
            return self.integer(schema, name, context)
        if kind == "number":
            return self.number(schema, name, context)
        return self.string(schema, name, path, context)

    def by_name(self, name: str, path: tuple, context: tuple, schema: dict) -> Any:
        """A value for an untyped schema: whatever the name suggests."""
        if id_family(name):
            return self.integer({}, name, context)
        return self.string(schema, name, path, context)

    def pick_type(self, schema: dict, name: str) -> str:
        declared = schema.get("type")
        if isinstance(declared, str):
            return declared
        if isinstance(declared, list) and declared:
            options = [t for t in declared if t != "null"] or ["null"]
            if "string" in options and ("number" in options or "integer" in options):
                # money as a decimal string where allowed; other numbers as numbers
                return "string" if is_money(name) else next(t for t in options if t != "string")
            return options[0]
        shaped = next((kind for key, kind in _SHAPED.items() if key in schema), None)
        if shaped is not None:
            return shaped
        if any(k in schema for k in _BOUNDS):
            return "integer" if id_family(name) else "number"
        return "integer" if id_family(name) else "string"

    def pick_enum(self, schema: dict, name: str) -> Any:
        members = list(schema["enum"])
        if not members:
            raise Unsatisfiable(name)
        fitting = [m for m in members if scalar_fits(m, {k: v for k, v in schema.items() if k != "enum"})]
        members = fitting or members
        if is_problem_name(name):  # an error / warning code: "none" where the enum has one
            calm = [m for m in members if m in ("", None) or _looks_unspecified(m) or m in _CALM]
            if calm:
                return calm[0]
        real = [m for m in members if m not in ("", None) and not _looks_unspecified(m)]
        return self.rng.choice(real or members)

    def branch(self, schema: dict, key: str, name: str, path: tuple, refs: tuple, context: tuple) -> Any:
        base = {k: v for k, v in schema.items() if k not in ("anyOf", "oneOf")}
        options = list(schema[key])
        resolved = [self.resolve(o, refs)[0] for o in options]
        # prefer branches that are not plain null, in order
        order = sorted(range(len(options)), key=lambda i: _is_null_schema(resolved[i]))
        check = self._checker(schema)
        last: Any = None
        for index in order:
            option = merge(base, options[index]) if base else options[index]
            try:
                candidate = self.value(option, name, path, refs, context)
            except Unsatisfiable:
                continue
            last = candidate
            if check is None or check(candidate):
                return candidate
        if last is None and not order:
            return self.value(base, name, path, refs, context)
        return last

    def object(self, schema: dict, name: str, path: tuple, refs: tuple, context: tuple) -> dict:
        shallow = self._shallow(refs, path)
        required = list(schema.get("required") or ())
        out: dict[str, Any] = {}
        here = context + (name,) if name else context
        for key, sub in (schema.get("properties") or {}).items():
            if shallow and key not in required:
                continue
            try:
                out[key] = self.value(sub, key, path + (key,), refs, here)
            except Unsatisfiable:
                if key in required:
                    raise
        extra = schema.get("additionalProperties", True)
        extra = extra if isinstance(extra, dict) else {}
        for key in required:
            if key not in out:
                out[key] = self.value(extra, key, path + (key,), refs, here)
        want = int(schema.get("minProperties") or 0)
        n = 0
        while len(out) < want and n < 100:
            key = f"{singular(name) or 'key'}_{n + 1}"
            n += 1
            if key not in out:
                out[key] = self.value(extra, key, path + (key,), refs, here)
        return out

    def array(self, schema: dict, name: str, path: tuple, refs: tuple, context: tuple) -> list:
        low = int(schema.get("minItems") or 0)
        high = schema.get("maxItems")
        shallow = self._shallow(refs, path)
        count = low if shallow or is_problem_list(name) else max(low, self.rng.randint(1, 3))
        if high is not None:
            count = min(count, int(high))
        prefix = schema.get("prefixItems") or []
        items = schema.get("items", {})
        item_name = singular(name) if name else "item"
        out: list = []
        unique = schema.get("uniqueItems", False)
        attempts = 0
        while len(out) < count and attempts < count * 10 + 10:
            attempts += 1
            i = len(out)
            sub = prefix[i] if i < len(prefix) else items
            if sub is False:
                break
            value = self.value(sub, item_name, path + (i,), refs, context + (name,))
            if unique and value in out:
                continue
            out.append(value)
        return out

    def boolean(self, name: str) -> bool:
        parts = words(name)
        if name in ("has_next", "has_more", "is_last_page") or (parts and parts[0] == "has" and "next" in parts):
            return name == "is_last_page"
        if parts and parts[-1] in ("error", "errors", "deleted", "archived", "blocked", "rejected", "failed",
                                   "cancelled", "canceled", "expired", "overdue", "disabled"):
            return False
        if name in ("result", "accepted", "is_possible", "approved", "confirmed", "done", "is_success") or (
                parts and parts[-1] in ("success", "ok", "enabled", "available", "active", "visible", "valid")):
            return True
        return self.rng.random() < 0.5

    def integer(self, schema: dict, name: str, context: tuple = ()) -> int:
        return fit_integer(integer_by_name(Field.of(name, context), self.rng), schema, schema.get("format"))

    def number(self, schema: dict, name: str, context: tuple = ()) -> float | int:
        return fit_number(number_by_name(Field.of(name, context), self.rng), schema)

    def string(self, schema: dict, name: str, path: tuple, context: tuple) -> str:
        fmt = schema.get("format")
        pattern = schema.get("pattern")
        if fmt == "date-time" or (fmt is None and pattern is None and is_timestamp_name(name)):
            self.timestamps[path] = timestamp_offset(name, self.rng)
            return TIMESTAMP_MARK
        text = string_by_name(Field.of(name, context, fmt), self.rng)
        if fmt:
            text = format_value(fmt, text, self.rng)
        if pattern is not None and not search(pattern, text):
            text = from_regex(pattern, self.rng)
        return fit_length(text, schema, self.rng)
