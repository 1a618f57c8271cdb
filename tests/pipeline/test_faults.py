"""Fault rules: every kind (nth, every call, seeded probability, latency, drop, header, expiry,
before / after phase), where they come from (Python, control API, scenario, header) and the
Ozon-shaped default bodies."""
from __future__ import annotations

import time

import httpx
import pytest

from ozmock import OzonMock
from ozmock.pipeline.faults import DEFAULT_ERRORS, Fault, fault_from_header

ROLES = "/v1/roles"


def call(client, path=ROLES, **kwargs):
    return client.post(path, json=kwargs.pop("json", {}), **kwargs)


def statuses(client, n, path=ROLES):
    return [call(client, path).status_code for _ in range(n)]


@pytest.fixture
def client(ozon_mock):
    with ozon_mock.client() as client:
        yield client


def test_nth_call_only(ozon_mock, client):
    ozon_mock.faults.add(ROLES, status=429, nth=3)
    assert statuses(client, 5) == [200, 200, 429, 200, 200]


def test_every_call_until_removed(ozon_mock, client):
    rule = ozon_mock.faults.add(ROLES, status=500)
    assert statuses(client, 3) == [500, 500, 500]
    ozon_mock.faults.remove(rule.id)
    assert statuses(client, 1) == [200]


def test_only_the_named_operation_and_method(ozon_mock, client):
    ozon_mock.faults.add("POST /v1/roles", status=500)
    assert call(client, "/v1/seller/info").status_code != 500
    assert call(client).status_code == 500


def test_glob_operation(ozon_mock, client):
    ozon_mock.faults.add("/v1/seller/*", status=503)
    assert call(client, "/v1/seller/info").status_code == 503
    assert call(client).status_code == 200


def test_only_the_named_seller(ozon_mock, client):
    ozon_mock.faults.add(ROLES, status=500, client_id=837)
    assert call(client).status_code == 200
    other = ozon_mock.credentials_for(837)
    assert call(client, headers=other.headers).status_code == 500


def test_times_makes_a_rule_expire(ozon_mock, client):
    rule = ozon_mock.faults.add(ROLES, status=503, times=2)
    assert statuses(client, 4) == [503, 503, 200, 200]
    assert rule.fired == 2 and rule.expired


def test_probability_is_seeded_and_reproducible():
    def run(seed):
        with OzonMock("empty", seed=seed) as ozon, ozon.client() as client:
            ozon.faults.add(ROLES, status=500, probability=0.3)
            return statuses(client, 60)

    first, again, other = run(11), run(11), run(12)
    assert first == again
    assert first != other
    failures = first.count(500)
    assert 5 <= failures <= 35          # about 30% of 60


def test_probability_rate_over_many_calls(ozon_mock, client):
    ozon_mock.world.settings.rate_limit_per_second = None
    ozon_mock.faults.add(ROLES, status=500, probability=0.1)
    failures = statuses(client, 400).count(500)
    assert 20 <= failures <= 65


def test_latency_delays_the_answer(ozon_mock, client):
    ozon_mock.faults.add(ROLES, latency_ms=150)
    started = time.perf_counter()
    response = call(client)
    assert response.status_code == 200               # latency alone changes nothing else
    assert time.perf_counter() - started >= 0.14


def test_latency_with_an_error(ozon_mock, client):
    ozon_mock.faults.add(ROLES, status=504, latency_ms=100)
    started = time.perf_counter()
    assert call(client).status_code == 504
    assert time.perf_counter() - started >= 0.09


def test_drop_cuts_the_connection_in_process(ozon_mock, client):
    ozon_mock.faults.add(ROLES, drop=True, nth=1)
    with pytest.raises(httpx.RemoteProtocolError):
        call(client)
    assert call(client).status_code == 200


def test_drop_cuts_a_real_connection(ozon_server):
    ozon_server.faults.add(ROLES, drop=True, times=1)
    with httpx.Client(base_url=ozon_server.base_url, headers=ozon_server.headers) as client:
        with pytest.raises(httpx.HTTPError):
            call(client)
        assert call(client).status_code == 200


