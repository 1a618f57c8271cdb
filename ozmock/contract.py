"""The contract on a day: which operations are published, their lifecycle and fidelity — the one
listing behind `GET /__ozmock/operations`, `ozmock operations` and `/openapi.json`."""
from __future__ import annotations

from datetime import date
from typing import Any

from .catalog import Catalog, Operation
from .registry import HANDLERS


def fidelity_of(operation: Operation) -> str:
    """stateful (a domain handler), generated (from its schema), or obsolete (known only by path)."""
    if operation.obsolete:
        return "obsolete"
    return "stateful" if operation.key in HANDLERS else "generated"


def operations_on(catalog: Catalog, day: date) -> list[dict[str, Any]]:
    """Every operation published by `day`, with its lifecycle that day."""
    listed = []
    for op, life in catalog.as_of(day):
        entry = {"method": op.method, "path": op.path, "operation_id": op.operation_id, "group": op.group,
                 "fidelity": fidelity_of(op), "lifecycle": life.status, "sources": op.sources,
                 "first_seen": _iso(op.first_seen), "deprecated_on": _iso(op.deprecated_on),
                 "removed_on": _iso(op.removed_on), "replaced_by": op.replaced_by or None}
        listed.append(entry)
    return listed


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
