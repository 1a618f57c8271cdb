"""Reports on the seller's postings and stock movements (`/v1/report/postings|returns|products/movements
/create`, `/v2/report/returns/create`, the placement reports): the CSV of each, built from the orders
area when ordered. The returns report covers at most the last three months; the placement reports 31 days
a period, 5 a day."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

from ...errors import OzonError
from ...registry import Call, Window, handles
from ..kit.dates import add_months, now_of, parse_datetime, parse_day, stamp
from ..kit.money import dec, money_number
from ..kit.timings import declare_limits
from ..kit.values import as_int, as_str, int_list, obj, str_list
from ..kit.windows import PER_DAY_MESSAGE
from ..orders.model import store_of
from ..products.model import products_of
from ..products.views import volume_litres
from .reports import DAY, Header, create_report, csv_text, report_dates, wants_english

declare_limits(report_placement_per_day=5)
PLACEMENT_REQUESTS = Window("report_placement", "report_placement_per_day", DAY, PER_DAY_MESSAGE)

STATUS_NAMES = {
    "awaiting_registration": ("Ожидает регистрации", "Awaiting registration"),
    "acceptance_in_progress": ("Идёт приёмка", "Acceptance in progress"),
    "awaiting_approve": ("Ожидает подтверждения", "Awaiting approval"),
    "awaiting_packaging": ("Ожидает сборки", "Awaiting packaging"),
    "awaiting_deliver": ("Ожидает отгрузки", "Awaiting shipment"), "arbitration": ("Арбитраж", "Arbitration"),
    "client_arbitration": ("Клиентский арбитраж", "Client arbitration"), "delivering": ("Доставляется", "Delivering"),
    "driver_pickup": ("У водителя", "With the driver"), "delivered": ("Доставлен", "Delivered"),
    "cancelled": ("Отменён", "Cancelled"), "not_accepted": ("Не принят на сортировочном центре", "Not accepted"),
    "sent_by_seller": ("Отправлено продавцом", "Sent by seller"),
}
POSTING_HEADER: Header = (
    ("Номер заказа", "Order number"), ("Номер отправления", "Posting number"),
    ("Принят в обработку", "Accepted for processing"), ("Дата отгрузки", "Shipment date"), ("Статус", "Status"),
    ("Дата доставки", "Delivery date"), ("Фактическая дата передачи в доставку", "Handed over for delivery"),
    ("Сумма отправления", "Posting amount"), ("Код валюты отправления", "Posting currency"),
    ("Наименование товара", "Product name"), ("OZON id", "OZON id"), ("Артикул", "Article"),
    ("Ваша цена", "Your price"), ("Код валюты товара", "Product currency"), ("Оплачено покупателем", "Paid by buyer"),
    ("Количество", "Quantity"), ("Склад отгрузки", "Shipping warehouse"), ("Схема", "Scheme"),
    ("Причина отмены", "Cancellation reason"),
)
RETURN_HEADER: Header = (
    ("Номер возврата", "Return ID"), ("Номер отправления", "Posting number"), ("SKU", "SKU"),
    ("Артикул", "Article"), ("Наименование товара", "Product name"), ("Количество", "Quantity"),
    ("Статус", "Status"), ("Схема", "Scheme"), ("Причина возврата", "Return reason"), ("Дата возврата", "Return date"))
MOVEMENT_HEADER: Header = (
    ("Дата", "Date"), ("Артикул", "Article"), ("SKU", "SKU"), ("Наименование товара", "Product name"),
    ("Операция", "Operation"), ("Количество", "Quantity"), ("Склад", "Warehouse"), ("Номер отправления", "Posting number"))
PLACEMENT_HEADER: Header = (
    ("Дата", "Date"), ("Артикул", "Article"), ("SKU", "SKU"), ("Наименование товара", "Product name"),
    ("Количество на складе, шт", "Units stored"), ("Объём, л", "Volume, l"),
    ("Стоимость размещения, руб.", "Storage cost, RUB"))
SUPPLY_HEADER: Header = (
    ("Дата", "Date"), ("Номер поставки", "Supply number"), ("Количество, шт", "Units"),
    ("Стоимость размещения, руб.", "Storage cost, RUB"))


# --- postings ----------------------------------------------------------------------------------------------
def _posting_filter(call: Call) -> dict[str, Any]:
    """The postings report's filter, read and checked: 400 for what the method refuses."""
    flt = obj(call.body.get("filter"))
    start = parse_datetime(flt.get("processed_at_from"), "filter.processed_at_from").timestamp()
    end = parse_datetime(flt.get("processed_at_to"), "filter.processed_at_to").timestamp()
    if end < start:
        raise OzonError(3, "filter.processed_at_to must not be earlier than filter.processed_at_from")
    schemes = [s.lower() for s in str_list(flt.get("delivery_schema"))]
    if len(schemes) > 1:
        raise OzonError(3, "filter.delivery_schema: pass one value, fbo or fbs")
    if schemes and schemes[0] not in ("fbo", "fbs"):
        raise OzonError(3, "filter.delivery_schema must be fbo or fbs")
    if obj(call.body.get("with")).get("analytics_data") and schemes != ["fbs"]:
        raise OzonError(3, "with.analytics_data needs filter.delivery_schema = fbs")
    return {"start": start, "end": end, "scheme": schemes[0] if schemes else "",
            "skus": set(int_list(flt.get("sku"))), "offer_id": as_str(flt.get("offer_id")),
            "warehouses": set(int_list(flt.get("warehouse_id"))), "title": as_str(flt.get("title")).lower(),
            "statuses": set(str_list(flt.get("status_alias")))}


