"""The seller's ledger: finance operations derived from the postings, and the half-month payouts and
balances they add up to. Every finance view (transaction lists, realization, cash flow, accruals,
finance reports) reads these operations, so they always agree with the postings and with each other.

Operations are computed from the world each time they are read: nothing is stored but the
scenario's service settings (the `finance` area).

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

from ...registry import json_area, seeds
from ..kit.dates import month_bounds
from ..kit.ids import stable_int
from ..kit.money import cents, dec
from ..orders.model import store_of
from ..products.model import products_of
from ..products.views import volume_litres

ZERO = Decimal(0)
DAY = 86_400.0
SALE = "OperationAgentDeliveredToCustomer"
CLIENT_RETURN = "ClientReturnAgentOperation"
SCHEMA = {"fbs": "FBS", "rfbs": "RFBS", "fbo": "FBO", "crossborder": "CROSSBORDER"}
TYPE_NAMES = {
    SALE: "Доставка покупателю",
    CLIENT_RETURN: "Получение возврата, отмены, невыкупа от покупателя",
    "OperationItemReturn": "Доставка и обработка возврата, отмены, невыкупа",
    "MarketplaceMarketingActionCostOperation": "Услуги продвижения товаров",
    "OperationMarketplaceServiceStorage": "Услуга размещения товаров на складе",
}
DELIVERY_SERVICES = ("MarketplaceServiceItemDirectFlowLogistic", "MarketplaceServiceItemDelivToCustomer",
                     "MarketplaceServiceItemDropoffSC")
RETURN_SERVICES = ("MarketplaceServiceItemReturnAfterDelivToCustomer", "MarketplaceServiceItemReturnFlowLogistic",
                   "MarketplaceServiceItemReturnNotDelivToCustomer")


def _create(seller, world) -> dict[str, Any]:
    return {"marketing_weekly": "0", "since": world.clock.now().timestamp() - 90 * DAY, "payout_delay_days": 5}


json_area("finance", _create)


def settings_of(seller) -> dict[str, Any]:
    return seller.area("finance")


def utc(at: float) -> datetime:
    return datetime.fromtimestamp(at, tz=timezone.utc)


# --- amounts --------------------------------------------------------------------------------------------
def _rub(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), ROUND_HALF_UP)


def line_amount(line: dict[str, Any]) -> Decimal:
    return cents(dec(line["price"]) * int(line["quantity"]))


def line_commission(line: dict[str, Any]) -> Decimal:
    return cents(line_amount(line) * dec(line["commission_percent"]) / 100)


def _litres(seller, line: dict[str, Any]) -> Decimal:
    product = products_of(seller).get(line.get("product_id", 0))
    if product is None:
        return Decimal(1)
    return max(Decimal(str(volume_litres(product))), Decimal("0.1"))


def _logistics(seller, lines: list[dict[str, Any]]) -> Decimal:
    litres = sum((_litres(seller, line) * int(line["quantity"]) for line in lines), Decimal(0))
    return -_rub(Decimal(63) + max(litres - 1, Decimal(0)) * 7)


def _last_mile(lines: list[dict[str, Any]]) -> Decimal:
    total = ZERO
    for line in lines:
        per_item = min(max(dec(line["price"]) * Decimal("0.055"), Decimal(20)), Decimal(500))
        total += _rub(per_item) * int(line["quantity"])
    return -total


def amount_of(op: dict[str, Any]) -> Decimal:
    return op["accruals"] + op["commission"] + service_total(op) + op["extra"]


def service_total(op: dict[str, Any]) -> Decimal:
    return sum((price for _, price in op["services"]), ZERO)


def delivery_total(op: dict[str, Any]) -> Decimal:
    return sum((price for name, price in op["services"] if name in DELIVERY_SERVICES), ZERO)


def return_services_total(op: dict[str, Any]) -> Decimal:
    return sum((price for name, price in op["services"] if name not in DELIVERY_SERVICES), ZERO)


# --- operations -------------------------------------------------------------------------------------
def _op(kind: str, type_: str, at: float, key: Any, *, posting=None, lines=(), accruals=ZERO, commission=ZERO,
        services=(), extra=ZERO, bucket: str = "") -> dict[str, Any]:
    return {"id": stable_int("operation", kind, key, digits=14), "operation_type": kind, "type": type_, "date": at,
            "posting": posting, "lines": list(lines), "accruals": accruals, "commission": commission,
            "services": [(name, price) for name, price in services if price], "extra": extra, "bucket": bucket}


def _sale(seller, posting) -> dict[str, Any]:
    lines = posting.lines
    services = []
    if posting.scheme != "rfbs":
        services = [("MarketplaceServiceItemDirectFlowLogistic", _logistics(seller, lines)),
                    ("MarketplaceServiceItemDelivToCustomer", _last_mile(lines))]
        if posting.scheme == "fbs":
            services.append(("MarketplaceServiceItemDropoffSC", Decimal(-20)))
    return _op(SALE, "orders", posting.delivered_at, posting.number, posting=posting, lines=lines,
               accruals=sum((line_amount(l) for l in lines), ZERO),
               commission=-sum((line_commission(l) for l in lines), ZERO), services=services)


def _undelivered(seller, posting) -> dict[str, Any]:
    return _op("OperationItemReturn", "returns", posting.cancelled_at, posting.number,
               posting=posting, lines=posting.lines, services=[
                   ("MarketplaceServiceItemReturnNotDelivToCustomer", Decimal(-15)),
                   ("MarketplaceServiceItemReturnFlowLogistic", _logistics(seller, posting.lines))])


def _client_return(seller, posting, at: float, lines: list[dict[str, Any]], key: Any) -> dict[str, Any]:
    return _op(CLIENT_RETURN, "returns", at, f"return:{key}", posting=posting,
               lines=lines, accruals=-sum((line_amount(l) for l in lines), ZERO),
               commission=sum((line_commission(l) for l in lines), ZERO), services=[
                   ("MarketplaceServiceItemReturnAfterDelivToCustomer", Decimal(-15)),
                   ("MarketplaceServiceItemReturnFlowLogistic", _logistics(seller, lines))])


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
            ops.append(_sale(seller, posting))
        elif (posting.status == "cancelled" and posting.delivering_at is not None
              and posting.cancelled_at is not None and posting.cancelled_at <= now and posting.scheme != "rfbs"):
            ops.append(_undelivered(seller, posting))
    for posting, at, lines, key in _returned(store):
        if at <= now:
            ops.append(_client_return(seller, posting, at, lines, key))
    ops.extend(_service_ops(seller, now))
    ops.sort(key=lambda op: (op["date"], op["id"]))
    return ops


def _service_ops(seller, now: float) -> list[dict[str, Any]]:
    """Weekly marketing (Mondays) and daily storage of FBO stock since the scenario's history start."""
    settings = settings_of(seller)
    ops = []
    weekly = dec(settings.get("marketing_weekly"))
    start = utc(settings["since"]).replace(hour=3, minute=0, second=0, microsecond=0)
    if weekly > 0:
        monday = start + timedelta(days=(7 - start.weekday()) % 7)
        while monday.timestamp() <= now:
            ops.append(_op("MarketplaceMarketingActionCostOperation", "services", monday.timestamp(),
                           f"marketing:{seller.client_id}:{monday.date()}", extra=-cents(weekly), bucket="services"))
            monday += timedelta(days=7)
    litres = ZERO
    for product in products_of(seller).iter_from(0):
        if product.fbo_present:
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


