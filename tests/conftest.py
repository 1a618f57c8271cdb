"""The project's own fixtures: a strict in-process fake per test and clients for its two sellers.

`@pytest.mark.ozon_options(...)` (on a test or a module) passes options to the fake, e.g.
`rate_limit_per_second=None` for flows that make more than 50 calls in one frozen second."""
from __future__ import annotations

import pytest

from ozmock import OzonMock
from tests.compat.known import summary as compat_summary

pytest_plugins = ["pytester"]   # the plugin's and README's tests run pytest in a scratch project


def pytest_terminal_summary(terminalreporter):
    """The compat suite's pass rate over every (client, operation) pair, whenever it ran."""
    ran = [report for reports in terminalreporter.stats.values() for report in reports
           if "tests/compat/" in getattr(report, "nodeid", "")]
    if ran:
        terminalreporter.write_line(compat_summary())


@pytest.fixture
def ozon(request):
    marker = request.node.get_closest_marker("ozon_options")
    with OzonMock(strict=True, **(marker.kwargs if marker else {})) as mock:
        yield mock


@pytest.fixture
def client(ozon):
    with ozon.client() as client:
        yield client


@pytest.fixture
def other(ozon):
    """The default scenario's second seller (isolation checks)."""
    with ozon.client(ozon.credentials_for(837)) as client:
        yield client


@pytest.fixture
def fetch(client):
    """GET a file URL ozmock handed out (report file, chat file, voucher codes): served by the app itself."""
    return client.get
