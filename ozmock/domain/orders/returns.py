"""FBS and FBO returns of the seller's postings (`/v1/returns/list`, legacy `/v3/returns/company/fbs|fbo`,
`/v1/returns/company/fbs/info`).

A buyer returns a delivered posting's product (`ClientReturn`), or a posting cancelled after
packing comes back (`Cancellation`). FBS: `MovingToSeller` -> (clock, `return_transit_seconds`)
`ArrivedAtReturnPlace` -> picked up (`ReceivedBySeller`, `receive_return()` or a giveout) or, left
there for `return_utilization_seconds`, `Utilizing` -> `Utilized`. FBO: `MovingToOzon` -> `ReturnedToOzon`.
rFBS return requests are `rfbs_returns.py`; picking FBS returns up by barcode is `giveouts.py`.
"""
from __future__ import annotations

from typing import Any

from ...registry import Call, handles
from ..kit.dates import now_of, parse_timestamp, stamp
from ..kit.money import money_float
from ..kit.paging import page_size
from ..kit.timings import timing
from ..kit.values import as_int, as_str, obj, str_list
from . import data
from .common import bad
from .listing import in_period
from .model import Posting, PostingStore, on_event, store_of

DAY = 86_400.0
VISUAL = {   # sys_name -> (id, display name, legacy v2 status)
    "MovingToSeller": (21, "Едет к продавцу", "moving"),
    "ArrivedAtReturnPlace": (22, "В пункте выдачи", "waiting_for_seller"),
    "ReceivedBySeller": (23, "Продавец получил возврат", "returned_to_seller"),
    "Utilizing": (24, "На утилизации", "utilizing"),
    "Utilized": (25, "Утилизирован", "utilized"),
    "MovingToOzon": (31, "Едет на склад Ozon", "moving_to_ozon"),
    "ReturnedToOzon": (32, "На складе Ozon", "returned_to_ozon"),
}


class ReturnError(ValueError):
    """A return or request that cannot be made for this posting."""


def requested_posting(seller, number: str) -> Posting:
    posting = store_of(seller).get(number)
    if posting is None:
        raise ReturnError(f"no posting {number} for seller {seller.client_id}")
    return posting


def create_return(world, seller, posting_number: str, *, sku: int | None = None, quantity: int | None = None,
                  reason_id: int = 1, at: float) -> dict[str, Any]:
    """A return of a delivered FBS/FBO posting's product (or of a posting cancelled after packing)."""
    posting = requested_posting(seller, posting_number)
    kind = _return_kind(posting)
    line = posting.line_for(sku) if sku else posting.lines[0]
    if line is None:
        raise ReturnError(f"{posting.number} has no SKU {sku}")
    store = store_of(seller)
    returned = sum(r["quantity"] for r in store.returns.values()
                   if r["posting_number"] == posting.number and r["sku"] == line["sku"])
    qty = quantity or line["quantity"] - returned
    if qty <= 0 or returned + qty > line["quantity"]:
        raise ReturnError(f"only {line['quantity'] - returned} unit(s) of SKU {line['sku']} left to return")
    reason = next((r for r in data.RETURN_REASONS if r[0] == reason_id), data.RETURN_REASONS[0])
    record = {
        "id": world.next_id("return", 100_000_000), "posting_number": posting.number, "order_id": posting.order_id,
        "order_number": posting.order_number, "schema": posting.scheme.upper(), "type": kind,
        "sku": line["sku"], "product_id": line["product_id"], "offer_id": line["offer_id"], "name": line["name"],
        "quantity": qty, "price": money_float(line["price"]), "currency": line["currency"],
        "commission_percent": line["commission_percent"], "reason": reason[1] if kind == "ClientReturn"
        else (posting.cancellation or {}).get("cancel_reason", ""), "created_at": at,
        "state": "MovingToOzon" if posting.scheme == "fbo" else "MovingToSeller",
        "state_at": at, "arrived_at": None, "final_at": None, "stage": 0,
        "warehouse_id": posting.warehouse_id, "barcode": f"ii{world.next_id('return_barcode', 4_000_000_000)}",
        "exemplars": [e["exemplar_id"] for e in (line.get("exemplars") or [])][:qty],
        "is_opened": reason[2],
    }
    store.returns[record["id"]] = record
    store.schedule(at + timing(world, "return_transit_seconds"), "return", record["id"], record["stage"])
    return record


