"""Stock updates and their documented limits, on the world clock."""
from __future__ import annotations

import pytest

from ozmock import OzonMock
from ozmock.domain.products.model import StockError, products_of

from .support import advance, finish, first_warehouse, import_v3, item, ok


def seeded(client, index: int = 1) -> dict:
    return ok(client.post("/v3/product/info/list", json={"offer_id": [f"OZM-836-{index:04d}"]}))["items"][0]


def free(client, index: int) -> int:
    """Free units of a seeded product on the first warehouse (seeded orders may hold reservations)."""
    rows = ok(client.post("/v1/product/info/stocks-by-warehouse/fbs",
                          json={"offer_id": [f"OZM-836-{index:04d}"]}))["result"]
    row = next(r for r in rows if r["warehouse_id"] == first_warehouse(client))
    return row["present"] - row["reserved"]


def stock(client, warehouse: int, *pairs: tuple[str, int]) -> list[dict]:
    body = {"stocks": [{"offer_id": offer, "product_id": 0, "stock": count, "warehouse_id": warehouse}
                       for offer, count in pairs]}
    return ok(client.post("/v2/products/stocks", json=body))["result"]


def test_the_81st_stocks_call_in_a_minute_is_refused_and_a_minute_later_allowed(client):
    warehouse = first_warehouse(client)
    for n in range(80):
        assert client.post("/v2/products/stocks", json={"stocks": [
            {"offer_id": "OZM-836-0001", "product_id": 0, "stock": n, "warehouse_id": warehouse}]}).status_code == 200
        advance(client, 0.5)
    refused = client.post("/v2/products/stocks", json={"stocks": [
        {"offer_id": "OZM-836-0001", "product_id": 0, "stock": 1, "warehouse_id": warehouse}]})
    assert refused.status_code == 429
    assert refused.json()["code"] == 8 and int(refused.headers["Retry-After"]) >= 1
    advance(client, 20.5)  # the first call of the window is now a minute old
    assert client.post("/v2/products/stocks", json={"stocks": [
        {"offer_id": "OZM-836-0001", "product_id": 0, "stock": 1, "warehouse_id": warehouse}]}).status_code == 200


def test_legacy_stock_calls_share_the_minute_window(client):
    for _ in range(80):
        assert client.post("/v1/product/import/stocks", json={"stocks": [
            {"offer_id": "OZM-836-0002", "stock": 1}]}).status_code == 200
        advance(client, 0.25)
    assert client.post("/v2/products/stocks", json={"stocks": [
        {"offer_id": "OZM-836-0002", "product_id": 0, "stock": 1, "warehouse_id": 1}]}).status_code == 429


def test_a_pair_updates_once_in_30_seconds(client):
    warehouse = first_warehouse(client)
    assert stock(client, warehouse, ("OZM-836-0003", 5))[0]["updated"]
    advance(client, 29)
    second = stock(client, warehouse, ("OZM-836-0003", 6), ("OZM-836-0004", 6))
    assert second[0]["updated"] is False
    assert second[0]["errors"] == [{"code": "TOO_MANY_REQUESTS", "message": second[0]["errors"][0]["message"]}]
    assert second[1]["updated"] is True  # another pair is not affected
    assert free(client, 3) == 5
    advance(client, 1)  # the 31st second
    assert stock(client, warehouse, ("OZM-836-0003", 6))[0]["updated"]
    assert free(client, 3) == 6


def test_the_same_pair_twice_in_one_request(client):
    warehouse = first_warehouse(client)
    first, second = stock(client, warehouse, ("OZM-836-0005", 1), ("OZM-836-0005", 2))
    assert first["updated"] and not second["updated"] and second["errors"][0]["code"] == "TOO_MANY_REQUESTS"


def test_other_warehouse_is_another_pair(client):
    warehouses = ok(client.post("/v1/warehouse/list", json={"limit": 10}))["result"]
    assert len(warehouses) == 2
    results = stock(client, warehouses[0]["warehouse_id"], ("OZM-836-0006", 3))
    results += stock(client, warehouses[1]["warehouse_id"], ("OZM-836-0006", 4))
    assert all(r["updated"] for r in results)
    rows = ok(client.post("/v1/product/info/stocks-by-warehouse/fbs", json={"offer_id": ["OZM-836-0006"]}))["result"]
    assert {(r["warehouse_id"], r["present"] - r["reserved"]) for r in rows} >= {(warehouses[0]["warehouse_id"], 3),
                                                                (warehouses[1]["warehouse_id"], 4)}


@pytest.mark.parametrize("case, code", [
    ({"offer_id": "NOPE", "product_id": 0}, "offer_id_not_found"),
    ({"offer_id": "", "product_id": 1}, "NOT_FOUND_ERROR"),
    ({"warehouse_id": 42}, "WAREHOUSE_NOT_FOUND"),
    ({"stock": 1_000_000}, "STOCK_TOO_BIG"),
    ({"stock": -1}, "INVALID_STOCK"),
])
def test_item_errors(client, case, code):
    body = dict({"offer_id": "OZM-836-0007", "product_id": 0, "stock": 3, "warehouse_id": first_warehouse(client)},
                **case)
    result = ok(client.post("/v2/products/stocks", json={"stocks": [body]}))["result"][0]
    assert result["updated"] is False and result["errors"][0]["code"] == code


