"""Acts (shipping documents) of FBS postings, the documents behind carriages.

`/v2/posting/fbs/act/create` takes every packed posting of a delivery method not yet in an act;
`check-status` says `in_process` for `act_ready_seconds`, then `ready` (with `added_to_act` and,
for postings cancelled since, `removed_from_act`); then the PDF, container labels and the shipment
barcode can be fetched. At the departure date (or `handover_seconds` after the act is ready) Ozon
takes the postings over (a clock event): they become `delivering`, and `delivered` after
`delivery_seconds`. `carriage.py` makes the same acts through the carriage methods.
"""
from __future__ import annotations

from typing import Any

from ...registry import Call, FileBody, handles
from ..kit.dates import now_of, parse_timestamp, stamp
from ..kit.money import money_float
from ..kit.paging import page_size
from ..kit.timings import timing
from ..kit.values import as_int, as_str, obj, str_list
from ..warehouses.delivery_methods import method_by_id
from .common import (
    CONTAINERS_NOT_ALLOWED,
    DELIVERY_METHOD_NOT_FOUND,
    INCORRECT_CARRIAGE_STATUS,
    NO_POSTINGS,
    bad,
    missing,
)
from .model import Posting, PostingStore, on_event, store_of
from .pdf import MM, Page, file_body, pdf, png_barcode
from .transitions import hand_over, set_substatus


def act_status(act: dict[str, Any], now: float) -> str:
    if act.get("cancelled"):
        return "cancelled"
    if not act.get("approved", True):
        return "new"
    if now < act["ready_at"]:
        return "in_process"
    if act.get("handed_over"):
        return "sended"
    return "formed"


def act_of(store: PostingStore, act_id: Any) -> dict[str, Any]:
    act = store.acts.get(as_int(act_id))
    if act is None:
        raise missing("ACT_NOT_FOUND")
    return act


def _act_postings(store: PostingStore, act: dict[str, Any]) -> list[Posting]:
    return [store.postings[n] for n in act["postings"] if n in store.postings]


def check_method(seller, method_id: int) -> dict[str, Any]:
    method = method_by_id(seller, method_id)
    if method is None:
        raise bad(DELIVERY_METHOD_NOT_FOUND, str(method_id))
    if method["is_rfbs"]:
        raise bad("non_carriageable", str(method_id))
    return method


def unassigned(store: PostingStore, method_id: int) -> list[Posting]:
    """Packed postings of a delivery method in no act yet."""
    return [store.postings[e[2]] for e in store.status_index("fbs", "awaiting_deliver").items
            if store.postings[e[2]].delivery_method_id == method_id and not store.postings[e[2]].act_id]


def make_act(call: Call, method: dict[str, Any], departure: float | None, postings: list[Posting], *,
             approve: bool) -> dict[str, Any]:
    """An act (a carriage) with these postings; approved at once (`act/create`) or later (`carriage/approve`)."""
    store, world, now = store_of(call.seller), call.world, now_of(call)
    act = {"id": world.next_id("act", 900_000_250_859_000), "delivery_method_id": method["id"],
           "delivery_method_name": method["name"], "warehouse_id": method["warehouse_id"], "created_at": now,
           "ready_at": now, "handover_at": now, "departure_date": departure or now, "requested_departure": departure,
           "postings": [], "containers_count": 1, "handed_over": False, "approved": False, "cancelled": False}
    store.acts[act["id"]] = act
    assign(call, act, postings)
    if approve:
        approve_act(call, act)
    return act


def assign(call: Call, act: dict[str, Any], postings: list[Posting]) -> None:
    store, now = store_of(call.seller), now_of(call)
    for number in act["postings"]:
        posting = store.get(number)
        if posting is not None and posting.act_id == act["id"] and posting not in postings:
            posting.act_id = 0
            if posting.status == "awaiting_deliver":
                set_substatus(call.world, call.seller, posting, "posting_transferring_to_delivery", now)
    act["postings"] = [p.number for p in postings]
    for posting in postings:
        if posting.act_id != act["id"]:
            posting.act_id = act["id"]
            set_substatus(call.world, call.seller, posting, "posting_in_carriage", now)
            posting.stage += 1


def approve_act(call: Call, act: dict[str, Any]) -> None:
    world, now = call.world, now_of(call)
    departure = act.get("requested_departure")
    act["approved"] = True
    act["ready_at"] = now + timing(world, "act_ready_seconds")
    act["handover_at"] = max(departure, act["ready_at"]) if departure is not None else \
        act["ready_at"] + timing(world, "handover_seconds")
    act["departure_date"] = departure or act["handover_at"]
    store_of(call.seller).schedule(act["handover_at"], "act_handover", act["id"])


def departure_of(call: Call) -> float | None:
    departure = parse_timestamp(call.body.get("departure_date"), "departure_date")
    if departure is not None and departure < now_of(call) - 86_400:
        raise bad("outdated")
    return departure


