"""Carriages (the current FBS shipment flow) over the same acts as `/v2/posting/fbs/act/*`:
`/v1/carriage/create` makes an unapproved carriage (status `new`) of the delivery method's packed
postings, `set-postings` replaces its postings, `approve` confirms it (documents form, hand-over
is scheduled exactly as for `act/create`), `cancel` releases its postings, `get`, `carriage-available`
and the `delivery/list` methods report it; `courier-contact/set|get` keep the seller's contact for the
courier on the carriage; `/v1/assembly/fbs/posting/list` is the packing list."""
from __future__ import annotations

import base64
from typing import Any

from ...registry import Call, handles
from ..kit.dates import now_of, parse_timestamp, stamp
from ..kit.paging import page_size
from ..kit.values import as_int, as_str, obj, str_list
from ..products.model import products_of
from ..warehouses.delivery_methods import method_by_id, methods_of
from .acts import act_of, act_status, approve_act, assign, check_method, departure_of, make_act, unassigned
from .common import CONTAINERS_NOT_ALLOWED, DELIVERY_METHOD_NOT_FOUND, HAS_INCORRECT_STATUS, POSTING_NOT_FOUND, bad
from .model import Posting, PostingStore, store_of


def _open(act: dict[str, Any], now: float) -> bool:
    return act_status(act, now) in ("new", "in_process", "formed")


@handles("POST", "/v1/carriage/create", writes=True, exact=True)
def carriage_create(call: Call) -> dict:
    method = check_method(call.seller, as_int(call.body.get("delivery_method_id")))
    postings = unassigned(store_of(call.seller), method["id"])
    if not postings:
        raise bad(POSTING_NOT_FOUND, str(method["id"]))
    act = make_act(call, method, departure_of(call), postings, approve=False)
    return {"carriage_id": act["id"]}


@handles("POST", "/v1/carriage/approve", writes=True, exact=True)
def carriage_approve(call: Call) -> dict:
    act = act_of(store_of(call.seller), call.body.get("carriage_id"))
    if as_int(call.body.get("containers_count")) > 0:
        raise bad(CONTAINERS_NOT_ALLOWED)
    if act_status(act, now_of(call)) != "new":
        raise bad("Incorrect_carriage_status", str(act["id"]))
    if not act["postings"]:
        raise bad(POSTING_NOT_FOUND, str(act["id"]))
    approve_act(call, act)
    return {}


@handles("POST", "/v1/carriage/cancel", writes=True, exact=True)
def carriage_cancel(call: Call) -> dict:
    act = act_of(store_of(call.seller), call.body.get("carriage_id"))
    now = now_of(call)
    if not _open(act, now):
        return {"carriage_status": act_status(act, now), "error": "carriage cannot be cancelled"}
    assign(call, act, [])
    act["cancelled"] = True
    return {"carriage_status": "cancelled", "error": ""}


@handles("POST", "/v1/carriage/set-postings", writes=True, exact=True)
def carriage_set_postings(call: Call) -> dict:
    store, now = store_of(call.seller), now_of(call)
    act = act_of(store, call.body.get("carriage_id"))
    if not _open(act, now) or act.get("handed_over"):
        raise bad("Incorrect_carriage_status", str(act["id"]))
    chosen, results = [], []
    for number in str_list(call.body.get("posting_numbers")):
        posting = store.get(number.strip())
        error = ""
        if posting is None or posting.group != "fbs":
            error = POSTING_NOT_FOUND
        elif posting.status != "awaiting_deliver" or posting.delivery_method_id != act["delivery_method_id"]:
            error = HAS_INCORRECT_STATUS
        elif posting.act_id and posting.act_id != act["id"]:
            error = "POSTING_IN_ANOTHER_CARRIAGE"
        else:
            chosen.append(posting)
        results.append({"posting_number": number, "result": not error, "error": error})
    assign(call, act, chosen)
    return {"result": results}


