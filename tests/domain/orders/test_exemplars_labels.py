"""Marking codes with their async check, and the async label tasks."""
from __future__ import annotations

import pytest

from ozmock.domain.orders.entry import label_task_file

from .support import error, get_v3, new_posting, ok, pdf_text, ship_all

pytestmark = pytest.mark.ozon_options(rate_limit_per_second=None)  # flows make many calls per frozen second

GOOD = "0104601234567890215Abc!xyz\x1d91EE10"
GOOD2 = "0104601234567890215Zzz!xyz\x1d91EE11"


def test_marked_product_ships_only_after_codes_pass(ozon, client):
    posting = new_posting(ozon, items=[{"offer_id": "OZM-836-0002", "quantity": 2}], mandatory_mark=True)
    sku = posting.lines[0]["sku"]
    assert get_v3(client, posting.number)["requirements"]["products_requiring_mandatory_mark"] == [str(sku)]
    assert error(ship_all(client, posting))["message"] == "EXEMPLAR_INFO_NOT_FILLED_COMPLETELY"

    created = ok(client.post("/v6/fbs/posting/product/exemplar/create-or-get", json={"posting_number": posting.number}))
    product = created["products"][0]
    assert product["is_mandatory_mark_needed"] and product["quantity"] == 2
    ids = [e["exemplar_id"] for e in product["exemplars"]]
    assert len(set(ids)) == 2

    ok(client.post("/v6/fbs/posting/product/exemplar/set", json={"posting_number": posting.number, "products": [
        {"product_id": sku, "exemplars": [
            {"exemplar_id": ids[0], "marks": [{"mark": GOOD, "mark_type": "mandatory_mark"}]},
            {"exemplar_id": ids[1], "marks": [{"mark": "bad code", "mark_type": "mandatory_mark"}]}]}]}))
    status = ok(client.post("/v5/fbs/posting/product/exemplar/status", json={"posting_number": posting.number}))
    assert status["status"] == "validation_in_process"
    ozon.clock.advance(5)
    status = ok(client.post("/v5/fbs/posting/product/exemplar/status", json={"posting_number": posting.number}))
    assert status["status"] == "ship_not_available"
    checks = [e["marks"][0]["check_status"] for e in status["products"][0]["exemplars"]]
    assert checks == ["passed", "failed"]
    assert error(ship_all(client, posting))["message"] == "EXEMPLAR_INFO_NOT_FILLED_COMPLETELY"

    ok(client.post("/v6/fbs/posting/product/exemplar/set", json={"posting_number": posting.number, "products": [
        {"product_id": sku, "exemplars": [
            {"exemplar_id": ids[0], "marks": [{"mark": GOOD, "mark_type": "mandatory_mark"}]},
            {"exemplar_id": ids[1], "marks": [{"mark": GOOD2, "mark_type": "mandatory_mark"}]}]}]}))
    error(ship_all(client, posting))          # still being checked
    ozon.clock.advance(5)
    status = ok(client.post("/v4/fbs/posting/product/exemplar/status", json={"posting_number": posting.number}))
    assert status["status"] == "ship_available"
    ok(ship_all(client, posting))
    detail = get_v3(client, posting.number, product_exemplars=True)
    assert detail["products"][0]["mandatory_mark"] == [GOOD, GOOD2]
    assert [e["exemplar_id"] for e in detail["product_exemplars"]["products"][0]["exemplars"]] == ids
    assert ok(client.post("/v5/fbs/posting/product/exemplar/status",
                          json={"posting_number": posting.number}))["status"] == "update_available"
    ok(client.post("/v1/fbs/posting/product/exemplar/update", json={"posting_number": posting.number}))
    body = error(client.post("/v6/fbs/posting/product/exemplar/set", json={"posting_number": posting.number,
                                                                          "products": []}))
    assert body["message"] == "Posting must have 'awaiting_packaging' status"


def test_exemplar_ids_must_belong_to_the_product(ozon, client):
    posting = new_posting(ozon, mandatory_mark=True)
    sku = posting.lines[0]["sku"]
    body = error(client.post("/v6/fbs/posting/product/exemplar/set", json={"posting_number": posting.number,
                                                                          "products": [{"product_id": sku, "exemplars": [
                                                                              {"exemplar_id": 1}]}]}))
    assert body["message"] == f"EXEMPLAR_ID 1 does not belong to product {sku}"


def test_inline_marks_in_v3_ship_and_validation(ozon, client):
    posting = new_posting(ozon, items=[{"offer_id": "OZM-836-0003", "quantity": 1}], mandatory_mark=True)
    sku = posting.lines[0]["sku"]
    checked = ok(client.post("/v5/fbs/posting/product/exemplar/validate", json={
        "posting_number": posting.number, "products": [{"product_id": sku, "exemplars": [
            {"marks": [{"mark": GOOD, "mark_type": "mandatory_mark"}]},
            {"marks": [{"mark": "123", "mark_type": "mandatory_mark"}]}]}]}))
    assert [e["valid"] for e in checked["products"][0]["exemplars"]] == [True, False]
    v4 = ok(client.post("/v4/fbs/posting/product/exemplar/validate", json={
        "posting_number": posting.number, "products": [{"product_id": sku, "exemplars": [{"mandatory_mark": GOOD}]}]}))
    assert v4["result"]["products"][0]["valid"]
    ok(client.post("/v3/posting/fbs/ship", json={"posting_number": posting.number, "packages": [{"products": [
        {"product_id": sku, "quantity": 1, "exemplar_info": [{"mandatory_mark": GOOD, "is_gtd_absent": True}]}]}]}))
    assert get_v3(client, posting.number)["status"] == "awaiting_deliver"


