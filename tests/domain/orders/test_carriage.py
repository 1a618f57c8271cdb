"""Carriages: create -> set postings -> approve -> documents -> hand-over; cancel; delivery lists;
the packing list."""
from __future__ import annotations

import pytest

from .support import error, get_v3, new_posting, ok, pdf_text, ship_all

pytestmark = pytest.mark.ozon_options(rate_limit_per_second=None)  # flows make many calls per frozen second


def test_carriage_create_set_postings_approve_and_hand_over(ozon, client):
    first, second = new_posting(ozon), new_posting(ozon)
    for posting in (first, second):
        ok(ship_all(client, posting))
    method = first.delivery_method_id
    carriage_id = ok(client.post("/v1/carriage/create", json={"delivery_method_id": method}))["carriage_id"]
    carriage = ok(client.post("/v1/carriage/get", json={"carriage_id": carriage_id}))
    assert carriage["status"] == "new" and carriage["cancel_availability"]["is_cancel_available"]
    in_it = ok(client.post("/v2/posting/fbs/act/get-postings", json={"id": carriage_id}))["result"]
    assert {first.number, second.number} <= {p["posting_number"] for p in in_it}

    result = ok(client.post("/v1/carriage/set-postings", json={"carriage_id": carriage_id,
                                                               "posting_numbers": [first.number, "nope"]}))
    assert result["result"] == [{"posting_number": first.number, "result": True, "error": ""},
                                {"posting_number": "nope", "result": False, "error": "POSTING_NOT_FOUND"}]
    assert get_v3(client, second.number)["substatus"] == "posting_transferring_to_delivery"
    assert get_v3(client, first.number)["substatus"] == "posting_in_carriage"
    error(client.post("/v2/posting/fbs/act/get-pdf", json={"id": carriage_id}))

    listed = ok(client.post("/v2/carriage/delivery/list", json={"limit": 100}))["methods"]
    mine = next(m for m in listed if m["delivery_method_id"] == method)
    assert [c["id"] for c in mine["carriages"]] == [carriage_id]
    v1 = ok(client.post("/v1/carriage/delivery/list", json={"delivery_method_id": method}))["result"][0]
    assert v1["carriages"][0]["id"] == str(carriage_id)
    assert v1["can_create_another_carriage"]                   # `second` is packed and in no carriage

    ok(client.post("/v1/carriage/approve", json={"carriage_id": carriage_id}))
    error(client.post("/v1/carriage/approve", json={"carriage_id": carriage_id}))
    ozon.clock.advance(30)
    carriage = ok(client.post("/v1/carriage/get", json={"carriage_id": carriage_id}))
    assert carriage["status"] == "formed" and "get_waybill" in carriage["available_actions"]
    text, _ = pdf_text(client.post("/v2/posting/fbs/act/get-pdf", json={"id": carriage_id}))
    assert first.number in text and second.number not in text
    ozon.clock.advance(3_600)
    assert get_v3(client, first.number)["status"] == "delivering"
    assert get_v3(client, second.number)["status"] == "awaiting_deliver"
    assert ok(client.post("/v1/carriage/get", json={"carriage_id": carriage_id}))["status"] == "sended"
    cancelled = ok(client.post("/v1/carriage/cancel", json={"carriage_id": carriage_id}))
    assert cancelled["error"] and cancelled["carriage_status"] == "sended"


def test_cancelled_carriage_frees_its_postings(ozon, client):
    posting = new_posting(ozon)
    ok(ship_all(client, posting))
    carriage_id = ok(client.post("/v1/carriage/create",
                                 json={"delivery_method_id": posting.delivery_method_id}))["carriage_id"]
    assert ok(client.post("/v1/carriage/cancel", json={"carriage_id": carriage_id})) == {
        "carriage_status": "cancelled", "error": ""}
    assert get_v3(client, posting.number)["substatus"] == "posting_transferring_to_delivery"
    ozon.clock.advance(3 * 3_600)
    assert get_v3(client, posting.number)["status"] == "awaiting_deliver"
    again = ok(client.post("/v1/carriage/create", json={"delivery_method_id": posting.delivery_method_id}))
    assert again["carriage_id"] != carriage_id
    assert error(client.post("/v1/carriage/create", json={"delivery_method_id": posting.delivery_method_id}
                             ))["message"] == "POSTING_NOT_FOUND"


def test_assembly_list_holds_postings_to_pack(ozon, client):
    posting = new_posting(ozon)
    body = ok(client.post("/v1/assembly/fbs/posting/list", json={
        "filter": {"cutoff_from": "2026-01-15T00:00:00Z", "cutoff_to": "2026-01-20T00:00:00Z",
                   "delivery_method_id": posting.delivery_method_id}, "limit": 100, "sort_dir": "ASC"}))
    mine = next(p for p in body["postings"] if p["posting_number"] == posting.number)
    assert [(p["sku"], p["quantity"]) for p in mine["products"]] == [(line["sku"], line["quantity"])
                                                                    for line in posting.lines]
    ok(ship_all(client, posting))
    body = ok(client.post("/v1/assembly/fbs/posting/list", json={
        "filter": {"cutoff_from": "2026-01-15T00:00:00Z", "cutoff_to": "2026-01-20T00:00:00Z"}, "limit": 100,
        "sort_dir": "DESC"}))
    assert posting.number not in {p["posting_number"] for p in body["postings"]}


def test_courier_contact_is_kept_on_the_carriage(ozon, client, other):
    posting = new_posting(ozon)
    ok(ship_all(client, posting))
    carriage_id = ok(client.post("/v1/carriage/create",
                                 json={"delivery_method_id": posting.delivery_method_id}))["carriage_id"]
    assert ok(client.post("/v1/carriage/courier-contact/get", json={"carriage_id": carriage_id})) == {"contact": []}
    ok(client.post("/v1/carriage/courier-contact/set", json={
        "carriage_id": carriage_id, "phone": "+79990001122", "comment": "ворота 3"}))
    ozon.clock.advance(60)
    ok(client.post("/v1/carriage/courier-contact/set", json={"carriage_id": str(carriage_id), "phone": "+79990003344"}))
    [contact] = ok(client.post("/v1/carriage/courier-contact/get", json={"carriage_id": carriage_id}))["contact"]
    assert (contact["carriage_id"], contact["phone"], contact["comment"]) == (carriage_id, "+79990003344", "")
    assert contact["updated_at"] > ok(client.post("/v1/carriage/get", json={"carriage_id": carriage_id}))[
        "created_at"]
    assert error(client.post("/v1/carriage/courier-contact/set", json={"carriage_id": carriage_id, "phone": " "}))
    assert other.post("/v1/carriage/courier-contact/get", json={"carriage_id": carriage_id}).status_code == 404
