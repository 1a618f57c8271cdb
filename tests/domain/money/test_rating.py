"""Seller ratings and the FBS error index follow the postings; seller info; search-query analytics."""
import pytest

from tests.support import ok, orders

pytestmark = pytest.mark.ozon_options(rate_limit_per_second=None)  # flows make many calls per frozen second


def rating(client, name):
    for group in ok(client.post("/v1/rating/summary", json={}))["groups"]:
        for item in group["items"]:
            if item["rating"] == name:
                return item
    raise AssertionError(name)


def test_cancellations_move_the_ratings(ozon, client, other):
    before = rating(client, "rating_order_cancellation")["current_value"]
    made = orders(ozon, count=4)
    ok(client.post("/v2/posting/fbs/cancel", json={"posting_number": made[0].number, "cancel_reason_id": 352}))
    after = rating(client, "rating_order_cancellation")
    assert after["current_value"] > before and after["change"]["meaning"] == "BAD"
    errors = ok(client.post("/v1/rating/index/fbs/posting/list", json={
        "filter": {"date_from": "2026-01-15T00:00:00Z", "date_to": "2026-01-16T00:00:00Z"}, "limit": 100}))["errors"]
    assert [(e["posting_number"], e["posting_error_type"]) for e in errors] == [(made[0].number, "SELLER_CANCELLATION")]
    index = ok(client.post("/v1/rating/index/fbs/info", json={}))
    assert index["index"] > 0 and index["processing_costs_sum"] == errors[0]["charge_price"]

    ozon.clock.advance(2 * 86400)                  # the rest are not packed by shipment_date: late
    late = ok(client.post("/v1/rating/index/fbs/posting/list", json={
        "filter": {"date_from": "2026-01-15T00:00:00Z", "date_to": "2026-01-18T00:00:00Z"}, "limit": 100}))["errors"]
    delayed = {e["posting_number"] for e in late if e["posting_error_type"] == "SELLER_DELAY"}
    assert delayed >= {p.number for p in made[1:]}
    assert rating(client, "rating_shipment_delay")["current_value"] > 0
    info = ok(client.post("/v1/seller/info", json={}))
    assert info["company"]["name"] == ozon.seller().name
    on_time = next(r for r in info["ratings"] if r["rating"] == "rating_on_time")
    assert on_time["current_value"]["value"] == rating(client, "rating_on_time")["current_value"]
    history = ok(client.post("/v1/rating/history", json={
        "date_from": "2026-01-15T00:00:00Z", "date_to": "2026-01-17T00:00:00Z", "ratings": ["rating_on_time"]}))
    assert len(history["ratings"][0]["values"]) == 3
    theirs = ok(other.post("/v1/rating/index/fbs/posting/list", json={
        "filter": {"date_from": "2026-01-15T00:00:00Z", "date_to": "2026-01-18T00:00:00Z"}, "limit": 100}))["errors"]
    assert not {e["posting_number"] for e in theirs} & {p.number for p in made}


def test_product_queries(client):
    skus = [p["sku"] for p in ok(client.post("/v2/review/list", json={"limit": 20}))["reviews"][:2]]
    body = {"date_from": "2026-01-01T00:00:00Z", "skus": skus, "page_size": 10}
    items = ok(client.post("/v1/analytics/product-queries", json=body))
    assert {i["sku"] for i in items["items"]} == set(skus)
    details = ok(client.post("/v1/analytics/product-queries/details", json={**body, "limit_by_sku": 3}))
    for sku in skus:
        mine = [q for q in details["queries"] if q["sku"] == sku]
        summary = next(i for i in items["items"] if i["sku"] == sku)
        assert 1 <= len(mine) <= 3 and sum(q["unique_search_users"] for q in mine) <= summary["unique_search_users"]


def test_the_localization_index_is_one_object_with_its_date(ozon, client):
    index = ok(client.post("/v1/rating/summary", json={}))["localization_index"]
    assert set(index) == {"calculation_date", "localization_percentage"}
    assert index["calculation_date"].startswith(ozon.clock.now().strftime("%Y-%m-%d"))