@handles("POST", "/v1/carriage/get", exact=True)
def carriage_get(call: Call) -> dict:
    store, now = store_of(call.seller), now_of(call)
    act = act_of(store, call.body.get("carriage_id"))
    status = act_status(act, now)
    formed = status in ("formed", "sended")
    waiting = bool(unassigned(store, act["delivery_method_id"]))
    return {
        "carriage_id": act["id"], "company_id": call.seller.client_id, "status": status,
        "delivery_method_id": act["delivery_method_id"], "warehouse_id": act["warehouse_id"],
        "tpl_provider_id": 24, "act_type": "ozon_digital", "integration_type": "ozon", "first_mile_type": "DropOff",
        "containers_count": act.get("containers_count", 1), "is_partial": False, "partial_num": 0,
        "retry_count": 0, "is_container_label_printed": False, "is_econom": False, "is_waybill_enabled": formed,
        "all_blr_traceable": False, "arrival_pass_ids": [], "has_postings_for_next_carriage": waiting,
        "available_actions": ["get_shipping_list", "get_waybill"] if formed else [],
        "cancel_availability": {"is_cancel_available": _open(act, now),
                                "reason": "" if _open(act, now) else "carriage is already handed over"},
        "created_at": stamp(act["created_at"]), "updated_at": stamp(act["created_at"]),
        "departure_date": stamp(act["departure_date"])[:10],
    }


@handles("POST", "/v1/carriage/courier-contact/set", writes=True)
def courier_contact_set(call: Call) -> dict:
    """The seller's contact the courier gets for a pickup carriage (2026-08-14); set again to update."""
    act = act_of(store_of(call.seller), call.body.get("carriage_id"))
    phone = as_str(call.body.get("phone")).strip()
    if not phone:
        raise bad("phone: value length must be at least 1 runes")
    act["courier_contact"] = {"phone": phone, "comment": as_str(call.body.get("comment")),
                              "wechat_nickname": as_str(call.body.get("wechat_nickname")),
                              "updated_at": now_of(call)}
    return {}


@handles("POST", "/v1/carriage/courier-contact/get")
def courier_contact_get(call: Call) -> dict:
    act = act_of(store_of(call.seller), call.body.get("carriage_id"))
    contact = act.get("courier_contact")
    if contact is None:
        return {"contact": []}
    return {"contact": [{"carriage_id": act["id"], "phone": contact["phone"], "comment": contact["comment"],
                         "wechat_nickname": contact["wechat_nickname"], "updated_at": stamp(contact["updated_at"])}]}


def _method_summary(call: Call, method: dict[str, Any], now: float) -> dict[str, Any]:
    store = store_of(call.seller)
    packed = unassigned(store, method["id"])
    to_pack = waiting_to_pack(store, method["id"])
    acts = [a for a in store.acts.values() if a["delivery_method_id"] == method["id"] and _open(a, now)]
    return {
        "delivery_method_id": method["id"], "delivery_method_name": method["name"],
        "delivery_method_status": method["status"], "warehouse_id": method["warehouse_id"],
        "warehouse_name": method["name"].split(", ", 1)[-1], "warehouse_city": "Москва",
        "tpl_provider_name": method["provider_name"], "tpl_provider_icon_url": "", "integration_type": "ozon",
        "is_rfbs": False, "is_presort": False, "has_entrusted_acceptance": False, "first_mile_type": "DropOff",
        "first_mile_changing": False, "dropoff_point_id": 0, "dropoff_point_type": "", "dropoff_address": "",
        "dropoff_change_availability": "", "mandatory_postings_count": len(packed) + len(to_pack),
        "mandatory_packaged_count": len(packed), "optional_packaged_count": 0,
        "carriage_postings_count": sum(len(a["postings"]) for a in acts), "can_create_another_carriage": bool(packed),
        "assembly_list_availability": bool(to_pack), "errors": [], "recommended_time_local": "",
        "recommended_time_utc_offset_in_minutes": 180, "is_optional_carriage": False,
        "carriages": [{"id": a["id"], "postings_count": len(a["postings"]), "quantum_count": 0,
                       "status": act_status(a, now), "all_blr_traceable": False, "carriage_volume": 0.0,
                       "available_actions": [], "pickup_fee": {"currency_code": "RUB", "value": 0.0}} for a in acts],
        "cutoff_at": stamp(min((p.shipment_date for p in to_pack), default=now)),
        "cut_in": stamp(now), "departure_date": stamp(now), "timeslot_from": stamp(now),
        "timeslot_to": stamp(now + 3 * 3_600),
    }


def waiting_to_pack(store: PostingStore, method_id: int) -> list[Posting]:
    """Postings of a delivery method still to pack."""
    return [store.postings[e[2]] for e in store.status_index("fbs", "awaiting_packaging").items
            if store.postings[e[2]].delivery_method_id == method_id]


def _methods(call: Call, method_id: int) -> list[dict[str, Any]]:
    methods = [m for m in methods_of(call.seller) if not m["is_rfbs"]]
    return [m for m in methods if not method_id or m["id"] == method_id]


