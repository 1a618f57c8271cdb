"""Quality certificates (`/v1/product/certificate/*`): created with their files (a multipart form, as
the contract declares, or JSON naming the files), then read back by number, listed and deleted.

A new certificate waits for verification and is verified after `certificate_verification_seconds`
of world time (a status computed on read from its creation time, like a product's moderation).
"""
from __future__ import annotations

from typing import Any

from ...errors import OzonError
from ...registry import Call, handles, json_area
from ..kit.dates import ZERO_TIME, now_of, parse_datetime, stamp
from ..kit.paging import clamped_size
from ..kit.timings import declare_timings, timing
from ..kit.values import as_int, as_str, str_list

declare_timings(certificate_verification_seconds=5.0)
FIRST_ID = 50_000
NAME_MAX = 100


def _create(seller, world) -> dict[str, Any]:
    return {"certificates": {}}


json_area("certificates", _create)


def _store(call: Call) -> dict[str, dict[str, Any]]:
    return call.seller.area("certificates")["certificates"]


def _status(call: Call, record: dict[str, Any]) -> str:
    due = record["created_at"] + timing(call.world, "certificate_verification_seconds")
    return "approved" if now_of(call) >= due else "awaiting_verification"


def _view(call: Call, record: dict[str, Any]) -> dict[str, Any]:
    return {"certificate_id": record["certificate_id"], "certificate_number": record["number"],
            "certificate_name": record["name"], "type_code": record["type_code"],
            "accordance_type_code": record["accordance_type_code"], "status_code": _status(call, record),
            "issue_date": record["issue_date"], "expire_date": record["expire_date"] or ZERO_TIME,
            "products_count": 0, "rejection_reason_code": "", "verification_comment": ""}


@handles("POST", "/v1/product/certificate/create", writes=True, form=True)
def create_certificate(call: Call) -> dict:
    """The new certificate's id, as the documented example answers it (`{"id": 50058}`)."""
    body = call.body
    files = str_list(body.get("files"))
    if not files:
        raise OzonError(3, "a certificate needs at least one file")
    name = as_str(body.get("name")).strip()
    if not name or len(name) > NAME_MAX:
        raise OzonError(3, f"the certificate name must have 1 to {NAME_MAX} characters")
    issued = parse_datetime(body.get("issue_date"), "issue_date")
    expires = parse_datetime(body.get("expire_date"), "expire_date", required=False)
    certificate_id = call.world.next_id("certificate", FIRST_ID)
    _store(call)[str(certificate_id)] = {
        "certificate_id": certificate_id, "number": as_str(body.get("number")), "name": name,
        "type_code": as_str(body.get("type_code")), "accordance_type_code": as_str(body.get("accordance_type_code")),
        "issue_date": stamp(issued.timestamp()), "expire_date": stamp(expires.timestamp()) if expires else None,
        "files": [{"size": len(f)} for f in files], "created_at": now_of(call)}
    return {"id": certificate_id}


def _by_number(call: Call, number: str) -> dict[str, Any]:
    found = next((r for r in _store(call).values() if r["number"] == number), None)
    if found is None:
        raise OzonError(5, f"certificate not found: {number}")
    return found


@handles("POST", "/v1/product/certificate/info", exact=True)
def certificate_info(call: Call) -> dict:
    return {"result": _view(call, _by_number(call, as_str(call.body.get("certificate_number")).strip()))}


@handles("POST", "/v1/product/certificate/list", exact=True)
def certificate_list(call: Call) -> dict:
    body = call.body
    size = clamped_size(body.get("page_size"), 50, 1000)
    page = max(1, as_int(body.get("page"), 1))
    wanted_status, wanted_type = as_str(body.get("status")), as_str(body.get("type"))
    rows = [_view(call, r) for r in _store(call).values()]
    rows = [r for r in rows if (not wanted_status or r["status_code"] == wanted_status)
            and (not wanted_type or r["type_code"] == wanted_type)]
    return {"result": {"certificates": rows[(page - 1) * size:page * size], "page_count": -(-len(rows) // size)}}


@handles("POST", "/v1/product/certificate/delete", writes=True, exact=True)
def certificate_delete(call: Call) -> dict:
    removed = _store(call).pop(str(as_int(call.body.get("certificate_id"))), None)
    if removed is None:
        return {"result": {"is_delete": False, "error_message": "certificate not found"}}
    return {"result": {"is_delete": True, "error_message": ""}}
