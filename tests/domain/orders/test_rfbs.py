"""rFBS: the seller delivers — delivering, last mile, delivered, tracking numbers, sent by seller,
cut-off and delivery-date changes, country of origin, buyer data, courier code."""
from __future__ import annotations

import pytest

from ozmock.domain.orders.rfbs import pickup_code

from .support import error, get_v3, new_posting, ok, ship_all

pytestmark = pytest.mark.ozon_options(rate_limit_per_second=None)  # flows make many calls per frozen second


def test_rfbs_delivery_statuses_with_a_tracking_number(ozon, client):
    posting = new_posting(ozon, scheme="rfbs")
    detail = get_v3(client, posting.number)
    assert detail["tpl_integration_type"] == "non_integrated"
    assert detail["customer"]["address"]["city"] and detail["addressee"]["name"]
    assert ok(ship_all(client, posting))["result"] == [posting.number]

    tracked = ok(client.post("/v2/fbs/posting/tracking-number/set", json={"tracking_numbers": [
        {"posting_number": posting.number, "tracking_number": "TRK-1001"}]}))["result"]
    assert tracked == [{"posting_number": posting.number, "result": True, "error": ""}]

    for path, status, substatus in [
        ("/v2/fbs/posting/delivering", "delivering", "posting_transferred_to_courier_service"),
        ("/v2/fbs/posting/last-mile", "delivering", "posting_in_courier_service"),
        ("/v2/fbs/posting/delivered", "delivered", "posting_conditionally_delivered"),
    ]:
        result = ok(client.post(path, json={"posting_number": [posting.number]}))["result"]
        assert result == [{"posting_number": posting.number, "result": True, "error": ""}], path
        detail = get_v3(client, posting.number)
        assert (detail["status"], detail["substatus"]) == (status, substatus)
    assert detail["tracking_number"] == "TRK-1001"
    assert detail["fact_delivery_date"] and detail["delivering_date"]
    legacy = ok(client.get(f"/v1/order/{posting.order_id}"))["result"]
    assert legacy["items"][0]["tracking_number"] == "TRK-1001"


def test_sent_by_seller_then_delivering(ozon, client):
    posting = new_posting(ozon, scheme="rfbs")
    assert get_v3(client, posting.number)["previous_substatus"] == "posting_created"   # its history starts there
    ok(ship_all(client, posting))
    ok(client.post("/v2/fbs/posting/sent-by-seller", json={"posting_number": [posting.number]}))
    detail = get_v3(client, posting.number)
    # a substatus the documents list (they have none of its own for sent_by_seller)
    assert (detail["status"], detail["substatus"]) == ("sent_by_seller", "posting_transferred_to_courier_service")
    assert detail["previous_substatus"] == "posting_transferring_to_delivery"
    ok(client.post("/v2/fbs/posting/delivering", json={"posting_number": [posting.number]}))
    assert get_v3(client, posting.number)["status"] == "delivering"


def test_rfbs_cancel_on_the_way_takes_only_conditional_reasons(ozon, client):
    posting = new_posting(ozon, scheme="rfbs")
    ok(ship_all(client, posting))
    ok(client.post("/v2/fbs/posting/delivering", json={"posting_number": [posting.number]}))
    reasons = ok(client.post("/v1/cancel-reason/list-by-posting", json={"posting_number": posting.number}))
    assert {r["id"] for r in reasons["reasons"]} == {665, 666, 667}
    assert error(client.post("/v2/posting/fbs/cancel", json={"posting_number": posting.number,
                                                             "cancel_reason_id": 352}))["message"] == \
        "HAS_INCORRECT_CANCEL_REASON"
    ok(client.post("/v2/posting/fbs/cancel", json={"posting_number": posting.number, "cancel_reason_id": 665}))
    detail = get_v3(client, posting.number)
    assert detail["status"] == "cancelled" and detail["cancellation"]["cancelled_after_ship"]


