"""The seller's ratings and account (`/v1/rating/*`, `/v1/seller/info`, `/v1/seller/ozon-logistics/info`),
computed from the world when read.

Ratings over a 30-day window of FBS/rFBS postings taken into processing (and reviews published):
- `rating_order_cancellation`: share of postings the seller cancelled, %;
- `rating_shipment_delay`: share of postings the clock cancelled for not being packed by
  `shipment_date`, %;
- `rating_on_time`: share of postings neither cancelled by the seller nor late, %;
- `rating_review_avg_score_total`: average review rating.
The FBS error index counts the first two kinds as errors (`SELLER_CANCELLATION`, `SELLER_DELAY`),
each charged 1 % of the posting's price. Thresholds are ozmock's own (the live ones are not documented).
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from ...errors import OzonError
from ...registry import Call, handles
from ..kit.dates import now_of, parse_datetime, stamp
from ..kit.money import dec, money_number
from ..kit.paging import clamped_size
from ..kit.values import as_int, as_str, obj, str_list
from ..orders.model import store_of
from ..products.model import products_of
from ..warehouses.model import warehouses_of

DAY = 86_400.0
WINDOW = 30 * DAY
CHARGE_PERCENT = 1.0
# name, title, value type, direction (higher is better?), warning, danger, premium thresholds
RATINGS = {
    "rating_on_time": ("Доставка вовремя", "PERCENT", True, 95.0, 90.0, 97.0),
    "rating_order_cancellation": ("Процент отмен", "PERCENT", False, 2.0, 5.0, 1.0),
    "rating_shipment_delay": ("Процент просроченных отправлений", "PERCENT", False, 3.0, 6.0, 1.0),
    "rating_review_avg_score_total": ("Средняя оценка товаров", "REVIEW_SCORE", True, 4.0, 3.5, 4.5),
}
GROUPS = {"Доставка": ("rating_on_time", "rating_order_cancellation", "rating_shipment_delay"),
          "Отзывы": ("rating_review_avg_score_total",)}


def _postings(seller) -> list:
    """The seller's FBS and rFBS postings (split-off parts counted on their original)."""
    return [p for p in store_of(seller).postings.values() if p.scheme in ("fbs", "rfbs") and not p.parent]


def error_kind(posting) -> str | None:
    if posting.status != "cancelled":
        return None
    kind = (posting.cancellation or {}).get("cancellation_type")
    if kind == "seller":
        return "SELLER_CANCELLATION"
    if kind == "system":
        return "SELLER_DELAY"
    return None


def values(call: Call, start: float, end: float) -> dict[str, float]:
    postings = [p for p in _postings(call.seller) if start < p.in_process_at <= end]
    total = len(postings)
    cancelled = sum(1 for p in postings if error_kind(p) == "SELLER_CANCELLATION")
    late = sum(1 for p in postings if error_kind(p) == "SELLER_DELAY")
    reviews = [r for r in call.seller.area("reviews")["reviews"].values() if start < r["published_at"] <= end]
    return {
        "rating_on_time": round(100 * (total - cancelled - late) / total, 2) if total else 100.0,
        "rating_order_cancellation": round(100 * cancelled / total, 2) if total else 0.0,
        "rating_shipment_delay": round(100 * late / total, 2) if total else 0.0,
        "rating_review_avg_score_total": round(sum(r["rating"] for r in reviews) / len(reviews), 2) if reviews else 0.0,
    }


def status(name: str, value: float) -> dict[str, bool]:
    _, _, higher, warning, danger, premium = RATINGS[name]
    if higher:
        return {"danger": value < danger, "warning": danger <= value < warning, "premium": value >= premium}
    return {"danger": value > danger, "warning": warning < value <= danger, "premium": value <= premium}


def _word(flags: dict[str, bool]) -> str:
    return "CRITICAL" if flags["danger"] else "WARNING" if flags["warning"] else "OK"


def _window(call: Call, back: int = 0) -> tuple[float, float]:
    end = now_of(call) - back * WINDOW
    return end - WINDOW, end


@handles("POST", "/v1/rating/summary", exact=True)
def summary(call: Call) -> dict:
    current, past = values(call, *_window(call)), values(call, *_window(call, 1))
    groups = []
    for title, names in GROUPS.items():
        items = []
        for name in names:
            label, kind, higher, *_ = RATINGS[name]
            change = current[name] - past[name]
            items.append({"rating": name, "name": label, "current_value": current[name], "past_value": past[name],
                          "value_type": kind, "rating_direction": "INCREASE" if higher else "DECREASE",
                          "status": _word(status(name, current[name])),
                          "change": {"direction": "UP" if change > 0 else "DOWN" if change < 0 else "NONE",
                                     "meaning": "NEUTRAL" if not change else
                                     ("GOOD" if (change > 0) == higher else "BAD")}})
        groups.append({"group_name": title, "items": items})
    # One object, not a list: the documents speak of "the parameter's fields" (empty without sales in 14
    # days), ozonapi-async models an object and ozon-sdk reshapes an object into its list (docs/assumptions.md).
    return {"groups": groups, "premium": True, "premium_plus": True, "penalty_score_exceeded": False,
            "localization_index": {"calculation_date": stamp(now_of(call)), "localization_percentage": 0}}


