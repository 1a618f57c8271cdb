"""Cancelling postings: the seller cancels an FBS/rFBS posting or some of its units, the reasons
each posting allows now (every list of cancel reasons), and rFBS cancellation requests.

rFBS cancellation requests (`/v1|v2/conditional-cancellation/*`): a buyer asks to cancel a packed
rFBS posting -> `ON_APPROVAL`; approve cancels the posting, reject keeps it; not decided within
`conditional_cancellation_seconds`, the clock approves it."""
from __future__ import annotations

from typing import Any

from ...registry import Call, handles
from ..kit.dates import now_of, stamp
from ..kit.paging import offset_of, page_size
from ..kit.timings import timing
from ..kit.values import as_int, as_str, lst, obj, str_list
from . import data
from .common import (
    HAS_INCORRECT_CANCEL_REASON,
    HAS_INCORRECT_PRODUCT_QUANTITY,
    HAS_INCORRECT_STATUS,
    POSTING_ALREADY_CANCELLED,
    bad,
    missing,
)
from .fbs import package_items
from .lookup import fbs_posting
from .model import NOT_SHIPPED, Posting, PostingStore, on_event, store_of
from .returns import ReturnError, requested_posting
from .transitions import cancel, cancel_by_buyer, cancel_by_seller, split_lines, split_off


def reasons_for(posting: Posting) -> list[int]:
    """Reason ids the seller may use for this posting now (empty: it cannot be cancelled)."""
    if posting.status in ("cancelled", "delivered", "sent_by_seller", "driver_pickup"):
        return []
    if posting.status == "delivering":
        return list(data.CONDITIONAL_REASONS) if posting.scheme == "rfbs" else []
    return [rid for rid, (_, _, usable) in data.CANCEL_REASONS.items() if usable]


def check_cancel(posting: Posting, reason_id: int, message: str) -> None:
    if posting.status == "cancelled":
        raise bad(POSTING_ALREADY_CANCELLED, posting.number)
    allowed = reasons_for(posting)
    if not allowed:
        raise bad(HAS_INCORRECT_STATUS, posting.number)
    if reason_id not in allowed:
        raise bad(HAS_INCORRECT_CANCEL_REASON, str(reason_id))
    if reason_id == data.REASON_OTHER and not message.strip():
        raise bad("cancel_reason_message is required when cancel_reason_id is 402")


@handles("POST", "/v2/posting/fbs/cancel", writes=True, exact=True)
def fbs_cancel(call: Call) -> dict:
    store = store_of(call.seller)
    posting = fbs_posting(store, call.body.get("posting_number"))
    reason_id, message = as_int(call.body.get("cancel_reason_id")), as_str(call.body.get("cancel_reason_message"))
    check_cancel(posting, reason_id, message)
    cancel_by_seller(call.world, call.seller, store, posting, now_of(call), reason_id, message)
    return {"result": True}


@handles("POST", "/v2/posting/fbs/product/cancel", writes=True, exact=True)
def fbs_product_cancel(call: Call) -> dict:
    """Cancel some units: they move to a new cancelled posting of the same order."""
    store, world, at = store_of(call.seller), call.world, now_of(call)
    posting = fbs_posting(store, call.body.get("posting_number"))
    reason_id, message = as_int(call.body.get("cancel_reason_id")), as_str(call.body.get("cancel_reason_message"))
    check_cancel(posting, reason_id, message or "-")
    if posting.status not in NOT_SHIPPED:
        raise bad(HAS_INCORRECT_STATUS, posting.number)
    wanted = package_items(posting, lst(call.body.get("items")), "sku")
    if not wanted:
        raise bad(HAS_INCORRECT_PRODUCT_QUANTITY, posting.number)
    for sku, qty in wanted.items():
        if qty > posting.line_for(sku)["quantity"]:
            raise bad(HAS_INCORRECT_PRODUCT_QUANTITY, str(sku))
    taken, left = split_lines(posting, wanted)
    if not left:
        cancel_by_seller(world, call.seller, store, posting, at, reason_id, message)
        return {"result": posting.number}
    posting.lines = left
    child = split_off(world, store, posting, taken, at)
    cancel_by_seller(world, call.seller, store, child, at, reason_id, message)
    return {"result": posting.number}


