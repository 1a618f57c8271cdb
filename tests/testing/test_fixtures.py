"""The pytest fixtures: fresh worlds per test, marker / option selection, live server, credentials."""
from __future__ import annotations

import httpx
import pytest
import requests

DEFAULT_KEY = "0296d4f2-70a1-4c09-b507-904fd05567b9"


def test_ozon_mock_is_in_process_and_answers(ozon_mock):
    assert ozon_mock.base_url == "http://ozon.mock"
    with ozon_mock.client() as client:
        response = client.post("/v1/roles", json={})
    assert response.status_code == 200
    assert response.json()["roles"][0]["name"] == "Admin"
    assert "x-o3-trace-id" in response.headers


def test_ozon_mock_plugs_into_a_users_own_httpx_client(ozon_mock, ozon_seller):
    client = httpx.Client(transport=ozon_mock.transport, base_url="https://api-seller.ozon.ru",
                          headers=ozon_seller.headers)
    assert client.post("/v1/roles", json={}).status_code == 200


@pytest.mark.parametrize("attempt", [1, 2])
def test_each_test_gets_a_fresh_world(ozon_mock, attempt):
    """Both runs see an empty journal, no faults, the scenario's clock and only its sellers."""
    assert len(ozon_mock.journal) == 0
    assert not ozon_mock.faults.rules
    assert ozon_mock.clock.now().isoformat() == "2026-01-15T09:00:00+00:00"
    assert sorted(ozon_mock.sellers) == [836, 837]
    ozon_mock.add_seller(900)
    ozon_mock.faults.add("/v1/roles", status=500)
    ozon_mock.clock.advance(3600)
    with ozon_mock.client() as client:
        client.post("/v1/roles", json={})


async def _async_roles(ozon_mock):
    async with ozon_mock.async_client() as client:
        return await client.post("/v1/roles", json={})


def test_async_transport(ozon_mock):
    import asyncio
    response = asyncio.run(_async_roles(ozon_mock))
    assert response.status_code == 200


def test_ozon_seller_gives_the_scenarios_first_seller(ozon_seller):
    assert ozon_seller.client_id == 836
    assert ozon_seller.api_key == DEFAULT_KEY
    assert ozon_seller.headers == {"Client-Id": "836", "Api-Key": DEFAULT_KEY}


@pytest.mark.ozon_scenario("empty")
def test_marker_selects_a_scenario(ozon_mock, ozon_seller):
    assert ozon_mock.world.scenario == "empty"
    assert list(ozon_mock.sellers) == [836]
    assert ozon_mock.world.settings.rate_limit_per_second is None


@pytest.mark.ozon_scenario("default", seed=7, strict=True, rate_limit_per_second=5)
def test_marker_options_reach_the_world(ozon_mock):
    assert ozon_mock.world.seed == 7
    assert ozon_mock.world.settings.strict is True
    assert ozon_mock.world.settings.rate_limit_per_second == 5


@pytest.mark.ozon_scenario("data/two-sellers.yaml")
def test_marker_takes_a_scenario_file_next_to_the_test(ozon_mock, ozon_seller):
    assert ozon_mock.world.scenario == "two-sellers"
    assert ozon_seller.client_id == 4242
    assert sorted(ozon_mock.sellers) == [4242, 4243]


def test_ozon_server_is_a_live_http_server(ozon_server, ozon_seller):
    assert ozon_server.base_url.startswith("http://127.0.0.1:")
    response = requests.post(f"{ozon_server.base_url}/v1/roles", json={}, headers=ozon_seller.headers, timeout=10)
    assert response.status_code == 200
    ozon_server.journal.assert_called_once("/v1/roles")


@pytest.mark.parametrize("attempt", [1, 2])
def test_ozon_server_is_reset_before_each_test(ozon_server, attempt):
    assert len(ozon_server.journal) == 0
    assert not ozon_server.faults.rules
    ozon_server.faults.add("/v1/roles", status=503)
    response = requests.post(f"{ozon_server.base_url}/v1/roles", json={}, headers=ozon_server.headers, timeout=10)
    assert response.status_code == 503


def test_one_server_per_session(ozon_server, request):
    from ozmock.testing.plugin import _KIT_KEY
    kit = request.config.stash[_KIT_KEY]
    assert list(kit.servers.values()) == [ozon_server]


@pytest.mark.ozon_scenario("empty")
def test_ozon_server_follows_the_marker(ozon_server):
    health = requests.get(f"{ozon_server.base_url}/__ozmock/health", timeout=10).json()
    assert health["scenario"] == "empty"
