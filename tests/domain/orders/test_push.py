"""Push notifications delivered over real HTTP to a receiver on a free port."""
from __future__ import annotations

import random
import time

import pytest

from ozmock.domain.orders.entry import force_status
from ozmock.domain.products.seed import valid_item
from ozmock.domain.push import delivery as push

from tests.support import PushReceiver
from .support import get_v3, new_posting, ok, ship_all

pytestmark = pytest.mark.ozon_options(rate_limit_per_second=None)  # flows make many calls per frozen second


@pytest.fixture
def receiver():
    found = PushReceiver()
    yield found
    found.close()


def wait_for(condition, timeout: float = 5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError("timed out waiting for a push delivery")


def test_ping_new_posting_and_state_changes(ozon, client, receiver):
    ok(client.post("/v1/notification/set", json={"url": receiver.url, "types": [
        "TYPE_NEW_POSTING", "TYPE_STATE_CHANGED", "TYPE_POSTING_CANCELLED"]}))
    ping = wait_for(lambda: receiver.of_type("TYPE_PING"))[0]
    assert set(ping) == {"message_type", "time"}

    posting = new_posting(ozon)
    new = wait_for(lambda: receiver.of_type("TYPE_NEW_POSTING"))[0]
    assert new["posting_number"] == posting.number and new["seller_id"] == 836
    assert new["warehouse_id"] == posting.warehouse_id and new["tpl_integration_type"] == "ozon"
    assert new["products"] == [{"sku": line["sku"], "offer_id": line["offer_id"], "quantity": line["quantity"]}
                               for line in posting.lines]
    assert {"in_process_at", "shipment_date", "is_express", "delivery_date_begin", "delivery_date_end"} <= set(new)

    ok(ship_all(client, posting))
    changed = wait_for(lambda: receiver.of_type("TYPE_STATE_CHANGED"))[0]
    assert changed == {"message_type": "TYPE_STATE_CHANGED", "posting_number": posting.number,
                       "new_state": "posting_transferring_to_delivery", "changed_state_date": changed[
                           "changed_state_date"], "warehouse_id": posting.warehouse_id, "seller_id": 836}

    # time-driven changes reach the receiver once the clock moves
    force_status(ozon.world, ozon.seller(), posting.number, "delivering")
    ozon.clock.advance(2 * 86_400 + 1)
    wait_for(lambda: any(m["new_state"] == "posting_received" or m["new_state"] == "posting_delivered"
                         for m in receiver.of_type("TYPE_STATE_CHANGED")))
    assert get_v3(client, posting.number)["status"] == "delivered"

    other = new_posting(ozon)
    ok(client.post("/v2/posting/fbs/cancel", json={"posting_number": other.number, "cancel_reason_id": 352}))
    cancelled = wait_for(lambda: [m for m in receiver.of_type("TYPE_POSTING_CANCELLED")
                                  if m["posting_number"] == other.number])[0]
    assert cancelled["posting_number"] == other.number and cancelled["new_state"] == "posting_canceled"
    assert cancelled["old_state"] == "posting_created" and cancelled["reason"]["id"] == 352

    entries = ozon.journal.calls("PUSH TYPE_NEW_POSTING")
    assert entries and entries[0].source == "push" and entries[0].status == 200
    listed = ok(client.post("/v1/notification/list", json={}))["urls"]
    assert listed[0]["url"] == receiver.url and listed[0]["enable"]


def test_only_subscribed_types_and_sellers(ozon, client, receiver):
    ok(client.post("/v1/notification/set", json={"url": receiver.url, "types": ["TYPE_POSTING_CANCELLED"]}))
    wait_for(lambda: receiver.of_type("TYPE_PING"))
    new_posting(ozon)
    new_posting(ozon, client_id=837)
    push.flush(ozon.world)
    time.sleep(0.1)
    assert receiver.of_type("TYPE_NEW_POSTING") == []


def test_failing_receiver_gets_the_documented_retries(ozon, client):
    failing = PushReceiver("fail")
    try:
        sub = push.subscribe(ozon.world, 836, failing.url, ["TYPE_NEW_POSTING"], send_ping=False)
        new_posting(ozon)
        wait_for(lambda: len(push.deliveries(ozon.world, 836)) == 1)
        time.sleep(0.3)                      # a frozen clock: no retry until it moves
        assert len(failing.messages) == 1
        log = push.deliveries(ozon.world, 836)
        assert log[-1]["error"] == "SERVER_FAULT" and log[-1]["attempt"] == 1
        expected = 1
        for delay in push.RETRY_DELAYS:
            ozon.clock.advance(delay - 1)
            push.flush(ozon.world)
            assert len(failing.messages) == expected
            ozon.clock.advance(1)
            expected += 1
            wait_for(lambda: len(push.deliveries(ozon.world, 836)) == expected)
        assert len(failing.messages) == 1 + len(push.RETRY_DELAYS)
        assert all(m["message_type"] == "TYPE_NEW_POSTING" for m in failing.messages)
        listed = ok(client.post("/v1/notification/list", json={}))["urls"]
        assert not listed[0]["enable"]                       # suspended after the last retry
        ozon.clock.advance(3_600)
        new_posting(ozon)
        push.flush(ozon.world)
        assert len(failing.messages) == 1 + len(push.RETRY_DELAYS)
        failing.mode = "ok"
        ok(client.post("/v1/notification/enable", json={"id": sub["id"], "enabled": True}))
        wait_for(lambda: failing.of_type("TYPE_PING"))
    finally:
        failing.close()


def test_check_reports_documented_errors(ozon, client, receiver):
    assert ok(client.post("/v1/notification/check", json={"url": receiver.url})) == {"is_active": True, "errors": []}
    wrong = PushReceiver("wrong")
    try:
        answer = ok(client.post("/v1/notification/check", json={"url": wrong.url}))
        assert not answer["is_active"] and answer["errors"][0]["type"] == "WRONG_RESULT_FIELD"
    finally:
        wrong.close()
    refused = ok(client.post("/v1/notification/check", json={"url": "http://127.0.0.1:9/nowhere"}))
    assert refused["errors"][0]["type"] == "REQUEST_ERROR"


def test_reply_checks():
    assert push.check_reply("TYPE_NEW_POSTING", 200, "application/json", b'{"result": true}')[0] == ""
    assert push.check_reply("TYPE_NEW_POSTING", 404, "application/json", b"{}")[0] == "STATUS_CODE_NOT_OK"
    assert push.check_reply("TYPE_NEW_POSTING", 200, "application/json", b"")[0] == "EMPTY_BODY"
    assert push.check_reply("TYPE_NEW_POSTING", 200, "text/plain", b"ok")[0] == "INVALID_BODY"
    assert push.check_reply("TYPE_NEW_POSTING", 200, "application/json", b"{")[0] == "INVALID_JSON"
    assert push.check_reply("TYPE_PING", 200, "application/json",
                            b'{"version": "1", "name": "x", "time": "yesterday"}')[0] == "WRONG_RESULT_TIME_FIELD"


def test_notification_management(ozon, client, receiver):
    ok(client.post("/v1/notification/set", json={"url": receiver.url, "types": ["TYPE_NEW_POSTING"]}))
    again = client.post("/v1/notification/set", json={"url": receiver.url, "types": ["TYPE_NEW_POSTING"]})
    assert again.status_code == 400 and "already connected" in again.json()["message"]
    sub_id = ok(client.post("/v1/notification/list", json={}))["urls"][0]["id"]
    ok(client.post("/v1/notification/update", json={"id": sub_id, "types": ["TYPE_STATE_CHANGED"]}))
    types = ok(client.post("/v1/notification/push-type/list", json={}))["types"]
    owned = [t["type"] for t in types if t.get("seller_endpoint", {}).get("id") == sub_id]
    assert owned == ["TYPE_STATE_CHANGED"]
    ok(client.post("/v1/notification/delete", json={"id": sub_id}))
    assert ok(client.post("/v1/notification/list", json={}))["urls"] == []


def test_import_announces_each_item_when_its_task_finishes(ozon, client, receiver):
    ok(client.post("/v1/notification/set", json={"url": receiver.url, "types": ["TYPE_CREATE_OR_UPDATE_ITEM"]}))
    wait_for(lambda: receiver.of_type("TYPE_PING"))
    good = valid_item(random.Random(7), "PUSH-NEW-1")
    bad = dict(good, offer_id="NEW-NO-WEIGHT", weight=0)
    ok(client.post("/v3/product/import", json={"items": [good, bad]}))
    time.sleep(0.3)
    assert receiver.of_type("TYPE_CREATE_OR_UPDATE_ITEM") == []   # the frozen clock: not finished yet
    ozon.clock.advance(10)
    push.flush(ozon.world)
    messages = wait_for(lambda: len(receiver.of_type("TYPE_CREATE_OR_UPDATE_ITEM")) == 2
                        and receiver.of_type("TYPE_CREATE_OR_UPDATE_ITEM"))
    by_offer = {m["offer_id"]: m for m in messages}
    assert by_offer[good["offer_id"]]["is_error"] is False
    assert by_offer[good["offer_id"]]["product_id"] > 0
    assert by_offer["NEW-NO-WEIGHT"]["is_error"] is True
    assert {m["seller_id"] for m in messages} == {836}
