"""Translate Ozon's OpenAPI 3.0 schema objects into self-contained JSON Schema 2020-12.

Why a hand-written converter: the published files use OpenAPI 3.0 dialect (``nullable``),
type names JSON Schema does not know (``int``, ``int64``, ``timestamp``, ``bool``,
``array of strings``, ``enum``, ``file``), ``enum: null``, placeholder "patterns" that are
prose (``' YYYY-MM-DD'``, ``'+7(XXX)XXX-XX-XX'``), typos (``ype``, ``foramt``, ``maxSize``)
and ``{"type": "array", "items": null, "$ref": ...}``. Each repair is recorded in
``Converter.notes`` so the build can report it.

The request side follows protojson: integer and number fields also accept numeric strings,
and string fields that carry an integer format (``int64``/``uint64``/``int32``) also accept
JSON integers.
"""

from __future__ import annotations

import copy
import difflib
import re
from typing import Any

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# Keywords copied through unchanged (after their values are converted where nested).
_SCALAR_KEYWORDS = (
    "format", "enum", "maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum",
    "maxItems", "minItems", "maxLength", "minLength", "uniqueItems", "maxProperties",
    "minProperties", "multipleOf", "deprecated", "readOnly", "writeOnly",
)
# Prose and documentation-only keys that never reach the output.
_PROSE = {"description", "title", "summary", "example", "examples", "externalDocs", "xml"}

INT_PATTERN = "^-?[0-9]+$"
NUMBER_PATTERN = r"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$"
_INT_FORMATS = {"int64", "uint64", "int32", "uint32", "sint64", "fixed64"}

# Non-standard type names, mapped by meaning: name -> (json type, extra keywords)
_ODD_TYPES = {
    "int": ("integer", {}),
    "int64": ("integer", {"format": "int64"}),
    "int32": ("integer", {"format": "int32"}),
    "timestamp": ("string", {"format": "date-time"}),
    "bool": ("boolean", {}),
    "enum": ("string", {}),
    "file": ("string", {}),
}
_STD_TYPES = {"string", "object", "integer", "array", "boolean", "number"}

# {"type": "array", "items": null, "$ref": X} nodes whose documented example is one X object,
# not a list (every other such node is read as an array of X).
REF_IS_OBJECT = {"#/components/schemas/v3FinanceCashFlowStatementListResponseResult/details"}

# Enum values are listed as "- `VALUE` — text" bullet points in descriptions.
_ENUM_BULLET = re.compile(r"^\s*[-*]\s*`([A-Za-z0-9_]+)`", re.M)