@handles("POST", "/v1/rating/history")
def history(call: Call) -> dict:
    start = parse_datetime(call.body.get("date_from"), "date_from").timestamp()
    end = parse_datetime(call.body.get("date_to"), "date_to").timestamp()
    if end < start:
        raise OzonError(3, "date_to must not be earlier than date_from")
    names = str_list(call.body.get("ratings"))
    unknown = [n for n in names if n not in RATINGS]
    if unknown:
        raise OzonError(3, f"unknown rating: {', '.join(unknown)}")
    rows = []
    for name in names:
        points = []
        day = start
        while day <= end and len(points) < 366:
            value = values(call, day - WINDOW + DAY, day + DAY)[name]
            points.append({"date_from": stamp(day), "date_to": stamp(day + DAY - 1), "value": value,
                           "status": status(name, value)})
            day += DAY
        _, _, _, warning, danger, premium = RATINGS[name]
        rows.append({"rating": name, "values": points, "warning_threshold": warning, "danger_threshold": danger,
                     "premium_threshold": premium})
    result: dict[str, Any] = {"ratings": rows}
    if call.body.get("with_premium_scores"):
        result["premium_scores"] = [{"rating": name, "scores": []} for name in names]
    return result


def _errors(call: Call, start: float, end: float) -> list[tuple[Any, str]]:
    return [(p, kind) for p in _postings(call.seller) if (kind := error_kind(p)) is not None
            and p.cancelled_at is not None and start < p.cancelled_at <= end]


def _charge(posting) -> float:
    return float(sum(dec(line["price"]) * int(line["quantity"]) for line in posting.lines)) * CHARGE_PERCENT / 100


@handles("POST", "/v1/rating/index/fbs/info", exact=True)
def fbs_index(call: Call) -> dict:
    start, end = _window(call)
    postings = [p for p in _postings(call.seller) if start < p.in_process_at <= end]
    errors = _errors(call, start, end)
    by_day: dict[str, list] = {}
    for posting, _ in errors:
        by_day.setdefault(datetime.fromtimestamp(posting.cancelled_at, tz=timezone.utc).date().isoformat(),
                          []).append(posting)
    total = max(len(postings), 1)
    return {"index": round(len(errors) / total, 4), "currency_code": call.seller.currency,
            "processing_costs_sum": money_number(sum(_charge(p) for p, _ in errors)),
            "period_from": datetime.fromtimestamp(start, tz=timezone.utc).date().isoformat(),
            "period_to": datetime.fromtimestamp(end, tz=timezone.utc).date().isoformat(),
            "defects": [{"date": day, "index_by_date": round(len(found) / total, 4),
                         "processing_costs_sum_by_date": money_number(sum(_charge(p) for p in found))}
                        for day, found in sorted(by_day.items())]}


@handles("POST", "/v1/rating/index/fbs/posting/list", exact=True)
def fbs_index_postings(call: Call) -> dict:
    flt = obj(call.body.get("filter"))
    start = parse_datetime(flt.get("date_from"), "filter.date_from").timestamp()
    end = parse_datetime(flt.get("date_to"), "filter.date_to").timestamp()
    wanted = set(str_list(flt.get("posting_numbers")))
    errors = sorted(((p, k) for p, k in _errors(call, start, end + 0.001) if not wanted or p.number in wanted),
                    key=lambda pair: (pair[0].cancelled_at, pair[0].number))
    offset = as_int(as_str(call.body.get("cursor")) or 0)
    size = clamped_size(call.body.get("limit"), 100, 1000)
    page = errors[offset:offset + size]
    total = max(len(_postings(call.seller)), 1)
    rows = []
    for posting, kind in page:
        price = sum(dec(line["price"]) * int(line["quantity"]) for line in posting.lines)
        currency = posting.lines[0]["currency"] if posting.lines else call.seller.currency
        rows.append({"posting_number": posting.number, "posting_error_type": kind,
                     "error_at": stamp(posting.cancelled_at),
                     "delivery_schema": posting.scheme.upper(), "charge_percent": CHARGE_PERCENT,
                     "charge_price": money_number(_charge(posting)), "charge_price_currency_code": currency,
                     "product_price": money_number(price), "product_price_currency_code": currency,
                     "has_grace_status": False, "index": round(1 / total, 4)})
    more = offset + size < len(errors)
    return {"errors": rows, "has_next": more, "cursor": str(offset + size) if more else ""}


@handles("POST", "/v1/seller/info", exact=True)
def seller_info(call: Call) -> dict:
    seller = call.seller
    current, past = values(call, *_window(call)), values(call, *_window(call, 1))
    start, end = _window(call)
    ratings = []
    for name, (label, kind, *_rest) in RATINGS.items():
        ratings.append({"rating": name, "name": label, "value_type": kind,
                        "status": _word(status(name, current[name])),
                        "current_value": {"value": current[name], "formatted": f"{current[name]:g}",
                                          "date_from": stamp(start), "date_to": stamp(end),
                                          "status": status(name, current[name])},
                        "past_value": {"value": past[name], "formatted": f"{past[name]:g}",
                                       "date_from": stamp(start - WINDOW), "date_to": stamp(start),
                                       "status": status(name, past[name])}})
    return {"company": {"name": seller.name, "legal_name": seller.name, "country": "Россия",
                        "currency": seller.currency, "inn": f"77{seller.client_id:08d}",
                        "ogrn": f"10277{seller.client_id:08d}", "ownership_form": "Частная собственность",
                        "tax_system": "OSNO"},
            "ratings": ratings, "subscription": {"is_premium": True, "type": "PREMIUM_PLUS"}}


@handles("POST", "/v1/seller/ozon-logistics/info", exact=True)
def ozon_logistics(call: Call) -> dict:
    schemas = []
    if any(not w.get("is_rfbs") for w in warehouses_of(call.seller).items) or _postings(call.seller):
        schemas.append("FBS")
    has_fbo = any(p.scheme == "fbo" for p in store_of(call.seller).postings.values())
    if has_fbo or any(p.fbo_present for p in products_of(call.seller).iter_from(0)):
        schemas.append("FBO")
    return {"available_schemas": schemas or ["UNKNOWN"], "ozon_logistics_enabled": True}
