"""Ozon actions: list -> candidates -> activate (price rules) -> products -> deactivate; auto-add;
discount requests."""
import pytest

from tests.support import ok

pytestmark = pytest.mark.ozon_options(rate_limit_per_second=None)  # flows make many calls per frozen second


def first_action(client, action_type="DISCOUNT", frozen=False):
    for action in ok(client.get("/v1/actions"))["result"]:
        if action["action_type"] == action_type and bool(action["freeze_date"]) == frozen:
            return action
    raise AssertionError("no such action in the scenario")


def test_activate_listed_then_deactivate(client, other):
    action = first_action(client)
    candidates = ok(client.post("/v1/actions/candidates", json={"action_id": action["id"], "limit": 100}))["result"]
    assert candidates["total"] == action["potential_products_count"] > 0
    product = candidates["products"][0]
    price = product["max_action_price"] - 10.004
    result = ok(client.post("/v1/actions/products/activate", json={
        "action_id": action["id"], "products": [{"product_id": product["id"], "action_price": price}]}))["result"]
    assert result == {"product_ids": [product["id"]], "rejected": []}

    listed = ok(client.post("/v1/actions/products", json={"action_id": action["id"]}))["result"]
    row = next(p for p in listed["products"] if p["id"] == product["id"])
    assert row["action_price"] == round(price, 2) and row["add_mode"] == "MANUAL"
    assert listed["total"] == action["participating_products_count"] + 1
    again = ok(client.post("/v1/actions/candidates", json={"action_id": action["id"], "limit": 100}))["result"]
    assert product["id"] not in [p["id"] for p in again["products"]]
    assert ok(client.get("/v1/actions"))["result"][0]["participating_products_count"] == listed["total"]

    # the second seller sees its own actions only
    theirs = ok(other.get("/v1/actions"))["result"]
    assert not {a["id"] for a in theirs} & {a["id"] for a in ok(client.get("/v1/actions"))["result"]}
    for their in theirs:
        members = ok(other.post("/v1/actions/products", json={"action_id": their["id"]}))["result"]["products"]
        assert product["id"] not in [p["id"] for p in members]
    assert other.post("/v1/actions/products", json={"action_id": action["id"]}).status_code == 404

    result = ok(client.post("/v1/actions/products/deactivate",
                            json={"action_id": action["id"], "product_ids": [product["id"], 1]}))["result"]
    assert result["product_ids"] == [product["id"]]
    assert result["rejected"][0]["product_id"] == 1
    listed = ok(client.post("/v1/actions/products", json={"action_id": action["id"]}))["result"]
    assert product["id"] not in [p["id"] for p in listed["products"]]


def test_activate_rules(client, ozon):
    action = first_action(client)
    products = ok(client.post("/v1/actions/candidates", json={"action_id": action["id"]}))["result"]["products"]
    a, b, c = products[:3]
    result = ok(client.post("/v1/actions/products/activate", json={"action_id": action["id"], "products": [
        {"product_id": a["id"], "action_price": a["max_action_price"] + 1},
        {"product_id": b["id"], "action_price": 0},
        {"product_id": 42, "action_price": 10},
        {"product_id": c["id"], "action_price": c["max_action_price"]}]}))["result"]
    assert result["product_ids"] == [c["id"]]
    reasons = {r["product_id"]: r["reason"] for r in result["rejected"]}
    assert "maximum action price" in reasons[a["id"]]
    assert "greater than 0" in reasons[b["id"]]
    assert "not found" in reasons[42]
    assert ok(client.post("/v1/actions/products", json={"action_id": action["id"]}))["result"]["total"] == \
        action["participating_products_count"] + 1

    missing = client.post("/v1/actions/products/activate", json={"action_id": 1, "products": []})
    assert missing.status_code == 404 and missing.json()["code"] == 5


