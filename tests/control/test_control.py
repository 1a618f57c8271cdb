"""The control API: health, reset, clock and its effect on what the fake answers."""
from ozmock import OzonMock


def test_health(client):
    assert client.get("/__ozmock/health").json() == {"status": "ok", "operations": 660, "scenario": "default"}


def test_clock_reads_and_advances_and_timestamps_follow(ozon, client):
    start = client.get("/__ozmock/clock").json()
    assert start == {"now": "2026-01-15T09:00:00.000Z", "mode": "frozen"}
    moved = client.post("/__ozmock/clock/advance", json={"seconds": 90061}).json()
    assert moved["now"] == "2026-01-16T10:01:01.000Z"
    assert ozon.clock.now().isoformat() == "2026-01-16T10:01:01+00:00"


def test_clock_refuses_going_back_and_bad_modes(client):
    assert client.post("/__ozmock/clock/advance", json={"seconds": -1}).status_code == 400
    assert client.post("/__ozmock/clock", json={"mode": "sideways"}).status_code == 400
    assert client.get("/__ozmock/clock").json()["now"] == "2026-01-15T09:00:00.000Z"


def test_clock_mode_can_switch_to_scaled(client):
    assert client.post("/__ozmock/clock", json={"mode": 60}).json()["mode"] == "60"


def test_reset_returns_the_scenario_world_and_keeps_nothing(ozon, client):
    client.post("/__ozmock/clock/advance", json={"seconds": 3600})
    client.post("/v3/product/list", json={})
    assert len(ozon.journal) >= 1
    assert client.post("/__ozmock/reset", json={}).json() == {"status": "ok", "scenario": "default"}
    assert client.get("/__ozmock/clock").json()["now"] == "2026-01-15T09:00:00.000Z"
    assert len(ozon.journal) == 0


def test_reset_to_another_scenario_and_back(client):
    assert client.post("/__ozmock/reset", json={"scenario": "empty"}).json()["scenario"] == "empty"
    refused = client.post("/v3/product/list", json={}, headers={"Client-Id": "837"})
    assert refused.status_code == 404  # the empty scenario has only seller 836
    assert client.post("/__ozmock/reset", json={"scenario": "no-such-world"}).status_code == 400
    assert client.post("/__ozmock/reset", json={"scenario": "default"}).json()["scenario"] == "default"


def test_operations_report_fidelity(client):
    operations = client.get("/__ozmock/operations").json()["operations"]
    by_path = {(op["method"], op["path"]): op for op in operations}
    assert by_path[("POST", "/v3/product/import")]["fidelity"] == "stateful"
    assert by_path[("POST", "/v3/product/import")]["lifecycle"] == "current"
    assert by_path[("POST", "/v1/product/info")]["lifecycle"] == "removed"


def test_journal_records_calls_with_their_outcome(client):
    client.post("/v3/product/list", json={"limit": 3})
    client.post("/v3/product/list", json={"limit": "x"})
    entries = client.get("/__ozmock/journal", params={"operation": "/v3/product/list"}).json()["entries"]
    assert [entry["status"] for entry in entries] == [200, 400]
    assert entries[0]["request"] == {"limit": 3} and entries[0]["client_id"] == 836
    assert entries[1]["response"]["code"] == 3


def test_state_round_trips_through_export_and_import():
    with OzonMock() as first, first.client() as client:
        client.post("/__ozmock/clock/advance", json={"seconds": 7})
        exported = client.get("/__ozmock/state?api_keys=show").json()
    with OzonMock(scenario="empty") as second, second.client() as client:
        assert client.put("/__ozmock/state", json=exported).status_code == 200
        assert client.get("/__ozmock/state?api_keys=show").json()["sellers"] == exported["sellers"]
        assert client.get("/__ozmock/clock").json()["now"] == "2026-01-15T09:00:07.000Z"
        assert client.put("/__ozmock/state", json={"format": "something-else"}).status_code == 400
