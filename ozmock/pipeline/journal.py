"""The call journal: a bounded ring of every request and its response, for assertions."""
from __future__ import annotations

from collections import deque
from dataclasses import asdict, dataclass
from typing import Any, Iterator


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

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class Journal:
    def __init__(self, size: int = 1000):
        self._entries: deque[Entry] = deque(maxlen=size)
        self._seq = 0

    def record(self, **fields: Any) -> Entry:
        self._seq += 1
        entry = Entry(seq=self._seq, **fields)
        self._entries.append(entry)
        return entry

    def resize(self, size: int) -> None:
        self._entries = deque(self._entries, maxlen=size)

    def clear(self) -> None:
        self._entries.clear()

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def calls(self, operation: str | None = None, *, client_id: int | None = None,
              status: int | None = None) -> list[Entry]:
        """Entries matching an operation path (`/v3/product/import` or `POST /v3/...`), seller and status."""
        return [entry for entry in self._entries if _matches(entry, operation, client_id, status)]

    def to_json(self, **filters: Any) -> list[dict[str, Any]]:
        return [entry.to_json() for entry in self.calls(**filters)]


def _matches(entry: Entry, operation: str | None, client_id: int | None, status: int | None) -> bool:
    if operation is not None:
        target = entry.operation or f"{entry.method} {entry.path}"
        if operation != target and operation != target.split(" ", 1)[-1] and operation != entry.path:
            return False
    if client_id is not None and entry.client_id != client_id:
        return False
    return status is None or entry.status == status
