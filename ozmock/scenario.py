"""Scenarios: named starting worlds in `scenarios/*.yaml`, validated on load.

A scenario names its sellers (credentials, currency, per-area data such as
`products`), the clock, rate limits and quotas, legacy handling and faults.
Building a world from one is cached as a pickle, so each fresh per-test world
is a cheap unpickle rather than a rebuild.
"""
from __future__ import annotations

from collections import OrderedDict
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson
import yaml
from jsonschema import Draft202012Validator

from . import domain  # noqa: F401  (registers areas, handlers, seeders and timing/limit keys)
from .catalog import FORMAT_CHECKER, data_dir
from .clock import Clock, iso, parse_iso, parse_mode
from .domain.kit.timings import DEFAULT_LIMITS, DEFAULT_TIMINGS, TIMING_PROFILES, undeclared
from .lifecycle import parse_api_date
from .pipeline.faults import check_operation
from .pipeline.roles import ROLES
from .registry import SEEDERS
from .suggest import did_you_mean
from .world import Settings, World

DEFAULT_SCENARIO = "default"
SELLER_FIELDS = frozenset({"client_id", "name", "currency", "api_keys"})


class ScenarioError(ValueError):
    """A scenario that cannot be loaded; the message names the file, line and field."""


def scenario_path(name: str | Path) -> Path:
    candidate = Path(name)
    if candidate.suffix in (".yaml", ".yml", ".json") and candidate.exists():
        return candidate
    folder = data_dir("scenarios")
    for suffix in (".yaml", ".yml", ".json"):
        path = folder / f"{name}{suffix}"
        if path.exists():
            return path
    known = ", ".join(sorted(p.stem for p in folder.glob("*.y*ml")))
    raise ScenarioError(f"unknown scenario {str(name)!r}; known: {known}")


@lru_cache(maxsize=1)
def _schema_validator() -> Draft202012Validator:
    schema = orjson.loads((data_dir("scenarios") / "scenario.schema.json").read_bytes())
    return Draft202012Validator(schema, format_checker=FORMAT_CHECKER)


def load_scenario(name: str | Path) -> dict[str, Any]:
    """A scenario's settings, validated; every mistake in the file is reported at once."""
    path = scenario_path(name)
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text) if node is not None else None
    except yaml.YAMLError as error:
        raise ScenarioError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise ScenarioError(f"{path}: a scenario is a mapping of settings, got {type(data).__name__}")
    if isinstance(data.get("api_date"), date):   # YAML reads an unquoted 2026-06-11 as a date
        data["api_date"] = data["api_date"].isoformat()
    mistakes = [(list(error.absolute_path), error.message) for error in
                sorted(_schema_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))]
    seen = {tuple(where) for where, _ in mistakes}
    mistakes += [(where, message) for where, message in _unknown_names(data) if tuple(where) not in seen]
    if mistakes:
        lines = [f"{path}:{_line_of(node, where)}: {'/'.join(map(str, where)) or '(top level)'}: {message}"
                 for where, message in sorted(mistakes, key=lambda m: _line_of(node, m[0]))]
        head = f"{path}: {len(lines)} mistakes\n  " if len(lines) > 1 else ""
        raise ScenarioError(head + "\n  ".join(lines))
    data.setdefault("name", path.stem)
    return data


def _unknown_names(data: dict[str, Any]) -> list[tuple[list[Any], str]]:
    """Names the schema cannot know: seller sections no area fills, roles, undeclared timing and limit
    keys, fault operations the catalogue does not serve."""
    mistakes: list[tuple[list[Any], str]] = []
    known_sections = ", ".join(sorted(SELLER_FIELDS | set(SEEDERS)))
    for index, seller in _mappings(data.get("sellers")):
        mistakes += [(["sellers", index, section], "no loaded area fills this section"
                      + (did_you_mean(section, SELLER_FIELDS | set(SEEDERS)) or f"; known: {known_sections}"))
                     for section in seller if section not in SELLER_FIELDS and section not in SEEDERS]
        for number, key in _mappings(seller.get("api_keys")):
            mistakes += [(["sellers", index, "api_keys", number, "roles", position],
                          f"unknown role {role!r}" + (did_you_mean(role, ROLES) or f"; roles: {', '.join(ROLES)}"))
                         for position, role in enumerate(key.get("roles") or []) if role not in ROLES]
    for section in ("timings", "limits"):
        values = data.get(section)
        unknown = undeclared(section, values) if isinstance(values, dict) else []
        mistakes += [([section, key], _undeclared_message(section, [key])) for key in unknown]
    for index, fault in _mappings(data.get("faults")):
        try:
            check_operation(fault.get("operation"))
        except (ValueError, TypeError) as problem:
            mistakes.append((["faults", index, "operation"], str(problem)))
    return mistakes


def _mappings(items: Any) -> list[tuple[int, dict]]:
    """(index, item) of a list's mappings; anything else is the schema's mistake to report."""
    return [(index, item) for index, item in enumerate(items) if isinstance(item, dict)] \
        if isinstance(items, list) else []


def _undeclared_message(section: str, unknown: list[str]) -> str:
    known = DEFAULT_TIMINGS if section == "timings" else DEFAULT_LIMITS
    hint = did_you_mean(unknown[0], known) if len(unknown) == 1 else ""
    return (f"no area reads {', '.join(unknown)} (a typo would leave the default in place)"
            + (hint or f"; known: {', '.join(sorted(known))}"))


