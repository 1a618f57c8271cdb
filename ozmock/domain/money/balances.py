"""Money views by period over the ledger: the cash-flow statement (half-month periods), the balance
for a range of days, and the accruals methods (types, per posting, per day). Balances count the
payouts the ledger has made by now, so an opening balance is the previous closing one."""
from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

from ...errors import OzonError
from ...registry import Call, handles
from ..kit.dates import now_of, parse_datetime, parse_day, stamp
from ..kit.money import cents, dec, money_number
from ..kit.paging import clamped_size
from ..kit.values import as_int, obj, str_list
from .ledger import (
    DAY,
    DELIVERY_SERVICES,
    SCHEMA,
    ZERO,
    amount_of,
    balance_at,
    line_amount,
    line_commission,
    operations,
    payouts,
    period_id,
    periods,
    select,
    service_total,
    totals,
    utc,
)

# accrual types of the /v1/finance/accrual/* methods (id, name, what it is)
ACCRUAL_TYPES = (
    (1, "SaleRevenue", "Выручка от продажи"), (2, "SaleCommission", "Вознаграждение за продажу"),
    (3, "DirectFlowLogistic", "Логистика"), (4, "DelivToCustomer", "Последняя миля"),
    (5, "DropoffProcessing", "Обработка отправления"), (6, "ReturnRevenue", "Возврат выручки"),
    (7, "ReturnCommission", "Возврат вознаграждения"), (8, "ReturnProcessing", "Обработка возврата"),
    (9, "ReturnFlowLogistic", "Обратная логистика"), (10, "NotDeliveredProcessing", "Обработка невыкупа и отмены"),
    (11, "MarketingServices", "Продвижение товаров"), (12, "Storage", "Размещение товаров"),
)
SERVICE_TYPE_ID = {"MarketplaceServiceItemDirectFlowLogistic": 3, "MarketplaceServiceItemDelivToCustomer": 4,
                   "MarketplaceServiceItemDropoffSC": 5, "MarketplaceServiceItemReturnAfterDelivToCustomer": 8,
                   "MarketplaceServiceItemReturnFlowLogistic": 9, "MarketplaceServiceItemReturnNotDelivToCustomer": 10}


def _midnight(day) -> float:
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc).timestamp()


def _sales_total(ops: list[dict[str, Any]]) -> Decimal:
    return sum((op["accruals"] + op["commission"] for op in ops), ZERO)


# --- cash-flow statement ----------------------------------------------------------------------------------
def _services_block(items: dict[str, Decimal]) -> dict[str, Any]:
    return {"total": money_number(sum(items.values(), ZERO)),
            "items": [{"name": name, "price": money_number(price)} for name, price in items.items()]}


def _period(begin: datetime, stop: datetime) -> dict[str, Any]:
    return {"id": period_id(begin), "begin": stamp(begin.timestamp()), "end": stamp(stop.timestamp() - 1)}


def _flow(inside: list[dict[str, Any]], begin: datetime, stop: datetime, currency: str) -> dict[str, Any]:
    sums = totals(inside)
    return {
        "period": _period(begin, stop),
        "orders_amount": money_number(sum((op["accruals"] for op in inside if op["type"] == "orders"), ZERO)),
        "returns_amount": money_number(sum((op["accruals"] for op in inside if op["type"] == "returns"), ZERO)),
        "commission_amount": money_number(sums["sale_commission"]),
        "services_amount": money_number(sums["services_amount"] + sums["others_amount"]),
        "item_delivery_and_return_amount": money_number(sums["processing_and_delivery"]
                                                        + sums["refunds_and_cancellations"]),
        "currency_code": currency}


