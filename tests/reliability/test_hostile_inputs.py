"""What an attacker or a careless client sends (issue 14's list): each answered in Ozon's error shape
or handled, never a 5xx, and never a stuck world: a normal call afterwards still answers 200."""
from __future__ import annotations

import pytest

from ozmock.clock import iso, parse_iso
from ozmock.pipeline.bounds import MAX_BODY_BYTES, MAX_JSON_DEPTH

from ..support import ok

pytestmark = pytest.mark.ozon_options(rate_limit_per_second=None)


def still_serving(client) -> None:
    """The world is not stuck: Ozon reads, the clock, the state export and the journal all answer."""
    assert client.post("/v1/roles").status_code == 200
    assert client.post("/v3/product/list", json={"limit": 5}).status_code == 200
    for path in ("/__ozmock/clock", "/__ozmock/state", "/__ozmock/journal"):
        assert client.get(path).status_code == 200, path


def refused(response, status: int = 400, code: int = 3) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"code", "message", "details"} and body["code"] == code, body
    return body["message"]


def first_action_and_product(client) -> tuple[int, int]:
    action = ok(client.get("/v1/actions"))["result"][0]["id"]
    product = ok(client.post("/v3/product/list", json={"limit": 1}))["result"]["items"][0]["product_id"]
    return action, product


def test_a_huge_stock_in_an_action_is_never_stored_beyond_64_bits(client):
    action, product = first_action_and_product(client)
    answer = client.post("/v1/actions/products/activate", json={
        "action_id": action, "products": [{"product_id": product, "action_price": 100, "stock": 1e30}]})
    assert answer.status_code < 500
    listed = ok(client.post("/v1/actions/products", json={"action_id": action, "limit": 100}))["result"]["products"]
    assert all(-(2**63) <= p["stock"] < 2**63 for p in listed)
    still_serving(client)


@pytest.mark.parametrize(("entry", "field"), [({"action_price": 8.055e77, "stock": 1}, "products[0].action_price"),
                                              ({"action_price": 100, "stock": 1, "product_id": 1e30},
                                               "products[0].product_id")])
def test_numbers_beyond_their_format_are_refused_naming_the_field(client, entry, field):
    action, product = first_action_and_product(client)
    before = ok(client.post("/v1/actions/products", json={"action_id": action, "limit": 100}))
    message = refused(client.post("/v1/actions/products/activate", json={
        "action_id": action, "products": [{"product_id": product, **entry}]}))
    assert message.startswith(f"{field}: invalid value for double type")
    assert ok(client.post("/v1/actions/products", json={"action_id": action, "limit": 100})) == before
    still_serving(client)


def test_realization_by_day_with_a_year_beyond_int32(client):
    message = refused(client.post("/v1/finance/realization/by-day", json={"day": "0", "month": "0",
                                                                        "year": 2147483648}))
    assert "date" in message or "year" in message
    still_serving(client)


@pytest.mark.parametrize("client_id", ["²", "٣٦", "９"])
def test_a_client_id_of_unicode_digits_is_not_a_client_id(ozon, client, client_id):
    answer = client.post("/v1/roles", headers={"Client-Id": client_id.encode("utf-8"), "Api-Key": ozon.api_key})
    assert refused(answer) == "Client-Id header value should be positive integer"
    still_serving(client)


def test_a_body_nested_a_thousand_deep_is_refused_before_parsing(client):
    deep = b'{"filter": ' + b"[" * 1000 + b"]" * 1000 + b"}"
    assert "nested deeper than 100" in refused(client.post("/v3/product/list", content=deep))
    still_serving(client)


def test_the_depth_limit_is_exact_and_brackets_in_strings_do_not_count(client):
    def body(depth: int) -> bytes:
        return b'{"filter": {"offer_id": [' + b"[" * (depth - 3) + b"]" * (depth - 3) + b"]}}"

    assert client.post("/v3/product/list", content=body(MAX_JSON_DEPTH)).status_code != 500
    refused(client.post("/v3/product/list", content=body(MAX_JSON_DEPTH + 1)))
    text = b'{"filter": {"offer_id": ["' + b"[" * 5000 + b'"]}, "limit": 1}'
    assert client.post("/v3/product/list", content=text).status_code == 200


