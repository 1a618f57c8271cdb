"""The shape stage: a handler's canonical record projected onto the response schema of the
operation being answered.

Unknown keys are dropped, `null` is kept only where the schema allows it, and every documented
property the record lacks (or carries with the wrong JSON type) is filled with its type's zero value,
as Ozon's protojson gateway writes unpopulated fields. So every API version (v2 get, v3 list, v4
list, ...) can be fed the same canonical record and still answer exactly its own contract, complete,
and a handler never has to know which fields a version lacks.

A message field the handler leaves unset (`None`) is written `null`, as the gateway writes an unset
message (protojson with EmitUnpopulated: Ozon's documented answers carry `"customer": null`,
`"cancellation": null`, seed 003 `"error": null`); answers are checked against `Operation.answer_schema`,
the response schema with that reading. A message the record lacks altogether is completed as a set,
empty one (every property at its zero), so a client reading `a.b.c` finds zero values.
"""
from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from ..catalog import Operation
    from ..registry import Call

_DROP = object()


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


def _passes_as_is(schema: Any) -> frozenset:
    """Python types a value may have to be kept without calling its shaper: scalars of the schema's
    own types, where no enum restricts them and no float would become an integer."""
    if not isinstance(schema, dict) or not schema or "properties" in schema or "items" in schema \
            or "enum" in schema:
        return frozenset()
    types = _types(schema)
    if types is None:
        return frozenset()
    return frozenset(t for t in _python_types(types) if t in (str, int, bool) or (t is float and "number" in types))


ZERO_TIMESTAMP = "0001-01-01T00:00:00Z"      # Go's zero time: what the gateway writes for an unset timestamp
_ZERO_STRINGS = {"date-time": ZERO_TIMESTAMP, "date": "0001-01-01", "int64": "0", "uint64": "0"}
_NO_ZERO = object()                           # an untyped schema: nothing sensible to fill in
MAX_ZERO_DEPTH = 24


def resolve(schema: Any, root: Any) -> Any:
    """`schema` with its local `$ref`s (`#/$defs/...`) followed inside the document `root`."""
    hops = 0
    while isinstance(schema, dict) and "$ref" in schema and hops < 32:
        node: Any = root
        for token in str(schema["$ref"]).lstrip("#").split("/")[1:]:
            node = node.get(token.replace("~1", "/").replace("~0", "~")) if isinstance(node, dict) else None
        schema = node if isinstance(node, dict) else {}
        hops += 1
    return schema


def zero_value(schema: Any, root: Any = None, depth: int = 0) -> Any:
    """The value protojson writes for an unpopulated field of this schema: the first enum member,
    0, "", false, [], or an object with every property at its zero (`_NO_ZERO` when untyped)."""
    root = schema if root is None else root
    schema = resolve(schema, root)
    if not isinstance(schema, dict) or depth > MAX_ZERO_DEPTH:
        return _NO_ZERO
    if schema.get("enum"):
        return schema["enum"][0]
    types = _types(schema)
    if types is None:
        kind = "object" if "properties" in schema else "array" if "items" in schema else None
    else:
        declared = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        kind = next((t for t in declared if t != "null"), "null")
    if kind == "object":
        out = {}
        for name, sub in (schema.get("properties") or {}).items():
            value = zero_value(sub, root, depth + 1)
            if value is not _NO_ZERO:
                out[name] = value
        return out
    if kind == "array":
        item = zero_value(schema.get("items"), root, depth + 1)
        return [] if item is _NO_ZERO else [copy.deepcopy(item) for _ in range(int(schema.get("minItems") or 0))]
    if kind == "string":
        return _ZERO_STRINGS.get(schema.get("format"), "")
    if kind in ("integer", "number"):
        return max(0, schema.get("minimum", 0))
    return {"boolean": False, "null": None}.get(kind, _NO_ZERO)


def _filler(schema: Any, root: Any) -> Callable[[], Any] | None:
    """A maker of fresh zero values for a property (None where the schema has no zero)."""
    zero = zero_value(schema, root)
    if zero is _NO_ZERO:
        return None
    if isinstance(zero, (dict, list)):
        return lambda: copy.deepcopy(zero)
    return lambda: zero


class _Refs:
    """Shapers of the `$ref` targets of one document, compiled on first use (definitions may recurse)."""

    def __init__(self, root: Any):
        self.root = root
        self.compiled: dict[str, Callable[[Any], Any]] = {}

    def shaper(self, ref: str) -> Callable[[Any], Any]:
        def shape(value: Any) -> Any:
            found = self.compiled.get(ref)
            if found is None:
                found = self.compiled[ref] = compile_shape(resolve({"$ref": ref}, self.root), self.root, self)
            return found(value)
        return shape


