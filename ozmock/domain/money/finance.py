"""Finance: transactions derived from the seller's postings, and every view of them (v2/v3
transaction list and totals, realization reports, cash-flow statement, balance, accruals, B2B sales).

Operations are computed from the world each time they are read, so they always agree with the
postings: nothing is stored but the scenario's service settings.

- a posting delivered to the buyer -> `OperationAgentDeliveredToCustomer` (type `orders`) on its
  delivery time: the sale (`accruals_for_sale`, price x quantity), the sale commission (the line's
  commission percent) and Ozon's delivery services (logistics, last mile, drop-off processing;
  none for rFBS, which the seller delivers);
- a posting cancelled after it was handed to delivery -> `OperationItemReturn` (type `returns`):
  the cost of taking it back (processing of an undelivered posting, reverse logistics);
- a return of a delivered posting (the orders area's returns) -> `ClientReturnAgentOperation`
  (type `returns`): the sale and the commission reversed, return processing and reverse logistics;
- services not tied to postings (scenario `finance: {marketing_weekly: 500}`, and daily storage of
  FBO stock) -> `MarketplaceMarketingActionCostOperation` / `OperationMarketplaceServiceStorage`
  (type `services`).

Amounts are kopeck-exact decimals; service charges are whole roubles (the v2 legacy list types its
delivery and return amounts as integers). Totals are sums of the same operations, bucket by bucket,
so `sum(amount) == sum(totals)` always holds. Payouts follow each half-month period (1-15, 16-end)
`payout_delay_days` after it ends.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Iterable

from ...errors import OzonError
from ..orders.model import store_of
from ...registry import Call, handles, seeds
from ..kit.values import as_int, as_str
from ..products.model import products_of
from ..kit.dates import add_months, month_bounds, now_of, parse_datetime, parse_day, parse_month, stamp
from ..kit.money import cents, dec, money_number
from ...registry import json_area
from ..kit.ids import stable_int
from ..kit.values import str_list
from ..kit.timings import declare_limits, limit

ZERO = Decimal(0)
SCHEMA = {"fbs": "FBS", "rfbs": "RFBS", "fbo": "FBO", "crossborder": "CROSSBORDER"}
TYPE_NAMES = {
    "OperationAgentDeliveredToCustomer": "Доставка покупателю",
    "ClientReturnAgentOperation": "Получение возврата, отмены, невыкупа от покупателя",
    "OperationItemReturn": "Доставка и обработка возврата, отмены, невыкупа",
    "MarketplaceMarketingActionCostOperation": "Услуги продвижения товаров",
    "OperationMarketplaceServiceStorage": "Услуга размещения товаров на складе",
}
DELIVERY_SERVICES = ("MarketplaceServiceItemDirectFlowLogistic", "MarketplaceServiceItemDelivToCustomer",
                     "MarketplaceServiceItemDropoffSC")
RETURN_SERVICES = ("MarketplaceServiceItemReturnAfterDelivToCustomer", "MarketplaceServiceItemReturnFlowLogistic",
                   "MarketplaceServiceItemReturnNotDelivToCustomer")
TRANSACTION_TYPES = ("all", "orders", "returns", "services", "compensation", "transferDelivery", "other")
declare_limits(finance_period_months=3)   # the longest period a finance list may ask for
DAY = 86_400.0

# accrual types of the /v1/finance/accrual/* methods (id, name, what it is)
ACCRUAL_TYPES = [
    (1, "SaleRevenue", "Выручка от продажи"), (2, "SaleCommission", "Вознаграждение за продажу"),
    (3, "DirectFlowLogistic", "Логистика"), (4, "DelivToCustomer", "Последняя миля"),
    (5, "DropoffProcessing", "Обработка отправления"), (6, "ReturnRevenue", "Возврат выручки"),
    (7, "ReturnCommission", "Возврат вознаграждения"), (8, "ReturnProcessing", "Обработка возврата"),
    (9, "ReturnFlowLogistic", "Обратная логистика"), (10, "NotDeliveredProcessing", "Обработка невыкупа и отмены"),
    (11, "MarketingServices", "Продвижение товаров"), (12, "Storage", "Размещение товаров"),
]
SERVICE_TYPE_ID = {"MarketplaceServiceItemDirectFlowLogistic": 3, "MarketplaceServiceItemDelivToCustomer": 4,
                   "MarketplaceServiceItemDropoffSC": 5, "MarketplaceServiceItemReturnAfterDelivToCustomer": 8,
                   "MarketplaceServiceItemReturnFlowLogistic": 9, "MarketplaceServiceItemReturnNotDelivToCustomer": 10}


def _create(seller, world) -> dict[str, Any]:
    return {"marketing_weekly": "0", "since": world.clock.now().timestamp() - 90 * DAY, "payout_delay_days": 5}


json_area("finance", _create)


def settings_of(seller) -> dict[str, Any]:
    return seller.area("finance")


def period_months(world) -> int:
    value = limit(world, "finance_period_months")
    return int(value) if value else 0


# --- operations -------------------------------------------------------------------------------------
def _litres(seller, line: dict[str, Any]) -> Decimal:
    product = products_of(seller).get(line.get("product_id", 0))
    if product is None:
        return Decimal(1)
    from ..products.views import volume_litres
    return max(Decimal(str(volume_litres(product))), Decimal("0.1"))


def _rub(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), ROUND_HALF_UP)


def _line_amount(line: dict[str, Any]) -> Decimal:
    return cents(dec(line["price"]) * int(line["quantity"]))


def _line_commission(line: dict[str, Any]) -> Decimal:
    return cents(_line_amount(line) * dec(line["commission_percent"]) / 100)


def _logistics(seller, lines: list[dict[str, Any]]) -> Decimal:
    litres = sum((_litres(seller, line) * int(line["quantity"]) for line in lines), Decimal(0))
    return -_rub(Decimal(63) + max(litres - 1, Decimal(0)) * 7)


def _last_mile(lines: list[dict[str, Any]]) -> Decimal:
    total = ZERO
    for line in lines:
        per_item = min(max(dec(line["price"]) * Decimal("0.055"), Decimal(20)), Decimal(500))
        total += _rub(per_item) * int(line["quantity"])
    return -total


def _op(kind: str, type_: str, at: float, key: Any, *, posting=None, lines=(), accruals=ZERO, commission=ZERO,
        services=(), extra=ZERO, bucket: str = "") -> dict[str, Any]:
    return {"id": stable_int("operation", kind, key, digits=14), "operation_type": kind, "type": type_, "date": at,
            "posting": posting, "lines": list(lines), "accruals": accruals, "commission": commission,
            "services": [(name, price) for name, price in services if price], "extra": extra, "bucket": bucket}


def amount_of(op: dict[str, Any]) -> Decimal:
    return op["accruals"] + op["commission"] + sum((p for _, p in op["services"]), ZERO) + op["extra"]


def _returned(store) -> Iterable[tuple[Any, float, list[dict[str, Any]], Any]]:
    """(posting, time, lines, key) of returns after delivery, read from the orders area's returns."""
    for record in getattr(store, "returns", {}).values():
        if not isinstance(record, dict):
            continue
        number = record.get("posting_number") or (record.get("posting") or {}).get("posting_number")
        posting = store.get(number) if number else None
        if posting is None or posting.delivered_at is None:
            continue
        at = next((record[k] for k in ("returned_at", "accepted_at", "created_at", "returned_to_seller_at")
                   if isinstance(record.get(k), (int, float))), None)
        if at is None:
            continue
        sku = record.get("sku") or (record.get("product") or {}).get("sku")
        quantity = int(record.get("quantity") or (record.get("product") or {}).get("quantity") or 1)
        line = posting.line_for(sku) if sku else (posting.lines[0] if posting.lines else None)
        if line is None:
            continue
        yield posting, float(at), [dict(line, quantity=min(quantity, int(line["quantity"])))], record.get("id", number)


