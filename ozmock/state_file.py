"""`--state-file`: the world on disk, rewritten atomically after every acknowledged write.

Each save writes a temporary file, fsyncs it and renames it over the old one,
so a `kill -9` at any moment leaves either the previous or the new world,
never half of one. A file that cannot be read is refused, never replaced.
"""
from __future__ import annotations

import os
from pathlib import Path

import orjson

from .world import World


class StateFileError(ValueError):
    pass


class StateFile:
    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)

    def load(self) -> World | None:
        """The saved world, or None when there is no file yet."""
        if not self.path.exists():
            return None
        raw = self.path.read_bytes()
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            raise StateFileError(
                f"state file {self.path} is corrupt or truncated ({error}); refusing to start. "
                f"Move it away to start from the scenario.") from None
        try:
            return World.from_json(data)
        except ValueError as error:
            raise StateFileError(f"state file {self.path} cannot be used: {error}") from None

    def save(self, world: World) -> None:
        """Write the world under its lock: one consistent picture, and saves never interleave."""
        temporary = self.path.with_name(self.path.name + ".tmp")
        with world.lock:
            with open(temporary, "wb") as handle:
                handle.write(orjson.dumps(world.to_json()))
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self.path)
