"""FBO postings and their supply orders; crossborder legacy flows (v2 and v1)."""
from __future__ import annotations

import pytest

from .support import SINCE, TO, error, new_posting, ok

pytestmark = pytest.mark.ozon_options(rate_limit_per_second=None)  # flows make many calls per frozen second


def fbo_get(client, number, **with_):
    return ok(client.post("/v2/posting/fbo/get", json={"posting_number": number, "with": with_}))["result"]


def test_fbo_posting_moves_on_the_clock_and_lists_agree(ozon, client):
    posting = new_posting(ozon, scheme="fbo")
    detail = fbo_get(client, posting.number, analytics_data=True, financial_data=True)
    assert detail["status"] == "awaiting_packaging"
    assert detail["analytics_data"]["warehouse_id"] == posting.warehouse_id
    for seconds, status in [(3_600, "awaiting_deliver"), (3_600, "delivering"), (2 * 86_400, "delivered")]:
        ozon.clock.advance(seconds)
        assert fbo_get(client, posting.number)["status"] == status
    v2 = ok(client.post("/v2/posting/fbo/list", json={"filter": {"since": SINCE, "to": TO, "status": "delivered"},
                                                      "limit": 1000, "offset": 0}))["result"]
    v3 = ok(client.post("/v3/posting/fbo/list", json={"filter": {"since": SINCE, "to": TO,
                                                                 "statuses": ["delivered"]}, "limit": 100}))
    assert posting.number in {p["posting_number"] for p in v2}
    mine = next(p for p in v3["postings"] if p["posting_number"] == posting.number)
    assert mine["products"][0]["price"]["amount"] == detail["products"][0]["price"]
    assert mine["status"] == fbo_get(client, posting.number)["status"]
    error(client.post("/v3/posting/fbs/get", json={"posting_number": posting.number}), 404)
    assert "20000" in error(client.post("/v2/posting/fbo/list", json={
        "filter": {"since": SINCE, "to": TO}, "limit": 10, "offset": 20_001}))["message"]


def test_supply_orders_hold_what_fbo_postings_sold(ozon, client):
    posting = new_posting(ozon, scheme="fbo")
    ids = ok(client.post("/v3/supply-order/list", json={"filter": {"states": ["COMPLETED"]}, "limit": 100,
                                                        "sort_by": "ORDER_CREATION"}))["order_ids"]
    orders = ok(client.post("/v3/supply-order/get", json={"order_ids": ids}))["orders"]
    supply = next(o for o in orders if o["dropoff_warehouse"]["warehouse_id"] == posting.warehouse_id)
    bundle_id = supply["supplies"][0]["bundle_id"]
    items = ok(client.post("/v1/supply-order/bundle", json={"bundle_ids": [bundle_id], "limit": 100}))["items"]
    quantities = {i["sku"]: i["quantity"] for i in items}
    for line in posting.lines:
        assert quantities[line["sku"]] >= line["quantity"]
    v2_ids = ok(client.post("/v2/supply-order/list", json={"paging": {"limit": 100}}))["supply_order_id"]
    assert sorted(v2_ids) == sorted(ids)
    v2 = ok(client.post("/v2/supply-order/get", json={"order_ids": ids}))
    assert {o["state"] for o in v2["orders"]} == {"ORDER_STATE_COMPLETED"}
    counter = ok(client.post("/v1/supply-order/status/counter", json={}))["items"]
    assert counter == [{"order_state": "ORDER_STATE_COMPLETED", "count": len(ids)}]


def cb_get(client, number):
    return ok(client.post("/v2/posting/crossborder/get", json={"posting_number": number}))["result"][0]