@handles("POST", "/v1/posting/carriage-available/list")
def carriage_available(call: Call) -> dict:
    store, now = store_of(call.seller), now_of(call)
    method_id = as_int(call.body.get("delivery_method_id"))
    method = method_by_id(call.seller, method_id)
    if method is None:
        raise bad(DELIVERY_METHOD_NOT_FOUND, str(method_id))
    packed, to_pack = unassigned(store, method_id), waiting_to_pack(store, method_id)
    result = []
    for act in store.acts.values():
        if act["delivery_method_id"] != method_id or act.get("handed_over"):
            continue
        result.append({
            "carriage_id": act["id"], "carriage_postings_count": len(act["postings"]),
            "carriage_status": act_status(act, now), "cutoff_at": stamp(act["handover_at"]),
            "delivery_method_id": method_id, "delivery_method_name": method["name"], "errors": [],
            "first_mile_type": "DropOff", "has_entrusted_acceptance": False,
            "mandatory_packaged_count": len(packed), "mandatory_postings_count": len(packed) + len(to_pack),
            "recommended_time_local": "", "recommended_time_utc_offset_in_minutes": 180,
            "tpl_provider_icon_url": "", "tpl_provider_name": method["provider_name"],
            "warehouse_city": "Москва", "warehouse_id": method["warehouse_id"],
            "warehouse_name": method["name"].split(", ", 1)[-1], "warehouse_timezone": "Europe/Moscow"})
    return {"result": result}


@handles("POST", "/v1/carriage/delivery/list")
def carriage_delivery_list(call: Call) -> dict:
    now = now_of(call)
    result = []
    for method in _methods(call, as_int(call.body.get("delivery_method_id"))):
        summary = _method_summary(call, method, now)
        summary["carriages"] = [{"id": str(c["id"]), "postings_count": c["postings_count"],
                                 "quantum_count": 0, "status": c["status"]} for c in summary["carriages"]]
        result.append(summary)
    return {"result": result}


@handles("POST", "/v2/carriage/delivery/list")
def carriage_delivery_list_v2(call: Call) -> dict:
    now = now_of(call)
    flt = obj(call.body.get("filter"))
    methods = _methods(call, as_int(flt.get("delivery_method_id")))
    start = as_int(call.body.get("cursor"), 0) if call.body.get("cursor") else 0
    size = page_size(call.body.get("limit"), 100, 1000)
    page = methods[start:start + size]
    more = start + size < len(methods)
    return {"methods": [_method_summary(call, m, now) for m in page], "has_next": more,
                         "cursor": str(start + size) if more else ""}


@handles("POST", "/v1/assembly/fbs/posting/list")
def assembly_postings(call: Call) -> dict:
    store = store_of(call.seller)
    flt = obj(call.body.get("filter"))
    low = parse_timestamp(flt.get("cutoff_from"), "filter.cutoff_from")
    high = parse_timestamp(flt.get("cutoff_to"), "filter.cutoff_to")
    method_id = as_int(flt.get("delivery_method_id"))
    start, stop = store.open_cutoff["fbs"].bounds(low, high)
    entries = store.open_cutoff["fbs"].items[start:stop]
    if as_str(call.body.get("sort_dir")).upper() == "DESC":
        entries = entries[::-1]
    postings = [p for p in (store.postings[e[2]] for e in entries)
                if p.status == "awaiting_packaging" and (not method_id or p.delivery_method_id == method_id)]
    offset = _offset(call.body.get("cursor"))
    size = page_size(call.body.get("limit"), 100, 1000)
    page = postings[offset:offset + size]
    more = offset + size < len(postings)
    products = products_of(call.seller)
    out = []
    for posting in page:
        lines = []
        for line in posting.lines:
            product = products.get(line["product_id"])
            lines.append({"sku": line["sku"], "offer_id": line["offer_id"], "product_name": line["name"],
                          "quantity": line["quantity"],
                          "picture_url": (product.primary_image or (product.images or [""])[0]) if product else ""})
        out.append({"posting_number": posting.number, "assembly_code": posting.barcode_lower[-6:],
                    "products": lines})
    return {"postings": out, "cutoff": stamp(page[0].shipment_date) if page else None,
                         "cursor": base64.urlsafe_b64encode(str(offset + size).encode()).decode() if more else ""}


def _offset(cursor) -> int:
    text = as_str(cursor).strip()
    if not text:
        return 0
    try:
        return max(int(base64.urlsafe_b64decode(text.encode()).decode()), 0)
    except (ValueError, UnicodeDecodeError):
        raise bad("cursor is not one this method returned") from None