@pytest.mark.parametrize("status", sorted(DEFAULT_ERRORS))
def test_default_bodies_are_ozon_shaped(ozon_mock, client, status):
    ozon_mock.faults.add(ROLES, status=status)
    response = call(client)
    code, message = DEFAULT_ERRORS[status]
    assert response.status_code == status
    assert response.json() == {"code": code, "message": message, "details": []}
    assert "x-o3-trace-id" in response.headers
    if status == 429:
        assert response.headers["retry-after"] == "1"


def test_code_and_message_override(ozon_mock, client):
    ozon_mock.faults.add(ROLES, status=400, code=3, message="items[0].offer_id: value length must be at most 50 runes")
    assert call(client).json()["message"] == "items[0].offer_id: value length must be at most 50 runes"


def test_header_fault(client):
    response = call(client, headers={"X-Ozmock-Fault": "503"})
    assert response.status_code == 503 and response.json()["code"] == 14
    assert call(client).status_code == 200                 # one request only


def test_header_fault_tokens():
    assert fault_from_header("429; latency=20") == Fault(status=429, latency_ms=20.0)
    assert fault_from_header("500, phase=after").phase == "after"
    assert fault_from_header("500;after").phase == "after"
    assert fault_from_header("drop").drop
    assert fault_from_header("status=404;code=5;message=product not found").message == "product not found"


def test_bad_header_is_refused_with_the_reason(client):
    response = call(client, headers={"X-Ozmock-Fault": "explode"})
    assert response.status_code == 400
    assert "X-Ozmock-Fault" in response.json()["message"] and "explode" in response.json()["message"]


def test_before_phase_answers_the_error_without_running_the_handler(ozon_mock, client):
    seller = ozon_mock.add_seller(roles=["Admin"])
    ozon_mock.faults.add(ROLES, status=500, phase="before", client_id=seller.client_id)
    assert call(client, headers=seller.headers).status_code == 500
    entry = ozon_mock.journal.last(ROLES)
    assert entry.source == "fault" and entry.response["code"] == 13


def _import_item(offer_id: str) -> dict:
    from hypothesis import HealthCheck, given, settings

    from ozmock.strategies import product_items
    found = []

    @settings(max_examples=1, database=None, suppress_health_check=list(HealthCheck))
    @given(product_items(with_optional=False))
    def pick(item):
        found.append(item)

    pick()
    return {**found[0], "offer_id": offer_id}


def test_after_phase_commits_the_write_then_fails(ozon_mock, client):
    ozon_mock.faults.add("/v3/product/import", status=500, phase="after", nth=1)
    response = client.post("/v3/product/import", json={"items": [_import_item("AFTER-1")]})
    assert response.status_code == 500
    ozon_mock.advance(minutes=10)
    listed = client.post("/v3/product/list", json={"filter": {"offer_id": ["AFTER-1"], "visibility": "ALL"},
                                                  "limit": 10}).json()
    assert [item["offer_id"] for item in listed["result"]["items"]] == ["AFTER-1"]


def test_before_phase_does_not_write(ozon_mock, client):
    ozon_mock.faults.add("/v3/product/import", status=500, phase="before", nth=1)
    assert client.post("/v3/product/import", json={"items": [_import_item("BEFORE-1")]}).status_code == 500
    ozon_mock.advance(minutes=10)
    listed = client.post("/v3/product/list", json={"filter": {"offer_id": ["BEFORE-1"], "visibility": "ALL"},
                                                  "limit": 10}).json()
    assert listed["result"]["items"] == []


def test_after_phase_on_a_read_still_answers_the_error(ozon_mock, client):
    ozon_mock.faults.add(ROLES, status=502, phase="after")
    assert call(client).status_code == 502


