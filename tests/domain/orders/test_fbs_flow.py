"""FBS postings end to end over HTTP: an order arrives, shows in every version, is shipped (full,
split, partial), labelled, put in an act, handed over and delivered on the clock; cancellations
by the seller and by the clock; arbitration; consistency across versions; isolation."""
from __future__ import annotations

import pytest

from ozmock.domain.products.model import products_of

from .support import SINCE, TO, error, get_v3, new_posting, new_postings, ok, pdf_text, posting_of, ship_all

pytestmark = pytest.mark.ozon_options(rate_limit_per_second=None)  # flows make many calls per frozen second


def unfulfilled_numbers(client):
    v3 = ok(client.post("/v3/posting/fbs/unfulfilled/list", json={
        "filter": {"cutoff_from": SINCE, "cutoff_to": TO}, "limit": 1000, "offset": 0}))["result"]
    v4 = ok(client.post("/v4/posting/fbs/unfulfilled/list", json={"limit": 100}))
    v2 = ok(client.post("/v2/posting/fbs/unfulfilled/list", json={
        "dir": "asc", "limit": 50, "offset": 0, "status": ["awaiting_packaging", "awaiting_deliver"],
        "with": {"barcodes": True}}))["result"]
    return ({p["posting_number"] for p in v2}, {p["posting_number"] for p in v3["postings"]},
            {p["posting_number"] for p in v4["postings"]}, v3["count"], v4["count"])


def test_new_order_appears_in_every_version_consistently(ozon, client):
    posting = new_posting(ozon)
    v2, v3, v4, count3, count4 = unfulfilled_numbers(client)
    assert posting.number in v2 and posting.number in v3 and posting.number in v4
    assert count3 == count4 == len(v3)

    detail = get_v3(client, posting.number, analytics_data=True, financial_data=True, barcodes=True)
    assert detail["status"] == "awaiting_packaging" and detail["substatus"] == "posting_created"
    assert {"ship", "cancel"} <= set(detail["available_actions"])
    assert detail["delivery_method"]["warehouse_id"] == posting.warehouse_id
    products = [(p["sku"], p["quantity"], p["offer_id"]) for p in detail["products"]]
    assert products == [(line["sku"], line["quantity"], line["offer_id"]) for line in posting.lines]
    assert len(detail["financial_data"]["products"]) == len(posting.lines)

    v2_get = ok(client.post("/v2/posting/fbs/get", json={"posting_number": posting.number}))["result"]
    by_barcode = ok(client.post("/v2/posting/fbs/get-by-barcode",
                                json={"barcode": detail["barcodes"]["lower_barcode"]}))["result"]
    v3_list = ok(client.post("/v3/posting/fbs/list", json={
        "filter": {"since": SINCE, "to": TO, "status": "awaiting_packaging"}, "limit": 1000, "offset": 0}))
    listed = next(p for p in v3_list["result"]["postings"] if p["posting_number"] == posting.number)
    v4_list = ok(client.post("/v4/posting/fbs/list", json={
        "filter": {"since": SINCE, "to": TO, "statuses": ["awaiting_packaging"]}, "limit": 100}))
    listed4 = next(p for p in v4_list["postings"] if p["posting_number"] == posting.number)
    v2_list = ok(client.post("/v2/posting/fbs/list", json={
        "dir": "asc", "filter": {"since": SINCE, "to": TO}, "limit": 50, "offset": 0, "with": {"barcodes": True}}))
    listed2 = next(p for p in v2_list["result"] if p["posting_number"] == posting.number)
    for view in (v2_get, by_barcode, listed, listed4, listed2):
        assert view["status"] == "awaiting_packaging"
        assert view["order_id"] == posting.order_id
        assert view["in_process_at"] == detail["in_process_at"]
        assert view["shipment_date"] == detail["shipment_date"]
        assert [p["sku"] for p in view["products"]] == [p["sku"] for p in detail["products"]]
    assert listed4["products"][0]["price"]["amount"]

    legacy = ok(client.get(f"/v1/order/{posting.order_id}"))["result"]
    assert legacy["status"] == "awaiting_packaging" and legacy["delivery_schema"] == "fbs"
    assert sorted(i["item_id"] for i in legacy["items"]) == sorted(line["item_id"] for line in posting.lines)
    orders = ok(client.post("/v1/order/list", json={"since": SINCE, "to": TO, "delivery_schema": "fbs",
                                                    "page": 1, "page_size": 1000}))["result"]["orders"]
    assert any(o["order_id"] == posting.order_id for o in orders)
    unfulfilled = ok(client.post("/v1/order/unfulfilled", json={"page": 1, "page_size": 1000}))["result"]
    assert any(o["order_id"] == posting.order_id for o in unfulfilled)


