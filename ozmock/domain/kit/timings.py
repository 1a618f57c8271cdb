"""The one registry of timing and limit keys a scenario may set (`timings:` and `limits:`).

Each area declares the keys it reads, with their defaults, when it is imported; reading an
undeclared key is a bug and fails loudly, and a scenario naming an undeclared key is refused when it
loads, so a typo cannot silently leave a default in place.
"""
from __future__ import annotations

from typing import Any

DEFAULT_TIMINGS: dict[str, float] = {}     # durations in seconds of world time: the "fast" profile
REALISTIC_TIMINGS: dict[str, float] = {}   # the documented durations (minutes where Ozon takes minutes)
DEFAULT_LIMITS: dict[str, Any] = {}        # counts, windows and switches (None turns a rule off)
TIMING_PROFILES = ("fast", "realistic")     # a world's `timing_profile`: asynchronous work in seconds, or as documented


def _declare(table: dict[str, Any], defaults: dict[str, Any]) -> None:
    for name, value in defaults.items():
        if name in table and table[name] != value:
            raise ValueError(f"{name!r} is declared twice with different defaults")
        table[name] = value


def declare_timings(**defaults: float) -> None:
    _declare(DEFAULT_TIMINGS, defaults)


def declare_realistic(**durations: float) -> None:
    """The documented durations of declared timings, used by worlds whose `timing_profile` is
    "realistic" (the declared defaults keep a sandbox's asynchronous work within seconds)."""
    unknown = sorted(set(durations) - set(DEFAULT_TIMINGS))
    if unknown:
        raise KeyError(f"realistic durations for undeclared timings: {', '.join(unknown)}")
    _declare(REALISTIC_TIMINGS, durations)


def declare_limits(**defaults: Any) -> None:
    _declare(DEFAULT_LIMITS, defaults)


def timing(world, name: str) -> float:
    """A duration in seconds: the scenario's value, else the profile's (declared default, or the
    documented duration in the "realistic" profile)."""
    if name not in DEFAULT_TIMINGS:
        raise KeyError(f"timing {name!r} is not declared")
    settings = world.settings
    chosen = (settings.timings or {}).get(name)
    if chosen is None and settings.timing_profile == "realistic":
        chosen = REALISTIC_TIMINGS.get(name)
    return float(DEFAULT_TIMINGS[name] if chosen is None else chosen)


def limit(world, name: str) -> Any:
    """A limit: the scenario's value (None turns a rule off) or the declared default."""
    if name not in DEFAULT_LIMITS:
        raise KeyError(f"limit {name!r} is not declared")
    limits = world.settings.limits or {}
    return limits[name] if name in limits else DEFAULT_LIMITS[name]


def undeclared(section: str, values: dict[str, Any]) -> list[str]:
    """Keys of a scenario's `timings:` or `limits:` section that no area declares."""
    table = DEFAULT_TIMINGS if section == "timings" else DEFAULT_LIMITS
    return sorted(name for name in values if name not in table)
