"""The areas of this issue survive the state export / import (JSON) and snapshots (pickle); the
operations they serve are marked stateful."""
import pytest

from ozmock import OzonMock
from tests.support import ok, orders

pytestmark = pytest.mark.ozon_options(rate_limit_per_second=None)

MY_GROUPS = ("ChatAPI", "ReportAPI", "FinanceAPI", "AnalyticsAPI", "Promos", "PromosBeta", "PricingStrategyAPI",
             "SellerActions", "SellerRating", "ReviewAPI", "Questions&Answers")


def touch_everything(ozon, client):
    posting = orders(ozon)[0]
    chat = ok(client.post("/v1/chat/start", json={"posting_number": posting.number}))["result"]["chat_id"]
    ok(client.post("/v1/chat/send/message", json={"chat_id": chat, "text": "hi"}))
    code = ok(client.post("/v1/report/stock/create", json={}))["result"]["code"]
    strategy = ok(client.post("/v1/pricing-strategy/create", json={
        "strategy_name": "s", "competitors": [{"competitor_id": 204, "coefficient": 1}]}))["result"]["strategy_id"]
    review = ok(client.post("/v2/review/list", json={"limit": 20}))["reviews"][0]["id"]
    comment = ok(client.post("/v1/review/comment/create", json={"review_id": review, "text": "ok"}))["comment_id"]
    action = ok(client.get("/v1/actions"))["result"][0]
    product = ok(client.post("/v1/actions/candidates", json={"action_id": action["id"]}))["result"]["products"][0]
    ok(client.post("/v1/actions/products/activate", json={"action_id": action["id"], "products": [
        {"product_id": product["id"], "action_price": product["max_action_price"]}]}))
    return {"chat": chat, "code": code, "strategy": strategy, "comment": comment, "review": review,
            "action": action["id"], "product": product["id"]}


def check_everything(client, made):
    assert ok(client.post("/v3/chat/history", json={"chat_id": made["chat"]}))["messages"][0]["data"] == ["hi"]
    assert ok(client.post("/v1/report/info", json={"code": made["code"]}))["result"]["report_type"] == "SELLER_STOCK"
    assert ok(client.post("/v1/pricing-strategy/info", json={"strategy_id": made["strategy"]}))["result"]["name"] == "s"
    comments = ok(client.post("/v1/review/comment/list", json={"review_id": made["review"], "limit": 20}))["comments"]
    assert made["comment"] in [c["id"] for c in comments]
    members = ok(client.post("/v1/actions/products", json={"action_id": made["action"]}))["result"]["products"]
    assert made["product"] in [p["id"] for p in members]


def test_state_round_trip(ozon, client):
    made = touch_everything(ozon, client)
    exported = client.get("/__ozmock/state?api_keys=show").json()
    fresh = OzonMock(strict=True, rate_limit_per_second=None)
    with fresh.client() as other:
        assert other.put("/__ozmock/state", json=exported).status_code == 200
        check_everything(other, made)
    ozon.restore(ozon.snapshot())
    check_everything(client, made)


# Operations of these groups answered from their schemas for now (docs/assumptions.md, issue 11): the
# reports and finance methods of 2019-2026 that no handler builds yet.
NOT_YET_STATEFUL = {
    "POST /v1/finance/realization", "POST /v1/report/discounted/info", "POST /v1/report/discounted/list",
    "POST /v1/seller-actions/create/ozon-card-discount",
    "POST /v1/seller-actions/update/ozon-card-discount"}


def test_operations_are_stateful(client):
    operations = client.get("/__ozmock/operations").json()["operations"]
    mine = [op for op in operations if op["group"] in MY_GROUPS and op["fidelity"] != "obsolete"]
    generated = {f"{op['method']} {op['path']}" for op in mine if op["fidelity"] != "stateful"}
    assert generated == NOT_YET_STATEFUL
    assert len(mine) >= 80


@pytest.mark.parametrize("path,body", [
    ("/v1/chat/send/message", {"chat_id": "nope", "text": "x"}),
    ("/v1/report/info", {"code": "nope"}),
    ("/v1/pricing-strategy/info", {"strategy_id": "nope"}),
    ("/v2/review/info", {"review_id": "nope"}),
    ("/v1/question/info", {"question_id": "nope"}),
    ("/v1/actions/products", {"action_id": 1}),
])
def test_unknown_ids_are_404(client, path, body):
    response = client.post(path, json=body)
    assert response.status_code == 404 and response.json()["code"] == 5
