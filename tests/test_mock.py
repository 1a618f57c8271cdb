"""OzonMock, the Python API: reaching the fake, resetting, snapshots, decorator, live server."""
from __future__ import annotations

import asyncio

import httpx
import pytest
import requests

from ozmock import OzonMock
from ozmock.mock import pristine
from ozmock.testing.snapshots import LazyAreas


def test_context_manager_and_credentials():
    with OzonMock() as ozon, ozon.client() as client:
        assert (ozon.client_id, ozon.api_key) == ("836", "0296d4f2-70a1-4c09-b507-904fd05567b9")
        assert ozon.headers == ozon.credentials.headers
        assert client.post("/v1/roles", json={}).status_code == 200
        assert repr(ozon).startswith("<OzonMock scenario='default'")


def test_own_httpx_client_with_the_transport():
    with OzonMock("empty") as ozon:
        client = httpx.Client(transport=ozon.transport, base_url="https://api-seller.ozon.ru", headers=ozon.headers)
        assert client.post("/v1/roles", json={}).status_code == 200
        assert client.get("/__ozmock/health").json()["scenario"] == "empty"


def test_async_client():
    async def main(ozon):
        async with ozon.async_client() as client:
            first = await client.post("/v1/roles", json={})
            health = await client.get("/__ozmock/health")
            return first.status_code, health.status_code

    with OzonMock() as ozon:
        assert asyncio.run(main(ozon)) == (200, 200)


def test_reset_gives_a_fresh_world_and_can_switch_scenario():
    with OzonMock() as ozon:
        ozon.add_seller(1234)
        ozon.advance(days=3)
        ozon.reset()
        assert 1234 not in ozon.sellers
        assert ozon.clock.now().isoformat() == "2026-01-15T09:00:00+00:00"
        ozon.reset("empty")
        assert ozon.world.scenario == "empty" and list(ozon.sellers) == [836]


def test_snapshot_and_restore():
    with OzonMock() as ozon:
        ozon.add_seller(4321)
        saved = ozon.snapshot()
        ozon.add_seller(4322)
        ozon.advance(60)
        ozon.restore(saved)
        assert 4321 in ozon.sellers and 4322 not in ozon.sellers
        assert ozon.clock.now().isoformat() == "2026-01-15T09:00:00+00:00"


def test_worlds_are_independent():
    with OzonMock() as first, OzonMock() as second:
        first.add_seller(777)
        assert 777 not in second.sellers


def test_decorator_gives_a_fresh_world_each_call():
    fake = OzonMock("empty")
    seen = []

    @fake
    def scenario_test(number, ozon):
        seen.append((number, len(ozon.sellers), len(ozon.journal)))
        ozon.add_seller()
        with ozon.client() as client:
            client.post("/v1/roles", json={})

    scenario_test(1)
    scenario_test(2)
    assert seen == [(1, 1, 0), (2, 1, 0)]


def test_decorator_on_a_coroutine():
    fake = OzonMock("empty")

    @fake
    async def scenario_test(ozon):
        async with ozon.async_client() as client:
            return (await client.post("/v1/roles", json={})).status_code

    assert asyncio.run(scenario_test()) == 200


def test_serve_puts_the_same_world_on_a_port():
    with OzonMock() as ozon:
        url = ozon.serve()
        assert url.startswith("http://127.0.0.1:") and ozon.base_url == url and ozon.serving
        response = requests.post(f"{url}/v1/roles", json={}, headers=ozon.headers, timeout=10)
        assert response.status_code == 200
        ozon.journal.assert_called_once("/v1/roles")
        assert ozon.serve() == url                         # idempotent
    assert not ozon.serving and ozon.base_url == "http://ozon.mock"


def test_two_servers_get_different_free_ports():
    with OzonMock() as one, OzonMock() as two:
        assert one.serve() != two.serve()


def test_shortcuts():
    with OzonMock() as ozon:
        rule = ozon.fault("/v1/roles", status=500, nth=1)
        assert ozon.faults.rules == [rule]
        assert ozon.advance(days=1, hours=1).isoformat() == "2026-01-16T10:00:00+00:00"
        assert ozon.seller().client_id == 836 and ozon.seller(837).client_id == 837
        with pytest.raises(KeyError, match="no seller"):
            ozon.seller(1)


# --- cheap per-test worlds ------------------------------------------------------------------------
def test_areas_thaw_on_first_read_and_match_a_full_build():
    from ozmock.scenario import build_world
    full = build_world("default")
    with OzonMock() as ozon:
        areas = ozon.sellers[836].areas
        assert isinstance(areas, LazyAreas)
        assert not areas.thawed
        assert sorted(areas) == sorted(full.sellers[836].areas)       # names are known without thawing
        assert ozon.world.to_json() == full.to_json()
        assert areas.thawed


def test_thawed_area_state_points_at_its_own_world():
    with OzonMock() as ozon:
        seller = ozon.sellers[836]
        for name in list(seller.areas):
            seller.area(name)
        assert seller.world is ozon.world
        again = OzonMock()
        assert again.sellers[836].areas is not seller.areas


def test_snapshot_of_a_partly_thawed_world_is_complete():
    import pickle
    with OzonMock() as ozon:
        restored = pickle.loads(ozon.snapshot())
        assert restored.to_json() == ozon.world.to_json()
        assert type(restored.sellers[836].areas) is dict


def test_pristine_world_is_built_once():
    assert pristine("default") is pristine("default")
    assert pristine("default") is not pristine("default", seed=5)
