"""Requests built from a client's own request model: a minimal one (required fields only) and a
typical one (every field the model declares), filled with the staged world's values.

Both clients' models are walked the same way: the model says which fields exist and their types;
the operation's documented request schema (ozmock's catalogue) says which fields the documents
require and, where the model only says `str` or `Any`, what the value is (an enum, a number)."""
from __future__ import annotations

import enum
import types
import typing
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import msgspec
import msgspec.inspect as mi
import pydantic

from tests.compat.world import OMIT, World

DEPTH = 5
UNSPECIFIED = ("UNSPECIFIED", "UNKNOWN", "UNDEFINED")


REQUIRED, KNOWN, EVERY = "required", "known", "every"
# The fields a request carries, tried in order until the client's own model accepts the request (a
# model may insist on one of several optional ids, or refuse two of them together).
LADDERS = {False: (REQUIRED, KNOWN, EVERY), True: (EVERY, KNOWN, REQUIRED)}


@dataclass
class Plan:
    """What to build: for which operation path, against which world, with which fields."""

    world: World
    path: str
    fields: str = REQUIRED

    def wants(self, name: str, required: bool) -> bool:
        found = self.world.lookup(name, self.path)
        if found is OMIT:
            return False
        if self.fields == EVERY or required or self.world.needs(name, self.path):
            return True
        return self.fields == KNOWN and found is not None

    def choice(self, name: str, values: list[Any]) -> Any:
        """One of an enum's values: the world's, when it is one of them."""
        found = self.world.lookup(name, self.path)
        return found if found in values else first_choice(values)

    def listed(self, name: str) -> list | None:
        """A whole list the world gives for the field (items a rule needs several of), or None."""
        found = self.world.lookup(name, self.path)
        return found if isinstance(found, list) else None

    def scalar(self, name: str, kind: str, schema: dict, bounds: dict) -> Any:
        """A value of `kind` (int, float, str, bool, datetime, any) for the field `name`, within the
        model's bounds and, where the model states none, the documented ones (a page of reviews
        holds at least 20)."""
        if "enum" in schema:
            return self.choice(name, schema["enum"])
        bounds = {**documented_bounds(schema), **bounds}
        found = self.world.lookup(name, self.path)
        if kind == "any":
            kind = schema_kind(schema)
        if found is not None and found != "" and fits(found, kind):
            found = coerce(found, kind)
            return clamp(found, bounds) if isinstance(found, (int, float)) and not isinstance(found, bool) else found
        lowered = name.lower()
        if kind in ("str", "datetime") and ("date" in lowered or lowered.endswith("_at") or lowered.endswith("time")):
            return self.world.since()
        if kind == "int":
            return clamp(1, bounds)
        if kind == "float":
            return float(clamp(1, bounds))
        if kind == "bool":
            return False
        if kind == "datetime":
            return self.world.since()
        if found == "":
            return ""
        return "compat"[: bounds.get("max_length") or 6]


def documented_bounds(schema: dict) -> dict:
    """The documented range of a number (`minimum`/`maximum`, or the branch of an `anyOf` that has them)."""
    bounds: dict = {}
    for node in (schema, *(schema.get("anyOf") or ())):
        for key, word in (("ge", "minimum"), ("le", "maximum")):
            if isinstance(node.get(word), (int, float)):
                bounds.setdefault(key, node[word])
    return bounds


def several(schema: dict, make: Any) -> list:
    """A list of as many items as the documents ask for (at least one), each distinct: the choices the
    documents name, or the numbers of the n-th item raised by n (levels of a discount ladder differ)."""
    count = max(1, schema.get("minItems") or 1)
    named = [v for v in (schema.get("items") or {}).get("enum") or ()
             if not (isinstance(v, str) and v.upper().endswith(UNSPECIFIED))]
    if count > 1 and len(named) >= count:
        return named[:count]
    return [raised(make(), n) for n in range(count)]


def raised(value: Any, by: int) -> Any:
    if isinstance(value, dict):
        return {name: raised(item, by) for name, item in value.items()}
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value + by
    return value