def test_cutoff_and_delivery_date_changes(ozon, client):
    posting = new_posting(ozon, scheme="rfbs")
    ok(client.post("/v1/posting/cutoff/set", json={"posting_number": posting.number,
                                                   "new_cutoff_date": "2026-01-17T10:00:00Z"}))
    assert get_v3(client, posting.number)["shipment_date"] == "2026-01-17T10:00:00.000Z"
    ozon.clock.advance(86_400 + 60)        # the old shipment date passes: no auto-cancel
    assert get_v3(client, posting.number)["status"] == "awaiting_packaging"
    restrictions = ok(client.post("/v1/posting/fbs/timeslot/change-restrictions",
                                  json={"posting_number": posting.number}))
    assert restrictions["remaining_changes_count"] == 2
    begin = restrictions["delivery_interval"]["begin"]
    for _ in range(2):
        ok(client.post("/v1/posting/fbs/timeslot/set", json={"posting_number": posting.number, "new_timeslot": {
            "from": begin, "to": "2026-01-18T18:00:00Z"}}))
    assert ok(client.post("/v1/posting/fbs/timeslot/change-restrictions",
                          json={"posting_number": posting.number}))["remaining_changes_count"] == 0
    error(client.post("/v1/posting/fbs/timeslot/set", json={"posting_number": posting.number, "new_timeslot": {
        "from": begin, "to": "2026-01-18T18:00:00Z"}}))
    detail = get_v3(client, posting.number, analytics_data=True)
    assert detail["analytics_data"]["delivery_date_end"] == "2026-01-18T18:00:00.000Z"
    ozon.clock.advance(86_400 - 120)        # just before the new shipment date
    assert get_v3(client, posting.number)["status"] == "awaiting_packaging"
    ozon.clock.advance(2 * 3_600)
    assert get_v3(client, posting.number)["status"] == "cancelled"


def test_country_of_origin_for_legal_buyers(ozon, client):
    posting = new_posting(ozon, legal=True)
    sku = posting.lines[0]["sku"]
    detail = get_v3(client, posting.number, legal_info=True)
    assert str(sku) in detail["requirements"]["products_requiring_country"]
    assert detail["legal_info"]["inn"]
    countries = ok(client.post("/v2/posting/fbs/product/country/list", json={"name_search": "кит"}))["result"]
    assert countries == [{"name": "Китай", "country_iso_code": "CN"}]
    answer = ok(client.post("/v2/posting/fbs/product/country/set", json={
        "posting_number": posting.number, "product_id": sku, "country_iso_code": "CN"}))
    assert answer == {"product_id": sku, "is_gtd_needed": True}
    assert str(sku) not in get_v3(client, posting.number)["requirements"]["products_requiring_country"]


def test_pickup_code_and_multibox(ozon, client):
    posting = new_posting(ozon, scheme="rfbs")
    assert ok(client.post("/v1/posting/fbs/pick-up-code/verify", json={
        "posting_number": posting.number, "pickup_code": pickup_code(posting)}))["valid"]
    assert not ok(client.post("/v1/posting/fbs/pick-up-code/verify", json={
        "posting_number": posting.number, "pickup_code": "nope"}))["valid"]
    ok(client.post("/v3/posting/multiboxqty/set", json={"posting_number": posting.number, "multi_box_qty": 3}))
    detail = get_v3(client, posting.number)
    assert detail["multi_box_qty"] == 3 and detail["is_multibox"]


def test_translit_option(ozon, client):
    posting = new_posting(ozon, scheme="rfbs")
    listed = ok(client.post("/v3/posting/fbs/unfulfilled/list", json={
        "filter": {"cutoff_from": "2026-01-01T00:00:00Z", "cutoff_to": "2026-02-01T00:00:00Z"}, "limit": 100,
        "offset": 0, "with": {"translit": True}}))["result"]["postings"]
    mine = next(p for p in listed if p["posting_number"] == posting.number)
    assert mine["customer"]["name"].isascii()
