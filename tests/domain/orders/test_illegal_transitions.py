"""Every illegal transition answers the documented error and changes nothing."""
from __future__ import annotations

import pytest

from ozmock.domain.orders.entry import force_status

from .support import error, get_v3, new_posting, ok, ship_all

pytestmark = pytest.mark.ozon_options(rate_limit_per_second=None)  # flows make many calls per frozen second


def snapshot(client, posting):
    return get_v3(client, posting.number, barcodes=True, financial_data=True, related_postings=True)


def refused(client, posting, path, body, message, status=400):
    before = snapshot(client, posting)
    answer = error(client.post(path, json=body), status)
    assert answer["message"] == message, answer
    assert snapshot(client, posting) == before
    return answer


def test_ship_twice(ozon, client):
    posting = new_posting(ozon)
    ok(ship_all(client, posting))
    products = [{"product_id": line["sku"], "quantity": line["quantity"]} for line in posting.lines]
    refused(client, posting, "/v4/posting/fbs/ship",
            {"posting_number": posting.number, "packages": [{"products": products}]}, "POSTING_ALREADY_SHIPPED")


def test_ship_cancelled(ozon, client):
    posting = new_posting(ozon)
    ok(client.post("/v2/posting/fbs/cancel", json={"posting_number": posting.number, "cancel_reason_id": 400}))
    products = [{"product_id": line["sku"], "quantity": line["quantity"]} for line in posting.lines]
    refused(client, posting, "/v3/posting/fbs/ship",
            {"posting_number": posting.number, "packages": [{"products": products}]}, "POSTING_ALREADY_CANCELLED")


@pytest.mark.parametrize("delta", [-1, 1])
def test_ship_with_wrong_quantities(ozon, client, delta):
    posting = new_posting(ozon, items=[{"offer_id": "OZM-836-0002", "quantity": 2}])
    products = [{"product_id": posting.lines[0]["sku"], "quantity": 2 + delta}]
    refused(client, posting, "/v4/posting/fbs/ship",
            {"posting_number": posting.number, "packages": [{"products": products}]}, "HAS_INCORRECT_PRODUCT_QUANTITY")


def test_ship_unknown_product(ozon, client):
    posting = new_posting(ozon)
    refused(client, posting, "/v4/posting/fbs/ship",
            {"posting_number": posting.number, "packages": [{"products": [{"product_id": 1, "quantity": 1}]}]},
            "UNKNOWN_PRODUCT_DEFINED")


def test_ship_unknown_posting(client):
    body = error(client.post("/v4/posting/fbs/ship", json={
        "posting_number": "00000000-0000-1", "packages": [{"products": [{"product_id": 1, "quantity": 1}]}]}), 404)
    assert body["message"] == "POSTING_NOT_FOUND"


def test_cancel_twice_and_with_a_wrong_reason(ozon, client):
    posting = new_posting(ozon)
    refused(client, posting, "/v2/posting/fbs/cancel", {"posting_number": posting.number, "cancel_reason_id": 666},
            "HAS_INCORRECT_CANCEL_REASON")
    refused(client, posting, "/v2/posting/fbs/cancel", {"posting_number": posting.number, "cancel_reason_id": 402},
            "cancel_reason_message is required when cancel_reason_id is 402")
    ok(client.post("/v2/posting/fbs/cancel", json={"posting_number": posting.number, "cancel_reason_id": 402,
                                                  "cancel_reason_message": "нет упаковки"}))
    assert get_v3(client, posting.number)["cancellation"]["cancel_reason"] == "нет упаковки"
    refused(client, posting, "/v2/posting/fbs/cancel", {"posting_number": posting.number, "cancel_reason_id": 352},
            "POSTING_ALREADY_CANCELLED")


def test_cancel_after_hand_over(ozon, client):
    posting = new_posting(ozon)
    ok(ship_all(client, posting))
    force_status(ozon.world, ozon.seller(), posting.number, "delivering")
    refused(client, posting, "/v2/posting/fbs/cancel", {"posting_number": posting.number, "cancel_reason_id": 352},
            "HAS_INCORRECT_STATUS")


