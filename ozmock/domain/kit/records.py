"""Records with a fixed set of fields in `__slots__` (products and postings: tens of thousands of them
in a big world), built from their defaults and pickled as a plain dict of their fields."""
from __future__ import annotations

from typing import Any


class Record:
    """Subclasses name their `FIELDS` (also their `__slots__`) and give fresh `defaults()`; a
    missing field in `__init__` takes its default, and one missing from an older snapshot is None."""

    __slots__ = ()
    FIELDS: tuple[str, ...] = ()

    @staticmethod
    def defaults() -> dict[str, Any]:
        return {}

    def __init__(self, **values: Any):
        fields = self.defaults()
        fields.update(values)
        for name in self.FIELDS:
            object.__setattr__(self, name, fields[name])    # not a subclass's __setattr__: nothing changed yet

    def __getstate__(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.FIELDS}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name in self.FIELDS:
            object.__setattr__(self, name, state.get(name))