def test_crossborder_approve_ship_and_partial_cancel(ozon, client):
    posting = new_posting(ozon, scheme="crossborder", items=[{"offer_id": "OZM-836-0005", "quantity": 1},
                                                             {"offer_id": "OZM-836-0006", "quantity": 2}])
    first, second = posting.lines
    assert cb_get(client, posting.number)["status"] == "awaiting_approve"
    unfulfilled = ok(client.post("/v2/posting/crossborder/unfulfilled/list", json={
        "dir": "asc", "limit": 50, "offset": 0, "status": ["awaiting_approve"]}))["result"]
    assert posting.number in {p["posting_number"] for p in unfulfilled}
    body = error(client.post("/v2/posting/crossborder/ship", json={
        "posting_number": posting.number, "shipping_provider_id": 1, "tracking_number": "CN1",
        "items": [{"sku": first["sku"], "quantity": 1}]}))
    assert body["message"] == "HAS_INCORRECT_STATUS"
    ok(client.post("/v2/posting/crossborder/approve", json={"posting_number": posting.number}))
    assert cb_get(client, posting.number)["status"] == "awaiting_packaging"
    error(client.post("/v2/posting/crossborder/approve", json={"posting_number": posting.number}))

    ok(client.post("/v2/posting/crossborder/cancel", json={"posting_number": posting.number, "cancel_reason_id": 352,
                                                          "sku": [second["sku"]]}))
    remaining = cb_get(client, posting.number)
    assert [p["sku"] for p in remaining["products"]] == [first["sku"]]
    listed = ok(client.post("/v2/posting/crossborder/list", json={"dir": "asc", "filter": {"status": "cancelled"},
                                                                  "limit": 50, "offset": 0}))["result"]
    cancelled = [p for p in listed if p["order_id"] == posting.order_id]
    assert len(cancelled) == 1 and cancelled[0]["products"][0]["sku"] == second["sku"]
    assert cancelled[0]["cancel_reason_id"] == 352

    providers = ok(client.post("/v2/posting/crossborder/shipping-provider/list", json={}))["result"]
    package = ok(client.post("/v2/posting/crossborder/ship", json={
        "posting_number": posting.number, "shipping_provider_id": providers[0]["id"], "tracking_number": "CN123",
        "items": [{"sku": first["sku"], "quantity": 1}]}))["result"]["package_number"]
    shipped = cb_get(client, package)
    assert shipped["status"] == "awaiting_deliver" and shipped["tracking_number"] == "CN123"
    ozon.clock.advance(86_400)
    assert cb_get(client, package)["status"] == "delivering"
    ozon.clock.advance(2 * 86_400)
    assert cb_get(client, package)["status"] == "delivered"
    reasons = ok(client.post("/v2/posting/crossborder/cancel-reason/list", json={}))["result"]
    assert {r["id"] for r in reasons} >= {352, 361}


def test_crossborder_not_approved_in_time_is_cancelled(ozon, client):
    posting = new_posting(ozon, scheme="crossborder")
    ozon.clock.advance(86_400 + 1)
    assert cb_get(client, posting.number)["status"] == "cancelled"


def test_crossborder_legacy_v1(ozon, client):
    posting = new_posting(ozon, scheme="crossborder", items=[{"offer_id": "OZM-836-0005", "quantity": 1},
                                                             {"offer_id": "OZM-836-0006", "quantity": 1}])
    first, second = posting.lines
    ok(client.post("/v1/order/approve/crossborder", json={"order_id": posting.order_id}))
    order = ok(client.get(f"/v1/order/{posting.order_id}"))["result"]
    assert order["status"] == "awaiting_packaging" and order["delivery_schema"] == "crossborder"
    ok(client.post("/v1/order/items/cancel/crossborder", json={"order_id": posting.order_id, "reason_code": 361,
                                                              "item_ids": [second["item_id"]]}))
    package = ok(client.post("/v1/order/ship/crossborder", json={
        "order_id": posting.order_id, "shipping_provider_id": 2, "tracking_number": "DHL-1",
        "items": [{"item_id": first["item_id"], "quantity": 1}]}))["result"]["package_number"]
    assert package == posting.number
    order = ok(client.get(f"/v1/order/{posting.order_id}"))["result"]
    statuses = {i["item_id"]: i["status"] for i in order["items"]}
    assert statuses == {first["item_id"]: "awaiting_deliver", second["item_id"]: "cancelled"}
    listed = ok(client.post("/v1/order/list", json={"since": SINCE, "to": TO, "delivery_schema": "crossborder",
                                                    "statuses": ["awaiting_deliver"]}))["result"]["orders"]
    assert posting.order_id in {o["order_id"] for o in listed}
