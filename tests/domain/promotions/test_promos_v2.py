"""The v2 promotions API over the same world as v1: what one version changes, the other reads."""
import pytest

from tests.support import ok
from tests.domain.promotions.test_promos import first_action

pytestmark = pytest.mark.ozon_options(rate_limit_per_second=None)


def test_v1_and_v2_promotions_share_one_world(client):
    action = first_action(client)
    v1 = ok(client.post("/v1/actions/candidates", json={"action_id": action["id"], "limit": 100}))["result"]
    v2 = ok(client.post("/v2/actions/candidates", json={"action_id": str(action["id"]), "limit": 100}))
    assert v2["total"] == v1["total"] > 1
    assert [p["id"] for p in v2["products"]] == [p["id"] for p in v1["products"]]
    first, second = v1["products"][:2]
    assert v2["products"][0]["max_action_price"] == {"amount": f"{first['max_action_price']:.2f}", "currency": "RUB"}

    # v1 adds one product, v2's update adds another (a money object); each version sees both
    ok(client.post("/v1/actions/products/activate", json={"action_id": action["id"], "products": [
        {"product_id": first["id"], "action_price": first["max_action_price"]}]}))
    price = round(second["max_action_price"] - 1, 2)
    updated = ok(client.post("/v1/actions/products/update", json={"action_id": action["id"], "products": [
        {"product_id": second["id"], "action_price": {"amount": str(price), "currency": "RUB"}},
        {"product_id": 42, "action_price": {"amount": "10", "currency": "RUB"}}]}))
    assert updated["active_product_ids"] == [str(second["id"])]
    assert updated["rejected"] == [{"product_id": 42, "reason": "product not found"}]

    listed_v2 = ok(client.post("/v2/actions/products", json={"action_id": action["id"], "limit": 100}))
    listed_v1 = ok(client.post("/v1/actions/products", json={"action_id": action["id"]}))["result"]
    assert {p["id"] for p in listed_v2["products"]} == {p["id"] for p in listed_v1["products"]} >= \
        {first["id"], second["id"]}
    row = next(p for p in listed_v2["products"] if p["id"] == second["id"])
    assert row["action_price"] == {"amount": f"{price:.2f}", "currency": "RUB"}
    assert row["add_mode"] == "SELLER"      # v1 says MANUAL

    # v2 takes the v1-added product out; v1 no longer lists it, and it is a candidate again
    gone = ok(client.post("/v2/actions/products/deactivate",
                          json={"action_id": action["id"], "product_ids": [str(first["id"]), "1"]}))
    assert gone == {"product_ids": [str(first["id"])]}
    listed_v1 = ok(client.post("/v1/actions/products", json={"action_id": action["id"]}))["result"]
    assert first["id"] not in {p["id"] for p in listed_v1["products"]}
    again = ok(client.post("/v2/actions/candidates", json={"action_id": action["id"], "limit": 100}))
    assert first["id"] in {p["id"] for p in again["products"]}


def test_v2_rules_are_v1_rules(client):
    action = first_action(client)
    product = ok(client.post("/v2/actions/candidates", json={"action_id": action["id"]}))["products"][0]
    too_high = float(product["max_action_price"]["amount"]) + 1
    answer = ok(client.post("/v1/actions/products/update", json={"action_id": action["id"], "products": [
        {"product_id": product["id"], "action_price": {"amount": str(too_high), "currency": "RUB"}}]}))
    assert answer["active_product_ids"] == []
    assert answer["rejected"][0]["reason"].startswith("action_price is above the maximum action price")
    assert client.post("/v2/actions/products", json={"action_id": 1, "limit": 10}).status_code == 404