def test_stock_only_after_moderation(client):
    finish(client, import_v3(client, [item("FRESH-1")]))
    result = stock(client, first_warehouse(client), ("FRESH-1", 3))[0]
    assert result["errors"][0]["code"] == "product_is_not_created"
    advance(client, 10)
    assert stock(client, first_warehouse(client), ("FRESH-1", 3))[0]["updated"]


def test_offer_id_wins_over_product_id(client):
    other = seeded(client, 9)["id"]
    result = ok(client.post("/v2/products/stocks", json={"stocks": [
        {"offer_id": "OZM-836-0008", "product_id": other, "stock": 11, "warehouse_id": first_warehouse(client)}]}))
    assert result["result"][0]["offer_id"] == "OZM-836-0008"
    assert free(client, 8) == 11


def test_more_than_100_pairs_is_refused(client):
    body = {"stocks": [{"offer_id": "x", "product_id": 1, "stock": 1, "warehouse_id": 1}] * 101}
    response = client.post("/v2/products/stocks", json=body)
    assert response.status_code == 400 and "no more than 100" in response.json()["message"]


def test_legacy_stock_update_goes_to_the_first_warehouse(client):
    result = ok(client.post("/v1/product/import/stocks", json={"stocks": [{"offer_id": "OZM-836-0010", "stock": 9}]}))
    assert result["result"] == [{"product_id": seeded(client, 10)["id"], "offer_id": "OZM-836-0010", "updated": True,
                                 "errors": []}]
    assert free(client, 10) == 9


def test_reserve_and_release_for_orders(ozon, client):
    """The small stock API the order flows use: stock sent by the seller is the free amount."""
    warehouse = first_warehouse(client)
    stock(client, warehouse, ("OZM-836-0011", 10))
    store = products_of(ozon.world.sellers[836])
    product = store.find(offer_id="OZM-836-0011")
    store.reserve(product, warehouse, 3)
    assert (product.present_stock(warehouse), product.reserved_stock(warehouse), product.free_stock(warehouse)) == \
        (10, 3, 7)
    with pytest.raises(StockError):
        store.reserve(product, warehouse, 8)
    advance(client, 31)
    stock(client, warehouse, ("OZM-836-0011", 5))  # the seller sets the free amount; reserved units stay
    assert (product.present_stock(warehouse), product.reserved_stock(warehouse)) == (8, 3)
    row = ok(client.post("/v2/product/info/stocks-by-warehouse/fbs", json={"offer_id": ["OZM-836-0011"],
                                                                           "limit": 10}))["products"][0]
    assert (row["present"], row["reserved"], row["free_stock"]) == (8, 3, 5)
    store.release(product, warehouse, 1)
    store.ship(product, warehouse, 2)
    assert (product.present_stock(warehouse), product.reserved_stock(warehouse)) == (6, 0)
    assert store.find(sku=product.sku, now=ozon.clock.timestamp()) is product


def test_stock_views_list_every_product(client):
    page = ok(client.post("/v4/product/info/stocks", json={"filter": {"visibility": "ALL"}, "limit": 5}))
    assert len(page["items"]) == 5 and page["total"] == 14 and page["cursor"]
    rest = ok(client.post("/v4/product/info/stocks", json={"filter": {}, "limit": 100, "cursor": page["cursor"]}))
    assert len(rest["items"]) == 9
    done = ok(client.post("/v4/product/info/stocks", json={"filter": {}, "limit": 100, "cursor": rest["cursor"]}))
    assert done["items"] == [] and done["cursor"] == ""


def test_warehouse_stocks_listing(client):
    warehouse = first_warehouse(client)
    rows = ok(client.post("/v1/product/info/warehouse/stocks", json={"warehouse_id": warehouse, "limit": 3}))
    assert len(rows["stocks"]) == 3 and rows["has_next"] and all(r["warehouse_id"] == warehouse for r in rows["stocks"])
    more = ok(client.post("/v1/product/info/warehouse/stocks",
                          json={"warehouse_id": warehouse, "limit": 100, "cursor": rows["cursor"]}))
    assert not more["has_next"] and len(rows["stocks"]) + len(more["stocks"]) == 8


def test_no_rate_rules_when_the_scenario_turns_them_off():
    with OzonMock(strict=True) as ozon, ozon.client() as client:
        ozon.world.settings.limits = {"stocks_requests_per_minute": None, "stock_pair_interval_seconds": None}
        ozon.world.settings.rate_limit_per_second = None
        warehouse = first_warehouse(client)
        for n in range(100):
            assert stock(client, warehouse, ("OZM-836-0012", n))[0]["updated"]
