"""Returns and buyer cancellation requests, tied to the seller's postings.

FBS/FBO returns (`/v1/returns/list`, legacy `/v2/returns/company/fbs|fbo`, `/v1/returns/company/fbs/info`):
a buyer returns a delivered posting's product (`ClientReturn`), or a posting cancelled after
packing comes back (`Cancellation`). FBS: `MovingToSeller` -> (clock, `return_transit_seconds`)
`ArrivedAtReturnPlace` -> picked up (`ReceivedBySeller`, `receive_return()`) or, left there for
`return_utilization_seconds`, `Utilizing` -> `Utilized`. FBO: `MovingToOzon` -> `ReturnedToOzon`.

rFBS return requests (`/v2/returns/rfbs/*`, `/v1/returns/rfbs/action/set`): `ON_APPROVAL` (New) ->
verify -> `RETURN_IN_TRANSIT` (Delivering) -> receive-return -> `RECEIVED_BY_SELLER` (Checkout) ->
return-money -> `MONEY_RETURNED` (Approved) or reject -> `REJECTED` (Rejected); from `ON_APPROVAL`
the seller may also return the money at once, offer a partial compensation, or reject.

rFBS cancellation requests (`/v1|v2/conditional-cancellation/*`): a buyer asks to cancel a packed
rFBS posting -> `ON_APPROVAL`; approve cancels the posting, reject keeps it; not decided within
`conditional_cancellation_seconds`, the clock approves it.
"""
from __future__ import annotations

from typing import Any

from ...registry import Call, handles
from . import data as data
from .common import HAS_INCORRECT_STATUS, bad, missing
from ..kit.values import as_float, as_int, as_str, obj, str_list
from ..kit.dates import now_of, parse_timestamp, stamp
from ..kit.paging import page_size
from ..kit.money import money_float
from .model import Posting, PostingStore, cancel, on_event, settle_seller, store_of, timing

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
FINAL = {"ReceivedBySeller", "Utilized", "ReturnedToOzon"}


class ReturnError(ValueError):
    """A return or request that cannot be made for this posting."""


# --- FBS / FBO returns -------------------------------------------------------------------------------
def _posting(seller, number: str) -> Posting:
    posting = store_of(seller).get(number)
    if posting is None:
        raise ReturnError(f"no posting {number} for seller {seller.client_id}")
    return posting


def create_return(world, seller, posting_number: str, *, sku: int | None = None, quantity: int | None = None,
                  reason_id: int = 1, at: float | None = None) -> dict[str, Any]:
    """A return of a delivered FBS/FBO posting's product (or of a posting cancelled after packing)."""
    with world.lock:
        now = world.clock.now().timestamp() if at is None else at
        settle_seller(world, seller, now)
        posting = _posting(seller, posting_number)
        if posting.scheme not in ("fbs", "fbo"):
            raise ReturnError(f"{posting.number} is {posting.scheme}: rFBS returns are return requests "
                              "(create_rfbs_return)")
        if posting.status == "delivered":
            kind = "ClientReturn"
        elif posting.status == "cancelled" and (posting.cancellation or {}).get("cancelled_after_ship"):
            kind = "Cancellation"
        else:
            raise ReturnError(f"{posting.number} is {posting.status}: only delivered postings (or postings "
                              "cancelled after packing) come back")
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
        state = "MovingToOzon" if posting.scheme == "fbo" else "MovingToSeller"
        record = {
            "id": world.next_id("return", 100_000_000), "posting_number": posting.number, "order_id": posting.order_id,
            "order_number": posting.order_number, "schema": posting.scheme.upper(), "type": kind,
            "sku": line["sku"], "product_id": line["product_id"], "offer_id": line["offer_id"], "name": line["name"],
            "quantity": qty, "price": money_float(line["price"]), "currency": line["currency"],
            "commission_percent": line["commission_percent"], "reason": reason[1] if kind == "ClientReturn"
            else (posting.cancellation or {}).get("cancel_reason", ""), "created_at": now, "state": state,
            "state_at": now, "arrived_at": None, "final_at": None, "stage": 0,
            "warehouse_id": posting.warehouse_id, "barcode": f"ii{world.next_id('return_barcode', 4_000_000_000)}",
            "exemplars": [e["exemplar_id"] for e in (line.get("exemplars") or [])][:qty],
            "is_opened": reason[2],
        }
        store.returns[record["id"]] = record
        store.schedule(now + timing(world, "return_transit_seconds"), "return", record["id"], record["stage"])
        return record


