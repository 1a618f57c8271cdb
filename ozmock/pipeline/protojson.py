"""The JSON gateway's reading of a request body (protojson), compiled once per operation.

Ozon's API is gRPC behind a JSON gateway, so a body is read the way protojson reads it: a field may
be spelled as in the contract (snake_case) or in lowerCamelCase (`offerId`); an integer travels as a
JSON number or a numeric string, in either direction (`"limit": "10"`, `"from_message_id": 0`); an
enum by name or by its number in the proto declaration (the order of the schema's `enum`, whose
first value is the proto default: `"visibility": 1` reads `VISIBLE`); `null` is absent; unknown
fields are ignored (kept, never checked). Every number must fit its format (int32, uint32, int64,
uint64; a double finite and within the 64-bit range the API carries ids, counts and money in),
or the request is refused naming the field, as the gateway refuses it.

What comes out is the body in the contract's spelling and types, which validation and handlers
read. A value of the wrong kind (a word where a number belongs) is left as it is, for validation
to report in the live API's wording.
"""
from __future__ import annotations

import math
import re
from typing import Any, Callable

from ..errors import OzonError

Reader = Callable[[Any], Any]

INT_RANGES = {
    "int32": (-(2**31), 2**31 - 1), "sint32": (-(2**31), 2**31 - 1), "uint32": (0, 2**32 - 1),
    "int64": (-(2**63), 2**63 - 1), "sint64": (-(2**63), 2**63 - 1), "fixed64": (0, 2**64 - 1),
    "uint64": (0, 2**64 - 1),
}
INT_FORMATS = frozenset(INT_RANGES)
# Doubles in this API carry ids, counts, money and percentages; beyond the 64-bit range none of them
# is meaningful, and the domain's decimal arithmetic would overflow (an id of 1e30 cannot be stored).
DOUBLE_LIMIT = float(2**63)
# Prices travel as decimal strings; beyond 15 integer digits they are not a price any store could hold.
PRICE_DIGITS = 15
# Longer digit strings are out of every range (and Python refuses to parse 4,300+ digits at all).
MAX_DIGITS = 40
INTEGER_TEXT = re.compile(r"-?[0-9]+")
NUMBER_TEXT = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")
DECIMAL_TEXT = re.compile(r"-?([0-9]+)(\.[0-9]*)?")
YEAR_TEXT = re.compile(r"([+-]?[0-9]+)-")


def camel(name: str) -> str:
    """protoc's json_name: `offer_id` -> `offerId`, `images_360` -> `images360`."""
    return re.sub(r"_([a-z0-9])", lambda match: match.group(1).upper(), name)


def snake(name: str) -> str:
    """The proto spelling of a field the contract writes in camelCase (`languageCode` -> `language_code`)."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", lambda match: "_" + match.group(1).lower(), name)


def field_name(path: tuple) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else ("." if text else "") + str(part)
    return text


class Unreadable(Exception):
    """A value the gateway refuses. Readers take no path, so reading a good body builds none: each
    reader above the refused value adds its field's name or item's index on the way out."""

    def __init__(self, text: str):
        super().__init__(text)
        self.text = text
        self.parts: list[str | int] = []      # innermost first

    def refusal(self) -> OzonError:
        return OzonError(3, f"{field_name(tuple(reversed(self.parts))) or 'value'}: {self.text}")


def _refuse(fmt: str, value: Any) -> Unreadable:
    text = str(value)
    text = text if len(text) <= MAX_DIGITS else text[:MAX_DIGITS] + "..."
    return Unreadable(f"invalid value for {fmt} type: {text}")


def drop_nulls(value: Any) -> Any:
    """`null` is absent, at any depth of a part the contract does not describe."""
    if isinstance(value, dict):
        return {k: drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [drop_nulls(v) for v in value if v is not None]
    return value


def _integer(value: Any, fmt: str) -> int | None:
    """The integer a JSON number or numeric string stands for (range-checked); None when it is none."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise _refuse(fmt, value)
        number = int(value)
    elif isinstance(value, str) and len(value) > MAX_DIGITS and NUMBER_TEXT.fullmatch(value):
        raise _refuse(fmt, value)
    elif isinstance(value, str) and INTEGER_TEXT.fullmatch(value):
        number = int(value)
    elif isinstance(value, str) and NUMBER_TEXT.fullmatch(value):
        as_float = float(value)   # "1e3" reads as 1000 (protojson accepts exponents for integers)
        if not math.isfinite(as_float) or not as_float.is_integer():
            raise _refuse(fmt, value)
        number = int(as_float)
    else:
        return None
    low, high = INT_RANGES[fmt]
    if not low <= number <= high:
        raise _refuse(fmt, value)
    return number


def integer_reader(fmt: str, as_text: bool) -> Reader:
    """An integer field; `as_text` when the contract writes it as a string (a proto int64 in docs' JSON)."""
    low, high = INT_RANGES[fmt]

    def read(value: Any) -> Any:
        if type(value) is int and low <= value <= high:        # the usual case: a JSON number in range
            return str(value) if as_text else value
        number = _integer(value, fmt)
        if number is None:
            return value
        return str(number) if as_text else number
    return read


def double_reader(fmt: str) -> Reader:
    def read(value: Any) -> Any:
        if isinstance(value, bool):
            return value
        if isinstance(value, str):
            if not NUMBER_TEXT.fullmatch(value):
                if value in ("NaN", "Infinity", "-Infinity"):
                    raise _refuse(fmt, value)
                return value
            value = int(value) if INTEGER_TEXT.fullmatch(value) and len(value) <= MAX_DIGITS else float(value)
        if isinstance(value, (int, float)) and not (math.isfinite(value) and abs(value) < DOUBLE_LIMIT):
            raise _refuse(fmt, value)
        return value
    return read


