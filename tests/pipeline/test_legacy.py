"""Operation lifecycle: removed and deprecated operations are served and marked, or refused on request."""
import pytest

from ozmock import OzonMock
from ozmock.catalog import load_catalog

CATALOG = load_catalog()
REMOVED = [op for op in CATALOG if op.lifecycle == "removed" and op.method == "POST" and "{" not in op.path]
DEPRECATED = [op for op in CATALOG if op.lifecycle == "deprecated"]


def test_seed_only_and_dropped_operations_are_removed():
    removed = {op.path for op in CATALOG if op.lifecycle == "removed"}
    assert {"/v2/posting/fbs/list", "/v1/product/info", "/v4/product/info/prices",  # seed-only
            "/v2/chat/list", "/v1/conditional-cancellation/list"} <= removed       # only in 2025-08
    assert "/v3/product/import" not in removed


def test_removed_operations_are_served_and_marked_by_default(client):
    response = client.post("/v1/product/info", json={"product_id": 1})
    assert response.status_code != 400 or response.json()["code"] != 9
    assert response.headers["x-ozmock-lifecycle"] == "removed"


def test_deprecated_operations_are_marked(client):
    assert DEPRECATED, "the OpenAPI file marks some operations deprecated"
    op = next(op for op in DEPRECATED if op.method == "POST")
    response = client.post(op.path, json=op.example_request or {})
    assert response.headers["x-ozmock-lifecycle"] == "deprecated"


def test_current_operations_carry_no_lifecycle_header(client):
    assert "x-ozmock-lifecycle" not in client.post("/v3/product/list", json={}).headers


@pytest.mark.parametrize("operation", REMOVED[::7], ids=lambda op: op.path)
def test_legacy_reject_answers_like_the_live_api(operation):
    with OzonMock(legacy="reject") as ozon, ozon.client() as client:
        response = client.post(operation.path, json=operation.example_request or {})
        assert response.status_code == 400
        assert response.json() == {"code": 9, "message": "obsolete method cannot be used", "details": []}
        assert client.post("/v3/product/list", json={}).status_code == 200


def test_legacy_reject_still_checks_credentials_first():
    with OzonMock(legacy="reject") as ozon, ozon.client() as client:
        client.headers.clear()
        assert client.post("/v1/product/info", json={}).status_code == 401


def test_source_header_says_where_the_body_came_from(client):
    sources = {client.post("/v3/product/list", json={}).headers["x-ozmock-source"],
               client.post("/nowhere").headers["x-ozmock-source"]}
    assert sources <= {"stateful", "example", "generated", "error"} and "error" in sources
