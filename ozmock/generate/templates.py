"""Schema-valid, deterministic answers for every operation without hand-written behaviour.

Per (operation, world seed) a *template* is built once: the documented example conformed to the
response schema (source "example") or a body synthesized from the schema (source "generated"),
checked against the schema and repaired until it passes. Per request only two cheap steps run on a
fresh copy of it:

1. timestamps: every synthesized timestamp is stored as an offset from "now" and filled from
   `world.clock`, so a frozen clock gives byte-identical bodies and an advanced clock moves them;
2. echo (`echo.py`): identifiers the request names are copied into the matching response fields.

Randomness comes only from `random.Random` seeded with (world seed, operation slug), plus the
echoed request values themselves; nothing global.

State: `_TEMPLATES` caches built templates (weakly per Operation, at most `SEEDS_KEPT` seeds each),
guarded by `_LOCK`; `clear_cache()` empties it.
"""
from __future__ import annotations

import logging
import random
import threading
import weakref
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import orjson

from .conform import Conformer, has_fillers
from .echo import EchoArray, Slots, echo, echo_plan, set_count
from .paths import MISSING, get, path_key, put, set_at
from .synth import TIMESTAMP_MARK, Unsatisfiable

if TYPE_CHECKING:
    from ..catalog import Operation
    from ..world import World

log = logging.getLogger("ozmock.generate")

REPAIR_ROUNDS = 25
SEEDS_KEPT = 8          # templates kept per operation (one per world seed in use)
SYNTHESIS_ERRORS = (Unsatisfiable, RecursionError, ValueError, TypeError)


@dataclass
class Template:
    """One operation's response, built once per world seed."""

    body: bytes                                   # orjson of the conformed / synthesized body
    source: str                                   # "example" | "generated"
    timestamps: list[tuple[tuple, int]]           # (path, seconds from now)
    salt: str = ""                                # "seed:slug", for values derived from echoed ids
    scalar_slots: Slots = field(default_factory=dict)
    arrays: list[EchoArray] = field(default_factory=list)
    valid: bool = True
    _stamped: tuple[datetime, bytes] | None = field(default=None, repr=False, compare=False)
    _last_now: datetime | None = field(default=None, repr=False, compare=False)

    def render(self, now: datetime) -> Any:
        """A fresh copy of the body with its timestamps filled for `now`. A frozen clock asks for the
        same instant again and again: from the second call on, that copy comes ready-made."""
        if not self.timestamps:
            return orjson.loads(self.body)
        stamped = self._stamped
        if stamped is not None and stamped[0] == now:
            return orjson.loads(stamped[1])
        out = orjson.loads(self.body)
        utc = now.astimezone(timezone.utc)
        for path, offset in self.timestamps:
            set_at(out, path, _iso(utc + timedelta(seconds=offset)))
        if self._last_now == now:
            self._stamped = (now, orjson.dumps(out))
        self._last_now = now
        return out


def _iso(instant: datetime) -> str:
    """`clock.iso` for a UTC instant, via the C isoformat (strftime is the slow part of a big body)."""
    return instant.isoformat(timespec="milliseconds")[:-6] + "Z"


_TEMPLATES: "weakref.WeakKeyDictionary[Operation, dict[int, Template]]" = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def generated_response(operation: "Operation", body: dict, world: "World",
                       params: dict[str, Any] | None = None) -> tuple[dict, str]:
    """(response body, source) where source is "example" (built from the documented example) or
    "generated". `params` (path parameters, optional) are echoed like body fields."""
    template = template_for(operation, world.seed)
    out = template.render(world.clock.now())
    request = dict(params or {})
    if isinstance(body, dict):
        request.update(body)
    if request and (template.scalar_slots or template.arrays):
        echo(out, request, template.scalar_slots, template.arrays, template.salt)
    return out, template.source


