"""The fixtures' per-process state (per xdist worker): reusable in-process mocks and live servers,
the scenario each test asks for, and its first seller's credentials. Imported by the plugin when a
fixture is first used."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ..credentials import Credentials, credentials_of
from ..mock import OzonMock
from ..scenario import ScenarioError, build_world, load_scenario
from .plugin import MARKER, strict_requests


class FixtureKit:
    """Per-process (per xdist worker) state: reusable in-process mocks and live servers."""

    def __init__(self, config: pytest.Config, default_scenario: str, strict: bool):
        self.config = config
        self.default_scenario = default_scenario
        self.strict = strict
        self.strict_requests = strict_requests(config)
        self.mocks: dict[tuple, OzonMock] = {}
        self.servers: dict[tuple, OzonMock] = {}
        self.sellers: dict[tuple, Credentials] = {}

    def check_default_scenario(self) -> None:
        """The run's scenario (--ozon-scenario / ini) loads, or the session stops with why."""
        root = Path(str(self.config.rootpath))
        try:
            load_scenario(_locate(self.default_scenario, Path.cwd(), root))
        except ScenarioError as error:
            raise pytest.UsageError(f"ozmock: --ozon-scenario / ozon_scenario: {error}") from None

    def resolve(self, request: pytest.FixtureRequest) -> tuple[str, dict[str, Any]]:
        """(scenario, options) for the requesting test: marker first, then option / ini, then default."""
        options: dict[str, Any] = {"strict": self.strict}
        if self.strict_requests:
            options["strict_requests"] = True
        scenario = self.default_scenario
        base = Path(str(request.config.rootpath))
        marker = request.node.get_closest_marker(MARKER)
        if marker is not None:
            if len(marker.args) > 1:
                raise pytest.UsageError(f"@pytest.mark.{MARKER} takes one scenario name or path")
            scenario = marker.args[0] if marker.args else marker.kwargs.get("scenario", scenario)
            options.update({k: v for k, v in marker.kwargs.items() if k != "scenario"})
            base = Path(str(request.node.path)).parent if getattr(request.node, "path", None) else base
        return _locate(str(scenario), base, Path(str(request.config.rootpath))), options

    def mock(self, options: dict[str, Any]) -> OzonMock:
        key = _key(options)
        mock = self.mocks.get(key)
        if mock is None:
            mock = self.mocks[key] = OzonMock(**options)
        return mock

    def server(self, options: dict[str, Any]) -> OzonMock:
        key = _key(options)
        mock = self.servers.get(key)
        if mock is None:
            mock = OzonMock(**options)
            mock.serve()
            self.servers[key] = mock
        return mock

    def credentials(self, scenario: str, options: dict[str, Any]) -> Credentials:
        key = (scenario, _key(options))
        found = self.sellers.get(key)
        if found is None:
            world = build_world(scenario, **options)
            seller = next(iter(world.sellers.values()), None)
            if seller is None or not seller.keys:
                raise pytest.UsageError(f"scenario {scenario!r} has no seller with a key")
            found = self.sellers[key] = credentials_of(seller, next(iter(seller.keys.values())))
        return found

    @staticmethod
    def fresh(mock: OzonMock, scenario: str) -> OzonMock:
        """The mock on a fresh world of the scenario; a scenario that cannot load stops the run."""
        try:
            mock.reset(scenario)
        except ScenarioError as error:
            raise pytest.UsageError(f"ozmock: {error}") from None
        return mock

    def close(self) -> None:
        for mock in self.servers.values():
            mock.stop()
        self.servers.clear()


def _key(options: dict[str, Any]) -> tuple:
    return tuple(sorted((k, repr(v)) for k, v in options.items()))


def _locate(scenario: str, *bases: Path) -> str:
    """A scenario name stays a name; a relative file path is looked up next to the test, then in rootdir."""
    if not scenario.endswith((".yaml", ".yml", ".json")):
        return scenario
    path = Path(scenario)
    if path.is_absolute():
        return str(path)
    for base in bases:
        if (base / path).exists():
            return str((base / path).resolve())
    return scenario
