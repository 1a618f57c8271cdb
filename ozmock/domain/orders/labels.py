"""Package labels and acts (shipping documents) of FBS postings, as real PDFs.

Labels. A posting can be labelled once packed (`awaiting_deliver`) and once its label is ready,
45-60 s after packing (`label_ready_min_seconds` .. `label_ready_max_seconds`, per posting);
before that the sync method answers "The next postings aren't ready" (POSTINGS_NOT_READY).
The async methods create a task that is `pending`, then `in_progress`, then `completed` (or
`error`) on the clock. Each label is one PDF page with the posting number, its barcode (bars
and digits), the order, the products and the ship-by date.

Acts. `/v2/posting/fbs/act/create` takes every packed posting of a delivery method not yet in
an act; `check-status` says `in_process` for `act_ready_seconds`, then `ready` (with
`added_to_act` and, for postings cancelled since, `removed_from_act`); then the PDF, container
labels and the shipment barcode can be fetched. At the departure date (or `handover_seconds`
after the act is ready) Ozon takes the postings over: they become `delivering`, and
`delivered` after `delivery_seconds`.
"""
from __future__ import annotations

import base64
from datetime import datetime, timezone
from typing import Any

from ...registry import Call, FileBody, handles
from ..warehouses.delivery_methods import method_by_id
from .common import CONTAINERS_NOT_ALLOWED, DELIVERY_METHOD_NOT_FOUND, INCORRECT_CARRIAGE_STATUS, INVALID_ARGUMENT, LABEL_NOT_ALLOWED, NO_POSTINGS, NO_POSTINGS_FOR_BATCH_DOWNLOAD, POSTING_NUMBERS_IS_INCORRECT_FOR_COMPANY, POSTINGS_NOT_READY, bad, missing
from ..kit.values import as_int, as_str, lst, obj, str_list
from ..kit.dates import now_of, parse_timestamp, stamp
from ..kit.paging import page_size
from .pdf import MM, Page, pdf, png_barcode
from .views import label_ready
from ..kit.money import money_float
from .model import Posting, PostingStore, hand_over, on_event, set_substatus, store_of, timing

LABEL_MAX = 20


# --- label documents --------------------------------------------------------------------------------
def label_page(posting: Posting, small: bool = False) -> Page:
    width, height = (58 * MM, 40 * MM) if small else (75 * MM, 120 * MM)
    page = Page(width, height)
    if small:
        page.text(6, height - 16, posting.number, 10, bold=True)
        page.barcode(6, height - 62, posting.barcode_lower, width - 12, 38)
        page.text(6, 8, posting.barcode_lower, 7)
        return page
    y = height - 24
    page.text(10, y, "OZON", 14, bold=True).text(width - 70, y, posting.warehouse_name[:16] or "FBS", 7)
    y -= 26
    page.text(10, y, posting.number, 16, bold=True)
    y -= 74
    page.barcode(10, y, posting.barcode_lower, width - 20, 64)
    y -= 12
    page.text(10, y, posting.barcode_lower, 9)
    y -= 14
    page.text(10, y, f"Barcode: {posting.barcode_upper}", 7)
    y -= 12
    page.text(10, y, f"Order: {posting.order_number}", 8)
    y -= 12
    page.text(10, y, f"Ship by: {stamp(posting.shipment_date)[:16].replace('T', ' ')}", 8)
    y -= 8
    page.line(10, y, width - 10, y)
    for line in posting.lines[:8]:
        y -= 11
        page.text(10, y, f"{line['quantity']} x {line['offer_id']} (SKU {line['sku']})", 7)
    if posting.tracking_number:
        y -= 12
        page.text(10, y, f"Track: {posting.tracking_number}", 7)
    page.text(10, 10, f"{posting.delivery_method_name[:40]}", 6)
    return page


def labels_pdf(postings: list[Posting], small: bool = False) -> bytes:
    return pdf([label_page(p, small) for p in postings], title="Package labels")


def file_body(content: bytes, name: str, kind: str = "application/pdf") -> FileBody:
    """A document as the live API sends it: the raw file with its media type (not JSON)."""
    return FileBody(content=content, media_type=kind, filename=name)


