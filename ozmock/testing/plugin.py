"""The pytest plugin, loaded through the `pytest11` entry point: installing ozmock is enough.

Fixtures
    ozon_mock    a fresh in-process fake per test (httpx transport, no socket)
    ozon_server  a live HTTP server (uvicorn in a thread, free port), started once per session —
                 once per worker under pytest-xdist — and reset to a fresh world before every test
    ozon_seller  the scenario's first seller's credentials (`client_id`, `api_key`, `headers`)

Marker
    @pytest.mark.ozon_scenario("busy-shop")               a bundled scenario by name
    @pytest.mark.ozon_scenario("data/my-shop.yaml")       a file (relative to the test file or rootdir)
    @pytest.mark.ozon_scenario("default", seed=7, clock="real", strict=True, rate_limit_per_second=None)

Options
    --ozon-scenario NAME|PATH   scenario for tests without a marker (ini: `ozon_scenario`)
    --ozon-strict               validate every response against its schema (ini: `ozon_strict`)

Each fixture restores a cached pristine world (an unpickle) instead of rebuilding the
scenario, and reuses one mock object per set of options, so a fresh fake costs well
under a millisecond.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .. import __version__
from ..credentials import Credentials, credentials_of
from ..mock import OzonMock
from ..scenario import ScenarioError, build_world

MARKER = "ozon_scenario"
_KIT_KEY = pytest.StashKey["_Kit"]()
_MOCK_KEY = pytest.StashKey[OzonMock]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("ozmock", "ozmock: a fake Ozon Seller API")
    group.addoption("--ozon-scenario", dest="ozon_scenario", default=None, metavar="NAME|PATH",
                    help="ozmock scenario for tests without an ozon_scenario marker (default: 'default')")
    group.addoption("--ozon-strict", dest="ozon_strict", action="store_true", default=None,
                    help="validate every ozmock response against its schema")
    parser.addini("ozon_scenario", "ozmock scenario for tests without a marker", default="")
    parser.addini("ozon_strict", "validate every ozmock response against its schema", type="bool", default=False)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(name_or_path, **options): the ozmock scenario (and options such as seed=, clock=, "
        "strict=, rate_limit_per_second=) for ozon_mock / ozon_server / ozon_seller in this test")
    config.stash[_KIT_KEY] = _Kit(config)


def pytest_report_header(config: pytest.Config) -> str | None:
    kit = config.stash.get(_KIT_KEY, None)
    if kit is None:
        return None
    return f"ozmock {__version__}: scenario {kit.default_scenario!r}, strict {'on' if kit.strict else 'off'}"


class _Kit:
    """Per-process (per xdist worker) state: reusable in-process mocks and live servers."""

    def __init__(self, config: pytest.Config):
        self.config = config
        self.default_scenario = (config.getoption("ozon_scenario") or config.getini("ozon_scenario")
                                 or "default")
        self.strict = bool(config.getoption("ozon_strict") or config.getini("ozon_strict"))
        self.mocks: dict[tuple, OzonMock] = {}
        self.servers: dict[tuple, OzonMock] = {}
        self.sellers: dict[tuple, Credentials] = {}

    def resolve(self, request: pytest.FixtureRequest) -> tuple[str, dict[str, Any]]:
        """(scenario, options) for the requesting test: marker first, then option / ini, then default."""
        options: dict[str, Any] = {"strict": self.strict}
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


def _fresh(mock: OzonMock, scenario: str) -> OzonMock:
    try:
        mock.reset(scenario)
    except ScenarioError as error:
        raise pytest.UsageError(f"ozmock: {error}") from None
    return mock


@pytest.fixture
def ozon_mock(request: pytest.FixtureRequest) -> OzonMock:
    """A fresh in-process fake Ozon Seller API for this test.

    `ozon_mock.client()` is an httpx client wired to it (no socket); `ozon_mock.transport` /
    `async_transport` plug into your own httpx clients; `ozon_mock.serve()` also puts it on a port.
    """
    kit: _Kit = request.config.stash[_KIT_KEY]
    scenario, options = kit.resolve(request)
    mock = _fresh(kit.mock(options), scenario)
    request.node.stash[_MOCK_KEY] = mock
    yield mock
    if mock.serving:
        mock.stop()


@pytest.fixture(scope="session")
def _ozon_kit(request: pytest.FixtureRequest) -> _Kit:
    kit: _Kit = request.config.stash[_KIT_KEY]
    yield kit
    kit.close()


@pytest.fixture
def ozon_server(request: pytest.FixtureRequest, _ozon_kit: _Kit) -> OzonMock:
    """A live ozmock server for clients that are not httpx-based (requests, aiohttp, other processes).

    One server per session and options (per xdist worker), on a free port, reset to a fresh
    world before each test. `ozon_server.base_url` is its URL; faults, clock and journal work as
    on `ozon_mock`.
    """
    scenario, options = _ozon_kit.resolve(request)
    mock = _fresh(_ozon_kit.server(options), scenario)
    request.node.stash[_MOCK_KEY] = mock
    return mock


@pytest.fixture
def ozon_seller(request: pytest.FixtureRequest) -> Credentials:
    """The credentials of the scenario's first seller: `.client_id`, `.api_key`, `.headers`."""
    kit: _Kit = request.config.stash[_KIT_KEY]
    scenario, options = kit.resolve(request)
    try:
        return kit.credentials(scenario, options)
    except ValueError as error:          # ScenarioError
        raise pytest.UsageError(f"ozmock: {error}") from None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """A failing test that used the fake gets the calls it made in its report."""
    report = yield
    if report.when == "call" and report.failed:
        mock = item.stash.get(_MOCK_KEY, None)
        if mock is not None:
            report.sections.append(("ozmock journal", f"{len(mock.journal)} call(s):\n{mock.journal.summary()}"))
    return report
