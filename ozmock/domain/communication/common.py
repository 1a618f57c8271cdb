"""What reviews and questions share: one all-or-nothing status change, and paging after a record
id (`last_id`), as their list methods page."""
from __future__ import annotations

from typing import Any

from ...errors import OzonError


def set_status(records: dict[str, dict], wanted: list[str], status: str, not_found: str) -> None:
    """Give every named record the status, or none of them when one is unknown (404 naming them)."""
    missing = [key for key in wanted if key not in records]
    if missing:
        raise OzonError(5, f"{not_found}: {', '.join(missing)}")
    for key in wanted:
        records[key]["status"] = status


def after_id(records: list[dict[str, Any]], last_id: str) -> list[dict[str, Any]]:
    """The records after the one whose id is `last_id`: all of them when it is empty, none when no
    record has that id."""
    if not last_id:
        return records
    position = next((i for i, record in enumerate(records) if record["id"] == last_id), None)
    return records[position + 1:] if position is not None else []