def operations(world, seller, now: float) -> list[dict[str, Any]]:
    """Every operation of the seller up to `now`, oldest first."""
    ops: list[dict[str, Any]] = []
    store = store_of(seller)
    for posting in store.postings.values():
        if posting.delivered_at is not None and posting.delivered_at <= now:
            lines = posting.lines
            services = []
            if posting.scheme != "rfbs":
                services = [("MarketplaceServiceItemDirectFlowLogistic", _logistics(seller, lines)),
                            ("MarketplaceServiceItemDelivToCustomer", _last_mile(lines))]
                if posting.scheme == "fbs":
                    services.append(("MarketplaceServiceItemDropoffSC", Decimal(-20)))
            ops.append(_op("OperationAgentDeliveredToCustomer", "orders", posting.delivered_at, posting.number,
                           posting=posting, lines=lines,
                           accruals=sum((_line_amount(l) for l in lines), ZERO),
                           commission=-sum((_line_commission(l) for l in lines), ZERO), services=services))
        elif (posting.status == "cancelled" and posting.delivering_at is not None
              and posting.cancelled_at is not None and posting.cancelled_at <= now and posting.scheme != "rfbs"):
            ops.append(_op("OperationItemReturn", "returns", posting.cancelled_at, posting.number,
                           posting=posting, lines=posting.lines, services=[
                               ("MarketplaceServiceItemReturnNotDelivToCustomer", Decimal(-15)),
                               ("MarketplaceServiceItemReturnFlowLogistic", _logistics(seller, posting.lines))]))
    for posting, at, lines, key in _returned(store):
        if at <= now:
            ops.append(_op("ClientReturnAgentOperation", "returns", at, f"return:{key}", posting=posting,
                           lines=lines, accruals=-sum((_line_amount(l) for l in lines), ZERO),
                           commission=sum((_line_commission(l) for l in lines), ZERO), services=[
                               ("MarketplaceServiceItemReturnAfterDelivToCustomer", Decimal(-15)),
                               ("MarketplaceServiceItemReturnFlowLogistic", _logistics(seller, lines))]))
    ops.extend(_service_ops(seller, now))
    ops.sort(key=lambda op: (op["date"], op["id"]))
    return ops