def test_order_reserves_stock_and_shipping_takes_it(ozon, client):
    posting = new_posting(ozon)
    line = posting.lines[0]
    product = products_of(ozon.seller()).get(line["product_id"])
    assert product.reserved_stock(posting.warehouse_id) >= line["quantity"]
    present = product.present_stock(posting.warehouse_id)
    ok(ship_all(client, posting))
    assert product.present_stock(posting.warehouse_id) == present - line["quantity"]


@pytest.mark.ozon_options(timing_profile="realistic")      # the documented 45-60 s labels, 30 s acts
def test_full_flow_ship_label_act_delivering_delivered(ozon, client):
    posting = new_posting(ozon)
    assert ok(ship_all(client, posting, "v3"))["result"] == [posting.number]
    assert get_v3(client, posting.number)["status"] == "awaiting_deliver"

    body = error(client.post("/v2/posting/fbs/package-label", json={"posting_number": [posting.number]}))
    assert body["message"] == "The next postings aren't ready"
    assert body["details"][0]["typeUrl"] == "POSTINGS_NOT_READY"
    ozon.clock.advance(44)
    error(client.post("/v2/posting/fbs/package-label", json={"posting_number": [posting.number]}))
    ozon.clock.advance(16)
    label = client.post("/v2/posting/fbs/package-label", json={"posting_number": [posting.number]})
    text, pages = pdf_text(label)
    assert posting.number in text and posting.barcode_lower in text and pages == 1
    assert label.headers["content-disposition"].startswith('attachment; filename="ticket-')
    assert ozon.journal.last("/v2/posting/fbs/package-label").response["media_type"] == "application/pdf"
    assert "label_download" in get_v3(client, posting.number)["available_actions"]

    act_id = ok(client.post("/v2/posting/fbs/act/create",
                            json={"delivery_method_id": posting.delivery_method_id}))["result"]["id"]
    status = ok(client.post("/v2/posting/fbs/act/check-status", json={"id": act_id}))["result"]
    assert status["status"] == "in_process"
    error(client.post("/v2/posting/fbs/act/get-pdf", json={"id": act_id}))
    ozon.clock.advance(30)
    status = ok(client.post("/v2/posting/fbs/act/check-status", json={"id": act_id}))["result"]
    assert status["status"] == "ready" and posting.number in status["added_to_act"]
    text, _ = pdf_text(client.post("/v2/posting/fbs/act/get-pdf", json={"id": act_id}))
    assert posting.number in text and str(act_id) in text
    labels, pages = pdf_text(client.post("/v2/posting/fbs/act/get-container-labels", json={"id": act_id}))
    assert str(act_id) in labels and pages == 1
    barcode = client.post("/v2/posting/fbs/act/get-barcode", json={"id": act_id})
    assert barcode.headers["content-type"] == "image/png" and barcode.content.startswith(b"\x89PNG")
    assert ok(client.post("/v2/posting/fbs/act/get-barcode/text", json={"id": act_id}))["result"].endswith(str(act_id))
    in_act = ok(client.post("/v2/posting/fbs/act/get-postings", json={"id": act_id}))["result"]
    assert posting.number in [p["posting_number"] for p in in_act]
    assert all(p["status"] == "awaiting_deliver" for p in in_act)
    acts = ok(client.post("/v2/posting/fbs/act/list", json={"filter": {"date_from": "2026-01-01",
                                                                        "date_to": "2026-12-31"}, "limit": 50}))
    assert acts["result"][0]["id"] == act_id and acts["result"][0]["status"] == "formed"
    assert get_v3(client, posting.number)["substatus"] == "posting_in_carriage"

    ozon.clock.advance(3_600)
    detail = get_v3(client, posting.number)
    assert detail["status"] == "delivering" and detail["delivering_date"]
    error(client.post("/v2/posting/fbs/package-label", json={"posting_number": [posting.number]}))
    ozon.clock.advance(2 * 86_400)
    detail = get_v3(client, posting.number)
    assert detail["status"] == "delivered"
    assert detail["fact_delivery_date"]
    legacy = ok(client.get(f"/v1/order/{posting.order_id}"))["result"]
    assert legacy["status"] == "delivered"
    delivered = ok(client.post("/v4/posting/fbs/list", json={
        "filter": {"since": SINCE, "to": TO, "statuses": ["delivered"]}, "limit": 100}))["postings"]
    assert posting.number in {p["posting_number"] for p in delivered}


