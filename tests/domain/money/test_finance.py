"""Finance: transactions derived from postings; totals add up to the listed transactions and to the
delivered postings; the period limit; realization, cash flow, balance, accruals."""
from decimal import Decimal

import pytest

from ozmock.domain.orders.model import store_of
from tests.support import ok, orders

pytestmark = pytest.mark.ozon_options(rate_limit_per_second=None)  # flows make many calls per frozen second

JANUARY = {"from": "2026-01-01T00:00:00Z", "to": "2026-01-31T23:59:59Z"}


def all_operations(client, flt):
    operations, page = [], 1
    while True:
        result = ok(client.post("/v3/finance/transaction/list",
                                json={"filter": flt, "page": page, "page_size": 5}))["result"]
        operations += result["operations"]
        if page >= result["page_count"]:
            return operations, result["row_count"]
        page += 1


def money(value):
    return Decimal(str(value))


def test_totals_add_up(ozon, client, other):
    orders(ozon, count=3, scheme="fbo")
    ozon.clock.advance(5 * 86400)                 # FBO postings are delivered by the clock
    operations, rows = all_operations(client, {"date": JANUARY, "transaction_type": "all"})
    assert rows == len(operations) > 3
    assert len({op["operation_id"] for op in operations}) == rows
    totals = ok(client.post("/v3/finance/transaction/totals", json={"date": JANUARY, "transaction_type": "all"}))
    totals = {k: money(v) for k, v in totals["result"].items()}
    assert sum(totals.values()) == sum(money(op["amount"]) for op in operations)
    assert totals["accruals_for_sale"] == sum(money(op["accruals_for_sale"]) for op in operations)
    assert totals["sale_commission"] == sum(money(op["sale_commission"]) for op in operations)
    for op in operations:
        parts = money(op["accruals_for_sale"]) + money(op["sale_commission"]) + sum(
            money(s["price"]) for s in op["services"])
        assert parts == money(op["amount"]) or op["type"] == "services"

    # the sales are exactly the delivered postings (less what came back)
    store = store_of(ozon.seller())
    delivered = [p for p in store.postings.values() if p.delivered_at is not None]
    sold = sum(money(line["price"]) * line["quantity"] for p in delivered for line in p.lines)
    returned = sum(money(r["price"]) * r["quantity"] for r in store.returns.values() if r["type"] == "ClientReturn")
    assert totals["accruals_for_sale"] == sold - returned
    sales = [op for op in operations if op["operation_type"] == "OperationAgentDeliveredToCustomer"]
    assert {op["posting"]["posting_number"] for op in sales} == {p.number for p in delivered}

    # per posting and per type
    number = sales[0]["posting"]["posting_number"]
    mine, _ = all_operations(client, {"posting_number": number})
    assert mine and all(op["posting"]["posting_number"] == number for op in mine)
    by_posting = ok(client.post("/v3/finance/transaction/totals", json={"posting_number": number}))["result"]
    assert sum(money(v) for v in by_posting.values()) == sum(money(op["amount"]) for op in mine)
    only_orders, _ = all_operations(client, {"date": JANUARY, "transaction_type": "orders"})
    assert {op["type"] for op in only_orders} == {"orders"}

    # legacy v2 views agree
    legacy = {"filter": {"date": JANUARY, "transaction_type": "all"}, "page": 1, "page_size": 1000}
    v2_rows = ok(client.post("/v2/finance/transaction/list", json=legacy))["result"]
    v2_totals = ok(client.post("/v2/finance/transaction/totals", json=legacy))["result"]
    assert len(v2_rows) == rows
    assert money(v2_totals["totalAmount"]) == sum(money(r["totalAmount"]) for r in v2_rows) == sum(totals.values())

    # the second seller's finance is its own
    theirs, _ = all_operations(other, {"date": JANUARY})
    assert not {op["posting"]["posting_number"] for op in theirs} & {p.number for p in delivered}
    assert other.post("/v3/finance/transaction/totals", json={"posting_number": number}).json()["result"][
        "accruals_for_sale"] == 0


def test_period_limit(client):
    too_long = client.post("/v3/finance/transaction/list", json={
        "filter": {"date": {"from": "2025-09-01T00:00:00Z", "to": "2026-01-15T00:00:00Z"}}, "page": 1,
        "page_size": 10})
    assert too_long.status_code == 400 and too_long.json()["code"] == 3
    assert client.post("/v3/finance/transaction/totals", json={
        "date": {"from": "2025-09-01T00:00:00Z", "to": "2026-01-15T00:00:00Z"}}).status_code == 400
    fine = client.post("/v3/finance/transaction/list", json={
        "filter": {"date": {"from": "2025-10-15T00:00:00Z", "to": "2026-01-15T00:00:00Z"}}, "page": 1,
        "page_size": 10})
    assert fine.status_code == 200
    backwards = client.post("/v3/finance/transaction/list", json={
        "filter": {"date": {"from": "2026-01-15T00:00:00Z", "to": "2026-01-01T00:00:00Z"}}, "page": 1,
        "page_size": 10})
    assert backwards.status_code == 400