# --- half-month periods, payouts, balances ----------------------------------------------------------
def periods(start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
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


def period_id(begin: datetime) -> int:
    return int(begin.strftime("%Y%m%d")) * 1000 + 1


def payouts(seller, ops: list[dict[str, Any]], now: float) -> list[tuple[float, Decimal, datetime]]:
    """(paid at, amount, period start) of the payouts made by `now`: each period's total, N days after it."""
    delay = float(settings_of(seller).get("payout_delay_days", 5)) * DAY
    if not ops:
        return []
    result = []
    for begin, stop in periods(utc(ops[0]["date"]), utc(now)):
        paid_at = stop.timestamp() + delay
        if paid_at > now:
            break
        amount = sum((amount_of(op) for op in select(ops, start=begin.timestamp(), end=stop.timestamp() - 0.001)),
                     ZERO)
        if amount > 0:
            result.append((paid_at, amount, begin))
    return result


def balance_at(ops: list[dict[str, Any]], pays: list[tuple[float, Decimal, datetime]], at: float) -> Decimal:
    """Accrued minus paid out before `at`."""
    accrued = sum((amount_of(op) for op in ops if op["date"] < at), ZERO)
    paid = sum((amount for when, amount, _ in pays if when < at), ZERO)
    return accrued - paid


# --- scenario -----------------------------------------------------------------------------------------------
@seeds("finance")
def seed_finance(world, seller, spec: Any) -> None:
    """`finance: {marketing_weekly: 500, payout_delay_days: 5, history_days: 90}`."""
    spec = spec if isinstance(spec, dict) else {}
    state = settings_of(seller)
    state["marketing_weekly"] = str(spec.get("marketing_weekly", 0))
    state["payout_delay_days"] = float(spec.get("payout_delay_days", 5))
    state["since"] = world.clock.now().timestamp() - float(spec.get("history_days", 90)) * DAY
