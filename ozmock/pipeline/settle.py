"""The settle stage: before a domain call, every clock-driven change of the calling seller that is
due by now is applied (postings move on, buyer messages arrive, ...), so no handler has to remember
to do it. Areas register their settlers with `registry.settles`."""
from __future__ import annotations

from ..registry import SETTLERS


def settle(world, seller, now: float) -> None:
    """Apply the seller's changes due by `now` (epoch seconds); call under `world.lock`."""
    for settler in SETTLERS:
        settler(world, seller, now)


def settle_world(world) -> None:
    """Every seller's due changes (background delivery and control routes, which have no caller)."""
    now = world.clock.now().timestamp()
    with world.lock:
        for seller in list(world.sellers.values()):
            settle(world, seller, now)