def _service_ops(seller, now: float) -> list[dict[str, Any]]:
    settings = settings_of(seller)
    ops = []
    weekly = dec(settings.get("marketing_weekly"))
    start = datetime.fromtimestamp(settings["since"], tz=timezone.utc).replace(hour=3, minute=0, second=0,
                                                                               microsecond=0)
    if weekly > 0:
        monday = start + timedelta(days=(7 - start.weekday()) % 7)
        while monday.timestamp() <= now:
            ops.append(_op("MarketplaceMarketingActionCostOperation", "services", monday.timestamp(),
                           f"marketing:{seller.client_id}:{monday.date()}", extra=-cents(weekly), bucket="services"))
            monday += timedelta(days=7)
    litres = ZERO
    for product in products_of(seller).iter_from(0):
        if product.fbo_present:
            from ..products.views import volume_litres
            litres += Decimal(str(volume_litres(product))) * int(product.fbo_present)
    if litres > 0:
        daily = max(_rub(litres * Decimal("0.1")), Decimal(1))
        day = start
        while day.timestamp() <= now:
            ops.append(_op("OperationMarketplaceServiceStorage", "services", day.timestamp(),
                           f"storage:{seller.client_id}:{day.date()}", extra=-daily, bucket="services"))
            day += timedelta(days=1)
    return ops


def select(ops: list[dict[str, Any]], *, start: float | None = None, end: float | None = None,
           posting_number: str = "", transaction_type: str = "all",
           operation_types: Iterable[str] = ()) -> list[dict[str, Any]]:
    kinds = set(operation_types)
    return [op for op in ops
            if (start is None or op["date"] >= start) and (end is None or op["date"] <= end)
            and (not posting_number or (op["posting"] is not None and op["posting"].number == posting_number))
            and (transaction_type in ("", "all") or op["type"] == transaction_type)
            and (not kinds or op["operation_type"] in kinds)]


def totals(ops: Iterable[dict[str, Any]]) -> dict[str, Decimal]:
    """The v3 totals buckets; their sum equals the sum of the operations' amounts."""
    result = {name: ZERO for name in ("accruals_for_sale", "sale_commission", "processing_and_delivery",
                                      "refunds_and_cancellations", "services_amount", "compensation_amount",
                                      "money_transfer", "others_amount")}
    for op in ops:
        result["accruals_for_sale"] += op["accruals"]
        result["sale_commission"] += op["commission"]
        for name, price in op["services"]:
            result["processing_and_delivery" if name in DELIVERY_SERVICES else "refunds_and_cancellations"] += price
        bucket = {"services": "services_amount", "compensation": "compensation_amount",
                  "transferDelivery": "money_transfer"}.get(op["bucket"] or op["type"], "others_amount")
        result[bucket] += op["extra"]
    return result


