"""Supply orders read by every version (v1 2023, v2, v3) and their acceptance acts (2026-08); customs
invoices of postings written by one version and read by the other."""
from __future__ import annotations

import base64

import pytest

from .support import error, new_posting, ok

pytestmark = pytest.mark.ozon_options(rate_limit_per_second=None)


def supply_of(client, posting):
    """The v3 supply order behind an FBO posting, with its bundle (sku -> quantity)."""
    ids = ok(client.post("/v3/supply-order/list", json={"filter": {"states": ["COMPLETED"]}, "limit": 100}))["order_ids"]
    orders = ok(client.post("/v3/supply-order/get", json={"order_ids": ids}))["orders"]
    order = next(o for o in orders if o["dropoff_warehouse"]["warehouse_id"] == posting.warehouse_id)
    items = ok(client.post("/v1/supply-order/bundle", json={"bundle_ids": [order["supplies"][0]["bundle_id"]],
                                                            "limit": 100}))["items"]
    return ids, order, {i["sku"]: i["quantity"] for i in items}


def test_acceptance_act_holds_the_supply_and_is_accepted_once(ozon, client):
    posting = new_posting(ozon, scheme="fbo")
    _, order, bundle = supply_of(client, posting)
    supply_id = order["supplies"][0]["supply_id"]
    summary = ok(client.post("/v1/supply-order/act/summary/get", json={"order_id": str(order["order_id"])}))
    [entry] = summary["supplies_acts"]
    [act] = entry["supply_acts"]
    assert entry["supply_id"] == supply_id and not entry["is_agreement_completed"]
    assert act["act_state"] == "AWAITING_APPROVAL_BY_SELLER" and act["type"] == "ACCEPTANCE"
    assert act["summary"]["declared_quantity"] == act["summary"]["approved_quantity"] == sum(bundle.values())
    assert act["summary"]["sku_quantity"] == len(bundle)

    lines = ok(client.post("/v1/supply-order/act/product/get", json={"supply_id": supply_id}))
    assert lines["supply_acts"][0]["act_id"] == act["act_id"]
    items = lines["supply_acts"][0]["items"]
    assert {i["sku_info"]["sku"]: i["fact_quantity"] for i in items} == bundle
    total = sum(float(i["fact_amount"]["amount"]["amount"]) for i in items)
    assert total == pytest.approx(float(act["summary"]["fact_amount"]["amount"]["amount"])) and total > 0

    accepted = ok(client.post("/v1/supply-order/act/accept", json={"act_id": act["act_id"]}))
    assert accepted["error_reasons"] == [] and accepted["operation_id"]
    status = ok(client.post("/v1/supply-order/act/accept/status", json={"operation_id": accepted["operation_id"]}))
    assert status["status"] == "SUCCESS"
    again = ok(client.post("/v1/supply-order/act/summary/get", json={"order_id": order["order_id"]}))
    assert again["supplies_acts"][0]["is_agreement_completed"]
    assert again["supplies_acts"][0]["supply_acts"][0]["act_state"] == "ACCEPTED"
    twice = ok(client.post("/v1/supply-order/act/accept", json={"act_id": act["act_id"]}))
    assert twice == {"operation_id": "", "error_reasons": ["INVALID_STATE"]}
    error(client.post("/v1/supply-order/act/accept", json={"act_id": 1}), 404)
    error(client.post("/v1/supply-order/act/accept/status", json={"operation_id": "nope"}), 404)
    error(client.post("/v1/supply-order/act/summary/get", json={"order_id": 1}), 404)


def test_v1_supply_orders_read_the_same_supplies(ozon, client):
    posting = new_posting(ozon, scheme="fbo")
    ids, order, bundle = supply_of(client, posting)
    listed = ok(client.post("/v1/supply-order/list", json={"page": 1, "page_size": 100, "states": ["COMPLETED"]}))
    assert sorted(o["supply_order_id"] for o in listed["supply_orders"]) == sorted(int(i) for i in ids)
    assert listed["total_supply_orders_count"] == len(ids) and not listed["has_next"]
    assert ok(client.post("/v1/supply-order/list", json={"page": 1, "page_size": 10,
                                                         "states": ["CANCELLED"]}))["supply_orders"] == []
    got = ok(client.post("/v1/supply-order/get", json={"supply_order_id": order["order_id"]}))
    assert got["supply_order_number"] == order["order_number"] and got["state"] == "COMPLETED"
    assert got["total_quantity"] == sum(bundle.values()) and got["total_items_count"] == len(bundle)
    items = ok(client.post("/v1/supply-order/items", json={"supply_order_id": order["order_id"], "page": 1,
                                                           "page_size": 100}))
    assert {i["sku"]: i["quantity"] for i in items["items"]} == bundle
    error(client.post("/v1/supply-order/get", json={"supply_order_id": 1}), 404)


def test_invoice_written_by_one_version_is_read_by_the_other(ozon, client):
    posting = new_posting(ozon, scheme="crossborder")
    body = {"posting_number": posting.number}
    error(client.post("/v2/invoice/get", json=body), 404)
    ok(client.post("/v1/invoice/create-or-update", json={**body, "HS_code": "6109100000", "number": "INV-1",
                                                        "date": "2026-01-10T10:00:00Z", "price": 1500.5,
                                                        "price_currency": "USD", "url": "https://example.com/1.pdf"}))
    v2 = ok(client.post("/v2/invoice/get", json=body))["result"]
    assert v2["hs_codes"] == [{"code": "6109100000", "sku": ""}] and v2["price"] == 1500.5
    assert v2["number"] == "INV-1" and v2["price_currency"] == "USD" and v2["date"].startswith("2026-01-10T10:00")

    raw = b"%PDF-1.4 invoice"
    url = ok(client.post("/v1/invoice/file/upload", json={**body, "base64_content": base64.b64encode(raw).decode()}))
    served = client.get(url["url"])
    assert served.status_code == 200 and served.content == raw
    ok(client.post("/v2/invoice/create-or-update", json={**body, "date": "2026-01-11T10:00:00Z", "url": url["url"],
                                                        "hs_codes": [{"code": "6109", "sku": "123"}]}))
    assert ok(client.post("/v1/invoice/get", json=body))["result"]["file_url"] == url["url"]
    assert ok(client.post("/v2/invoice/get", json=body))["result"]["hs_codes"] == [{"code": "6109", "sku": "123"}]

    assert ok(client.post("/v1/invoice/delete", json=body)) == {"result": True}
    error(client.post("/v1/invoice/get", json=body), 404)
    error(client.post("/v1/invoice/delete", json=body), 404)
    error(client.post("/v2/invoice/create-or-update", json={"posting_number": "0-0-0", "date": "2026-01-11T10:00:00Z",
                                                            "url": "https://example.com/x.pdf"}), 404)
    assert "base64" in error(client.post("/v1/invoice/file/upload", json={**body, "base64_content": "???"}))["message"]