def _line_of(node: Any, path: list[Any]) -> int:
    """1-based line of the YAML node at `path`, or of the deepest parent found."""
    for part in path:
        if isinstance(node, yaml.MappingNode):
            found = next((value for key, value in node.value if key.value == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            found = node.value[part]
        else:
            found = None
        if found is None:
            break
        node = found
    return node.start_mark.line + 1 if node is not None else 1


def build_world(scenario: str | Path = DEFAULT_SCENARIO, *, seed: int | None = None,
                clock: str | None = None, **overrides: Any) -> World:
    """A fresh world for a scenario (cached build, restored from a pickle).

    A running clock asked for here (`ozmock serve`'s default `real`, or a speed) starts the world at
    the current time, with the scenario's dates laid out from it, so a client's "last 7 days" finds
    them; the scenario's `clock.start` pins frozen worlds (tests), or running ones when the scenario
    sets a running `clock.mode` itself. Such worlds are built afresh, not from the cache."""
    # Overrides may hold dicts (e.g. `limits={...}`): the cache key is their canonical JSON.
    key = orjson.dumps(overrides, option=orjson.OPT_SORT_KEYS).decode()
    if clock is not None and parse_mode(clock) > 0:
        data = load_scenario(scenario)
        if parse_mode(data.get("clock", {}).get("mode", "frozen")) == 0:
            now = datetime.now(timezone.utc).replace(microsecond=0)
            data = {**data, "clock": {**data.get("clock", {}), "start": iso(now)}}
            return _built(str(scenario), data, seed, clock, overrides)
    return _pristine_world(str(scenario), seed, clock, key)


def _built(scenario: str, data: dict[str, Any], seed: int | None, clock: str | None, overrides: dict) -> World:
    try:
        return world_from_scenario(data, seed=seed, clock_mode=clock, **overrides)
    except (ValueError, KeyError, TypeError) as error:     # a seeder or setting refused the data
        raise ScenarioError(f"{scenario_path(scenario)}: cannot build the world: {error}") from error


# Built worlds as pickles by (scenario, seed, clock, overrides as JSON), the most recently used last;
# a key built once but not yet kept (`_BUILT_ONCE`) is kept on its second build.
_PRISTINE: OrderedDict[tuple[str, int | None, str | None, str], bytes] = OrderedDict()
_BUILT_ONCE: set[tuple[str, int | None, str | None, str]] = set()
PRISTINE_KEPT = 32


def _pristine_world(scenario: str, seed: int | None, clock: str | None, overrides_json: str) -> World:
    """The scenario's world, restored from its kept pickle. The first build of a key is returned as
    built, with no pickle made (`ozmock serve`'s start-up, a test session's one build per scenario);
    the second (a reset) keeps one, so later resets only unpickle."""
    key = (scenario, seed, clock, overrides_json)
    blob = _PRISTINE.get(key)
    if blob is not None:
        _PRISTINE.move_to_end(key)
        return World.restore(blob)
    world = _built(scenario, load_scenario(scenario), seed, clock, orjson.loads(overrides_json))
    if key not in _BUILT_ONCE:
        _BUILT_ONCE.add(key)
        return world
    _PRISTINE[key] = world.snapshot()
    while len(_PRISTINE) > PRISTINE_KEPT:
        _PRISTINE.popitem(last=False)
    return world


def world_from_scenario(data: dict[str, Any], *, seed: int | None = None, clock_mode: str | None = None,
                        **overrides: Any) -> World:
    clock_spec = data.get("clock", {})
    start = parse_iso(clock_spec["start"]) if "start" in clock_spec else None
    settings = Settings(
        rate_limit_per_second=data.get("rate_limit_per_second", Settings.rate_limit_per_second),
        legacy=data.get("legacy", "serve"),
        api_date=data.get("api_date"),
        strict=bool(data.get("strict", False)),
        strict_requests=bool(data.get("strict_requests", False)),
        journal_size=int(data.get("journal_size", 1000)),
        limits=dict(data.get("limits", {})),
        timings={k: float(v) for k, v in data.get("timings", {}).items()},
        timing_profile=data.get("timing_profile", "fast"),
    )
    for name, value in overrides.items():
        setattr(settings, name, value)
    if settings.timing_profile not in TIMING_PROFILES:
        raise ValueError(f"timing_profile must be one of {', '.join(TIMING_PROFILES)}, not {settings.timing_profile!r}")
    if settings.api_date is not None:
        settings.api_date = parse_api_date(settings.api_date).isoformat()
    for section in ("timings", "limits"):
        unknown = undeclared(section, getattr(settings, section) or {})
        if unknown:
            raise ValueError(f"{section}: {_undeclared_message(section, unknown)}")
    world = World(clock=Clock(start, clock_mode or clock_spec.get("mode", "frozen")),
                  seed=data.get("seed", 0) if seed is None else seed, settings=settings,
                  scenario=data.get("name", "custom"))
    world.journal.resize(settings.journal_size)
    for spec in data.get("sellers", []):
        seller = world.add_seller(int(spec["client_id"]), name=spec.get("name", f"Seller {spec['client_id']}"),
                                  currency=spec.get("currency", "RUB"))
        for key in spec.get("api_keys", []):
            if isinstance(key, str):
                seller.add_key(key)
            else:
                seller.add_key(key["key"], name=key.get("name", "default"),
                               roles=list(key.get("roles", ["Admin"])), expires_at=key.get("expires_at"))
        for section, section_spec in spec.items():
            seeder = SEEDERS.get(section)
            if seeder is not None:
                seeder(world, seller, section_spec)
    for fault in data.get("faults", []):
        world.faults.add(dict(fault))
    return world
