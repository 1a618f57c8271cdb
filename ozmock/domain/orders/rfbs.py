"""rFBS postings (the seller delivers): delivery statuses set by the seller (delivering, last mile,
delivered, sent by seller), tracking numbers, cut-off date and delivery time-slot changes (with
their push messages), and the courier's pick-up code of Express postings.

Per-posting methods answer per posting and change only the postings that succeeded."""
from __future__ import annotations

from ...registry import Call, handles
from ..kit.dates import now_of, parse_timestamp, stamp
from ..kit.values import as_str, lst, obj, str_list
from .common import HAS_INCORRECT_STATUS, HAS_INCORRECT_TPL_INTEGRATION_TYPE, TRANSITION_IS_NOT_POSSIBLE, bad
from .lookup import fbs_posting
from .model import DEFAULT_SUBSTATUS, NOT_SHIPPED, Posting, store_of
from .notify import notify_cutoff_changed, notify_delivery_date_changed
from .transitions import set_status

RFBS_MOVES: dict[str, tuple[frozenset, str, str]] = {
    # operation -> (allowed from (status or status/substatus), new status, new substatus)
    "delivering": (frozenset({"awaiting_deliver", "sent_by_seller"}), "delivering",
                   "posting_transferred_to_courier_service"),
    "last-mile": (frozenset({"delivering/posting_transferred_to_courier_service",
                             "delivering/posting_on_way_to_city"}), "delivering", "posting_in_courier_service"),
    "delivered": (frozenset({"delivering"}), "delivered", "posting_conditionally_delivered"),
    "sent-by-seller": (frozenset({"awaiting_deliver"}), "sent_by_seller", DEFAULT_SUBSTATUS["sent_by_seller"]),
}


def rfbs_move(call: Call, move: str) -> dict:
    store, at = store_of(call.seller), now_of(call)
    allowed, status, substatus = RFBS_MOVES[move]
    results = []
    for number in str_list(call.body.get("posting_number")):
        posting = store.get(number.strip())
        error = ""
        if posting is None or posting.group != "fbs":
            error = "POSTING_NOT_FOUND"
        elif posting.scheme != "rfbs":
            error = HAS_INCORRECT_TPL_INTEGRATION_TYPE
        elif posting.status not in allowed and f"{posting.status}/{posting.substatus}" not in allowed:
            error = TRANSITION_IS_NOT_POSSIBLE
        else:
            set_status(call.world, call.seller, store, posting, status, at, substatus=substatus)
        results.append({"posting_number": number, "result": not error, "error": error})
    return {"result": results}


@handles("POST", "/v2/fbs/posting/delivering", writes=True, exact=True)
def rfbs_delivering(call: Call) -> dict:
    return rfbs_move(call, "delivering")


@handles("POST", "/v2/fbs/posting/last-mile", writes=True, exact=True)
def rfbs_last_mile(call: Call) -> dict:
    return rfbs_move(call, "last-mile")


@handles("POST", "/v2/fbs/posting/delivered", writes=True, exact=True)
def rfbs_delivered(call: Call) -> dict:
    return rfbs_move(call, "delivered")


@handles("POST", "/v2/fbs/posting/sent-by-seller", writes=True, exact=True)
def rfbs_sent_by_seller(call: Call) -> dict:
    return rfbs_move(call, "sent-by-seller")


@handles("POST", "/v2/fbs/posting/tracking-number/set", writes=True, exact=True)
def rfbs_tracking_numbers(call: Call) -> dict:
    store = store_of(call.seller)
    entries = lst(call.body.get("tracking_numbers"))
    if len(entries) > 20:
        raise bad("at most 20 tracking numbers per request")
    results = []
    for entry in entries:
        entry = obj(entry)
        number, tracking = as_str(entry.get("posting_number")).strip(), as_str(entry.get("tracking_number")).strip()
        posting = store.get(number)
        error = ""
        if posting is None or posting.group != "fbs":
            error = "POSTING_NOT_FOUND"
        elif posting.scheme != "rfbs":
            error = HAS_INCORRECT_TPL_INTEGRATION_TYPE
        elif posting.status in ("cancelled", "delivered") or posting.packed_at is None:
            error = HAS_INCORRECT_STATUS
        elif not tracking:
            error = "TRACKING_NUMBER_IS_EMPTY"
        else:
            posting.tracking_number = tracking
        results.append({"posting_number": number, "result": not error, "error": error})
    return {"result": results}