def test_unknown_operation_is_refused_with_the_closest_path():
    with OzonMock("empty") as ozon:
        with pytest.raises(ValueError, match=r"matches no served operation; did you mean '/v2/products/stocks'\?"):
            ozon.faults.add("/v2/product/stoks", status=500)
        with pytest.raises(ValueError, match=r"'/v3/product/lst' matches no served operation; "
                                             r"did you mean '/v3/product/list'\?"):
            ozon.faults.add("/v3/product/lst", status=500)
        with pytest.raises(ValueError, match=r"did you mean 'POST /v3/product/list'\?"):   # served with POST only
            ozon.faults.add("GET /v3/product/list", status=500)
        with pytest.raises(ValueError, match="matches no served operation; write a path such as"):
            ozon.faults.add("/v9/nothing", status=500)
        assert ozon.faults.rules == []


@pytest.mark.parametrize("bad, message", [
    ({"status": 200}, "400..599"), ({"probability": 2, "status": 500}, "within 0..1"),
    ({"nth": 0, "status": 500}, "counts calls from 1"), ({}, "needs a status"),
    ({"status": 500, "phase": "during"}, "phase"), ({"status": 500, "sttaus": 1}, "unknown fault field"),
])
def test_bad_rules_are_refused(bad, message):
    with OzonMock("empty") as ozon, pytest.raises(ValueError, match=message):
        ozon.faults.add(ROLES, **bad)


def test_control_api_faults(ozon_mock, client):
    added = client.post("/__ozmock/faults", json={"operation": ROLES, "status": 429, "nth": 2}).json()["faults"]
    assert added[0]["operation"] == ROLES and added[0]["id"]
    assert statuses(client, 3) == [200, 429, 200]
    listed = client.get("/__ozmock/faults").json()["faults"]
    assert listed[0]["fired"] == 1 and listed[0]["seen"] == 2
    assert client.delete(f"/__ozmock/faults/{added[0]['id']}").json()["faults"] == []
    assert client.delete("/__ozmock/faults/999").status_code == 404


def test_control_api_refuses_a_bad_rule_whole(client):
    response = client.post("/__ozmock/faults", json=[{"operation": ROLES, "status": 500},
                                                     {"operation": "/nope", "status": 500}])
    assert response.status_code == 400 and "/nope" in response.json()["message"]
    assert client.get("/__ozmock/faults").json()["faults"] == []      # all or nothing


def test_control_api_clear(client):
    client.post("/__ozmock/faults", json=[{"status": 500}, {"latency_ms": 10}])
    assert client.delete("/__ozmock/faults").json() == {"faults": []}
    assert call(client).status_code == 200


def test_rules_in_order_first_that_fires_wins(ozon_mock, client):
    ozon_mock.faults.add(ROLES, status=429, nth=2)
    ozon_mock.faults.add(ROLES, status=500)
    assert statuses(client, 3) == [500, 429, 500]


def test_describe_is_readable(ozon_mock):
    ozon_mock.faults.add("/v2/products/stocks", status=429, nth=3)
    assert ozon_mock.faults.describe() == "#1 /v2/products/stocks call #3 -> 429 [seen 0, fired 0]"


def test_faults_from_a_scenario_file(tmp_path):
    scenario = tmp_path / "faulty.yaml"
    scenario.write_text("sellers:\n  - client_id: 5\n    api_keys: [k]\n"
                        "faults:\n  - {operation: /v1/roles, nth: 2, status: 503}\n")
    with OzonMock(scenario) as ozon, ozon.client() as client:
        assert statuses(client, 3) == [200, 503, 200]


@pytest.mark.ozon_scenario("flaky")
def test_flaky_scenario_is_flaky_and_reproducible(ozon_mock):
    def run():
        ozon_mock.reset()
        ozon_mock.world.settings.rate_limit_per_second = None
        for rule in ozon_mock.faults.rules:
            rule.latency_ms = 0            # keep the test fast; the draws are the same
        outcomes = []
        with ozon_mock.client() as client:
            for _ in range(300):
                try:
                    outcomes.append(call(client).status_code)
                except httpx.RemoteProtocolError:
                    outcomes.append("drop")
        return outcomes

    first, again = run(), run()
    assert first == again
    assert 0.02 * 300 <= sum(1 for s in first if s in (500, 503, 429, "drop")) <= 0.15 * 300
    assert first.count(200) >= 0.85 * 300