def _return_state(record: dict[str, Any], state: str, at: float) -> None:
    record["state"], record["state_at"] = state, at
    record["stage"] += 1


@on_event("return")
def _return_step(world, seller, store: PostingStore, return_id: int, stage: int, at: float) -> None:
    record = store.returns.get(int(return_id))
    if record is None or record["stage"] != stage:
        return
    if record["state"] == "MovingToOzon":
        _return_state(record, "ReturnedToOzon", at)
        record["final_at"] = at
    elif record["state"] == "MovingToSeller":
        _return_state(record, "ArrivedAtReturnPlace", at)
        record["arrived_at"] = at
        store.schedule(at + timing(world, "return_utilization_seconds"), "return", record["id"], record["stage"])
    elif record["state"] == "ArrivedAtReturnPlace":
        _return_state(record, "Utilizing", at)
        store.schedule(at + DAY, "return", record["id"], record["stage"])
    elif record["state"] == "Utilizing":
        _return_state(record, "Utilized", at)
        record["final_at"] = at


def receive_return(world, seller, return_id: int) -> dict[str, Any]:
    """The seller picked the return up at the drop-off point (what the giveout barcode scan does)."""
    with world.lock:
        now = world.clock.now().timestamp()
        settle_seller(world, seller, now)
        record = store_of(seller).returns.get(int(return_id))
        if record is None:
            raise ReturnError(f"no return {return_id}")
        if record["state"] != "ArrivedAtReturnPlace":
            raise ReturnError(f"return {return_id} is {record['state']}, not ArrivedAtReturnPlace")
        _return_state(record, "ReceivedBySeller", now)
        record["final_at"] = now
        return record


def _place(record: dict[str, Any]) -> dict[str, Any]:
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
        "place": _place(record), "target_place": _place(record),
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


def _in(value: float | None, low: float | None, high: float | None) -> bool:
    if low is None and high is None:
        return True
    if value is None:
        return False
    return (low is None or value >= low) and (high is None or value <= high)


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
            tests.append(lambda rec, f=field, lo=low, hi=high: _in(rec[f], lo, hi))
        else:
            tests.append(lambda rec, lo=low, hi=high: _in(rec["arrived_at"] + 7 * DAY if rec["arrived_at"]
                                                          else None, lo, hi))
    chosen = [r for rid, r in sorted(store.returns.items()) if rid > after and all(t(r) for t in tests)]
    page = chosen[:size]
    return {"returns": [return_view(r, call.seller, now, call.world) for r in page],
                         "has_next": len(chosen) > size}


def _legacy(call: Call, schema: str) -> list[dict[str, Any]]:
    store = store_of(call.seller)
    return [r for _, r in sorted(store.returns.items()) if r["schema"] == schema]


