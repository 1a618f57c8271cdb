"""Saved state at run time: the pipeline's `SavedState` and the control API's save hook over one store.

Writes (operations declared `handles(writes=True)`) are logged before they touch the world: the
entry is committed and fsynced, then the call runs. A save that fails answers the call 500 / code 13
and the world has not been touched, so nothing is half-applied, in memory or on disk.

Reads write nothing. A read can still hand out ids: settling the clock's changes (an order that
arrived, a buyer's message) or creating a seller's area on first use draws from the world's counters
and random generator. Such a read is logged too, so that replay hands every id to the object the
client saw it on (otherwise a later write could be given the same id on replay).

Control writes (clock, faults, sellers, reset, state import, orders control) change the world outside
the pipeline, so they are saved as a whole-world snapshot, which also starts a new, empty log.
"""
from __future__ import annotations

import logging
import sqlite3
import time
from datetime import datetime, timezone
from typing import Any

from ..catalog import Catalog, load_catalog
from ..clock import parse_mode
from ..errors import INTERNAL, OzonError
from ..registry import WRITERS, Call
from ..world import World
from .database import Store, StoreError
from .replay import call_record, replay, snapshot_bytes, world_from_snapshot

log = logging.getLogger("ozmock")

# A snapshot is taken when the log since the last one would take about as long to replay as the
# snapshot takes to write (both grow with the world): entries per snapshot byte, and a floor.
ENTRIES_PER_SNAPSHOT_BYTE = 1 / 2000
MIN_ENTRIES_PER_SNAPSHOT = 1000


class SavedWorld:
    def __init__(self, store: Store):
        self.store = store
        self.pending = store.entries_since_snapshot()     # log entries since the newest snapshot
        self.snapshot_every = MIN_ENTRIES_PER_SNAPSHOT

    # --- the pipeline's hooks (called under the world's lock) -------------------------------------
    def before(self, call: Call) -> Any:
        if call.operation.key not in WRITERS:
            world = call.world
            return dict(world.counters), world.rng.getstate()
        try:
            self.store.append("write", call_record(call))
        except (sqlite3.Error, StoreError, OSError) as error:
            log.error("saved state %s: %s %s not saved, answered 500: %s", self.store.path,
                      call.operation.method, call.operation.path, error)
            raise OzonError(13, INTERNAL) from None
        self.pending += 1
        return None

    def after(self, call: Call, mark: Any) -> None:
        if mark is None:                                # a write: snapshot when the log has grown enough
            if self.pending >= self.snapshot_every:
                self._snapshot_quietly(call.world)
            return
        world = call.world
        if world.counters == mark[0] and world.rng.getstate() == mark[1]:
            return
        try:
            self.store.append("read", call_record(call))
            self.pending += 1
        except (sqlite3.Error, StoreError, OSError) as error:
            log.error("saved state %s: ids handed out by %s %s not saved: %s", self.store.path,
                      call.operation.method, call.operation.path, error)

    # --- whole-world saves ------------------------------------------------------------------------
    def save_world(self, world: World) -> None:
        """A snapshot of `world` (control writes, a new store, compaction); raises StoreError."""
        with world.lock:
            blob = snapshot_bytes(world)
            try:
                self.store.write_snapshot(blob)
            except sqlite3.Error as error:
                raise StoreError(f"cannot write state file {self.store.path}: {error}") from None
        self.pending = 0
        self.snapshot_every = snapshot_interval(len(blob))

    def _snapshot_quietly(self, world: World) -> None:
        """A periodic snapshot after a write that is already saved: a failure must not fail the write
        (the log still holds every write; only replay gets longer)."""
        try:
            self.save_world(world)
        except Exception as error:
            log.error("saved state %s: snapshot not written: %s", self.store.path, error)
            self.snapshot_every *= 2

    # --- start-up ---------------------------------------------------------------------------------
    def load(self, catalog: Catalog | None = None) -> World | None:
        """The saved world (newest snapshot, then the log replayed), or None for a new store. A real or
        scaled clock continues from wall time: the time since the last entry has passed for it too."""
        found = self.store.latest_snapshot()
        if found is None:
            return None
        upto, wall, blob = found
        try:
            world = world_from_snapshot(blob)
        except Exception as error:
            raise StoreError(f"state file {self.store.path} has a snapshot this ozmock cannot read "
                             f"({type(error).__name__}: {error}); refusing to start") from None
        self.snapshot_every = snapshot_interval(len(blob))
        catalog = catalog or load_catalog()
        speed = parse_mode(world.clock.mode)
        last = world.clock.timestamp()
        world.clock.set_mode("frozen")
        for seq, _kind, wall, record in self.store.entries_after(upto):
            try:
                last = replay(world, catalog, record)
            except (StoreError, KeyError, StopIteration, ValueError, TypeError) as error:
                raise StoreError(f"state file {self.store.path}: log entry {seq} cannot be replayed ({error}); "
                                 "refusing to start") from None
        continue_clock(world, speed, last, wall)
        return world


def snapshot_interval(snapshot_size: int) -> int:
    """Log entries between snapshots for a world whose snapshot has `snapshot_size` bytes."""
    return max(MIN_ENTRIES_PER_SNAPSHOT, int(snapshot_size * ENTRIES_PER_SNAPSHOT_BYTE))


def continue_clock(world: World, speed: float, last: float, wall: float) -> None:
    """Set the clock to where it is now: `last` (world time) was read at `wall` (epoch seconds)."""
    clock = world.clock
    if speed:
        last += max(0.0, time.time() - wall) * speed
    clock.set_time(datetime.fromtimestamp(last, tz=timezone.utc))
    clock.set_mode(speed)
