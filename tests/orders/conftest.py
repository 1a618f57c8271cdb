"""Fixtures for the orders area: a strict fake on the default scenario and clients for both sellers."""
from __future__ import annotations

import pytest

from ozmock import OzonMock


@pytest.fixture
def ozon():
    with OzonMock(strict=True, rate_limit_per_second=None) as mock:
        yield mock


@pytest.fixture
def client(ozon):
    with ozon.client() as client:
        yield client


@pytest.fixture
def other(ozon):
    """The second seller's client (isolation checks)."""
    with ozon.client(ozon.credentials_for(837)) as client:
        yield client