def price_reader(value: Any) -> Any:
    """A decimal price string: what is not a decimal is the domain's per-item error; a decimal too
    large for any price is refused here, before decimal arithmetic overflows."""
    if isinstance(value, str):
        match = DECIMAL_TEXT.fullmatch(value.strip())
        if match and len(match.group(1).lstrip("0")) > PRICE_DIGITS:
            raise _refuse("decimal", value)
    return value


def timestamp_reader(value: Any) -> Any:
    """google.protobuf.Timestamp: years 1 to 9999 only (RFC 3339 would allow year 0)."""
    if isinstance(value, str):
        year = YEAR_TEXT.match(value)
        if year and not 1 <= int(year.group(1)) <= 9999:
            raise _refuse("date-time", value)
    return value


def enum_reader(names: list[str]) -> Reader:
    """An enum by name or by number: the number is the value's place in the proto declaration."""
    def read(value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            if 0 <= value < len(names):
                return names[value]
            raise Unreadable("value must be one of the defined enum values")
        return value
    return read


def array_reader(item: Reader | None) -> Reader:
    def read(value: Any) -> Any:
        if not isinstance(value, list):
            return value
        if item is None:
            return [drop_nulls(v) for v in value if v is not None]
        try:
            return [item(v) for v in value if v is not None]
        except Unreadable as refused:      # rare: read the items again one by one to name the index
            for index, v in enumerate(value):
                try:
                    if v is not None:
                        item(v)
                except Unreadable as error:
                    error.parts.append(index)
                    raise error from None
            raise refused
    return read


def object_reader(fields: dict[str, tuple[str, Reader | None]]) -> Reader:
    def read(value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        out: dict[str, Any] = {}
        for key, item in value.items():
            if item is None:
                continue
            known = fields.get(key)
            if known is None:        # unknown: ignored, kept as sent
                out[key] = drop_nulls(item)
                continue
            name, reader = known
            if name in out:
                refused = Unreadable(f"duplicate field {key!r}")
                refused.parts.append(name)
                raise refused
            if reader is None:
                out[name] = item
                continue
            try:
                out[name] = reader(item)
            except Unreadable as error:
                error.parts.append(name)
                raise
        return out
    return read


def _types(schema: dict[str, Any]) -> list[str]:
    kinds = schema.get("type")
    return kinds if isinstance(kinds, list) else [kinds] if kinds else []


class _Compiler:
    """Readers for one request schema; local `$defs` (recursive definitions) compiled once each."""

    def __init__(self, root: dict[str, Any]):
        self.defs = root.get("$defs") or {}
        self.by_ref: dict[str, Reader] = {}

    def reader(self, schema: Any, name: str = "") -> Reader | None:
        if not isinstance(schema, dict):
            return None
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return self._ref(ref)
        branches = [b for b in schema.get("anyOf") or () if isinstance(b, dict) and _types(b) != ["null"]]
        if len(branches) == 1:
            return self.reader(branches[0], name)
        wrapped = schema.get("allOf") or ()
        if len(wrapped) == 1 and "properties" not in schema:     # a described message: `{allOf: [message]}`
            return self.reader(wrapped[0], name)
        kinds = _types(schema)
        fmt = schema.get("format")
        if "properties" in schema:
            return self._object(schema["properties"])
        if "array" in kinds:
            return array_reader(self.reader(schema.get("items"), name))
        enum = [value for value in schema.get("enum") or () if value is not None]
        if enum and all(isinstance(value, str) for value in enum):
            return enum_reader(enum)
        if "integer" in kinds:
            return integer_reader(fmt if fmt in INT_FORMATS else "int64", as_text=kinds[0] == "string")
        if "number" in kinds:
            return double_reader(fmt or "double")
        if kinds and kinds[0] == "string" and fmt in INT_FORMATS:
            return integer_reader(fmt, as_text=True)
        if "string" in kinds and fmt == "date-time":
            return timestamp_reader
        if kinds == ["string"] and name.endswith("price") and not fmt:
            return price_reader
        return None

    def _object(self, properties: dict[str, Any]) -> Reader:
        own = {name: (name, self.reader(sub, name)) for name, sub in properties.items()}
        fields = {spelling: entry for name, entry in own.items() for spelling in (snake(name), camel(name))}
        fields.update(own)   # the contract's own spelling wins over another field's other spelling
        return object_reader(fields)

    def _ref(self, ref: str) -> Reader:
        if ref not in self.by_ref:
            compiled: list[Reader | None] = [None]
            self.by_ref[ref] = lambda value: value if compiled[0] is None else compiled[0](value)
            compiled[0] = self.reader(self.defs.get(ref.rsplit("/", 1)[1]))
        return self.by_ref[ref]


def compile_reader(schema: dict[str, Any] | None) -> Reader:
    """The reader of an operation's request body (refusing as the gateway does: `OzonError` 400/3 naming
    the field); a body without a schema only loses its nulls."""
    reader = _Compiler(schema).reader(schema) if schema else None
    if reader is None:
        return drop_nulls

    def read_body(value: Any) -> Any:
        try:
            return reader(value)
        except Unreadable as refused:
            raise refused.refusal() from None
    return read_body