def test_realization_cash_flow_balance(ozon, client):
    orders(ozon, count=2, scheme="fbo")
    early = client.post("/v2/finance/realization", json={"month": 1, "year": 2026})
    assert early.status_code == 404                # the January report comes in February
    ozon.clock.advance(22 * 86400)                 # 2026-02-06
    january, _ = all_operations(client, {"date": JANUARY})
    sales = [op for op in january if op["operation_type"] == "OperationAgentDeliveredToCustomer"]
    returns = [op for op in january if op["operation_type"] == "ClientReturnAgentOperation"]
    report = ok(client.post("/v2/finance/realization", json={"month": 1, "year": 2026}))["result"]
    delivered = sum(money(r["delivery_commission"]["amount"]) for r in report["rows"] if "delivery_commission" in r)
    assert delivered == sum(money(op["accruals_for_sale"]) for op in sales)
    back = sum(money(r["return_commission"]["amount"]) for r in report["rows"] if "return_commission" in r)
    assert back == -sum(money(op["accruals_for_sale"]) for op in returns)
    per_posting = ok(client.post("/v1/finance/realization/posting", json={"month": 1, "year": 2026}))
    assert {r["order"]["posting_number"] for r in per_posting["rows"] if "delivery_commission" in r} == \
        {op["posting"]["posting_number"] for op in sales}
    code = ok(client.post("/v1/report/realization/posting/create", json={"month": 1, "year": 2026}))["code"]
    ozon.clock.advance(600)                        # the report is built on the clock
    info = ok(client.post("/v1/report/info", json={"code": code}))["result"]
    assert info["status"] == "success" and info["report_type"] == "SELLER_REALIZATION_POSTING"
    lines = client.get(info["file"]).text.splitlines()
    assert lines[0].startswith("№;Номер отправления") and len(lines) == 1 + len(per_posting["rows"])
    delivered_column = [line.split(";")[8] for line in lines[1:]]
    assert sum(money(value) for value in delivered_column) == delivered
    assert client.post("/v1/report/realization/posting/create", json={"month": 2, "year": 2026}).status_code == 404

    flows = ok(client.post("/v1/finance/cash-flow-statement/list", json={
        "date": {"from": "2026-01-01T00:00:00Z", "to": "2026-01-31T00:00:00Z"}, "page": 1, "page_size": 10,
        "with_details": True}))["result"]
    assert [f["period"]["begin"][:10] for f in flows["cash_flows"]] == ["2026-01-01", "2026-01-16"]
    assert sum(money(f["orders_amount"]) for f in flows["cash_flows"]) == sum(money(op["accruals_for_sale"])
                                                                             for op in sales)
    balance = ok(client.post("/v1/finance/balance", json={"date_from": "2026-01-01", "date_to": "2026-01-31"}))
    total = balance["total"]
    assert money(total["accrued"]["value"]) == sum(money(op["amount"]) for op in january)
    paid = sum(money(p["value"]) for p in total["payments"])
    assert money(total["closing_balance"]["value"]) == money(total["opening_balance"]["value"]) + \
        money(total["accrued"]["value"]) + paid

    accruals = ok(client.post("/v1/finance/accrual/postings",
                              json={"posting_numbers": [sales[0]["posting"]["posting_number"]]}))
    parts = accruals["posting_accruals"][0]["accruals"]
    assert sum(money(a["accrued"]["amount"]) for a in parts) == money(sales[0]["amount"])
    types = {t["id"] for t in ok(client.post("/v1/finance/accrual/types", json={}))["accrual_types"]}
    assert {a["type_id"] for a in parts} <= types


def test_cash_flow_without_details_answers_them_unset_and_both_published_clients_read_it(client):
    """`details` not asked for is an unset message: null, as the gateway writes it. Strict mode holds the
    exact answer to its complete schema (it was a 500), and the published clients' own models parse it
    (a zero-valued object broke both)."""
    import msgspec
    from ozon_sdk.seller_api.basic.models import V3FinanceCashFlowStatementListResponse
    from ozonapi.seller.schemas.reports.v1__finance_cash_flow_statement_list import (
        FinanceCashFlowStatementListResponse)

    answer = client.post("/v1/finance/cash-flow-statement/list", json={"date": JANUARY, "page": 1, "page_size": 10})
    result = ok(answer)["result"]
    assert result["details"] is None
    assert [f["period"]["begin"][:10] for f in result["cash_flows"]] == ["2026-01-01"]    # the world is at 01-15
    assert msgspec.json.decode(answer.content, type=V3FinanceCashFlowStatementListResponse).result.details is None
    assert FinanceCashFlowStatementListResponse.model_validate_json(answer.content).result.details is None
