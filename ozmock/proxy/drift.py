"""Where a real call differs from the served contract, found with the server's own stages and
schemas, and the report that groups what was found.

The request is read and checked exactly as `ozmock serve` reads it (`pipeline/run.py: read_body`,
`pipeline/validation.py`: protojson reading, then the two tiers of `pipeline/tiers.py` and the
contract warnings); the answer is held to the operation's response schema made complete and closed
(`Operation.complete_validator`: every documented field present, none undocumented), an error to
the operation's error schema, the statuses ozmock answers and the messages it knows. protojson's
freedoms are not differences: an int64 as a numeric string, `null` for an absent field.

Kinds (`KINDS`), each reported once per operation and kind with a count of calls, the fields
involved and one masked example: fields the contract lacks, documented fields missing, type, enum
and other rule mismatches, statuses and error messages the contract does not know, requests ozmock
refuses that the live API accepts (the worst failure: ozmock would break a correct client) and the
reverse, rules ozmock only warns about, and paths it does not know.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import orjson

from .. import errors
from ..catalog import Catalog, Operation
from ..errors import GRPC_TO_HTTP, OzonError
from ..lifecycle import api_date_of
from ..pipeline.contract_warnings import ContractWarning, lifecycle_warning
from ..pipeline.run import Request, read_body
from ..pipeline.tiers import location_of
from ..pipeline.validation import NUMERIC_STRING, describe, read_request, validate_path_params
from .cassettes import answer_bytes, interactions
from .masking import mask_text

KINDS = {
    "unknown-operation": "a path and method the contract does not know",
    "refused-by-ozmock": "the live API accepted a request ozmock refuses (400): ozmock would break a correct client",
    "refused-live": "the live API refused (400) a request ozmock accepts",
    "contract-warning": "the request broke a documented rule ozmock only warns about (the live status shows "
                        "whether it is enforced)",
    "unknown-field": "the answer carries a field the contract lacks",
    "missing-field": "the answer lacks a documented field",
    "type-mismatch": "a value of another type (or format) than documented",
    "enum-mismatch": "a value outside its documented enum",
    "rule-mismatch": "a value breaking another documented rule (length, range, pattern)",
    "unknown-status": "an HTTP status the contract does not know",
    "unknown-error": "an error message the contract does not know",
}
KNOWN_STATUSES = frozenset({200, 405, 413, *GRPC_TO_HTTP.values()})
KNOWN_MESSAGES = frozenset(value for name, value in vars(errors).items() if name.isupper() and isinstance(value, str))
EXAMPLE_CHARS = 300
FIELDS_KEPT = 20
_VALIDATOR_KIND = {"type": "type-mismatch", "format": "type-mismatch", "anyOf": "type-mismatch",
                   "oneOf": "type-mismatch", "enum": "enum-mismatch", "const": "enum-mismatch"}


@dataclass(frozen=True)
class Difference:
    operation: str      # `METHOD /path` as in the contract (as called when unknown)
    kind: str           # a key of KINDS
    where: str = ""     # the field, `[]` standing for every element; `error.` for an error's body
    detail: str = ""
    example: Any = None  # masked

    def describe(self) -> str:
        return f"{self.kind} {self.where}: {self.detail}".replace(" :", ":").strip()


@dataclass
class Exchange:
    """One exchange as the proxy saw it (or a cassette kept it): the request as sent and the answer,
    with the masked bodies that examples are taken from."""
    request: Request
    status: int
    response: Any                 # the answer's JSON, or None when it was not JSON
    masked_request: Any = None
    masked_response: Any = None
    secrets: tuple[str, ...] = ()  # masked out of every detail too


def route(catalog: Catalog, method: str, path: str, day: date) -> tuple[Operation | None, dict[str, str]]:
    """The operation published on `day` at (method, path), as the server routes it."""
    operations, params = catalog.route(method, path)
    operation = operations.get(method)
    if operation is None or operation.obsolete or not operation.lifecycle(day).served:
        return None, params
    return operation, params


def request_verdict(operation: Operation, request: Request, params: dict[str, str],
                    day: date) -> tuple[OzonError | None, list[ContractWarning]]:
    """What `ozmock serve` makes of the request: its refusal (400), or the contract warnings it raises."""
    try:
        validate_path_params(operation, params)
        _, warnings = read_request(operation, read_body(operation, request))
    except OzonError as refusal:
        return refusal, []
    found = lifecycle_warning(operation, operation.lifecycle(day))
    return None, warnings + ([found] if found else [])


def compare(catalog: Catalog, call: Exchange,
            day: date | None = None) -> tuple[list[Difference], list[ContractWarning]]:
    """Every difference of one call from the contract, one per (kind, field); and the contract
    warnings its request raised."""
    day = day or api_date_of(None)
    request = call.request
    operation, params = route(catalog, request.method, request.path, day)
    if operation is None:
        return [Difference(f"{request.method} {request.path}", "unknown-operation", "",
                           f"answered {call.status}", _bounded(call.masked_response))], []
    name = f"{operation.method} {operation.path}"
    found: dict[tuple[str, str], Difference] = {}

    def add(kind: str, where: str, detail: str, example: Any = None) -> None:
        found.setdefault((kind, where), Difference(name, kind, where, mask_text(detail, call.secrets),
                                                   _bounded(example)))

    refusal, warnings = request_verdict(operation, request, params, day)
    accepted = 200 <= call.status < 300
    if refusal is not None and accepted:
        add("refused-by-ozmock", "", f"ozmock answers 400: {refusal.message}; the live API answered {call.status}",
            call.masked_request)
    if refusal is None and call.status == 400:
        add("refused-live", "", f"the live API answered 400 ({_message(call.masked_response)}); ozmock accepts it",
            call.masked_request)
    for warning in warnings:
        add("contract-warning", warning.field, f"{warning.rule}; the live API answered {call.status}")
    if call.status not in KNOWN_STATUSES:
        add("unknown-status", "", f"HTTP {call.status}", call.masked_response)
    if accepted and call.response is not None and not _as_documented(operation, call.response):
        _structure(operation.complete_validator, call.response, call.masked_response, "", add)
    elif not accepted and isinstance(call.response, dict):
        _structure(operation.complete_error_validator, call.response, call.masked_response, "error", add)
        message = call.response.get("message")
        known = KNOWN_MESSAGES | ({refusal.message} if refusal is not None else set())
        if isinstance(message, str) and message not in known:
            add("unknown-error", "error.message", f"HTTP {call.status}",
                _at(call.masked_response, ["message"]))
    return list(found.values()), warnings


def _as_documented(operation: Operation, body: Any) -> bool:
    """The common case, decided by the compiled checks the server keeps: complete and closed with the
    documented types (`conforms`), formats and enums kept (`response_check`)."""
    return operation.conforms(body) and operation.response_check.is_valid(body)


def _structure(validator, body: Any, masked: Any, prefix: str, add) -> None:
    """Unknown and missing fields, type, enum and rule mismatches of `body` against a complete,
    closed schema; each (kind, field) once."""
    for error in validator.iter_errors(body):
        path = list(error.absolute_path)
        rule = error.validator
        if rule == "additionalProperties":
            documented = set((error.schema.get("properties") or {}))
            for extra in sorted(set(error.instance) - documented):
                add("unknown-field", _where(prefix, path + [extra]), "not in the contract", _at(masked, path + [extra]))
        elif rule == "required":
            for missing in error.validator_value:
                if missing not in error.instance:
                    add("missing-field", _where(prefix, path + [missing]), "documented, absent")
        elif _protojson_freedom(error):
            continue
        else:
            # the rule in the server's wording, which names no value (the masked example shows it)
            add(_VALIDATOR_KIND.get(rule, "rule-mismatch"), _where(prefix, path),
                describe(error).rsplit(": ", 1)[-1][:EXAMPLE_CHARS], _at(masked, path))


def _protojson_freedom(error) -> bool:
    """protojson writes int64 as a numeric string and may send null for an absent field."""
    if error.validator != "type":
        return False
    instance, expected = error.instance, error.validator_value
    expected = set(expected) if isinstance(expected, list) else {expected}
    if instance is None:
        return True
    return (isinstance(instance, str) and bool(expected & {"integer", "number"})
            and re.fullmatch(NUMERIC_STRING, instance) is not None)


def _where(prefix: str, path: list[Any]) -> str:
    location = location_of(path)
    return f"{prefix}.{location}" if prefix and location else prefix or location


def _at(document: Any, path: list[Any]) -> Any:
    for part in path:
        try:
            document = document[part]
        except (KeyError, IndexError, TypeError):
            return None
    return _bounded(document)


def _bounded(value: Any) -> Any:
    """An example small enough for a report: long values cut to their first characters as text."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    text = value if isinstance(value, str) else orjson.dumps(value).decode()
    if len(text) <= EXAMPLE_CHARS:
        return value
    return text[:EXAMPLE_CHARS] + "..."


