"""A sandbox that feels live: a running clock starts the world now, asynchronous work finishes within
seconds unless the realistic profile is asked for, the default world lists postings in every status,
and seed 002's example ids exist."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ozmock import OzonMock
from ozmock.scenario import ScenarioError, build_world
from tests.domain.orders.support import new_posting
from tests.support import ok

FBS_LISTED = {"awaiting_registration", "acceptance_in_progress", "awaiting_packaging", "awaiting_deliver",
              "arbitration", "client_arbitration", "delivering", "driver_pickup", "delivered", "cancelled",
              "not_accepted", "sent_by_seller"}


def test_a_running_clock_starts_the_world_now_with_recent_postings():
    world = build_world("default", clock="real")
    assert abs(world.clock.now() - datetime.now(timezone.utc)) < timedelta(minutes=5)
    assert build_world("default").clock.now() == datetime(2026, 1, 15, 9, tzinfo=timezone.utc)   # frozen: pinned


def test_the_default_world_lists_every_status_on_the_first_page_of_the_last_week(client, ozon):
    now = ozon.clock.now()
    week = {"since": (now - timedelta(days=7)).isoformat().replace("+00:00", "Z"),
            "to": now.isoformat().replace("+00:00", "Z")}
    page = ok(client.post("/v3/posting/fbs/list", json={"filter": week, "limit": 50, "offset": 0}))["result"]
    assert {p["status"] for p in page["postings"]} == FBS_LISTED and not page["has_next"]
    unfulfilled = ok(client.post("/v3/posting/fbs/unfulfilled/list", json={
        "filter": {"cutoff_from": week["since"], "cutoff_to": (now + timedelta(days=7)).isoformat()[:19] + "Z"},
        "limit": 50, "offset": 0}))["result"]["postings"]
    assert {"awaiting_registration", "acceptance_in_progress", "awaiting_packaging"} <= \
        {p["status"] for p in unfulfilled}


def test_labels_are_ready_within_seconds_by_default(ozon, client):
    posting = new_posting(ozon)
    ok(client.post("/v3/posting/fbs/ship", json={"posting_number": posting.number, "packages": [
        {"products": [{"product_id": line["sku"], "quantity": line["quantity"]} for line in posting.lines]}]}))
    ozon.clock.advance(5)
    label = client.post("/v2/posting/fbs/package-label", json={"posting_number": [posting.number]})
    assert label.status_code == 200 and label.headers["content-type"] == "application/pdf"


@pytest.mark.ozon_options(timing_profile="realistic")
def test_the_realistic_profile_takes_the_documented_minutes(ozon, client):
    task = ok(client.post("/v1/report/products/create", json={}))["result"]["code"]
    ozon.clock.advance(60)
    assert ok(client.post("/v1/report/info", json={"code": task}))["result"]["status"] != "success"
    ozon.clock.advance(120)
    assert ok(client.post("/v1/report/info", json={"code": task}))["result"]["status"] == "success"


def test_an_unknown_timing_profile_is_refused():
    with pytest.raises(ScenarioError, match="timing_profile"):
        OzonMock(timing_profile="slowish").__enter__()


def test_seed_002_examples_exist(client):
    values = ok(client.post("/v1/description-category/attribute/values", json={
        "description_category_id": 17028922, "type_id": 94765, "attribute_id": 10096, "limit": 5000,
        "language": "DEFAULT"}))
    assert {v["id"]: v["value"].lower() for v in values["result"]}[61577] == "белый"
    assert len(values["result"]) <= 2000                      # 5000 is cut to the documented maximum
    brands = ok(client.post("/v1/description-category/attribute/values/search", json={
        "description_category_id": 17028922, "type_id": 94765, "attribute_id": 85, "value": "Nike", "limit": 10}))
    assert 906158 in {v["id"] for v in brands["result"]}