def _details(call: Call, ops: list[dict[str, Any]], begin: datetime, stop: datetime, now: float) -> dict[str, Any]:
    """The cash-flow statement's `details` of one period: balances, payments, services by name."""
    inside = select(ops, start=begin.timestamp(), end=stop.timestamp() - 0.001)
    pays = payouts(call.seller, ops, now)
    delivery: dict[str, Decimal] = {}
    returns: dict[str, Decimal] = {}
    for op in inside:
        for name, price in op["services"]:
            target = delivery if name in DELIVERY_SERVICES else returns
            target[name] = target.get(name, ZERO) + price
    sales = _sales_total([op for op in inside if op["type"] == "orders"])
    back = _sales_total([op for op in inside if op["type"] == "returns"])
    paid = [amount for when, amount, _ in pays if begin.timestamp() <= when < stop.timestamp()]
    return {
        "period": _period(begin, stop),
        "begin_balance_amount": money_number(balance_at(ops, pays, begin.timestamp())),
        "end_balance_amount": money_number(balance_at(ops, pays, stop.timestamp())),
        "invoice_transfer": money_number(sum((amount_of(op) for op in inside), ZERO)), "loan": 0,
        "payments": [{"currency_code": call.seller.currency, "payment": money_number(-amount)} for amount in paid],
        "delivery": {"total": money_number(sales + sum(delivery.values(), ZERO)), "amount": money_number(sales),
                     "delivery_services": _services_block(delivery)},
        "return": {"total": money_number(back + sum(returns.values(), ZERO)), "amount": money_number(back),
                   "return_services": _services_block(returns)},
        "rfbs": {"total": 0, "transfer_delivery": 0, "transfer_delivery_return": 0,
                 "compensation_delivery_return": 0, "partial_compensation": 0, "partial_compensation_return": 0},
        "services": _services_block({op["operation_type"]: op["extra"] for op in inside if op["extra"]}),
        "others": {"total": money_number(totals(inside)["others_amount"]), "items": []},
    }


