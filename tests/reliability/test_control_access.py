"""The control API's doors: a token beyond loopback, masked keys in state exports, push that neither
reports what a receiver answered nor reaches a host outside `--push-allow`."""
from __future__ import annotations

import json
import time

import pytest

from ozmock import OzonMock
from ozmock.control.access import control_token_for, is_loopback

from ..support import PushReceiver, ok

TOKEN = "s3cret-token"


@pytest.fixture
def guarded():
    with OzonMock("default") as ozon:
        ozon.app.control_token = TOKEN
        yield ozon


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                            ("127.0.0.2", True), ("0.0.0.0", False), ("::", False),
                                            ("192.168.1.5", False), ("example.com", False)])
def test_loopback_is_told_from_every_other_address(host, loopback):
    assert is_loopback(host) is loopback


def test_a_token_is_generated_beyond_loopback_and_never_needed_on_it():
    token, generated = control_token_for("0.0.0.0", None)
    assert generated and len(token) >= 24 and token != control_token_for("0.0.0.0", None)[0]
    assert control_token_for("127.0.0.1", None) == (None, False)
    assert control_token_for("0.0.0.0", "mine") == ("mine", False)
    assert control_token_for("127.0.0.1", "mine") == ("mine", False)


@pytest.mark.parametrize("method, path", [("GET", "/__ozmock/state"), ("PUT", "/__ozmock/state"),
                                          ("POST", "/__ozmock/reset"), ("GET", "/__ozmock/journal"),
                                          ("POST", "/__ozmock/faults"), ("POST", "/__ozmock/sellers"),
                                          ("DELETE", "/__ozmock/sellers/837"), ("POST", "/__ozmock/push/836"),
                                          ("GET", "/__ozmock/operations"), ("GET", "/__ozmock/ui"),
                                          ("POST", "/__ozmock/clock/advance")])
@pytest.mark.parametrize("authorization", [None, "Bearer wrong", f"Basic {TOKEN}", "Bearer", TOKEN])
def test_without_the_token_every_control_route_answers_401_and_changes_nothing(guarded, method, path,
                                                                               authorization):
    headers = {"Authorization": authorization} if authorization else {}
    with guarded.client(headers=headers) as client:
        answer = client.request(method, path, json={"seconds": 60})
    assert answer.status_code == 401
    assert answer.json()["code"] == 16 and "Bearer" in answer.json()["message"]
    assert set(guarded.sellers) == {836, 837} and guarded.world.clock.now().hour == 9


def test_with_the_token_the_control_api_works_and_ozon_calls_never_need_it(guarded):
    with guarded.client(headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        assert ok(client.post("/__ozmock/clock/advance", json={"seconds": 60}))["now"].startswith("2026-01-15T09:01")
        assert ok(client.get("/__ozmock/journal"))["entries"] == []
    with guarded.client() as client:
        assert ok(client.get(f"/__ozmock/clock?token={TOKEN}"))["now"].startswith("2026-01-15T09:01")  # a browser
        assert client.post(f"/__ozmock/clock/advance?token={TOKEN}", json={"seconds": 1}).status_code == 401
        assert client.get("/__ozmock/clock?token=wrong").status_code == 401
        assert client.post("/v1/roles").status_code == 200
        assert ok(client.get("/__ozmock/health"))["status"] == "ok"
        assert client.get("/openapi.json").status_code == 200
        assert client.get("/__ozmock/files/reports/none.csv").status_code == 404     # open, like a CDN link


def test_state_exports_mask_keys_unless_asked_for_them(client, ozon):
    masked = ok(client.get("/__ozmock/state"))["sellers"][0]["keys"][0]["key"]
    assert masked == "****" + ozon.api_key[-4:]
    exported = ok(client.get("/__ozmock/state?api_keys=show"))
    assert exported["sellers"][0]["keys"][0]["key"] == ozon.api_key
    refusal = client.put("/__ozmock/state", json=ok(client.get("/__ozmock/state")))
    assert refusal.status_code == 400 and "masked" in refusal.json()["message"]
    assert client.put("/__ozmock/state", json=exported).status_code == 200
    assert client.post("/v1/roles").status_code == 200


@pytest.fixture
def receiver():
    found = PushReceiver(extra={"secret": "INTERNAL-42"})
    yield found
    found.close()


def test_push_deliveries_record_status_and_timing_never_the_receivers_body(client, receiver):
    ok(client.post("/__ozmock/push/836", json={"url": receiver.url}))
    ok(client.post("/v1/notification/check", json={"url": receiver.url}))
    deadline = time.monotonic() + 10          # the registration's ping goes out on the sender thread
    while True:
        journal = client.get("/__ozmock/journal").text
        pushes = [e for e in json.loads(journal)["entries"] if e["source"] == "push"]
        if len(pushes) >= 2 or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert len(pushes) == 2 and all(e["response"] == {"status": 200} and e["duration_ms"] >= 0 for e in pushes)
    assert "INTERNAL-42" not in journal


def test_push_targets_outside_push_allow_are_refused_and_never_reached(receiver):
    with OzonMock("default", push_allow=["10.0.0.0/8", "hooks.example.com"]) as ozon, ozon.client() as client:
        refused = client.post("/__ozmock/push/836", json={"url": receiver.url})
        assert refused.status_code == 400 and "push-allow" in refused.json()["message"]
        assert client.post("/v1/notification/set", json={"url": receiver.url}).status_code == 400
        assert client.post("/v1/notification/check", json={"url": receiver.url}).status_code == 400
    with OzonMock("default", push_allow=["127.0.0.0/8"]) as ozon, ozon.client() as client:
        assert ok(client.post("/__ozmock/push/836", json={"url": receiver.url}))["url"] == receiver.url
