"""`ozmock schemas diff NEW_SPEC.json`: contract drift between a spec file and the served contract.

Both sides are read as request and response schemas per (METHOD, path); `$ref`s are resolved, and the
comparison walks the two trees by field path (`items[].offer_id`), reporting fields added or removed,
types, `required` members and enum values that changed. The served side is `schemas/`, or another
spec file with `--base OLD_SPEC.json` (how two Ozon releases compare).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterator

import orjson

from .catalog import Catalog
from .lifecycle import REMOVED

HTTP_METHODS = ("get", "post", "put", "delete", "patch")
Sides = dict[str, Any]        # "request" / "response" -> schema


@dataclass
class Drift:
    added: list[tuple[str, str]] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)
    changed: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def lines(self) -> Iterator[str]:
        yield f"added operations: {len(self.added)}"
        yield from (f"  + {m} {p}" for m, p in self.added)
        yield f"removed operations: {len(self.removed)}"
        yield from (f"  - {m} {p}" for m, p in self.removed)
        yield f"changed operations: {len(self.changed)}"
        for (m, p), changes in self.changed.items():
            yield f"  ~ {m} {p}"
            yield from (f"      {change}" for change in changes)


def spec_operations(spec: dict[str, Any]) -> dict[tuple[str, str], Sides]:
    """(METHOD, path) -> request (JSON body, else query parameters) and 200 response schemas."""
    resolve = _Resolver(spec)
    out: dict[tuple[str, str], Sides] = {}
    for path, item in spec.get("paths", {}).items():
        for method, op in item.items():
            if method not in HTTP_METHODS or not isinstance(op, dict):
                continue
            out[(method.upper(), path)] = {"request": resolve.request(op), "response": resolve.response(op)}
    return out


def served_operations(catalog: Catalog, day: date) -> tuple[dict[tuple[str, str], Sides], set[tuple[str, str]]]:
    """The served contract on `day` (every published operation with schemas), and which of them are
    live: an operation the new file drops is news only if it had not been removed already."""
    published = [(op, life) for op, life in catalog.as_of(day) if not op.obsolete]
    return ({op.key: {"request": op.request_schema, "response": op.response_schema} for op, _ in published},
            {op.key for op, life in published if life.status != REMOVED})


def diff(base: dict[tuple[str, str], Sides], new: dict[tuple[str, str], Sides],
         live: set[tuple[str, str]] | None = None) -> Drift:
    """Operations added and removed (of the `live` ones, all by default), and field changes."""
    gone = set(base) - set(new)
    drift = Drift(added=sorted(set(new) - set(base)), removed=sorted(gone if live is None else gone & live))
    for key in sorted(set(base) & set(new)):
        changes = [f"{side}: {change}" for side in ("request", "response")
                   for change in compare(base[key][side], new[key][side])]
        if changes:
            drift.changed[key] = changes
    return drift


def compare(old: Any, new: Any, where: str = "") -> Iterator[str]:
    """Field-level changes from `old` to `new` (schemas with `$ref`s already resolved)."""
    old, new = _flat(old), _flat(new)
    here = where or "(body)"
    old_type, new_type = _types(old), _types(new)
    if old_type and new_type and _protojson(old_type) != _protojson(new_type):
        yield f"{here}: type {'|'.join(old_type)} -> {'|'.join(new_type)}"
    old_enum, new_enum = _members(old.get("enum")), _members(new.get("enum"))
    if old_enum != new_enum:
        if new_enum - old_enum:
            yield f"{here}: enum + {', '.join(sorted(new_enum - old_enum))}"
        if old_enum - new_enum:
            yield f"{here}: enum - {', '.join(sorted(old_enum - new_enum))}"
    old_req, new_req = _members(old.get("required")), _members(new.get("required"))
    for name in sorted(new_req - old_req):
        yield f"{_join(where, name)}: now required"
    for name in sorted(old_req - new_req):
        yield f"{_join(where, name)}: no longer required"
    old_props, new_props = _mapping(old.get("properties")), _mapping(new.get("properties"))
    for name in sorted(set(new_props) - set(old_props)):
        yield f"{_join(where, name)}: field added"
    for name in sorted(set(old_props) - set(new_props)):
        yield f"{_join(where, name)}: field removed"
    for name in sorted(set(old_props) & set(new_props)):
        yield from compare(old_props[name], new_props[name], _join(where, name))
    if isinstance(old.get("items"), dict) or isinstance(new.get("items"), dict):
        yield from compare(old.get("items"), new.get("items"), f"{where}[]")


def _flat(schema: Any) -> dict[str, Any]:
    """The schema with its `allOf` parts merged in (how both the spec and `schemas/` wrap a described $ref)."""
    if not isinstance(schema, dict):
        return {}
    parts = schema.get("allOf")
    if not isinstance(parts, list):
        return schema
    out = {key: value for key, value in schema.items() if key != "allOf"}
    for part in map(_flat, parts):
        out["properties"] = {**_mapping(out.get("properties")), **_mapping(part.get("properties"))}
        out["required"] = sorted(_members(out.get("required")) | _members(part.get("required")))
        for key in ("type", "enum", "items"):
            if key in part:
                out.setdefault(key, part[key])
    return out


def _members(value: Any) -> set[str]:
    """An enum or required list as a set (the references hold a few malformed ones: `required: true`)."""
    return set(map(str, value)) if isinstance(value, list) else set()


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _types(schema: dict[str, Any]) -> tuple[str, ...]:
    kind = schema.get("type")
    if kind is None:
        return ()
    if kind == "string" and schema.get("format") in ("int64", "uint64"):   # protojson's int64 spelling
        return ("integer",)
    return tuple(sorted(t for t in (kind if isinstance(kind, list) else [kind]) if t != "null"))


def _protojson(types: tuple[str, ...]) -> tuple[str, ...]:
    """int64 and numbers travel as JSON numbers or numeric strings: `integer|string` is `integer`."""
    if len(types) == 2 and "string" in types and ({"integer", "number"} & set(types)):
        return tuple(t for t in types if t != "string")
    return types


def _join(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


class _Resolver:
    """Inlines local `$ref`s (a cycle stops at the repeated reference) and merges `allOf`."""

    def __init__(self, spec: dict[str, Any]):
        self.spec = spec

    def request(self, op: dict[str, Any]) -> Any:
        body = self._follow(op.get("requestBody") or {})
        media = _json_media(body.get("content") or {})
        if media is not None:
            return self.schema(media.get("schema") or {"type": "object"})
        query = [self._follow(p) for p in op.get("parameters", [])]
        query = [p for p in query if p.get("in") == "query"]
        if not query:
            return None
        return {"type": "object", "properties": {p["name"]: self.schema(p.get("schema") or {}) for p in query},
                "required": [p["name"] for p in query if p.get("required")]}

    def response(self, op: dict[str, Any]) -> Any:
        ok = self._follow((op.get("responses") or {}).get("200") or {})
        media = _json_media(ok.get("content") or {})
        return self.schema(media.get("schema") or {}) if media else {"type": "object"}

    def schema(self, node: Any, seen: frozenset[str] = frozenset()) -> Any:
        if isinstance(node, list):
            return [self.schema(item, seen) for item in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            ref = node["$ref"]
            return {} if ref in seen else self.schema(self._lookup(ref), seen | {ref})
        return {key: self.schema(value, seen) for key, value in node.items()}

    def _follow(self, node: dict[str, Any]) -> dict[str, Any]:
        while isinstance(node, dict) and "$ref" in node:
            node = self._lookup(node["$ref"])
        return node if isinstance(node, dict) else {}

    def _lookup(self, ref: str) -> Any:
        node: Any = self.spec
        for part in ref.lstrip("#/").split("/"):
            node = node.get(part.replace("~1", "/").replace("~0", "~"), {}) if isinstance(node, dict) else {}
        return node


def _json_media(content: dict[str, Any]) -> dict[str, Any] | None:
    for media_type, media in content.items():
        if "json" in media_type and isinstance(media, dict):
            return media
    return None


def load_spec(path: str | Path) -> dict[tuple[str, str], Sides]:
    return spec_operations(orjson.loads(Path(path).read_bytes()))


def run(new_spec: str, base_spec: str | None, catalog: Catalog, day: date) -> list[str]:
    """The printed report: NEW_SPEC against `base_spec`, or against the contract served on `day`."""
    if base_spec:
        return list(diff(load_spec(base_spec), load_spec(new_spec)).lines())
    served, live = served_operations(catalog, day)
    return list(diff(served, load_spec(new_spec), live).lines())