def test_ship_into_several_packages_splits_the_posting(ozon, client):
    posting = new_posting(ozon, items=[{"offer_id": "OZM-836-0002", "quantity": 2}])
    sku = posting.lines[0]["sku"]
    result = ok(client.post("/v4/posting/fbs/ship", json={
        "posting_number": posting.number, "with": {"additional_data": True},
        "packages": [{"products": [{"product_id": sku, "quantity": 1}]},
                     {"products": [{"product_id": sku, "quantity": 1}]}]}))
    first, second = result["result"]
    assert first == posting.number and second != first
    assert [d["posting_number"] for d in result["additional_data"]] == [first, second]
    for number in (first, second):
        detail = get_v3(client, number, related_postings=True)
        assert detail["status"] == "awaiting_deliver"
        assert [p["quantity"] for p in detail["products"]] == [1]
    assert get_v3(client, second)["parent_posting_number"] == first


def test_partial_packing_leaves_the_rest_to_pack(ozon, client):
    posting = new_posting(ozon, items=[{"offer_id": "OZM-836-0001", "quantity": 1},
                                       {"offer_id": "OZM-836-0003", "quantity": 2}])
    first, second = posting.lines
    new_number = ok(client.post("/v4/posting/fbs/ship/package", json={
        "posting_number": posting.number, "products": [{"product_id": second["sku"], "quantity": 1}]}))["result"]
    assert new_number != posting.number
    packed = get_v3(client, new_number)
    assert packed["status"] == "awaiting_deliver" and packed["parent_posting_number"] == posting.number
    assert [(p["sku"], p["quantity"]) for p in packed["products"]] == [(second["sku"], 1)]
    rest = get_v3(client, posting.number)
    assert rest["status"] == "awaiting_packaging"
    assert sorted((p["sku"], p["quantity"]) for p in rest["products"]) == sorted([(first["sku"], 1),
                                                                                   (second["sku"], 1)])
    # the rest as one package: the original posting itself is packed
    assert ok(client.post("/v3/posting/fbs/ship/package", json={
        "posting_number": posting.number,
        "products": [{"product_id": first["sku"], "quantity": 1},
                     {"product_id": second["sku"], "quantity": 1}]}))["result"] == posting.number
    assert get_v3(client, posting.number)["status"] == "awaiting_deliver"


def test_seller_cancels_with_a_reason_and_stock_comes_back(ozon, client):
    posting = new_posting(ozon)
    product = products_of(ozon.seller()).get(posting.lines[0]["product_id"])
    free = product.free_stock(posting.warehouse_id)
    reasons = ok(client.post("/v1/posting/fbs/cancel-reason",
                             json={"related_posting_numbers": [posting.number]}))["result"][0]["reasons"]
    assert {r["id"] for r in reasons} == {352, 400, 402}
    listed = ok(client.post("/v2/posting/fbs/cancel-reason/list", json={}))["result"]
    assert {r["id"] for r in listed} >= {352, 400, 401, 402, 665, 666, 667}
    error(client.post("/v2/posting/fbs/cancel", json={"posting_number": posting.number, "cancel_reason_id": 402}))
    ok(client.post("/v2/posting/fbs/cancel", json={"posting_number": posting.number, "cancel_reason_id": 352}))
    detail = get_v3(client, posting.number)
    assert detail["status"] == "cancelled"
    assert detail["cancellation"]["cancel_reason_id"] == 352
    assert detail["cancellation"]["cancellation_type"] == "seller"
    assert product.free_stock(posting.warehouse_id) == free + posting.lines[0]["quantity"]
    assert ok(client.post("/v1/posting/fbs/cancel-reason",
                          json={"related_posting_numbers": [posting.number]}))["result"][0]["reasons"] == []