@handles("POST", "/v2/posting/fbs/act/create", writes=True, exact=True)
def act_create(call: Call) -> dict:
    method = check_method(call.seller, as_int(call.body.get("delivery_method_id")))
    if as_int(call.body.get("containers_count")) > 0:
        raise bad(CONTAINERS_NOT_ALLOWED)
    departure = departure_of(call)
    postings = unassigned(store_of(call.seller), method["id"])
    if not postings:
        raise bad(NO_POSTINGS, str(method["id"]))
    act = make_act(call, method, departure, postings, approve=True)
    return {"result": {"id": act["id"]}}


@on_event("act_handover")
def _act_handover(world, seller, store: PostingStore, act_id: int, _: int, at: float) -> None:
    act = store.acts.get(int(act_id))
    if act is None or act.get("handed_over") or act.get("cancelled") or not act.get("approved", True):
        return
    act["handed_over"] = True
    for posting in _act_postings(store, act):
        if posting.status == "awaiting_deliver" and posting.act_id == act["id"]:
            hand_over(world, seller, store, posting, at)


def _act_check(store: PostingStore, act: dict[str, Any], now: float) -> dict[str, Any]:
    postings = _act_postings(store, act)
    ready = act_status(act, now) in ("formed", "sended")
    waiting = any(p.delivery_method_id == act["delivery_method_id"] and not p.act_id and
                  p.status in ("awaiting_packaging", "awaiting_deliver")
                  for p in (store.postings[e[2]] for key in ("awaiting_packaging", "awaiting_deliver")
                            for e in store.status_index("fbs", key).items))
    return {"status": "ready" if ready else "in_process", "act_type": "ozon_digital", "is_partial": False,
            "partial_num": 0, "has_postings_for_next_carriage": waiting,
            "added_to_act": [p.number for p in postings if p.status != "cancelled"] if ready else [],
            "removed_from_act": [p.number for p in postings if p.status == "cancelled"] if ready else []}


@handles("POST", "/v2/posting/fbs/act/check-status", exact=True)
def act_check_status(call: Call) -> dict:
    store = store_of(call.seller)
    return {"result": _act_check(store, act_of(store, call.body.get("id")), now_of(call))}


def _require_ready(act: dict[str, Any], now: float) -> None:
    if act_status(act, now) not in ("formed", "sended"):
        raise bad(INCORRECT_CARRIAGE_STATUS, str(act["id"]))


def act_pdf(store: PostingStore, act: dict[str, Any]) -> bytes:
    postings = [p for p in _act_postings(store, act) if p.status != "cancelled"]
    pages, per_page = [], 32
    chunks = [postings[i:i + per_page] for i in range(0, len(postings), per_page)] or [[]]
    total_qty = sum(p.quantity for p in postings)
    total_sum = sum(money_float(line["price"]) * line["quantity"] for p in postings for line in p.lines)
    for number, chunk in enumerate(chunks, start=1):
        page = Page(210 * MM, 297 * MM)
        y = 297 * MM - 50
        page.text(40, y, f"Shipping list / Act No. {act['id']}", 14, bold=True)
        y -= 18
        page.text(40, y, f"Delivery method: {act['delivery_method_name']}", 9)
        y -= 13
        page.text(40, y, f"Departure: {stamp(act['departure_date'])[:10]}    Created: {stamp(act['created_at'])}", 9)
        y -= 13
        page.text(40, y, f"Postings: {len(postings)}   Units: {total_qty}   Declared value: {total_sum:.2f}", 9)
        y -= 20
        page.text(40, y, "No.", 8, bold=True).text(70, y, "Posting number", 8, bold=True)
        page.text(230, y, "Barcode", 8, bold=True).text(370, y, "Units", 8, bold=True)
        page.text(420, y, "Value", 8, bold=True)
        y -= 4
        page.line(40, y, 555, y)
        for index, posting in enumerate(chunk, start=(number - 1) * per_page + 1):
            y -= 14
            value = sum(money_float(line["price"]) * line["quantity"] for line in posting.lines)
            page.text(40, y, str(index), 8).text(70, y, posting.number, 8).text(230, y, posting.barcode_lower, 8)
            page.text(370, y, str(posting.quantity), 8).text(420, y, f"{value:.2f}", 8)
        page.text(40, 40, f"Page {number} of {len(chunks)}", 7)
        page.barcode(380, 30, str(act["id"]), 170, 30)
        pages.append(page)
    return pdf(pages, title=f"Act {act['id']}")


@handles("POST", "/v2/posting/fbs/act/get-pdf", "/v2/posting/fbs/digital/act/get-pdf", file="application/pdf")
def act_get_pdf(call: Call) -> FileBody:
    store, now = store_of(call.seller), now_of(call)
    act = act_of(store, call.body.get("id"))
    _require_ready(act, now)
    return file_body(act_pdf(store, act), f"{act['id']}.pdf")


