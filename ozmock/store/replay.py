"""What goes into the store and how it comes back: a domain call as a log entry, the world as a snapshot.

A log entry holds everything the domain call read from outside the world: the operation, the seller
and the key that called, the validated body, path parameters, query, base URL and the instant of the
world clock the call was applied at (the pipeline holds the clock there for the whole call). The rest
is in the world, including its random generator and id counters, so applying the entries in order to
the snapshot they follow rebuilds the world exactly, ids included.

Snapshots are pickles of the world without its journal (the journal is a record of the traffic of
this process, not state) and without its lock and push sender (as for any pickle of a world).
"""
from __future__ import annotations

import logging
import pickle
from datetime import datetime, timezone

from ..catalog import Catalog
from ..errors import OzonError
from ..pipeline.journal import Journal
from ..pipeline.roles import check_role, current_key
from ..pipeline.run import apply_call
from ..registry import HANDLERS, Call
from ..world import World
from .database import StoreError

log = logging.getLogger("ozmock")
RECORD_VERSION = 1


def call_record(call: Call) -> bytes:
    """One domain call as a log entry."""
    key = current_key(call.seller)
    return pickle.dumps((RECORD_VERSION, call.operation.method, call.operation.path, call.seller.client_id,
                         key.key if key is not None else None, call.body, call.path_params, call.query,
                         call.base_url, call.instant), protocol=pickle.HIGHEST_PROTOCOL)


def replay(world: World, catalog: Catalog, record: bytes) -> float:
    """Apply one logged call to `world` as it was applied live; returns the world time it ran at.

    A call that answered an error live answers the same error now (the world is the same), and left
    the world as that error leaves it: nothing to undo either way."""
    version, method, path, client_id, api_key, body, path_params, query, base_url, now = pickle.loads(record)
    if version != RECORD_VERSION:
        raise StoreError(f"log entry of version {version} (this ozmock reads {RECORD_VERSION})")
    operation = catalog.get(method, path)
    handler = HANDLERS.get(operation.key)
    seller = world.sellers.get(client_id)
    if handler is None or seller is None:
        raise StoreError(f"log entry for {method} {path} of seller {client_id}, which this world does not have")
    at = datetime.fromtimestamp(now, tz=timezone.utc)
    with world.lock:
        world.clock.set_time(at)
        call = Call(operation=operation, seller=seller, world=world, body=body, path_params=path_params,
                    query=query, now=at, base_url=base_url)
        try:
            check_role(seller, api_key, operation)
            apply_call(handler, call, shape=False)
        except OzonError:
            pass
        except Exception:  # a bug the live call met as well (it answered 500): same state either way
            log.debug("replayed %s %s raised, as it did when it ran", method, path, exc_info=True)
    return now


def snapshot_bytes(world: World) -> bytes:
    """The world as a snapshot, its journal left out (the caller holds its lock). The journal is
    swapped for an empty one while pickling, which keeps the pickler in C (a `persistent_id` hook
    would call back into Python for every object of the world)."""
    journal = world.journal
    world.journal = Journal(journal.size)
    try:
        return pickle.dumps(world, protocol=pickle.HIGHEST_PROTOCOL)
    finally:
        world.journal = journal


def world_from_snapshot(blob: bytes) -> World:
    world = pickle.loads(blob)
    if not isinstance(world, World):
        raise TypeError(f"the snapshot holds a {type(world).__name__}, not a world")
    return world
