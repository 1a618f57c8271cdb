"""Per-seller request rate: a fixed one-second window on the world clock.

The window is read from the world clock, not the wall, so it is
deterministic: under a frozen clock the 51st call in the same virtual second
is refused until a test advances the clock by a second (or the scenario turns
the limit off with `rate_limit_per_second: null`).
"""
from __future__ import annotations

from ..errors import RATE_LIMITED, OzonError


def check_rate(world, client_id: int) -> None:
    limit = world.settings.rate_limit_per_second
    if not limit:
        return
    second = int(world.clock.timestamp())
    window, count = world.rate_windows.get(client_id, (second, 0))
    if window != second:
        window, count = second, 0
    if count >= limit:
        raise OzonError(8, RATE_LIMITED, headers={"Retry-After": "1"})
    world.rate_windows[client_id] = (window, count + 1)
