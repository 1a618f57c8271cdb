"""Two tiers of request rules, decided per rule from evidence.

Enforced (400, code 3, the field named): types, limits the documents state as limits (item counts,
lengths, ranges, enum membership) and errors known from the live API. Documented but not evidenced,
and so only *warned* about (a contract warning; strict-requests mode refuses them): a `required`
flag (protojson reads an absent field as its zero value, and published clients omit such fields
against the live API), a "give one of these fields" form (`anyOf` of required fields: the same flag
shared by alternatives) and a paging minimum where 0 means "the default" (a value between 0 and a
documented minimum above 1, such as the reviews' 20, stays refused: that is the documented range). Required
fields of the items of an import are the domain's: each bad item fails with its documented error
in the task or the result, and the others go through.

The decision for every rule of an operation is data (`rules_of`), from which the validation stage
compiles a lenient schema and `docs/assumptions.md` its decision table (`tools/contract_table.py`).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

import jsonschema_rs
from jsonschema import Draft202012Validator, FormatChecker, ValidationError

from .contract_warnings import ContractWarning
from .protojson import field_name

WARN, ITEM, ENFORCE = "warn", "item", "enforce"
PAGING_FIELDS = frozenset({"limit", "page", "page_size"})

# Operations whose items are checked one by one by the domain, each failing with its documented
# error while the others go through (tags[Process]; the import/info and stock/price result shapes).
PER_ITEM = {
    ("POST", "/v3/product/import"): ("items[]", "task items: description_category_is_empty, "
                                     "description_type_is_empty, invalid_price (/v1/product/import/info)"),
    ("POST", "/v2/product/import"): ("items[]", "task items (/v1/product/import/info)"),
    ("POST", "/v1/product/import"): ("items[]", "task items (/v1/product/import/info)"),
    ("POST", "/v1/product/import/stocks"): ("stocks[]", "result[].errors (seed 003)"),
    ("POST", "/v1/product/import/prices"): ("prices[]", "result[].errors (tags[Process]: prices)"),
}

# `required` rules the live API is known to enforce (verified errors). Empty so far: no source
# reports a live refusal for an absent field, and the issue's own live fact is the opposite
# (`/v1/warehouse/list {"limit": 0}` -> 200, every published client omitting `limit`).
ENFORCED_REQUIRED: dict[tuple[str, str, str], str] = {}

REQUIRED_EVIDENCE = ("documented `required`; protojson reads an absent field as its zero value; "
                     "no live refusal known")
PAGING_EVIDENCE = "documented minimum; 0 is protojson's zero value, read as the default page size/first page"
ONE_OF_EVIDENCE = ("documented form `one of these fields`; protojson reads absent fields as zero values; "
                   "published clients send neither; no live refusal known")


@dataclass(frozen=True)
class Rule:
    location: str     # `stocks[].product_id`: `[]` stands for every element
    keyword: str      # required | minimum | anyOf (one of the fields in `value` is required)
    value: Any
    tier: str         # warn | item | enforce
    evidence: str

    @property
    def text(self) -> str:
        if self.keyword in ("required", "anyOf"):
            return "value is required"
        return f"value must be greater than or equal to {self.value}"

    @property
    def field(self) -> str:
        """The field(s) the rule is about, as the warning names them: `cargo_ids or transport_cargo_ids`."""
        if self.keyword == "anyOf":
            return " or ".join(_join(self.location, name) for name in self.value)
        return self.location


def _join(location: str, name: str) -> str:
    return f"{location}.{name}" if location else name


def _walk(schema: Any, location: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """(location, object node) for every node with properties, through arrays and anyOf/allOf branches
    (the 2026-10 contract wraps a described message in a one-branch `allOf`)."""
    if not isinstance(schema, dict):
        return
    if "properties" in schema:
        yield location, schema
        for name, sub in schema["properties"].items():
            yield from _walk(sub, _join(location, name))
    if isinstance(schema.get("items"), dict):
        yield from _walk(schema["items"], location + "[]")
    for branch in (*(schema.get("anyOf") or ()), *(schema.get("allOf") or ())):
        yield from _walk(branch, location)


def _one_of_fields(node: dict[str, Any]) -> tuple[str, ...]:
    """The alternatives of an `anyOf` that only asks for one of several fields to be present
    (`[{required: [sku]}, {required: [offer_id]}]`, nested: `filter.sku`); () for any other anyOf."""
    names: list[str] = []

    def required_in(branch: Any, prefix: str) -> bool:
        if not isinstance(branch, dict) or set(branch) - {"required", "properties", "type"} \
                or branch.get("type", "object") != "object":
            return False
        names.extend(_join(prefix, name) for name in branch.get("required") or ())
        return all(required_in(sub, _join(prefix, name)) for name, sub in (branch.get("properties") or {}).items())

    branches = node.get("anyOf") or ()
    return tuple(dict.fromkeys(names)) if branches and all(required_in(b, "") for b in branches) else ()


def _required_rule(key: tuple[str, str], location: str) -> Rule:
    enforced = ENFORCED_REQUIRED.get((*key, location))
    if enforced:
        return Rule(location, "required", True, ENFORCE, enforced)
    per_item = PER_ITEM.get(key)
    if per_item and location.startswith(per_item[0] + "."):
        return Rule(location, "required", True, ITEM, per_item[1])
    return Rule(location, "required", True, WARN, REQUIRED_EVIDENCE)


def rules_of(key: tuple[str, str], schema: dict[str, Any] | None) -> list[Rule]:
    """Every `required` and paging-minimum rule of a request schema, with its tier and evidence."""
    rules: list[Rule] = []
    for location, node in _walk(schema):
        for name in node.get("required") or ():
            rules.append(_required_rule(key, _join(location, name)))
        alternatives = _one_of_fields(node)
        if alternatives:
            rules.append(Rule(location, "anyOf", alternatives, WARN, ONE_OF_EVIDENCE))
        for name, sub in node["properties"].items():
            if name in PAGING_FIELDS and isinstance(sub, dict) and (sub.get("minimum") or 0) >= 1:
                evidence = PAGING_EVIDENCE if sub["minimum"] == 1 else \
                    f"{PAGING_EVIDENCE}; 1 to {sub['minimum'] - 1} refused (the documented range)"
                rules.append(Rule(_join(location, name), "minimum", sub["minimum"], WARN, evidence))
    return rules


def lenient_schema(schema: dict[str, Any], rules: list[Rule]) -> dict[str, Any]:
    """The schema without the rules that are not enforced: what a body must pass to be accepted."""
    soft = {(rule.location, rule.keyword) for rule in rules if rule.tier != ENFORCE}
    lenient = copy.deepcopy(schema)
    for location, node in _walk(lenient):
        if "required" in node:
            node["required"] = [n for n in node["required"] if (_join(location, n), "required") not in soft]
            if not node["required"]:
                del node["required"]
        if (location, "anyOf") in soft:
            del node["anyOf"]
        for name, sub in node["properties"].items():
            if (_join(location, name), "minimum") in soft:
                # 0 reads as the default; a negative value, or one below a documented minimum above 1, is refused
                minimum = sub.pop("minimum")
                if minimum > 1:
                    sub.update({"if": {"enum": [0, "0"]}, "else": {"minimum": minimum}})
                else:
                    sub["minimum"] = 0
    return lenient


def location_of(path: Any) -> str:
    """A validation error's path as a rule location: element indexes become `[]`."""
    text = ""
    for part in path:
        text += "[]" if isinstance(part, int) else ("." if text else "") + str(part)
    return text


