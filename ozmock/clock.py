"""The one clock. Every timestamp, task transition, rate window and quota reads it.

Modes: `real` follows wall time from a start instant, `frozen` moves only when
advanced, a number (e.g. `60`) runs that many times faster than wall time.
`advance()` works in every mode, so tests can jump over waits.
"""
from __future__ import annotations

import math
import time
from datetime import datetime, timedelta, timezone

DEFAULT_START = datetime(2026, 1, 15, 9, 0, 0, tzinfo=timezone.utc)
# The clock stays between 1970 and 3000: far enough for any test, and far from datetime's year-9999 end,
# so the date arithmetic the areas do ahead of now (expiries, shipment dates) can never overflow.
MIN_TIMESTAMP = 0.0
MAX_TIMESTAMP = datetime(3000, 1, 1, tzinfo=timezone.utc).timestamp()
MAX_SPEED = 1e6


def seconds_value(value: object, name: str = "seconds") -> float:
    """A finite, non-negative number of seconds (a number or a numeric string), or ValueError."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(f"{name} is a number, not {type(value).__name__}")
    try:
        seconds = float(value)
    except (ValueError, OverflowError):
        raise ValueError(f"{name} is a number, not {value!r}") from None
    if not math.isfinite(seconds):
        raise ValueError(f"{name} must be a finite number, not {value!r}")
    if seconds < 0:
        raise ValueError("the clock only moves forward")
    return seconds


def parse_mode(mode: str | float | int) -> float:
    """Clock speed for a mode: 0 for frozen, 1 for real, the factor for a scaled clock."""
    if isinstance(mode, bool) or not isinstance(mode, (int, float, str)):
        raise ValueError(f"clock mode must be 'real', 'frozen' or a speed factor, not {mode!r}")
    if isinstance(mode, (int, float)):
        speed = float(mode)
    elif mode == "real":
        speed = 1.0
    elif mode == "frozen":
        speed = 0.0
    else:
        try:
            speed = float(str(mode).rstrip("x"))
        except ValueError:
            raise ValueError(f"clock mode must be 'real', 'frozen' or a speed factor, not {mode!r}") from None
    if not math.isfinite(speed) or speed < 0 or speed > MAX_SPEED:
        raise ValueError(f"clock speed is a number from 0 to {MAX_SPEED:g}, got {mode!r}")
    return speed


class Clock:
    """Virtual time = start + offset + speed * (wall time since the clock was set)."""

    def __init__(self, start: datetime | None = None, mode: str | float = "frozen",
                 wall: callable = time.monotonic):
        self._wall = wall
        self._speed = parse_mode(mode)
        self._base = (start or DEFAULT_START).astimezone(timezone.utc).timestamp()
        self._wall_base = wall()
        self._pinned: float | None = None

    @property
    def mode(self) -> str:
        if self._speed == 0:
            return "frozen"
        if self._speed == 1:
            return "real"
        return f"{self._speed:g}"

    def timestamp(self) -> float:
        if self._pinned is not None:
            return self._pinned
        if self._speed == 0:
            return self._base
        return min(self._base + (self._wall() - self._wall_base) * self._speed, MAX_TIMESTAMP)

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.timestamp(), tz=timezone.utc)

    def pin(self, timestamp: float | None) -> None:
        """Hold the clock at `timestamp` (None lets it go): a domain call happens at one instant, so a
        replay of the call from saved state (`ozmock/store/`) reads exactly the times it read."""
        self._pinned = timestamp

    def advance(self, seconds: float) -> datetime:
        seconds = seconds_value(seconds)
        now = self.timestamp()
        if now + seconds > MAX_TIMESTAMP:
            raise ValueError(f"the clock stops at {iso(datetime.fromtimestamp(MAX_TIMESTAMP, timezone.utc))}: "
                             f"{seconds:g} seconds from now is beyond it")
        self._base += seconds
        return self.now()

    def set_mode(self, mode: str | float) -> None:
        self._base = self.timestamp()
        self._wall_base = self._wall()
        self._speed = parse_mode(mode)

    def set_time(self, instant: datetime) -> None:
        stamp = instant.astimezone(timezone.utc).timestamp()
        if not MIN_TIMESTAMP <= stamp <= MAX_TIMESTAMP:
            raise ValueError(f"the clock runs from 1970 to the year 3000, not {iso(instant)}")
        self._base = stamp
        self._wall_base = self._wall()

    def to_json(self) -> dict:
        return {"now": iso(self.now()), "mode": self.mode}

    @classmethod
    def from_json(cls, data: dict) -> "Clock":
        clock = cls(mode=data.get("mode", "frozen"))
        clock.set_time(parse_iso(data["now"]))
        return clock

    def __getstate__(self):
        return {"now": self.timestamp(), "speed": self._speed}

    def __setstate__(self, state):
        self._wall = time.monotonic
        self._speed = state["speed"]
        self._pinned = None
        self._base = state["now"]
        self._wall_base = self._wall()


def iso(instant: datetime) -> str:
    """RFC 3339 with milliseconds and a Z, as Ozon writes timestamps."""
    instant = instant.astimezone(timezone.utc)   # the year zero-padded: strftime's %Y does not pad year 874
    return f"{instant.year:04d}-" + instant.strftime("%m-%dT%H:%M:%S.") + f"{instant.microsecond // 1000:03d}Z"


def parse_iso(text: str) -> datetime:
    if not isinstance(text, str):
        raise ValueError(f"a timestamp is ISO 8601 text, not {type(text).__name__}")
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value


def day_start(instant: datetime) -> datetime:
    return instant.replace(hour=0, minute=0, second=0, microsecond=0)


def next_day(instant: datetime) -> datetime:
    return day_start(instant) + timedelta(days=1)