def test_product_cancel_moves_units_to_a_cancelled_posting(ozon, client):
    posting = new_posting(ozon, items=[{"offer_id": "OZM-836-0004", "quantity": 2}])
    sku = posting.lines[0]["sku"]
    assert ok(client.post("/v2/posting/fbs/product/cancel", json={
        "posting_number": posting.number, "cancel_reason_id": 352, "cancel_reason_message": "out of stock",
        "items": [{"sku": sku, "quantity": 1}]}))["result"] == posting.number
    assert get_v3(client, posting.number)["products"][0]["quantity"] == 1
    siblings = [p for p in ozon.seller().area("postings").of_order(posting.order_id) if p.number != posting.number]
    assert [(p.status, p.quantity) for p in siblings] == [("cancelled", 1)]


def test_the_clock_cancels_postings_not_packed_by_shipment_date(ozon, client):
    posting = new_posting(ozon)
    product = products_of(ozon.seller()).get(posting.lines[0]["product_id"])
    reserved = product.reserved_stock(posting.warehouse_id)
    ozon.clock.advance(86_400 - 1)
    assert get_v3(client, posting.number)["status"] == "awaiting_packaging"
    ozon.clock.advance(2)
    detail = get_v3(client, posting.number)
    assert detail["status"] == "cancelled"
    assert detail["cancellation"]["cancellation_type"] == "system"
    still_reserved = sum(line["quantity"] for p in ozon.seller().area("postings").postings.values()
                         if p.packed_at is None and p.status != "cancelled" and p.warehouse_id == posting.warehouse_id
                         for line in p.lines if line["product_id"] == product.product_id)
    assert product.reserved_stock(posting.warehouse_id) == still_reserved < reserved
    assert posting.number not in unfulfilled_numbers(client)[1]


def test_arbitration_round_trip(ozon, client):
    posting = new_posting(ozon)
    ok(ship_all(client, posting))
    assert ok(client.post("/v2/posting/fbs/arbitration", json={"posting_number": [posting.number]}))["result"]
    detail = get_v3(client, posting.number)
    assert detail["status"] == "arbitration" and "awaiting_delivery" in detail["available_actions"]
    ok(client.post("/v2/posting/fbs/awaiting-delivery", json={"posting_number": [posting.number]}))
    assert get_v3(client, posting.number)["status"] == "awaiting_deliver"


def test_client_arbitration_and_not_accepted_come_from_ozon(ozon, client):
    from ozmock.domain.orders.entry import force_status
    posting = new_posting(ozon)
    ok(ship_all(client, posting))
    force_status(ozon.world, ozon.seller(), posting.number, "not_accepted")
    assert get_v3(client, posting.number)["substatus"] == "posting_not_in_sort_center"
    ok(client.post("/v2/posting/fbs/awaiting-delivery", json={"posting_number": [posting.number]}))
    force_status(ozon.world, ozon.seller(), posting.number, "client_arbitration")
    ok(client.post("/v2/posting/fbs/awaiting-delivery", json={"posting_number": [posting.number]}))
    assert get_v3(client, posting.number)["status"] == "awaiting_deliver"


def test_second_seller_sees_none_of_it(ozon, client, other):
    posting = new_posting(ozon)
    error(other.post("/v3/posting/fbs/get", json={"posting_number": posting.number}), 404)
    error(other.post("/v2/posting/fbs/cancel", json={"posting_number": posting.number, "cancel_reason_id": 352}), 404)
    error(other.get(f"/v1/order/{posting.order_id}"), 404)
    listed = ok(other.post("/v3/posting/fbs/list", json={"filter": {"since": SINCE, "to": TO}, "limit": 1000,
                                                         "offset": 0}))["result"]["postings"]
    assert posting.number not in {p["posting_number"] for p in listed}
    assert all(p["posting_number"] not in {x.number for x in ozon.seller().area("postings").postings.values()}
               for p in listed)
    assert get_v3(client, posting.number)["status"] == "awaiting_packaging"


