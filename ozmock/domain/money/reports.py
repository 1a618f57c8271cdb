"""Reports: every `/v1/report/*/create`, `/v2/report/returns/create` and the finance methods that
answer with a report code, listed by `/v1/report/list` and `/v1/report/info`.

A report is built from the world when it is requested (the products, stocks, postings or
transactions of that moment and period) and kept as a CSV file (`;`-separated, UTF-8, header row
in the requested language). Its status follows the clock: `waiting` for
`report_waiting_seconds`, then `processing` for `report_processing_seconds`, then `success` with a
`file` URL that ozmock serves itself (`/__ozmock/files/reports/<code>.csv`), or `failed` when the
seller's next report of that type was set to fail (scenario `reports: {fail: [SELLER_POSTINGS]}` or
`ozmock.domain.reports.fail_next(seller, "SELLER_POSTINGS")`). A code is valid for 3 days
(`expires_at`); after that the file answers 410.

Documented limits: the discounted-products report once a minute, the placement reports 5 times a
day and 31 days per period, the returns report for the last three months.
"""
from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta, timezone
from typing import Any, Callable

from ...errors import OzonError
from ..orders.model import store_of
from ...registry import Call, handles, seeds
from ..kit.values import as_int, as_str
from ..products.model import Product, products_of, visibility_matches
from ..kit.dates import add_months, month_bounds, now_of, parse_datetime, parse_day, parse_month, stamp
from ..kit.money import dec, money_number
from ..kit.values import int_list, str_list
from ...registry import json_area
from ..kit.ids import new_uuid
from ..kit.timings import declare_timings, timing
from ..kit.windows import PER_DAY_MESSAGE, PER_MINUTE_MESSAGE
from ..kit.timings import declare_limits
from ...registry import Window

REPORT_NOT_FOUND = "report not found"
FILES_PATH = "/__ozmock/files/reports"
declare_timings(report_waiting_seconds=2.0, report_processing_seconds=3.0)
LIFETIME = 3 * 86_400.0
DAY = 86_400.0
declare_limits(report_discounted_per_minute=1, report_placement_per_day=5)
DISCOUNTED_REQUESTS = Window("report_discounted", "report_discounted_per_minute", 60.0, PER_MINUTE_MESSAGE)
PLACEMENT_REQUESTS = Window("report_placement", "report_placement_per_day", DAY, PER_DAY_MESSAGE)
TYPES = ("SELLER_PRODUCTS", "SELLER_STOCK", "SELLER_RETURNS", "SELLER_POSTINGS", "SELLER_DISCOUNTED",
         "MUTUAL_SETTLEMENT", "DOCUMENT_B2B_SALES", "COMPENSATION_REPORT", "DECOMPENSATION_REPORT",
         "MARKED_PRODUCTS_SALES", "SELLER_PLACEMENT_BY_PRODUCTS", "SELLER_PLACEMENT_BY_SUPPLIES",
         "SELLER_PRODUCT_PRICES", "SELLER_PRODUCT_MOVEMENTS", "SELLER_TRANSACTIONS", "SELLER_FINANCE")


def _create(seller, world) -> dict[str, Any]:
    return {"reports": {}, "order": [], "fail": {}}


json_area("reports", _create)


def reports_of(seller) -> dict[str, Any]:
    return seller.area("reports")


def fail_next(seller, report_type: str = "ALL", times: int = 1) -> None:
    """Make the seller's next `times` reports of a type (or of any type: "ALL") end `failed`."""
    fail = reports_of(seller)["fail"]
    fail[report_type] = fail.get(report_type, 0) + int(times)


# --- status on the clock --------------------------------------------------------------------------------
def status_of(world, report: dict[str, Any], now: float) -> str:
    age = now - report["created_at"]
    if age < timing(world, "report_waiting_seconds"):
        return "waiting"
    if age < timing(world, "report_waiting_seconds") + timing(world, "report_processing_seconds"):
        return "processing"
    return "failed" if report["failed"] else "success"


def file_url(call: Call, code: str) -> str:
    """Absolute when the request's base URL is known to the call, else relative to the server."""
    base = as_str(getattr(call, "base_url", "") or "").rstrip("/")
    return f"{base}{FILES_PATH}/{code}.csv"


