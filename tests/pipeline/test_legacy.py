"""Operation lifecycle as of `api_date`: removed and deprecated operations are served and marked, or
refused on request; operations published after the day are unknown; those known only by path are
always refused."""
from datetime import date

import pytest

from ozmock import OzonMock
from ozmock.catalog import load_catalog
from ozmock.lifecycle import lifecycle_of

CATALOG = load_catalog()
TODAY = date.today()
REMOVED = [op for op in CATALOG if op.lifecycle(TODAY).status == "removed" and not op.obsolete
           and op.method == "POST" and "{" not in op.path]
DEPRECATED = [op for op in CATALOG if op.lifecycle(TODAY).status == "deprecated"]
OBSOLETE = {"code": 9, "message": "obsolete method cannot be used", "details": []}


def test_seed_only_and_dropped_operations_are_removed():
    removed = {op.path for op in CATALOG if op.lifecycle(TODAY).status == "removed"}
    assert {"/v2/posting/fbs/list", "/v1/product/info", "/v4/product/info/prices",  # seed-only
            "/v2/chat/list", "/v1/conditional-cancellation/list"} <= removed       # only in 2025-08
    assert "/v3/product/import" not in removed


def test_removed_operations_are_served_and_marked_by_default(client):
    response = client.post("/v1/product/info", json={"product_id": 1})
    assert response.status_code != 400 or response.json()["code"] != 9
    assert response.headers["x-ozmock-lifecycle"] == "removed; removal=2021-07-09; use=/v2/product/info"


def test_deprecated_operations_are_marked(client):
    assert DEPRECATED, "the table marks some operations deprecated without a removal date"
    op = next(op for op in DEPRECATED if op.method == "POST")
    response = client.post(op.path, json=op.example_request or {})
    assert response.headers["x-ozmock-lifecycle"].startswith("deprecated")


def test_current_operations_carry_no_lifecycle_header(client):
    assert "x-ozmock-lifecycle" not in client.post("/v3/product/list", json={}).headers


@pytest.mark.parametrize("operation", REMOVED[::7], ids=lambda op: op.path)
def test_legacy_reject_answers_like_the_live_api(operation):
    with OzonMock(legacy="reject") as ozon, ozon.client() as client:
        response = client.post(operation.path, json=operation.example_request or {})
        assert response.status_code == 400
        assert response.json() == OBSOLETE
        assert client.post("/v3/product/list", json={}).status_code == 200


def test_legacy_reject_still_checks_credentials_first():
    with OzonMock(legacy="reject") as ozon, ozon.client() as client:
        client.headers.clear()
        assert client.post("/v1/product/info", json={}).status_code == 401


def test_source_header_says_where_the_body_came_from(client):
    sources = {client.post("/v3/product/list", json={}).headers["x-ozmock-source"],
               client.post("/nowhere").headers["x-ozmock-source"]}
    assert sources <= {"stateful", "example", "generated", "error"} and "error" in sources


# --- the contract as of a day --------------------------------------------------------------------------
def test_v1_promotions_are_removed_today_and_v2_current():
    with OzonMock(legacy="reject") as ozon, ozon.client() as client:
        listed = {(op["method"], op["path"]): op for op in client.get("/__ozmock/operations").json()["operations"]}
        assert listed[("POST", "/v1/actions/products")]["lifecycle"] == "removed"
        assert listed[("POST", "/v2/actions/products")]["lifecycle"] == "current"
        assert client.post("/v1/actions/products", json={"action_id": 1}).json() == OBSOLETE
        assert client.post("/v2/actions/products", json={"action_id": 1, "limit": 10}).status_code == 404  # no such action


def test_before_the_shutdown_the_v1_promotions_are_deprecated_and_point_to_v2():
    with OzonMock(api_date="2026-10-01", legacy="reject") as ozon, ozon.client() as client:
        response = client.post("/v1/actions/candidates", json={"action_id": 1})
        assert response.status_code != 400
        assert response.headers["x-ozmock-lifecycle"] == \
            "deprecated; removal=2026-10-13; use=/v2/actions/candidates"


def test_on_june_11_the_contract_is_june_file_and_older():
    with OzonMock() as ozon, ozon.client() as client:
        answer = client.get("/__ozmock/operations", params={"api_date": "2026-06-11"}).json()
    listed = {(op["method"], op["path"]) for op in answer["operations"]}
    added_later = {("POST", "/v2/actions/products"), ("POST", "/v3/posting/fbs/package-label/create"),
                   ("POST", "/v1/barcode/delete"), ("POST", "/v2/supply-order/timeslot/list")}
    assert answer["api_date"] == "2026-06-11"
    assert not listed & added_later
    june = {op.key for op in CATALOG if "spec-2026-06" in op.sources}
    assert june <= listed
    assert all(op.first_seen is None or op.first_seen <= date(2026, 6, 11)
               for op in CATALOG if op.key in listed)


def test_an_operation_published_after_the_day_is_an_unknown_method():
    with OzonMock(api_date="2026-06-11") as ozon, ozon.client() as client:
        response = client.post("/v2/actions/products", json={"action_id": 1})
        assert response.status_code == 404
        assert response.json()["message"] == "no such method: POST /v2/actions/products"
        assert "/v2/actions/products" not in client.get("/openapi.json").json()["paths"]
        assert "/v2/actions/products" in client.get("/openapi.json?api_date=2026-10-10").json()["paths"]


def test_api_date_comes_from_a_scenario_and_a_bad_one_is_refused(tmp_path):
    scenario = tmp_path / "june.yaml"
    scenario.write_text("api_date: 2026-06-11\nsellers: [{client_id: 836, api_keys: [k]}]\n")
    with OzonMock(str(scenario)) as ozon, ozon.client() as client:
        assert client.post("/v1/barcode/delete", json={}).status_code == 404
    with pytest.raises(ValueError, match="api_date"):
        OzonMock(api_date="June 11")


def test_the_lifecycle_is_a_function_of_the_dates():
    op = CATALOG.get("POST", "/v1/posting/fbs/package-label/create")
    assert lifecycle_of(op, date(2023, 2, 15)).status == "unpublished"
    assert lifecycle_of(op, date(2024, 5, 22)).status == "current"
    assert lifecycle_of(op, date(2024, 5, 23)).status == "deprecated"
    assert lifecycle_of(op, date(2026, 11, 1)).status == "deprecated"
    life = lifecycle_of(op, date(2026, 11, 2))
    assert (life.status, life.removed_on, life.replacement) == \
        ("removed", date(2026, 11, 2), "/v3/posting/fbs/package-label/create")
