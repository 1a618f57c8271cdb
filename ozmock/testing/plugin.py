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
    @pytest.mark.ozon_scenario("default", strict_requests=True)   refuse what would only warn

Options
    --ozon-scenario NAME|PATH   scenario for tests without a marker (ini: `ozon_scenario`)
    --ozon-strict               validate every response against its schema (ini: `ozon_strict`)
    --ozon-strict-requests      refuse (400, naming the field) every request that would raise a
                                contract warning (ini: `ozon_strict_requests`)

At the end of the session the plugin lists the contract warnings the tests raised (a documented
rule the live API does not enforce, a deprecated operation) and which tests relied on each.

Each fixture restores a cached pristine world (an unpickle) instead of rebuilding the
scenario, and reuses one mock object per set of options, so a fresh fake costs well
under a millisecond.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from .. import __version__

if TYPE_CHECKING:
    from ..credentials import Credentials
    from ..mock import OzonMock
    from .kit import FixtureKit

MARKER = "ozon_scenario"
_KIT_KEY = pytest.StashKey["FixtureKit"]()
_MOCK_KEY = pytest.StashKey["OzonMock"]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("ozmock", "ozmock: a fake Ozon Seller API")
    group.addoption("--ozon-scenario", dest="ozon_scenario", default=None, metavar="NAME|PATH",
                    help="ozmock scenario for tests without an ozon_scenario marker (default: 'default')")
    group.addoption("--ozon-strict", dest="ozon_strict", action="store_true", default=None,
                    help="validate every ozmock response against its schema")
    group.addoption("--ozon-strict-requests", dest="ozon_strict_requests", action="store_true", default=None,
                    help="refuse every ozmock request that would raise a contract warning")
    parser.addini("ozon_scenario", "ozmock scenario for tests without a marker", default="")
    parser.addini("ozon_strict_requests", "refuse ozmock requests that would raise a contract warning",
                  type="bool", default=False)
    parser.addini("ozon_strict", "validate every ozmock response against its schema", type="bool", default=False)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(name_or_path, **options): the ozmock scenario (and options such as seed=, clock=, "
        "strict=, strict_requests=, rate_limit_per_second=) for ozon_mock / ozon_server / ozon_seller in this test")
    config.pluginmanager.register(WarningSummary(), "ozmock-warning-summary")
    if config.getoption("ozon_scenario") or config.getini("ozon_scenario"):
        # a scenario chosen for the whole run is checked once, before any test: one error, not one per test
        _kit(config).check_default_scenario()


def strict_requests(config: pytest.Config) -> bool:
    """--ozon-strict-requests, then the ini file."""
    return bool(config.getoption("ozon_strict_requests") or config.getini("ozon_strict_requests"))


def _settings(config: pytest.Config) -> tuple[str, bool]:
    """(default scenario, strict) from the command line, then the ini file."""
    scenario = config.getoption("ozon_scenario") or config.getini("ozon_scenario") or "default"
    return scenario, bool(config.getoption("ozon_strict") or config.getini("ozon_strict"))


def pytest_report_header(config: pytest.Config) -> str | None:
    scenario, strict = _settings(config)
    return f"ozmock {__version__}: scenario {scenario!r}, strict {'on' if strict else 'off'}"


def _kit(config: pytest.Config) -> FixtureKit:
    """The fixture kit, built on first use. This module is imported into every pytest session of an
    environment that has ozmock installed; only sessions that use a fixture load the fake, here."""
    kit = config.stash.get(_KIT_KEY, None)
    if kit is None:
        from .kit import FixtureKit
        kit = config.stash[_KIT_KEY] = FixtureKit(config, *_settings(config))
    return kit


@pytest.fixture
def ozon_mock(request: pytest.FixtureRequest) -> OzonMock:
    """A fresh in-process fake Ozon Seller API for this test.

    `ozon_mock.client()` is an httpx client wired to it (no socket); `ozon_mock.transport` /
    `async_transport` plug into your own httpx clients; `ozon_mock.serve()` also puts it on a port.
    """
    kit = _kit(request.config)
    scenario, options = kit.resolve(request)
    mock = kit.fresh(kit.mock(options), scenario)
    request.node.stash[_MOCK_KEY] = mock
    yield mock
    if mock.serving:
        mock.stop()


@pytest.fixture(scope="session")
def _ozon_kit(request: pytest.FixtureRequest) -> FixtureKit:
    kit = _kit(request.config)
    yield kit
    kit.close()


@pytest.fixture
def ozon_server(request: pytest.FixtureRequest, _ozon_kit: FixtureKit) -> OzonMock:
    """A live ozmock server for clients that are not httpx-based (requests, aiohttp, other processes).

    One server per session and options (per xdist worker), on a free port, reset to a fresh
    world before each test. `ozon_server.base_url` is its URL; faults, clock and journal work as
    on `ozon_mock`.
    """
    scenario, options = _ozon_kit.resolve(request)
    mock = _ozon_kit.fresh(_ozon_kit.server(options), scenario)
    request.node.stash[_MOCK_KEY] = mock
    return mock


@pytest.fixture
def ozon_seller(request: pytest.FixtureRequest) -> Credentials:
    """The credentials of the scenario's first seller: `.client_id`, `.api_key`, `.headers`."""
    kit = _kit(request.config)
    scenario, options = kit.resolve(request)
    try:
        return kit.credentials(scenario, options)
    except ValueError as error:          # ScenarioError
        raise pytest.UsageError(f"ozmock: {error}") from None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """A failing test that used the fake gets the calls it made in its report."""
    report = yield
    mock = item.stash.get(_MOCK_KEY, None) if report.when == "call" else None
    if mock is not None:
        if report.failed:
            report.sections.append(("ozmock journal", f"{len(mock.journal)} call(s):\n{mock.journal.summary()}"))
        found = sorted(set(mock.warnings))
        if found:    # a report property: it reaches the controller under pytest-xdist too
            report.user_properties.append((WARNINGS_PROPERTY, found))
    return report


WARNINGS_PROPERTY = "ozmock_contract_warnings"


class WarningSummary:
    """Collects each test's contract warnings and lists them at the end: which tests relied on what."""

    def __init__(self) -> None:
        self.tests_by_warning: dict[str, list[str]] = {}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        for name, value in report.user_properties:
            if name == WARNINGS_PROPERTY:
                for text in value:
                    self.tests_by_warning.setdefault(text, []).append(report.nodeid)

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if not self.tests_by_warning:
            return
        terminalreporter.section("ozmock contract warnings")
        terminalreporter.write_line("requests that rely on a documented rule the live API does not enforce, or on a "
                                    "deprecated operation (--ozon-strict-requests refuses them):")
        for text, tests in sorted(self.tests_by_warning.items()):
            terminalreporter.write_line(f"{text}: {len(tests)} test(s)")
            for nodeid in tests[:5]:
                terminalreporter.write_line(f"    {nodeid}")
            if len(tests) > 5:
                terminalreporter.write_line(f"    ... and {len(tests) - 5} more")