def first_choice(values: list[Any]) -> Any:
    named = [v for v in values if not (isinstance(v, str) and v.upper().endswith(UNSPECIFIED))]
    return (named or values)[0]


def schema_kind(schema: dict) -> str:
    kinds = schema.get("type", "string")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if "integer" in kinds and "string" not in kinds or schema.get("format") in ("int64", "uint64", "int32"):
        return "int"
    return {"number": "float", "boolean": "bool", "integer": "int"}.get(kinds[0], "str")


def fits(value: Any, kind: str) -> bool:
    return kind not in ("int", "float") or not isinstance(value, str) or value.isdigit()


def coerce(value: Any, kind: str) -> Any:
    if kind == "str" and not isinstance(value, str):
        return str(value)
    if kind == "int" and isinstance(value, str):
        return int(value) if value.isdigit() else value
    if kind == "float" and isinstance(value, (int, str)):
        return float(value)
    return value


def clamp(value: int, bounds: dict) -> int:
    low = bounds.get("ge", bounds["gt"] + 1 if bounds.get("gt") is not None else None)
    high = bounds.get("le", bounds["lt"] - 1 if bounds.get("lt") is not None else None)
    if low is not None and value < low:
        value = low
    if high is not None and value > high:
        value = high
    return value


def child(schema: dict, name: str) -> dict:
    """The documented schema of a field, through the one-branch `allOf` that wraps a described message
    (the 2026-10 file's derived schemas)."""
    found = (schema.get("properties") or {}).get(name) or {}
    while len(found.get("allOf") or ()) == 1:
        found = {**found["allOf"][0], **{k: v for k, v in found.items() if k != "allOf"}}
    return found


def documented_required(schema: dict) -> set[str]:
    """What the documents make a request give: required fields and those `must_give` names."""
    return set(schema.get("required") or ()) | must_give(schema)


def must_give(schema: dict) -> set[str]:
    """Fields a request cannot leave out even where a model defaults them: the first of a "one of
    these fields" form, and fields with a minimum length or count (absent reads as empty, which breaks it)."""
    first = next(iter(schema.get("anyOf") or ()), {})
    sized = {name for name, sub in (schema.get("properties") or {}).items()
             if isinstance(sub, dict) and ((sub.get("minLength") or 0) >= 1 or (sub.get("minItems") or 0) >= 1)}
    return set(first.get("required") or ()) | sized


def schema_object(plan: Plan, schema: dict, depth: int) -> dict:
    """An object the client types only as a mapping, built from the documented schema's properties."""
    required = documented_required(schema)
    body = {}
    for name in schema.get("properties") or {}:
        if depth < DEPTH and plan.wants(name, name in required):
            body[name] = schema_value(plan, name, child(schema, name), depth + 1)
    return body


def schema_value(plan: Plan, name: str, schema: dict, depth: int) -> Any:
    if schema.get("type") == "object" or "properties" in schema:
        return schema_object(plan, schema, depth)
    if "array" in (schema.get("type") or ()):
        return plan.listed(name) or several(schema, lambda: schema_value(plan, name, schema.get("items") or {}, depth))
    return plan.scalar(name, schema_kind(schema), schema, {})


# --- ozon-sdk: msgspec structs ----------------------------------------------------------------------
def sdk_body(method: type, plan: Plan, schema: dict) -> dict:
    """The JSON body (by the API's names) of a request of the method class."""
    return sdk_struct(mi.type_info(method), plan, schema, 0)


def sdk_struct(info: mi.StructType, plan: Plan, schema: dict, depth: int) -> dict:
    required = documented_required(schema)
    body = {}
    for f in info.fields:
        if plan.wants(f.encode_name, f.required or f.encode_name in required) and depth < DEPTH:
            body[f.encode_name] = sdk_value(f.type, f.encode_name, plan, child(schema, f.encode_name), depth + 1)
    return body


