"""The clock (frozen, real, scaled, advance; control API; rate windows and expiry read it) and the
journal (ring, queries, export, assertion helpers and their messages)."""
from __future__ import annotations

import pickle
import time

import pytest

from ozmock import OzonMock
from ozmock.clock import Clock
from ozmock.pipeline.journal import Journal, UnknownOperation


@pytest.fixture
def client(ozon_mock):
    with ozon_mock.client() as client:
        yield client


# --- clock --------------------------------------------------------------------------------------
def test_frozen_clock_moves_only_when_advanced(ozon_mock):
    start = ozon_mock.clock.now()
    time.sleep(0.02)
    assert ozon_mock.clock.now() == start
    assert (ozon_mock.advance(minutes=5) - start).total_seconds() == 300


def test_real_and_scaled_modes():
    fake_wall = [100.0]
    real = Clock(mode="real", wall=lambda: fake_wall[0])
    fast = Clock(mode="60", wall=lambda: fake_wall[0])
    before_real, before_fast = real.timestamp(), fast.timestamp()
    fake_wall[0] += 2
    assert real.timestamp() - before_real == pytest.approx(2)
    assert fast.timestamp() - before_fast == pytest.approx(120)
    assert (real.mode, fast.mode) == ("real", "60")


def test_clock_option_reaches_the_world():
    with OzonMock(clock="real") as ozon:
        first = ozon.clock.timestamp()
        time.sleep(0.05)
        assert ozon.clock.timestamp() > first


def test_control_api_clock(client):
    assert client.get("/__ozmock/clock").json() == {"now": "2026-01-15T09:00:00.000Z", "mode": "frozen"}
    assert client.post("/__ozmock/clock/advance", json={"seconds": 90}).json()["now"] == "2026-01-15T09:01:30.000Z"
    assert client.post("/__ozmock/clock", json={"now": "2026-02-01T00:00:00Z"}).json()["now"] == \
        "2026-02-01T00:00:00.000Z"
    assert client.post("/__ozmock/clock", json={"mode": "real"}).json()["mode"] == "real"
    assert client.post("/__ozmock/clock/advance", json={"seconds": -1}).status_code == 400
    assert client.post("/__ozmock/clock", json={"mode": "sideways"}).status_code == 400


