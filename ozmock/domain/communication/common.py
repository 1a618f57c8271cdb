"""What reviews and questions share: one all-or-nothing status change."""
from __future__ import annotations

from ...errors import OzonError


def set_status(records: dict[str, dict], wanted: list[str], status: str, not_found: str) -> None:
    """Give every named record the status, or none of them when one is unknown (404 naming them)."""
    missing = [key for key in wanted if key not in records]
    if missing:
        raise OzonError(5, f"{not_found}: {', '.join(missing)}")
    for key in wanted:
        records[key]["status"] = status
