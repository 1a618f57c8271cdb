"""The whole product flow, once per import version: catalogue -> import -> poll -> read back in every
version -> prices -> stocks -> archive -> delete."""
from __future__ import annotations

import pytest

from ozmock.domain.products import model as product_model

from .support import SECOND_SELLER, advance, finish, first_warehouse, import_v3, item, listed, ok, task_items

CATEGORY, TYPE = 17028922, 91565


def pick_card(client) -> dict:
    """What an integration does first: find the type in the tree, its attributes and dictionary values."""
    tree = ok(client.post("/v1/description-category/tree", json={"language": "DEFAULT"}))["result"]
    category = next(c for root in tree for c in root["children"] if c["description_category_id"] == CATEGORY)
    product_type = next(t for t in category["children"] if t["type_id"] == TYPE and not t["disabled"])
    attributes = ok(client.post("/v1/description-category/attribute",
                                json={"description_category_id": CATEGORY, "type_id": TYPE}))["result"]
    values = {}
    for attribute in attributes:
        if attribute["is_required"] and attribute["dictionary_id"] and attribute["id"] != 8229:
            page = ok(client.post("/v1/description-category/attribute/values",
                                  json={"description_category_id": CATEGORY, "type_id": TYPE,
                                        "attribute_id": attribute["id"], "limit": 5}))
            values[attribute["id"]] = page["result"][1]
    required = {a["id"] for a in attributes if a["is_required"]}
    return {"type_name": product_type["type_name"], "values": values, "required": required}


def request_for(version: str, card: dict, offer_id: str, ozon) -> tuple[str, dict]:
    brand = card["values"][85]
    if version == "v3":
        return "/v3/product/import", {"items": [{
            "offer_id": offer_id, "name": "Плёнка защитная Flow 1", "description_category_id": CATEGORY,
            "type_id": TYPE, "price": "990", "old_price": "1290", "vat": "0.2", "currency_code": "RUB",
            "depth": 150, "width": 80, "height": 5, "dimension_unit": "mm", "weight": 30, "weight_unit": "g",
            "images": ["https://example.com/a.jpg", "https://example.com/b.jpg"], "barcode": "4600000000017",
            "attributes": [{"id": 85, "values": [{"dictionary_value_id": brand["id"]}]},
                           {"id": 9048, "values": [{"value": "Flow 1"}]},
                           {"id": 4191, "values": [{"value": "Прочная плёнка для экрана."}]}]}]}
    if version == "v2":
        return "/v2/product/import", {"items": [{
            "offer_id": offer_id, "name": "Плёнка защитная Flow 2", "category_id": TYPE, "price": "990",
            "old_price": "1290", "vat": "0.2", "depth": 150, "width": 80, "height": 5, "dimension_unit": "mm",
            "weight": 30, "weight_unit": "g", "images": ["https://example.com/a.jpg"], "barcode": "4600000000024",
            "attributes": [{"id": 85, "values": [{"dictionary_value_id": brand["id"], "value": brand["value"]}]},
                           {"id": 9048, "values": [{"value": "Flow 2"}]},
                           {"id": 4191, "values": [{"value": "Прочная плёнка для экрана."}]}]}]}
    if version == "v1":
        return "/v1/product/import", {"items": [{
            "offer_id": offer_id, "name": "Плёнка защитная Flow 3", "category_id": TYPE, "price": "990",
            "old_price": "1290", "vat": "0.2", "description": "Прочная плёнка для экрана.", "vendor": brand["value"],
            "depth": 150, "width": 80, "height": 5, "dimension_unit": "mm", "weight": 30, "weight_unit": "g",
            "images": [{"file_name": "https://example.com/a.jpg", "default": True}], "barcode": "4600000000031",
            "attributes": [{"id": 9048, "value": "Flow 3"}]}]}
    # by SKU: copy a card of the other default seller
    with ozon.client(headers=SECOND_SELLER) as other:
        sku = ok(other.post("/v3/product/info/list", json={"offer_id": ["OZM-837-0001"]}))["items"][0]["sku"]
    return "/v1/product/import-by-sku", {"items": [{"sku": sku, "offer_id": offer_id, "name": "Копия",
                                                    "price": "990", "old_price": "1290", "vat": "0.2",
                                                    "currency_code": "RUB"}]}