def test_product_cancel_after_packing(ozon, client):
    posting = new_posting(ozon)
    ok(ship_all(client, posting))
    refused(client, posting, "/v2/posting/fbs/product/cancel", {
        "posting_number": posting.number, "cancel_reason_id": 352, "cancel_reason_message": "x",
        "items": [{"sku": posting.lines[0]["sku"], "quantity": 1}]}, "HAS_INCORRECT_STATUS")


def test_arbitration_before_packing_and_back_to_delivery_when_not_disputed(ozon, client):
    posting = new_posting(ozon)
    refused(client, posting, "/v2/posting/fbs/arbitration", {"posting_number": [posting.number]},
            "HAS_INCORRECT_STATUS")
    ok(ship_all(client, posting))
    refused(client, posting, "/v2/posting/fbs/awaiting-delivery", {"posting_number": [posting.number]},
            "HAS_INCORRECT_STATUS")


def test_arbitration_is_all_or_nothing(ozon, client):
    shipped, fresh = new_posting(ozon), new_posting(ozon)
    ok(ship_all(client, shipped))
    refused(client, shipped, "/v2/posting/fbs/arbitration", {"posting_number": [shipped.number, fresh.number]},
            "HAS_INCORRECT_STATUS")
    assert get_v3(client, shipped.number)["status"] == "awaiting_deliver"


def test_labels_for_unpacked_and_delivered_postings(ozon, client):
    posting = new_posting(ozon)
    refused(client, posting, "/v2/posting/fbs/package-label", {"posting_number": [posting.number]},
            "NO_POSTINGS_FOR_BATCH_DOWNLOAD")
    packed = new_posting(ozon)
    ok(ship_all(client, packed))
    ozon.clock.advance(60)
    refused(client, posting, "/v2/posting/fbs/package-label", {"posting_number": [posting.number, packed.number]},
            "INVALID_ARGUMENT")
    force_status(ozon.world, ozon.seller(), packed.number, "delivering")
    refused(client, packed, "/v2/posting/fbs/package-label", {"posting_number": [packed.number]},
            "label not allowed for delivered postings")


def test_rfbs_statuses_out_of_order(ozon, client):
    posting = new_posting(ozon, scheme="rfbs")
    before = snapshot(client, posting)
    result = ok(client.post("/v2/fbs/posting/delivered", json={"posting_number": [posting.number]}))["result"]
    assert result == [{"posting_number": posting.number, "result": False, "error": "TRANSITION_IS_NOT_POSSIBLE"}]
    assert snapshot(client, posting) == before


def test_rfbs_statuses_on_an_ozon_delivered_posting(ozon, client):
    posting = new_posting(ozon)
    ok(ship_all(client, posting))
    before = snapshot(client, posting)
    result = ok(client.post("/v2/fbs/posting/delivering", json={"posting_number": [posting.number]}))["result"]
    assert result[0]["error"] == "HAS_INCORRECT_TPL_INTEGRATION_TYPE" and not result[0]["result"]
    assert snapshot(client, posting) == before


def test_act_for_unknown_method_and_without_postings(ozon, client):
    assert error(client.post("/v2/posting/fbs/act/create", json={"delivery_method_id": 42}))["message"] == \
        "DELIVERY_METHOD_NOT_FOUND"
    posting = new_posting(ozon)
    ok(client.post("/v2/posting/fbs/act/create", json={"delivery_method_id": posting.delivery_method_id}))
    assert error(client.post("/v2/posting/fbs/act/create",
                             json={"delivery_method_id": posting.delivery_method_id}))["message"] == "no_postings"


def test_country_and_cutoff_rules(ozon, client):
    posting = new_posting(ozon)
    refused(client, posting, "/v2/posting/fbs/product/country/set", {
        "posting_number": posting.number, "product_id": posting.lines[0]["sku"], "country_iso_code": "XX"},
        "unknown country_iso_code 'XX', see /v2/posting/fbs/product/country/list")
    refused(client, posting, "/v1/posting/cutoff/set", {"posting_number": posting.number,
                                                        "new_cutoff_date": "2026-01-20T10:00:00Z"},
            "HAS_INCORRECT_TPL_INTEGRATION_TYPE")
