"""Request parsing and validation with the live API's (protoc-gen-validate) wording.

The JSON gateway in front of Ozon follows protojson: `null` means absent,
unknown fields are ignored. A broken rule answers 400 / code 3 with a message
naming the field, e.g. `items[0].offer_id: value length must be at most 50 runes`.
"""
from __future__ import annotations

import re
from typing import Any, Iterable

import orjson
from jsonschema import ValidationError
from jsonschema.exceptions import best_match

from ..catalog import Operation
from ..errors import OzonError
from ..generate.constraints import type_of

# Request schemas let int64 fields travel as numeric strings (protojson); a non-numeric string breaks this.
NUMERIC_STRING = "^-?[0-9]+$"


def parse_body(operation: Operation, raw: bytes) -> dict[str, Any]:
    """The JSON object in the body; empty bodies read as `{}` (protojson: all fields absent)."""
    if not raw.strip():
        return {}
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise OzonError(3, f"invalid request body: not valid JSON ({error.args[0].split(':')[0]})") from None
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise OzonError(3, f"invalid request body: expected a JSON object, got {type_of(value)}")
    return drop_nulls(value)


def drop_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [drop_nulls(v) for v in value]
    return value


INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
# Request-schema patterns that mark a numeric field travelling as a string, and how to read it.
NUMBER_STRING_PATTERNS = {
    pattern: (re.compile(pattern), convert)
    for pattern, convert in ((NUMERIC_STRING, int), ("^-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$", float))
}


def coerce_numbers(schema: dict[str, Any] | None, value: Any, path: tuple = ()) -> Any:
    """Numeric strings become numbers where the documented type is numeric (protojson), so the
    documented ranges apply to them too; integers outside int64 are refused as protojson refuses them."""
    if schema is None:
        return value
    if isinstance(value, dict):
        properties = schema.get("properties")
        if properties:
            for name, item in value.items():
                sub = properties.get(name)
                if sub is not None:
                    value[name] = coerce_numbers(sub, item, path + (name,))
        return value
    if isinstance(value, list):
        items = schema.get("items")
        if isinstance(items, dict):
            return [coerce_numbers(items, item, path + (index,)) for index, item in enumerate(value)]
        return value
    if isinstance(value, str):
        rule = NUMBER_STRING_PATTERNS.get(schema.get("pattern"))
        if rule is None or not rule[0].match(value):
            return value
        value = rule[1](value)
    if isinstance(value, int) and not isinstance(value, bool) and not INT64_MIN <= value <= INT64_MAX:
        raise OzonError(3, f"{field_name(path) or 'value'}: value out of range for a 64-bit integer")
    return value


def validate_path_params(operation: Operation, params: dict[str, str]) -> None:
    """Path parameters declared as integers must be positive integers, as the gateway parses them."""
    for name, value in params.items():
        schema = operation.path_params.get(name) or {}
        kinds = schema.get("type", "string")
        if "integer" in (kinds if isinstance(kinds, list) else [kinds]) and not value.isdigit():
            raise OzonError(3, f"{name}: invalid value: expected integer, got {value!r}")


def validate_request(operation: Operation, body: dict[str, Any]) -> None:
    if operation.request_check is None or operation.request_check.is_valid(body):
        return
    error = best_match(operation.request_validator.iter_errors(body), key=_relevance)
    if error is not None:
        raise OzonError(3, describe(error))


def _relevance(error: ValidationError):
    # Prefer the deepest, earliest field so the message points at the real culprit.
    return (-len(error.absolute_path), error.validator not in ("anyOf", "oneOf"))


def field_name(path: Iterable[Any]) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


def describe(error: ValidationError) -> str:
    """`<field>: <rule>` in protoc-gen-validate wording."""
    path = list(error.absolute_path)
    rule = error.validator
    value = error.validator_value
    if rule == "required":
        missing = next((name for name in value if name not in (error.instance or {})), value[0])
        path.append(missing)
        text = "value is required"
    elif rule == "maxLength":
        text = f"value length must be at most {value} runes"
    elif rule == "minLength":
        text = f"value length must be at least {value} runes"
    elif rule == "maxItems":
        text = f"value must contain no more than {value} item(s)"
    elif rule == "minItems":
        text = f"value must contain at least {value} item(s)"
    elif rule == "enum":
        text = "value must be in list [" + ", ".join(str(v) for v in value) + "]"
    elif rule == "const":
        text = f"value must equal {value}"
    elif rule == "minimum":
        text = f"value must be greater than or equal to {value}"
    elif rule == "exclusiveMinimum":
        text = f"value must be greater than {value}"
    elif rule == "maximum":
        text = f"value must be less than or equal to {value}"
    elif rule == "exclusiveMaximum":
        text = f"value must be less than {value}"
    elif rule == "pattern" and value == NUMERIC_STRING:
        text = f"invalid value: expected a number, got {error.instance!r}"
    elif rule == "pattern":
        text = f'value does not match regex pattern "{value}"'
    elif rule == "type":
        expected = value if isinstance(value, str) else " or ".join(v for v in value if v != "null")
        text = f"invalid value: expected {expected}, got {type_of(error.instance)}"
    elif rule == "format":
        text = f"value must be a valid {value}"
    elif rule == "uniqueItems":
        text = "repeated value must contain unique items"
    elif rule in ("minProperties", "maxProperties"):
        text = f"value must have {'at least' if rule == 'minProperties' else 'at most'} {value} field(s)"
    elif rule in ("anyOf", "oneOf"):
        text = "value does not match any allowed form"
    else:
        text = error.message
    name = field_name(path)
    return f"{name}: {text}" if name else f"invalid request: {text}"