def _return_kind(posting: Posting) -> str:
    """`ClientReturn` of a delivered posting, `Cancellation` of one cancelled after packing."""
    if posting.scheme not in ("fbs", "fbo"):
        raise ReturnError(f"{posting.number} is {posting.scheme}: rFBS returns are return requests "
                          "(create_rfbs_return)")
    if posting.status == "delivered":
        return "ClientReturn"
    if posting.status == "cancelled" and (posting.cancellation or {}).get("cancelled_after_ship"):
        return "Cancellation"
    raise ReturnError(f"{posting.number} is {posting.status}: only delivered postings (or postings "
                      "cancelled after packing) come back")


def move_return(record: dict[str, Any], state: str, at: float) -> None:
    record["state"], record["state_at"] = state, at
    record["stage"] += 1


@on_event("return")
def _return_step(world, seller, store: PostingStore, return_id: int, stage: int, at: float) -> None:
    record = store.returns.get(int(return_id))
    if record is None or record["stage"] != stage:
        return
    if record["state"] == "MovingToOzon":
        move_return(record, "ReturnedToOzon", at)
        record["final_at"] = at
    elif record["state"] == "MovingToSeller":
        move_return(record, "ArrivedAtReturnPlace", at)
        record["arrived_at"] = at
        store.schedule(at + timing(world, "return_utilization_seconds"), "return", record["id"], record["stage"])
    elif record["state"] == "ArrivedAtReturnPlace":
        move_return(record, "Utilizing", at)
        store.schedule(at + DAY, "return", record["id"], record["stage"])
    elif record["state"] == "Utilizing":
        move_return(record, "Utilized", at)
        record["final_at"] = at


def receive_return(world, seller, return_id: int, *, at: float) -> dict[str, Any]:
    """The seller picked the return up at the drop-off point (what the giveout barcode scan does)."""
    record = store_of(seller).returns.get(int(return_id))
    if record is None:
        raise ReturnError(f"no return {return_id}")
    if record["state"] != "ArrivedAtReturnPlace":
        raise ReturnError(f"return {return_id} is {record['state']}, not ArrivedAtReturnPlace")
    move_return(record, "ReceivedBySeller", at)
    record["final_at"] = at
    return record


def return_place(record: dict[str, Any]) -> dict[str, Any]:
    if record["schema"] == "FBO":
        wh = next((w for w in data.OZON_WAREHOUSES if w[0] == record["warehouse_id"]), data.OZON_WAREHOUSES[0])
        return {"id": wh[0], "name": wh[1], "address": wh[2]}
    return {"id": record["warehouse_id"] + 500, "name": "Пункт выдачи возвратов FBS",
            "address": "Москва, ул. Складская, 1"}


