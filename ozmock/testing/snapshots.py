"""Pristine worlds that restore in tens of microseconds: the world's skeleton now, each seller's data
on first use.

A fresh world per test is an unpickle of the scenario's pristine world. The skeleton (clock,
settings, sellers and keys, faults, journal) is small; the sellers' domain data (products,
warehouses, postings, ...) is most of the bytes and most of the cost (about 40 microseconds per
product). So a `FrozenWorld` pickles each seller's areas separately, and a thawed world gets, per
seller, an `areas` mapping that holds the pickled bytes and unpickles them the first time anything
reads it. A test that never touches a seller's products never pays for them; one that does pays
exactly what a full restore would have cost, once.

References from area state to the world, its sellers, clock and settings are pickled as
persistent ids, so identities survive the split. All areas of one seller thaw together, so
references between a seller's areas stay intact as well.
"""
from __future__ import annotations

import copy
import io
import pickle
import random
import threading
from typing import Any

from ..seeded import frozen, thawed
from ..world import Seller, World

_THAW_LOCK = threading.RLock()
_FROZEN = object()          # value of a key whose state is still in the blob


class LazyAreas(dict):
    """A seller's `areas` dict whose values are unpickled on first read."""

    __slots__ = ("_blob", "_world", "_seller")

    def __init__(self, names: list[str], blob: bytes | None):
        super().__init__(dict.fromkeys(names, _FROZEN))
        self._blob = blob
        self._world: World | None = None
        self._seller: Seller | None = None

    def _bind(self, world: World, seller: Seller) -> None:
        self._world, self._seller = world, seller

    def _thaw(self) -> None:
        if self._blob is None:
            return
        with _THAW_LOCK:
            blob, self._blob = self._blob, None
            if blob is None:
                return
            states = _AreaUnpickler(io.BytesIO(blob), self._world).load()
            for name, state in states.items():
                if dict.get(self, name) is _FROZEN:        # not replaced or deleted meanwhile
                    dict.__setitem__(self, name, state)

    @property
    def thawed(self) -> bool:
        return self._blob is None

    # reads that need the values
    def __getitem__(self, name: str) -> Any:
        if self._blob is not None:
            self._thaw()
        return dict.__getitem__(self, name)

    def get(self, name: str, default: Any = None) -> Any:
        if self._blob is not None and name in self:
            self._thaw()
        return dict.get(self, name, default)

    def items(self):
        self._thaw()
        return dict.items(self)

    def values(self):
        self._thaw()
        return dict.values(self)

    def pop(self, name: str, *default: Any) -> Any:
        self._thaw()
        return dict.pop(self, name, *default)

    def popitem(self):
        self._thaw()
        return dict.popitem(self)

    def setdefault(self, name: str, default: Any = None) -> Any:
        self._thaw()
        return dict.setdefault(self, name, default)

    def copy(self) -> dict:
        self._thaw()
        return dict(dict.items(self))

    def __iter__(self):
        # Overridden (same behaviour) so that dict(areas) / {**areas} go through __getitem__.
        return dict.__iter__(self)

    def __eq__(self, other: object) -> bool:
        self._thaw()
        return dict.__eq__(self, other)

    __hash__ = None

    def __repr__(self) -> str:
        self._thaw()
        return dict.__repr__(self)

    def __reduce_ex__(self, protocol: int):
        self._thaw()
        return dict, (dict(dict.items(self)),)

    def __deepcopy__(self, memo: dict) -> dict:
        self._thaw()
        return copy.deepcopy(dict(dict.items(self)), memo)


class _SkeletonPickler(pickle.Pickler):
    """Areas become references to their blobs; random generators become references to their frozen
    state (an unpickled `random.Random` reseeds from os.urandom first: ~100 us each)."""

    def __init__(self, file, world: World, blobs: dict[int, bytes], generators: list[tuple]):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._areas = {id(seller.areas): seller.client_id for seller in world.sellers.values()}
        self._blobs = blobs
        self._generators = generators

    def persistent_id(self, obj: Any):
        if type(obj) is dict or type(obj) is LazyAreas:
            client_id = self._areas.get(id(obj))
            if client_id is not None:
                return ("areas", client_id, list(obj))
        elif isinstance(obj, random.Random):
            self._generators.append(frozen(obj))
            return ("random", len(self._generators) - 1)
        return None


class _SkeletonUnpickler(pickle.Unpickler):
    def __init__(self, file, blobs: dict[int, bytes], generators: list[tuple]):
        super().__init__(file)
        self._blobs = blobs          # shared, immutable: never copied per thaw
        self._generators = generators

    def persistent_load(self, pid: Any) -> Any:
        if pid[0] == "random":
            return thawed(self._generators[pid[1]])
        kind, client_id, names = pid
        if kind != "areas":
            raise pickle.UnpicklingError(f"unknown persistent id {pid!r}")
        blob = self._blobs.get(client_id)
        return LazyAreas(names, blob) if blob is not None else {}


class _AreaPickler(pickle.Pickler):
    def __init__(self, file, world: World):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._ids = {id(world): ("world",), id(world.clock): ("clock",), id(world.settings): ("settings",),
                     id(world.faults): ("faults",), id(world.journal): ("journal",)}
        for seller in world.sellers.values():
            self._ids[id(seller)] = ("seller", seller.client_id)

    def persistent_id(self, obj: Any):
        return self._ids.get(id(obj))


class _AreaUnpickler(pickle.Unpickler):
    def __init__(self, file, world: World):
        super().__init__(file)
        self._world = world

    def persistent_load(self, pid: Any) -> Any:
        world = self._world
        if pid[0] == "seller":
            return world.sellers[pid[1]]
        return world if pid[0] == "world" else getattr(world, pid[0])


class FrozenWorld:
    """A world stored for cheap, repeated restores (`thaw()` gives an independent fresh copy)."""

    def __init__(self, world: World):
        blobs: dict[int, bytes] = {}
        for seller in world.sellers.values():
            if seller.areas:
                buffer = io.BytesIO()
                _AreaPickler(buffer, world).dump(dict(seller.areas.items()))
                blobs[seller.client_id] = buffer.getvalue()
        buffer = io.BytesIO()
        self.generators: list[tuple] = []
        _SkeletonPickler(buffer, world, blobs, self.generators).dump(world)
        self.skeleton = buffer.getvalue()
        self.blobs = blobs
        self.area_bytes = sum(len(blob) for blob in blobs.values())

    def thaw(self) -> World:
        world: World = _SkeletonUnpickler(io.BytesIO(self.skeleton), self.blobs, self.generators).load()
        for seller in world.sellers.values():
            if type(seller.areas) is LazyAreas:
                seller.areas._bind(world, seller)
        return world