def view(call: Call, report: dict[str, Any]) -> dict[str, Any]:
    status = status_of(call.world, report, now_of(call))
    return {"code": report["code"], "report_type": report["type"], "status": status,
            "error": "report generation failed: internal error" if status == "failed" else "",
            "file": file_url(call, report["code"]) if status == "success" else "",
            "created_at": stamp(report["created_at"]), "expires_at": stamp(report["created_at"] + LIFETIME),
            "params": dict(report["params"])}


def report_file(world, code: str) -> dict[str, Any] | None:
    """The file behind a report code, for the file route: {name, mime, content, expired}; None when
    there is no such report or it is not ready yet."""
    parts = code.split("_")
    owner = next((part for part in parts if part.isdigit()), None)
    sellers = [world.sellers[int(owner)]] if owner and int(owner) in world.sellers else list(world.sellers.values())
    now = world.clock.now().timestamp()
    for seller in sellers:
        report = reports_of(seller)["reports"].get(code)
        if report is None:
            continue
        if status_of(world, report, now) != "success":
            return None
        return {"name": f"{code}.csv", "mime": "text/csv; charset=utf-8", "content": report["content"].encode("utf-8"),
                "expired": now > report["created_at"] + LIFETIME}
    return None


# --- creating -----------------------------------------------------------------------------------------
def _params(body: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """The request's filters as the flat string map `params` shows."""
    flat: dict[str, str] = {}
    for key, value in body.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_params(value, name + "."))
        elif isinstance(value, list):
            if value:
                flat[name] = ",".join(as_str(v) for v in value)
        elif value not in (None, ""):
            flat[name] = as_str(value)
    return flat


def _english(body: dict[str, Any]) -> bool:
    return as_str(body.get("language")).upper() == "EN"


def _csv(header: list[tuple[str, str]], rows: list[list[Any]], english: bool) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow([en if english else ru for ru, en in header])
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return out.getvalue()


def _new_report(call: Call, report_type: str, content: str, params: dict[str, str] | None = None) -> str:
    state = reports_of(call.seller)
    now = now_of(call)
    code = f"REPORT_{report_type.lower()}_{call.seller.client_id}_{int(now)}_{new_uuid(call.world)}"
    fail = state["fail"]
    failed = False
    for key in (report_type, "ALL"):
        if fail.get(key, 0) > 0:
            fail[key] -= 1
            failed = True
            break
    state["reports"][code] = {"code": code, "type": report_type, "params": params if params is not None
                              else _params(call.body), "created_at": now, "content": content, "failed": failed}
    state["order"].append(code)
    return code


# --- products ----------------------------------------------------------------------------------------------
PRODUCT_HEADER = [
    ("Артикул", "Article"), ("Ozon Product ID", "Ozon Product ID"), ("FBO Ozon SKU ID", "FBO Ozon SKU ID"),
    ("FBS Ozon SKU ID", "FBS Ozon SKU ID"), ("CrossBorder Ozon SKU", "CrossBorder Ozon SKU"),
    ("Barcode", "Barcode"), ("Наименование товара", "Product name"), ("Статус товара", "Product status"),
    ("Видимость на Ozon", "Visible on Ozon"), ("Доступно на складе Ozon, шт", "Available at Ozon warehouses, pcs"),
    ("Доступно на моих складах, шт", "Available at my warehouses, pcs"), ("Зарезервировано, шт", "Reserved, pcs"),
    ("Текущая цена с учётом скидки, руб.", "Current price with discount, RUB"),
    ("Базовая цена (цена до скидок), руб.", "Base price (before discounts), RUB"),
    ("Цена Premium, руб.", "Premium price, RUB"), ("Рекомендованная цена, руб.", "Recommended price, RUB"),
    ("Актуальная ссылка на рекомендованную цену", "Recommended price link"), ("НДС, %", "VAT, %"),
    ("Вес в упаковке, г", "Package weight, g"), ("Объём товара, л", "Volume, l"), ("Создан", "Created"),
]


def _product_status(product: Product, now: float, world, english: bool) -> str:
    if product.archived:
        return "Archived" if english else "В архиве"
    phase = product.phase(now, world)
    if phase != "ready" and not product.is_created(now):
        return "On moderation" if english else "На модерации"
    if product.visible(now, world):
        return "On sale" if english else "Продается"
    return "Ready to sell" if english else "Готов к продаже"