def template_for(operation: "Operation", seed: int) -> Template:
    """The cached template for (operation, seed); built on first use."""
    per_seed = _TEMPLATES.get(operation)
    if per_seed is not None:
        found = per_seed.get(seed)
        if found is not None:
            return found
    built = build_template(operation, seed)
    with _LOCK:
        per_seed = _TEMPLATES.setdefault(operation, {})
        while len(per_seed) >= SEEDS_KEPT:  # many-seed property tests must not grow memory for ever
            per_seed.pop(next(iter(per_seed)))
        per_seed[seed] = built
    return built


def clear_cache() -> None:
    """Forget every template (e.g. after schemas were reloaded in-process)."""
    with _LOCK:
        _TEMPLATES.clear()


# --- building ------------------------------------------------------------------------------------
def _path_context(path: str) -> tuple[str, ...]:
    """The URL's words (`/v3/product/info-list` -> ("product", "info_list")): the root's context."""
    return tuple(part for part in path.lower().replace("-", "_").split("/")
                 if part and not part.startswith(("{", ":")) and not (part[0] == "v" and part[1:].isdigit()))


def build_template(operation: "Operation", seed: int) -> Template:
    schema = operation.response_schema
    validator = operation.response_validator
    rng = random.Random(f"ozmock:{seed}:{operation.slug}")
    synth = Conformer(schema, rng, validator_factory=lambda sub: validator.evolve(schema=sub))
    example = operation.example_response
    source = "example" if example is not None else "generated"
    context = _path_context(operation.path)
    try:
        if example is not None:
            synth.filler_example = has_fillers(example)
            body = synth.conform(example, schema, context=context)
        else:
            body = synth.value(schema, context=context)
    except SYNTHESIS_ERRORS as error:
        log.debug("synthesis failed for %s: %r", operation.slug, error)
        body = {}
    body, valid = repair(body, synth, validator)
    timestamps = [(path, offset) for path, offset in sorted(synth.timestamps.items(), key=lambda i: path_key(i[0]))
                  if get(body, path, None) == TIMESTAMP_MARK]
    scalar_slots, arrays = echo_plan(body, synth.schemas)
    if source == "generated":  # a synthesized list and its total agree from the start
        for array in arrays:
            set_count(body, array.counter, array.path)
    return Template(body=orjson.dumps(body), source=source, timestamps=timestamps, salt=f"{seed}:{operation.slug}",
                    scalar_slots=scalar_slots, arrays=arrays, valid=valid)


def _last_name(path: tuple) -> str:
    return next((p for p in reversed(path) if isinstance(p, str)), "")


def _replacement(body: Any, path: tuple, error_schema: Any, synth: Conformer) -> tuple[tuple, Any] | None:
    """(where, what) to write for one validation error: a new value for the failing path, or for its
    parent when the same value would come back; None when nothing new can be built."""
    try:
        replacement = synth.value(error_schema, _last_name(path), path)
    except SYNTHESIS_ERRORS:
        replacement = None
    if replacement is not None and replacement != get(body, path, MISSING):
        return path, replacement
    if not path:
        return None
    parent = path[:-1]
    parent_schema = synth.schemas.get(parent)
    if parent_schema is None:
        return None
    try:
        replacement = synth.value(parent_schema, _last_name(parent), parent)
    except SYNTHESIS_ERRORS:
        return None
    if replacement == get(body, parent, MISSING):
        return None
    return parent, replacement


def repair(body: Any, synth: Conformer, validator) -> tuple[Any, bool]:
    """Regenerate whatever the validator still rejects (every operation's template ends valid: tested)."""
    for _ in range(REPAIR_ROUNDS):
        errors = list(validator.iter_errors(body))
        if not errors:
            return body, True
        errors.sort(key=lambda e: -len(e.absolute_path))
        error = errors[0]
        found = _replacement(body, tuple(error.absolute_path), error.schema, synth)
        if found is None:
            break
        body = put(body, *found)
    if validator.is_valid(body):
        return body, True
    log.warning("could not build a schema-valid body for %s", validator.schema.get("title", "an operation"))
    return body, False