def _message(body: Any) -> str:
    return str(body.get("message", "")) if isinstance(body, dict) else ""


@dataclass
class Group:
    operation: str
    kind: str
    count: int = 0                        # calls showing this kind of difference
    fields: list[str] = field(default_factory=list)
    example: dict[str, Any] = field(default_factory=dict)
    first_at: str = ""
    last_at: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"operation": self.operation, "kind": self.kind, "meaning": KINDS[self.kind], "count": self.count,
                "fields": self.fields, "example": self.example, "first_at": self.first_at, "last_at": self.last_at}


class DriftReport:
    """Differences grouped by operation and kind; safe to add to from several threads."""

    def __init__(self) -> None:
        self._groups: dict[tuple[str, str], Group] = {}
        self._lock = threading.Lock()
        self.calls = 0

    def add(self, differences: list[Difference], at: str = "") -> list[Difference]:
        """Count one call's differences; returns those whose (operation, kind) is new."""
        new: list[Difference] = []
        with self._lock:
            self.calls += 1
            counted: set[tuple[str, str]] = set()
            for difference in differences:
                key = (difference.operation, difference.kind)
                group = self._groups.get(key)
                if group is None:
                    group = self._groups[key] = Group(difference.operation, difference.kind, first_at=at,
                                                      example={"field": difference.where, "detail": difference.detail,
                                                               "value": difference.example})
                    new.append(difference)
                if key not in counted:
                    counted.add(key)
                    group.count += 1
                    group.last_at = at
                if difference.where and difference.where not in group.fields and len(group.fields) < FIELDS_KEPT:
                    group.fields.append(difference.where)
        return new

    def groups(self) -> list[Group]:
        with self._lock:
            return sorted(self._groups.values(), key=lambda group: (group.operation, group.kind))

    def to_json(self) -> dict[str, Any]:
        groups = [group.to_json() for group in self.groups()]
        return {"calls": self.calls, "differences": len(groups), "groups": groups}

    def markdown(self, title: str = "ozmock drift report") -> str:
        """The report as Markdown, to paste into an issue: a table, then one masked example per group."""
        groups = self.groups()
        lines = [f"# {title}", "", f"{self.calls} call(s) checked; {len(groups)} difference(s) by operation and kind.",
                 ""]
        if not groups:
            return "\n".join(lines + ["No differences from the contract were found."]) + "\n"
        lines += ["| operation | kind | calls | fields |", "|---|---|---|---|"]
        for group in groups:
            fields = ", ".join(f"`{name}`" for name in group.fields) or "-"
            lines.append(f"| `{group.operation}` | {group.kind} | {group.count} | {fields} |")
        lines += ["", "## Examples (masked)", ""]
        for group in groups:
            example = group.example
            lines += [f"### `{group.operation}` — {group.kind}", "", KINDS[group.kind] + ".", "",
                      f"- field: `{example['field'] or '(whole call)'}`", f"- detail: {example['detail']}"]
            if example["value"] is not None:
                lines += ["", "```json", orjson.dumps(example["value"], option=orjson.OPT_INDENT_2).decode(), "```"]
            lines.append("")
        return "\n".join(lines)


def report_from_cassettes(folder, catalog: Catalog, day: date | None = None) -> DriftReport:
    """The drift report of recorded calls (`ozmock drift --from DIR`), compared with today's contract:
    the same comparison as the proxy's, on the masked bodies the cassettes keep."""
    report = DriftReport()
    for _, entry in interactions(folder):
        sent, response = entry.get("request") or {}, entry.get("response") or {}
        body = sent.get("body")
        request = Request(method=sent.get("method", ""), path=sent.get("path", ""),
                          headers={"content-type": "application/json"},
                          body=b"" if body is None else orjson.dumps(body), query=sent.get("query") or {})
        answered = response.get("body")
        if answered is None and "text" in response:
            answered = orjson.loads(answer_bytes(response))
        exchange = Exchange(request, int(response.get("status", 0)), answered, body, answered)
        report.add(compare(catalog, exchange, day)[0])
    return report
