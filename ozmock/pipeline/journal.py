"""The call journal: a bounded ring of every request and its response, for assertions.

Bounded twice: at most `size` entries, and at most `max_bytes` of request and response bodies (as they
travelled), the oldest entries leaving first; so a client sending large bodies cannot grow it without end.

    ozon.journal.assert_called("/v3/product/import", times=1)
    entry = ozon.journal.last("/v3/product/import")
    assert entry.request["items"][0]["offer_id"] == "MUG-1"

Operations are named as in the contract: `/v3/product/import` or `POST /v3/product/import`
(a templated path such as `/v1/order/{order_id}` matches calls to `/v1/order/42`, and so
does the concrete `/v1/order/42`). Assertion helpers fail with the list of calls that
were made, so a wrong path or a missing call is obvious from the message alone; an operation
ozmock does not serve (and nobody called) is refused with the closest one it does, so
`assert_not_called("/v3/product/lst")` cannot pass by a typo.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field, fields
from datetime import datetime, timezone
from typing import Any, Iterator

import orjson

from ..catalog import load_catalog
from ..clock import iso
from ..suggest import closest, closest_operation


class UnknownOperation(ValueError):
    """A journal query names an operation that is neither served nor called: a typo."""


# Entries an area records besides the catalogue's operations (push deliveries: `PUSH TYPE_NEW_POSTING`).
OTHER_OPERATIONS: set[str] = set()


def journal_operations(names) -> None:
    """Declare operation names an area records in the journal, so queries may name them."""
    OTHER_OPERATIONS.update(names)


class Encoded:
    """A body kept as the JSON it travelled as: one immutable object instead of a tree of dicts, so
    an entry costs nothing to keep, to free or for the garbage collector to walk; read back on access."""

    __slots__ = ("json",)

    def __init__(self, json: bytes):
        self.json = json


def encoded(value: Any) -> Any:
    """`value` as JSON bytes, or as it is when JSON cannot carry it (a form's file, an int beyond 64 bits)."""
    if value is None or isinstance(value, (str, Encoded)):
        return value
    try:
        return Encoded(orjson.dumps(value))
    except TypeError:
        return value


def decoded(kept: Any) -> Any:
    return orjson.loads(kept.json) if isinstance(kept, Encoded) else kept


@dataclass(slots=True)      # tens of thousands of them live in a busy journal
class Entry:
    seq: int
    kept_at: Any               # the instant: epoch seconds or a datetime, written as text when read (see `at`), or the text
    method: str
    path: str
    operation: str | None      # "METHOD /path" of the matched operation
    client_id: int | None
    status: int
    kept_request: Any          # the request as read, `Encoded` where JSON carries it (see `request`)
    kept_response: Any         # the answer, `Encoded`: the very bytes that were sent
    source: str
    trace_id: str
    duration_ms: float
    wrote: bool = False        # a declared write that committed (what saved state follows)
    warnings: list[str] = field(default_factory=list)   # contract warnings the call raised
    drift: list[str] = field(default_factory=list)      # differences from the contract (`ozmock proxy`)
    size: int = 0              # bytes of the bodies as they travelled (what `max_bytes` bounds); not shown

    @property
    def at(self) -> str:
        """When the call was answered, on the world clock (RFC 3339, milliseconds)."""
        at = self.kept_at
        if isinstance(at, (int, float)):
            at = datetime.fromtimestamp(at, timezone.utc)
        return iso(at) if isinstance(at, datetime) else at

    @property
    def request(self) -> Any:
        """The request body as read (contract spelling and types); a fresh copy on every read."""
        return decoded(self.kept_request)

    @property
    def response(self) -> Any:
        """The response body as sent; a fresh copy on every read."""
        return decoded(self.kept_response)

    def to_json(self) -> dict[str, Any]:
        """The entry as JSON-ready data."""
        return {name: getattr(self, name) for name in FIELDS}

    @property
    def body(self) -> Any:
        """The request body (alias of `request`)."""
        return self.request

    def describe(self) -> str:
        who = f"client {self.client_id}" if self.client_id is not None else "unauthenticated"
        return f"#{self.seq} {self.method} {self.path} -> {self.status} ({who}, {self.source})"


JOURNAL_BYTES = 32 * 1024 * 1024


# What an entry shows (`to_json`, `GET /__ozmock/journal`): its fields, the instant and bodies as read.
FIELDS = tuple(field.name.removeprefix("kept_") for field in fields(Entry) if field.name != "size")


class Journal:
    def __init__(self, size: int = 1000, max_bytes: int = JOURNAL_BYTES):
        self._entries: deque[Entry] = deque(maxlen=size)
        self._bytes = 0                       # the bodies' bytes of the entries still held
        self._last: dict[tuple[str | None, str], Encoded] = {}   # per operation: its latest request and answer
        self.max_bytes = max_bytes
        self._seq = 0

    def record(self, at: float | datetime | str, method: str, path: str, operation: str | None,
               client_id: int | None, status: int, request: Any, response: Any, source: str, trace_id: str,
               duration_ms: float, wrote: bool = False, warnings: list[str] | None = None,
               drift: list[str] | None = None, size: int = 0) -> Entry | None:
        """Append an entry; `size` is the bytes of its bodies (callers hold the world's lock). The bodies
        are kept encoded (`Encoded` bytes are kept as given), the instant as given and written when read.
        A journal of size 0 is off: nothing is kept."""
        entries = self._entries
        if not entries.maxlen:
            return None
        self._seq += 1
        entry = Entry(self._seq, at, method, path, operation, client_id, status,
                      self._shared((operation, "request"), encoded(request)),
                      self._shared((operation, "response"), encoded(response)), source, trace_id, duration_ms,
                      wrote, warnings or [], drift or [], size)
        if len(entries) == entries.maxlen:
            self._bytes -= entries[0].size
        entries.append(entry)
        if size:
            self._bytes += size
            while self._bytes > self.max_bytes and len(entries) > 1:
                self._bytes -= entries.popleft().size
        return entry

    def __setstate__(self, state: dict[str, Any]) -> None:
        """A journal pickled by an earlier ozmock (saved state keeps an empty one) lacks the newer fields."""
        state.pop("_sizes", None)
        self.__dict__.update(state)
        self.__dict__.setdefault("_last", {})

    def _shared(self, kind: tuple[str | None, str], body: Any) -> Any:
        """`body`, or the same bytes kept already: a client polling one operation sends and is answered
        the same JSON again and again, and the ring keeps one copy of it instead of a thousand (the new
        copy is freed at once, so the next answer is written into memory just used, not a cold block)."""
        if not isinstance(body, Encoded):
            return body
        last = self._last.get(kind)
        if last is not None and last.json == body.json:
            return last
        self._last[kind] = body
        return body

    @property
    def bytes(self) -> int:
        """Bytes of the bodies the journal holds now (bounded by `max_bytes`)."""
        return self._bytes

    @property
    def size(self) -> int:
        """How many entries the ring keeps; 0: the journal is off (`--no-journal`, for benchmarks)."""
        return self._entries.maxlen or 0

    def resize(self, size: int) -> None:
        self._entries = deque(self._entries, maxlen=size)
        self._bytes = sum(entry.size for entry in self._entries)

    def clear(self) -> None:
        self._entries.clear()
        self._last.clear()
        self._bytes = 0

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
        entries = self.entries()
        _check_known(wanted, entries)
        return [entry for entry in entries
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
            raise AssertionError(self._explain(f"expected a call to {_what(operation, filters)}, found none"))
        if times is not None and len(found) != times:
            raise AssertionError(self._explain(
                f"expected {times} call(s) to {_what(operation, filters)}, found {len(found)}"))
        return found

    def assert_called_once(self, operation: str | None = None, **filters: Any) -> Entry:
        return self.assert_called(operation, times=1, **filters)[0]

    def assert_not_called(self, operation: str | None = None, **filters: Any) -> None:
        found = self.calls(operation, **filters)
        if found:
            raise AssertionError(self._explain(
                f"expected no call to {_what(operation, filters)}, found {len(found)}"))

    def assert_order(self, *operations: str) -> None:
        """The operations were called in this order (other calls may come between them)."""
        position = 0
        entries = self.entries()
        for operation in operations:
            wanted = _normalise(operation)
            _check_known(wanted, entries)
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

    def _explain(self, headline: str) -> str:
        return f"{headline}\ncalls recorded ({len(self)}):\n{self.summary()}"


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


def _check_known(operation: str | None, entries: list[Entry]) -> None:
    """Refuse an operation the catalogue does not serve, unless a recorded call went to it."""
    if operation is None or operation in OTHER_OPERATIONS:
        return
    method, _, path = operation.partition(" ") if " " in operation else ("", "", operation)
    routed, _ = load_catalog().route(method or "POST", path)
    if routed and (not method or method in routed):
        return
    if any(entry.path == path and (not method or entry.method == method) for entry in entries):
        return
    match = closest_operation(operation) or closest(operation, OTHER_OPERATIONS)
    hint = f"did you mean {match!r}?" if match else "check the version prefix and spelling (`ozmock operations`)"
    raise UnknownOperation(f"{operation!r} is not an operation ozmock serves; {hint}")
