"""Receipts a seller uploads for its postings (`/v1/receipts/*`): the file arrives as a multipart
form (as the contract declares) or as base64 in JSON, is checked to be a file of the seller's own
postings, and is served back byte for byte by `/v1/receipts/get`."""
from __future__ import annotations

import base64
from typing import Any

from ...registry import Call, handles, json_area
from ..kit.dates import now_of, stamp
from ..kit.paging import clamped_size, offset_of
from ..kit.values import as_str, base64_file, str_list
from .common import bad, missing
from .model import store_of

FIRST_ID = 800_000_000
PAGE_MAX = 100


def _create(seller, world) -> dict[str, Any]:
    return {"receipts": {}}


json_area("receipts", _create)


def _store(call: Call) -> dict[str, dict[str, Any]]:
    return call.seller.area("receipts")["receipts"]


@handles("POST", "/v1/receipts/upload", writes=True, form=True, exact=True)
def upload_receipt(call: Call) -> dict:
    body = call.body
    content = base64_file(body.get("content"), "content")
    if not content:
        raise bad("the receipt file is empty")
    numbers = [n.strip() for n in str_list(body.get("posting_numbers")) if n.strip()]
    if not numbers:
        raise bad("a receipt needs the numbers of its postings")
    postings = store_of(call.seller)
    for number in numbers:
        if postings.get(number) is None:
            raise missing("POSTING_NOT_FOUND", number)
    receipt_id = str(call.world.next_id("receipt", FIRST_ID))
    now = now_of(call)
    _store(call)[receipt_id] = {
        "receipt_id": receipt_id, "receipt_number": as_str(body.get("receipt_number")),
        "type": as_str(body.get("type")) or "INCOMING", "operation_type": as_str(body.get("operation_type")),
        "parent_receipt_id": as_str(body.get("parent_receipt_id")), "posting_numbers": numbers,
        "order_id": postings.get(numbers[0]).order_id, "content": base64.b64encode(content).decode("ascii"),
        "created_at": now, "updated_at": now}
    return {"receipt_id": receipt_id}


@handles("POST", "/v1/receipts/get", exact=True)
def get_receipt(call: Call) -> dict:
    record = _store(call).get(as_str(call.body.get("receipt_id")).strip())
    if record is None:
        raise missing("RECEIPT_NOT_FOUND")
    return {"content": record["content"]}


@handles("POST", "/v1/receipts/seller/list")
def list_receipts(call: Call) -> dict:
    body = call.body
    size = clamped_size(body.get("page_size"), PAGE_MAX, PAGE_MAX)
    wanted = set(str_list(body.get("posting_numbers")))
    rows = [r for r in _store(call).values() if not wanted or wanted & set(r["posting_numbers"])]
    start = offset_of(body.get("page")) * size
    page = rows[start:start + size]
    return {"receipts": [{**r, "created_at": stamp(r["created_at"]), "updated_at": stamp(r["updated_at"])}
                         for r in page], "has_next": start + size < len(rows)}
