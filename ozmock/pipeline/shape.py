"""The shape stage: a handler's canonical record projected onto the response schema of the
operation being answered.

Unknown keys are dropped, `null` is kept only where the schema allows it, values of the wrong JSON
type are left out. So every API version (v2 get, v3 list, v4 list, ...) can be fed the same
canonical record and still answer exactly its own contract, and a handler never has to know which
fields a version lacks.
"""
from __future__ import annotations

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


def compile_shape(schema: Any) -> Callable[[Any], Any]:
    """The projection of a value onto `schema`, compiled once per operation (`Operation.shape`)."""
    if not isinstance(schema, dict) or not schema:
        return _same
    types = _types(schema)
    nullable = types is None or "null" in types
    enum = schema.get("enum")
    props = schema.get("properties")
    items = schema.get("items")

    if isinstance(props, dict) and props and (types is None or "object" in types):
        entries = [(name, _passes_as_is(sub), compile_shape(sub)) for name, sub in props.items()]

        def shape(value: Any) -> Any:
            if value is None:
                return None if nullable else _DROP
            if not isinstance(value, dict):
                return _DROP
            out = {}
            for name, as_is, sub in entries:
                if name in value:
                    field = value[name]
                    if type(field) in as_is:      # the common case: a scalar of the documented type
                        out[name] = field
                        continue
                    result = sub(field)
                    if result is not _DROP:
                        out[name] = result
            return out
    elif isinstance(items, dict) and (types is None or "array" in types):
        item, item_as_is = compile_shape(items), _passes_as_is(items)

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
    return shape


def _same(value: Any) -> Any:
    return value


def closed(schema: Any) -> Any:
    """The schema with every described object closed to undocumented keys: a value valid against it
    is one the shaper returns unchanged (but for a whole float in an integer field, which JSON Schema
    counts as an integer and the shaper would write as one)."""
    if isinstance(schema, list):
        return [closed(entry) for entry in schema]
    if not isinstance(schema, dict):
        return schema
    result = {key: closed(value) if key not in ("enum", "const", "required") else value
              for key, value in schema.items()}
    if isinstance(schema.get("properties"), dict) and schema["properties"] and "additionalProperties" not in schema:
        result["additionalProperties"] = False
    return result


def shaped(operation: "Operation", body: Any) -> Any:
    """A handler's canonical record projected onto the operation's response schema."""
    if not isinstance(body, dict) or operation.conforms(body):
        return body
    result = operation.shape(body)
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

