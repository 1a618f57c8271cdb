"""Reports: create -> info (waiting -> processing -> success by the clock) -> download -> the file holds
the world's data."""
import csv
import io

import pytest

from ozmock.domain.money.reports import fail_next
from tests.support import ok, orders

pytestmark = pytest.mark.ozon_options(rate_limit_per_second=None)  # flows make many calls per frozen second


def rows_of(text):
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def wait(ozon, client, code):
    statuses = []
    for _ in range(10):
        info = ok(client.post("/v1/report/info", json={"code": code}))["result"]
        if not statuses or statuses[-1] != info["status"]:
            statuses.append(info["status"])
        if info["status"] in ("success", "failed"):
            return info, statuses
        ozon.clock.advance(1)
    raise AssertionError(f"report {code} never finished: {statuses}")


def test_products_report_matches_the_world(ozon, client, other, fetch):
    code = ok(client.post("/v1/report/products/create", json={"language": "DEFAULT", "visibility": "ALL"}))
    code = code["result"]["code"]
    info = ok(client.post("/v1/report/info", json={"code": code}))["result"]
    assert info["status"] == "waiting" and info["file"] == "" and info["report_type"] == "SELLER_PRODUCTS"
    assert fetch(f"/__ozmock/files/reports/{code}.csv").status_code == 404
    info, statuses = wait(ozon, client, code)
    assert statuses == ["waiting", "processing", "success"]
    response = fetch(info["file"])
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    table = rows_of(response.text)
    header, body = table[0], table[1:]
    assert header[:2] == ["Артикул", "Ozon Product ID"]
    products = ok(client.post("/v3/product/list", json={"filter": {"visibility": "ALL"}, "limit": 1000}))
    assert sorted(r[0] for r in body) == sorted(p["offer_id"] for p in products["result"]["items"])
    assert {int(r[1]) for r in body} == {p["product_id"] for p in products["result"]["items"]}

    listed = ok(client.post("/v1/report/list", json={"page": 1, "page_size": 10, "report_type": "SELLER_PRODUCTS"}))
    assert listed["result"]["total"] == 1 and listed["result"]["reports"][0]["code"] == code
    assert other.post("/v1/report/info", json={"code": code}).status_code == 404
    assert ok(other.post("/v1/report/list", json={"page": 1, "page_size": 10}))["result"]["total"] == 0

    english = ok(client.post("/v1/report/products/create", json={"language": "EN", "offer_id": [body[0][0]]}))
    info, _ = wait(ozon, client, english["result"]["code"])
    table = rows_of(fetch(info["file"]).text)
    assert table[0][0] == "Article" and [r[0] for r in table[1:]] == [body[0][0]]
    assert info["params"] == {"language": "EN", "offer_id": body[0][0]}

    ozon.clock.advance(3 * 86400 + 60)          # the code lives three days
    assert fetch(info["file"]).status_code == 410


def test_postings_report_lists_the_postings(ozon, client, fetch):
    made = orders(ozon, count=2)
    code = ok(client.post("/v1/report/postings/create", json={"filter": {
        "processed_at_from": "2026-01-15T00:00:00Z", "processed_at_to": "2026-01-16T00:00:00Z",
        "delivery_schema": ["fbs"]}}))["result"]["code"]
    info, _ = wait(ozon, client, code)
    table = rows_of(fetch(info["file"]).text)
    numbers = {row[1] for row in table[1:]}
    assert {p.number for p in made} <= numbers
    units = sum(int(row[15]) for row in table[1:] if row[1] in {p.number for p in made})
    assert units == sum(line["quantity"] for p in made for line in p.lines)
    both = client.post("/v1/report/postings/create", json={"filter": {
        "processed_at_from": "2026-01-15T00:00:00Z", "processed_at_to": "2026-01-16T00:00:00Z",
        "delivery_schema": ["fbs", "fbo"]}})
    assert both.status_code == 400
    assert ok(client.post("/v1/report/list", json={"page": 1, "page_size": 10}))["result"]["total"] == 1