def test_rate_limit_window_is_on_the_world_clock(ozon_mock, client):
    ozon_mock.world.settings.rate_limit_per_second = 3
    codes = [client.post("/v1/roles", json={}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = client.post("/v1/roles", json={})
    assert refused.json() == {"code": 8, "message": "You have reached request rate limit per second", "details": []}
    assert refused.headers["retry-after"] == "1"
    ozon_mock.advance(1)
    assert client.post("/v1/roles", json={}).status_code == 200


def test_rate_limit_is_per_seller(ozon_mock, client):
    ozon_mock.world.settings.rate_limit_per_second = 1
    assert client.post("/v1/roles", json={}).status_code == 200
    assert client.post("/v1/roles", json={}).status_code == 429
    other = ozon_mock.credentials_for(837)
    assert client.post("/v1/roles", json={}, headers=other.headers).status_code == 200


def test_timestamps_in_answers_follow_the_clock(ozon_mock, client):
    ozon_mock.add_key(api_key="k", expires_at=3600)
    assert client.post("/v1/roles", json={}, headers={"Api-Key": "k"}).json()["expires_at"] == \
        "2026-01-15T10:00:00.000Z"
    assert ozon_mock.journal.last().at == "2026-01-15T09:00:00.000Z"
    ozon_mock.advance(30)
    client.post("/v1/roles", json={})
    assert ozon_mock.journal.last().at == "2026-01-15T09:00:30.000Z"


# --- journal ------------------------------------------------------------------------------------
def test_journal_records_requests_and_responses(ozon_mock, client):
    client.post("/v1/roles", json={"ignored": True})
    entry = ozon_mock.journal.last("/v1/roles")
    assert (entry.method, entry.path, entry.operation, entry.client_id, entry.status) == (
        "POST", "/v1/roles", "POST /v1/roles", 836, 200)
    assert entry.request == {"ignored": True} and entry.body == entry.request
    assert entry.response["roles"][0]["name"] == "Admin"
    assert entry.source == "stateful" and len(entry.trace_id) == 32


def test_journal_queries(ozon_mock, client):
    other = ozon_mock.credentials_for(837)
    client.post("/v1/roles", json={"a": 1})
    client.post("/v1/roles", json={"a": 2}, headers=other.headers)
    client.post("/v1/seller/info", json={})
    client.post("/v1/roles", json={}, headers={"Api-Key": "wrong"})
    journal = ozon_mock.journal
    assert journal.count() == 4
    assert journal.count("/v1/roles") == 3
    assert journal.count("POST /v1/roles", client_id=837) == 1
    assert journal.count("post /v1/roles", status=404) == 1
    assert journal.requests("/v1/roles", client_id=836) == [{"a": 1}]
    assert journal.count("/v1/roles", body={"a": 2}) == 1
    assert [e.status for e in journal.calls("/v1/roles")] == [200, 200, 404]


def test_templated_operations_match_concrete_paths(ozon_mock, client):
    client.get("/v1/order/42")
    assert ozon_mock.journal.count("/v1/order/{order_id}") == 1
    assert ozon_mock.journal.count("GET /v1/order/42") == 1


def test_journal_is_a_bounded_ring():
    with OzonMock("empty", journal_size=5) as ozon, ozon.client() as client:
        for index in range(8):
            client.post("/v1/roles", json={"n": index})
        assert len(ozon.journal) == 5
        assert [e.request["n"] for e in ozon.journal] == [3, 4, 5, 6, 7]
        assert [e.seq for e in ozon.journal] == [4, 5, 6, 7, 8]


def test_journal_keeps_the_answer_as_sent_and_hands_out_copies(ozon_mock, client):
    sent = client.post("/v3/product/list", json={"filter": {"visibility": "ALL"}, "limit": 3})
    entry = ozon_mock.journal.last("/v3/product/list")
    assert entry.response == sent.json()
    assert entry.request == {"filter": {"visibility": "ALL"}, "limit": 3}
    entry.response["result"]["items"].clear()           # a test changing what it read changes no other read
    entry.request["limit"] = 99
    assert entry.response == sent.json() and entry.request["limit"] == 3


def test_repeated_bodies_are_kept_once_and_each_entry_reads_its_own(ozon_mock, client):
    """A polling loop's identical requests and answers share one kept copy; a changed answer is its own."""
    for _ in range(3):
        client.post("/v3/product/list", json={"limit": 2})
    client.post("/v3/product/list", json={"limit": 1})
    polls = ozon_mock.journal.calls("/v3/product/list")
    assert polls[0].kept_response is polls[1].kept_response is polls[2].kept_response
    assert polls[0].kept_request is polls[2].kept_request
    assert polls[3].kept_response is not polls[2].kept_response
    assert len(polls[3].response["result"]["items"]) == 1 and len(polls[2].response["result"]["items"]) == 2
    assert polls[3].request == {"limit": 1} and polls[0].request == {"limit": 2}


def test_a_journal_pickled_by_an_earlier_version_still_records():
    """Saved state from before the shared copies holds a journal without them (and with its old size table)."""
    journal = Journal(3)
    state = dict(journal.__dict__)
    del state["_last"]
    state["_sizes"] = {}
    earlier = Journal.__new__(Journal)
    earlier.__setstate__(state)
    earlier.record(1.0, "POST", "/v1/x", "POST /v1/x", 1, 200, {"a": 1}, None, "stateful", "t", 0.1, size=10)
    assert earlier.bytes == 10 and earlier.last("/v1/x").request == {"a": 1}
    assert pickle.loads(pickle.dumps(earlier)).last("/v1/x").at == "1970-01-01T00:00:01.000Z"


def test_a_journal_of_size_zero_keeps_nothing_and_answers_the_same():
    with OzonMock(journal_size=0) as quiet, OzonMock() as kept:
        with quiet.client() as off, kept.client() as on:
            answers = [(client.post("/v3/product/list", json={"limit": 2}).json(),
                        client.post("/v3/product/import", content=b"x" * 1000).status_code) for client in (off, on)]
            assert answers[0] == answers[1]
            assert off.get("/__ozmock/journal").json() == {"entries": []}
        assert len(quiet.journal) == 0 and quiet.journal.bytes == 0 and len(kept.journal) == 2


def test_journal_export(client):
    client.post("/v1/roles", json={})
    client.post("/v1/seller/info", json={})
    exported = client.get("/__ozmock/journal", params={"operation": "/v1/roles"}).json()["entries"]
    assert [e["path"] for e in exported] == ["/v1/roles"]
    assert set(exported[0]) >= {"seq", "at", "method", "path", "client_id", "status", "request", "response"}
    assert len(client.get("/__ozmock/journal", params={"limit": 1}).json()["entries"]) == 1
    assert client.get("/__ozmock/journal", params={"client_id": "x"}).status_code == 400
    client.delete("/__ozmock/journal")
    assert client.get("/__ozmock/journal").json()["entries"] == []


def test_assert_called_passes_and_returns_entries(ozon_mock, client):
    client.post("/v1/roles", json={})
    entries = ozon_mock.journal.assert_called("/v1/roles", times=1)
    assert entries[0].status == 200
    assert ozon_mock.journal.assert_called_once("POST /v1/roles").client_id == 836
    ozon_mock.journal.assert_not_called("/v3/product/import")


def test_assertion_messages_are_readable(ozon_mock, client):
    client.post("/v1/roles", json={})
    client.post("/v1/seller/info", json={})
    with pytest.raises(AssertionError) as failure:
        ozon_mock.journal.assert_called("/v3/product/import")
    message = str(failure.value)
    assert message.startswith("expected a call to /v3/product/import, found none")
    assert "#1 POST /v1/roles -> 200 (client 836, stateful)" in message
    assert "#2 POST /v1/seller/info -> " in message

    with pytest.raises(AssertionError, match=r"expected 2 call\(s\) to /v1/roles, found 1"):
        ozon_mock.journal.assert_called("/v1/roles", times=2)
    with pytest.raises(AssertionError, match="expected no call to /v1/roles, found 1"):
        ozon_mock.journal.assert_not_called("/v1/roles")


def test_misspelt_operation_is_refused_with_the_closest_one(ozon_mock, client):
    client.post("/v3/product/list", json={"limit": 1})
    with pytest.raises(UnknownOperation, match=r"'/v3/product/lst' is not an operation ozmock serves; "
                                              r"did you mean '/v3/product/list'\?"):
        ozon_mock.journal.assert_not_called("/v3/product/lst")
    with pytest.raises(UnknownOperation, match=r"did you mean 'POST /v3/product/import'\?"):
        ozon_mock.journal.assert_called("POST /v3/products/import")
    with pytest.raises(UnknownOperation, match=r"did you mean 'POST /v3/product/list'\?"):   # the wrong method
        ozon_mock.journal.calls("GET /v3/product/list")
    with pytest.raises(UnknownOperation, match="check the version prefix and spelling"):
        ozon_mock.journal.assert_order("/v3/product/list", "/v9/nothing")


def test_a_called_path_outside_the_catalogue_can_be_asserted(ozon_mock, client):
    assert client.post("/v9/nothing", json={}).status_code == 404
    ozon_mock.journal.assert_called_once("/v9/nothing")
    assert ozon_mock.journal.calls("/v1/order/{order_id}") == []        # templated paths are served ones


def test_journal_route_refuses_an_unknown_operation(client):
    answer = client.get("/__ozmock/journal", params={"operation": "/v3/product/lst"})
    assert answer.status_code == 400
    assert answer.json() == {"code": 3, "details": [], "message": "operation: '/v3/product/lst' is not an operation "
                                                                  "ozmock serves; did you mean '/v3/product/list'?"}
    assert client.get("/__ozmock/journal", params={"operation": "/v3/product/list"}).json() == {"entries": []}


def test_assert_order(ozon_mock, client):
    client.post("/v1/roles", json={})
    client.post("/v1/seller/info", json={})
    client.post("/v1/roles", json={})
    ozon_mock.journal.assert_order("/v1/roles", "/v1/seller/info", "/v1/roles")
    with pytest.raises(AssertionError, match="did not follow"):
        ozon_mock.journal.assert_order("/v1/seller/info", "/v1/seller/info")


def test_last_without_calls_explains(ozon_mock):
    with pytest.raises(AssertionError, match=r"the journal is empty"):
        ozon_mock.journal.last("/v1/roles")


def test_journal_marks_committed_declared_writes(ozon_mock, client):
    """`wrote` follows the operation's declaration: reads never, writes only when they commit."""
    client.post("/v3/product/list", json={"limit": 1})
    client.post("/v1/product/archive", json={"product_id": [300000001]})
    client.post("/v1/product/archive", json={"product_id": ["x"]})                 # refused: changes nothing
    wrote = [(entry.path, entry.status, entry.wrote) for entry in ozon_mock.journal.entries()]
    assert wrote == [("/v3/product/list", 200, False), ("/v1/product/archive", 200, True),
                     ("/v1/product/archive", 400, False)]


def test_push_deliveries_are_named_operations_of_the_journal(ozon_mock):
    assert ozon_mock.journal.calls("PUSH TYPE_NEW_POSTING") == []
    with pytest.raises(UnknownOperation, match="did you mean 'PUSH TYPE_NEW_POSTING'"):
        ozon_mock.journal.assert_not_called("PUSH TYPE_NEW_POSTIN")