def _report_products(call: Call) -> list[Product]:
    body, now = call.body, now_of(call)
    store = products_of(call.seller)
    offer_ids, skus = set(str_list(body.get("offer_id"))), set(int_list(body.get("sku")))
    search = as_str(body.get("search")).strip().lower()
    visibility = as_str(body.get("visibility") or "ALL")
    chosen = []
    for product in store.iter_from(0):
        if offer_ids and product.offer_id not in offer_ids:
            continue
        if skus and product.visible_sku(now) not in skus:
            continue
        if search and search not in product.name.lower() and search not in product.offer_id.lower():
            continue
        if visibility == "IMAGE_ABSENT":
            if product.images or product.archived:
                continue
        elif visibility == "PARTIAL_APPROVED":
            continue
        elif not visibility_matches(product, visibility, now, call.world):
            continue
        chosen.append(product)
    return chosen


def build_products(call: Call) -> str:
    now, english = now_of(call), _english(call.body)
    rows = []
    for p in _report_products(call):
        sku = p.visible_sku(now)
        from ..products.views import volume_litres
        rows.append([p.offer_id, p.product_id, sku or "", sku or "", "", p.barcodes[0] if p.barcodes else "",
                     p.name, _product_status(p, now, call.world, english),
                     ("yes" if english else "да") if p.visible(now, call.world) else ("no" if english else "нет"),
                     int(p.fbo_present or 0), sum(p.free_stock(w) for w in p.stocks), p.fbs_reserved(),
                     money_number(p.price), money_number(p.old_price if dec(p.old_price) > 0 else p.price), money_number(p.premium_price),
                     "", "", money_number(dec(p.vat) * 100), p.weight, volume_litres(p), stamp(p.created_at)])
    return _csv(PRODUCT_HEADER, rows, english)


PRICE_HEADER = [("Артикул", "Article"), ("Ozon Product ID", "Ozon Product ID"), ("SKU", "SKU"),
                ("Наименование товара", "Product name"), ("Цена до скидки, руб.", "Price before discount, RUB"),
                ("Текущая цена, руб.", "Current price, RUB"), ("Минимальная цена, руб.", "Minimum price, RUB"),
                ("Цена Premium, руб.", "Premium price, RUB"), ("НДС, %", "VAT, %")]


def build_prices(call: Call) -> str:
    now, english = now_of(call), _english(call.body)
    rows = [[p.offer_id, p.product_id, p.visible_sku(now) or "", p.name, money_number(p.old_price), money_number(p.price),
             money_number(p.min_price), money_number(p.premium_price), money_number(dec(p.vat) * 100)] for p in _report_products(call)]
    return _csv(PRICE_HEADER, rows, english)


STOCK_HEADER = [("Артикул", "Article"), ("SKU", "SKU"), ("Наименование товара", "Product name"),
                ("Доступно на складах Ozon, шт", "Available at Ozon warehouses, pcs"),
                ("Доступно на моих складах, шт", "Available at my warehouses, pcs"),
                ("Зарезервировано, шт", "Reserved, pcs")]


def build_stock(call: Call) -> str:
    now, english = now_of(call), _english(call.body)
    rows = [[p.offer_id, p.visible_sku(now) or "", p.name, int(p.fbo_present or 0),
             sum(p.free_stock(w) for w in p.stocks), p.fbs_reserved()]
            for p in products_of(call.seller).iter_from(0) if not p.archived]
    return _csv(STOCK_HEADER, rows, english)


WAREHOUSE_STOCK_HEADER = [("Идентификатор склада", "Warehouse ID"), ("Склад", "Warehouse"), ("Артикул", "Article"),
                          ("Ozon Product ID", "Ozon Product ID"), ("SKU", "SKU"),
                          ("Наименование товара", "Product name"), ("Доступно, шт", "Available, pcs"),
                          ("Зарезервировано, шт", "Reserved, pcs")]


def build_warehouse_stock(call: Call, warehouse_ids: list[int]) -> str:
    from ..warehouses.model import warehouses_of
    now, english = now_of(call), _english(call.body)
    warehouses = warehouses_of(call.seller)
    rows = []
    for warehouse_id in warehouse_ids:
        warehouse = warehouses.get(warehouse_id)
        for p in products_of(call.seller).iter_from(0):
            if warehouse_id in p.stocks and not p.archived:
                rows.append([warehouse_id, warehouse["name"], p.offer_id, p.product_id, p.visible_sku(now) or "",
                             p.name, p.free_stock(warehouse_id), p.reserved_stock(warehouse_id)])
    return _csv(WAREHOUSE_STOCK_HEADER, rows, english)


