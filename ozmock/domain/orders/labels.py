"""Package labels of FBS postings, as real PDFs (sync, and async label tasks).

Labels. A posting can be labelled once packed (`awaiting_deliver`) and once its label is ready,
45-60 s after packing (`label_ready_min_seconds` .. `label_ready_max_seconds`, per posting);
before that the sync method answers "The next postings aren't ready" (POSTINGS_NOT_READY).
The async methods create a task that is `pending`, then `in_progress`, then `completed` (or
`error`) on the clock. Each label is one PDF page with the posting number, its barcode (bars
and digits), the order, the products and the ship-by date.

Acts and carriages are `acts.py` and `carriage.py`.
"""
from __future__ import annotations

import base64
from datetime import datetime, timezone
from typing import Any

from ...registry import Call, FileBody, handles
from ..kit.dates import now_of, stamp
from ..kit.timings import timing
from ..kit.values import as_int, as_str, lst, str_list
from .common import (
    INVALID_ARGUMENT,
    LABEL_NOT_ALLOWED,
    NO_POSTINGS_FOR_BATCH_DOWNLOAD,
    POSTING_NUMBERS_IS_INCORRECT_FOR_COMPANY,
    POSTINGS_NOT_READY,
    bad,
    missing,
)
from .model import Posting, PostingStore, store_of
from .pdf import MM, Page, file_body, pdf
from .views import label_ready

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


@handles("POST", "/v2/posting/fbs/package-label", writes=True, file="application/pdf")
def package_label(call: Call) -> FileBody:
    numbers = str_list(call.body.get("posting_number"))
    if not numbers:
        raise bad(INVALID_ARGUMENT)
    if len(numbers) > LABEL_MAX:
        raise bad(f"at most {LABEL_MAX} postings per request")
    now = now_of(call)
    postings = resolve(store_of(call.seller), numbers)
    check_printable(postings, now)
    return file_body(labels_pdf(postings), _ticket_name(postings[0], now))


@handles("POST", "/v1/order/package-label/fbs", writes=True, exact=True)
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


@handles("POST", "/v1/posting/fbs/package-label/create", writes=True, exact=True)
def label_task_create_v1(call: Call) -> dict:
    store = store_of(call.seller)
    postings = resolve(store, str_list(call.body.get("posting_number")))
    if not postings:
        raise bad(INVALID_ARGUMENT)
    task = _new_task(call.world, store, postings, "big_label", now_of(call))
    return {"result": {"task_id": task["task_id"]}}


@handles("POST", "/v2/posting/fbs/package-label/create", writes=True, exact=True)
def label_task_create_v2(call: Call) -> dict:
    return {"result": {"tasks": _label_tasks(call, call.body.get("posting_number"))}}


@handles("POST", "/v3/posting/fbs/package-label/create", writes=True)
def label_task_create_v3(call: Call) -> dict:
    """v2's task pair (a big and a small label) under v3's names; fetched with v2 `get`."""
    return {"tasks": _label_tasks(call, call.body.get("posting_numbers"))}


def _label_tasks(call: Call, numbers: Any) -> list[dict[str, Any]]:
    store, now = store_of(call.seller), now_of(call)
    postings = resolve(store, str_list(numbers))
    if not postings:
        raise bad(INVALID_ARGUMENT)
    if not any(p.status == "awaiting_deliver" for p in postings):
        raise bad(NO_POSTINGS_FOR_BATCH_DOWNLOAD, *[p.number for p in postings])
    tasks = [_new_task(call.world, store, postings, kind, now) for kind in ("big_label", "small_label")]
    return [{"task_id": t["task_id"], "task_type": t["kind"]} for t in tasks]


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


@handles("POST", "/v1/posting/fbs/package-label/get", exact=True)
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



@handles("POST", "/v2/posting/fbs/package-label/get")
def label_task_get_v2(call: Call) -> dict:
    """Any label task (v1, v2 or v3 create) as v2 reports it: status object, file link, error."""
    store, now = store_of(call.seller), now_of(call)
    task = store.label_tasks.get(as_int(call.body.get("task_id")))
    if task is None:
        raise missing("TASK_NOT_FOUND")
    state = task_state(store, task, now)
    failed = state["status"] == "error"
    return {
        "status": {"code": state["status"], "postings_count": len(task["postings"]),
                   "printed_postings_count": len(state["printed"]),
                   "unprinted_postings": [{"posting_number": n, "message": msg} for n, msg in state["unprinted"]]},
        "file_url": file_url(call, task) if state["status"] == "completed" else "",
        "error": {"code": NO_POSTINGS_FOR_BATCH_DOWNLOAD if failed else "",
                  "message": "no label could be printed for the task's postings" if failed else ""},
    }


def label_task_file(world, seller, task_id: int, *, at: float) -> bytes | None:
    """The PDF behind a completed label task's `file_url` (None while not completed)."""
    store = store_of(seller)
    task = store.label_tasks.get(int(task_id))
    return task_pdf(store, task, at) if task else None
