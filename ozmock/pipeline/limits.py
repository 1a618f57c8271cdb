"""The limits stage: the per-seller request rate and the per-method windows operations declare.

Both count on the world clock, not the wall, so they are deterministic: under a frozen clock the
51st call in the same virtual second is refused until a test advances the clock by a second (or the
scenario turns the limit off with `rate_limit_per_second: null`). A per-method window
(`registry.Window`, declared with the handler) is checked before the domain call and counted only
when the call is answered without an error, so a refused request does not use up the window.
"""
from __future__ import annotations

from ..domain.kit.timings import limit
from ..domain.kit.windows import retry_after, within
from ..errors import RATE_LIMITED, OzonError
from ..registry import WINDOWS, Window


def check_rate(world, client_id: int) -> None:
    per_second = world.settings.rate_limit_per_second
    if not per_second:
        return
    second = int(world.clock.timestamp())
    window, count = world.rate_windows.get(client_id, (second, 0))
    if window != second:
        window, count = second, 0
    if count >= per_second:
        raise OzonError(8, RATE_LIMITED, headers={"Retry-After": "1"})
    world.rate_windows[client_id] = (window, count + 1)


def check_windows(world, client_id: int, key: tuple[str, str], now: float) -> tuple[Window, ...]:
    """Refuse a call that would be one too many in any of its operation's windows; the windows to
    count once the call succeeds (`count_windows`)."""
    windows = WINDOWS.get(key, ())
    for window in windows:
        allowed = limit(world, window.limit_key)
        if not allowed:
            continue
        recent = within(world.method_calls.get((client_id, window.name), []), now, window.period)
        if len(recent) >= allowed:
            raise OzonError(8, window.message,
                            headers={"Retry-After": str(retry_after(recent, now, window.period))})
    return windows


def count_windows(world, client_id: int, windows: tuple[Window, ...], now: float) -> None:
    """Count a call in each window whose rule is on, keeping no more than the rule allows (the newest:
    all a refusal and its Retry-After read), so a frozen clock or a rule turned off grows nothing."""
    for window in windows:
        allowed = limit(world, window.limit_key)
        if not allowed:
            continue
        calls = world.method_calls.get((client_id, window.name), [])
        world.method_calls[(client_id, window.name)] = (within(calls, now, window.period) + [now])[-allowed:]
