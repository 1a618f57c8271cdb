"""Time as the API writes and reads it. World time is epoch seconds (float) inside the areas and
RFC 3339 with milliseconds on the wire."""
from __future__ import annotations

import functools
import re
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from ...clock import iso, parse_iso
from ...errors import OzonError
from .values import as_str

if TYPE_CHECKING:
    from ...registry import Call

DAY = timedelta(days=1)
ZERO_TIME = "0001-01-01T00:00:00Z"   # an unset timestamp as the gateway writes it (Go's zero time)
YEAR = 366 * 86_400.0


def now_of(call: "Call") -> float:
    """The call's world time as epoch seconds."""
    return call.instant


def moment_of(call: "Call") -> datetime:
    """The call's world time as an aware datetime."""
    return call.now


def stamp(t: float | None) -> str | None:
    """Epoch seconds -> the API's RFC 3339 text (None stays None)."""
    if t is None:
        return None
    return _stamp(t)


@functools.lru_cache(maxsize=1 << 16)
def _stamp(t: float) -> str:
    return iso(datetime.fromtimestamp(t, tz=timezone.utc))


def parse_timestamp(value: Any, field: str) -> float | None:
    """A request timestamp (RFC 3339) as epoch seconds; None when absent, 400 naming the field when bad."""
    text = as_str(value).strip()
    if not text:
        return None
    try:
        return parse_iso(text).timestamp()
    except ValueError:
        raise OzonError(3, f"{field} is not an RFC 3339 timestamp ({text!r})") from None


# An absent Timestamp as the live API's Go services read it (`AsTime()` of an unset message: the Unix
# epoch), and the zero date: a bound a request needs but left out reads as this (protojson's zero value;
# the validation stage has already warned where the documents mark the field required).
ZERO_INSTANT = datetime(1970, 1, 1, tzinfo=timezone.utc)


def parse_datetime(value: Any, field: str, *, required: bool = True) -> datetime | None:
    """An RFC 3339 timestamp or a plain `YYYY-MM-DD` date (midnight UTC); 400 naming the field when
    malformed; absent, `ZERO_INSTANT` where a value is needed and None where it is optional."""
    text = as_str(value).strip()
    if not text:
        return ZERO_INSTANT if required else None
    try:
        if len(text) == 10:
            return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)
        return parse_iso(text)
    except ValueError:
        raise OzonError(3, f"invalid {field}: {text!r} is not a date-time (YYYY-MM-DDTHH:MM:SSZ)") from None


def parse_day(value: Any, field: str) -> date:
    """A `YYYY-MM-DD` date; absent, the zero date (`ZERO_INSTANT`'s)."""
    text = as_str(value).strip()
    if not text:
        return ZERO_INSTANT.date()
    try:
        return date.fromisoformat(text[:10]) if len(text) >= 10 else date.fromisoformat(text)
    except ValueError:
        raise OzonError(3, f"invalid {field}: {text!r} is not a date (YYYY-MM-DD)") from None


def parse_month(value: Any, field: str = "date") -> tuple[int, int]:
    """A `YYYY-MM` period as (year, month); a full date or timestamp is read as its month."""
    text = as_str(value).strip()
    match = re.match(r"^(\d{4})-(\d{2})(?:$|-\d{2})", text)
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise OzonError(3, f"invalid {field}: {text!r} is not a period (YYYY-MM)")
    return int(match.group(1)), int(match.group(2))


# The last instant a datetime holds: arithmetic past it (a period ending after 9999-12) stops there.
LAST = datetime.max.replace(tzinfo=timezone.utc)


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    start = datetime(year, month, 1, tzinfo=timezone.utc)
    if year == LAST.year and month == 12:
        return start, LAST
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=timezone.utc)
    return start, end


def add_months(instant: datetime, months: int) -> datetime:
    """The same day `months` later (the month's last day when shorter), or `LAST` beyond year 9999."""
    month = instant.month - 1 + months
    year = instant.year + month // 12
    if year > LAST.year:
        return LAST
    month = month % 12 + 1
    day = min(instant.day, [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31, 30,
                            31, 31, 30, 31, 30, 31][month - 1])
    return instant.replace(year=year, month=month, day=day)