class Converter:
    """Converts schemas of one OpenAPI document. ``side`` is "request" or "response"."""

    def __init__(self, spec: dict, spec_name: str):
        self.spec = spec
        self.spec_name = spec_name
        self.components = spec.get("components", {}).get("schemas", {})
        self.notes: list[dict] = []  # repairs: {"spec","where","kind","detail"}
        self._noted: set = set()
        self.recursive = self._find_recursive()

    # ----------------------------------------------------------------- helpers
    def note(self, where: str, kind: str, detail: str) -> None:
        key = (where, kind, detail)
        if key not in self._noted:
            self._noted.add(key)
            self.notes.append({"spec": self.spec_name, "where": where, "kind": kind, "detail": detail})

    def resolve(self, ref: str) -> tuple[str, Any]:
        prefix = "#/components/schemas/"
        if not ref.startswith(prefix):
            raise ValueError(f"unsupported $ref {ref}")
        name = ref[len(prefix):]
        return name, self.components[name]

    def _refs_in(self, node: Any, out: set) -> None:
        if isinstance(node, dict):
            r = node.get("$ref")
            if isinstance(r, str) and r.startswith("#/components/schemas/"):
                out.add(r.rsplit("/", 1)[1])
            for k, v in node.items():
                if k in ("example", "examples"):
                    continue
                self._refs_in(v, out)
        elif isinstance(node, list):
            for v in node:
                self._refs_in(v, out)

    def _find_recursive(self) -> set[str]:
        graph = {}
        for name, s in self.components.items():
            out: set = set()
            self._refs_in(s, out)
            graph[name] = out
        recursive = set()
        for start in graph:
            seen, stack = set(), list(graph[start])
            while stack:
                n = stack.pop()
                if n == start:
                    recursive.add(start)
                    break
                if n in seen or n not in graph:
                    continue
                seen.add(n)
                stack.extend(graph[n])
        return recursive

    # ----------------------------------------------------------------- public
    def convert_root(self, schema: Any, side: str, where: str) -> dict:
        """Convert a top-level schema; recursive components land in ``$defs``."""
        defs_needed: dict[str, None] = {}
        out = self._conv(schema, side, where, defs_needed)
        defs: dict[str, Any] = {}
        while True:
            todo = [n for n in defs_needed if n not in defs]
            if not todo:
                break
            for name in todo:
                defs[name] = self._conv(self.components[name], side, f"#/components/schemas/{name}",
                                        defs_needed, top_name=name)
        if defs:
            out = dict(out)
            out["$defs"] = dict(sorted(defs.items()))
        return out

    def _fix_required(self, required: list[str], declared: list[str], where: str) -> list[str]:
        """Required names must be declared properties: repair a one-letter typo, else drop the name."""
        out = []
        for name in required:
            if name in declared:
                out.append(name)
                continue
            close = difflib.get_close_matches(name, declared, n=1, cutoff=0.9)
            if close:
                self.note(where, "required-typo", f"required {name!r} read as the declared {close[0]!r}")
                out.append(close[0])
            else:
                self.note(where, "required-undeclared", f"required {name!r} is not a declared property: dropped")
        return list(dict.fromkeys(out))

    # ----------------------------------------------------------------- core
    def _conv(self, s: Any, side: str, where: str, defs: dict, top_name: str | None = None) -> Any:
        if s is None:
            self.note(where, "null-schema", "schema was null; accepted anything")
            return {}
        if not isinstance(s, dict):
            self.note(where, "non-object-schema", repr(s)[:60])
            return {}
        s = dict(s)
        # typos seen in the files
        if "ype" in s and "type" not in s:
            s["type"] = s.pop("ype")
            self.note(where, "typo", "'ype' read as 'type'")
        if "foramt" in s and "format" not in s:
            s["format"] = s.pop("foramt")
            self.note(where, "typo", "'foramt' read as 'format'")
        if "maxSize" in s and "maxItems" not in s and s.get("type") == "array":
            s["maxItems"] = s.pop("maxSize")
            self.note(where, "typo", "'maxSize' read as 'maxItems'")

        if "$ref" in s:
            name, target = self.resolve(s["$ref"])
            if where in REF_IS_OBJECT and s.get("type") == "array":
                # the documented example shows a single object here: the $ref wins over "array"
                self.note(where, "ref-over-array", f"type array with items:null and $ref {name}: read as {name} (example is an object)")
                s = {"$ref": s["$ref"]}
            if s.get("type") == "array" and "items" in s and s["items"] is None:
                # {"type":"array","items":null,"$ref":X} means an array of X
                self.note(where, "ref-as-items", f"array with items:null and $ref {name}: read as array of {name}")
                rest = {k: v for k, v in s.items() if k not in ("$ref", "items")}
                rest["items"] = {"$ref": s["$ref"]}
                return self._conv(rest, side, where, defs)
            nullable = s.get("nullable") is True
            if name in self.recursive:
                defs.setdefault(name, None)
                out = {"$ref": f"#/$defs/{name}"}
                if nullable:
                    out = {"anyOf": [out, {"type": "null"}]}
                return out
            out = self._conv(target, side, f"#/components/schemas/{name}", defs)
            if nullable:
                out = _make_nullable(out)
            return out

        out: dict[str, Any] = {}
        t = s.get("type")
        items = s.get("items")
        extra: dict[str, Any] = {}
        if isinstance(t, str) and t not in _STD_TYPES:
            if t == "array of strings":
                self.note(where, "odd-type", "'array of strings' -> array of string")
                t = "array"
                if items is not None and items != {"type": "string"}:
                    self.note(where, "odd-type", "items of 'array of strings' replaced by string")
                items = {"type": "string"}
            elif t in _ODD_TYPES:
                nt, extra = _ODD_TYPES[t]
                self.note(where, "odd-type", f"'{t}' -> {nt}")
                if t == "enum" and "enum" not in s:
                    values = _ENUM_BULLET.findall(s.get("description") or "")
                    if values:
                        extra = {"enum": list(dict.fromkeys(values))}
                        self.note(where, "enum-repaired", f"type 'enum': values taken from the documented list {values}")
                t = nt
            else:
                self.note(where, "odd-type", f"unknown type {t!r} dropped")
                t = None
        elif "type" in s and t is None:
            self.note(where, "odd-type", "type null: left untyped (any JSON value)")
        elif t is not None and not isinstance(t, str):
            self.note(where, "odd-type", f"type {t!r} dropped")
            t = None

        # enum: null -> repair from the description bullets, or drop
        enum = s.get("enum", "absent")
        if enum is None:
            values = _ENUM_BULLET.findall(s.get("description") or "")
            if values:
                default = s.get("default")
                if isinstance(default, str) and default not in values:
                    values = [default] + values
                values = list(dict.fromkeys(values))
                s["enum"] = values
                self.note(where, "enum-repaired", f"enum null rebuilt from the documented values: {values}")
            else:
                s.pop("enum")
                self.note(where, "enum-dropped", "enum null with no documented values: dropped")
        elif enum != "absent" and not isinstance(enum, list):
            s.pop("enum")
            self.note(where, "enum-dropped", f"enum {enum!r} is not a list: dropped")

        if "pattern" in s:
            pat = s["pattern"]
            ok = True
            try:
                re.compile(pat)
            except re.error:
                ok = False
            if not ok or _looks_like_placeholder(pat):
                self.note(where, "pattern-dropped", f"pattern {pat!r} is a prose placeholder, not a regex: dropped")
            else:
                out["pattern"] = pat

        for k in _SCALAR_KEYWORDS:
            if k in s and s[k] is not None:
                out[k] = copy.deepcopy(s[k])
        out.update(extra)
        if "maximum" in out and s.get("type") == "array":
            # "maximum" on an array is meant as an item count
            out["maxItems"] = out.pop("maximum")
            self.note(where, "keyword-fixed", "'maximum' on an array read as maxItems")
        if "maxLength" in out and s.get("type") == "array":
            out["maxItems"] = out.pop("maxLength")
            self.note(where, "keyword-fixed", "'maxLength' on an array read as maxItems")
        if "minLength" in out and s.get("type") == "array":
            out["minItems"] = out.pop("minLength")
            self.note(where, "keyword-fixed", "'minLength' on an array read as minItems")
        if "minimum" in out and s.get("type") == "array":
            out["minItems"] = out.pop("minimum")
            self.note(where, "keyword-fixed", "'minimum' on an array read as minItems")
        if "required" in s:
            req = s["required"]
            if isinstance(req, list) and req:
                out["required"] = list(dict.fromkeys(req))
        if "properties" in s and isinstance(s["properties"], dict):
            out["properties"] = {k: self._conv(v, side, f"{where}/{k}", defs)
                                 for k, v in s["properties"].items()}
            if "required" in out:
                out["required"] = self._fix_required(out["required"], list(s["properties"]), where)
                if not out["required"]:
                    del out["required"]
            lifted = [k for k, v in s["properties"].items() if isinstance(v, dict) and v.get("required") is True]
            if lifted:
                # Swagger-2 style "required: true" on a property: moved to the parent's list
                self.note(where, "required-lifted", f"'required: true' on {lifted} moved to the parent's required list")
                out["required"] = list(dict.fromkeys(out.get("required", []) + lifted))
        if t == "array" or items is not None:
            if items is not None:
                out["items"] = self._conv(items, side, f"{where}/[]", defs)
        if "additionalProperties" in s:
            ap = s["additionalProperties"]
            out["additionalProperties"] = ap if isinstance(ap, bool) else self._conv(ap, side, f"{where}/*", defs)
        for comb in ("oneOf", "anyOf", "allOf"):
            if comb in s and isinstance(s[comb], list):
                key = "anyOf" if comb == "oneOf" else comb
                if comb == "oneOf":
                    self.note(where, "oneOf-to-anyOf", "oneOf read as anyOf")
                out[key] = [self._conv(v, side, f"{where}/{comb}{i}", defs) for i, v in enumerate(s[comb])]
        if "not" in s:
            out["not"] = self._conv(s["not"], side, f"{where}/not", defs)

        if t is None and "$ref" not in s and not any(c in s for c in ("oneOf", "anyOf", "allOf")):
            # untyped nodes: the shape says what they are
            if "items" in out:
                t = "array"
                self.note(where, "type-inferred", "no type, has items: array")
            elif "properties" in out:
                t = "object"
                self.note(where, "type-inferred", "no type, has properties: object")
        if t is not None:
            out["type"] = t
        if side == "request":
            _protojson_widen(out)
        if s.get("nullable") is True:
            out = _make_nullable(out)
        if "default" in s and _default_ok(s["default"], out):
            out["default"] = copy.deepcopy(s["default"])
        return out