def sdk_value(kind: mi.Type, name: str, plan: Plan, schema: dict, depth: int) -> Any:
    if isinstance(kind, mi.UnionType):
        options = [t for t in kind.types if not isinstance(t, mi.NoneType)]
        return sdk_value(options[0], name, plan, schema, depth) if options else None
    if isinstance(kind, mi.StructType):
        return sdk_struct(kind, plan, schema, depth)
    if isinstance(kind, (mi.ListType, mi.SetType, mi.VarTupleType, mi.FrozenSetType)):
        return plan.listed(name) or several(
            schema, lambda: sdk_value(kind.item_type, name, plan, schema.get("items") or {}, depth))
    if isinstance(kind, mi.DictType):
        return schema_object(plan, schema, depth)
    if isinstance(kind, mi.EnumType):
        return plan.choice(name, [member.value for member in kind.cls])
    if isinstance(kind, mi.LiteralType):
        return plan.choice(name, list(kind.values))
    simple = {mi.IntType: "int", mi.FloatType: "float", mi.StrType: "str", mi.BoolType: "bool",
              mi.DateTimeType: "datetime"}
    bounds = {k: getattr(kind, k, None) for k in ("ge", "gt", "le", "lt", "max_length")}
    value = plan.scalar(name, simple.get(type(kind), "any"), schema, {k: v for k, v in bounds.items() if v is not None})
    return value


def sdk_request(method: type, plan: Plan, schema: dict) -> Any:
    return msgspec.convert(sdk_body(method, plan, schema), method, strict=False)


def accepted(build: Any, plan: Plan, typical: bool) -> Any:
    """The first request up the ladder that the client's model accepts (the last refusal otherwise)."""
    refusal: Exception | None = None
    for fields in LADDERS[typical]:
        plan.fields = fields
        try:
            return build(plan)
        except (msgspec.ValidationError, pydantic.ValidationError) as exc:
            refusal = exc
    raise refusal


# --- ozonapi-async: pydantic models -----------------------------------------------------------------
def pydantic_body(model: type[pydantic.BaseModel], plan: Plan, schema: dict, depth: int = 0) -> dict:
    """The field values (by the model's field names) of a request model."""
    body = {}
    needed = must_give(schema)
    for name, info in model.model_fields.items():
        wire = info.alias or name
        if plan.wants(wire, info.is_required() or wire in needed) and depth < DEPTH:
            bounds = bounds_of(info.metadata)
            body[name] = pydantic_value(info.annotation, wire, plan, child(schema, wire), bounds, depth + 1)
    return body


def bounds_of(metadata: list) -> dict:
    bounds = {}
    for item in metadata:
        for key in ("ge", "gt", "le", "lt", "max_length", "min_length"):
            if getattr(item, key, None) is not None:
                bounds[key] = getattr(item, key)
    return bounds


def pydantic_value(annotation: Any, name: str, plan: Plan, schema: dict, bounds: dict, depth: int) -> Any:
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return pydantic_value(args[0], name, plan, schema, {**bounds, **bounds_of(list(args[1:]))}, depth)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        return pydantic_value(options[0], name, plan, schema, bounds, depth) if options else None
    if origin is typing.Literal:
        return plan.choice(name, list(args))
    if origin in (list, set, tuple, frozenset, typing.Sequence):
        if given := plan.listed(name):
            return given
        items = several(schema, lambda: pydantic_value(args[0] if args else Any, name, plan, schema.get("items") or {},
                                                       {}, depth))
        return items + items[-1:] * ((bounds.get("min_length") or 1) - len(items))
    if origin is dict or annotation is dict:
        return {}
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        return pydantic_body(annotation, plan, schema, depth)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return plan.choice(name, [member.value for member in annotation])
    simple = {bool: "bool", int: "int", float: "float", str: "str", datetime: "datetime"}
    kind = next((k for t, k in simple.items() if annotation is t), "any")
    value = plan.scalar(name, kind, schema, bounds)
    if kind == "datetime" and isinstance(value, str):
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    return value


def pydantic_request(model: type[pydantic.BaseModel], plan: Plan, schema: dict) -> pydantic.BaseModel:
    return model.model_validate(pydantic_body(model, plan, schema))
