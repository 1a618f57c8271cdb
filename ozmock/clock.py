"""The one clock. Every timestamp, task transition, rate window and quota reads it.

Modes: `real` follows wall time from a start instant, `frozen` moves only when
advanced, a number (e.g. `60`) runs that many times faster than wall time.
`advance()` works in every mode, so tests can jump over waits.
"""
from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

DEFAULT_START = datetime(2026, 1, 15, 9, 0, 0, tzinfo=timezone.utc)


def parse_mode(mode: str | float | int) -> float:
    """Clock speed for a mode: 0 for frozen, 1 for real, the factor for a scaled clock."""
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
    if speed < 0:
        raise ValueError(f"clock speed must not be negative, got {mode!r}")
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
        return self._base + (self._wall() - self._wall_base) * self._speed

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.timestamp(), tz=timezone.utc)

    def pin(self, timestamp: float | None) -> None:
        """Hold the clock at `timestamp` (None lets it go): a domain call happens at one instant, so a
        replay of the call from saved state (`ozmock/store/`) reads exactly the times it read."""
        self._pinned = timestamp

    def advance(self, seconds: float) -> datetime:
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        self._base += seconds
        return self.now()

    def set_mode(self, mode: str | float) -> None:
        self._base = self.timestamp()
        self._wall_base = self._wall()
        self._speed = parse_mode(mode)

    def set_time(self, instant: datetime) -> None:
        self._base = instant.astimezone(timezone.utc).timestamp()
        self._wall_base = self._wall()

    def to_json(self) -> dict:
        return {"now": iso(self.now()), "mode": self.mode}

    @classmethod
    def from_json(cls, data: dict) -> "Clock":
        return cls(parse_iso(data["now"]), data.get("mode", "frozen"))

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
    return instant.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{instant.microsecond // 1000:03d}Z"


def parse_iso(text: str) -> datetime:
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value


def day_start(instant: datetime) -> datetime:
    return instant.replace(hour=0, minute=0, second=0, microsecond=0)


def next_day(instant: datetime) -> datetime:
    return day_start(instant) + timedelta(days=1)
