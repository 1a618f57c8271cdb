"""Where domain modules plug in: stateful handlers per operation and per-seller state areas.

A handler takes a `Call` and returns the response body (a dict); it raises
`OzonError` for the documented errors. A state area is a named slice of a
seller's state with a factory and JSON (de)serialisers, so the whole world
can be exported, imported and snapshotted without knowing its areas.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from .catalog import Operation
    from .world import Seller, World


@dataclass
class Call:
    """What a handler sees of one request: validated body, caller, world and the current time."""

    operation: "Operation"
    seller: "Seller"
    world: "World"
    body: dict[str, Any]
    path_params: dict[str, str] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)
    now: datetime | None = None
    base_url: str = ""       # scheme://host of the request, for absolute links (report files)

    def area(self, name: str) -> Any:
        return self.seller.area(name)


@dataclass
class FileBody:
    """A handler's answer that is a file (PDF labels and acts, PNG barcodes), sent as raw bytes."""

    content: bytes
    media_type: str
    filename: str = ""

    def summary(self) -> dict[str, Any]:
        return {"file": self.filename, "media_type": self.media_type, "bytes": len(self.content)}


Handler = Callable[[Call], "dict[str, Any] | FileBody"]
HANDLERS: dict[tuple[str, str], Handler] = {}


def handles(method: str, *paths: str) -> Callable[[Handler], Handler]:
    """Register a stateful handler for one or more (method, path) operations."""

    def register(handler: Handler) -> Handler:
        for path in paths:
            key = (method, path)
            if key in HANDLERS:
                raise ValueError(f"{method} {path} already has a handler: {HANDLERS[key].__module__}")
            HANDLERS[key] = handler
        return handler

    return register


@dataclass(frozen=True)
class Area:
    name: str
    create: Callable[["Seller", "World"], Any]
    dump: Callable[[Any], Any]
    load: Callable[[Any], Any]


AREAS: dict[str, Area] = {}


def _same(value: Any) -> Any:
    return value


def register_area(name: str, create: Callable[["Seller", "World"], Any],
                  dump: Callable[[Any], Any] = _same, load: Callable[[Any], Any] = _same) -> Area:
    area = Area(name, create, dump, load)
    AREAS[name] = area
    return area


# Scenario sections per seller ("products", "postings", ...) are filled by the area that owns them.
Seeder = Callable[["World", "Seller", Any], None]
SEEDERS: dict[str, Seeder] = {}


def seeds(section: str) -> Callable[[Seeder], Seeder]:
    """Register the function that fills a seller's scenario section (e.g. `products: {count: 20}`)."""

    def register(seeder: Seeder) -> Seeder:
        SEEDERS[section] = seeder
        return seeder

    return register
