"""Request parsing and validation with the live API's (protoc-gen-validate) wording.

The body is read as the JSON gateway reads it (`protojson.py`), then checked: a body that keeps every
documented rule passes with one compiled check (the common case); otherwise the rules the live API
enforces decide (`tiers.py`): a broken one answers 400 / code 3 naming the field, e.g.
`items[0].offer_id: value length must be at most 50 runes`, and the documented rules it does not
enforce come back as contract warnings.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson
from jsonschema import ValidationError
from jsonschema.exceptions import best_match

from ..errors import OzonError
from ..generate.constraints import type_of
from .contract_warnings import ContractWarning
from .protojson import field_name

if TYPE_CHECKING:
    from ..catalog import Operation

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
    return value


def read_request(operation: Operation, body: dict[str, Any]) -> tuple[dict[str, Any], list[ContractWarning]]:
    """The body as protojson reads it (contract spelling and types), checked against the rules the
    live API enforces; the documented rules it does not enforce come back as contract warnings."""
    body = operation.request_reader(body)
    if operation.request_check is None or operation.request_check.is_valid(body):
        return body, []
    lenient = operation.request_tiers
    if not lenient.check.is_valid(body):
        error = best_match(lenient.validator.iter_errors(body), key=_relevance)
        if error is not None:
            raise OzonError(3, describe(error))
    return body, lenient.warnings(operation.request_validator.iter_errors(body))


def reads_valid(operation: Operation, body: Any) -> bool:
    """Does the body, read as protojson reads it, keep every rule of its schema (warnings included)?"""
    try:
        read = operation.request_reader(body)
    except OzonError:
        return False
    return operation.request_check is None or operation.request_check.is_valid(read)


def validate_path_params(operation: Operation, params: dict[str, str]) -> None:
    """Path parameters declared as integers must be positive integers, as the gateway parses them."""
    for name, value in params.items():
        schema = operation.path_params.get(name) or {}
        kinds = schema.get("type", "string")
        if "integer" in (kinds if isinstance(kinds, list) else [kinds]) and not value.isdigit():
            raise OzonError(3, f"{name}: invalid value: expected integer, got {value!r}")


def _relevance(error: ValidationError):
    # Prefer the deepest, earliest field so the message points at the real culprit.
    return (-len(error.absolute_path), error.validator not in ("anyOf", "oneOf"))


def describe(error: ValidationError) -> str:
    """`<field>: <rule>` in protoc-gen-validate wording."""
    if error.validator in ("anyOf", "oneOf") and not isinstance(error.instance, (dict, list)):
        # a number outside every form (`limit`: 0 for "not set", or at least 20): the form it came near
        near = best_match(e for e in error.context if e.validator not in ("enum", "const"))
        if near is not None:
            return describe(near)
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