# --- request reading ----------------------------------------------------------------------------------
def _range(call: Call, date: Any, *, required: bool) -> tuple[float | None, float | None]:
    date = date if isinstance(date, dict) else {}
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
    date = flt.get("date") if isinstance(flt.get("date"), dict) else {}
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
    return datetime.fromtimestamp(at, tz=timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


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


@handles("POST", "/v3/finance/transaction/list")
def transactions_v3(call: Call) -> dict:
    flt = call.body.get("filter") if isinstance(call.body.get("filter"), dict) else {}
    ops = _filtered(call, flt)
    size = min(max(as_int(call.body.get("page_size"), 1000), 1), 1000)
    page = max(as_int(call.body.get("page"), 1), 1)
    rows = ops[(page - 1) * size:page * size]
    pages = -(-len(ops) // size)
    return {"result": {"operations": [_v3_row(op) for op in rows], "page_count": pages, "row_count": len(ops)}}


@handles("POST", "/v3/finance/transaction/totals")
def totals_v3(call: Call) -> dict:
    return {"result": {name: money_number(value) for name, value in totals(_filtered(call, call.body)).items()}}


# --- legacy v2 ----------------------------------------------------------------------------------------
V2_TYPES = {"orders": ("Заказ", "orders"), "returns": ("Возврат", "returns"), "services": ("Услуги", "services")}


def _v2_ops(call: Call) -> list[dict[str, Any]]:
    flt = call.body.get("filter") if isinstance(call.body.get("filter"), dict) else {}
    start, end = _range(call, flt.get("date"), required=True)
    kind = as_str(flt.get("transaction_type") or "all")
    ops = operations(call.world, call.seller, now_of(call))
    return select(ops, start=start, end=end, posting_number=as_str(flt.get("posting_number")).strip(),
                  transaction_type=kind)


def _delivery(op: dict[str, Any]) -> Decimal:
    return sum((p for n, p in op["services"] if n in DELIVERY_SERVICES), ZERO)


def _return_services(op: dict[str, Any]) -> Decimal:
    return sum((p for n, p in op["services"] if n not in DELIVERY_SERVICES), ZERO)


@handles("POST", "/v2/finance/transaction/list")
def transactions_v2(call: Call) -> dict:
    ops = _v2_ops(call)
    size = min(max(as_int(call.body.get("page_size"), 100), 1), 1000)
    page = max(as_int(call.body.get("page"), 1), 1)
    rows = []
    for op in ops[(page - 1) * size:page * size]:
        posting = op["posting"]
        title, slug = V2_TYPES.get(op["type"], ("Прочее", "other"))
        rows.append({
            "transactionNumber": op["id"], "tranDate": stamp(op["date"]),
            "orderNumber": posting.number if posting else "",
            "orderDate": stamp(posting.in_process_at) if posting else "", "orderState": "",
            "transactionType": title, "transactionTypeSlug": slug,
            "details": ", ".join(line["name"] for line in op["lines"]) or TYPE_NAMES.get(op["operation_type"], ""),
            "orderAmount": money_number(op["accruals"] + op["extra"]), "commissionAmount": money_number(op["commission"]),
            "discountAmount": 0, "itemDeliveryAmount": int(_delivery(op)),
            "itemReturnAmount": int(_return_services(op)), "totalAmount": money_number(amount_of(op))})
    return {"result": rows}


@handles("POST", "/v2/finance/transaction/totals")
def totals_v2(call: Call) -> dict:
    ops = _v2_ops(call)

    def text(value: Decimal) -> str:
        return f"{cents(value):.2f}"
    return {"error": None, "result": {
        "orderAmount": text(sum((op["accruals"] + op["extra"] for op in ops), ZERO)),
        "commissionAmount": text(sum((op["commission"] for op in ops), ZERO)), "discountAmount": "0.00",
        "item_delivery_amount": text(sum((_delivery(op) for op in ops), ZERO)),
        "item_return_amount": text(sum((_return_services(op) for op in ops), ZERO)),
        "totalAmount": text(sum((amount_of(op) for op in ops), ZERO))}}


# --- realization ----------------------------------------------------------------------------------------
def _month(call: Call) -> tuple[float, float, int, int]:
    year, month = as_int(call.body.get("year")), as_int(call.body.get("month"))
    if not 1 <= month <= 12 or year < 2000:
        raise OzonError(3, "month must be 1..12 and year a full year")
    start, end = month_bounds(year, month)
    ready = end + timedelta(days=4)        # the report comes by the 5th of the next month
    if ready.timestamp() > now_of(call):
        raise OzonError(5, f"the realization report for {year}-{month:02d} is not ready yet: it comes by "
                           f"{ready.date() + timedelta(days=0)}")
    return start.timestamp(), end.timestamp(), year, month


def _commission_block(lines: list[dict[str, Any]]) -> dict[str, Any]:
    quantity = sum(int(l["quantity"]) for l in lines)
    amount = sum((_line_amount(l) for l in lines), ZERO)
    fee = sum((_line_commission(l) for l in lines), ZERO)
    price = dec(lines[0]["price"]) if lines else ZERO
    return {"amount": money_number(amount), "bonus": 0, "commission": money_number(fee), "compensation": 0,
            "price_per_instance": money_number(price), "quantity": quantity, "standard_fee": money_number(fee),
            "bank_coinvestment": 0, "stars": 0, "pick_up_point_coinvestment": 0, "total": money_number(amount - fee)}


def _header(call: Call, year: int, month: int, start: float, end: float) -> dict[str, Any]:
    last_day = datetime.fromtimestamp(end - 1, tz=timezone.utc).date()
    return {"contract_date": "2023-01-01", "contract_number": f"ИР-{call.seller.client_id}/23",
            "currency_sys_name": call.seller.currency, "doc_date": f"{last_day}",
            "number": f"{call.seller.client_id}-{year}{month:02d}", "payer_inn": "7704217370", "payer_kpp": "997750001",
            "payer_name": "ООО «Интернет Решения»", "receiver_inn": f"77{call.seller.client_id:08d}",
            "receiver_kpp": "770101001", "receiver_name": call.seller.name,
            "start_date": f"{datetime.fromtimestamp(start, tz=timezone.utc).date()}", "stop_date": f"{last_day}"}


def _realized(call: Call, start: float, end: float) -> list[tuple[dict[str, Any], str]]:
    """(operation, 'delivery' | 'return') of sales and returns after delivery in the period."""
    ops = operations(call.world, call.seller, now_of(call))
    return [(op, "delivery" if op["operation_type"] == "OperationAgentDeliveredToCustomer" else "return")
            for op in select(ops, start=start, end=end - 0.001)
            if op["operation_type"] in ("OperationAgentDeliveredToCustomer", "ClientReturnAgentOperation")]


def _item(seller, line: dict[str, Any]) -> dict[str, Any]:
    product = products_of(seller).get(line.get("product_id", 0))
    return {"barcode": product.barcodes[0] if product is not None and product.barcodes else "",
            "name": line["name"], "offer_id": line["offer_id"], "sku": line["sku"]}


def _realization_rows(call: Call, start: float, end: float, *, per_posting: bool) -> list[dict[str, Any]]:
    groups: dict[Any, dict[str, list]] = {}
    meta: dict[Any, tuple] = {}
    for op, side in _realized(call, start, end):
        for line in op["lines"]:
            key = (op["posting"].number, line["sku"], side) if per_posting else line["sku"]
            groups.setdefault(key, {"delivery": [], "return": []})[side].append(line)
            meta.setdefault(key, (line, op["posting"]))
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
            row["order"] = {"posting_number": posting.number,
                            "created_date": f"{datetime.fromtimestamp(posting.in_process_at, tz=timezone.utc).date()}"}
            if posting.legal:
                sold = datetime.fromtimestamp(posting.delivered_at or start, tz=timezone.utc).date()
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


@handles("POST", "/v1/finance/realization/by-day")
def realization_by_day(call: Call) -> dict:
    year, month, day = as_int(call.body.get("year")), as_int(call.body.get("month")), as_int(call.body.get("day"))
    try:
        start = datetime(year, month, day, tzinfo=timezone.utc)
    except ValueError:
        raise OzonError(3, "day, month and year must make a date") from None
    if start.timestamp() + DAY > now_of(call):
        raise OzonError(3, "the day has not ended yet")
    return {"rows": _realization_rows(call, start.timestamp(), start.timestamp() + DAY, per_posting=False)}


# --- half-month periods: cash flow, balance, payouts ------------------------------------------------------
def _periods(start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """Half-month periods (1-15, 16-end) overlapping [start, end], oldest first."""
    found = []
    cursor = start.replace(day=1 if start.day <= 15 else 16, hour=0, minute=0, second=0, microsecond=0)
    while cursor <= end:
        if cursor.day == 1:
            stop = cursor.replace(day=16)
        else:
            stop = month_bounds(cursor.year, cursor.month)[1]
        found.append((cursor, stop))
        cursor = stop
    return found


def _period_id(begin: datetime) -> int:
    return int(begin.strftime("%Y%m%d")) * 1000 + 1


def payouts(seller, ops: list[dict[str, Any]], now: float) -> list[tuple[float, Decimal, datetime]]:
    """(paid at, amount, period start) of the payouts made by `now`: each period's total, N days after it."""
    delay = float(settings_of(seller).get("payout_delay_days", 5)) * DAY
    if not ops:
        return []
    first = datetime.fromtimestamp(ops[0]["date"], tz=timezone.utc)
    result = []
    for begin, stop in _periods(first, datetime.fromtimestamp(now, tz=timezone.utc)):
        paid_at = stop.timestamp() + delay
        if paid_at > now:
            break
        amount = sum((amount_of(op) for op in select(ops, start=begin.timestamp(), end=stop.timestamp() - 0.001)),
                     ZERO)
        if amount > 0:
            result.append((paid_at, amount, begin))
    return result


def _balance_at(seller, ops, pays, at: float) -> Decimal:
    accrued = sum((amount_of(op) for op in ops if op["date"] < at), ZERO)
    paid = sum((amount for when, amount, _ in pays if when < at), ZERO)
    return accrued - paid


def _services_block(items: dict[str, Decimal]) -> dict[str, Any]:
    return {"total": money_number(sum(items.values(), ZERO)),
            "items": [{"name": name, "price": money_number(price)} for name, price in items.items()]}


@handles("POST", "/v1/finance/cash-flow-statement/list")
def cash_flow(call: Call) -> dict:
    date = call.body.get("date") if isinstance(call.body.get("date"), dict) else {}
    start = parse_datetime(date.get("from"), "date.from")
    end = parse_datetime(date.get("to"), "date.to")
    if end < start:
        raise OzonError(3, "date.to must not be earlier than date.from")
    now = now_of(call)
    ops = operations(call.world, call.seller, now)
    periods = _periods(start, min(end, datetime.fromtimestamp(now, tz=timezone.utc)))
    size = min(max(as_int(call.body.get("page_size"), 10), 1), 1000)
    page = max(as_int(call.body.get("page"), 1), 1)
    chosen = periods[(page - 1) * size:page * size]
    flows = []
    for begin, stop in chosen:
        inside = select(ops, start=begin.timestamp(), end=stop.timestamp() - 0.001)
        sums = totals(inside)
        flows.append({
            "period": {"id": _period_id(begin), "begin": stamp(begin.timestamp()), "end": stamp(stop.timestamp() - 1)},
            "orders_amount": money_number(sum((op["accruals"] for op in inside if op["type"] == "orders"), ZERO)),
            "returns_amount": money_number(sum((op["accruals"] for op in inside if op["type"] == "returns"), ZERO)),
            "commission_amount": money_number(sums["sale_commission"]),
            "services_amount": money_number(sums["services_amount"] + sums["others_amount"]),
            "item_delivery_and_return_amount": money_number(sums["processing_and_delivery"] + sums["refunds_and_cancellations"]),
            "currency_code": call.seller.currency})
    result: dict[str, Any] = {"cash_flows": flows, "page_count": -(-len(periods) // size)}
    if call.body.get("with_details") and chosen:
        begin, stop = chosen[0]
        inside = select(ops, start=begin.timestamp(), end=stop.timestamp() - 0.001)
        pays = payouts(call.seller, ops, now)
        sums = totals(inside)
        delivery: dict[str, Decimal] = {}
        returns: dict[str, Decimal] = {}
        for op in inside:
            for name, price in op["services"]:
                target = delivery if name in DELIVERY_SERVICES else returns
                target[name] = target.get(name, ZERO) + price
        sales = [op for op in inside if op["type"] == "orders"]
        back = [op for op in inside if op["type"] == "returns"]
        paid = [(when, amount) for when, amount, _ in pays if begin.timestamp() <= when < stop.timestamp()]
        result["details"] = {
            "period": {"id": _period_id(begin), "begin": stamp(begin.timestamp()), "end": stamp(stop.timestamp() - 1)},
            "begin_balance_amount": money_number(_balance_at(call.seller, ops, pays, begin.timestamp())),
            "end_balance_amount": money_number(_balance_at(call.seller, ops, pays, stop.timestamp())),
            "invoice_transfer": money_number(sum((amount_of(op) for op in inside), ZERO)), "loan": 0,
            "payments": [{"currency_code": call.seller.currency, "payment": money_number(-amount)} for _, amount in paid],
            "delivery": {"total": money_number(sum((op["accruals"] + op["commission"] for op in sales), ZERO)
                                      + sum(delivery.values(), ZERO)),
                         "amount": money_number(sum((op["accruals"] + op["commission"] for op in sales), ZERO)),
                         "delivery_services": _services_block(delivery)},
            "return": {"total": money_number(sum((op["accruals"] + op["commission"] for op in back), ZERO)
                                    + sum(returns.values(), ZERO)),
                       "amount": money_number(sum((op["accruals"] + op["commission"] for op in back), ZERO)),
                       "return_services": _services_block(returns)},
            "rfbs": {"total": 0, "transfer_delivery": 0, "transfer_delivery_return": 0,
                     "compensation_delivery_return": 0, "partial_compensation": 0, "partial_compensation_return": 0},
            "services": _services_block({op["operation_type"]: op["extra"] for op in inside if op["extra"]}),
            "others": {"total": money_number(sums["others_amount"]), "items": []},
        }
    return {"result": result}


def _money(value: Decimal, currency: str) -> dict[str, Any]:
    return {"value": money_number(value), "currency_code": currency}


@handles("POST", "/v1/finance/balance")
def balance(call: Call) -> dict:
    start = parse_day(call.body.get("date_from"), "date_from")
    end = parse_day(call.body.get("date_to"), "date_to")
    if end < start:
        raise OzonError(3, "date_to must not be earlier than date_from")
    low = datetime(start.year, start.month, start.day, tzinfo=timezone.utc).timestamp()
    high = datetime(end.year, end.month, end.day, tzinfo=timezone.utc).timestamp() + DAY
    now = now_of(call)
    ops = operations(call.world, call.seller, now)
    pays = payouts(call.seller, ops, now)
    inside = select(ops, start=low, end=high - 0.001)
    currency = call.seller.currency
    sales = [op for op in inside if op["type"] == "orders"]
    back = [op for op in inside if op["type"] == "returns"]
    services: dict[str, Decimal] = {}
    for op in inside:
        for name, price in op["services"]:
            services[name] = services.get(name, ZERO) + price
        if op["extra"]:
            services[op["operation_type"]] = services.get(op["operation_type"], ZERO) + op["extra"]

    def flow(rows):
        revenue = sum((op["accruals"] for op in rows), ZERO)
        return {"amount": _money(revenue + sum((op["commission"] for op in rows), ZERO), currency),
                "fee": _money(sum((op["commission"] for op in rows), ZERO), currency),
                "amount_details": {"revenue": _money(revenue, currency), "partner_programs": _money(ZERO, currency),
                                   "points_for_discounts": "0"}}
    return {"cashflows": {"sales": flow(sales), "returns": flow(back),
                          "services": [{"name": name, "amount": _money(price, currency)}
                                       for name, price in services.items()]},
            "total": {"opening_balance": _money(_balance_at(call.seller, ops, pays, low), currency),
                      "accrued": _money(sum((amount_of(op) for op in inside), ZERO), currency),
                      "payments": [_money(-amount, currency) for when, amount, _ in pays if low <= when < high],
                      "closing_balance": _money(_balance_at(call.seller, ops, pays, min(high, now + 0.001)), currency)}}


# --- accruals (the 2026 methods) -------------------------------------------------------------------------
def _accruals(op: dict[str, Any], currency: str) -> list[tuple[int, Decimal, dict | None]]:
    """(type id, amount, line) of one operation's parts."""
    parts: list[tuple[int, Decimal, dict | None]] = []
    returning = op["operation_type"] == "ClientReturnAgentOperation"
    for line in op["lines"] if op["accruals"] else []:
        parts.append((6 if returning else 1, _line_amount(line) * (-1 if returning else 1), line))
        parts.append((7 if returning else 2, _line_commission(line) * (1 if returning else -1), line))
    for name, price in op["services"]:
        parts.append((SERVICE_TYPE_ID[name], price, None))
    if op["extra"]:
        marketing = op["operation_type"] == "MarketplaceMarketingActionCostOperation"
        parts.append((11 if marketing else 12, op["extra"], None))
    return parts


def _amount(value: Decimal, currency: str) -> dict[str, str]:
    return {"amount": f"{cents(value):.2f}", "currency": currency}


@handles("POST", "/v1/finance/accrual/types")
def accrual_types(call: Call) -> dict:
    return {"accrual_types": [{"id": i, "name": name, "description": text} for i, name, text in ACCRUAL_TYPES]}


@handles("POST", "/v1/finance/accrual/postings")
def accrual_postings(call: Call) -> dict:
    numbers = str_list(call.body.get("posting_numbers"))
    ops = operations(call.world, call.seller, now_of(call))
    currency = call.seller.currency
    rows = []
    for number in numbers:
        accruals = []
        for op in select(ops, posting_number=number):
            for type_id, value, line in _accruals(op, currency):
                accruals.append({"accrual_date": stamp(op["date"]), "type_id": type_id,
                                 "accrued": _amount(value, currency),
                                 "seller_price": _amount(dec(line["price"]) if line else ZERO, currency),
                                 "sku": line["sku"] if line else None,
                                 "quantity": int(line["quantity"]) if line else None})
        rows.append({"posting_number": number, "accruals": accruals})
    return {"posting_accruals": rows}


@handles("POST", "/v1/finance/accrual/by-day")
def accrual_by_day(call: Call) -> dict:
    day = parse_day(call.body.get("date"), "date")
    low = datetime(day.year, day.month, day.day, tzinfo=timezone.utc).timestamp()
    ops = select(operations(call.world, call.seller, now_of(call)), start=low, end=low + DAY - 0.001)
    after = as_int(call.body.get("last_id"), 0)
    ops = [op for op in ops if op["id"] > after] if after else ops
    ops.sort(key=lambda op: op["id"])
    page = ops[:100]
    currency = call.seller.currency
    rows = []
    for op in page:
        posting = op["posting"]
        row: dict[str, Any] = {"accrual_id": op["id"], "date": f"{day}",
                               "total_amount": _amount(amount_of(op), currency),
                               "unit_number": posting.number if posting else ""}
        if posting is not None:
            row["accrued_category"] = "POSTING"
            products = []
            for line in op["lines"]:
                fee = _line_commission(line)
                products.append({"sku": line["sku"], "commission": {
                    "sale_amount": _amount(_line_amount(line), currency), "sale_commission": _amount(-fee, currency),
                    "commission": _amount(-fee, currency),
                    "commission_ratio": f"{dec(line['commission_percent']) / 100}",
                    "sale_price": _amount(dec(line["price"]), currency),
                    "seller_price": _amount(dec(line["price"]), currency),
                    "bonus": _amount(ZERO, currency), "coinvestment": _amount(ZERO, currency)},
                    "delivery": {"services": [{"type_id": SERVICE_TYPE_ID[n], "accrued": _amount(p, currency)}
                                              for n, p in op["services"]],
                                 "total_accrued": _amount(sum((p for _, p in op["services"]), ZERO), currency)}})
            row["posting"] = {"delivery_schema": SCHEMA.get(posting.scheme, ""), "delivery_speed": 0,
                              "products": products}
        else:
            row["accrued_category"] = "NON_ITEM"
            row["non_item_fee"] = {"type_id": _accruals(op, currency)[0][0], "accrued": _amount(op["extra"], currency)}
        rows.append(row)
    return {"accruals": rows, "last_id": str(page[-1]["id"]) if len(ops) > len(page) else ""}


# --- documents --------------------------------------------------------------------------------------------
@handles("POST", "/v1/finance/document-b2b-sales/json")
def b2b_sales(call: Call) -> dict:
    year, month = parse_month(call.body.get("date"))
    start, end = month_bounds(year, month)
    invoices = []
    for op in select(operations(call.world, call.seller, now_of(call)), start=start.timestamp(),
                     end=end.timestamp() - 0.001):
        posting = op["posting"]
        if posting is None or not posting.legal or op["operation_type"] not in (
                "OperationAgentDeliveredToCustomer", "ClientReturnAgentOperation"):
            continue
        from ..orders import data as orders_data
        buyer = orders_data.customer_for(posting.customer_seed, legal=True)
        legal = buyer.get("legal_info", {})
        returning = op["operation_type"] == "ClientReturnAgentOperation"
        for line in op["lines"]:
            amount = _line_amount(line)
            vat_rate = Decimal("0.2")
            vat = cents(amount * vat_rate / (1 + vat_rate))
            invoices.append({
                "info": {"number": f"{'УКД' if returning else 'УПД'}-{posting.number}",
                         "date": f"{datetime.fromtimestamp(op['date'], tz=timezone.utc).date()}",
                         "type": "UKD" if returning else "UPD", "status": "Подписан"},
                "buyer_info": {"name": legal.get("company_name", buyer["name"]), "inn": legal.get("inn", ""),
                               "kpp": legal.get("kpp", ""), "address": buyer["address"]["address_tail"]},
                "currency": call.seller.currency, "currency_code": 643, "offer_id": line["offer_id"],
                "product_name": line["name"], "sku": line["sku"], "unit_code": 796, "unit_name": "шт",
                "operations": [{"type": "RETURN" if returning else "DELIVERY", "posting_number": posting.number,
                                "date": f"{datetime.fromtimestamp(op['date'], tz=timezone.utc).date()}",
                                "quantity": int(line["quantity"]), "price": money_number(line["price"]),
                                "amount": money_number(amount), "cost_without_vat": money_number(amount - vat),
                                "vat_rate": float(vat_rate * 100), "vat_amount": money_number(vat), "gtd_number": "",
                                "rnpt_number": "", "origin_country": "Россия"}]})
    return {"date_from": f"{start.date()}", "date_to": f"{(end - timedelta(days=1)).date()}",
            "seller_info": {"company_name": call.seller.name, "inn": f"77{call.seller.client_id:08d}",
                            "kpp": "770101001"}, "invoices": invoices}


@handles("POST", "/v1/finance/products/buyout")
def buyout(call: Call) -> dict:
    """Products Ozon bought out for sale abroad: ozmock's Ozon buys nothing out, so the list is empty."""
    start = parse_day(call.body.get("date_from"), "date_from")
    end = parse_day(call.body.get("date_to"), "date_to")
    if end < start or (end - start).days > 31:
        raise OzonError(3, "the period must be from 1 to 31 days")
    return {"products": []}


# --- scenario -----------------------------------------------------------------------------------------------
@seeds("finance")
def seed_finance(world, seller, spec: Any) -> None:
    """`finance: {marketing_weekly: 500, payout_delay_days: 5, history_days: 90}`."""
    spec = spec if isinstance(spec, dict) else {}
    state = settings_of(seller)
    state["marketing_weekly"] = str(spec.get("marketing_weekly", 0))
    state["payout_delay_days"] = float(spec.get("payout_delay_days", 5))
    state["since"] = world.clock.now().timestamp() - float(spec.get("history_days", 90)) * DAY