@pytest.mark.parametrize("version", ["v3", "v2", "v1", "by_sku"])
def test_full_flow(ozon, client, version):
    card = pick_card(client)
    assert {85, 8229} <= card["required"]
    offer_id = f"FLOW-{version}"
    path, body = request_for(version, card, offer_id, ozon)
    task_id = ok(client.post(path, json=body))["result"]["task_id"]

    # polling shows every status on the way, driven by the clock
    statuses = []
    for _ in range(20):
        item = ok(client.post("/v1/product/import/info", json={"task_id": task_id}))["result"]["items"][0]
        statuses.append(item["status"])
        if item["status"] in ("imported", "processed", "failed", "failed_validation"):
            break
        advance(client, 1)
    assert item["errors"] == [] or all(e["level"] == "warning" for e in item["errors"]), item
    expected = ["processing", "moderating", "processed"] if version == "v1" else ["pending", "imported"]
    assert [s for i, s in enumerate(statuses) if i == 0 or statuses[i - 1] != s] == expected
    product_id = item["product_id"]
    assert product_id

    # before moderation ends: no SKU, not visible, stock refused
    warehouse = first_warehouse(client)
    if version != "v1":
        early = ok(client.post("/v3/product/info/list", json={"offer_id": [offer_id]}))["items"][0]
        assert early["sku"] == 0 and early["statuses"]["is_created"] is False
        refused = ok(client.post("/v2/products/stocks", json={"stocks": [
            {"offer_id": offer_id, "product_id": product_id, "stock": 7, "warehouse_id": warehouse}]}))["result"][0]
        assert refused["updated"] is False and refused["errors"][0]["code"] == "product_is_not_created"
        advance(client, 30)

    # read back in every version
    v3 = ok(client.post("/v3/product/info/list", json={"offer_id": [offer_id]}))["items"][0]
    assert v3["id"] == product_id and v3["sku"] and v3["statuses"]["status"] == "price_sent"
    if version != "by_sku":
        assert v3["description_category_id"] == CATEGORY and v3["type_id"] == TYPE
    sku = v3["sku"]
    assert offer_id in listed(client)
    assert {"product_id": product_id, "offer_id": offer_id} in ok(client.post(
        "/v2/product/list", json={"filter": {"offer_id": [offer_id]}, "limit": 10}))["result"]["items"]
    assert ok(client.post("/v1/product/list", json={"filter": {"product_id": [product_id]}}))["result"]["items"] == [
        {"product_id": product_id, "offer_id": offer_id}]
    v1_info = ok(client.post("/v1/product/info", json={"product_id": product_id}))["result"]
    assert v1_info["state"] == "processed" and v1_info["sku"] == sku and v1_info["offer_id"] == offer_id
    v2_info = ok(client.post("/v2/product/info", json={"sku": sku}))
    assert v2_info["id"] == product_id and v2_info["state"] == "processed"
    assert ok(client.post("/v2/product/info/list", json={"sku": [sku]}))["result"]["items"][0]["id"] == product_id
    v4_attributes = ok(client.post("/v4/product/info/attributes",
                                   json={"filter": {"product_id": [product_id]}, "limit": 10}))
    attributes = {a["id"]: a for a in v4_attributes["result"][0]["attributes"]}
    assert attributes[85]["values"][0]["value"] and attributes[8229]["values"][0]["dictionary_value_id"] == v3["type_id"]
    for path in ("/v3/products/info/attributes", "/v3/product/info/attributes"):
        legacy = ok(client.post(path, json={"filter": {"offer_id": [offer_id]}, "limit": 10}))["result"][0]
        assert 85 in {a["attribute_id"] for a in legacy["attributes"]}
    v2_attributes = ok(client.post("/v2/products/info/attributes", json={"filter": {"offer_id": [offer_id]}}))
    assert 85 in {a["attributeId"] for a in v2_attributes["result"][0]["attributes"]}
    description = ok(client.post("/v1/product/info/description", json={"product_id": product_id}))["result"]
    assert description["offer_id"] == offer_id and (description["description"] or version == "by_sku")

    # price update, read back in every price view
    result = ok(client.post("/v1/product/import/prices", json={"prices": [
        {"offer_id": offer_id, "price": "900", "old_price": "1200", "min_price": "800"}]}))["result"]
    assert result == [{"product_id": product_id, "offer_id": offer_id, "updated": True, "errors": []}]
    v5 = ok(client.post("/v5/product/info/prices", json={"filter": {"offer_id": [offer_id]}, "limit": 10}))
    assert v5["items"][0]["price"]["price"] == 900 and v5["items"][0]["price"]["old_price"] == 1200
    assert v5["items"][0]["price"]["min_price"] == 800
    v4 = ok(client.post("/v4/product/info/prices", json={"filter": {"offer_id": [offer_id]}, "limit": 10}))
    assert v4["result"]["items"][0]["price"]["price"] == "900"
    v1_prices = ok(client.post("/v1/product/info/prices", json={"page_size": 1000}))["result"]["items"]
    assert next(p for p in v1_prices if p["offer_id"] == offer_id)["price"]["old_price"] == "1200"
    assert info_price(client, offer_id) == "900"

    # stock, read back; the product becomes visible
    stocked = ok(client.post("/v2/products/stocks", json={"stocks": [
        {"offer_id": offer_id, "product_id": product_id, "stock": 7, "warehouse_id": warehouse}]}))["result"][0]
    assert stocked["updated"] and stocked["errors"] == []
    v4_stock = ok(client.post("/v4/product/info/stocks", json={"filter": {"offer_id": [offer_id]}, "limit": 10}))
    fbs = next(s for s in v4_stock["items"][0]["stocks"] if s["type"] == "fbs")
    assert fbs["present"] == 7 and fbs["warehouse_ids"] == [warehouse]
    v3_stock = ok(client.post("/v3/product/info/stocks", json={"filter": {"offer_id": [offer_id]}, "limit": 10}))
    assert next(s for s in v3_stock["result"]["items"][0]["stocks"] if s["type"] == "fbs")["present"] == 7
    v1_stock = ok(client.post("/v1/product/info/stocks", json={"page_size": 1000}))["result"]["items"]
    assert next(s for s in v1_stock if s["offer_id"] == offer_id)["stock"]["present"] == 7
    by_warehouse = ok(client.post("/v2/product/info/stocks-by-warehouse/fbs", json={"sku": [sku], "limit": 10}))
    assert by_warehouse["products"][0]["free_stock"] == 7
    assert ok(client.post("/v1/product/info/stocks-by-warehouse/fbs", json={"offer_id": [offer_id]}))["result"][0][
        "warehouse_id"] == warehouse
    assert offer_id in listed(client, "VISIBLE")
    assert ok(client.post("/v1/product/info", json={"offer_id": offer_id}))["result"]["visible"] is True

    # archive / unarchive move it between list filters
    assert ok(client.post("/v1/product/archive", json={"product_id": [product_id]})) == {"result": True}
    assert offer_id in listed(client, "ARCHIVED") and offer_id not in listed(client, "ALL")
    assert offer_id not in listed(client, "VISIBLE")
    assert ok(client.post("/v1/product/unarchive", json={"product_id": [product_id]})) == {"result": True}
    assert offer_id in listed(client, "ALL") and offer_id not in listed(client, "ARCHIVED")

    # delete rules: a product with an SKU stays
    status = ok(client.post("/v2/products/delete", json={"products": [{"offer_id": offer_id}]}))["status"][0]
    assert status["is_deleted"] is False and status["error"]
    assert offer_id in listed(client)