def test_hot_sale_methods_work_on_the_same_actions(client):
    """The 2022 Hot Sale API (removed 2025-03-11, served under `legacy: serve`) over the actions."""
    action = first_action(client)
    hot = ok(client.post("/v1/actions/hotsales/list", json={}))["result"]
    assert action["id"] in {h["hotsale_id"] for h in hot}
    offered = ok(client.post("/v1/actions/hotsales/products", json={"hotsale_id": action["id"], "limit": 100}))
    product = next(p for p in offered["result"]["products"] if not p["is_active"])
    answer = ok(client.post("/v1/actions/hotsales/activate", json={"hotsale_id": action["id"], "products": [
        {"product_id": product["id"], "action_price": product["max_action_price"]}, {"product_id": 42,
                                                                                     "action_price": 1}]}))
    assert answer["result"]["rejected"] == [{"product_id": 42, "reason": "product not found"}]
    members = ok(client.post("/v1/actions/products", json={"action_id": action["id"]}))["result"]["products"]
    assert product["id"] in {p["id"] for p in members}
    ok(client.post("/v1/actions/hotsales/deactivate", json={"hotsale_id": action["id"],
                                                           "product_ids": [product["id"]]}))
    members = ok(client.post("/v1/actions/products", json={"action_id": action["id"]}))["result"]["products"]
    assert product["id"] not in {p["id"] for p in members}


def test_v1_and_v2_auto_add_lists_are_one_list(client, ozon):
    action = next(a for a in ok(client.get("/v1/actions"))["result"] if a["auto_add_dates"])
    body = {"action_id": action["id"], "auto_add_date": action["auto_add_dates"][0], "limit": 100}
    v1 = ok(client.post("/v1/actions/auto-add/products/candidates", json=body))
    v2 = ok(client.post("/v2/actions/auto-add/products/candidates", json=body))
    assert v2["total"] == v1["total"] > 2
    assert [p["id"] for p in v2["products"]] == [p["product_id"] for p in v1["products"]]
    first, second, third = v1["products"][:3]
    assert v2["products"][0]["max_discount_price"] == {"amount": f"{first['max_discount_price']:.2f}",
                                                       "currency": "RUB"}

    # v1 lists one product, v2 another (a money object, `id`, `stock`); each version reads both
    ok(client.post("/v1/actions/auto-add/products/update", json={**body, "to_update": [
        {"product_id": first["product_id"], "action_price": first["max_discount_price"], "quantity": 2}]}))
    price = round(second["max_discount_price"] - 1, 2)
    updated = ok(client.post("/v2/actions/auto-add/products/update", json={**body, "products": [
        {"id": str(second["product_id"]), "action_price": {"amount": str(price), "currency": "RUB"}, "stock": 4},
        {"id": third["product_id"], "action_price": {"amount": str(third["price"]), "currency": "RUB"}},
        {"id": 42, "action_price": {"amount": "10", "currency": "RUB"}}]}))
    assert updated["product_ids"] == [str(second["product_id"])]
    assert [r["product_id"] for r in updated["rejected"]] == [third["product_id"], 42]
    assert updated["failed_price"][0]["key"] == third["product_id"]      # above its max_discount_price
    listed_v1 = ok(client.post("/v1/actions/auto-add/products/list", json=body))
    listed_v2 = ok(client.post("/v2/actions/auto-add/products/list", json=body))
    assert [p["product_id"] for p in listed_v1["products"]] == [p["product_id"] for p in listed_v2["products"]] \
        == sorted([first["product_id"], second["product_id"]])
    row = next(p for p in listed_v2["products"] if p["product_id"] == second["product_id"])
    assert row["action_price_to_auto_add"] == {"amount": f"{price:.2f}", "currency": "RUB"}
    assert row["quantity_to_auto_add"] == 4 and row["add_mode"] is True
    left = ok(client.post("/v2/actions/auto-add/products/candidates", json=body))
    assert left["total"] == v1["total"] - 2

    # v2 takes the v1-listed product off; on the date the one left joins the action, seen by v2
    gone = ok(client.post("/v2/actions/auto-add/products/delete", json={**body, "product_ids": [
        str(first["product_id"]), "1"]}))
    assert gone == {"product_ids": [str(first["product_id"])]}
    assert ok(client.post("/v1/actions/auto-add/products/list", json=body))["total"] == 1
    ozon.clock.advance(6 * 86400)
    members = ok(client.post("/v2/actions/products", json={"action_id": action["id"], "limit": 100}))["products"]
    joined = {p["id"]: p for p in members}
    assert joined[second["product_id"]]["add_mode"] == "AUTO" and first["product_id"] not in joined
    assert client.post("/v2/actions/auto-add/products/list", json=body).status_code == 400