def test_marks_on_unmarked_products_are_redundant(ozon, client):
    posting = new_posting(ozon, items=[{"offer_id": "OZM-836-0003", "quantity": 1}])
    body = error(client.post("/v3/posting/fbs/ship", json={"posting_number": posting.number, "packages": [{
        "products": [{"product_id": posting.lines[0]["sku"], "quantity": 1,
                      "exemplar_info": [{"mandatory_mark": GOOD}]}]}]}))
    assert body["message"] == "MANDATORY_MARK_REDUNDANT"


@pytest.mark.ozon_options(timing_profile="realistic")
def test_async_label_tasks(ozon, client):
    packed, fresh = new_posting(ozon), new_posting(ozon)
    ok(ship_all(client, packed))
    tasks = ok(client.post("/v2/posting/fbs/package-label/create",
                           json={"posting_number": [packed.number, fresh.number]}))["result"]["tasks"]
    assert [t["task_type"] for t in tasks] == ["big_label", "small_label"]
    task_id = tasks[0]["task_id"]
    first = ok(client.post("/v1/posting/fbs/package-label/get", json={"task_id": task_id}))["result"]
    assert first["status"] == "pending" and first["file_url"] == ""
    ozon.clock.advance(30)
    assert ok(client.post("/v1/posting/fbs/package-label/get",
                          json={"task_id": task_id}))["result"]["status"] == "in_progress"
    ozon.clock.advance(31)
    done = ok(client.post("/v1/posting/fbs/package-label/get", json={"task_id": task_id}))["result"]
    assert done["status"] == "completed"
    assert done["printed_postings_count"] == 1 and done["unprinted_postings_count"] == 1
    assert done["unprinted_postings"][0]["posting_number"] == fresh.number
    text, pages = pdf_text(label_task_file(ozon.world, ozon.seller(), task_id))
    assert done["file_url"] == f"http://ozon.mock/__ozmock/orders/836/label-tasks/{task_id}"
    fetched = client.get(done["file_url"])
    assert fetched.content == label_task_file(ozon.world, ozon.seller(), task_id)
    assert packed.number in text and pages == 1

    v1 = ok(client.post("/v1/posting/fbs/package-label/create", json={"posting_number": [fresh.number]}))
    ozon.clock.advance(10)
    failed = ok(client.post("/v1/posting/fbs/package-label/get", json={"task_id": v1["result"]["task_id"]}))
    assert failed["result"]["status"] == "error"
    assert error(client.post("/v1/posting/fbs/package-label/create",
                             json={"posting_number": ["1-2-3"]}))["message"] == "POSTING_NUMBERS_IS_INCORRECT_FOR_COMPANY"


def test_label_pdf_has_one_page_per_posting(ozon, client):
    postings = [new_posting(ozon) for _ in range(3)]
    for posting in postings:
        ok(ship_all(client, posting))
    ozon.clock.advance(60)
    text, pages = pdf_text(client.post("/v2/posting/fbs/package-label",
                                       json={"posting_number": [p.number for p in postings]}))
    assert pages == 3 and all(p.number in text for p in postings)
    too_many = error(client.post("/v2/posting/fbs/package-label", json={"posting_number": ["x"] * 21}))
    assert "20" in too_many["message"]


def test_v3_label_task_then_v2_file(ozon, client):
    """The label methods of 2026-09: v3 creates the task pair, v2 `get` reports it and links the PDF."""
    packed, fresh = new_posting(ozon), new_posting(ozon)
    ok(ship_all(client, packed))
    tasks = ok(client.post("/v3/posting/fbs/package-label/create",
                           json={"posting_numbers": [packed.number, fresh.number]}))["tasks"]
    assert [t["task_type"] for t in tasks] == ["big_label", "small_label"]
    big, small = (t["task_id"] for t in tasks)
    pending = ok(client.post("/v2/posting/fbs/package-label/get", json={"task_id": big}))
    assert pending["status"]["code"] == "pending" and pending["file_url"] == ""
    ozon.clock.advance(61)
    done = ok(client.post("/v2/posting/fbs/package-label/get", json={"task_id": str(big)}))
    assert done["status"] == {"code": "completed", "postings_count": 2, "printed_postings_count": 1,
                              "unprinted_postings": [{"posting_number": fresh.number,
                                                      "message": "posting is awaiting_packaging"}]}
    assert done["error"]["code"] == ""
    fetched = client.get(done["file_url"])
    assert fetched.content == label_task_file(ozon.world, ozon.seller(), big)
    text, pages = pdf_text(fetched.content)
    assert packed.number in text and pages == 1
    # the v1 reader sees the same task: one store of label tasks
    assert ok(client.post("/v1/posting/fbs/package-label/get", json={"task_id": small}))["result"]["status"] == \
        "completed"
    assert error(client.post("/v3/posting/fbs/package-label/create",
                             json={"posting_numbers": [fresh.number]}))["message"] == "NO_POSTINGS_FOR_BATCH_DOWNLOAD"
    assert client.post("/v2/posting/fbs/package-label/get", json={"task_id": 1}).status_code == 404