def compile_shape(schema: Any, root: Any = None, refs: _Refs | None = None) -> Callable[[Any], Any]:
    """The projection of a value onto `schema`, compiled once per operation (`Operation.shape`);
    `root` is the document its `$ref`s point into (the schema itself by default)."""
    root = schema if root is None else root
    if isinstance(schema, dict) and "$ref" in schema:
        return (refs or _Refs(root)).shaper(str(schema["$ref"]))
    if not isinstance(schema, dict) or not schema:
        return _same
    types = _types(schema)
    props, items = schema.get("properties"), schema.get("items")
    if isinstance(props, dict) and props and (types is None or "object" in types):
        return _object_shaper(props, types, root, refs)
    if isinstance(items, dict) and (types is None or "array" in types):
        return _array_shaper(items, types, root, refs)
    return _scalar_shaper(types, schema.get("enum"))


def _object_shaper(props: dict, types: set[str] | None, root: Any, refs: _Refs | None) -> Callable[[Any], Any]:
    nullable = types is None or "null" in types
    entries = [(name, _passes_as_is(sub), compile_shape(sub, root, refs), _filler(sub, root))
               for name, sub in props.items()]

    def shape(value: Any) -> Any:
        if value is None:
            return None if nullable else _DROP
        if not isinstance(value, dict):
            return _DROP
        out = {}
        for name, as_is, sub, fill in entries:
            if name in value:
                field = value[name]
                if type(field) in as_is:      # the common case: a scalar of the documented type
                    out[name] = field
                    continue
                result = sub(field)
                if result is not _DROP:
                    out[name] = result
                    continue
            if fill is not None:              # absent or unusable: the zero value, as protojson writes it
                out[name] = fill()
        return out
    return shape


def _array_shaper(items: dict, types: set[str] | None, root: Any, refs: _Refs | None) -> Callable[[Any], Any]:
    nullable = types is None or "null" in types
    item, item_as_is = compile_shape(items, root, refs), _passes_as_is(items)

    def shape(value: Any) -> Any:
        if value is None:
            return None if nullable else _DROP
        if not isinstance(value, list):
            return _DROP
        out = []
        for entry in value:
            if type(entry) in item_as_is:
                out.append(entry)
                continue
            result = item(entry)
            if result is not _DROP:
                out.append(result)
        return out
    return shape


def _scalar_shaper(types: set[str] | None, enum: list | None) -> Callable[[Any], Any]:
    nullable = types is None or "null" in types
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
    return shape


def _same(value: Any) -> Any:
    return value


def answer_schema_of(schema: Any) -> Any:
    """The response schema as the gateway writes answers: every described message property may also
    be `null` (unset). Array items and the root stay messages: protojson never writes them null."""
    if isinstance(schema, list):
        return [answer_schema_of(entry) for entry in schema]
    if not isinstance(schema, dict):
        return schema
    out = {key: answer_schema_of(value) if key not in ("enum", "const", "required", "properties") else value
           for key, value in schema.items()}
    props = schema.get("properties")
    if isinstance(props, dict):
        out["properties"] = {name: _unset_allowed(answer_schema_of(sub)) for name, sub in props.items()}
    return out


def _unset_allowed(schema: Any) -> Any:
    """A message field's schema admitting `null`; any other field's schema unchanged."""
    if not isinstance(schema, dict):
        return schema
    parts = schema.get("allOf")
    if isinstance(parts, list) and parts and all(isinstance(part, dict) and "properties" in part for part in parts):
        return {**schema, "allOf": [_unset_allowed(part) for part in parts]}
    types = _types(schema)
    if "properties" in schema and types is not None and "object" in types and "null" not in types:
        return {**schema, "type": ["object", "null"] if types == {"object"} else [*sorted(types), "null"]}
    return schema


def closed(schema: Any, root: Any = None, *, shut: bool = True) -> Any:
    """The schema with every described object requiring each of its properties that has a zero value
    and (`shut`) closed to undocumented keys: a value valid against it is complete and one the shaper
    returns unchanged (but for a whole float in an integer field, which JSON Schema counts as an
    integer and the shaper would write as one). Unshut, it checks completeness and types only."""
    root = schema if root is None else root
    if isinstance(schema, list):
        return [closed(entry, root, shut=shut) for entry in schema]
    if not isinstance(schema, dict):
        return schema
    result = {key: closed(value, root, shut=shut) if key not in ("enum", "const", "required") else value
              for key, value in schema.items()}
    props = schema.get("properties")
    if isinstance(props, dict) and props:
        if shut and "additionalProperties" not in schema:
            result["additionalProperties"] = False
        result["required"] = [name for name, sub in props.items() if zero_value(sub, root) is not _NO_ZERO]
    return result


def shaped(operation: "Operation", body: Any) -> Any:
    """A handler's canonical record projected onto the operation's response schema, complete."""
    if not isinstance(body, dict) or operation.conforms(body):
        return body
    result = operation.shape(body)
    if isinstance(result, dict):
        return result
    zero = zero_value(operation.response_schema)
    return zero if isinstance(zero, dict) else {}


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

