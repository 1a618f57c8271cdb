"""The served contract: every operation in `schemas/`, loaded once per process.

Files are parsed at start-up (cheap with orjson); validators are compiled on
first use and cached on the operation, so start-up stays fast and each
operation pays compilation once.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any, Iterator

import jsonschema_rs
import orjson
from jsonschema import Draft202012Validator, FormatChecker

from .pipeline.protojson import compile_reader
from .lifecycle import Lifecycle, lifecycle_of
from .pipeline.shape import answer_schema_of, closed, compile_shape
from .pipeline.tiers import LenientRules

PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """`schemas/` or `scenarios/`: inside the installed package, or at the repository root."""
    for candidate in (PACKAGE_DIR / name, PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"ozmock data folder {name!r} not found next to {PACKAGE_DIR}")


_PARAM = re.compile(r"\{(\w+)\}|:(\w+)")


def slug_of(method: str, path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", f"{method} {path}".lower()).strip("_")


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


class Operation:
    """One (method, path) with its lifecycle dates; schemas and examples are read from its file on
    first use. An operation known only by path (`obsolete`) has no file: it always answers 400/9."""

    def __init__(self, meta: dict[str, Any], file: Path | None, document: dict[str, Any] | None = None):
        self.method: str = meta["method"]
        self.path: str = meta["path"]
        self.name = f"{self.method} {self.path}"        # as the journal and fault rules name it
        self.key: tuple[str, str] = (self.method, self.path)    # how the registry names it
        self.slug = meta.get("slug") or slug_of(self.method, self.path)
        self.operation_id: str = meta.get("operation_id") or self.slug
        self.group: str = meta.get("group", "")
        self.sources: list[str] = list(meta.get("sources", []))
        self.path_params: dict[str, Any] = meta.get("path_params") or {}
        self.path_pattern = _path_regex(self.path) if _PARAM.search(self.path) else None
        self.obsolete: bool = bool(meta.get("obsolete"))
        self.first_seen = _day(meta.get("first_seen"))
        self.deprecated_on = _day(meta.get("deprecated_on"))
        self.removed_on = _day(meta.get("removed_on"))
        self.replaced_by: str = meta.get("replaced_by", "")
        self.note: str = meta.get("note", "")
        self.file = file
        self._lifecycles: dict[date, Lifecycle] = {}     # by day: routing asks on every request
        if document is not None:
            self.__dict__["document"] = document

    @cached_property
    def document(self) -> dict[str, Any]:
        return orjson.loads(self.file.read_bytes()) if self.file is not None else {}

    def lifecycle(self, day: date) -> Lifecycle:
        found = self._lifecycles.get(day)
        if found is None:
            found = self._lifecycles[day] = lifecycle_of(self, day)
        return found

    @property
    def has_schema(self) -> bool:
        return not self.obsolete

    @cached_property
    def request_schema(self) -> dict[str, Any] | None:
        return self.document.get("request")

    @cached_property
    def response_schema(self) -> dict[str, Any]:
        return self.document.get("response") or {"type": "object"}

    @cached_property
    def answer_schema(self) -> dict[str, Any]:
        """The response schema as answers are written and served (`/openapi.json`): an unset message
        field may be `null`, as the gateway writes it (`ozmock/pipeline/shape.py`)."""
        return answer_schema_of(self.response_schema)

    @cached_property
    def error_schema(self) -> dict[str, Any]:
        return self.document.get("error") or {"type": "object"}

    @cached_property
    def example_request(self) -> Any:
        return (self.document.get("examples") or {}).get("request")

    @cached_property
    def example_response(self) -> Any:
        return (self.document.get("examples") or {}).get("response")

    def __repr__(self) -> str:
        return f"<Operation {self.method} {self.path}>"

    @property
    def takes_body(self) -> bool:
        return self.request_schema is not None and self.method != "GET"

    @cached_property
    def request_validator(self) -> Draft202012Validator | None:
        if self.request_schema is None:
            return None
        return Draft202012Validator(self.request_schema, format_checker=FORMAT_CHECKER)

    @cached_property
    def response_validator(self) -> Draft202012Validator:
        return Draft202012Validator(self.answer_schema, format_checker=FORMAT_CHECKER)

    @cached_property
    def request_check(self):
        """A compiled (Rust) validator for the common case, a valid body; the Python validator
        above explains the failures in the live API's wording."""
        return None if self.request_schema is None else fast_validator(self.request_schema)

    @cached_property
    def request_reader(self):
        """The body as protojson reads it (both spellings, numbers in their formats, enums by number),
        compiled from the request schema on first use: the hot path of every call with a body."""
        return compile_reader(self.request_schema)

    @cached_property
    def request_tiers(self) -> LenientRules:
        """The request schema without the rules only warned about, compiled when a body first breaks one."""
        return LenientRules(self.key, self.request_schema or {}, FORMAT_CHECKER)

    @cached_property
    def response_check(self):
        return fast_validator(self.answer_schema)

    @cached_property
    def shape(self):
        """The projection of a handler's record onto the response schema, compiled on first use."""
        return compile_shape(self.answer_schema)

    @cached_property
    def conforms(self):
        """Does a record already carry nothing but documented fields of documented types? (then
        shaping would change nothing: the compiled check is several times cheaper than the shaper)"""
        return jsonschema_rs.validator_for(closed(self.answer_schema), validate_formats=False).is_valid

    @cached_property
    def complete_validator(self) -> Draft202012Validator:
        """The answer schema complete and closed (`shape.closed`): what an answer declared exact must
        pass, and what the proxy holds the live API's answers to (missing and undocumented fields; an
        unset message may be `null`, as the gateway writes it)."""
        return Draft202012Validator(closed(self.answer_schema), format_checker=FORMAT_CHECKER)

    @cached_property
    def complete_error_validator(self) -> Draft202012Validator:
        return Draft202012Validator(closed(self.error_schema), format_checker=FORMAT_CHECKER)

    @cached_property
    def required_fields(self) -> frozenset[str]:
        return frozenset((self.request_schema or {}).get("required", ()))