@handles("POST", "/v1/posting/cutoff/set", writes=True, exact=True)
def cutoff_set(call: Call) -> dict:
    store, at = store_of(call.seller), now_of(call)
    posting = fbs_posting(store, call.body.get("posting_number"))
    new = parse_timestamp(call.body.get("new_cutoff_date"), "new_cutoff_date")
    if posting.scheme != "rfbs":
        raise bad(HAS_INCORRECT_TPL_INTEGRATION_TYPE, posting.number)
    if posting.status not in NOT_SHIPPED or at > posting.shipment_date:
        raise bad(HAS_INCORRECT_STATUS, posting.number)
    if new is None or new <= at:
        raise bad("new_cutoff_date must be in the future")
    old = posting.shipment_date
    store.move_cutoff(posting, new)
    posting.cutoff_changes += 1
    store.schedule(new, "autocancel", posting.number)
    notify_cutoff_changed(call.world, call.seller, posting, old)
    return {"result": True}


TIMESLOT_CHANGES = 2


def timeslot_window(posting: Posting, now: float) -> tuple[float, float]:
    start = max(now, posting.shipment_date)
    return start, start + 14 * 86_400


@handles("POST", "/v1/posting/fbs/timeslot/change-restrictions", exact=True)
def timeslot_restrictions(call: Call) -> dict:
    posting = fbs_posting(store_of(call.seller), call.body.get("posting_number"))
    begin, end = timeslot_window(posting, now_of(call))
    remaining = max(0, TIMESLOT_CHANGES - posting.timeslot_changes) if posting.scheme == "rfbs" and \
        posting.status not in ("cancelled", "delivered") else 0
    return {"delivery_interval": {"begin": stamp(begin), "end": stamp(end)},
                         "remaining_changes_count": remaining}


@handles("POST", "/v1/posting/fbs/timeslot/set", writes=True, exact=True)
def timeslot_set(call: Call) -> dict:
    posting = fbs_posting(store_of(call.seller), call.body.get("posting_number"))
    slot = obj(call.body.get("new_timeslot"))
    start, end = parse_timestamp(slot.get("from"), "new_timeslot.from"), parse_timestamp(slot.get("to"), "new_timeslot.to")
    now = now_of(call)
    if posting.scheme != "rfbs":
        raise bad(HAS_INCORRECT_TPL_INTEGRATION_TYPE, posting.number)
    if posting.status in ("cancelled", "delivered"):
        raise bad(HAS_INCORRECT_STATUS, posting.number)
    if posting.timeslot_changes >= TIMESLOT_CHANGES:
        raise bad("TIMESLOT_CHANGE_LIMIT_EXCEEDED", posting.number)
    low, high = timeslot_window(posting, now)
    if start is None or end is None or end <= start or start < low or end > high:
        raise bad("new_timeslot is outside the interval of /v1/posting/fbs/timeslot/change-restrictions")
    old_begin, old_end = posting.delivery_begin, posting.delivery_end
    posting.delivery_begin, posting.delivery_end = start, end
    posting.timeslot_changes += 1
    notify_delivery_date_changed(call.world, call.seller, posting, old_begin, old_end)
    return {"result": True}



@handles("POST", "/v1/posting/fbs/pick-up-code/verify", exact=True)
def pickup_code_verify(call: Call) -> dict:
    posting = fbs_posting(store_of(call.seller), call.body.get("posting_number"))
    return {"valid": as_str(call.body.get("pickup_code")).strip() == pickup_code(posting)}


def pickup_code(posting: Posting) -> str:
    """The courier's code for an rFBS Express posting (derived from the posting; tests can read it)."""
    return f"{posting.customer_seed % 10000:04d}"