def _ticket_name(posting: Posting, now: float) -> str:
    when = datetime.fromtimestamp(now, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"ticket-{posting.order_id % 1_000_000}-{when}.pdf"


def resolve(store: PostingStore, numbers: list[str]) -> list[Posting]:
    postings = []
    for number in numbers:
        posting = store.get(number.strip())
        if posting is None or posting.group != "fbs":
            raise bad(POSTING_NUMBERS_IS_INCORRECT_FOR_COMPANY, number)
        postings.append(posting)
    return postings


def check_printable(postings: list[Posting], now: float) -> None:
    """The sync label rules: all packed, not handed over, labels ready — or the documented error."""
    if any(p.status in ("delivering", "delivered", "driver_pickup", "sent_by_seller") for p in postings):
        raise bad(LABEL_NOT_ALLOWED, *[p.number for p in postings if p.status != "awaiting_deliver"])
    if not any(p.status == "awaiting_deliver" for p in postings):
        raise bad(NO_POSTINGS_FOR_BATCH_DOWNLOAD, *[p.number for p in postings])
    wrong = [p.number for p in postings if p.status != "awaiting_deliver"]
    if wrong:
        raise bad(INVALID_ARGUMENT, *wrong)
    waiting = [p.number for p in postings if not label_ready(p, now)]
    if waiting:
        raise bad(POSTINGS_NOT_READY, *waiting, code="POSTINGS_NOT_READY")


@handles("POST", "/v2/posting/fbs/package-label", writes=True)
def package_label(call: Call) -> dict:
    numbers = str_list(call.body.get("posting_number"))
    if not numbers:
        raise bad(INVALID_ARGUMENT)
    if len(numbers) > LABEL_MAX:
        raise bad(f"at most {LABEL_MAX} postings per request")
    now = now_of(call)
    postings = resolve(store_of(call.seller), numbers)
    check_printable(postings, now)
    return file_body(labels_pdf(postings), _ticket_name(postings[0], now))


@handles("POST", "/v1/order/package-label/fbs", writes=True)
def order_package_label(call: Call) -> dict:
    store, now = store_of(call.seller), now_of(call)
    postings = []
    for order_id in lst(call.body.get("order_ids")):
        found = [p for p in store.of_order(as_int(order_id)) if p.group == "fbs"]
        if not found:
            raise missing("ORDER_NOT_FOUND", as_str(order_id))
        postings += [p for p in found if p.status != "cancelled"]
    if not postings:
        raise bad(NO_POSTINGS_FOR_BATCH_DOWNLOAD)
    check_printable(postings, now)
    return {"result": {"content_type": "application/pdf",
                                    "base64_content": base64.b64encode(labels_pdf(postings)).decode()}}


# --- async label tasks --------------------------------------------------------------------------------
def _new_task(world, store: PostingStore, postings: list[Posting], kind: str, now: float) -> dict[str, Any]:
    ready = now + timing(world, "label_task_seconds")
    packed = [p for p in postings if p.status == "awaiting_deliver" and p.packed_at is not None]
    if packed:
        ready = max([ready] + [p.packed_at + p.label_delay for p in packed])
    task = {"task_id": world.next_id("label_task", 5_819_327_210_000), "kind": kind, "created_at": now,
            "ready_at": ready, "postings": [p.number for p in postings]}
    store.label_tasks[task["task_id"]] = task
    return task


@handles("POST", "/v1/posting/fbs/package-label/create", writes=True)
def label_task_create_v1(call: Call) -> dict:
    store = store_of(call.seller)
    postings = resolve(store, str_list(call.body.get("posting_number")))
    if not postings:
        raise bad(INVALID_ARGUMENT)
    task = _new_task(call.world, store, postings, "big_label", now_of(call))
    return {"result": {"task_id": task["task_id"]}}


@handles("POST", "/v2/posting/fbs/package-label/create", writes=True)
def label_task_create_v2(call: Call) -> dict:
    store, now = store_of(call.seller), now_of(call)
    postings = resolve(store, str_list(call.body.get("posting_number")))
    if not postings:
        raise bad(INVALID_ARGUMENT)
    if not any(p.status == "awaiting_deliver" for p in postings):
        raise bad(NO_POSTINGS_FOR_BATCH_DOWNLOAD, *[p.number for p in postings])
    tasks = [_new_task(call.world, store, postings, kind, now) for kind in ("big_label", "small_label")]
    return {"result": {"tasks": [{"task_id": t["task_id"], "task_type": t["kind"]} for t in tasks]}}


def task_state(store: PostingStore, task: dict[str, Any], now: float) -> dict[str, Any]:
    half = task["created_at"] + (task["ready_at"] - task["created_at"]) / 2
    if now < half:
        return {"status": "pending", "printed": [], "unprinted": []}
    if now < task["ready_at"]:
        return {"status": "in_progress", "printed": [], "unprinted": []}
    printed, unprinted = [], []
    for number in task["postings"]:
        posting = store.get(number)
        if posting is None:
            unprinted.append((number, "POSTING_NOT_FOUND"))
        elif posting.status != "awaiting_deliver" or posting.packed_at is None or \
                posting.packed_at + posting.label_delay > task["ready_at"]:
            unprinted.append((number, LABEL_NOT_ALLOWED if posting.status in ("delivering", "delivered")
                              else f"posting is {posting.status}"))
        else:
            printed.append(posting)
    return {"status": "completed" if printed else "error", "printed": printed, "unprinted": unprinted}


def task_pdf(store: PostingStore, task: dict[str, Any], now: float) -> bytes | None:
    state = task_state(store, task, now)
    if state["status"] != "completed":
        return None
    return labels_pdf(state["printed"], small=task["kind"] == "small_label")


def file_url(call: Call, task: dict[str, Any]) -> str:
    """Where the task's PDF can be fetched: the control route on this very server."""
    base = (call.base_url or "http://ozon.mock").rstrip("/")
    return f"{base}/__ozmock/orders/{call.seller.client_id}/label-tasks/{task['task_id']}"


@handles("POST", "/v1/posting/fbs/package-label/get")
def label_task_get(call: Call) -> dict:
    store, now = store_of(call.seller), now_of(call)
    task = store.label_tasks.get(as_int(call.body.get("task_id")))
    if task is None:
        raise missing("TASK_NOT_FOUND")
    state = task_state(store, task, now)
    done = state["status"] in ("completed", "error")
    return {"result": {
        "status": state["status"],
        "error": NO_POSTINGS_FOR_BATCH_DOWNLOAD if state["status"] == "error" else "",
        "file_url": file_url(call, task) if state["status"] == "completed" else "",
        "printed_postings_count": len(state["printed"]),
        "unprinted_postings_count": len(state["unprinted"]) if done else 0,
        "unprinted_postings": [{"posting_number": n, "msg": msg} for n, msg in state["unprinted"]],
    }}


# --- acts ----------------------------------------------------------------------------------------------
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


@handles("POST", "/v2/posting/fbs/act/create", writes=True)
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


@handles("POST", "/v2/posting/fbs/act/check-status")
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


@handles("POST", "/v2/posting/fbs/act/get-pdf", "/v2/posting/fbs/digital/act/get-pdf")
def act_get_pdf(call: Call) -> dict:
    store, now = store_of(call.seller), now_of(call)
    act = act_of(store, call.body.get("id"))
    _require_ready(act, now)
    return file_body(act_pdf(store, act), f"{act['id']}.pdf")


@handles("POST", "/v2/posting/fbs/act/get-container-labels")
def act_container_labels(call: Call) -> dict:
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


@handles("POST", "/v2/posting/fbs/act/get-barcode")
def act_barcode(call: Call) -> dict:
    store, now = store_of(call.seller), now_of(call)
    act = act_of(store, call.body.get("id"))
    _require_ready(act, now)
    return file_body(png_barcode(str(act["id"])), f"{act['id']}_barcode.png", "image/png")


@handles("POST", "/v2/posting/fbs/act/get-barcode/text")
def act_barcode_text(call: Call) -> dict:
    store, now = store_of(call.seller), now_of(call)
    act = act_of(store, call.body.get("id"))
    _require_ready(act, now)
    return {"result": f"%303%{act['id']}"}


@handles("POST", "/v2/posting/fbs/act/get-postings")
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


@handles("POST", "/v1/posting/carriage-available/list")
def carriage_available(call: Call) -> dict:
    store, now = store_of(call.seller), now_of(call)
    method_id = as_int(call.body.get("delivery_method_id"))
    method = method_by_id(call.seller, method_id)
    if method is None:
        raise bad(DELIVERY_METHOD_NOT_FOUND, str(method_id))
    unassigned = [store.postings[e[2]] for e in store.status_index("fbs", "awaiting_deliver").items
                  if store.postings[e[2]].delivery_method_id == method_id and not store.postings[e[2]].act_id]
    packaging = [store.postings[e[2]] for e in store.status_index("fbs", "awaiting_packaging").items
                 if store.postings[e[2]].delivery_method_id == method_id]
    result = []
    for act in store.acts.values():
        if act["delivery_method_id"] != method_id or act.get("handed_over"):
            continue
        result.append({
            "carriage_id": act["id"], "carriage_postings_count": len(act["postings"]),
            "carriage_status": act_status(act, now), "cutoff_at": stamp(act["handover_at"]),
            "delivery_method_id": method_id, "delivery_method_name": method["name"], "errors": [],
            "first_mile_type": "DropOff", "has_entrusted_acceptance": False,
            "mandatory_packaged_count": len(unassigned), "mandatory_postings_count": len(unassigned) + len(packaging),
            "recommended_time_local": "", "recommended_time_utc_offset_in_minutes": 180,
            "tpl_provider_icon_url": "", "tpl_provider_name": method["provider_name"],
            "warehouse_city": "Москва", "warehouse_id": method["warehouse_id"],
            "warehouse_name": method["name"].split(", ", 1)[-1], "warehouse_timezone": "Europe/Moscow"})
    return {"result": result}


@handles("POST", "/v2/posting/fbs/digital/act/check-status")
def digital_act_status(call: Call) -> dict:
    store, now = store_of(call.seller), now_of(call)
    act = act_of(store, call.body.get("id"))
    return {"id": act["id"], "status": "FORMED" if act_status(act, now) in ("formed", "sended")
                         else "FORMING"}


# --- for tests and the control API ------------------------------------------------------------------
def label_task_file(world, seller, task_id: int) -> bytes | None:
    """The PDF behind a completed label task's `file_url` (None while not completed)."""
    from .model import settle_seller
    with world.lock:
        now = world.clock.now().timestamp()
        settle_seller(world, seller, now)
        store = store_of(seller)
        task = store.label_tasks.get(int(task_id))
        return task_pdf(store, task, now) if task else None

