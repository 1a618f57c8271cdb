"""Fields Ozon's changelog added to older operations after June 2026 (tools/changelog_2026.py): the
served contract has them, and the answers of the stateful operations carry the world's values."""
import sys

import pytest

from ozmock.catalog import load_catalog
from ozmock.domain.products.model import products_of
from tests.support import ROOT, ok, orders

sys.path.insert(0, str(ROOT / "tools"))
from changelog_2026 import CHANGES  # noqa: E402

pytestmark = pytest.mark.ozon_options(rate_limit_per_second=None)


def _has(schema: dict, location: str, name: str) -> bool:
    node = schema
    for part in filter(None, location.split(".")):
        node = node["properties"][part.removesuffix("[]")]
        if part.endswith("[]"):
            node = node["items"]
    return name in node.get("properties", {})


@pytest.mark.parametrize("key", sorted(CHANGES), ids=" ".join)
def test_the_served_contract_has_every_changelog_field(key):
    operation = load_catalog().get(*key)
    for side in ("request", "response"):
        for location, fields in CHANGES[key].get(f"{side}_fields", {}).items():
            schema = operation.request_schema if side == "request" else operation.response_schema
            assert all(_has(schema, location, name) for name in fields), (side, location)


def test_declared_price_set_by_import_is_read_by_the_card_and_the_prices(client):
    product = ok(client.post("/v3/product/list", json={"limit": 1}))["result"]["items"][0]
    answer = ok(client.post("/v1/product/import/prices", json={"prices": [
        {"product_id": product["product_id"], "declared_price": "1234.75"},
        {"product_id": product["product_id"], "declared_price": "12,5"}]}))["result"]
    assert [r["updated"] for r in answer] == [True, False]
    assert answer[1]["errors"][0]["code"] == "invalid_price"
    card = ok(client.post("/v3/product/info/list", json={"product_id": [product["product_id"]]}))["items"][0]
    assert card["declared_price"] == {"amount": "1234.75", "currency": card["currency_code"]}
    prices = ok(client.post("/v5/product/info/prices", json={"filter": {"product_id": [product["product_id"]]},
                                                            "limit": 10}))
    assert prices["items"][0]["price"]["declared_price"] == {"amount": "1234.75", "currency": card["currency_code"]}


def test_total_items_is_the_total_and_skus_filter_the_list(client):
    listed = ok(client.post("/v3/product/list", json={"limit": 1000}))["result"]
    assert listed["total_items"] == listed["total"] == len(listed["items"]) > 2
    with_sku = [item for item in listed["items"] if item["sku"]]
    assert len(with_sku) > 1
    picked = ok(client.post("/v3/product/list", json={"filter": {"skus": [str(with_sku[1]["sku"])]}}))["result"]
    assert [item["product_id"] for item in picked["items"]] == [with_sku[1]["product_id"]]
    for path in ("/v4/product/info/stocks", "/v5/product/info/prices"):
        answer = ok(client.post(path, json={"limit": 1000, "filter": {"visibility": "ALL"}}))
        assert answer["total_items"] == answer["total"] == listed["total"]


def test_fbs_postings_carry_their_integration_flow_and_the_scanit_field(client, ozon):
    posting = orders(ozon)[0]
    body = {"filter": {"since": "2025-06-01T00:00:00Z", "to": "2026-05-31T00:00:00Z"}, "limit": 100}
    listed = ok(client.post("/v4/posting/fbs/list", json=body))["postings"]
    mine = next(p for p in listed if p["posting_number"] == posting.number)
    assert mine["integration_type_flow"] == mine["tpl_integration_type"] == posting.tpl
    assert mine["scanit"] == "" and set(mine["sorting_center"]) == {"code", "name"}
    flows = {p["integration_type_flow"] for p in listed}
    only = ok(client.post("/v4/posting/fbs/list", json={**body, "filter": {**body["filter"],
                                                                           "integration_type_flow": [posting.tpl]}}))
    assert {p["integration_type_flow"] for p in only["postings"]} == {posting.tpl}
    none = ok(client.post("/v4/posting/fbs/list", json={**body, "filter": {**body["filter"],
                                                                           "integration_type_flow": ["no-such-flow"]}}))
    assert none["postings"] == [] and "no-such-flow" not in flows
    got = ok(client.post("/v3/posting/fbs/get", json={"posting_number": posting.number}))["result"]
    assert got["external_order"] == {"is_external": False, "platform_name": ""}
    assert got["integration_type_flow"] == posting.tpl and "scanit" in got


def test_notification_urls_carry_their_availability(client):
    for n in range(3):
        ok(client.post("/v1/notification/set", json={"url": f"https://example.com/hook{n}",
                                                     "types": ["TYPE_NEW_POSTING"]}))
    first, second, _ = sorted(u["id"] for u in ok(client.post("/v1/notification/list", json={}))["urls"])
    ok(client.post("/v1/notification/enable", json={"id": first, "enabled": False}))
    listed = ok(client.post("/v1/notification/list", json={}))
    assert listed["total_count"] == 3 and listed["availability_status_thresholds"] == []
    assert {u["availability_status"] for u in listed["urls"]} == {"GREEN"}
    assert [u["disable_reason"] for u in listed["urls"]] == ["SELLER", "", ""]
    page = ok(client.post("/v1/notification/list", json={"offset": 1, "limit": 1, "sort_dir": "DESC"}))
    assert [u["id"] for u in page["urls"]] == [second] and page["total_count"] == 3
    red = ok(client.post("/v1/notification/list", json={"availability_statuses": ["RED"]}))
    assert red["urls"] == [] and red["total_count"] == 0


def test_reports_and_stocks_answer_with_the_new_blocks(client, ozon):
    code = ok(client.post("/v1/report/products/create", json={}))["result"]["code"]
    info = ok(client.post("/v1/report/info", json={"code": code}))["result"]
    assert info["additional_data"] == []
    reports = ok(client.post("/v1/report/list", json={}))["result"]["reports"]
    assert all(r["additional_data"] == [] for r in reports)
    product = next(p for p in products_of(ozon.seller(836)).iter_from(0) if p.sku)
    product.fbo_present = 7
    stocks = ok(client.post("/v1/analytics/stocks", json={"skus": []}))["items"]
    assert stocks and all(item["placement_zone"] == "PRODUCTS" and item["stock_not_being_sold"] == 0
                          for item in stocks)
    assert ok(client.post("/v1/analytics/stocks", json={"placement_zone": ["OTHER"]}))["items"] == []
    assert ok(client.post("/v1/analytics/stocks", json={"placement_zone": ["PRODUCTS"]}))["items"] == stocks
