"""The orders control routes (as the control app will mount them), scenario seeding, and the
operations this area makes stateful."""
from __future__ import annotations

import asyncio
import time

import httpx
import pytest
from starlette.applications import Starlette

from ozmock.control import orders as orders_control
from ozmock.domain.orders.model import store_of

from .support import get_v3, ok

pytestmark = pytest.mark.ozon_options(rate_limit_per_second=None)  # flows make many calls per frozen second

STATEFUL = [
    "/v2/posting/fbs/list", "/v3/posting/fbs/list", "/v4/posting/fbs/list", "/v2/posting/fbs/get",
    "/v3/posting/fbs/get", "/v2/posting/fbs/unfulfilled/list", "/v3/posting/fbs/unfulfilled/list",
    "/v4/posting/fbs/unfulfilled/list", "/v2/posting/fbs/get-by-barcode", "/v1/order/list", "/v1/order/unfulfilled",
    "/v1/order/{order_id}", "/v2/posting/fbs/ship", "/v3/posting/fbs/ship", "/v4/posting/fbs/ship",
    "/v3/posting/fbs/ship/package", "/v4/posting/fbs/ship/package", "/v2/posting/fbs/awaiting-delivery",
    "/v2/posting/fbs/arbitration", "/v2/posting/fbs/cancel", "/v2/posting/fbs/product/cancel",
    "/v2/posting/fbs/cancel-reason/list", "/v1/posting/fbs/cancel-reason", "/v2/fbs/posting/delivering",
    "/v2/fbs/posting/last-mile", "/v2/fbs/posting/delivered", "/v2/fbs/posting/sent-by-seller",
    "/v2/fbs/posting/tracking-number/set", "/v2/posting/fbs/product/country/list",
    "/v2/posting/fbs/product/country/set", "/v4/fbs/posting/product/exemplar/set",
    "/v5/fbs/posting/product/exemplar/status", "/v6/fbs/posting/product/exemplar/set",
    "/v6/fbs/posting/product/exemplar/create-or-get", "/v2/posting/fbs/package-label",
    "/v1/posting/fbs/package-label/create", "/v1/posting/fbs/package-label/get", "/v2/posting/fbs/act/create",
    "/v2/posting/fbs/act/check-status", "/v2/posting/fbs/act/get-pdf", "/v2/posting/fbs/act/get-container-labels",
    "/v2/posting/fbo/list", "/v2/posting/fbo/get", "/v3/posting/fbo/list", "/v3/supply-order/list",
    "/v3/supply-order/get", "/v2/posting/crossborder/approve", "/v2/posting/crossborder/ship",
    "/v2/posting/crossborder/cancel", "/v1/order/approve/crossborder", "/v1/order/ship/crossborder",
    "/v1/order/items/cancel/crossborder", "/v1/conditional-cancellation/list", "/v2/conditional-cancellation/list",
    "/v2/conditional-cancellation/approve", "/v2/conditional-cancellation/reject", "/v1/returns/list",
    "/v3/returns/company/fbo", "/v3/returns/company/fbs", "/v2/returns/rfbs/list", "/v2/returns/rfbs/get",
    "/v2/returns/rfbs/verify", "/v2/returns/rfbs/reject", "/v2/returns/rfbs/receive-return",
    "/v2/returns/rfbs/compensate", "/v2/returns/rfbs/return-money", "/v1/warehouse/list",
    "/v1/delivery-method/list", "/v1/notification/set", "/v1/notification/list",
]


def test_named_operations_are_stateful(client):
    fidelity = {op["path"]: op["fidelity"] for op in ok(client.get("/__ozmock/operations"))["operations"]
                if op["fidelity"] != "obsolete"}   # POST /v1/order/{order_id} is known by path only
    generated = [path for path in STATEFUL if fidelity.get(path) != "stateful"]
    assert generated == []


class Control:
    """A sync client for the control routes, mounted on a bare Starlette app as control.py will."""

    def __init__(self, app):
        self.app = app

    def request(self, method: str, path: str, **options) -> httpx.Response:
        async def go():
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url="http://ozon.mock") as c:
                return await c.request(method, path, **options)
        return asyncio.run(go())

    def get(self, path, **options):
        return self.request("GET", path, **options)

    def post(self, path, **options):
        return self.request("POST", path, **options)

    def delete(self, path, **options):
        return self.request("DELETE", path, **options)


@pytest.fixture
def control(ozon):
    return Control(Starlette(routes=orders_control.routes(lambda: ozon.world)))


