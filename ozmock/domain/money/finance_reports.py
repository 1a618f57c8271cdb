"""Reports over the ledger (`/v1/report/transactions|marked-products-sales/create` and the
finance methods that answer with a report code: mutual settlement, compensation, decompensation,
B2B sales): the CSV of each, built from the same operations as the finance lists."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from ...errors import OzonError
from ...registry import Call, handles
from ..kit.dates import month_bounds, now_of, parse_day, parse_month, stamp
from ..kit.money import money_number
from ..kit.values import as_str, obj
from .ledger import (
    DAY,
    SALE,
    TYPE_NAMES,
    ZERO,
    amount_of,
    balance_at,
    operations,
    payouts,
    select,
    service_total,
)
from .realization import b2b_sales
from .reports import Header, create_report, csv_text, report_dates, wants_english

TRANSACTION_HEADER: Header = (
    ("ID операции", "Operation ID"), ("Дата операции", "Operation date"), ("Тип операции", "Operation type"),
    ("Номер отправления", "Posting number"), ("Товары", "Products"), ("Сумма итого, руб.", "Total, RUB"),
    ("Начисления за продажу", "Accruals for sale"), ("Вознаграждение Ozon", "Ozon commission"), ("Услуги", "Services"))
SETTLEMENT_HEADER: Header = (
    ("Период", "Period"), ("Сальдо на начало периода", "Opening balance"), ("Начислено", "Accrued"),
    ("Выплачено", "Paid"), ("Сальдо на конец периода", "Closing balance"))
COMPENSATION_HEADER: Header = (
    ("Дата", "Date"), ("Номер отправления", "Posting number"), ("SKU", "SKU"), ("Наименование товара", "Product name"),
    ("Количество", "Quantity"), ("Сумма, руб.", "Amount, RUB"), ("Основание", "Reason"))
B2B_HEADER: Header = (
    ("Номер документа", "Document number"), ("Дата", "Date"), ("Тип", "Type"), ("Покупатель", "Buyer"),
    ("ИНН покупателя", "Buyer INN"), ("Номер отправления", "Posting number"), ("SKU", "SKU"), ("Артикул", "Article"),
    ("Наименование товара", "Product name"), ("Количество", "Quantity"), ("Сумма, руб.", "Amount, RUB"))
REALIZATION_HEADER: Header = (
    ("Дата", "Date"), ("Номер отправления", "Posting number"), ("SKU", "SKU"), ("Артикул", "Article"),
    ("Наименование товара", "Product name"), ("Количество", "Quantity"), ("Цена реализации, руб.", "Sale price, RUB"),
    ("Сумма, руб.", "Amount, RUB"), ("Вознаграждение Ozon, руб.", "Ozon commission, RUB"),
    ("Итого к начислению, руб.", "Total, RUB"))
MARKED_HEADER: Header = (
    ("Номер отправления", "Posting number"), ("Дата продажи", "Sale date"), ("SKU", "SKU"), ("Артикул", "Article"),
    ("Наименование товара", "Product name"), ("Код маркировки", "Marking code"), ("Цена, руб.", "Price, RUB"))
TRANSACTION_KINDS = {"ORDERS": "orders", "RETURNS": "returns", "SERVICES": "services", "OTHER": "other",
                     "DEPOSIT": "compensation"}


def _operations(call: Call, start: float, end: float, kinds: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    ops = select(operations(call.world, call.seller, now_of(call)), start=start, end=end)
    return [op for op in ops if not kinds or op["operation_type"] in kinds]


# --- builders ------------------------------------------------------------------------------------------
def build_transactions(call: Call, start: float, end: float, kind: str = "ALL") -> str:
    wanted = TRANSACTION_KINDS.get(kind.upper())
    rows = []
    search = as_str(call.body.get("search")).lower()
    for op in _operations(call, start, end):
        if wanted and op["type"] != wanted:
            continue
        names = ", ".join(line["name"] for line in op["lines"])
        if search and search not in names.lower() and search not in (op["posting"].number if op["posting"] else ""):
            continue
        rows.append([op["id"], stamp(op["date"]), TYPE_NAMES.get(op["operation_type"], op["operation_type"]),
                     op["posting"].number if op["posting"] else "", names, money_number(amount_of(op)),
                     money_number(op["accruals"]), money_number(op["commission"]),
                     money_number(service_total(op) + op["extra"])])
    return csv_text(TRANSACTION_HEADER, rows, wants_english(call.body))


def build_settlement(call: Call, year: int, month: int) -> str:
    start, end = month_bounds(year, month)
    now = now_of(call)
    ops = operations(call.world, call.seller, now)
    pays = payouts(call.seller, ops, now)
    opening = balance_at(ops, pays, start.timestamp())
    closing = balance_at(ops, pays, min(end.timestamp(), now + 0.001))
    accrued = sum((amount_of(op) for op in select(ops, start=start.timestamp(), end=end.timestamp() - 0.001)), ZERO)
    paid = sum((amount for when, amount, _ in pays if start.timestamp() <= when < end.timestamp()), ZERO)
    row = [f"{year}-{month:02d}", money_number(opening), money_number(accrued), money_number(-paid),
           money_number(closing)]
    return csv_text(SETTLEMENT_HEADER, [row], wants_english(call.body))


def build_compensation(call: Call, year: int, month: int) -> str:
    """Compensations Ozon paid the seller: ozmock's ledger has none, so the file is its header only."""
    start, end = month_bounds(year, month)
    ops = _operations(call, start.timestamp(), end.timestamp() - 0.001, ("MarketplaceSellerCompensationOperation",))
    rows = [[stamp(op["date"]), op["posting"].number if op["posting"] else "", "", "", "", money_number(op["extra"]),
             op["operation_type"]] for op in ops]
    return csv_text(COMPENSATION_HEADER, rows, wants_english(call.body))


