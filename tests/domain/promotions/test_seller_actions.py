"""The seller's own promotions: create -> add products -> list -> update -> pause -> archive; vouchers."""
import pytest

from tests.support import ok

pytestmark = pytest.mark.ozon_options(rate_limit_per_second=None)  # flows make many calls per frozen second


def create_discount(client, **changes):
    body = {"title": "Скидки недели", "date_start": "2026-01-16T00:00:00Z", "date_end": "2026-01-30T00:00:00Z",
            "min_action_percent": 10, **changes}
    return client.post("/v1/seller-actions/create/discount", json=body)


def test_discount_action_flow(ozon, client, other):
    action_id = ok(create_discount(client))["action_id"]
    row = ok(client.post("/v1/seller-actions/list", json={"limit": 10}))["actions"][0]
    assert row["action_id"] == action_id and row["action_parameters"]["status"] == "PLANNED"
    assert row["action_parameters"]["type"] == "DISCOUNT" and not row["is_participated"]

    candidates = ok(client.post("/v1/seller-actions/products/candidates", json={"action_id": action_id, "limit": 3}))
    assert len(candidates["products"]) == 3 and candidates["has_next"]
    skus = [int(p["sku"][0]) for p in candidates["products"][:2]]
    low = client.post("/v1/seller-actions/products/add", json={"action_id": action_id, "products": [
        {"sku": skus[0], "discount_percent": 15}, {"sku": skus[1], "discount_percent": 5}]})
    assert low.status_code == 400                       # below min_action_percent: nothing is added
    assert ok(client.post("/v1/seller-actions/products/list", json={"action_id": action_id, "limit": 10}))[
        "products"] == []
    ok(client.post("/v1/seller-actions/products/add", json={"action_id": action_id, "products": [
        {"sku": skus[0], "discount_percent": 15}, {"sku": skus[1], "discount_percent": 20, "currency": "RUB"}]}))
    listed = ok(client.post("/v1/seller-actions/products/list", json={"action_id": action_id, "limit": 10}))
    by_sku = {int(p["sku"][0]): p for p in listed["products"]}
    assert set(by_sku) == set(skus)
    first = by_sku[skus[0]]
    assert first["action_price"] == round(first["base_price"] * 0.85, 2) and not first["is_active"]
    ozon.clock.advance(86400)                           # 2026-01-16 09:00: the action runs
    listed = ok(client.post("/v1/seller-actions/products/list", json={"action_id": action_id, "limit": 10}))
    assert all(p["is_active"] and p["price"] == p["action_price"] for p in listed["products"])
    assert ok(client.post("/v1/seller-actions/list", json={"limit": 10, "status": ["ACTIVE"]}))["total"] == 1

    ok(client.post("/v1/seller-actions/update/discount", json={"action_id": action_id, "action_parameters": {
        "title": "Новое имя", "date_start": "2026-01-16T00:00:00Z", "date_end": "2026-02-10T00:00:00Z"}}))
    wrong = client.post("/v1/seller-actions/update/voucher", json={"action_id": action_id, "action_parameters": {
        "title": "x", "date_start": "2026-01-16T00:00:00Z", "date_end": "2026-02-10T00:00:00Z", "budget": 10,
        "discount_value": 5}})
    assert wrong.status_code == 400
    ok(client.post("/v1/seller-actions/change-activity", json={"action_id": action_id, "is_turn_on": False}))
    row = ok(client.post("/v1/seller-actions/list", json={"limit": 10, "search": "новое"}))["actions"][0]
    assert row["action_parameters"]["status"] == "PAUSED" and row["action_parameters"]["title"] == "Новое имя"
    assert row["sku_count"] == 2 and row["is_participated"]

    # the second seller sees none of it
    assert ok(other.post("/v1/seller-actions/list", json={"limit": 10}))["total"] == 0
    assert other.post("/v1/seller-actions/products/list", json={"action_id": action_id, "limit": 10}).status_code == 404

    ok(client.post("/v1/seller-actions/products/delete", json={"action_id": action_id, "skus": [skus[0]]}))
    ok(client.post("/v1/seller-actions/archive", json={"action_id": action_id}))
    row = ok(client.post("/v1/seller-actions/list", json={"limit": 10}))["actions"][0]
    assert row["action_parameters"]["status"] == "ENDED" and row["sku_count"] == 1 and not row["is_editable"]
    assert client.post("/v1/seller-actions/change-activity",
                       json={"action_id": action_id, "is_turn_on": True}).status_code == 400


def test_other_mechanics_and_vouchers(client, fetch):
    assert create_discount(client, date_end="2026-01-10T00:00:00Z").status_code == 400
    assert create_discount(client, min_action_percent=150).status_code == 400
    levels = ok(client.post("/v1/seller-actions/create/multi-level-discount", json={
        "title": "Чем больше, тем выгоднее", "date_start": "2026-01-16T00:00:00Z", "date_end": "2026-02-01T00:00:00Z",
        "discount_type": "PERCENT", "discount_levels": [{"order_amount": 5000, "discount_value": 10},
                                                        {"order_amount": 2000, "discount_value": 5}]}))
    instalment = ok(client.post("/v1/seller-actions/create/installment", json={
        "title": "Рассрочка", "date_start": "2026-01-16T00:00:00Z"}))
    voucher = ok(client.post("/v1/seller-actions/create/voucher", json={
        "title": "Промокод", "date_start": "2026-01-16T00:00:00Z", "date_end": "2026-02-01T00:00:00Z",
        "discount_type": "CURRENCY", "discount_value": 300, "budget": 10000,
        "voucher_parameters": {"count_codes": 5, "is_private": True, "type": "UNIQUE"}}))
    rows = {r["action_id"]: r for r in ok(client.post("/v1/seller-actions/list", json={"limit": 10}))["actions"]}
    assert [lvl["order_amount"] for lvl in rows[levels["action_id"]]["action_parameters"]["discount_levels"]] == \
        [2000, 5000]
    assert rows[instalment["action_id"]]["action_parameters"]["discount_type"] == "INSTALLED_PERIOD"
    assert rows[instalment["action_id"]]["action_parameters"]["date_end"] == "0001-01-01T00:00:00Z"   # unset
    assert rows[voucher["action_id"]]["action_parameters"]["voucher_parameters"]["count_codes"] == 5
    link = ok(client.post("/v1/seller-actions/voucher/get", json={"action_id": voucher["action_id"]}))["file"]
    codes = fetch(link)
    assert codes.status_code == 200 and len(codes.text.strip().splitlines()) == 1 + 5
    assert client.post("/v1/seller-actions/voucher/get", json={"action_id": levels["action_id"]}).status_code == 400
    assert ok(client.post("/v1/seller-actions/list", json={"limit": 10, "action_type": ["VOUCHER_DISCOUNT"]}))[
        "total"] == 1
