import os

import pytest
import requests


def test_live_server_with_the_project_client(live_shop, ozon_server):
    assert live_shop.key_roles() == ["Admin"]
    ozon_server.journal.assert_called_once("/v1/roles")


def test_live_server_with_plain_requests(ozon_server, ozon_seller):
    response = requests.post(f"{ozon_server.base_url}/v1/warehouse/list", json={"limit": 50},
                             headers=ozon_seller.headers, timeout=10)
    assert response.status_code == 200 and response.json()["result"]


@pytest.mark.parametrize("attempt", range(4))
def test_each_test_gets_a_fresh_server_world(ozon_server, ozon_seller, attempt):
    assert len(ozon_server.journal) == 0 and not ozon_server.faults.rules
    ozon_server.faults.add("/v1/roles", status=500)
    response = requests.post(f"{ozon_server.base_url}/v1/roles", json={}, headers=ozon_seller.headers, timeout=10)
    assert response.status_code == 500
    print("worker", os.environ.get("PYTEST_XDIST_WORKER", "main"), ozon_server.base_url)


def test_control_api_over_http(ozon_server):
    base = ozon_server.base_url
    requests.post(f"{base}/__ozmock/clock/advance", json={"seconds": 3600}, timeout=10)
    assert requests.get(f"{base}/__ozmock/clock", timeout=10).json()["now"] == "2026-01-15T10:00:00.000Z"
