"""Scenarios: named starting worlds in `scenarios/*.yaml`, validated on load.

A scenario names its sellers (credentials, currency, per-area data such as
`products`), the clock, rate limits and quotas, legacy handling and faults.
Building a world from one is cached as a pickle, so each fresh per-test world
is a cheap unpickle rather than a rebuild.
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson
import yaml
from jsonschema import Draft202012Validator

from . import domain  # noqa: F401  (registers areas, handlers, seeders and timing/limit keys)
from .catalog import FORMAT_CHECKER, data_dir
from .clock import Clock, parse_iso
from .lifecycle import parse_api_date
from .domain.kit.timings import DEFAULT_LIMITS, DEFAULT_TIMINGS, undeclared
from .pipeline.faults import check_operation
from .registry import SEEDERS
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
    errors = sorted(_schema_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        error = errors[0]
        where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        line = _line_of(node, list(error.absolute_path))
        raise ScenarioError(f"{path}:{line}: {where}: {error.message}")
    for index, seller in enumerate(data.get("sellers", [])):
        for section in seller:
            if section not in SELLER_FIELDS and section not in SEEDERS:
                line = _line_of(node, ["sellers", index, section])
                raise ScenarioError(f"{path}:{line}: sellers/{index}/{section}: no loaded area fills this section; "
                                    f"known: {', '.join(sorted(SELLER_FIELDS | set(SEEDERS)))}")
    for section in ("timings", "limits"):
        unknown = undeclared(section, data.get(section) or {})
        if unknown:
            line = _line_of(node, [section, unknown[0]])
            raise ScenarioError(f"{path}:{line}: {section}/{unknown[0]}: {_undeclared_message(section, unknown)}")
    for index, fault in enumerate(data.get("faults", [])):
        try:
            check_operation(fault.get("operation"))
        except ValueError as problem:
            line = _line_of(node, ["faults", index, "operation"])
            raise ScenarioError(f"{path}:{line}: faults/{index}/operation: {problem}") from None
    data.setdefault("name", path.stem)
    return data


def _undeclared_message(section: str, unknown: list[str]) -> str:
    known = DEFAULT_TIMINGS if section == "timings" else DEFAULT_LIMITS
    return (f"no area reads {', '.join(unknown)} (a typo would leave the default in place); "
            f"known: {', '.join(sorted(known))}")


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
    """A fresh world for a scenario (cached build, restored from a pickle)."""
    # Overrides may hold dicts (e.g. `limits={...}`): the cache key is their canonical JSON.
    key = orjson.dumps(overrides, option=orjson.OPT_SORT_KEYS).decode()
    return World.restore(_pristine(str(scenario), seed, clock, key))


@lru_cache(maxsize=32)
def _pristine(scenario: str, seed: int | None, clock: str | None, overrides_json: str) -> bytes:
    overrides = orjson.loads(overrides_json)
    data = load_scenario(scenario)
    try:
        world = world_from_scenario(data, seed=seed, clock_mode=clock, **overrides)
    except (ValueError, KeyError, TypeError) as error:     # a seeder or setting refused the data
        raise ScenarioError(f"{scenario_path(scenario)}: cannot build the world: {error}") from error
    return world.snapshot()


def world_from_scenario(data: dict[str, Any], *, seed: int | None = None, clock_mode: str | None = None,
                        **overrides: Any) -> World:
    clock_spec = data.get("clock", {})
    start = parse_iso(clock_spec["start"]) if "start" in clock_spec else None
    settings = Settings(
        rate_limit_per_second=data.get("rate_limit_per_second", Settings.rate_limit_per_second),
        legacy=data.get("legacy", "serve"),
        api_date=data.get("api_date"),
        strict=bool(data.get("strict", False)),
        journal_size=int(data.get("journal_size", 1000)),
        limits=dict(data.get("limits", {})),
        timings={k: float(v) for k, v in data.get("timings", {}).items()},
    )
    for name, value in overrides.items():
        setattr(settings, name, value)
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
