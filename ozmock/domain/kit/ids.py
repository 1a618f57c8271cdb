"""Ids and derived figures: drawn from the world's seeded generator (deterministic per scenario and
call order) or derived from their parts (records that must not draw from it)."""
from __future__ import annotations

import hashlib
import uuid
from typing import Any


def new_uuid(world) -> str:
    """A UUID from the world's seeded generator."""
    return str(uuid.UUID(int=world.rng.getrandbits(128), version=4))


def stable_uuid(*parts: Any) -> str:
    """A UUID derived from its parts."""
    digest = hashlib.blake2b("|".join(str(p) for p in parts).encode(), digest_size=16).digest()
    return str(uuid.UUID(bytes=digest, version=4))


def stable_int(*parts: Any, digits: int = 12) -> int:
    """A deterministic positive integer from its parts (ids of derived records, pseudo-random figures)."""
    digest = hashlib.blake2b("|".join(str(p) for p in parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % (10 ** digits)


def unit(*parts: Any) -> float:
    """A deterministic number in [0, 1) from its parts."""
    return stable_int(*parts, digits=9) / 1e9
