"""The sample project's fixtures: its own client wired to ozmock's public fixtures, nothing else."""
from __future__ import annotations

import pytest

from shop_client import OzonClient


@pytest.fixture
def shop(ozon_mock, ozon_seller) -> OzonClient:
    """The project's client, in-process against a fresh fake."""
    return OzonClient(ozon_seller.client_id, ozon_seller.api_key, transport=ozon_mock.transport)


@pytest.fixture
def live_shop(ozon_server, ozon_seller) -> OzonClient:
    """The project's client over real HTTP, against the session's live fake."""
    return OzonClient(ozon_seller.client_id, ozon_seller.api_key, base_url=ozon_server.base_url)
