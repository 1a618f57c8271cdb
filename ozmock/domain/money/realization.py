"""The documents Ozon issues the seller, built from the ledger: the monthly realization report (v2
and per posting) and its daily form, the B2B sales document (UPD / UKD per line) and the buyout list.
A month's realization report is ready by the 5th of the next month; before that it is refused."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from ...errors import OzonError
from ...registry import Call, handles
from ..kit.dates import month_bounds, now_of, parse_day, parse_month
from ..kit.money import cents, dec, money_number
from ..kit.values import as_int
from ..orders.data import customer_for
from ..products.model import products_of
from .ledger import CLIENT_RETURN, DAY, SALE, ZERO, line_amount, line_commission, operations, select, utc
from .reports import Header, create_report, csv_text

B2B_VAT_RATE = Decimal("0.2")


# --- realization ----------------------------------------------------------------------------------------
def _month(call: Call) -> tuple[float, float, int, int]:
    year, month = as_int(call.body.get("year")), as_int(call.body.get("month"))
    if not 1 <= month <= 12 or year < 2000:
        raise OzonError(3, "month must be 1..12 and year a full year")
    start, end = month_bounds(year, month)
    ready = end + timedelta(days=4)        # the report comes by the 5th of the next month
    if ready.timestamp() > now_of(call):
        raise OzonError(5, f"the realization report for {year}-{month:02d} is not ready yet: it comes by "
                           f"{ready.date()}")
    return start.timestamp(), end.timestamp(), year, month


def _commission_block(lines: list[dict[str, Any]]) -> dict[str, Any]:
    quantity = sum(int(l["quantity"]) for l in lines)
    amount = sum((line_amount(l) for l in lines), ZERO)
    fee = sum((line_commission(l) for l in lines), ZERO)
    price = dec(lines[0]["price"]) if lines else ZERO
    return {"amount": money_number(amount), "bonus": 0, "commission": money_number(fee), "compensation": 0,
            "price_per_instance": money_number(price), "quantity": quantity, "standard_fee": money_number(fee),
            "bank_coinvestment": 0, "stars": 0, "pick_up_point_coinvestment": 0, "total": money_number(amount - fee)}


def _header(call: Call, year: int, month: int, start: float, end: float) -> dict[str, Any]:
    last_day = utc(end - 1).date()
    return {"contract_date": "2023-01-01", "contract_number": f"ИР-{call.seller.client_id}/23",
            "currency_sys_name": call.seller.currency, "doc_date": f"{last_day}",
            "number": f"{call.seller.client_id}-{year}{month:02d}", "payer_inn": "7704217370", "payer_kpp": "997750001",
            "payer_name": "ООО «Интернет Решения»", "receiver_inn": f"77{call.seller.client_id:08d}",
            "receiver_kpp": "770101001", "receiver_name": call.seller.name,
            "start_date": f"{utc(start).date()}", "stop_date": f"{last_day}"}


def _realized(call: Call, start: float, end: float) -> list[tuple[dict[str, Any], str]]:
    """(operation, 'delivery' | 'return') of sales and returns after delivery in the period."""
    ops = operations(call.world, call.seller, now_of(call))
    return [(op, "delivery" if op["operation_type"] == SALE else "return")
            for op in select(ops, start=start, end=end - 0.001) if op["operation_type"] in (SALE, CLIENT_RETURN)]


def _item(seller, line: dict[str, Any]) -> dict[str, Any]:
    product = products_of(seller).get(line.get("product_id", 0))
    return {"barcode": product.barcodes[0] if product is not None and product.barcodes else "",
            "name": line["name"], "offer_id": line["offer_id"], "sku": line["sku"]}


def _grouped(call: Call, start: float, end: float, per_posting: bool) -> tuple[dict, dict]:
    """Lines sold and returned in the period by SKU (or posting and SKU): (groups, first line and posting)."""
    groups: dict[Any, dict[str, list]] = {}
    meta: dict[Any, tuple] = {}
    for op, side in _realized(call, start, end):
        for line in op["lines"]:
            key = (op["posting"].number, line["sku"], side) if per_posting else line["sku"]
            groups.setdefault(key, {"delivery": [], "return": []})[side].append(line)
            meta.setdefault(key, (line, op["posting"]))
    return groups, meta


def _realization_rows(call: Call, start: float, end: float, *, per_posting: bool) -> list[dict[str, Any]]:
    groups, meta = _grouped(call, start, end, per_posting)
    rows = []
    for index, (key, sides) in enumerate(groups.items(), start=1):
        line, posting = meta[key]
        row = {"row_number" if per_posting else "rowNumber": index, "item": _item(call.seller, line),
               "commission_ratio": float(dec(line["commission_percent"]) / 100),
               "seller_price_per_instance": money_number(line["price"])}
        if sides["delivery"]:
            row["delivery_commission"] = _commission_block(sides["delivery"])
        if sides["return"]:
            row["return_commission"] = _commission_block(sides["return"])
        if per_posting:
            row["order"] = {"posting_number": posting.number, "created_date": f"{utc(posting.in_process_at).date()}"}
            if posting.legal:
                sold = utc(posting.delivered_at or start).date()
                row["legal_entity_document"] = {"number": f"УПД-{posting.number}", "sale_date": f"{sold}"}
        rows.append(row)
    return rows


@handles("POST", "/v2/finance/realization")
def realization_v2(call: Call) -> dict:
    start, end, year, month = _month(call)
    return {"result": {"header": _header(call, year, month, start, end),
                       "rows": _realization_rows(call, start, end, per_posting=False)}}


@handles("POST", "/v1/finance/realization/posting")
def realization_posting(call: Call) -> dict:
    start, end, year, month = _month(call)
    return {"header": _header(call, year, month, start, end),
            "rows": _realization_rows(call, start, end, per_posting=True)}


REALIZATION_POSTING_REPORT = "SELLER_REALIZATION_POSTING"
REALIZATION_POSTING_HEADER: Header = (
    ("№", "Row"), ("Номер отправления", "Posting number"), ("Дата заказа", "Order date"), ("SKU", "SKU"),
    ("Артикул", "Article"), ("Название товара", "Product name"), ("Цена продавца", "Seller price"),
    ("Доставлено, шт.", "Delivered, pcs"), ("Доставлено, сумма", "Delivered amount"),
    ("Возвращено, шт.", "Returned, pcs"), ("Возвращено, сумма", "Returned amount"),
    ("Комиссия", "Commission"), ("К начислению", "Total"))


def _realization_posting_line(row: dict[str, Any]) -> list[Any]:
    sold, back = row.get("delivery_commission") or {}, row.get("return_commission") or {}
    return [row["row_number"], row["order"]["posting_number"], row["order"]["created_date"], row["item"]["sku"],
            row["item"]["offer_id"], row["item"]["name"], row["seller_price_per_instance"],
            sold.get("quantity", 0), sold.get("amount", 0), back.get("quantity", 0), back.get("amount", 0),
            money_number(dec(sold.get("commission", 0)) - dec(back.get("commission", 0))),
            money_number(dec(sold.get("total", 0)) - dec(back.get("total", 0)))]


@handles("POST", "/v1/report/realization/posting/create", writes=True)
def realization_posting_report(call: Call) -> dict:
    """The per-posting realization report of a month as a file (`/v1/report/info` gives its link): the rows
    of `/v1/finance/realization/posting`, deliveries and returns only, as the page says."""
    start, end, year, month = _month(call)
    rows = [_realization_posting_line(row) for row in _realization_rows(call, start, end, per_posting=True)]
    content = csv_text(REALIZATION_POSTING_HEADER, rows, False)
    return {"code": create_report(call, REALIZATION_POSTING_REPORT, content, {"year": str(year),
                                                                             "month": str(month)})}


@handles("POST", "/v1/finance/realization/by-day", exact=True)
def realization_by_day(call: Call) -> dict:
    year, month, day = as_int(call.body.get("year")), as_int(call.body.get("month")), as_int(call.body.get("day"))
    try:
        start = datetime(year, month, day, tzinfo=timezone.utc)
    except (ValueError, OverflowError):
        raise OzonError(3, "day, month and year must make a date") from None
    if start.timestamp() + DAY > now_of(call):
        raise OzonError(3, "the day has not ended yet")
    return {"rows": _realization_rows(call, start.timestamp(), start.timestamp() + DAY, per_posting=False)}


# --- B2B sales document -----------------------------------------------------------------------------------
def _invoice(call: Call, op: dict[str, Any], line: dict[str, Any], buyer: dict[str, Any]) -> dict[str, Any]:
    """One UPD (sale) or UKD (return) line of the B2B sales document."""
    posting = op["posting"]
    legal = buyer.get("legal_info", {})
    returning = op["operation_type"] == CLIENT_RETURN
    amount = line_amount(line)
    vat = cents(amount * B2B_VAT_RATE / (1 + B2B_VAT_RATE))
    day = f"{utc(op['date']).date()}"
    return {
        "info": {"number": f"{'УКД' if returning else 'УПД'}-{posting.number}", "date": day,
                 "type": "UKD" if returning else "UPD", "status": "Подписан"},
        "buyer_info": {"name": legal.get("company_name", buyer["name"]), "inn": legal.get("inn", ""),
                       "kpp": legal.get("kpp", ""), "address": buyer["address"]["address_tail"]},
        "currency": call.seller.currency, "currency_code": 643, "offer_id": line["offer_id"],
        "product_name": line["name"], "sku": line["sku"], "unit_code": 796, "unit_name": "шт",
        "operations": [{"type": "RETURN" if returning else "DELIVERY", "posting_number": posting.number,
                        "date": day, "quantity": int(line["quantity"]), "price": money_number(line["price"]),
                        "amount": money_number(amount), "cost_without_vat": money_number(amount - vat),
                        "vat_rate": float(B2B_VAT_RATE * 100), "vat_amount": money_number(vat), "gtd_number": "",
                        "rnpt_number": "", "origin_country": "Россия"}]}


@handles("POST", "/v1/finance/document-b2b-sales/json", exact=True)
def b2b_sales(call: Call) -> dict:
    year, month = parse_month(call.body.get("date"))
    start, end = month_bounds(year, month)
    invoices = []
    for op in select(operations(call.world, call.seller, now_of(call)), start=start.timestamp(),
                     end=end.timestamp() - 0.001):
        posting = op["posting"]
        if posting is None or not posting.legal or op["operation_type"] not in (SALE, CLIENT_RETURN):
            continue
        buyer = customer_for(posting.customer_seed, legal=True)
        invoices.extend(_invoice(call, op, line, buyer) for line in op["lines"])
    return {"date_from": f"{start.date()}", "date_to": f"{(end - timedelta(days=1)).date()}",
            "seller_info": {"company_name": call.seller.name, "inn": f"77{call.seller.client_id:08d}",
                            "kpp": "770101001"}, "invoices": invoices}


@handles("POST", "/v1/finance/products/buyout", exact=True)
def buyout(call: Call) -> dict:
    """Products Ozon bought out for sale abroad: ozmock's Ozon buys nothing out, so the list is empty."""
    start = parse_day(call.body.get("date_from"), "date_from")
    end = parse_day(call.body.get("date_to"), "date_to")
    if end < start or (end - start).days > 31:
        raise OzonError(3, "the period must be from 1 to 31 days")
    return {"products": []}