def _posting_wanted(posting, flt: dict[str, Any]) -> bool:
    group = "fbo" if posting.scheme == "fbo" else "fbs" if posting.scheme in ("fbs", "rfbs") else "crossborder"
    return (flt["start"] <= posting.in_process_at <= flt["end"] and (not flt["scheme"] or group == flt["scheme"])
            and (not flt["warehouses"] or posting.warehouse_id in flt["warehouses"])
            and (not flt["statuses"] or posting.status in flt["statuses"]))


def _line_wanted(line: dict[str, Any], flt: dict[str, Any]) -> bool:
    return ((not flt["skus"] or line["sku"] in flt["skus"]) and (not flt["offer_id"] or line["offer_id"] == flt["offer_id"])
            and (not flt["title"] or flt["title"] in line["name"].lower()))


def _posting_row(posting, line: dict[str, Any], total, english: bool) -> list[Any]:
    names = STATUS_NAMES.get(posting.status, (posting.status, posting.status))
    return [posting.order_number, posting.number, stamp(posting.in_process_at),
            stamp(posting.shipment_date), names[1] if english else names[0],
            stamp(posting.delivered_at) if posting.delivered_at else "",
            stamp(posting.delivering_at) if posting.delivering_at else "", money_number(total),
            line["currency"], line["name"], line["sku"], line["offer_id"], money_number(line["price"]),
            line["currency"], money_number(dec(line["price"]) * int(line["quantity"])), line["quantity"],
            posting.warehouse_name, posting.scheme.upper(), (posting.cancellation or {}).get("cancel_reason", "")]


def build_postings(call: Call) -> str:
    flt = _posting_filter(call)
    english = wants_english(call.body)
    rows = []
    for posting in sorted(store_of(call.seller).postings.values(), key=lambda p: (p.in_process_at, p.seq)):
        if not _posting_wanted(posting, flt):
            continue
        total = sum(dec(line["price"]) * int(line["quantity"]) for line in posting.lines)
        rows.extend(_posting_row(posting, line, total, english) for line in posting.lines if _line_wanted(line, flt))
    return csv_text(POSTING_HEADER, rows, english)


@handles("POST", "/v1/report/postings/create", writes=True, exact=True)
def postings_report(call: Call) -> dict:
    return {"result": {"code": create_report(call, "SELLER_POSTINGS", build_postings(call))}}


# --- returns -----------------------------------------------------------------------------------------------
def build_returns(call: Call, start: float, end: float, schema: str, status: str) -> str:
    store = store_of(call.seller)
    rows = []
    for record in (getattr(store, "returns", {}) or {}).values() if store else []:
        if not isinstance(record, dict):
            continue
        at = next((record[k] for k in ("returned_at", "created_at", "accepted_at") if
                   isinstance(record.get(k), (int, float))), None)
        if at is None or not start <= at <= end:
            continue
        number = record.get("posting_number", "")
        posting = store.get(number) if number else None
        scheme = as_str(record.get("schema")).upper() or ("FBO" if posting is not None and posting.scheme == "fbo"
                                                           else "FBS")
        if schema not in ("", "ALL") and scheme != schema:
            continue
        state = as_str(record.get("state") or record.get("status"))
        if status and state != status:
            continue
        rows.append([record.get("id", ""), number, record.get("sku", ""), record.get("offer_id", ""),
                     record.get("name", ""), record.get("quantity", 1), state, scheme, record.get("reason", ""),
                     stamp(at)])
    return csv_text(RETURN_HEADER, rows, wants_english(call.body))


def _returns_period(call: Call) -> tuple[float, float]:
    flt = obj(call.body.get("filter"))
    start = parse_datetime(flt.get("date_from"), "filter.date_from")
    end = parse_datetime(flt.get("date_to"), "filter.date_to")
    if end < start:
        raise OzonError(3, "filter.date_to must not be earlier than filter.date_from")
    # "available only for the last three months" (the field's text): an earlier start is cut, not refused
    earliest = add_months(call.now, -3)
    start = max(start, earliest)
    return start.timestamp(), max(start, end).timestamp()


