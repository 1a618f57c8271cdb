"""Per-item errors where the documents describe them: a bad item of an import, a price update or a
stock update fails with its documented error, the good ones go through, and no 400 is answered."""
from __future__ import annotations

from tests.domain.products.support import finish, import_v3, item
from tests.support import ok


def test_an_import_item_without_type_id_fails_in_the_task_and_the_others_go_through(client):
    good, bad = item("PER-ITEM-GOOD"), item("PER-ITEM-BAD")
    del bad["type_id"]
    response = client.post("/v3/product/import", json={"items": [good, bad]})
    assert response.status_code == 200, response.text
    assert "x-ozmock-warning" not in response.headers      # the documented answer is the task's, not a warning
    items = {entry["offer_id"]: entry for entry in finish(client, response.json()["result"]["task_id"])}
    assert items["PER-ITEM-GOOD"]["status"] == "imported" and items["PER-ITEM-GOOD"]["errors"] == []
    assert items["PER-ITEM-BAD"]["status"] == "failed"
    assert [error["code"] for error in items["PER-ITEM-BAD"]["errors"]] == ["description_type_is_empty"]
    listed = ok(client.post("/v3/product/list", json={"filter": {"offer_id": ["PER-ITEM-GOOD", "PER-ITEM-BAD"]},
                                                      "limit": 10}))
    assert [p["offer_id"] for p in listed["result"]["items"]] == ["PER-ITEM-GOOD"]


def test_an_import_item_without_category_fails_with_its_own_code(client):
    bad = item("PER-ITEM-NOCAT")
    del bad["description_category_id"]
    items = finish(client, import_v3(client, [bad]))
    assert [error["code"] for error in items[0]["errors"]] == ["description_category_is_empty"]


def test_a_bad_price_fails_its_item_and_the_other_price_is_set(client):
    answer = ok(client.post("/v1/product/import/prices", json={"prices": [
        {"offer_id": "OZM-836-0001", "price": "abc"},
        {"offer_id": "OZM-836-0002", "price": "1234", "old_price": "0"}]}))
    by_offer = {entry["offer_id"]: entry for entry in answer["result"]}
    assert by_offer["OZM-836-0001"]["updated"] is False
    assert [e["code"] for e in by_offer["OZM-836-0001"]["errors"]] == ["invalid_price"]
    assert by_offer["OZM-836-0002"]["updated"] is True
    prices = ok(client.post("/v5/product/info/prices", json={"filter": {"offer_id": ["OZM-836-0002"]}, "limit": 1}))
    assert prices["items"][0]["price"]["price"] == 1234


def test_a_stock_by_offer_id_without_product_id_is_set_with_a_warning(client):
    warehouse = ok(client.post("/v1/warehouse/list", json={}))["result"][0]["warehouse_id"]
    response = client.post("/v2/products/stocks", json={"stocks": [
        {"offer_id": "OZM-836-0001", "stock": 7, "warehouse_id": warehouse},
        {"offer_id": "NO-SUCH-OFFER", "stock": 7, "warehouse_id": warehouse}]})
    assert response.status_code == 200, response.text
    assert "stocks[0].product_id: value is required" in response.headers["x-ozmock-warning"]
    by_offer = {entry["offer_id"]: entry for entry in response.json()["result"]}
    assert by_offer["OZM-836-0001"]["updated"] is True
    assert [e["code"] for e in by_offer["NO-SUCH-OFFER"]["errors"]] == ["offer_id_not_found"]