@handles("POST", "/v2/returns/company/fbs")
def returns_company_fbs(call: Call) -> dict:
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
    accepted = obj(flt.get("accepting_from_customer_moment"))
    low = parse_timestamp(accepted.get("time_from"), "filter.accepting_from_customer_moment.time_from")
    high = parse_timestamp(accepted.get("time_to"), "filter.accepting_from_customer_moment.time_to")
    records = [r for r in records if _in(r["created_at"], low, high)]
    offset, size = max(as_int(body.get("offset")), 0), page_size(body.get("limit"), 100, 1000)
    out = []
    for r in records[offset:offset + size]:
        commission = round(r["price"] * r["commission_percent"] / 100, 2)
        waiting = int((now - r["arrived_at"]) // DAY) if r["arrived_at"] and not r["final_at"] else 0
        out.append({
            "id": r["id"], "clearing_id": r["id"] + 7, "posting_number": r["posting_number"],
            "product_id": r["product_id"], "sku": r["sku"], "product_name": r["name"], "quantity": r["quantity"],
            "price": r["price"], "price_without_commission": round(r["price"] - commission, 2),
            "commission": commission, "commission_percent": float(r["commission_percent"]),
            "return_reason_name": r["reason"], "status": VISUAL[r["state"]][2], "is_opened": r["is_opened"],
            "is_moving": r["state"] == "MovingToSeller", "moving_to_place_name": _place(r)["name"],
            "place_id": _place(r)["id"], "accepted_from_customer_moment": stamp(r["created_at"]),
            "return_date": stamp(r["created_at"]),
            "returned_to_seller_date_time": stamp(r["final_at"]) if r["state"] == "ReceivedBySeller" else "",
            "waiting_for_seller_date_time": stamp(r["arrived_at"]) if r["arrived_at"] else "",
            "waiting_for_seller_days": waiting, "last_free_waiting_day": stamp(r["arrived_at"] + 7 * DAY)
            if r["arrived_at"] else "", "returns_keeping_cost": 0.0, "picking_amount": 0.0, "picking_tag": "",
        })
    return {"result": {"returns": out, "count": len(records)}}


@handles("POST", "/v2/returns/company/fbo")
def returns_company_fbo(call: Call) -> dict:
    body = call.body
    flt = obj(body.get("filter"))
    records = _legacy(call, "FBO")
    if flt.get("posting_number"):
        records = [r for r in records if r["posting_number"] == as_str(flt.get("posting_number"))]
    statuses = set(str_list(flt.get("status")))
    if statuses:
        records = [r for r in records if VISUAL[r["state"]][2] in statuses or VISUAL[r["state"]][1] in statuses]
    offset, size = max(as_int(body.get("offset")), 0), page_size(body.get("limit"), 100, 1000)
    out = [{"id": r["id"], "company_id": call.seller.client_id, "posting_number": r["posting_number"], "sku": r["sku"],
            "status_name": VISUAL[r["state"]][1], "return_reason_name": r["reason"], "is_opened": r["is_opened"],
            "accepted_from_customer_moment": stamp(r["created_at"]),
            "returned_to_ozon_moment": stamp(r["final_at"]) if r["final_at"] else None,
            "current_place_name": _place(r)["name"], "dst_place_name": _place(r)["name"]}
           for r in records[offset:offset + size]]
    return {"returns": out, "count": len(records)}


@handles("POST", "/v1/returns/company/fbs/info")
def returns_fbs_info(call: Call) -> dict:
    body = call.body
    place_id = as_int(obj(body.get("filter")).get("place_id"))
    waiting: dict[int, list[dict[str, Any]]] = {}
    for r in _legacy(call, "FBS"):
        if r["state"] == "ArrivedAtReturnPlace":
            waiting.setdefault(_place(r)["id"], []).append(r)
    pagination = obj(body.get("pagination"))
    after, size = as_int(pagination.get("last_id")), page_size(pagination.get("limit"), 500, 500)
    points = [pid for pid in sorted(waiting) if pid > after and (not place_id or pid == place_id)]
    out = []
    for pid in points[:size]:
        records = waiting[pid]
        place = _place(records[0])
        out.append({"id": pid, "place_id": pid, "name": place["name"], "address": place["address"],
                    "returns_count": len(records), "box_count": len(records), "utc_offset": "+03:00",
                    "warehouses_ids": sorted({str(r["warehouse_id"]) for r in records}),
                    "pass_info": {"count": 0, "is_required": False}})
    return {"drop_off_points": out, "has_next": len(points) > size}


# --- giveouts: picking FBS returns up by barcode ---------------------------------------------------------
def giveout_barcode(world, seller) -> str:
    """The seller's current giveout barcode (a reset makes a new one; old ones stop working)."""
    version = world.counters.get(f"giveout_barcode:{seller.client_id}", 0)
    return f"GV{seller.client_id:06d}{version:04d}"


def scan_giveout(world, seller, barcode: str | None = None) -> dict[str, Any]:
    """What the drop-off point's scanner does with the seller's barcode: the first scan opens a giveout
    of every return waiting there, the second closes it (the returns are then received by the seller)."""
    with world.lock:
        now = world.clock.now().timestamp()
        settle_seller(world, seller, now)
        if barcode is not None and barcode != giveout_barcode(world, seller):
            raise ReturnError("this giveout barcode is not valid (reset or never issued)")
        store = store_of(seller)
        active = next((g for g in store.giveouts.values() if g["status"] == "ACTIVE"), None)
        if active is None:
            waiting = [r for _, r in sorted(store.returns.items())
                       if r["schema"] == "FBS" and r["state"] == "ArrivedAtReturnPlace"]
            if not waiting:
                raise ReturnError("no returns are waiting at the drop-off point")
            place = _place(waiting[0])
            active = {"giveout_id": world.next_id("giveout", 70_000_000), "status": "ACTIVE", "created_at": now,
                      "returns": [r["id"] for r in waiting], "warehouse_id": place["id"],
                      "warehouse_name": place["name"], "warehouse_address": place["address"]}
            store.giveouts[active["giveout_id"]] = active
            return active
        for return_id in active["returns"]:
            record = store.returns.get(return_id)
            if record is not None and record["state"] == "ArrivedAtReturnPlace":
                _return_state(record, "ReceivedBySeller", now)
                record["final_at"] = now
        active["status"] = "COMPLETED"
        return active


def _giveout_file(world, seller, kind: str):
    from .labels import file_body
    from .pdf import MM, Page, pdf, png_barcode
    code = giveout_barcode(world, seller)
    digits = "".join(ch for ch in code if ch.isdigit())
    if kind == "png":
        return file_body(png_barcode(digits), f"giveout-{code}.png", "image/png")
    page = Page(100 * MM, 60 * MM).text(12, 60 * MM - 24, "Returns giveout", 12, bold=True)
    page.barcode(12, 50, digits, 100 * MM - 24, 60).text(12, 36, code, 9)
    return file_body(pdf([page], title="Giveout barcode"), f"giveout-{code}.pdf")


@handles("POST", "/v1/return/giveout/is-enabled")
def giveout_enabled(call: Call) -> dict:
    return {"enabled": True}


@handles("POST", "/v1/return/giveout/barcode", writes=True)
def giveout_barcode_text(call: Call) -> dict:
    return {"barcode": giveout_barcode(call.world, call.seller)}


@handles("POST", "/v1/return/giveout/get-pdf")
def giveout_pdf(call: Call) -> dict:
    return _giveout_file(call.world, call.seller, "pdf")


@handles("POST", "/v1/return/giveout/get-png")
def giveout_png(call: Call) -> dict:
    return _giveout_file(call.world, call.seller, "png")


@handles("POST", "/v1/return/giveout/barcode-reset", writes=True)
def giveout_reset(call: Call) -> dict:
    call.world.next_id(f"giveout_barcode:{call.seller.client_id}", 0)
    return _giveout_file(call.world, call.seller, "png")


def _giveout_view(record: dict[str, Any], store: PostingStore) -> dict[str, Any]:
    returns = [store.returns[i] for i in record["returns"] if i in store.returns]
    approved = sum(1 for r in returns if r["state"] == "ReceivedBySeller")
    return {"giveout_id": record["giveout_id"], "giveout_status": record["status"],
            "created_at": stamp(record["created_at"]), "total_articles_count": len(returns),
            "approved_articles_count": approved, "warehouse_id": record["warehouse_id"],
            "warehouse_name": record["warehouse_name"], "warehouse_address": record["warehouse_address"]}


@handles("POST", "/v1/return/giveout/list")
def giveout_list(call: Call) -> dict:
    store = store_of(call.seller)
    after = as_int(call.body.get("last_id"))
    records = [g for gid, g in sorted(store.giveouts.items()) if gid > after]
    return {"giveouts": [_giveout_view(g, store)
                                      for g in records[:page_size(call.body.get("limit"), 100, 1000)]]}


@handles("POST", "/v1/return/giveout/info")
def giveout_info(call: Call) -> dict:
    store = store_of(call.seller)
    record = store.giveouts.get(as_int(call.body.get("giveout_id")))
    if record is None:
        raise missing("GIVEOUT_NOT_FOUND")
    returns = [store.returns[i] for i in record["returns"] if i in store.returns]
    view = _giveout_view(record, store)
    return {"giveout_id": view["giveout_id"], "giveout_status": view["giveout_status"],
                         "warehouse_name": view["warehouse_name"], "warehouse_address": view["warehouse_address"],
                         "articles": [{"name": r["name"], "approved": r["state"] == "ReceivedBySeller",
                                       "delivery_schema": r["schema"], "seller_id": call.seller.client_id}
                                      for r in returns]}


# --- rFBS return requests ------------------------------------------------------------------------------
RFBS_STATES = {  # state -> (group, name, money state, available actions)
    "ON_APPROVAL": ("New", "На рассмотрении", "", [1, 3, 1020, -1]),
    "RETURN_IN_TRANSIT": ("Delivering", "Товар в пути к продавцу", "", [2]),
    "RECEIVED_BY_SELLER": ("Checkout", "На проверке у продавца", "", [3, -10]),
    "MONEY_RETURNED": ("Approved", "Деньги возвращены", "Деньги возвращены покупателю", []),
    "PARTIAL_COMPENSATION": ("Approved", "Частичная компенсация", "Часть суммы возвращена покупателю", []),
    "REJECTED": ("Rejected", "Отклонена", "", []),
    "ARBITRATION": ("Arbitration", "Открыт спор", "", []),
}
ACTIONS = {1: "Одобрить и получить товар на проверку", 2: "Подтвердить получение товара",
           3: "Вернуть деньги покупателю", 1020: "Предложить частичную компенсацию", -1: "Отклонить заявку",
           -10: "Отклонить после проверки"}


def create_rfbs_return(world, seller, posting_number: str, *, sku: int | None = None, reason_id: int = 2,
                       comment: str = "Товар не работает", at: float | None = None) -> dict[str, Any]:
    """A buyer's return request for a delivered rFBS posting."""
    with world.lock:
        now = world.clock.now().timestamp() if at is None else at
        settle_seller(world, seller, now)
        posting = _posting(seller, posting_number)
        if posting.scheme != "rfbs":
            raise ReturnError(f"{posting.number} is not an rFBS posting")
        if posting.status != "delivered":
            raise ReturnError(f"{posting.number} is {posting.status}: return requests follow delivery")
        line = posting.line_for(sku) if sku else posting.lines[0]
        if line is None:
            raise ReturnError(f"{posting.number} has no SKU {sku}")
        store = store_of(seller)
        if any(r["posting_number"] == posting.number and r["sku"] == line["sku"] and r["state"] != "REJECTED"
               for r in store.rfbs_returns.values()):
            raise ReturnError(f"SKU {line['sku']} of {posting.number} already has a return request")
        return_id = world.next_id("rfbs_return", 8_000_000_000)
        reason = next((r for r in data.RETURN_REASONS if r[0] == reason_id), data.RETURN_REASONS[1])
        record = {"return_id": return_id, "return_number": f"RET-{return_id % 10**8:08d}",
                  "posting_number": posting.number, "order_number": posting.order_number, "sku": line["sku"],
                  "offer_id": line["offer_id"], "name": line["name"], "price": int(money_float(line["price"])),
                  "currency": line["currency"], "created_at": now, "state": "ON_APPROVAL", "state_at": now,
                  "reason_id": reason[0], "reason": reason[1], "is_defect": reason[2], "comment": comment,
                  "rejection_reason_id": 0, "rejection_comment": "", "compensation": "", "back_way": 0,
                  "return_method": "", "warehouse_id": posting.warehouse_id,
                  "customer_name": data.customer_for(posting.customer_seed)["name"]}
        store.rfbs_returns[return_id] = record
        return record


def open_dispute(world, seller, return_id: int) -> dict[str, Any]:
    """The buyer disputes a rejected return request (arbitration)."""
    with world.lock:
        record = store_of(seller).rfbs_returns.get(int(return_id))
        if record is None or record["state"] != "REJECTED":
            raise ReturnError(f"return {return_id} is not rejected")
        record["state"], record["state_at"] = "ARBITRATION", world.clock.now().timestamp()
        return record


def _rfbs(call: Call, return_id: Any) -> dict[str, Any]:
    record = store_of(call.seller).rfbs_returns.get(as_int(return_id))
    if record is None:
        raise missing("RETURN_NOT_FOUND")
    return record


def _require(record: dict[str, Any], action: int) -> None:
    if action not in RFBS_STATES[record["state"]][3]:
        raise bad("ACTION_NOT_AVAILABLE", f"action {action} in state {record['state']}")


def _rejection(record: dict[str, Any], reason_id: int, comment: str) -> None:
    reason = next((r for r in data.RFBS_REJECTION_REASONS if r[0] == reason_id), None)
    if reason is None:
        raise bad(f"unknown rejection_reason_id {reason_id}, see rejection_reason in /v2/returns/rfbs/get")
    if reason[3] and not comment.strip():
        raise bad("comment is required for this rejection reason")


def _set(record: dict[str, Any], state: str, at: float) -> None:
    record["state"], record["state_at"] = state, at


def rfbs_act(call: Call, return_id: Any, action: int, *, comment: str = "", reason_id: int = 0,
             compensation: str = "", back_way: float = 0, method: str = "") -> None:
    """Validate, then apply one action to a return request (the v2 methods and action/set share this)."""
    record = _rfbs(call, return_id)
    _require(record, action)
    at = now_of(call)
    if action in (-1, -10):
        _rejection(record, reason_id, comment)
        record["rejection_reason_id"], record["rejection_comment"] = reason_id, comment
        _set(record, "REJECTED", at)
    elif action == 1:
        record["return_method"] = method or "Курьером продавца"
        _set(record, "RETURN_IN_TRANSIT", at)
    elif action == 2:
        _set(record, "RECEIVED_BY_SELLER", at)
    elif action == 3:
        record["back_way"] = max(0.0, as_float(back_way))
        _set(record, "MONEY_RETURNED", at)
    elif action == 1020:
        amount = as_float(compensation)
        if amount <= 0 or amount > record["price"]:
            raise bad("compensation_amount must be more than 0 and not more than the product price")
        record["compensation"] = f"{amount:.2f}"
        _set(record, "PARTIAL_COMPENSATION", at)


def rfbs_view(record: dict[str, Any], detailed: bool) -> dict[str, Any]:
    group, name, money_state, actions = RFBS_STATES[record["state"]]
    view = {"return_id": record["return_id"], "return_number": record["return_number"],
            "posting_number": record["posting_number"], "order_number": record["order_number"],
            "created_at": stamp(record["created_at"]), "client_name": record["customer_name"],
            "product": {"sku": record["sku"], "offer_id": record["offer_id"], "name": record["name"],
                        "price": record["price"], "currency_code": record["currency"]},
            "state": {"state": record["state"], "state_name": name, "group_state": group,
                      "money_return_state_name": money_state}}
    if detailed:
        view.update({
            "available_actions": [{"id": a, "name": ACTIONS[a]} for a in actions],
            "client_photo": [], "comment": record["comment"],
            "client_return_method_type": {"id": 1, "name": "Курьером продавца"},
            "return_method_description": record["return_method"],
            "return_reason": {"id": record["reason_id"], "name": record["reason"], "is_defect": record["is_defect"]},
            "rejection_reason": [{"id": rid, "name": name_, "hint": hint, "is_comment_required": need}
                                 for rid, name_, hint, need in data.RFBS_REJECTION_REASONS],
            "rejection_comment": record["rejection_comment"], "ru_post_tracking_number": "",
            "warehouse_id": record["warehouse_id"]})
    return view


def _one_or_many(call: Call, views: list[dict[str, Any]]) -> Any:
    """`returns` is an array in the documented example but an object in the schema: follow the schema."""
    from ...pipeline.shape import wants_array
    if wants_array(call, "returns"):
        return views
    return views[0] if views else {}


@handles("POST", "/v2/returns/rfbs/list")
def rfbs_list(call: Call) -> dict:
    body = call.body
    flt = obj(body.get("filter"))
    groups = {g for g in str_list(flt.get("group_state")) if g != "All"}
    created = obj(flt.get("created_at"))
    low, high = parse_timestamp(created.get("from"), "filter.created_at.from"), \
        parse_timestamp(created.get("to"), "filter.created_at.to")
    after = as_int(body.get("last_id"))
    records = [r for rid, r in sorted(store_of(call.seller).rfbs_returns.items()) if rid > after
               and (not groups or RFBS_STATES[r["state"]][0] in groups) and _in(r["created_at"], low, high)
               and (not flt.get("posting_number") or r["posting_number"] == as_str(flt.get("posting_number")))
               and (not flt.get("offer_id") or r["offer_id"] == as_str(flt.get("offer_id")))]
    page = records[:page_size(body.get("limit"), 1000, 1000)]
    return {"returns": _one_or_many(call, [rfbs_view(r, False) for r in page])}


@handles("POST", "/v2/returns/rfbs/get")
def rfbs_get(call: Call) -> dict:
    return {"returns": rfbs_view(_rfbs(call, call.body.get("return_id")), True)}


@handles("POST", "/v2/returns/rfbs/verify", writes=True)
def rfbs_verify(call: Call) -> dict:
    rfbs_act(call, call.body.get("return_id"), 1, method=as_str(call.body.get("return_method_description")))
    return {}


@handles("POST", "/v2/returns/rfbs/receive-return", writes=True)
def rfbs_receive(call: Call) -> dict:
    rfbs_act(call, call.body.get("return_id"), 2)
    return {}


@handles("POST", "/v2/returns/rfbs/return-money", writes=True)
def rfbs_return_money(call: Call) -> dict:
    rfbs_act(call, call.body.get("return_id"), 3, back_way=as_int(call.body.get("return_for_back_way")))
    return {}


@handles("POST", "/v2/returns/rfbs/compensate", writes=True)
def rfbs_compensate(call: Call) -> dict:
    rfbs_act(call, call.body.get("return_id"), 1020, compensation=as_str(call.body.get("compensation_amount")))
    return {}


@handles("POST", "/v2/returns/rfbs/reject", writes=True)
def rfbs_reject(call: Call) -> dict:
    record = _rfbs(call, call.body.get("return_id"))
    action = -10 if record["state"] == "RECEIVED_BY_SELLER" else -1
    rfbs_act(call, record["return_id"], action, comment=as_str(call.body.get("comment")),
             reason_id=as_int(call.body.get("rejection_reason_id")))
    return {}


@handles("POST", "/v1/returns/rfbs/action/set", writes=True)
def rfbs_action_set(call: Call) -> dict:
    action = as_int(call.body.get("id"))
    if action not in ACTIONS:
        raise bad(f"unknown action id {action}, see available_actions in /v2/returns/rfbs/get")
    rfbs_act(call, call.body.get("return_id"), action, comment=as_str(call.body.get("comment")),
             reason_id=as_int(call.body.get("rejection_reason_id")),
             compensation=as_str(call.body.get("compensation_amount")),
             back_way=as_float(call.body.get("return_for_back_way")))
    return {}


# --- rFBS cancellation requests ------------------------------------------------------------------------
CANCEL_STATES = {"ON_APPROVAL": (1, "На согласовании"), "APPROVED": (2, "Подтверждена"),
                 "REJECTED": (3, "Отклонена")}


def request_cancellation(world, seller, posting_number: str, *, reason_id: int = 507, message: str = "",
                         initiator: str = "CLIENT", at: float | None = None) -> dict[str, Any] | None:
    """A buyer cancels an rFBS posting: at once while it is not packed (None is returned), else a
    request on approval."""
    with world.lock:
        now = world.clock.now().timestamp() if at is None else at
        settle_seller(world, seller, now)
        posting = _posting(seller, posting_number)
        store = store_of(seller)
        if posting.scheme != "rfbs":
            raise ReturnError(f"{posting.number} is not an rFBS posting")
        if posting.status in ("cancelled", "delivered"):
            raise ReturnError(f"{posting.number} is {posting.status}")
        if posting.packed_at is None:
            from .model import cancel_by_buyer
            cancel_by_buyer(world, seller, store, posting, now, reason_id)
            return None
        if any(c["posting_number"] == posting.number and c["state"] == "ON_APPROVAL"
               for c in store.cancellations.values()):
            raise ReturnError(f"{posting.number} already has a cancellation request on approval")
        record = {"cancellation_id": world.next_id("cancellation", 60_000_000), "posting_number": posting.number,
                  "reason_id": reason_id, "reason": data.BUYER_CANCEL_REASONS.get(reason_id, "Другое"),
                  "message": message, "initiator": initiator, "created_at": now, "state": "ON_APPROVAL",
                  "approve_comment": "", "approve_date": None,
                  "auto_approve_at": now + timing(world, "conditional_cancellation_seconds"),
                  "order_date": posting.in_process_at, "tpl": posting.tpl}
        store.cancellations[record["cancellation_id"]] = record
        store.schedule(record["auto_approve_at"], "cancellation_auto", record["cancellation_id"])
        return record


def _approve(world, seller, store: PostingStore, record: dict[str, Any], at: float, comment: str) -> None:
    posting = store.get(record["posting_number"])
    record.update(state="APPROVED", approve_comment=comment, approve_date=at)
    if posting is not None and posting.status not in ("cancelled", "delivered"):
        cancel(world, seller, store, posting, at, reason_id=record["reason_id"], reason=record["reason"],
               initiator="Покупатель", kind="client")


@on_event("cancellation_auto")
def _auto_approve(world, seller, store: PostingStore, cancellation_id: int, _: int, at: float) -> None:
    record = store.cancellations.get(int(cancellation_id))
    if record is not None and record["state"] == "ON_APPROVAL":
        _approve(world, seller, store, record, at, "approved automatically")


def _cancellation(call: Call) -> dict[str, Any]:
    record = store_of(call.seller).cancellations.get(as_int(call.body.get("cancellation_id")))
    if record is None:
        raise missing("CANCELLATION_NOT_FOUND")
    return record


def cancellation_view(record: dict[str, Any]) -> dict[str, Any]:
    state_id, name = CANCEL_STATES[record["state"]]
    return {"cancellation_id": record["cancellation_id"], "posting_number": record["posting_number"],
            "cancellation_reason": {"id": record["reason_id"], "name": record["reason"]},
            "cancelled_at": stamp(record["created_at"]), "cancellation_reason_message": record["message"],
            "tpl_integration_type": record["tpl"], "state": {"id": state_id, "name": name, "state": record["state"]},
            "cancellation_initiator": record["initiator"], "order_date": stamp(record["order_date"]),
            "approve_comment": record["approve_comment"], "approve_date": stamp(record["approve_date"]),
            "auto_approve_date": stamp(record["auto_approve_at"]), "source_id": record["cancellation_id"]}


def _filtered(call: Call) -> list[dict[str, Any]]:
    flt = obj(call.body.get("filters"))
    state = as_str(flt.get("state")).upper()
    initiators = set(str_list(flt.get("cancellation_initiator")))
    numbers = set(str_list(flt.get("posting_number")))
    return [r for _, r in sorted(store_of(call.seller).cancellations.items())
            if (state in ("", "ALL") or r["state"] == state) and (not initiators or r["initiator"] in initiators)
            and (not numbers or r["posting_number"] in numbers)]


@handles("POST", "/v1/conditional-cancellation/list")
def cancellation_list_v1(call: Call) -> dict:
    records = _filtered(call)
    offset, size = max(as_int(call.body.get("offset")), 0), page_size(call.body.get("limit"), 100, 1000)
    out: dict[str, Any] = {"result": [cancellation_view(r) for r in records[offset:offset + size]],
                           "total": len(records)}
    if call.body.get("with") and obj(call.body.get("with")).get("counters"):
        all_records = list(store_of(call.seller).cancellations.values())
        out["counters"] = {key.lower(): sum(1 for r in all_records if r["state"] == key) for key in CANCEL_STATES}
    return out


@handles("POST", "/v2/conditional-cancellation/list")
def cancellation_list_v2(call: Call) -> dict:
    records = _filtered(call)
    after = as_int(call.body.get("last_id"))
    size = page_size(call.body.get("limit"), 100, 500)
    rest = [r for r in records if r["cancellation_id"] > after]
    page = rest[:size]
    out: dict[str, Any] = {"result": [cancellation_view(r) for r in page],
                           "last_id": page[-1]["cancellation_id"] if len(rest) > size else 0}
    if obj(call.body.get("with")).get("counter"):
        out["counter"] = len(records)
    return out


@handles("POST", "/v1/conditional-cancellation/get")
def cancellation_get_v1(call: Call) -> dict:
    return {"result": cancellation_view(_cancellation(call))}


def _decide(call: Call, approve: bool) -> dict:
    record = _cancellation(call)
    if record["state"] != "ON_APPROVAL":
        raise bad(f"cancellation {record['cancellation_id']} is {record['state']}, not ON_APPROVAL")
    store, at = store_of(call.seller), now_of(call)
    comment = as_str(call.body.get("comment"))
    posting = store.get(record["posting_number"])
    if approve:
        if posting is not None and posting.status == "delivered":
            raise bad(HAS_INCORRECT_STATUS, posting.number)
        _approve(call.world, call.seller, store, record, at, comment)
    else:
        record.update(state="REJECTED", approve_comment=comment, approve_date=at)
    return {}


@handles("POST", "/v1/conditional-cancellation/approve", "/v2/conditional-cancellation/approve", writes=True)
def cancellation_approve(call: Call) -> dict:
    return _decide(call, True)


@handles("POST", "/v1/conditional-cancellation/reject", "/v2/conditional-cancellation/reject", writes=True)
def cancellation_reject(call: Call) -> dict:
    return _decide(call, False)


# --- scenario --------------------------------------------------------------------------------------------
def seed(world, seller, spec: dict[str, Any], now: float) -> None:
    store = store_of(seller)
    delivered = [store.postings[e[2]] for e in store.status_index("fbs", "delivered").items]
    fbs = [p for p in delivered if p.scheme == "fbs"]
    for posting in fbs[:int(spec.get("returns", 0))]:
        try:
            create_return(world, seller, posting.number, at=now - 3_600)
        except ReturnError:
            pass
    rfbs = [p for p in delivered if p.scheme == "rfbs"]
    for posting in rfbs[:int(spec.get("rfbs_returns", 0))]:
        try:
            create_rfbs_return(world, seller, posting.number, at=now - 3_600)
        except ReturnError:
            pass
    packed = [store.postings[e[2]] for e in store.status_index("fbs", "awaiting_deliver").items
              if store.postings[e[2]].scheme == "rfbs"]
    for posting in packed[:int(spec.get("cancellation_requests", 0))]:
        try:
            request_cancellation(world, seller, posting.number, at=now - 600)
        except ReturnError:
            pass