def reason_entries(ids: list[int]) -> list[dict[str, Any]]:
    return [{"id": rid, "title": data.CANCEL_REASONS[rid][0], "name": data.CANCEL_REASONS[rid][0],
             "type_id": data.CANCEL_REASONS[rid][1]} for rid in ids]


@handles("POST", "/v2/posting/fbs/cancel-reason/list", "/v1/posting/fbo/cancel-reason/list")
def fbs_cancel_reason_list(call: Call) -> dict:
    result = [dict(entry, is_available_for_cancellation=data.CANCEL_REASONS[entry["id"]][2])
              for entry in reason_entries(list(data.CANCEL_REASONS))]
    return {"result": result, "reasons": result}


@handles("POST", "/v1/posting/fbs/cancel-reason")
def fbs_cancel_reason(call: Call) -> dict:
    store = store_of(call.seller)
    numbers = str_list(call.body.get("related_posting_numbers"))
    postings = [fbs_posting(store, n) for n in numbers]
    return {"result": [{"posting_number": p.number, "reasons": reason_entries(reasons_for(p))}
                                    for p in postings]}


@handles("POST", "/v1/cancel-reason/list")
def cancel_reason_list(call: Call) -> dict:
    return {"reasons": reason_entries(list(data.CANCEL_REASONS))}


@handles("POST", "/v1/cancel-reason/list-by-posting")
def cancel_reason_by_posting(call: Call) -> dict:
    posting = store_of(call.seller).get(as_str(call.body.get("posting_number")).strip())
    if posting is None:
        raise missing()
    return {"reasons": reason_entries(reasons_for(posting))}


@handles("POST", "/v1/cancel-reason/list-by-order")
def cancel_reason_by_order(call: Call) -> dict:
    store = store_of(call.seller)
    order_id = store.by_order_number.get(as_str(call.body.get("order_number")).strip())
    if order_id is None:
        raise missing("ORDER_NOT_FOUND")
    ids: dict[int, None] = {}
    for posting in store.of_order(order_id):
        ids.update(dict.fromkeys(reasons_for(posting)))
    return {"reasons": reason_entries(list(ids))}



# --- rFBS cancellation requests ------------------------------------------------------------------------
CANCEL_STATES = {"ON_APPROVAL": (1, "На согласовании"), "APPROVED": (2, "Подтверждена"),
                 "REJECTED": (3, "Отклонена")}


def request_cancellation(world, seller, posting_number: str, *, reason_id: int = 507, message: str = "",
                         initiator: str = "CLIENT", at: float) -> dict[str, Any] | None:
    """A buyer cancels an rFBS posting: at once while it is not packed (None is returned), else a
    request on approval."""
    posting = requested_posting(seller, posting_number)
    store = store_of(seller)
    if posting.scheme != "rfbs":
        raise ReturnError(f"{posting.number} is not an rFBS posting")
    if posting.status in ("cancelled", "delivered"):
        raise ReturnError(f"{posting.number} is {posting.status}")
    if posting.packed_at is None:
        cancel_by_buyer(world, seller, store, posting, at, reason_id)
        return None
    if any(c["posting_number"] == posting.number and c["state"] == "ON_APPROVAL"
           for c in store.cancellations.values()):
        raise ReturnError(f"{posting.number} already has a cancellation request on approval")
    record = {"cancellation_id": world.next_id("cancellation", 60_000_000), "posting_number": posting.number,
              "reason_id": reason_id, "reason": data.BUYER_CANCEL_REASONS.get(reason_id, "Другое"),
              "message": message, "initiator": initiator, "created_at": at, "state": "ON_APPROVAL",
              "approve_comment": "", "approve_date": None,
              "auto_approve_at": at + timing(world, "conditional_cancellation_seconds"),
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
    offset, size = offset_of(call.body.get("offset")), page_size(call.body.get("limit"), 100, 1000)
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