# --- postings and returns -------------------------------------------------------------------------------
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
POSTING_HEADER = [
    ("Номер заказа", "Order number"), ("Номер отправления", "Posting number"),
    ("Принят в обработку", "Accepted for processing"), ("Дата отгрузки", "Shipment date"), ("Статус", "Status"),
    ("Дата доставки", "Delivery date"), ("Фактическая дата передачи в доставку", "Handed over for delivery"),
    ("Сумма отправления", "Posting amount"), ("Код валюты отправления", "Posting currency"),
    ("Наименование товара", "Product name"), ("OZON id", "OZON id"), ("Артикул", "Article"),
    ("Ваша цена", "Your price"), ("Код валюты товара", "Product currency"), ("Оплачено покупателем", "Paid by buyer"),
    ("Количество", "Quantity"), ("Склад отгрузки", "Shipping warehouse"), ("Схема", "Scheme"),
    ("Причина отмены", "Cancellation reason"),
]


def build_postings(call: Call) -> str:
    flt = call.body.get("filter") if isinstance(call.body.get("filter"), dict) else {}
    english = _english(call.body)
    start = parse_datetime(flt.get("processed_at_from"), "filter.processed_at_from").timestamp()
    end = parse_datetime(flt.get("processed_at_to"), "filter.processed_at_to").timestamp()
    if end < start:
        raise OzonError(3, "filter.processed_at_to must not be earlier than filter.processed_at_from")
    schemes = [s.lower() for s in str_list(flt.get("delivery_schema"))]
    if len(schemes) > 1:
        raise OzonError(3, "filter.delivery_schema: pass one value, fbo or fbs")
    if schemes and schemes[0] not in ("fbo", "fbs"):
        raise OzonError(3, "filter.delivery_schema must be fbo or fbs")
    wanted = isinstance(call.body.get("with"), dict) and call.body["with"].get("analytics_data")
    if wanted and schemes != ["fbs"]:
        raise OzonError(3, "with.analytics_data needs filter.delivery_schema = fbs")
    skus, offer_id = set(int_list(flt.get("sku"))), as_str(flt.get("offer_id"))
    warehouses, title = set(int_list(flt.get("warehouse_id"))), as_str(flt.get("title")).lower()
    statuses = set(str_list(flt.get("status_alias")))
    store = store_of(call.seller)
    rows = []
    for posting in sorted(store.postings.values(), key=lambda p: (p.in_process_at, p.seq)):
        if not start <= posting.in_process_at <= end:
            continue
        group = "fbo" if posting.scheme == "fbo" else "fbs" if posting.scheme in ("fbs", "rfbs") else "crossborder"
        if (schemes and group != schemes[0]) or (warehouses and posting.warehouse_id not in warehouses):
            continue
        if statuses and posting.status not in statuses:
            continue
        total = sum(dec(line["price"]) * int(line["quantity"]) for line in posting.lines)
        for line in posting.lines:
            if (skus and line["sku"] not in skus) or (offer_id and line["offer_id"] != offer_id) or \
                    (title and title not in line["name"].lower()):
                continue
            names = STATUS_NAMES.get(posting.status, (posting.status, posting.status))
            rows.append([posting.order_number, posting.number, stamp(posting.in_process_at),
                         stamp(posting.shipment_date), names[1] if english else names[0],
                         stamp(posting.delivered_at) if posting.delivered_at else "",
                         stamp(posting.delivering_at) if posting.delivering_at else "", money_number(total),
                         line["currency"], line["name"], line["sku"], line["offer_id"], money_number(line["price"]),
                         line["currency"], money_number(dec(line["price"]) * int(line["quantity"])), line["quantity"],
                         posting.warehouse_name, posting.scheme.upper(),
                         (posting.cancellation or {}).get("cancel_reason", "")])
    return _csv(POSTING_HEADER, rows, english)


RETURN_HEADER = [("Номер возврата", "Return ID"), ("Номер отправления", "Posting number"), ("SKU", "SKU"),
                 ("Артикул", "Article"), ("Наименование товара", "Product name"), ("Количество", "Quantity"),
                 ("Статус", "Status"), ("Схема", "Scheme"), ("Причина возврата", "Return reason"),
                 ("Дата возврата", "Return date")]


def build_returns(call: Call, start: float, end: float, schema: str, status: str) -> str:
    english = _english(call.body)
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
    return _csv(RETURN_HEADER, rows, english)