def test_lists_page_by_offset_and_cursor(ozon, client):
    made = new_postings(ozon, 12)
    numbers = [p.number for p in made]
    page1 = ok(client.post("/v3/posting/fbs/list", json={
        "filter": {"since": "2026-01-15T08:59:00Z", "to": TO, "status": "awaiting_packaging"}, "limit": 5,
        "offset": 0}))["result"]
    page2 = ok(client.post("/v3/posting/fbs/list", json={
        "filter": {"since": "2026-01-15T08:59:00Z", "to": TO, "status": "awaiting_packaging"}, "limit": 20,
        "offset": 5}))["result"]
    seen = [p["posting_number"] for p in page1["postings"] + page2["postings"]]
    assert page1["has_next"] and not page2["has_next"]
    assert [n for n in seen if n in numbers] == numbers
    cursor, collected = "", []
    while True:
        body = ok(client.post("/v4/posting/fbs/list", json={
            "filter": {"since": "2026-01-15T08:59:00Z", "to": TO}, "limit": 5, "cursor": cursor}))
        collected += [p["posting_number"] for p in body["postings"]]
        if not body["has_next"]:
            break
        cursor = body["cursor"]
    assert [n for n in collected if n in numbers] == numbers
    desc = ok(client.post("/v4/posting/fbs/list", json={
        "filter": {"since": "2026-01-15T08:59:00Z", "to": TO}, "limit": 100, "sort_dir": "DESC"}))["postings"]
    assert [p["posting_number"] for p in desc if p["posting_number"] in numbers] == numbers[::-1]


def test_list_period_longer_than_a_year_is_refused(client):
    body = error(client.post("/v3/posting/fbs/list", json={
        "filter": {"since": "2024-01-01T00:00:00Z", "to": "2026-01-01T00:00:00Z"}, "limit": 10, "offset": 0}))
    assert body["message"] == "PERIOD_IS_TOO_LONG"


def test_legacy_v1_ship_and_cancel(ozon, client):
    posting = new_posting(ozon)
    items = [{"item_id": line["item_id"], "quantity": line["quantity"]} for line in posting.lines]
    result = ok(client.post("/v1/order/ship/fbs", json={"order_id": posting.order_id,
                                                        "packages": [{"items": items}]}))["result"]
    assert result["package_numbers"] == [posting.number]
    assert get_v3(client, posting.number)["status"] == "awaiting_deliver"
    other_posting = new_posting(ozon)
    ok(client.post("/v1/order/cancel/fbs", json={"order_id": other_posting.order_id, "cancel_reason_id": 352}))
    assert ok(client.get(f"/v1/order/{other_posting.order_id}"))["result"]["status"] == "cancelled"
    reasons = ok(client.post("/v1/order/cancel-reason/list", json={}))["result"]
    assert {r["id"] for r in reasons} == {352, 353, 358}


def test_legacy_label_by_order(ozon, client):
    posting = new_posting(ozon)
    ok(ship_all(client, posting))
    ozon.clock.advance(60)
    body = ok(client.post("/v1/order/package-label/fbs", json={"order_ids": [posting.order_id]}))["result"]
    text, _ = pdf_text(body)
    assert posting.number in text


def test_state_survives_json_export_and_import(ozon, client):
    from ozmock.world import World
    posting = new_posting(ozon)
    ok(ship_all(client, posting))
    before = get_v3(client, posting.number, barcodes=True)
    restored = World.from_json(ozon.world.to_json())
    ozon.app.world = restored
    assert get_v3(client, posting.number, barcodes=True) == before
    ozon.clock.advance(86_400 * 3)
    assert get_v3(client, posting.number)["status"] == "awaiting_deliver"
    snapshot = ozon.snapshot()
    ozon.restore(snapshot)
    assert get_v3(client, posting.number)["posting_number"] == posting.number
    assert posting_of(ozon, posting.number) is not None