def fast_validator(schema: dict[str, Any]):
    return jsonschema_rs.validator_for(schema, validate_formats=True)


FORMAT_CHECKER = FormatChecker(formats=())


@FORMAT_CHECKER.checks("date-time", raises=ValueError)
def _is_datetime(value: object) -> bool:
    """RFC 3339 timestamps, as protojson parses google.protobuf.Timestamp."""
    if not isinstance(value, str):
        return True
    if "T" not in value.upper():
        raise ValueError("a timestamp needs a date and a time")
    datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    return True


def _path_regex(path: str) -> re.Pattern[str]:
    parts = []
    last = 0
    for match in _PARAM.finditer(path):
        parts.append(re.escape(path[last:match.start()]))
        parts.append(f"(?P<{match.group(1) or match.group(2)}>[^/]+)")
        last = match.end()
    parts.append(re.escape(path[last:]))
    return re.compile("^" + "".join(parts) + "$")


class Catalog:
    """All operations, with exact routing by method and path."""

    def __init__(self, operations: list[Operation]):
        self.operations = sorted(operations, key=lambda op: (op.path, op.method))
        self._static: dict[str, dict[str, Operation]] = {}
        self._templated: list[Operation] = []
        self.by_slug = {op.slug: op for op in self.operations}
        self.keys = frozenset(op.key for op in self.operations)
        for op in self.operations:
            if op.path_pattern is None:
                self._static.setdefault(op.path, {})[op.method] = op
            else:
                self._templated.append(op)

    def __len__(self) -> int:
        return len(self.operations)

    def __iter__(self) -> Iterator[Operation]:
        return iter(self.operations)

    def as_of(self, day: date) -> list[tuple[Operation, Lifecycle]]:
        """The contract on `day`: every operation published by then, with its lifecycle."""
        return [(op, life) for op in self.operations if (life := op.lifecycle(day)).served]

    def get(self, method: str, path: str) -> Operation:
        """The operation served at exactly (method, path) as written in the contract."""
        return self._static.get(path, {}).get(method) or next(
            op for op in self._templated if op.method == method and op.path == path)

    def route(self, method: str, path: str) -> tuple[dict[str, Operation], dict[str, str]]:
        """Operations at `path` by method, plus the path parameters; empty when nothing lives there."""
        found = self._static.get(path)
        if found is not None:
            return found, {}
        if path.endswith("/") and len(path) > 1 and path[:-1] in self._static:
            return self._static[path[:-1]], {}
        matches: dict[str, Operation] = {}
        params: dict[str, str] = {}
        for op in self._templated:
            match = op.path_pattern.match(path)
            if match:
                matches.setdefault(op.method, op)
                params = match.groupdict()
        return matches, params


_CATALOG: Catalog | None = None


INDEX_FILE = "operations.jsonl"


def load_catalog(directory: Path | None = None) -> Catalog:
    """The process-wide catalog (schemas never change while running).

    Start-up reads only `operations.jsonl` (one line per operation: its file, if it has schemas, and
    its lifecycle dates);
    each operation's schemas are parsed when it is first called.
    """
    global _CATALOG
    if directory is None and _CATALOG is not None:
        return _CATALOG
    folder = directory or data_dir("schemas")
    index = folder / INDEX_FILE
    if index.exists():
        entries = [orjson.loads(line) for line in index.read_bytes().splitlines() if line.strip()]
        operations = [Operation(entry["operation"], folder / entry["file"] if entry["file"] else None)
                      for entry in entries]
    else:
        operations = []
        for file in sorted(folder.glob("*.json")):
            document = orjson.loads(file.read_bytes())
            operations.append(Operation(document["operation"], file, document))
    catalog = Catalog(operations)
    if directory is None:
        _CATALOG = catalog
    return catalog