@handles("POST", "/v1/finance/cash-flow-statement/list", exact=True)
def cash_flow(call: Call) -> dict:
    date = obj(call.body.get("date"))
    start = parse_datetime(date.get("from"), "date.from")
    end = parse_datetime(date.get("to"), "date.to")
    if end < start:
        raise OzonError(3, "date.to must not be earlier than date.from")
    now = now_of(call)
    ops = operations(call.world, call.seller, now)
    found = periods(start, min(end, utc(now)))
    size = clamped_size(call.body.get("page_size"), 10, 1000)
    page = max(as_int(call.body.get("page"), 1), 1)
    chosen = found[(page - 1) * size:page * size]
    flows = [_flow(select(ops, start=begin.timestamp(), end=stop.timestamp() - 0.001), begin, stop,
                   call.seller.currency) for begin, stop in chosen]
    # details unless asked for is an unset message: null, as the gateway writes it (both published clients read it)
    result: dict[str, Any] = {"cash_flows": flows, "page_count": -(-len(found) // size), "details": None}
    if call.body.get("with_details") and chosen:
        result["details"] = _details(call, ops, *chosen[0], now)
    return {"result": result}


# --- balance ------------------------------------------------------------------------------------------------
def _money(value: Decimal, currency: str) -> dict[str, Any]:
    return {"value": money_number(value), "currency_code": currency}


def _balance_flow(rows: list[dict[str, Any]], currency: str) -> dict[str, Any]:
    revenue = sum((op["accruals"] for op in rows), ZERO)
    fee = sum((op["commission"] for op in rows), ZERO)
    return {"amount": _money(revenue + fee, currency), "fee": _money(fee, currency),
            "amount_details": {"revenue": _money(revenue, currency), "partner_programs": _money(ZERO, currency),
                               "points_for_discounts": "0"}}


def _services_by_name(inside: list[dict[str, Any]]) -> dict[str, Decimal]:
    services: dict[str, Decimal] = {}
    for op in inside:
        for name, price in op["services"]:
            services[name] = services.get(name, ZERO) + price
        if op["extra"]:
            services[op["operation_type"]] = services.get(op["operation_type"], ZERO) + op["extra"]
    return services


@handles("POST", "/v1/finance/balance", exact=True)
def balance(call: Call) -> dict:
    start = parse_day(call.body.get("date_from"), "date_from")
    end = parse_day(call.body.get("date_to"), "date_to")
    if end < start:
        raise OzonError(3, "date_to must not be earlier than date_from")
    low, high = _midnight(start), _midnight(end) + DAY
    now = now_of(call)
    ops = operations(call.world, call.seller, now)
    pays = payouts(call.seller, ops, now)
    inside = select(ops, start=low, end=high - 0.001)
    currency = call.seller.currency
    return {"cashflows": {"sales": _balance_flow([op for op in inside if op["type"] == "orders"], currency),
                          "returns": _balance_flow([op for op in inside if op["type"] == "returns"], currency),
                          "services": [{"name": name, "amount": _money(price, currency)}
                                       for name, price in _services_by_name(inside).items()]},
            "total": {"opening_balance": _money(balance_at(ops, pays, low), currency),
                      "accrued": _money(sum((amount_of(op) for op in inside), ZERO), currency),
                      "payments": [_money(-amount, currency) for when, amount, _ in pays if low <= when < high],
                      "closing_balance": _money(balance_at(ops, pays, min(high, now + 0.001)), currency)}}


# --- accruals (the 2026 methods) -------------------------------------------------------------------------
def _accruals(op: dict[str, Any]) -> list[tuple[int, Decimal, dict | None]]:
    """(type id, amount, line) of one operation's parts."""
    parts: list[tuple[int, Decimal, dict | None]] = []
    returning = op["operation_type"] == "ClientReturnAgentOperation"
    for line in op["lines"] if op["accruals"] else []:
        parts.append((6 if returning else 1, line_amount(line) * (-1 if returning else 1), line))
        parts.append((7 if returning else 2, line_commission(line) * (1 if returning else -1), line))
    for name, price in op["services"]:
        parts.append((SERVICE_TYPE_ID[name], price, None))
    if op["extra"]:
        marketing = op["operation_type"] == "MarketplaceMarketingActionCostOperation"
        parts.append((11 if marketing else 12, op["extra"], None))
    return parts


def _amount(value: Decimal, currency: str) -> dict[str, str]:
    return {"amount": f"{cents(value):.2f}", "currency": currency}


@handles("POST", "/v1/finance/accrual/types", exact=True)
def accrual_types(call: Call) -> dict:
    return {"accrual_types": [{"id": i, "name": name, "description": text} for i, name, text in ACCRUAL_TYPES]}


@handles("POST", "/v1/finance/accrual/postings", exact=True)
def accrual_postings(call: Call) -> dict:
    ops = operations(call.world, call.seller, now_of(call))
    currency = call.seller.currency
    rows = []
    for number in str_list(call.body.get("posting_numbers")):
        accruals = []
        for op in select(ops, posting_number=number):
            for type_id, value, line in _accruals(op):
                accruals.append({"accrual_date": stamp(op["date"]), "type_id": type_id,
                                 "accrued": _amount(value, currency),
                                 "seller_price": _amount(dec(line["price"]) if line else ZERO, currency),
                                 "sku": line["sku"] if line else None,
                                 "quantity": int(line["quantity"]) if line else None})
        rows.append({"posting_number": number, "accruals": accruals})
    return {"posting_accruals": rows}


def _posting_product(op: dict[str, Any], line: dict[str, Any], currency: str) -> dict[str, Any]:
    fee = line_commission(line)
    price = _amount(dec(line["price"]), currency)
    return {"sku": line["sku"], "commission": {
        "sale_amount": _amount(line_amount(line), currency), "sale_commission": _amount(-fee, currency),
        "commission": _amount(-fee, currency), "commission_ratio": f"{dec(line['commission_percent']) / 100}",
        "sale_price": price, "seller_price": dict(price),
        "bonus": _amount(ZERO, currency), "coinvestment": _amount(ZERO, currency)},
        "delivery": {"services": [{"type_id": SERVICE_TYPE_ID[n], "accrued": _amount(p, currency)}
                                  for n, p in op["services"]],
                     "total_accrued": _amount(service_total(op), currency)}}


def _day_row(op: dict[str, Any], day, currency: str) -> dict[str, Any]:
    posting = op["posting"]
    row: dict[str, Any] = {"accrual_id": op["id"], "date": f"{day}", "total_amount": _amount(amount_of(op), currency),
                           "unit_number": posting.number if posting else ""}
    if posting is not None:
        row["accrued_category"] = "POSTING"
        row["posting"] = {"delivery_schema": SCHEMA.get(posting.scheme, ""), "delivery_speed": 0,
                          "products": [_posting_product(op, line, currency) for line in op["lines"]]}
    else:
        row["accrued_category"] = "NON_ITEM"
        row["non_item_fee"] = {"type_id": _accruals(op)[0][0], "accrued": _amount(op["extra"], currency)}
    return row


@handles("POST", "/v1/finance/accrual/by-day")
def accrual_by_day(call: Call) -> dict:
    day = parse_day(call.body.get("date"), "date")
    low = _midnight(day)
    ops = select(operations(call.world, call.seller, now_of(call)), start=low, end=low + DAY - 0.001)
    after = as_int(call.body.get("last_id"), 0)
    ops = [op for op in ops if op["id"] > after] if after else ops
    ops.sort(key=lambda op: op["id"])
    page = ops[:100]
    return {"accruals": [_day_row(op, day, call.seller.currency) for op in page],
            "last_id": str(page[-1]["id"]) if len(ops) > len(page) else ""}