def build_b2b(call: Call) -> str:
    rows = []
    for invoice in b2b_sales(call)["invoices"]:
        for op in invoice["operations"]:
            rows.append([invoice["info"]["number"], invoice["info"]["date"], invoice["info"]["type"],
                         invoice["buyer_info"]["name"], invoice["buyer_info"]["inn"], op["posting_number"],
                         invoice["sku"], invoice["offer_id"], invoice["product_name"], op["quantity"], op["amount"]])
    return csv_text(B2B_HEADER, rows, wants_english(call.body))


def build_marked(call: Call, start: float, end: float) -> str:
    rows = []
    for op in _operations(call, start, end, (SALE,)):
        for line in op["lines"]:
            if line.get("mark"):
                codes = line.get("exemplars") or [{}] * int(line["quantity"])
                for exemplar in codes:
                    code = exemplar.get("mandatory_mark", "") if isinstance(exemplar, dict) else as_str(exemplar)
                    rows.append([op["posting"].number, stamp(op["date"]), line["sku"], line["offer_id"], line["name"],
                                 code, money_number(line["price"])])
    return csv_text(MARKED_HEADER, rows, False)


# --- handlers -------------------------------------------------------------------------------------------
@handles("POST", "/v1/report/transactions/create", writes=True, exact=True)
def transactions_report(call: Call) -> dict:
    start, end = report_dates(call)
    kind = as_str(call.body.get("transaction_type") or "ALL")
    return {"result": {"code": create_report(call, "SELLER_TRANSACTIONS", build_transactions(call, start, end, kind))}}


@handles("POST", "/v1/report/marked-products-sales/create", writes=True, exact=True)
def marked_report(call: Call) -> dict:
    date = obj(call.body.get("date"))
    start, end = parse_day(date.get("from"), "date.from"), parse_day(date.get("to"), "date.to")
    if end < start:
        raise OzonError(3, "date.to must not be earlier than date.from")
    low = datetime(start.year, start.month, start.day, tzinfo=timezone.utc).timestamp()
    high = datetime(end.year, end.month, end.day, tzinfo=timezone.utc).timestamp() + DAY - 0.001
    return {"result": {"code": create_report(call, "MARKED_PRODUCTS_SALES", build_marked(call, low, high))}}


@handles("POST", "/v1/finance/mutual-settlement", exact=True)
def mutual_settlement(call: Call) -> dict:
    year, month = parse_month(call.body.get("date"))
    return {"result": {"code": create_report(call, "MUTUAL_SETTLEMENT", build_settlement(call, year, month))}}


@handles("POST", "/v1/finance/compensation", exact=True)
def compensation(call: Call) -> dict:
    year, month = parse_month(call.body.get("date"))
    return {"result": {"code": create_report(call, "COMPENSATION_REPORT", build_compensation(call, year, month))}}


@handles("POST", "/v1/finance/decompensation", exact=True)
def decompensation(call: Call) -> dict:
    year, month = parse_month(call.body.get("date"))
    return {"result": {"code": create_report(call, "DECOMPENSATION_REPORT", build_compensation(call, year, month))}}


@handles("POST", "/v1/finance/document-b2b-sales", exact=True)
def b2b_report(call: Call) -> dict:
    parse_month(call.body.get("date"))
    return {"result": {"code": create_report(call, "DOCUMENT_B2B_SALES", build_b2b(call))}}
