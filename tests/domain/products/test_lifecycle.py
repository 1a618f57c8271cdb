"""Archive, delete, pictures, barcodes, offer ids, prepayment, attributes updates, legacy edits and the
small per-SKU reads."""
from __future__ import annotations

import pytest

from ozmock.domain.products.model import products_of

from .support import advance, create_ready, finish, import_v3, info, item, listed, ok


def seeded(client, index: int = 1) -> dict:
    return info(client, offer_id=[f"OZM-836-{index:04d}"])[0]


def test_delete_only_products_without_sku(client):
    finish(client, import_v3(client, [item("DEL-1")]))
    statuses = ok(client.post("/v2/products/delete", json={"products": [
        {"offer_id": "DEL-1"}, {"offer_id": "OZM-836-0001"}, {"offer_id": "NOPE"}]}))["status"]
    assert [s["is_deleted"] for s in statuses] == [True, False, False]
    assert statuses[1]["error"] and statuses[2]["error"]
    assert "DEL-1" not in listed(client) and info(client, offer_id=["DEL-1"]) == []
    assert ok(client.post("/v2/products/delete", json={"products": [{"offer_id": "DEL-1"}]}))["status"][0][
        "is_deleted"] is False


def test_archive_filters(client):
    product = seeded(client, 2)
    ok(client.post("/v1/product/archive", json={"product_id": [product["id"]]}))
    assert seeded(client, 2)["is_archived"] is True
    assert "OZM-836-0002" in listed(client, "ARCHIVED") and "OZM-836-0002" in listed(client, "MANUAL_ARCHIVED")
    assert "OZM-836-0002" not in listed(client, "ALL") and "OZM-836-0002" not in listed(client, "IN_SALE")
    legacy = ok(client.post("/v1/product/info", json={"offer_id": "OZM-836-0002"}))["result"]
    assert legacy["visible"] is False and legacy["visibility_details"]["active_product"] is False
    ok(client.post("/v1/product/unarchive", json={"product_id": [product["id"]]}))
    assert "OZM-836-0002" in listed(client, "ALL")


def test_list_cursor_walks_every_product_once(client):
    seen, cursor = [], ""
    while True:
        page = ok(client.post("/v3/product/list", json={"filter": {"visibility": "ALL"}, "limit": 4,
                                                        "last_id": cursor}))["result"]
        if not page["items"]:
            break
        assert page["total"] == 14
        seen += [i["offer_id"] for i in page["items"]]
        cursor = page["last_id"]
    assert len(seen) == len(set(seen)) == 14


def test_legacy_list_pages(client):
    first = ok(client.post("/v1/product/list", json={"page": 1, "page_size": 10}))["result"]
    second = ok(client.post("/v1/product/list", json={"page": 2, "page_size": 10}))["result"]
    assert first["total"] == second["total"] == 14 and len(first["items"]) == 10 and len(second["items"]) == 4


def test_visibility_filters_follow_moderation(client):
    finish(client, import_v3(client, [item("VIS-1")]))
    assert "VIS-1" in listed(client, "NOT_MODERATED") and "VIS-1" in listed(client, "INVISIBLE")
    assert "VIS-1" in listed(client, "VALIDATION_STATE_SUCCESS") and "VIS-1" not in listed(client, "MODERATED")
    advance(client, 10)
    assert "VIS-1" in listed(client, "MODERATED") and "VIS-1" in listed(client, "READY_TO_SUPPLY")
    assert "VIS-1" in listed(client, "EMPTY_STOCK") and "VIS-1" not in listed(client, "VISIBLE")


def test_pictures_import_replaces_all_pictures(client):
    product = seeded(client, 3)
    result = ok(client.post("/v1/product/pictures/import", json={
        "product_id": product["id"], "images": ["https://e.com/1.jpg", "https://e.com/2.jpg"],
        "images360": ["https://e.com/360.jpg"], "color_image": "https://e.com/c.jpg"}))["result"]["pictures"]
    assert [p["url"] for p in result if not p["is_360"] and not p["is_color"]] == ["https://e.com/1.jpg",
                                                                                  "https://e.com/2.jpg"]
    assert all(p["state"] == "imported" for p in result)
    v2 = ok(client.post("/v2/product/pictures/info", json={"product_id": [product["id"]]}))["items"][0]
    assert v2["primary_photo"] == ["https://e.com/1.jpg"] and v2["photo"] == ["https://e.com/2.jpg"]
    assert v2["photo_360"] == ["https://e.com/360.jpg"] and v2["color_photo"] == ["https://e.com/c.jpg"]
    v1 = ok(client.post("/v1/product/pictures/info", json={"product_id": [product["id"]]}))["result"]["pictures"]
    assert len(v1) == 4
    assert seeded(client, 3)["images"] == ["https://e.com/1.jpg", "https://e.com/2.jpg"]
    ok(client.post("/v1/product/pictures/import", json={"product_id": product["id"], "images": ["https://e.com/3.jpg"]}))
    assert seeded(client, 3)["images"] == ["https://e.com/3.jpg"] and seeded(client, 3)["images360"] == []