# --- finance reports -----------------------------------------------------------------------------------
TRANSACTION_HEADER = [("ID операции", "Operation ID"), ("Дата операции", "Operation date"),
                      ("Тип операции", "Operation type"), ("Номер отправления", "Posting number"),
                      ("Товары", "Products"), ("Сумма итого, руб.", "Total, RUB"),
                      ("Начисления за продажу", "Accruals for sale"), ("Вознаграждение Ozon", "Ozon commission"),
                      ("Услуги", "Services")]


def _operations(call: Call, start: float, end: float, kinds: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    from . import finance
    ops = finance.select(finance.operations(call.world, call.seller, now_of(call)), start=start, end=end)
    return [op for op in ops if not kinds or op["operation_type"] in kinds]


def build_transactions(call: Call, start: float, end: float, kind: str = "ALL") -> str:
    from . import finance
    english = _english(call.body)
    wanted = {"ORDERS": "orders", "RETURNS": "returns", "SERVICES": "services", "OTHER": "other",
              "DEPOSIT": "compensation"}.get(kind.upper())
    rows = []
    search = as_str(call.body.get("search")).lower()
    for op in _operations(call, start, end):
        if wanted and op["type"] != wanted:
            continue
        names = ", ".join(line["name"] for line in op["lines"])
        if search and search not in names.lower() and search not in (op["posting"].number if op["posting"] else ""):
            continue
        rows.append([op["id"], stamp(op["date"]), finance.TYPE_NAMES.get(op["operation_type"], op["operation_type"]),
                     op["posting"].number if op["posting"] else "", names, money_number(finance.amount_of(op)),
                     money_number(op["accruals"]), money_number(op["commission"]),
                     money_number(sum((p for _, p in op["services"]), dec(0)) + op["extra"])])
    return _csv(TRANSACTION_HEADER, rows, english)


SETTLEMENT_HEADER = [("Период", "Period"), ("Сальдо на начало периода", "Opening balance"),
                     ("Начислено", "Accrued"), ("Выплачено", "Paid"), ("Сальдо на конец периода", "Closing balance")]


def build_settlement(call: Call, year: int, month: int) -> str:
    from . import finance
    start, end = month_bounds(year, month)
    now = now_of(call)
    ops = finance.operations(call.world, call.seller, now)
    pays = finance.payouts(call.seller, ops, now)
    opening = finance._balance_at(call.seller, ops, pays, start.timestamp())
    closing = finance._balance_at(call.seller, ops, pays, min(end.timestamp(), now + 0.001))
    accrued = sum((finance.amount_of(op) for op in finance.select(ops, start=start.timestamp(),
                                                                   end=end.timestamp() - 0.001)), dec(0))
    paid = sum((amount for when, amount, _ in pays if start.timestamp() <= when < end.timestamp()), dec(0))
    return _csv(SETTLEMENT_HEADER, [[f"{year}-{month:02d}", money_number(opening), money_number(accrued), money_number(-paid), money_number(closing)]],
                _english(call.body))


COMPENSATION_HEADER = [("Дата", "Date"), ("Номер отправления", "Posting number"), ("SKU", "SKU"),
                       ("Наименование товара", "Product name"), ("Количество", "Quantity"),
                       ("Сумма, руб.", "Amount, RUB"), ("Основание", "Reason")]


def build_compensation(call: Call, year: int, month: int) -> str:
    start, end = month_bounds(year, month)
    ops = _operations(call, start.timestamp(), end.timestamp() - 0.001, ("MarketplaceSellerCompensationOperation",))
    rows = [[stamp(op["date"]), op["posting"].number if op["posting"] else "", "", "", "", money_number(op["extra"]),
             op["operation_type"]] for op in ops]
    return _csv(COMPENSATION_HEADER, rows, as_str(call.body.get("language")).upper() == "EN")


B2B_HEADER = [("Номер документа", "Document number"), ("Дата", "Date"), ("Тип", "Type"), ("Покупатель", "Buyer"),
              ("ИНН покупателя", "Buyer INN"), ("Номер отправления", "Posting number"), ("SKU", "SKU"),
              ("Артикул", "Article"), ("Наименование товара", "Product name"), ("Количество", "Quantity"),
              ("Сумма, руб.", "Amount, RUB")]


def build_b2b(call: Call) -> str:
    from .finance import b2b_sales
    data = b2b_sales(call)
    rows = []
    for invoice in data["invoices"]:
        for op in invoice["operations"]:
            rows.append([invoice["info"]["number"], invoice["info"]["date"], invoice["info"]["type"],
                         invoice["buyer_info"]["name"], invoice["buyer_info"]["inn"], op["posting_number"],
                         invoice["sku"], invoice["offer_id"], invoice["product_name"], op["quantity"], op["amount"]])
    return _csv(B2B_HEADER, rows, _english(call.body))


REALIZATION_HEADER = [("Дата", "Date"), ("Номер отправления", "Posting number"), ("SKU", "SKU"), ("Артикул", "Article"),
                      ("Наименование товара", "Product name"), ("Количество", "Quantity"),
                      ("Цена реализации, руб.", "Sale price, RUB"), ("Сумма, руб.", "Amount, RUB"),
                      ("Вознаграждение Ozon, руб.", "Ozon commission, RUB"), ("Итого к начислению, руб.", "Total, RUB")]


def build_realization(call: Call, start: float, end: float) -> str:
    from .finance import _line_amount, _line_commission
    rows = []
    for op in _operations(call, start, end, ("OperationAgentDeliveredToCustomer", "ClientReturnAgentOperation")):
        sign = -1 if op["operation_type"] == "ClientReturnAgentOperation" else 1
        for line in op["lines"]:
            amount, fee = _line_amount(line) * sign, _line_commission(line) * sign
            rows.append([stamp(op["date"]), op["posting"].number, line["sku"], line["offer_id"], line["name"],
                         int(line["quantity"]) * sign, money_number(line["price"]), money_number(amount), money_number(-fee), money_number(amount - fee)])
    return _csv(REALIZATION_HEADER, rows, _english(call.body))


MOVEMENT_HEADER = [("Дата", "Date"), ("Артикул", "Article"), ("SKU", "SKU"), ("Наименование товара", "Product name"),
                   ("Операция", "Operation"), ("Количество", "Quantity"), ("Склад", "Warehouse"),
                   ("Номер отправления", "Posting number")]


def build_movements(call: Call, start: float, end: float) -> str:
    english = _english(call.body)
    store = store_of(call.seller)
    rows = []
    for posting in sorted(store.postings.values(), key=lambda p: (p.in_process_at, p.seq)):
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
    return _csv(MOVEMENT_HEADER, rows, english)


MARKED_HEADER = [("Номер отправления", "Posting number"), ("Дата продажи", "Sale date"), ("SKU", "SKU"),
                 ("Артикул", "Article"), ("Наименование товара", "Product name"), ("Код маркировки", "Marking code"),
                 ("Цена, руб.", "Price, RUB")]


def build_marked(call: Call, start: float, end: float) -> str:
    rows = []
    for op in _operations(call, start, end, ("OperationAgentDeliveredToCustomer",)):
        for line in op["lines"]:
            if line.get("mark"):
                codes = line.get("exemplars") or [{}] * int(line["quantity"])
                for exemplar in codes:
                    code = exemplar.get("mandatory_mark", "") if isinstance(exemplar, dict) else as_str(exemplar)
                    rows.append([op["posting"].number, stamp(op["date"]), line["sku"], line["offer_id"], line["name"],
                                 code, money_number(line["price"])])
    return _csv(MARKED_HEADER, rows, False)


PLACEMENT_HEADER = [("Дата", "Date"), ("Артикул", "Article"), ("SKU", "SKU"), ("Наименование товара", "Product name"),
                    ("Количество на складе, шт", "Units stored"), ("Объём, л", "Volume, l"),
                    ("Стоимость размещения, руб.", "Storage cost, RUB")]
SUPPLY_HEADER = [("Дата", "Date"), ("Номер поставки", "Supply number"), ("Количество, шт", "Units"),
                 ("Стоимость размещения, руб.", "Storage cost, RUB")]


def build_placement(call: Call, start: datetime, end: datetime, by_supplies: bool) -> str:
    from ..products.views import volume_litres
    store = products_of(call.seller)
    stored = [p for p in store.iter_from(0) if p.fbo_present]
    now = now_of(call)
    rows = []
    day = start
    while day <= end and day.timestamp() <= now:
        if by_supplies:
            pstore = store_of(call.seller)
            for supply in (getattr(pstore, "supplies", {}) or {}).values():
                if not isinstance(supply, dict):
                    continue
                units = as_int(supply.get("quantity") or supply.get("items_count") or 0)
                if units:
                    rows.append([f"{day.date()}", supply.get("supply_order_number") or supply.get("supply_order_id"),
                                 units, money_number(dec(units) * dec("0.5"))])
        else:
            for p in stored:
                litres = volume_litres(p) * int(p.fbo_present)
                rows.append([f"{day.date()}", p.offer_id, p.visible_sku(now), p.name, int(p.fbo_present),
                             round(litres, 3), money_number(dec(str(litres)) * dec("0.1"))])
        day += timedelta(days=1)
    return _csv(SUPPLY_HEADER if by_supplies else PLACEMENT_HEADER, rows, False)


DISCOUNTED_HEADER = [("Артикул уценённого товара", "Discounted item article"),
                     ("SKU уценённого товара", "Discounted SKU"), ("Артикул основного товара", "Main item article"),
                     ("SKU основного товара", "Main SKU"), ("Состояние", "Condition"), ("Дефект", "Defect"),
                     ("Склад", "Warehouse"), ("Количество", "Quantity")]


# --- handlers -------------------------------------------------------------------------------------------
def _code(call: Call, report_type: str, build: Callable[[], str], params=None) -> str:
    """Build first (a bad request fails without a trace), then record the report."""
    content = build()
    return _new_report(call, report_type, content, params)


@handles("POST", "/v1/report/products/create", writes=True)
@handles("POST", "/v1/report/product/create", writes=True)
def products_report(call: Call) -> dict:
    return {"result": {"code": _code(call, "SELLER_PRODUCTS", lambda: build_products(call))}}


@handles("POST", "/v1/report/products/prices/create", writes=True)
def prices_report(call: Call) -> dict:
    return {"result": {"code": _code(call, "SELLER_PRODUCT_PRICES", lambda: build_prices(call))}}


@handles("POST", "/v1/report/stock/create", writes=True)
def stock_report(call: Call) -> dict:
    return {"result": {"code": _code(call, "SELLER_STOCK", lambda: build_stock(call))}}


@handles("POST", "/v1/report/warehouse/stock")
def warehouse_stock_report(call: Call) -> dict:
    from ..warehouses.model import warehouses_of
    wanted = int_list(call.body.get("warehouseId"))
    if not wanted:
        raise OzonError(3, "warehouseId: value must contain at least 1 item(s)")
    known = warehouses_of(call.seller)
    missing = [w for w in wanted if known.get(w) is None]
    if missing:
        raise OzonError(5, f"warehouse not found: {', '.join(str(w) for w in missing)}")
    return {"result": {"code": _code(call, "SELLER_STOCK", lambda: build_warehouse_stock(call, wanted))}}


@handles("POST", "/v1/report/postings/create", writes=True)
def postings_report(call: Call) -> dict:
    return {"result": {"code": _code(call, "SELLER_POSTINGS", lambda: build_postings(call))}}


def _returns_period(call: Call) -> tuple[float, float]:
    flt = call.body.get("filter") if isinstance(call.body.get("filter"), dict) else {}
    start = parse_datetime(flt.get("date_from"), "filter.date_from")
    end = parse_datetime(flt.get("date_to"), "filter.date_to")
    if end < start:
        raise OzonError(3, "filter.date_to must not be earlier than filter.date_from")
    now = datetime.fromtimestamp(now_of(call), tz=timezone.utc)
    if start < add_months(now, -3):
        raise OzonError(3, "the returns report covers only the last three months")
    return start.timestamp(), end.timestamp()


@handles("POST", "/v2/report/returns/create", writes=True)
@handles("POST", "/v1/report/returns/create", writes=True)
def returns_report(call: Call) -> dict:
    start, end = _returns_period(call)
    flt = call.body["filter"]
    schema = as_str(flt.get("delivery_schema") or "ALL").upper()
    status = as_str(flt.get("status"))
    return {"result": {"code": _code(call, "SELLER_RETURNS", lambda: build_returns(call, start, end, schema, status))}}


@handles("POST", "/v1/report/discounted/create", writes=True, windows=(DISCOUNTED_REQUESTS,))
def discounted_report(call: Call) -> dict:
    return {"code": _code(call, "SELLER_DISCOUNTED", lambda: _csv(DISCOUNTED_HEADER, [], False))}


def placement_period(call: Call) -> tuple[date, date]:
    """The placement reports' period: at most 31 days."""
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
    return {"code": _new_report(call, kind, content)}


@handles("POST", "/v1/report/placement/by-products/create", writes=True, windows=(PLACEMENT_REQUESTS,), check=placement_period)
def placement_products(call: Call) -> dict:
    return _placement(call, False)


@handles("POST", "/v1/report/placement/by-supplies/create", writes=True, windows=(PLACEMENT_REQUESTS,), check=placement_period)
def placement_supplies(call: Call) -> dict:
    return _placement(call, True)


@handles("POST", "/v1/report/marked-products-sales/create", writes=True)
def marked_report(call: Call) -> dict:
    date = call.body.get("date") if isinstance(call.body.get("date"), dict) else {}
    start, end = parse_day(date.get("from"), "date.from"), parse_day(date.get("to"), "date.to")
    if end < start:
        raise OzonError(3, "date.to must not be earlier than date.from")
    low = datetime(start.year, start.month, start.day, tzinfo=timezone.utc).timestamp()
    high = datetime(end.year, end.month, end.day, tzinfo=timezone.utc).timestamp() + DAY - 0.001
    return {"result": {"code": _code(call, "MARKED_PRODUCTS_SALES", lambda: build_marked(call, low, high))}}


def _dates(call: Call) -> tuple[float, float]:
    start = parse_datetime(call.body.get("date_from"), "date_from")
    end = parse_datetime(call.body.get("date_to"), "date_to")
    if end < start:
        raise OzonError(3, "date_to must not be earlier than date_from")
    return start.timestamp(), end.timestamp() + (DAY - 0.001 if len(as_str(call.body.get("date_to"))) == 10 else 0)


@handles("POST", "/v1/report/transactions/create", writes=True)
def transactions_report(call: Call) -> dict:
    start, end = _dates(call)
    kind = as_str(call.body.get("transaction_type") or "ALL")
    return {"result": {"code": _code(call, "SELLER_TRANSACTIONS", lambda: build_transactions(call, start, end, kind))}}


@handles("POST", "/v1/report/finance/create", writes=True)
def finance_report(call: Call) -> dict:
    start, end = _dates(call)
    return {"result": {"code": _code(call, "SELLER_FINANCE", lambda: build_realization(call, start, end))}}


@handles("POST", "/v1/report/products/movements/create", writes=True)
def movements_report(call: Call) -> dict:
    start, end = _dates(call)
    return {"result": {"code": _code(call, "SELLER_PRODUCT_MOVEMENTS", lambda: build_movements(call, start, end))}}


@handles("POST", "/v1/finance/mutual-settlement")
def mutual_settlement(call: Call) -> dict:
    year, month = parse_month(call.body.get("date"))
    return {"result": {"code": _code(call, "MUTUAL_SETTLEMENT", lambda: build_settlement(call, year, month))}}


@handles("POST", "/v1/finance/compensation")
def compensation(call: Call) -> dict:
    year, month = parse_month(call.body.get("date"))
    return {"result": {"code": _code(call, "COMPENSATION_REPORT", lambda: build_compensation(call, year, month))}}


@handles("POST", "/v1/finance/decompensation")
def decompensation(call: Call) -> dict:
    year, month = parse_month(call.body.get("date"))
    return {"result": {"code": _code(call, "DECOMPENSATION_REPORT", lambda: build_compensation(call, year, month))}}


@handles("POST", "/v1/finance/document-b2b-sales")
def b2b_report(call: Call) -> dict:
    parse_month(call.body.get("date"))
    return {"result": {"code": _code(call, "DOCUMENT_B2B_SALES", lambda: build_b2b(call))}}


# --- reading --------------------------------------------------------------------------------------------
@handles("POST", "/v1/report/info")
def report_info(call: Call) -> dict:
    report = reports_of(call.seller)["reports"].get(as_str(call.body.get("code")).strip())
    if report is None:
        raise OzonError(5, REPORT_NOT_FOUND)
    return {"result": view(call, report)}


@handles("POST", "/v1/report/list")
def report_list(call: Call) -> dict:
    state = reports_of(call.seller)
    kind = as_str(call.body.get("report_type") or "ALL").upper()
    reports = [state["reports"][code] for code in reversed(state["order"])]
    reports = [r for r in reports if kind == "ALL" or r["type"] == kind]
    size = min(as_int(call.body.get("page_size"), 100) or 100, 1000)
    page = max(as_int(call.body.get("page"), 1), 1)
    return {"result": {"reports": [view(call, r) for r in reports[(page - 1) * size:page * size]],
                       "total": len(reports)}}


@seeds("reports")
def seed_reports(world, seller, spec: Any) -> None:
    """`reports: {fail: [SELLER_POSTINGS, ...]}`: the seller's next report of each listed type fails."""
    for report_type in (spec or {}).get("fail", []) if isinstance(spec, dict) else []:
        fail_next(seller, str(report_type))
