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
        self.gauss_next = None

    def _materialize(self) -> None:
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
        random.Random.seed(self, a, version)
        self._ready = True

    def getstate(self) -> tuple:
        if not self._ready:
            self._materialize()
        return random.Random.getstate(self)

    def setstate(self, state: tuple) -> None:
        random.Random.setstate(self, state)
        self._ready = True

    def __reduce__(self):
        if not self._ready:
            return SeededRandom, (self._seed,)
        return _restore, (self._seed, random.Random.getstate(self))

    def __deepcopy__(self, memo: dict) -> "SeededRandom":
        copy = SeededRandom(self._seed)
        if self._ready:
            copy.setstate(random.Random.getstate(self))
        return copy


def _restore(seed: Any, state: tuple) -> SeededRandom:
    generator = SeededRandom(seed)
    generator.setstate(state)
    return generator