def test_pictures_import_of_an_unknown_product(client):
    response = client.post("/v1/product/pictures/import", json={"product_id": 1, "images": []})
    assert response.status_code == 404 and response.json()["code"] == 5


def test_barcodes_show_up_on_the_product(client):
    product = seeded(client, 4)
    other = seeded(client, 5)
    errors = ok(client.post("/v1/barcode/add", json={"barcodes": [
        {"sku": product["sku"], "barcode": "OZN000111"}, {"sku": other["sku"], "barcode": "OZN000111"},
        {"sku": 1, "barcode": "X"}]}))["errors"]
    assert [e["code"] for e in errors] == ["BARCODE_ALREADY_EXISTS", "SKU_NOT_FOUND"]
    assert "OZN000111" in seeded(client, 4)["barcodes"]
    fresh = create_ready(client, item("BC-1", barcode=""))[0]
    assert fresh["barcodes"] == []
    assert ok(client.post("/v1/barcode/generate", json={"product_ids": [fresh["id"], product["id"]]}))["errors"][0][
        "product_id"] == product["id"]
    generated = info(client, offer_id=["BC-1"])[0]["barcodes"]
    assert len(generated) == 1 and len(generated[0]) == 13 and generated[0].isdigit()
    attributes = ok(client.post("/v4/product/info/attributes", json={"filter": {"offer_id": ["BC-1"]}, "limit": 1}))
    assert attributes["result"][0]["barcodes"] == generated


def test_barcode_methods_twenty_calls_a_minute(client):
    for _ in range(20):
        ok(client.post("/v1/barcode/add", json={"barcodes": [{"sku": 1, "barcode": "X"}]}))
    assert client.post("/v1/barcode/generate", json={"product_ids": [1]}).status_code == 429
    advance(client, 60)
    ok(client.post("/v1/barcode/generate", json={"product_ids": [1]}))


def test_update_offer_id(client):
    product = seeded(client, 6)
    errors = ok(client.post("/v1/product/update/offer-id", json={"update_offer_id": [
        {"offer_id": "OZM-836-0006", "new_offer_id": "RENAMED-6"},
        {"offer_id": "OZM-836-0007", "new_offer_id": "OZM-836-0008"},
        {"offer_id": "NOPE", "new_offer_id": "ALSO-NOPE"}]}))["errors"]
    assert [e["offer_id"] for e in errors] == ["OZM-836-0008", "NOPE"]
    assert "OFFER_ID_ALREADY_EXISTS" in errors[0]["message"]
    assert info(client, offer_id=["RENAMED-6"])[0]["id"] == product["id"]
    assert info(client, offer_id=["OZM-836-0006"]) == []


def test_prepayment(client):
    product = seeded(client, 7)
    result = ok(client.post("/v1/product/prepayment/set", json={"is_prepayment": True, "offers_ids": ["OZM-836-0007"],
                                                               "products_ids": [1]}))["result"]["item_updated"]
    assert [r["success"] for r in result] == [True, False]
    assert info(client, product_id=[product["id"]])[0]["is_prepayment_allowed"] is True


def test_attributes_update_changes_only_the_given_attributes(client):
    card = item("ATTR-1")
    create_ready(client, card)
    task = ok(client.post("/v1/product/attributes/update", json={"items": [
        {"offer_id": "ATTR-1", "attributes": [{"id": 4385, "values": [{"value": "24 месяца"}]},
                                              {"id": 85, "values": [{"dictionary_value_id": 5060050}]}]},
        {"offer_id": "NOPE", "attributes": [{"id": 4385, "values": [{"value": "1"}]}]}]}))["task_id"]
    results = finish(client, task)
    assert [r["status"] for r in results] == ["imported", "failed"]
    attributes = {a["id"]: a for a in ok(client.post("/v4/product/info/attributes", json={
        "filter": {"offer_id": ["ATTR-1"]}, "limit": 1}))["result"][0]["attributes"]}
    assert attributes[4385]["values"][0]["value"] == "24 месяца"
    assert attributes[85]["values"][0] == {"dictionary_value_id": 5060050, "value": "Samsung"}
    assert 9048 in attributes  # untouched attributes stay
    assert info(client, offer_id=["ATTR-1"])[0]["statuses"]["status"] == "moderating"


def test_legacy_update_edits_the_card(client):
    product = seeded(client, 8)
    ok(client.post("/v1/product/update", json={"product_id": product["id"], "name": "Новое название",
                                               "description": "Новое описание", "weight": 250}))
    assert info(client, product_id=[product["id"]])[0]["name"] == "Новое название"
    description = ok(client.post("/v1/product/info/description", json={"product_id": product["id"]}))["result"]
    assert description["description"] == "Новое описание"
    refused = client.post("/v1/product/update", json={"product_id": product["id"], "weight": 2000,
                                                      "weight_unit": "kg"})
    assert refused.status_code == 400 and "1000 kg" in refused.json()["message"]
    assert client.post("/v1/product/update", json={"product_id": 1}).status_code == 404


