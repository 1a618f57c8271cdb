"""Pricing strategies: create -> add products (min price rule) -> info / products list -> status -> delete."""
import pytest

from tests.support import ok

pytestmark = pytest.mark.ozon_options(rate_limit_per_second=None)  # flows make many calls per frozen second


def test_strategy_flow(client, other):
    strategies = ok(client.post("/v1/pricing-strategy/list", json={"page": 1, "limit": 50}))
    assert strategies["total"] == 1 and strategies["strategies"][0]["type"] == "MIN_EXT_PRICE"
    system_id = strategies["strategies"][0]["id"]
    competitors = ok(client.post("/v1/pricing-strategy/competitors/list", json={"page": 1, "limit": 3}))
    assert len(competitors["competitor"]) == 3 and competitors["total"] > 3
    chosen = [{"competitor_id": c["id"], "coefficient": 0.9} for c in competitors["competitor"][:2]]
    strategy_id = ok(client.post("/v1/pricing-strategy/create", json={
        "strategy_name": "Дешевле всех", "competitors": chosen}))["result"]["strategy_id"]

    products = ok(client.post("/v3/product/list", json={"filter": {"visibility": "VISIBLE"}, "limit": 3}))
    product_ids = [p["product_id"] for p in products["result"]["items"]]
    refused = ok(client.post("/v1/pricing-strategy/products/add",
                             json={"strategy_id": strategy_id, "product_id": product_ids}))["result"]
    assert refused["failed_product_count"] == 3 and refused["errors"][0]["code"] == "MIN_PRICE_NOT_SET"

    prices = ok(client.post("/v5/product/info/prices", json={"filter": {"product_id": product_ids}, "limit": 10}))
    updates = [{"product_id": item["product_id"], "min_price": str(int(item["price"]["price"] * 0.8))}
               for item in prices["items"]]
    ok(client.post("/v1/product/import/prices", json={"prices": updates}))
    added = ok(client.post("/v1/pricing-strategy/products/add",
                           json={"strategy_id": strategy_id, "product_id": [str(p) for p in product_ids[:2]]}))
    assert added["result"] == {"errors": [], "failed_product_count": 0}
    busy = ok(client.post("/v1/pricing-strategy/products/add",
                          json={"strategy_id": system_id, "product_id": [product_ids[0]]}))["result"]
    assert busy["errors"][0]["code"] == "ALREADY_IN_STRATEGY"

    listed = ok(client.post("/v1/pricing-strategy/products/list", json={"strategy_id": strategy_id}))
    assert listed["result"]["product_id"] == [str(p) for p in sorted(product_ids[:2])]
    info = ok(client.post("/v1/pricing-strategy/info", json={"strategy_id": strategy_id}))["result"]
    assert info["name"] == "Дешевле всех" and info["type"] == "COMP_PRICE"
    assert info["update_type"] == "strategyItemsListChanged" and len(info["competitors"]) == 2
    by_product = ok(client.post("/v1/pricing-strategy/strategy-ids-by-product-ids", json={"product_id": product_ids}))
    assert {r["product_id"]: r["strategy_id"] for r in by_product["result"]["products_info"]} == {
        product_ids[0]: strategy_id, product_ids[1]: strategy_id, product_ids[2]: ""}
    price = ok(client.post("/v1/pricing-strategy/product/info", json={"product_id": product_ids[0]}))["result"]
    assert price["strategy_id"] == strategy_id and price["is_enabled"] and price["strategy_product_price"] > 0
    assert price["strategy_competitor_id"] in [c["competitor_id"] for c in chosen]

    ok(client.post("/v1/pricing-strategy/status", json={"strategy_id": strategy_id, "enabled": False}))
    assert not ok(client.post("/v1/pricing-strategy/info", json={"strategy_id": strategy_id}))["result"]["enabled"]
    ok(client.post("/v1/pricing-strategy/update", json={
        "strategy_id": strategy_id, "strategy_name": "Новое имя", "competitors": chosen[:1]}))
    row = next(s for s in ok(client.post("/v1/pricing-strategy/list", json={"page": 1, "limit": 50}))["strategies"]
               if s["id"] == strategy_id)
    assert row == {**row, "name": "Новое имя", "competitors_count": 1, "products_count": 2,
                   "update_type": "strategyChanged", "enabled": False}

    # the second seller has only its own system strategy
    theirs = ok(other.post("/v1/pricing-strategy/list", json={"page": 1, "limit": 50}))
    assert theirs["total"] == 1 and theirs["strategies"][0]["id"] != system_id
    assert other.post("/v1/pricing-strategy/info", json={"strategy_id": strategy_id}).status_code == 404

    removed = ok(client.post("/v1/pricing-strategy/products/delete", json={"product_id": [product_ids[0], 1]}))
    assert removed["result"]["failed_product_count"] == 1
    ok(client.post("/v1/pricing-strategy/delete", json={"strategy_id": strategy_id}))
    assert client.post("/v1/pricing-strategy/info", json={"strategy_id": strategy_id}).status_code == 404
    gone = ok(client.post("/v1/pricing-strategy/strategy-ids-by-product-ids", json={"product_id": product_ids[:2]}))
    assert all(r["strategy_id"] == "" for r in gone["result"]["products_info"])


def test_strategy_rules(client):
    system_id = ok(client.post("/v1/pricing-strategy/list", json={"page": 1, "limit": 1}))["strategies"][0]["id"]
    for path, body in [("/v1/pricing-strategy/status", {"strategy_id": system_id, "enabled": False}),
                       ("/v1/pricing-strategy/delete", {"strategy_id": system_id})]:
        response = client.post(path, json=body)
        assert response.status_code == 400 and "system" in response.json()["message"]
    unknown = client.post("/v1/pricing-strategy/create", json={
        "strategy_name": "x", "competitors": [{"competitor_id": 5, "coefficient": 1}]})
    assert unknown.status_code == 400 and "competitor" in unknown.json()["message"]
    bad = client.post("/v1/pricing-strategy/create", json={
        "strategy_name": "x", "competitors": [{"competitor_id": 204, "coefficient": 1.5}]})
    assert bad.status_code == 400
    assert ok(client.post("/v1/pricing-strategy/list", json={"page": 1, "limit": 50}))["total"] == 1