def info_price(client, offer_id: str) -> str:
    return ok(client.post("/v3/product/info/list", json={"offer_id": [offer_id]}))["items"][0]["price"]


def test_the_documented_v3_example_imports(client, ozon):
    body = ozon.app.catalog.get("POST", "/v3/product/import").example_request
    items = finish(client, ok(client.post("/v3/product/import", json=body))["result"]["task_id"])
    assert items[0]["status"] == "imported", items
    assert items[0]["offer_id"] == "143210608"


def test_v2_pictures_import_is_a_task_that_replaces_the_pictures(client, ozon):
    products = ok(client.post("/v3/product/list", json={"limit": 2}))["result"]["items"]
    first, second = products
    links = [f"https://cdn.example.com/{n}.jpg" for n in range(3)]
    task = ok(client.post("/v2/product/pictures/import", json={"items": [
        {"offer_id": first["offer_id"], "images": links, "primary_image": links[2], "color_image": "https://c/1.jpg"},
        {"offer_id": "NO-SUCH-OFFER", "images": links}]}))["task_id"]
    info = ok(client.post("/v1/product/import/info", json={"task_id": task}))["result"]["items"]
    assert [i["status"] for i in info] == ["pending", "pending"]
    ozon.clock.advance(120)
    info = ok(client.post("/v1/product/import/info", json={"task_id": task}))["result"]["items"]
    assert [(i["offer_id"], i["status"]) for i in info] == [(first["offer_id"], "imported"),
                                                           ("NO-SUCH-OFFER", "failed")]
    assert info[1]["errors"][0]["code"] == "offer_id_not_found"
    pictures = ok(client.post("/v2/product/pictures/info", json={"product_id": [first["product_id"]]}))["items"][0]
    assert pictures["primary_photo"] == [links[2]] and pictures["photo"] == links[:2]
    assert pictures["color_photo"] == ["https://c/1.jpg"]
    ok(client.post("/v2/product/pictures/import", json={"items": [{"offer_id": first["offer_id"],
                                                                   "images": links[:1]}]}))
    again = ok(client.post("/v2/product/pictures/info", json={"product_id": [first["product_id"]]}))["items"][0]
    assert again["primary_photo"] == links[:1] and again["photo"] == [] and again["color_photo"] == []
    untouched = ok(client.post("/v2/product/pictures/info", json={"product_id": [second["product_id"]]}))["items"][0]
    assert links[0] not in untouched["primary_photo"] + untouched["photo"]
    too_many = client.post("/v2/product/pictures/import", json={"items": [
        {"offer_id": first["offer_id"], "images": [f"https://c/{n}.jpg" for n in range(31)]}]})
    assert too_many.status_code == 400 and "items[0].images" in too_many.json()["message"]


def test_only_the_newest_import_tasks_are_kept(client, monkeypatch):
    """Past `TASKS_KEPT` tasks a seller's oldest task reads as unknown; the newer ones still read."""
    monkeypatch.setattr(product_model, "TASKS_KEPT", 3)
    tasks = [import_v3(client, [item()]) for _ in range(4)]
    advance(client, 3)
    assert task_items(client, tasks[0]) == []
    for task in tasks[1:]:
        assert [i["status"] for i in task_items(client, task)] == ["imported"]
