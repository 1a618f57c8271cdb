"""A seeded `random.Random` that is cheap to snapshot.

`random.Random` pickles as its full Mersenne Twister state (625 integers) and
unpickling first reseeds from `os.urandom`; in a per-test world restore that
costs about 100 microseconds per generator. `SeededRandom` stays lazy: until a
number is drawn it pickles as its seed alone and unpickles in a couple of
microseconds; once used it pickles its state, so a restored world continues
the exact sequence. Draws are identical to `random.Random(seed)`.
"""
from __future__ import annotations

import random
from typing import Any


class SeededRandom(random.Random):
    def __init__(self, seed: Any = 0):  # noqa: D107 - no super().__init__: seeding is deferred
        self._seed = seed
        self._ready = False
        self._pending: tuple | None = None
        self.gauss_next = None

    @classmethod
    def at_state(cls, state: tuple) -> "SeededRandom":
        """A generator that continues from `state` (a `getstate()` tuple), set only on first use."""
        generator = cls(None)
        generator._pending = state
        return generator

    def _materialize(self) -> None:
        if self._pending is not None:
            random.Random.setstate(self, self._pending)
            self._pending = None
        else:
            random.Random.seed(self, self._seed)
        self._ready = True

    # Every draw in `random.Random` goes through random() or getrandbits().
    def random(self) -> float:
        if not self._ready:
            self._materialize()
        return random.Random.random(self)

    def getrandbits(self, k: int) -> int:
        if not self._ready:
            self._materialize()
        return random.Random.getrandbits(self, k)

    def seed(self, a: Any = None, version: int = 2) -> None:
        self._seed = a
        self._pending = None
        random.Random.seed(self, a, version)
        self._ready = True

    def getstate(self) -> tuple:
        if not self._ready:
            self._materialize()
        return random.Random.getstate(self)

    def setstate(self, state: tuple) -> None:
        random.Random.setstate(self, state)
        self._pending = None
        self._ready = True

    def frozen(self) -> tuple:
        """What `thawed()` needs to continue exactly here, without touching the generator."""
        if self._ready:
            return ("state", random.Random.getstate(self))
        if self._pending is not None:
            return ("state", self._pending)
        return ("seed", self._seed)

    def __reduce__(self):
        kind, value = self.frozen()
        return (SeededRandom, (value,)) if kind == "seed" else (_restore, (self._seed, value))

    def __deepcopy__(self, memo: dict) -> "SeededRandom":
        return thawed(self.frozen())


def _restore(seed: Any, state: tuple) -> SeededRandom:
    generator = SeededRandom.at_state(state)
    generator._seed = seed
    return generator


def frozen(generator: random.Random) -> tuple:
    """Any `random.Random` as a cheap, immutable description (`thawed()` turns it back)."""
    if isinstance(generator, SeededRandom):
        return generator.frozen()
    return ("state", generator.getstate())


def thawed(description: tuple) -> SeededRandom:
    kind, value = description
    return SeededRandom(value) if kind == "seed" else SeededRandom.at_state(value)
