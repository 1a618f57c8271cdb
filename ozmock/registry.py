"""Where domain modules plug in: stateful handlers per operation, per-seller state areas, scenario
seeders and clock-driven settlers. Areas register themselves when `ozmock.domain` imports them.

A handler takes a `Call` and returns a canonical record (a dict) that the pipeline shapes through
the operation's response schema; it raises `OzonError` for the documented errors. Each handler
declares whether its operation writes (saved state and the journal read that) and which per-method
request windows it counts against (`pipeline/limits.py` applies them). A state area is a named slice
of a seller's state with a factory and JSON (de)serialisers, so the whole world can be exported,
imported and snapshotted without knowing its areas.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from .catalog import Operation
    from .world import Seller, World


@dataclass(slots=True)
class Call:
    """What a handler sees of one request: validated body, caller, world and the current time."""

    operation: "Operation"
    seller: "Seller"
    world: "World"
    body: dict[str, Any]
    path_params: dict[str, str] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)
    now: datetime = None     # type: ignore[assignment]  # the world time of the call (set in __post_init__)
    base_url: str = ""       # scheme://host of the request, for absolute links (report files)
    instant: float = field(init=False)   # `now` as epoch seconds: what most handlers read, made once

    def __post_init__(self) -> None:
        if self.now is None:
            self.now = self.world.clock.now()
        self.instant = self.now.timestamp()   # microseconds, as `now` holds them (a replay reads the same)

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


@dataclass(frozen=True)
class Window:
    """A per-seller request window: at most `limit(limit_key)` calls in `period` seconds of world
    time, counted across every operation that declares the same window (`name`)."""

    name: str
    limit_key: str           # a limit declared in `domain/kit/timings.py` (None there turns it off)
    period: float
    message: str


Handler = Callable[[Call], "dict[str, Any] | FileBody"]
HANDLERS: dict[tuple[str, str], Handler] = {}
WRITERS: set[tuple[str, str]] = set()
WINDOWS: dict[tuple[str, str], tuple[Window, ...]] = {}
Check = Callable[[Call], None]
CHECKS: dict[tuple[str, str], Check] = {}
EXACT: set[tuple[str, str]] = set()
FORMS: set[tuple[str, str]] = set()            # operations that also take multipart/form-data bodies
FILE_ANSWERS: dict[tuple[str, str], str] = {}  # operations answering a raw file: its media type
CUT_TO_MAXIMUM: dict[tuple[str, str], tuple[str, ...]] = {}  # page sizes read as their maximum when above it


def handles(method: str, *paths: str, writes: bool = False, windows: tuple[Window, ...] = (),
            check: Check | None = None, exact: bool = False, form: bool = False,
            file: str = "", cut: tuple[str, ...] = ()) -> Callable[[Handler], Handler]:
    """Register a stateful handler for one or more (method, path) operations.

    `writes`: the operation changes the world (saved state is written after it). `windows`: the
    per-method request windows a call counts against. `check`: the operation's domain rules on the
    body, run before the windows so a refused request neither changes nor counts anything.
    `exact`: the handler builds its operation's documented view itself, so the shape stage is
    skipped (a large list answer costs as much to shape as to build); strict mode verifies it.
    `form`: the contract declares a multipart/form-data body (read by `pipeline/multipart.py`).
    `file`: the media type of the raw file the handler answers (a `FileBody`), for `/openapi.json`.
    `cut`: top-level numeric fields (page sizes) that the live API cuts to their documented maximum
    instead of refusing (docs/assumptions.md)."""

    def register(handler: Handler) -> Handler:
        for path in paths:
            key = (method, path)
            if key in HANDLERS:
                raise ValueError(f"{method} {path} already has a handler: {HANDLERS[key].__module__}")
            HANDLERS[key] = handler
            if writes:
                WRITERS.add(key)
            if windows:
                WINDOWS[key] = windows
            if check is not None:
                CHECKS[key] = check
            if exact:
                EXACT.add(key)
            if form:
                FORMS.add(key)
            if file:
                FILE_ANSWERS[key] = file
            if cut:
                CUT_TO_MAXIMUM[key] = cut
        return handler

    return register


def check_handlers(operations: "frozenset[tuple[str, str]]") -> None:
    """Refuse to start when a handler is registered for an operation the catalogue does not serve
    (a typo in a path would otherwise leave the real operation silently generated)."""
    unknown = sorted(HANDLERS.keys() - operations)
    if unknown:
        raise RuntimeError("handlers registered for operations that are not in the catalogue: "
                           + ", ".join(f"{method} {path}" for method, path in unknown))


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


def json_area(name: str, create: Callable[[Any, Any], dict[str, Any]]) -> None:
    """A per-seller area held as JSON-shaped data (`create(seller, world)`): dump and load are deep copies."""
    register_area(name, create, copy.deepcopy, copy.deepcopy)


# Scenario sections per seller ("products", "postings", ...) are filled by the area that owns them.
Seeder = Callable[["World", "Seller", Any], None]
SEEDERS: dict[str, Seeder] = {}


def seeds(section: str) -> Callable[[Seeder], Seeder]:
    """Register the function that fills a seller's scenario section (e.g. `products: {count: 20}`)."""

    def register(seeder: Seeder) -> Seeder:
        SEEDERS[section] = seeder
        return seeder

    return register


# Clock-driven changes: the pipeline's settle stage runs every settler for the calling seller before
# a domain call, so events due by now (postings moving on, buyer messages arriving) have happened.
# Settlers run in `order` (postings first: chats and push read what they settled).
Settler = Callable[["World", "Seller", float], None]
SETTLERS: list[Settler] = []
_SETTLER_ORDER: dict[Settler, int] = {}


def settles(order: int) -> Callable[[Settler], Settler]:
    """Register `settler(world, seller, now)`: applies the seller's changes due by `now` (epoch seconds)."""

    def register(settler: Settler) -> Settler:
        _SETTLER_ORDER[settler] = order
        SETTLERS.append(settler)
        SETTLERS.sort(key=_SETTLER_ORDER.__getitem__)
        return settler

    return register
