"""The call journal: a bounded ring of every request and its response, for assertions.

    ozon.journal.assert_called("/v3/product/import", times=1)
    entry = ozon.journal.last("/v3/product/import")
    assert entry.request["items"][0]["offer_id"] == "MUG-1"

Operations are named as in the contract: `/v3/product/import` or `POST /v3/product/import`
(a templated path such as `/v1/order/{order_id}` matches calls to `/v1/order/42`, and so
does the concrete `/v1/order/42`). Assertion helpers fail with the list of calls that
were made, so a wrong path or a missing call is obvious from the message alone.
"""
from __future__ import annotations

from collections import deque
from dataclasses import asdict, dataclass, field
from typing import Any, Iterator

from ..catalog import load_catalog


@dataclass
class Entry:
    seq: int
    at: str
    method: str
    path: str
    operation: str | None      # "METHOD /path" of the matched operation
    client_id: int | None
    status: int
    request: Any
    response: Any
    source: str
    trace_id: str
    duration_ms: float
    wrote: bool = False        # a declared write that committed (what saved state follows)
    warnings: list[str] = field(default_factory=list)   # contract warnings the call raised

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def body(self) -> Any:
        """The request body (alias of `request`)."""
        return self.request

    def describe(self) -> str:
        who = f"client {self.client_id}" if self.client_id is not None else "unauthenticated"
        return f"#{self.seq} {self.method} {self.path} -> {self.status} ({who}, {self.source})"


class Journal:
    def __init__(self, size: int = 1000):
        self._entries: deque[Entry] = deque(maxlen=size)
        self._seq = 0

    def record(self, **fields: Any) -> Entry:
        self._seq += 1
        entry = Entry(seq=self._seq, **fields)
        self._entries.append(entry)
        return entry

    @property
    def size(self) -> int:
        return self._entries.maxlen or 0

    def resize(self, size: int) -> None:
        self._entries = deque(self._entries, maxlen=size)

    def clear(self) -> None:
        self._entries.clear()

    def entries(self) -> list[Entry]:
        """A snapshot of the ring, oldest first (safe while a server thread is recording)."""
        return list(self._entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries())

    def __len__(self) -> int:
        return len(self._entries)

    # --- queries ---------------------------------------------------------------------------------
    def calls(self, operation: str | None = None, *, client_id: int | None = None,
              status: int | None = None, body: Any = None) -> list[Entry]:
        """Entries matching an operation (`/v3/product/import` or `POST /v3/...`), seller, status and
        a request-body subset (`body={"items": [{"offer_id": "A"}]}`: dicts match as subsets)."""
        wanted = _normalise(operation)
        return [entry for entry in self.entries()
                if _matches(entry, wanted, client_id, status) and (body is None or contains(entry.request, body))]

    def count(self, operation: str | None = None, **filters: Any) -> int:
        return len(self.calls(operation, **filters))

    def requests(self, operation: str | None = None, **filters: Any) -> list[Any]:
        """The request bodies of the matching calls, oldest first."""
        return [entry.request for entry in self.calls(operation, **filters)]

    def responses(self, operation: str | None = None, **filters: Any) -> list[Any]:
        return [entry.response for entry in self.calls(operation, **filters)]

    def last(self, operation: str | None = None, **filters: Any) -> Entry:
        """The latest matching call; fails with the journal's contents when there is none."""
        found = self.calls(operation, **filters)
        if not found:
            raise AssertionError(self._explain(f"expected a call to {_what(operation, filters)}, found none"))
        return found[-1]

    def warnings(self, operation: str | None = None, **filters: Any) -> list[Entry]:
        """The calls that raised a contract warning (`entry.warnings`), oldest first."""
        return [entry for entry in self.calls(operation, **filters) if entry.warnings]

    def to_json(self, **filters: Any) -> list[dict[str, Any]]:
        return [entry.to_json() for entry in self.calls(**filters)]

    # --- assertions ------------------------------------------------------------------------------
    def assert_called(self, operation: str | None = None, *, times: int | None = None,
                      **filters: Any) -> list[Entry]:
        """At least one matching call (exactly `times` when given); returns the matching entries."""
        found = self.calls(operation, **filters)
        if times is None and not found:
            raise AssertionError(self._explain(f"expected a call to {_what(operation, filters)}, found none",
                                               operation))
        if times is not None and len(found) != times:
            raise AssertionError(self._explain(
                f"expected {times} call(s) to {_what(operation, filters)}, found {len(found)}", operation))
        return found

    def assert_called_once(self, operation: str | None = None, **filters: Any) -> Entry:
        return self.assert_called(operation, times=1, **filters)[0]

    def assert_not_called(self, operation: str | None = None, **filters: Any) -> None:
        found = self.calls(operation, **filters)
        if found:
            raise AssertionError(self._explain(
                f"expected no call to {_what(operation, filters)}, found {len(found)}", operation))

    def assert_order(self, *operations: str) -> None:
        """The operations were called in this order (other calls may come between them)."""
        position = 0
        entries = self.entries()
        for operation in operations:
            wanted = _normalise(operation)
            while position < len(entries) and not _matches(entries[position], wanted, None, None):
                position += 1
            if position == len(entries):
                raise AssertionError(self._explain(
                    f"expected the calls in order {list(operations)}; {operation!r} did not follow"))
            position += 1

    def summary(self, limit: int = 30) -> str:
        entries = self.entries()
        if not entries:
            return "  (the journal is empty: no Ozon calls were made)"
        lines = [f"  {entry.describe()}" for entry in entries[-limit:]]
        if len(entries) > limit:
            lines.insert(0, f"  ... {len(entries) - limit} earlier call(s) not shown")
        return "\n".join(lines)

    def _explain(self, headline: str, operation: str | None = None) -> str:
        text = f"{headline}\ncalls recorded ({len(self)}):\n{self.summary()}"
        hint = _unknown_operation_hint(operation)
        return f"{text}\n{hint}" if hint else text


def _normalise(operation: str | None) -> str | None:
    if operation is None:
        return None
    operation = operation.strip()
    if " " in operation:
        method, _, path = operation.partition(" ")
        return f"{method.upper()} {path.strip()}"
    return operation


def _matches(entry: Entry, operation: str | None, client_id: int | None, status: int | None) -> bool:
    if operation is not None:
        target = entry.operation or f"{entry.method} {entry.path}"
        if operation not in (target, target.split(" ", 1)[-1], entry.path, f"{entry.method} {entry.path}"):
            return False
    if client_id is not None and entry.client_id != int(client_id):
        return False
    return status is None or entry.status == status


def contains(actual: Any, expected: Any) -> bool:
    """`expected` is a subset of `actual`: dicts by their keys (recursively), lists item by item."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(k in actual and contains(actual[k], v) for k, v in expected.items())
    if isinstance(expected, list):
        return (isinstance(actual, list) and len(actual) == len(expected)
                and all(contains(a, e) for a, e in zip(actual, expected)))
    return actual == expected


def _what(operation: str | None, filters: dict[str, Any]) -> str:
    text = operation or "any operation"
    extra = ", ".join(f"{k}={v!r}" for k, v in filters.items() if v is not None)
    return f"{text} ({extra})" if extra else text


def _unknown_operation_hint(operation: str | None) -> str:
    if not operation:
        return ""
    wanted = _normalise(operation)
    method, _, path = wanted.partition(" ") if " " in wanted else ("", "", wanted)
    routed, _ = load_catalog().route(method or "POST", path)
    if routed and (not method or method in routed):
        return ""
    return f"note: {operation!r} is not an operation ozmock serves (check the version prefix and spelling)"