def test_frozen_action_only_lowers_prices(client):
    action = first_action(client, frozen=True)
    listed = ok(client.post("/v1/actions/products", json={"action_id": action["id"]}))["result"]["products"]
    member = listed[0]
    candidate = ok(client.post("/v1/actions/candidates", json={"action_id": action["id"]}))["result"]["products"][0]
    result = ok(client.post("/v1/actions/products/activate", json={"action_id": action["id"], "products": [
        {"product_id": member["id"], "action_price": member["action_price"] + 1},
        {"product_id": candidate["id"], "action_price": candidate["max_action_price"]}]}))["result"]
    assert result["product_ids"] == [] and len(result["rejected"]) == 2
    lower = ok(client.post("/v1/actions/products/activate", json={"action_id": action["id"], "products": [
        {"product_id": member["id"], "action_price": member["action_price"] - 1}]}))["result"]
    assert lower["product_ids"] == [member["id"]]
    out = ok(client.post("/v1/actions/products/deactivate",
                         json={"action_id": action["id"], "product_ids": [member["id"]]}))["result"]
    assert out["product_ids"] == [] and "frozen" in out["rejected"][0]["reason"]


def test_stock_discount_needs_stock(client):
    action = first_action(client, "STOCK_DISCOUNT")
    product = ok(client.post("/v1/actions/candidates", json={"action_id": action["id"]}))["result"]["products"][0]
    result = ok(client.post("/v1/actions/products/activate", json={"action_id": action["id"], "products": [
        {"product_id": product["id"], "action_price": product["max_action_price"], "stock": 1}]}))["result"]
    assert "stock" in result["rejected"][0]["reason"]
    result = ok(client.post("/v1/actions/products/activate", json={"action_id": action["id"], "products": [
        {"product_id": product["id"], "action_price": product["max_action_price"], "stock": 2}]}))["result"]
    assert result["product_ids"] == [product["id"]]
    row = ok(client.post("/v1/actions/products", json={"action_id": action["id"]}))["result"]["products"][0]
    assert row["stock"] == 2


def test_paging_by_last_id(client):
    action = first_action(client)
    seen, last_id = [], ""
    while True:
        page = ok(client.post("/v1/actions/candidates",
                              json={"action_id": action["id"], "limit": 5, "last_id": last_id}))["result"]
        seen += [p["id"] for p in page["products"]]
        last_id = page["last_id"]
        if not last_id:
            break
    assert len(seen) == len(set(seen)) == action["potential_products_count"]


def test_auto_add_joins_on_the_date(client, ozon):
    action = next(a for a in ok(client.get("/v1/actions"))["result"] if a["auto_add_dates"])
    date = action["auto_add_dates"][0]
    body = {"action_id": action["id"], "auto_add_date": date, "limit": 100}
    candidate = ok(client.post("/v1/actions/auto-add/products/candidates", json=body))["products"][0]
    update = ok(client.post("/v1/actions/auto-add/products/update", json={
        "action_id": action["id"], "auto_add_date": date,
        "to_update": [{"product_id": candidate["product_id"], "action_price": candidate["max_discount_price"],
                       "quantity": 3, "currency": "RUB"},
                      {"product_id": candidate["product_id"] + 999, "action_price": 1}]}))
    assert update["updated_ids"] == [str(candidate["product_id"])]
    assert update["rejected"][0]["code"] == "NOT_FOUND"
    listed = ok(client.post("/v1/actions/auto-add/products/list", json=body))
    assert [p["product_id"] for p in listed["products"]] == [candidate["product_id"]] and listed["total"] == 1
    too_high = ok(client.post("/v1/actions/auto-add/products/update", json={
        "action_id": action["id"], "auto_add_date": date,
        "to_update": [{"product_id": candidate["product_id"], "action_price": candidate["price"]}]}))
    assert too_high["rejected"][0]["code"] == "MAX_ACTION_PRICE" and too_high["failed_price"]

    ozon.clock.advance(6 * 86400)
    members = ok(client.post("/v1/actions/products", json={"action_id": action["id"]}))["result"]["products"]
    joined = next(p for p in members if p["id"] == candidate["product_id"])
    assert joined["add_mode"] == "AUTO" and joined["action_price"] == candidate["max_discount_price"]
    gone = client.post("/v1/actions/auto-add/products/list", json=body)
    assert gone.status_code == 400