def _looks_like_placeholder(pat: str) -> bool:
    # Ozon writes input masks where a regex should be: ' YYYY-MM-DD', '+7(XXX)XXX-XX-XX', ' 7XXXXXXXXXX'
    return bool(re.search(r"YYYY|XXX|hh:mm|^\s", pat))


def _protojson_widen(out: dict) -> None:
    t = out.get("type")
    if t == "integer":
        out["type"] = ["integer", "string"]
        out["pattern"] = INT_PATTERN
    elif t == "number":
        out["type"] = ["number", "string"]
        out["pattern"] = NUMBER_PATTERN
    elif t == "string" and out.get("format") in _INT_FORMATS and "enum" not in out:
        # a proto int64 the spec writes as a string: JSON numbers are accepted too. No digit
        # pattern: the documentation's own examples put placeholders such as "string" there.
        out["type"] = ["string", "integer"]


def _make_nullable(out: dict) -> dict:
    out = dict(out)
    t = out.get("type")
    if t is None:
        if "$ref" in out or "anyOf" in out or "allOf" in out:
            return {"anyOf": [out, {"type": "null"}]}
        return out  # no type: already accepts null
    if isinstance(t, list):
        if "null" not in t:
            out["type"] = t + ["null"]
    else:
        out["type"] = [t, "null"]
    if "enum" in out and None not in out["enum"]:
        out["enum"] = out["enum"] + [None]
    return out


def _default_ok(value: Any, node: dict) -> bool:
    """Keep a default only when it obviously fits the node (scalar, right type, in enum)."""
    if isinstance(value, (dict, list)):
        return False
    t = node.get("type")
    types = t if isinstance(t, list) else [t] if t else []
    if "enum" in node and value not in node["enum"]:
        return False
    checks = {
        "string": lambda v: isinstance(v, str),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
        "null": lambda v: v is None,
    }
    if not types:
        return False
    return any(checks.get(tt, lambda v: False)(value) for tt in types)