def test_failed_report_and_limits(ozon, client, fetch):
    fail_next(ozon.seller(), "SELLER_STOCK")
    stock = ok(client.post("/v1/report/stock/create", json={}))["result"]["code"]
    info, statuses = wait(ozon, client, stock)
    assert statuses[-1] == "failed" and info["file"] == "" and info["error"]
    warehouses = ok(client.post("/v1/warehouse/list", json={"limit": 50}))["result"]
    code = ok(client.post("/v1/report/warehouse/stock", json={"warehouseId": [str(warehouses[0]["warehouse_id"])]}))
    info, statuses = wait(ozon, client, code["result"]["code"])
    assert statuses[-1] == "success"
    table = rows_of(fetch(info["file"]).text)
    assert table[1:] and all(int(row[0]) == warehouses[0]["warehouse_id"] for row in table[1:])
    assert client.post("/v1/report/warehouse/stock", json={"warehouseId": ["1"]}).status_code == 404

    ok(client.post("/v1/report/discounted/create", json={}))
    limited = client.post("/v1/report/discounted/create", json={})
    assert limited.status_code == 429 and limited.headers["retry-after"]
    ozon.clock.advance(60)
    ok(client.post("/v1/report/discounted/create", json={}))
    for _ in range(5):
        ok(client.post("/v1/report/placement/by-products/create",
                       json={"date_from": "2026-01-01", "date_to": "2026-01-10"}))
    assert client.post("/v1/report/placement/by-products/create",
                       json={"date_from": "2026-01-01", "date_to": "2026-01-10"}).status_code == 429
    too_long = client.post("/v1/report/placement/by-supplies/create",
                           json={"date_from": "2025-11-01", "date_to": "2026-01-10"})
    assert too_long.status_code == 400
    # returns are "available only for the last three months": an older period is cut to them (here to nothing)
    old = client.post("/v2/report/returns/create", json={"filter": {
        "date_from": "2025-01-01T00:00:00Z", "date_to": "2025-02-01T00:00:00Z", "status": "MovingToSeller"}})
    info, _ = wait(ozon, client, ok(old)["result"]["code"])
    assert rows_of(fetch(info["file"]).text)[1:] == []
    total = ok(client.post("/v1/report/list", json={"page": 1, "page_size": 100}))["result"]["total"]
    assert total == 2 + 2 + 5 + 1


def test_a_returns_report_without_a_filter_covers_the_last_three_months(ozon, client, fetch):
    """`filter` is documented as required, but protojson reads it absent as an empty message: the report
    is made (with a contract warning) over the period it can cover, never a 500."""
    answer = client.post("/v2/report/returns/create", json={})
    assert answer.status_code == 200 and "filter: value is required" in answer.headers["x-ozmock-warning"]
    info, _ = wait(ozon, client, answer.json()["result"]["code"])
    assert rows_of(fetch(info["file"]).text)[0]


def test_finance_reports_hold_transactions(ozon, client, fetch):
    orders(ozon, count=2, scheme="fbo")
    ozon.clock.advance(5 * 86400)
    code = ok(client.post("/v1/report/transactions/create", json={"date_from": "2026-01-01", "date_to": "2026-01-31"}))
    info, _ = wait(ozon, client, code["result"]["code"])
    table = rows_of(fetch(info["file"]).text)
    listed = ok(client.post("/v3/finance/transaction/list", json={
        "filter": {"date": {"from": "2026-01-01T00:00:00Z", "to": "2026-01-31T23:59:59Z"}}, "page": 1,
        "page_size": 1000}))["result"]["operations"]
    assert sorted(int(r[0]) for r in table[1:]) == sorted(op["operation_id"] for op in listed)
    assert round(sum(float(r[5]) for r in table[1:]), 2) == round(sum(op["amount"] for op in listed), 2)
    for path, kind in [("/v1/finance/mutual-settlement", "MUTUAL_SETTLEMENT"),
                       ("/v1/finance/compensation", "COMPENSATION_REPORT"),
                       ("/v1/finance/document-b2b-sales", "DOCUMENT_B2B_SALES")]:
        code = ok(client.post(path, json={"date": "2026-01"}))["result"]["code"]
        info, _ = wait(ozon, client, code)
        assert info["report_type"] == kind and fetch(info["file"]).status_code == 200
    assert client.post("/v1/finance/mutual-settlement", json={"date": "January"}).status_code == 400