def test_a_body_nested_300_deep_leaves_the_journal_readable(client):
    client.post("/v3/product/list", content=b'{"filter": ' + b"[" * 300 + b"]" * 300 + b"}")
    entries = ok(client.get("/__ozmock/journal"))["entries"]
    assert entries[-1]["status"] == 400 and entries[-1]["request"] == f"<{300 * 2 + 12} bytes, not kept>"


def test_a_body_over_the_limit_answers_413_in_ozons_shape(client):
    big = b'{"filter": {"offer_id": ["' + b"x" * MAX_BODY_BYTES + b'"]}}'
    assert "request body too large" in refused(client.post("/v3/product/list", content=big), status=413)
    assert "request body too large" in refused(client.post("/v3/product/import", content=big,
                                                           headers={"Client-Id": "", "Api-Key": ""}), status=413)
    entry = ok(client.get("/__ozmock/journal"))["entries"][-1]
    assert entry["status"] == 413 and entry["request"].endswith("bytes, not kept>")
    still_serving(client)


@pytest.mark.parametrize("seconds", ["nan", "NaN", "inf", "-Infinity", 1e308, 10**30, -5, [1], {"a": 1}, True])
def test_the_clock_refuses_what_it_cannot_hold_and_stays_where_it_was(client, seconds):
    before = ok(client.get("/__ozmock/clock"))
    refused(client.post("/__ozmock/clock/advance", json={"seconds": seconds}))
    assert ok(client.get("/__ozmock/clock")) == before
    still_serving(client)


@pytest.mark.parametrize("route", ["/__ozmock/clock/advance", "/__ozmock/reset", "/__ozmock/clock"])
@pytest.mark.parametrize("body", [[1], "text", 5, None])
def test_control_bodies_that_are_not_objects_answer_400_in_ozons_shape(client, route, body):
    before = ok(client.get("/__ozmock/state?api_keys=show"))
    assert "JSON object" in refused(client.post(route, json=body)) if body is not None else True
    assert ok(client.get("/__ozmock/state?api_keys=show"))["sellers"] == before["sellers"]


def test_a_clock_change_is_all_or_nothing(client):
    before = ok(client.get("/__ozmock/clock"))
    refused(client.post("/__ozmock/clock", json={"mode": "real", "now": 17}))
    refused(client.post("/__ozmock/clock", json={"mode": "nan"}))
    refused(client.post("/__ozmock/clock", json={"now": "0874-08-11T07:50:44Z"}))
    assert ok(client.get("/__ozmock/clock")) == before


@pytest.mark.parametrize("area, value", [("products", [1, 2]), ("reports", "text"), ("reports", {"reports": [],
                                                                                                "order": {}}),
                                         ("push", 5), ("postings", {"postings": "x"})])
def test_a_wrongly_typed_area_in_a_state_import_is_refused_and_changes_nothing(client, area, value):
    before = ok(client.get("/__ozmock/state?api_keys=show"))
    document = ok(client.get("/__ozmock/state?api_keys=show"))
    document["sellers"][0]["areas"][area] = value
    assert refused(client.put("/__ozmock/state", json=document))
    assert ok(client.get("/__ozmock/state?api_keys=show")) == before
    still_serving(client)


def test_seller_action_dates_before_1970_are_refused_and_timestamps_keep_four_digit_years(client):
    body = {"title": "Old", "date_start": "0874-08-11T07:50:44Z", "date_end": "2027-01-01T00:00:00Z",
            "min_action_percent": 10}
    assert "1970" in refused(client.post("/v1/seller-actions/create/discount", json=body))
    assert iso(parse_iso("0874-08-11T07:50:44Z")) == "0874-08-11T07:50:44.000Z"


def test_archiving_another_sellers_product_answers_not_found_and_archives_nothing(client, other):
    theirs = ok(other.post("/v3/product/list", json={"limit": 1}))["result"]["items"][0]["product_id"]
    assert refused(client.post("/v1/product/archive", json={"product_id": [theirs]}), 404, 5) == "Product not found"
    assert refused(client.post("/v1/product/unarchive", json={"product_id": [theirs]}), 404, 5)
    mine = ok(client.post("/v3/product/list", json={"limit": 1}))["result"]["items"][0]["product_id"]
    refused(client.post("/v1/product/archive", json={"product_id": [mine, theirs]}), 404, 5)
    listed = ok(other.post("/v3/product/info/list", json={"product_id": [theirs]}))["items"][0]
    assert listed["is_archived"] is False
    assert ok(client.post("/v3/product/info/list", json={"product_id": [mine]}))["items"][0]["is_archived"] is False