def test_discount_requests(client, ozon, other):
    tasks = ok(client.post("/v2/actions/discounts-task/list", json={"status": "NEW", "limit": 50}))["tasks"]
    assert len(tasks) == 5 and all(t["status"] == "NEW" for t in tasks)
    first, second, third = tasks[:3]
    result = ok(client.post("/v1/actions/discounts-task/approve", json={"tasks": [
        {"id": first["id"], "approved_price": first["requested_price"], "approved_quantity_min": 1,
         "approved_quantity_max": 2},
        {"id": second["id"], "approved_price": second["original_price"] * 10, "approved_quantity_min": 1,
         "approved_quantity_max": 1}]}))["result"]
    assert result["success_count"] == 1 and result["fail_details"][0]["task_id"] == second["id"]
    declined = ok(client.post("/v1/actions/discounts-task/decline", json={"tasks": [{"id": third["id"]}]}))
    assert declined["result"]["success_count"] == 1
    again = ok(client.post("/v1/actions/discounts-task/decline", json={"tasks": [{"id": first["id"]}]}))
    assert again["result"]["fail_count"] == 1

    v1 = {t["id"]: t for t in ok(client.post("/v1/actions/discounts-task/list",
                                             json={"status": "UNKNOWN", "page": 1, "limit": 50}))["result"]}
    assert v1[first["id"]]["status"] == "APPROVED" and v1[first["id"]]["approved_quantity_max"] == 2
    assert v1[third["id"]]["status"] == "DECLINED" and "moderated_at" in v1[third["id"]]
    approved = ok(client.post("/v2/actions/discounts-task/list", json={"status": "APPROVED"}))["tasks"]
    assert [t["id"] for t in approved] == [first["id"]]

    ozon.clock.advance(4 * 86400)        # undecided requests expire
    expired = ok(client.post("/v1/actions/discounts-task/list",
                             json={"status": "AUTO_DECLINED", "page": 1, "limit": 50}))["result"]
    assert {t["id"] for t in expired} == {t["id"] for t in tasks} - {first["id"], third["id"]}
    assert ok(other.post("/v2/actions/discounts-task/list", json={}))["tasks"] == []


def test_min_price_timer(ozon, client):
    product_id = ok(client.post("/v3/product/list", json={"filter": {"visibility": "VISIBLE"}, "limit": 1}))[
        "result"]["items"][0]["product_id"]
    status = ok(client.post("/v1/product/action/timer/status", json={"product_ids": [product_id]}))["statuses"][0]
    assert not status["min_price_for_auto_actions_enabled"] and status["expired_at"] == "0001-01-01T00:00:00Z"
    assert client.post("/v1/product/action/timer/update", json={"product_ids": [product_id]}).status_code == 400
    price = ok(client.post("/v5/product/info/prices", json={"filter": {"product_id": [product_id]}, "limit": 1}))[
        "items"][0]["price"]["price"]
    ok(client.post("/v1/product/import/prices", json={"prices": [
        {"product_id": product_id, "min_price": str(int(price * 0.8))}]}))
    status = ok(client.post("/v1/product/action/timer/status", json={"product_ids": [product_id]}))["statuses"][0]
    assert status["min_price_for_auto_actions_enabled"] and status["expired_at"].startswith("2026-02-14")
    ozon.clock.advance(20 * 86400)
    ok(client.post("/v1/product/action/timer/update", json={"product_ids": [product_id]}))
    ozon.clock.advance(20 * 86400)                  # 40 days after setting, 20 after renewing
    status = ok(client.post("/v1/product/action/timer/status", json={"product_ids": [product_id]}))["statuses"][0]
    assert status["min_price_for_auto_actions_enabled"] and status["expired_at"].startswith("2026-03-06")
    ozon.clock.advance(11 * 86400)
    status = ok(client.post("/v1/product/action/timer/status", json={"product_ids": [product_id]}))["statuses"][0]
    assert not status["min_price_for_auto_actions_enabled"]


def test_product_ids_that_are_no_int64_are_rejected_not_crashed(client):
    """Found by Schemathesis: doubles far beyond int64 used to overflow the echoed id; now they are
    refused at validation naming the field (issue 14), and an id that is merely unknown is rejected per item."""
    action_id = client.get("/v1/actions").json()["result"][0]["id"]
    response = client.post("/v1/actions/products/deactivate",
                           json={"action_id": action_id, "product_ids": [-1.3591827279085332e+291, "-7"]})
    assert response.status_code == 400
    assert response.json()["message"].startswith("product_ids[0]: invalid value for double type: ")
    response = client.post("/v1/actions/products/deactivate", json={"action_id": action_id, "product_ids": ["-7"]})
    assert response.status_code == 200
    assert [item["product_id"] for item in response.json()["result"]["rejected"]] == [-7]
