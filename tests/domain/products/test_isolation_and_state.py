"""Sellers never see each other's products, tasks, prices or stocks; every product operation is
stateful; the product state survives export/import and snapshots."""
from __future__ import annotations

from .support import create_ready, finish, first_warehouse, import_v3, info, item, listed, ok

PRODUCT_OPERATIONS = """
POST /v1/description-category/tree
POST /v1/description-category/attribute
POST /v1/description-category/attribute/values
POST /v1/description-category/attribute/values/search
POST /v1/category/tree
POST /v2/category/tree
POST /v1/category/attribute
POST /v2/category/attribute
POST /v3/category/attribute
POST /v2/category/attribute/values
POST /v2/category/attribute/value/by-option
POST /v1/product/classify
POST /v3/product/import
POST /v2/product/import
POST /v1/product/import
POST /v1/product/import-by-sku
POST /v1/product/attributes/update
POST /v1/product/pictures/import
POST /v1/product/update
POST /v1/product/import/info
POST /v3/product/list
POST /v3/product/info/list
POST /v4/product/info/attributes
POST /v1/product/list
POST /v2/product/list
POST /v1/product/info
POST /v2/product/info
POST /v2/product/info/list
POST /v2/products/info/attributes
POST /v3/products/info/attributes
POST /v3/product/info/attributes
POST /v1/product/info/description
POST /v1/product/import/prices
POST /v5/product/info/prices
POST /v1/product/info/prices
POST /v4/product/info/prices
POST /v2/products/stocks
POST /v1/product/import/stocks
POST /v3/product/info/stocks
POST /v4/product/info/stocks
POST /v1/product/info/stocks
POST /v1/product/info/stocks-by-warehouse/fbs
POST /v2/product/info/stocks-by-warehouse/fbs
POST /v1/product/info/warehouse/stocks
POST /v1/warehouse/list
POST /v2/warehouse/list
POST /v1/product/archive
POST /v1/product/unarchive
POST /v2/products/delete
POST /v1/product/pictures/info
POST /v2/product/pictures/info
POST /v1/product/info/subscription
POST /v1/product/rating-by-sku
POST /v1/product/related-sku/get
POST /v1/barcode/add
POST /v1/barcode/generate
POST /v1/barcode/delete
POST /v1/product/info/stocks-by-warehouse/fbo
POST /v1/product/upload_digital_codes
POST /v1/product/upload_digital_codes/info
POST /v1/product/update/offer-id
POST /v1/product/prepayment/set
POST /v1/product/info/discounted
POST /v1/product/update/discount
POST /v4/product/info/limit
"""


def test_every_product_operation_is_stateful(client):
    wanted = {tuple(line.split(" ", 1)) for line in PRODUCT_OPERATIONS.strip().splitlines()}
    listed_ops = ok(client.get("/__ozmock/operations"))["operations"]
    fidelity = {(op["method"], op["path"]): op["fidelity"] for op in listed_ops}
    assert wanted <= set(fidelity)
    assert {op: fidelity[op] for op in wanted if fidelity[op] != "stateful"} == {}
    assert len(wanted) == 65


def test_second_seller_sees_nothing_of_the_first(client, other):
    mine = create_ready(client, item("MINE-1"))[0]
    task = import_v3(client, [item("MINE-2")])
    ok(client.post("/v1/product/import/prices", json={"prices": [{"offer_id": "MINE-1", "price": "555",
                                                                  "old_price": "0"}]}))
    warehouse = first_warehouse(client)
    ok(client.post("/v2/products/stocks", json={"stocks": [{"offer_id": "MINE-1", "product_id": 0, "stock": 4,
                                                            "warehouse_id": warehouse}]}))

    theirs = listed(other)
    assert theirs and all(o.startswith("OZM-837-") for o in theirs)
    assert "MINE-1" not in theirs and not any(o.startswith("OZM-836") for o in theirs)
    assert info(other, product_id=[mine["id"]]) == [] and info(other, sku=[mine["sku"]]) == []
    assert ok(other.post("/v1/product/import/info", json={"task_id": task}))["result"] == {"items": [], "total": 0}
    assert other.post("/v1/product/info", json={"product_id": mine["id"]}).status_code == 404
    prices = ok(other.post("/v5/product/info/prices", json={"filter": {"offer_id": ["MINE-1"]}, "limit": 10}))
    assert prices["items"] == [] and prices["total"] == 0
    refused = ok(other.post("/v1/product/import/prices", json={"prices": [{"product_id": mine["id"], "price": "1"}]}))
    assert refused["result"][0]["updated"] is False
    stocks = ok(other.post("/v4/product/info/stocks", json={"filter": {"product_id": [mine["id"]]}, "limit": 10}))
    assert stocks["items"] == []
    their_warehouses = ok(other.post("/v1/warehouse/list", json={"limit": 10}))["result"]
    assert warehouse not in {w["warehouse_id"] for w in their_warehouses}
    own = listed(other)[0]
    not_mine = ok(other.post("/v2/products/stocks", json={"stocks": [
        {"offer_id": own, "product_id": 0, "stock": 1, "warehouse_id": warehouse}]}))["result"][0]
    assert not_mine["errors"][0]["code"] == "WAREHOUSE_NOT_FOUND"
    assert ok(other.post("/v4/product/info/limit", json={}))["daily_create"]["usage"] == 0
    assert ok(client.post("/v4/product/info/limit", json={}))["daily_create"]["usage"] == 2
    assert ok(other.post("/v2/products/delete", json={"products": [{"offer_id": "MINE-2"}]}))["status"][0][
        "is_deleted"] is False
    assert "MINE-2" in listed(client)


def test_state_export_and_import_keep_products(ozon, client):
    create_ready(client, item("KEEP-1"))
    finish(client, import_v3(client, [item("KEEP-2")]))
    exported = ok(client.get("/__ozmock/state?api_keys=show"))
    before = ok(client.post("/v3/product/info/list", json={"offer_id": ["KEEP-1", "KEEP-2", "OZM-836-0001"]}))
    ok(client.post("/__ozmock/reset", json={}))
    assert info(client, offer_id=["KEEP-1"]) == []
    assert client.put("/__ozmock/state", json=exported).status_code == 200
    after = ok(client.post("/v3/product/info/list", json={"offer_id": ["KEEP-1", "KEEP-2", "OZM-836-0001"]}))
    assert after == before
    assert listed(client).count("KEEP-1") == 1


def test_snapshot_restore(ozon, client):
    snapshot = ozon.snapshot()
    create_ready(client, item("SNAP-1"))
    ozon.restore(snapshot)
    assert info(client, offer_id=["SNAP-1"]) == []
    create_ready(client, item("SNAP-1"))
    assert len(info(client, offer_id=["SNAP-1"])) == 1
