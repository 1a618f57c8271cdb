"""The transaction lists over the ledger: `/v3/finance/transaction/list|totals` and the legacy v2
pair. Both read the same operations (`ledger.operations`), so a list and its totals always agree."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from ...errors import OzonError
from ...registry import Call, handles
from ..kit.dates import add_months, now_of, parse_datetime, stamp
from ..kit.money import cents, money_number
from ..kit.paging import clamped_size
from ..kit.timings import declare_limits, limit
from ..kit.values import as_int, as_str, obj, str_list
from .ledger import (
    SCHEMA,
    TYPE_NAMES,
    ZERO,
    amount_of,
    delivery_total,
    operations,
    return_services_total,
    select,
    totals,
    utc,
)

TRANSACTION_TYPES = ("all", "orders", "returns", "services", "compensation", "transferDelivery", "other")
V2_TYPES = {"orders": ("Заказ", "orders"), "returns": ("Возврат", "returns"), "services": ("Услуги", "services")}
declare_limits(finance_period_months=3)   # the longest period a finance list may ask for


def period_months(world) -> int:
    value = limit(world, "finance_period_months")
    return int(value) if value else 0


# --- request reading ----------------------------------------------------------------------------------
def _range(call: Call, date: Any, *, required: bool) -> tuple[float | None, float | None]:
    """`filter.date` as epoch seconds; 400 when reversed or longer than `finance_period_months`."""
    date = obj(date)
    start = parse_datetime(date.get("from"), "date.from", required=required)
    end = parse_datetime(date.get("to"), "date.to", required=required)
    if start is None or end is None:
        return (start.timestamp() if start else None), (end.timestamp() if end else None)
    if end < start:
        raise OzonError(3, "date.to must not be earlier than date.from")
    months = period_months(call.world)
    if months and end > add_months(start, months):
        raise OzonError(3, f"the period must not be longer than {months} month{'s' if months > 1 else ''}")
    return start.timestamp(), end.timestamp()


def _filtered(call: Call, flt: dict[str, Any]) -> list[dict[str, Any]]:
    number = as_str(flt.get("posting_number")).strip()
    date = obj(flt.get("date"))
    if not number and not date:
        raise OzonError(3, "give filter.date or filter.posting_number")
    start, end = _range(call, date, required=not number)
    kind = as_str(flt.get("transaction_type") or "all")
    if kind not in TRANSACTION_TYPES:
        raise OzonError(3, f"transaction_type must be one of {', '.join(TRANSACTION_TYPES)}")
    ops = operations(call.world, call.seller, now_of(call))
    return select(ops, start=start, end=end, posting_number=number, transaction_type=kind,
                  operation_types=str_list(flt.get("operation_type")))


def _day_text(at: float) -> str:
    return utc(at).strftime("%Y-%m-%d %H:%M:%S")


def _page(call: Call, ops: list[dict[str, Any]], default: int) -> tuple[list[dict[str, Any]], int]:
    """(the 1-based page of `ops`, page size): at least 1 and at most 1000 a page."""
    size = clamped_size(call.body.get("page_size"), default, 1000)
    page = max(as_int(call.body.get("page"), 1), 1)
    return ops[(page - 1) * size:page * size], size


# --- v3 -------------------------------------------------------------------------------------------------
def _v3_row(op: dict[str, Any]) -> dict[str, Any]:
    posting = op["posting"]
    return {
        "operation_id": op["id"], "operation_type": op["operation_type"], "operation_date": _day_text(op["date"]),
        "operation_type_name": TYPE_NAMES.get(op["operation_type"], op["operation_type"]), "type": op["type"],
        "delivery_charge": 0.0, "return_delivery_charge": 0.0, "accruals_for_sale": money_number(op["accruals"]),
        "sale_commission": money_number(op["commission"]), "amount": money_number(amount_of(op)),
        "posting": {"delivery_schema": SCHEMA.get(posting.scheme, "") if posting else "",
                    "order_date": _day_text(posting.in_process_at) if posting else "",
                    "posting_number": posting.number if posting else "",
                    "warehouse_id": posting.warehouse_id if posting else 0},
        "items": [{"name": line["name"], "sku": line["sku"]} for line in op["lines"]],
        "services": [{"name": name, "price": money_number(price)} for name, price in op["services"]],
    }


@handles("POST", "/v3/finance/transaction/list", exact=True)
def transactions_v3(call: Call) -> dict:
    ops = _filtered(call, obj(call.body.get("filter")))
    rows, size = _page(call, ops, 1000)
    return {"result": {"operations": [_v3_row(op) for op in rows], "page_count": -(-len(ops) // size),
                       "row_count": len(ops)}}


@handles("POST", "/v3/finance/transaction/totals", exact=True)
def totals_v3(call: Call) -> dict:
    return {"result": {name: money_number(value) for name, value in totals(_filtered(call, call.body)).items()}}


# --- legacy v2 ----------------------------------------------------------------------------------------
def _v2_ops(call: Call) -> list[dict[str, Any]]:
    flt = obj(call.body.get("filter"))
    start, end = _range(call, flt.get("date"), required=True)
    kind = as_str(flt.get("transaction_type") or "all")
    ops = operations(call.world, call.seller, now_of(call))
    return select(ops, start=start, end=end, posting_number=as_str(flt.get("posting_number")).strip(),
                  transaction_type=kind)


def _v2_row(op: dict[str, Any]) -> dict[str, Any]:
    posting = op["posting"]
    title, slug = V2_TYPES.get(op["type"], ("Прочее", "other"))
    return {
        "transactionNumber": op["id"], "tranDate": stamp(op["date"]),
        "orderNumber": posting.number if posting else "",
        "orderDate": stamp(posting.in_process_at) if posting else "", "orderState": "",
        "transactionType": title, "transactionTypeSlug": slug,
        "details": ", ".join(line["name"] for line in op["lines"]) or TYPE_NAMES.get(op["operation_type"], ""),
        "orderAmount": money_number(op["accruals"] + op["extra"]), "commissionAmount": money_number(op["commission"]),
        "discountAmount": 0, "itemDeliveryAmount": int(delivery_total(op)),
        "itemReturnAmount": int(return_services_total(op)), "totalAmount": money_number(amount_of(op))}


@handles("POST", "/v2/finance/transaction/list", exact=True)
def transactions_v2(call: Call) -> dict:
    rows, _ = _page(call, _v2_ops(call), 100)
    return {"result": [_v2_row(op) for op in rows]}


def _text(value: Decimal) -> str:
    return f"{cents(value):.2f}"


@handles("POST", "/v2/finance/transaction/totals", exact=True)
def totals_v2(call: Call) -> dict:
    ops = _v2_ops(call)
    return {"error": None, "result": {
        "orderAmount": _text(sum((op["accruals"] + op["extra"] for op in ops), ZERO)),
        "commissionAmount": _text(sum((op["commission"] for op in ops), ZERO)), "discountAmount": "0.00",
        "item_delivery_amount": _text(sum((delivery_total(op) for op in ops), ZERO)),
        "item_return_amount": _text(sum((return_services_total(op) for op in ops), ZERO)),
        "totalAmount": _text(sum((amount_of(op) for op in ops), ZERO))}}