class LenientRules:
    """An operation's request schema without the rules it only warns about (`tiers.py`)."""

    def __init__(self, key: tuple[str, str], schema: dict[str, Any], format_checker: FormatChecker):
        self.rules = {(rule.location, rule.keyword): rule for rule in rules_of(key, schema)}
        soft = [rule for rule in self.rules.values() if rule.tier != ENFORCE]
        lenient = lenient_schema(schema, soft) if soft else schema
        self.check = jsonschema_rs.validator_for(lenient, validate_formats=True)
        self.validator = Draft202012Validator(lenient, format_checker=format_checker)

    def warnings(self, errors: Iterable[ValidationError]) -> list[ContractWarning]:
        found: dict[str, ContractWarning] = {}
        for error in errors:
            path = list(error.absolute_path)
            paths = [path]
            if error.validator == "required":
                paths = [path + [name] for name in error.validator_value if name not in (error.instance or {})]
            for where in paths:
                rule = self.rules.get((location_of(where), error.validator))
                if rule is not None and rule.tier == WARN:
                    name = field_name(where)
                    if rule.keyword == "anyOf":
                        name = " or ".join(_join(name, alternative) for alternative in rule.value)
                    note = "0 read as the default" if rule.keyword == "minimum" else "read as its zero value"
                    found.setdefault(name, ContractWarning(name, rule.text, note))
        return list(found.values())
