"""An operation's standing in Ozon's contract on a given day (`api_date`).

One pure function of (operation, day), so every place that needs it — routing, the `/__ozmock`
listing, `/openapi.json`, contract warnings — agrees:

- not yet published (first seen after the day): answered like an unknown method;
- removed (its shutdown date has come): 400/9 under `legacy: reject`, served and flagged otherwise;
  operations known only by path (`obsolete`, no schema anywhere) always answer 400/9;
- deprecated (announced, not yet switched off): served with `x-ozmock-lifecycle`;
- current.

Shutdowns Ozon announced and its docs still listed afterwards count from the announced date
(docs/assumptions.md).
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Protocol

CURRENT, DEPRECATED, REMOVED, UNPUBLISHED = "current", "deprecated", "removed", "unpublished"


class Dated(Protocol):
    first_seen: date | None
    deprecated_on: date | None
    removed_on: date | None
    replaced_by: str


@dataclass(frozen=True)
class Lifecycle:
    status: str                    # current | deprecated | removed | unpublished
    deprecated_on: date | None
    removed_on: date | None
    replacement: str               # the method(s) Ozon named instead, "" when none

    @property
    def served(self) -> bool:
        """Published on the day (a removed operation is still known: it answers 400/9 or is flagged)."""
        return self.status != UNPUBLISHED

    def header(self) -> str | None:
        """`x-ozmock-lifecycle`: `deprecated; removal=2026-10-13; use=/v2/actions/products`, or None."""
        if self.status not in (DEPRECATED, REMOVED):
            return None
        parts = [self.status]
        if self.removed_on is not None:
            parts.append(f"removal={self.removed_on.isoformat()}")
        if self.replacement:
            parts.append(f"use={self.replacement}")
        return "; ".join(parts)


def lifecycle_of(operation: Dated, day: date) -> Lifecycle:
    """The operation's lifecycle on `day`, from its first-seen, deprecation and removal dates."""
    if operation.first_seen is not None and day < operation.first_seen:
        status = UNPUBLISHED
    elif operation.removed_on is not None and day >= operation.removed_on:
        status = REMOVED
    elif operation.deprecated_on is not None and day >= operation.deprecated_on:
        status = DEPRECATED
    else:
        status = CURRENT
    return Lifecycle(status, operation.deprecated_on, operation.removed_on, operation.replaced_by)


def parse_api_date(value: str | date | None) -> date | None:
    """`YYYY-MM-DD` (or a date) as a date; None stays None (today). Anything else is refused."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"api_date must be a date as YYYY-MM-DD, got {value!r}") from None


def today() -> date:
    """The calendar day in UTC: the contract Ozon serves now (not the world clock, which scenarios
    freeze in the past so their data stays fixed). Asked on every call: the date is made once a day."""
    return _day(int(time.time() // 86_400))


@lru_cache(maxsize=1)
def _day(days_since_epoch: int) -> date:
    return date(1970, 1, 1) + timedelta(days=days_since_epoch)


def api_date_of(setting: str | date | None) -> date:
    """The day a world's contract is taken from: its `api_date` setting, or today."""
    return parse_api_date(setting) or today()