def return_view(record: dict[str, Any], seller, now: float, world) -> dict[str, Any]:
    vid, display, _ = VISUAL[record["state"]]
    commission = round(record["price"] * record["commission_percent"] / 100, 2)
    days = int((now - record["arrived_at"]) // DAY) if record["arrived_at"] and not record["final_at"] else 0
    return {
        "id": record["id"], "company_id": seller.client_id, "return_reason_name": record["reason"],
        "type": record["type"], "schema": record["schema"], "order_id": record["order_id"],
        "order_number": record["order_number"], "posting_number": record["posting_number"],
        "source_id": record["id"], "clearing_id": record["id"] + 7, "return_clearing_id": None,
        "exemplars": [{"id": e} for e in record["exemplars"]],
        "place": return_place(record), "target_place": return_place(record),
        "product": {"sku": record["sku"], "offer_id": record["offer_id"], "name": record["name"],
                    "quantity": record["quantity"], "commission_percent": float(record["commission_percent"]),
                    "price": {"currency_code": record["currency"], "price": record["price"]},
                    "price_without_commission": {"currency_code": record["currency"],
                                                 "price": round(record["price"] - commission, 2)},
                    "commission": {"currency_code": record["currency"], "price": commission}},
        "logistic": {"return_date": stamp(record["created_at"]), "barcode": record["barcode"],
                     "technical_return_moment": stamp(record["created_at"]),
                     "final_moment": stamp(record["final_at"]) if record["final_at"] else None,
                     "cancelled_with_compensation_moment": None},
        "visual": {"status": {"id": vid, "display_name": display, "sys_name": record["state"]},
                   "change_moment": stamp(record["state_at"])},
        "storage": {"sum": {"currency_code": record["currency"], "price": 0.0}, "days": days,
                    "arrived_moment": stamp(record["arrived_at"]) if record["arrived_at"] else None,
                    "tariffication_first_date": stamp(record["arrived_at"] + 7 * DAY) if record["arrived_at"]
                    else None, "tariffication_start_date": stamp(record["arrived_at"] + 7 * DAY)
                    if record["arrived_at"] else None,
                    "utilization_sum": {"currency_code": record["currency"], "price": 0.0},
                    "utilization_forecast_date": stamp(record["arrived_at"] + timing(world, "return_utilization_seconds"))
                    if record["arrived_at"] else ""},
        "compensation_status": None,
        "additional_info": {"is_opened": record["is_opened"], "is_super_econom": False},
    }




@handles("POST", "/v1/returns/list")
def returns_list(call: Call) -> dict:
    body, store, now = call.body, store_of(call.seller), now_of(call)
    flt = obj(body.get("filter"))
    ranges = [(name, obj(flt.get(name))) for name in
              ("logistic_return_date", "storage_tariffication_start_date", "visual_status_change_moment in the filter")]
    used = [(name, r) for name, r in ranges if r.get("time_from") or r.get("time_to")]
    if len(used) > 1:
        raise bad("use only one of logistic_return_date, storage_tariffication_start_date, "
                  "visual_status_change_moment in the filter")
    numbers = set(str_list(flt.get("posting_numbers")))
    if len(numbers) > 50:
        raise bad("at most 50 posting numbers per request")
    after = as_int(body.get("last_id"))
    size = page_size(body.get("limit"), 500, 500)
    tests = []
    if numbers:
        tests.append(lambda r: r["posting_number"] in numbers)
    if as_int(flt.get("order_id")):
        tests.append(lambda r, o=as_int(flt.get("order_id")): r["order_id"] == o)
    if flt.get("offer_id"):
        tests.append(lambda r, o=as_str(flt.get("offer_id")): r["offer_id"] == o)
    if flt.get("product_name"):
        tests.append(lambda r, n=as_str(flt.get("product_name")).lower(): n in r["name"].lower())
    if flt.get("visual_status_name"):
        tests.append(lambda r, s=as_str(flt.get("visual_status_name")): r["state"] == s)
    if as_int(flt.get("warehouse_id")):
        tests.append(lambda r, w=as_int(flt.get("warehouse_id")): r["warehouse_id"] == w)
    if flt.get("barcode"):
        tests.append(lambda r, b=as_str(flt.get("barcode")): r["barcode"] == b)
    if flt.get("return_schema"):
        tests.append(lambda r, s=as_str(flt.get("return_schema")).upper(): r["schema"] == s)
    for name, r in used:
        low, high = parse_timestamp(r.get("time_from"), f"filter.{name}.time_from"), \
            parse_timestamp(r.get("time_to"), f"filter.{name}.time_to")
        field = {"logistic_return_date": "created_at", "visual_status_change_moment": "state_at"}.get(name)
        if field:
            tests.append(lambda rec, f=field, lo=low, hi=high: in_period(rec[f], lo, hi))
        else:
            tests.append(lambda rec, lo=low, hi=high: in_period(rec["arrived_at"] + 7 * DAY if rec["arrived_at"]
                                                          else None, lo, hi))
    chosen = [r for rid, r in sorted(store.returns.items()) if rid > after and all(t(r) for t in tests)]
    page = chosen[:size]
    return {"returns": [return_view(r, call.seller, now, call.world) for r in page],
                         "has_next": len(chosen) > size}


def _legacy(call: Call, schema: str) -> list[dict[str, Any]]:
    store = store_of(call.seller)
    return [r for _, r in sorted(store.returns.items()) if r["schema"] == schema]


def _after_id(records: list[dict[str, Any]], body: dict[str, Any]) -> tuple[list[dict[str, Any]], int]:
    """A page of returns after the id `last_id` (the v3 lists' cursor), and the next `last_id`."""
    after, size = as_int(body.get("last_id")), page_size(body.get("limit"), 100, 1000)
    chosen = [r for r in records if r["id"] > after]
    page = chosen[:size]
    return page, page[-1]["id"] if page and len(chosen) > size else 0


@handles("POST", "/v3/returns/company/fbs")
def returns_company_fbs(call: Call) -> dict:
    """FBS returns as the 2022-2025 list gave them (the v2 list it replaced is known by path only)."""
    body, now = call.body, now_of(call)
    flt = obj(body.get("filter"))
    records = _legacy(call, "FBS")
    numbers = set(str_list(flt.get("posting_number")))
    if numbers:
        records = [r for r in records if r["posting_number"] in numbers]
    if as_int(flt.get("order_id")):
        records = [r for r in records if r["order_id"] == as_int(flt.get("order_id"))]
    if flt.get("product_offer_id"):
        records = [r for r in records if r["offer_id"] == as_str(flt.get("product_offer_id"))]
    if flt.get("product_name"):
        records = [r for r in records if as_str(flt.get("product_name")).lower() in r["name"].lower()]
    if flt.get("status"):
        records = [r for r in records if VISUAL[r["state"]][2] == as_str(flt.get("status"))]
    waiting = obj(flt.get("last_free_waiting_day"))
    low = parse_timestamp(waiting.get("time_from"), "filter.last_free_waiting_day.time_from")
    high = parse_timestamp(waiting.get("time_to"), "filter.last_free_waiting_day.time_to")
    if low is not None or high is not None:
        records = [r for r in records if r["arrived_at"] and in_period(r["arrived_at"] + 7 * DAY, low, high)]
    page, last_id = _after_id(records, body)
    return {"returns": [_fbs_row(r, now) for r in page], "last_id": last_id}


def _fbs_row(r: dict[str, Any], now: float) -> dict[str, Any]:
    commission = round(r["price"] * r["commission_percent"] / 100, 2)
    waiting = int((now - r["arrived_at"]) // DAY) if r["arrived_at"] and not r["final_at"] else 0
    return {
        "id": r["id"], "clearing_id": r["id"] + 7, "posting_number": r["posting_number"],
        "product_id": r["product_id"], "sku": r["sku"], "product_name": r["name"], "quantity": r["quantity"],
        "price": r["price"], "price_without_commission": round(r["price"] - commission, 2),
        "commission": commission, "commission_percent": float(r["commission_percent"]),
        "return_reason_name": r["reason"], "status": VISUAL[r["state"]][2], "is_opened": r["is_opened"],
        "is_moving": r["state"] == "MovingToSeller", "moving_to_place_name": return_place(r)["name"],
        "place_id": return_place(r)["id"], "return_date": stamp(r["created_at"]),
        "returned_to_seller_date_time": stamp(r["final_at"]) if r["state"] == "ReceivedBySeller" else "",
        "waiting_for_seller_date_time": stamp(r["arrived_at"]) if r["arrived_at"] else "",
        "waiting_for_seller_days": waiting, "last_free_waiting_day": stamp(r["arrived_at"] + 7 * DAY)
        if r["arrived_at"] else "", "returns_keeping_cost": 0.0, "picking_amount": 0.0, "picking_tag": "",
    }


@handles("POST", "/v3/returns/company/fbo", exact=True)
def returns_company_fbo(call: Call) -> dict:
    body = call.body
    flt = obj(body.get("filter"))
    records = _legacy(call, "FBO")
    if flt.get("posting_number"):
        records = [r for r in records if r["posting_number"] == as_str(flt.get("posting_number"))]
    statuses = set(str_list(flt.get("status")))
    if statuses:
        records = [r for r in records if VISUAL[r["state"]][2] in statuses or VISUAL[r["state"]][1] in statuses]
    page, last_id = _after_id(records, body)
    out = []
    for r in page:
        row = {"id": r["id"], "return_id": r["id"], "company_id": call.seller.client_id,
               "posting_number": r["posting_number"], "sku": r["sku"], "status_name": VISUAL[r["state"]][1],
               "return_reason_name": r["reason"], "is_opened": r["is_opened"],
               "accepted_from_customer_moment": stamp(r["created_at"]),
               "current_place_name": return_place(r)["name"], "dst_place_name": return_place(r)["name"]}
        if r["final_at"]:
            row["returned_to_ozon_moment"] = stamp(r["final_at"])
        out.append(row)
    return {"returns": out, "last_id": last_id}


@handles("POST", "/v1/returns/company/fbs/info", exact=True)
def returns_fbs_info(call: Call) -> dict:
    body = call.body
    place_id = as_int(obj(body.get("filter")).get("place_id"))
    waiting: dict[int, list[dict[str, Any]]] = {}
    for r in _legacy(call, "FBS"):
        if r["state"] == "ArrivedAtReturnPlace":
            waiting.setdefault(return_place(r)["id"], []).append(r)
    pagination = obj(body.get("pagination"))
    after, size = as_int(pagination.get("last_id")), page_size(pagination.get("limit"), 500, 500)
    points = [pid for pid in sorted(waiting) if pid > after and (not place_id or pid == place_id)]
    out = []
    for pid in points[:size]:
        records = waiting[pid]
        place = return_place(records[0])
        out.append({"id": pid, "place_id": pid, "name": place["name"], "address": place["address"],
                    "returns_count": len(records), "box_count": len(records), "utc_offset": "+03:00",
                    "warehouses_ids": sorted({str(r["warehouse_id"]) for r in records}),
                    "pass_info": {"count": 0, "is_required": False}})
    return {"drop_off_points": out, "has_next": len(points) > size}