def test_control_creates_orders_and_drives_them(ozon, client, control):
    made = ok(control.post("/__ozmock/orders/836/create", json={"count": 2, "scheme": "rfbs"}))["postings"]
    assert len(made) == 2 and all(p["scheme"] == "rfbs" for p in made)
    number = made[0]["posting_number"]
    assert get_v3(client, number)["status"] == "awaiting_packaging"
    assert control.post("/__ozmock/orders/836/create", json={"count": 1, "scheme": "nope"}).status_code == 400
    assert control.post("/__ozmock/orders/999/create", json={}).status_code == 404
    assert control.post("/__ozmock/orders/836/create", json={"colour": "red"}).status_code == 400

    ok(control.post(f"/__ozmock/orders/836/postings/{made[1]['posting_number']}/cancellation-request", json={}))
    assert get_v3(client, made[1]["posting_number"])["status"] == "cancelled"

    generator = ok(control.post("/__ozmock/orders/836/generators", json={"every_minutes": 10, "scheme": "fbs"}))
    before = len(store_of(ozon.seller()))
    ozon.clock.advance(30 * 60)
    ok(client.post("/v3/posting/fbs/list", json={"filter": {"since": "2026-01-01T00:00:00Z",
                                                             "to": "2026-02-01T00:00:00Z"}, "limit": 1, "offset": 0}))
    assert len(store_of(ozon.seller())) >= before + 3
    ok(control.delete(f"/__ozmock/orders/836/generators/{generator['id']}"))
    count = len(store_of(ozon.seller()))
    ozon.clock.advance(3_600)
    ok(client.post("/v3/posting/fbs/get", json={"posting_number": number}))
    assert len(store_of(ozon.seller())) == count


def test_control_status_returns_and_push(ozon, client, control):
    number = ok(control.post("/__ozmock/orders/836/create", json={"scheme": "fbs"}))["postings"][0]["posting_number"]
    forced = ok(control.post(f"/__ozmock/orders/836/postings/{number}/status", json={"status": "not_accepted"}))
    assert forced["status"] == "not_accepted"
    assert control.post(f"/__ozmock/orders/836/postings/{number}/status", json={"status": "lost"}).status_code == 400
    ok(control.post(f"/__ozmock/orders/836/postings/{number}/status", json={"status": "delivering"}))
    ozon.clock.advance(3 * 86_400)
    record = ok(control.post(f"/__ozmock/orders/836/postings/{number}/return", json={}))
    ozon.clock.advance(3 * 86_400)
    ok(control.post(f"/__ozmock/orders/836/returns/{record['id']}/receive"))
    listed = ok(client.post("/v1/returns/list", json={"filter": {"posting_numbers": [number]}, "limit": 10}))
    assert listed["returns"][0]["visual"]["status"]["sys_name"] == "ReceivedBySeller"

    sub = ok(control.post("/__ozmock/push/836", json={"url": "http://127.0.0.1:9/down", "types": ["TYPE_NEW_POSTING"]}))
    assert ok(control.get("/__ozmock/push/836"))["subscriptions"][0]["id"] == sub["id"]
    assert ok(control.post("/__ozmock/push/flush"))["attempts"] >= 0     # the sender thread may have been first
    deadline = time.monotonic() + 5
    while not ok(control.get("/__ozmock/push/836/deliveries"))["deliveries"] and time.monotonic() < deadline:
        time.sleep(0.02)
    assert ok(control.get("/__ozmock/push/836/deliveries"))["deliveries"][0]["error"] == "REQUEST_ERROR"
    ok(control.delete(f"/__ozmock/push/836/{sub['id']}"))
    assert ok(control.get("/__ozmock/push/836"))["subscriptions"] == []


def test_default_scenario_has_postings_in_varied_statuses(ozon, client, other):
    statuses = {p.status for p in store_of(ozon.seller()).postings.values()}
    assert {"awaiting_packaging", "awaiting_deliver", "delivering", "delivered", "cancelled", "arbitration",
            "awaiting_approve"} <= statuses
    schemes = {p.scheme for p in store_of(ozon.seller()).postings.values()}
    assert schemes == {"fbs", "rfbs", "fbo", "crossborder"}
    seller = store_of(ozon.seller())
    assert seller.returns and seller.rfbs_returns and seller.cancellations and seller.supplies
    theirs = ok(other.post("/v4/posting/fbs/list", json={"filter": {"since": "2025-06-01T00:00:00Z",
                                                                     "to": "2026-05-31T00:00:00Z"}, "limit": 100}))
    assert {p["posting_number"] for p in theirs["postings"]} == set(store_of(ozon.seller(837)).postings)


def test_routes_are_mounted_on_the_mock_control_api(ozon, client):
    made = ok(client.post("/__ozmock/orders/836/create", json={"count": 1, "scheme": "fbs"}))["postings"]
    number = made[0]["posting_number"]
    assert get_v3(client, number)["status"] == "awaiting_packaging"
    ok(client.post(f"/__ozmock/orders/836/postings/{number}/status", json={"status": "cancelled"}))
    assert get_v3(client, number)["status"] == "cancelled"
    assert ok(client.post("/__ozmock/push/flush"))["attempts"] == 0