@handles("POST", "/v2/report/returns/create", writes=True, exact=True)
@handles("POST", "/v1/report/returns/create", writes=True, exact=True)
def returns_report(call: Call) -> dict:
    start, end = _returns_period(call)
    flt = obj(call.body.get("filter"))
    schema = as_str(flt.get("delivery_schema") or "ALL").upper()
    status = as_str(flt.get("status"))
    return {"result": {"code": create_report(call, "SELLER_RETURNS", build_returns(call, start, end, schema, status))}}


# --- stock movements ---------------------------------------------------------------------------------------
def build_movements(call: Call, start: float, end: float) -> str:
    english = wants_english(call.body)
    rows = []
    for posting in sorted(store_of(call.seller).postings.values(), key=lambda p: (p.in_process_at, p.seq)):
        events = []
        shipped = posting.delivering_at or posting.packed_at
        if shipped is not None:
            events.append((shipped, ("Отгрузка", "Shipment"), -1))
        if posting.status == "cancelled" and shipped is not None and posting.cancelled_at is not None:
            events.append((posting.cancelled_at, ("Возврат отмены", "Cancelled, back"), 1))
        for at, names, sign in events:
            if start <= at <= end:
                for line in posting.lines:
                    rows.append([stamp(at), line["offer_id"], line["sku"], line["name"],
                                 names[1] if english else names[0], sign * int(line["quantity"]),
                                 posting.warehouse_name, posting.number])
    return csv_text(MOVEMENT_HEADER, rows, english)


@handles("POST", "/v1/report/products/movement/create", writes=True, exact=True)
def movements_report(call: Call) -> dict:
    start, end = report_dates(call)
    return {"result": {"code": create_report(call, "SELLER_PRODUCT_MOVEMENTS", build_movements(call, start, end))}}


# --- placement -----------------------------------------------------------------------------------------------
def _supply_rows(call: Call, day: datetime) -> list[list[Any]]:
    rows = []
    for supply in (getattr(store_of(call.seller), "supplies", {}) or {}).values():
        if not isinstance(supply, dict):
            continue
        units = as_int(supply.get("quantity") or supply.get("items_count") or 0)
        if units:
            rows.append([f"{day.date()}", supply.get("supply_order_number") or supply.get("supply_order_id"),
                         units, money_number(dec(units) * dec("0.5"))])
    return rows


def build_placement(call: Call, start: datetime, end: datetime, by_supplies: bool) -> str:
    stored = [p for p in products_of(call.seller).iter_from(0) if p.fbo_present]
    now = now_of(call)
    rows = []
    day = start
    while day <= end and day.timestamp() <= now:
        if by_supplies:
            rows.extend(_supply_rows(call, day))
        else:
            for p in stored:
                litres = volume_litres(p) * int(p.fbo_present)
                rows.append([f"{day.date()}", p.offer_id, p.visible_sku(now), p.name, int(p.fbo_present),
                             round(litres, 3), money_number(dec(str(litres)) * dec("0.1"))])
        day += timedelta(days=1)
    return csv_text(SUPPLY_HEADER if by_supplies else PLACEMENT_HEADER, rows, False)


def placement_period(call: Call) -> tuple[date, date]:
    """The placement reports' period: at most 31 days (their domain check, before the windows)."""
    start, end = parse_day(call.body.get("date_from"), "date_from"), parse_day(call.body.get("date_to"), "date_to")
    if end < start:
        raise OzonError(3, "date_to must not be earlier than date_from")
    if (end - start).days + 1 > 31:
        raise OzonError(3, "the period must not be longer than 31 days")
    return start, end


def _placement(call: Call, by_supplies: bool) -> dict:
    start, end = placement_period(call)
    first = datetime(start.year, start.month, start.day, tzinfo=timezone.utc)
    last = datetime(end.year, end.month, end.day, tzinfo=timezone.utc)
    content = build_placement(call, first, last, by_supplies)
    kind = "SELLER_PLACEMENT_BY_SUPPLIES" if by_supplies else "SELLER_PLACEMENT_BY_PRODUCTS"
    return {"code": create_report(call, kind, content)}


@handles("POST", "/v1/report/placement/by-products/create", writes=True, windows=(PLACEMENT_REQUESTS,),
         check=placement_period, exact=True)
def placement_products(call: Call) -> dict:
    return _placement(call, False)


@handles("POST", "/v1/report/placement/by-supplies/create", writes=True, windows=(PLACEMENT_REQUESTS,),
         check=placement_period, exact=True)
def placement_supplies(call: Call) -> dict:
    return _placement(call, True)
