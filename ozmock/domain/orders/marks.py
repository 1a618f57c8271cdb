"""Marking codes ("Честный ЗНАК") on a posting's product lines: one exemplar per unit, the code
format, and whether a line's codes are complete. Shipping, the posting views and the exemplar
methods all read marks through these."""
from __future__ import annotations

import re
from typing import Any

MARK = re.compile(r"^01\d{14}[\x1d\x20-\x7e]{6,}$")
MARK_FORMAT_ERROR = "INVALID_MARK_FORMAT"
MARK_DUPLICATE_ERROR = "MARK_DUPLICATED"


def ensure_exemplars(world, line: dict[str, Any]) -> list[dict[str, Any]]:
    """One exemplar per unit of a line, created on first use (ids from the world counter)."""
    exemplars = line.setdefault("exemplars", [])
    while len(exemplars) < line["quantity"]:
        exemplars.append({"exemplar_id": world.next_id("exemplar", 900_000_000), "mandatory_mark": "", "gtd": "",
                          "is_gtd_absent": False, "rnpt": "", "is_rnpt_absent": False, "jw_uin": "",
                          "checked_at": None, "valid": False, "errors": []})
    return exemplars


def mark_errors(code: str) -> list[str]:
    return [] if MARK.match(code or "") else [MARK_FORMAT_ERROR]


def marks_complete(line: dict[str, Any], now: float | None = None) -> bool:
    """Every unit of a line that needs marks has a code that passed the check (by `now`)."""
    if not line.get("mark"):
        return True
    exemplars = line.get("exemplars") or []
    if len(exemplars) < line["quantity"]:
        return False
    for exemplar in exemplars[:line["quantity"]]:
        if not exemplar.get("valid") or not exemplar.get("mandatory_mark"):
            return False
        if now is not None and (exemplar.get("checked_at") or 0) > now:
            return False
    return True
