"""Analytics: /v1/analytics/data from postings (units, revenue), FBO stock views, turnover."""
from datetime import datetime, timezone

import pytest

from ozmock.domain.orders.model import store_of
from ozmock.domain.products.model import products_of
from tests.support import ok, orders

pytestmark = pytest.mark.ozon_options(rate_limit_per_second=None)  # flows make many calls per frozen second


def test_analytics_data_counts_the_orders(ozon, client, other):
    made = orders(ozon, count=3)
    store = store_of(ozon.seller())
    today = datetime.fromtimestamp(ozon.clock.now().timestamp(), tz=timezone.utc).date().isoformat()
    expected_units, expected_revenue = {}, {}
    for posting in store.postings.values():
        if posting.parent or datetime.fromtimestamp(posting.in_process_at, tz=timezone.utc).date().isoformat() != today:
            continue
        for line in posting.lines:
            expected_units[line["sku"]] = expected_units.get(line["sku"], 0) + line["quantity"]
            revenue = float(line["price"]) * line["quantity"]
            expected_revenue[line["sku"]] = expected_revenue.get(line["sku"], 0) + revenue
    assert {line["sku"] for p in made for line in p.lines} <= set(expected_units)
    body = {"date_from": today, "date_to": today, "dimension": ["sku"], "limit": 1000,
            "metrics": ["ordered_units", "revenue", "hits_view", "hits_tocart", "conv_tocart"],
            "sort": [{"key": "ordered_units", "order": "DESC"}]}
    data = ok(client.post("/v1/analytics/data", json=body))["result"]
    units = {int(row["dimensions"][0]["id"]): row["metrics"][0] for row in data["data"] if row["metrics"][0]}
    revenue = {int(row["dimensions"][0]["id"]): row["metrics"][1] for row in data["data"] if row["metrics"][0]}
    assert units == expected_units
    assert revenue == {sku: round(v, 2) for sku, v in expected_revenue.items()}
    assert data["totals"][0] == sum(expected_units.values())
    ordered = [row["metrics"][0] for row in data["data"]]
    assert ordered == sorted(ordered, reverse=True)
    for row in data["data"]:
        views, carts = row["metrics"][2], row["metrics"][3]
        assert views >= carts >= row["metrics"][0]

    limited = client.post("/v1/analytics/data", json=body)
    assert limited.status_code == 429                        # once a minute
    ozon.clock.advance(60)
    by_day = ok(client.post("/v1/analytics/data", json={**body, "dimension": ["day"], "metrics": ["ordered_units"],
                                                         "sort": []}))["result"]
    assert [row["dimensions"][0]["id"] for row in by_day["data"]] == [today]
    theirs = ok(other.post("/v1/analytics/data", json={**body, "metrics": ["ordered_units"], "sort": []}))["result"]
    assert not {row["dimensions"][0]["id"] for row in theirs["data"]} & {str(s) for s in expected_units}
    unknown = client.post("/v1/analytics/data", json={**body, "metrics": ["nonsense"]})
    assert unknown.status_code == 400


def test_fbo_stock_views(ozon, client):
    store = products_of(ozon.seller())
    stocked = [p for p in store.iter_from(0) if p.sku and not p.archived][:2]
    for product in stocked:
        product.fbo_present = 50
    made = orders(ozon, count=1, scheme="fbo", items=[{"offer_id": stocked[0].offer_id, "quantity": 2}])
    assert made[0].lines[0]["sku"] == stocked[0].sku
    rows = ok(client.post("/v2/analytics/stock_on_warehouses", json={"limit": 100, "offset": 0}))["result"]["rows"]
    by_sku = {row["sku"]: row for row in rows}
    assert {p.sku for p in stocked} <= set(by_sku)
    first = by_sku[stocked[0].sku]
    assert first["reserved_amount"] == 2 and first["free_to_sell_amount"] == 48
    assert ok(client.post("/v2/analytics/stock_on_warehouses", json={
        "limit": 100, "warehouse_type": "EXPRESS_DARK_STORE"}))["result"]["rows"] == []
    # the v1 list and item_turnover are known by path only (operations.tsv): the live API's refusal
    assert client.post("/v1/analytics/stock_on_warehouses", json={"limit": 1}).json()["code"] == 9

    turnover = ok(client.post("/v1/analytics/turnover/stocks", json={"limit": 100, "sku": [stocked[0].sku]}))["items"]
    assert [item["sku"] for item in turnover] == [stocked[0].sku] and turnover[0]["current_stock"] == 50
    assert turnover[0]["ads"] > 0 and turnover[0]["idc"] == round(50 / turnover[0]["ads"], 1)
    stocks = ok(client.post("/v1/analytics/stocks", json={"skus": [str(p.sku) for p in stocked]}))["items"]
    assert {i["sku"] for i in stocks} == {p.sku for p in stocked}
    managed = ok(client.post("/v1/analytics/manage/stocks", json={"limit": 100, "offset": 0}))["items"]
    assert {i["sku"]: i["valid_stock_count"] for i in managed} == {p.sku: 50 for p in stocked}
    assert client.post("/v1/analytics/item_turnover", json={"date_from": "2026-01-10"}).json()["code"] == 9


def test_fbo_stocks_by_warehouse_agree_with_the_stock_report(ozon, client):
    store = products_of(ozon.seller())
    stocked = [p for p in store.iter_from(0) if p.sku and not p.archived][:3]
    for product in stocked:
        product.fbo_present = 30
    orders(ozon, count=1, scheme="fbo", items=[{"offer_id": stocked[0].offer_id, "quantity": 3}])
    report = {row["sku"]: row for row in ok(client.post("/v2/analytics/stock_on_warehouses",
                                                        json={"limit": 100}))["result"]["rows"]}
    first = ok(client.post("/v1/product/info/stocks-by-warehouse/fbo", json={"limit": 2}))
    assert first["has_next"] is True and len(first["products"]) == 2
    rest = ok(client.post("/v1/product/info/stocks-by-warehouse/fbo", json={"limit": 2, "cursor": first["cursor"]}))
    rows = {row["sku"]: row for row in first["products"] + rest["products"]}
    assert set(rows) == set(report) >= {p.sku for p in stocked}
    for sku, row in rows.items():
        assert row["present"] - row["reserved"] == report[sku]["free_to_sell_amount"]
        assert row["reserved"] == report[sku]["reserved_amount"]
    assert rows[stocked[0].sku]["reserved"] == 3 and rows[stocked[0].sku]["present"] == 30
    by_offer = ok(client.post("/v1/product/info/stocks-by-warehouse/fbo",
                              json={"limit": 10, "offer_ids": [stocked[1].offer_id]}))["products"]
    assert [row["sku"] for row in by_offer] == [stocked[1].sku]
    assert ok(client.post("/v1/product/info/stocks-by-warehouse/fbo",
                          json={"limit": 10, "skus": [str(stocked[2].sku)]}))["products"][0]["product_id"] == \
        stocked[2].product_id