@handles("POST", "/v2/posting/fbs/act/get-container-labels", file="application/pdf")
def act_container_labels(call: Call) -> FileBody:
    store, now = store_of(call.seller), now_of(call)
    act = act_of(store, call.body.get("id"))
    _require_ready(act, now)
    pages = []
    count = max(1, act.get("containers_count") or 1)
    for index in range(1, count + 1):
        page = Page(100 * MM, 70 * MM)
        page.text(12, 70 * MM - 24, f"Act {act['id']}", 12, bold=True)
        page.text(12, 70 * MM - 40, f"Cargo place {index} of {count}", 9)
        page.barcode(12, 40, f"{act['id']}{index:02d}", 100 * MM - 24, 60)
        page.text(12, 26, f"{act['id']}{index:02d}", 8)
        pages.append(page)
    return file_body(pdf(pages, title="Container labels"), f"carriage-containers-{act['id']}.pdf")


@handles("POST", "/v2/posting/fbs/act/get-barcode", file="image/png")
def act_barcode(call: Call) -> FileBody:
    store, now = store_of(call.seller), now_of(call)
    act = act_of(store, call.body.get("id"))
    _require_ready(act, now)
    return file_body(png_barcode(str(act["id"])), f"{act['id']}_barcode.png", "image/png")


@handles("POST", "/v2/posting/fbs/act/get-barcode/text", exact=True)
def act_barcode_text(call: Call) -> dict:
    store, now = store_of(call.seller), now_of(call)
    act = act_of(store, call.body.get("id"))
    _require_ready(act, now)
    return {"result": f"%303%{act['id']}"}


@handles("POST", "/v2/posting/fbs/act/get-postings", exact=True)
def act_postings(call: Call) -> dict:
    store = store_of(call.seller)
    act = act_of(store, call.body.get("id"))
    result = []
    for posting in _act_postings(store, act):
        result.append({"id": posting.order_id, "posting_number": posting.number, "status": posting.status,
                       "seller_error": "", "multi_box_qty": posting.multi_box_qty,
                       "created_at": stamp(posting.created_at), "updated_at": stamp(posting.status_at),
                       "products": [{"sku": line["sku"], "name": line["name"], "offer_id": line["offer_id"],
                                     "price": f"{money_float(line['price']):.2f}", "quantity": line["quantity"]}
                                    for line in posting.lines]})
    return {"result": result}


def _day(value: Any, field: str, end: bool) -> float | None:
    text = as_str(value).strip()
    if not text:
        return None
    if "T" not in text:
        text += "T23:59:59Z" if end else "T00:00:00Z"
    return parse_timestamp(text, field)


def act_view(act: dict[str, Any], now: float) -> dict[str, Any]:
    status = act_status(act, now)
    document = {"created_at": stamp(act["ready_at"]), "document_status": "FORMED" if status != "in_process"
                else "FORMING"}
    return {"id": act["id"], "delivery_method_id": act["delivery_method_id"],
            "delivery_method_name": act["delivery_method_name"], "integration_type": "ozon",
            "containers_count": act.get("containers_count", 1), "status": status,
            "departure_date": stamp(act["departure_date"])[:10], "created_at": stamp(act["created_at"]),
            "updated_at": stamp(max(act["created_at"], min(now, act["ready_at"]))),
            "act_type": "ozon_digital", "is_partial": False, "partial_num": 0,
            "has_postings_for_next_carriage": False, "related_docs": {"act_of_acceptance": document}}


@handles("POST", "/v2/posting/fbs/act/list")
def act_list(call: Call) -> dict:
    store, now = store_of(call.seller), now_of(call)
    flt = obj(call.body.get("filter"))
    low, high = _day(flt.get("date_from"), "filter.date_from", False), _day(flt.get("date_to"), "filter.date_to", True)
    statuses = {s.lower() for s in str_list(flt.get("status"))}
    integration = as_str(flt.get("integration_type")).strip()
    acts = []
    for act in sorted(store.acts.values(), key=lambda a: a["created_at"], reverse=True):
        if low is not None and act["created_at"] < low or high is not None and act["created_at"] > high:
            continue
        if statuses and act_status(act, now) not in statuses:
            continue
        if integration and integration != "ozon":
            continue
        acts.append(act_view(act, now))
    return {"result": acts[:page_size(call.body.get("limit"), 50, 50)]}



@handles("POST", "/v2/posting/fbs/digital/act/check-status")
def digital_act_status(call: Call) -> dict:
    store, now = store_of(call.seller), now_of(call)
    act = act_of(store, call.body.get("id"))
    return {"id": act["id"], "status": "FORMED" if act_status(act, now) in ("formed", "sended")
                         else "FORMING"}