def test_sku_reads(client):
    product = seeded(client, 9)  # no stock: buyers may subscribe
    stocked = seeded(client, 1)
    counts = ok(client.post("/v1/product/info/subscription", json={"skus": [product["sku"], stocked["sku"], 1]}))
    assert [c["sku"] for c in counts["result"]] == [product["sku"], stocked["sku"]]
    assert counts["result"][1]["count"] == 0
    rating = ok(client.post("/v1/product/rating-by-sku", json={"skus": [product["sku"]]}))["products"][0]
    assert 0 <= rating["rating"] <= 100 and {g["key"] for g in rating["groups"]} == {
        "media", "important_attributes", "text"}
    related = ok(client.post("/v1/product/related-sku/get", json={"sku": [product["sku"], 5]}))
    assert related["items"][0]["product_id"] == product["id"]
    assert related["errors"] == [{"sku": 5, "code": "NOT_FOUND", "message": "sku does not exist"}]


def test_digital_codes(client):
    product = seeded(client, 10)
    task_id = ok(client.post("/v1/product/upload_digital_codes", json={"product_id": product["id"],
                                                                      "digital_codes": ["A-1", "B-2"]}))["result"]["task_id"]
    assert ok(client.post("/v1/product/upload_digital_codes/info", json={"task_id": task_id}))["result"] == {
        "status": "pending", "total": 2}
    advance(client, 5)
    assert ok(client.post("/v1/product/upload_digital_codes/info", json={"task_id": task_id}))["result"] == {
        "status": "imported", "total": 2}


def test_discounted_products(client):
    product = seeded(client, 11)
    assert ok(client.post("/v1/product/info/discounted", json={"discounted_skus": [product["sku"]]})) == {"items": []}
    assert ok(client.post("/v1/product/update/discount", json={"product_id": product["id"], "discount": 10})) == {
        "result": True}
    assert ok(client.post("/v1/product/update/discount", json={"product_id": 1, "discount": 10})) == {"result": False}


@pytest.mark.parametrize("path, body", [
    ("/v1/product/info", {"product_id": 1}), ("/v2/product/info", {"offer_id": "NOPE"}),
    ("/v1/product/info/description", {"offer_id": "NOPE"}),
])
def test_single_reads_of_unknown_products_are_not_found(client, path, body):
    response = client.post(path, json=body)
    assert response.status_code == 404 and response.json() == {"code": 5, "message": "Product not found",
                                                               "details": []}


def test_import_info_of_an_unknown_task_is_empty(client):
    assert ok(client.post("/v1/product/import/info", json={"task_id": 1})) == {"result": {"items": [], "total": 0}}


def test_model_name_groups_cards(client):
    from random import Random

    from ozmock.domain.products.seed import valid_item
    first = valid_item(Random(1), "MODEL-A", category_id=17028922, type_id=91565)
    second = valid_item(Random(2), "MODEL-B", category_id=17028922, type_id=91565)
    for card in (first, second):
        card["attributes"] = [a for a in card["attributes"] if a["id"] != 9048] + [
            {"id": 9048, "values": [{"value": "Общая модель"}]}]
    create_ready(client, first, second)
    models = [p["model_info"] for p in info(client, offer_id=["MODEL-A", "MODEL-B"])]
    assert models[0] == models[1] and models[0]["count"] == 2


def test_barcode_delete_unbinds_what_add_bound(ozon, client):
    empty = create_ready(client, item("BCD-1", barcode=""))[0]
    ok(client.post("/v1/barcode/add", json={"barcodes": [{"sku": empty["sku"], "barcode": "OZN000222"}]}))
    stocked = seeded(client, 6)
    assert stocked["barcodes"]
    errors = ok(client.post("/v1/barcode/delete", json={"barcodes": [
        {"sku": empty["sku"], "barcode": "OZN000222"}, {"sku": empty["sku"], "barcode": "OZN000999"},
        {"sku": 1, "barcode": "X"}]}))["errors"]
    assert [e["code"] for e in errors] == ["BARCODE_NOT_FOUND", "SKU_NOT_FOUND"]
    assert info(client, offer_id=["BCD-1"])[0]["barcodes"] == []
    # the barcode is free again: another product may take it
    other = seeded(client, 7)
    assert ok(client.post("/v1/barcode/add", json={"barcodes": [{"sku": other["sku"], "barcode": "OZN000222"}]}))[
        "errors"] == []
    products_of(ozon.seller()).get(stocked["id"]).fbo_present = 5     # units at an Ozon warehouse
    refused = ok(client.post("/v1/barcode/delete", json={"barcodes": [
        {"sku": stocked["sku"], "barcode": stocked["barcodes"][0]}]}))["errors"]
    assert [e["code"] for e in refused] == ["PRODUCT_HAS_STOCK"]
    assert seeded(client, 6)["barcodes"] == stocked["barcodes"]
