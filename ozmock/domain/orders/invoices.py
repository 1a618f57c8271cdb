"""Customs invoices of a seller's postings (`/v1|v2/invoice/*`): one invoice per posting, created or
replaced by either version of create-or-update and read by either version of get, so a client moving
from the 2022 methods to the 2024 ones sees the same invoice. The invoice file is uploaded as base64
(`/v1/invoice/file/upload`) and served by ozmock at the URL the upload answers."""
from __future__ import annotations

import base64
import binascii
from typing import Any

from ...registry import Call, handles, json_area
from ..kit.dates import now_of, parse_datetime, stamp
from ..kit.money import money_number, parse_price
from ..kit.values import as_int, as_str
from .common import bad, missing
from .model import store_of

FILES_PATH = "/__ozmock/files/invoices"
FIRST_FILE_ID = 900_000_000


def _create(seller, world) -> dict[str, Any]:
    return {"invoices": {}, "files": {}}


json_area("invoices", _create)


def _state(call: Call) -> dict[str, Any]:
    return call.seller.area("invoices")


def _posting_number(call: Call) -> str:
    """The body's posting, which must be the seller's own."""
    number = as_str(call.body.get("posting_number")).strip()
    if not number:
        raise bad("posting_number is required")
    if store_of(call.seller).get(number) is None:
        raise missing("POSTING_NOT_FOUND", number)
    return number


def _invoice_of(call: Call) -> dict[str, Any]:
    invoice = _state(call)["invoices"].get(_posting_number(call))
    if invoice is None:
        raise missing("INVOICE_NOT_FOUND")
    return invoice


def _save(call: Call, hs_codes: list[dict[str, str]]) -> dict:
    body = call.body
    number = _posting_number(call)
    url = as_str(body.get("url")).strip()
    if not url:
        raise bad("url is required")
    date = parse_datetime(body.get("date"), "date").timestamp() if body.get("date") else now_of(call)
    price = parse_price(as_str(body.get("price")).strip() or "0")
    if price is None or price < 0:
        raise bad("price must be a non-negative amount")
    _state(call)["invoices"][number] = {
        "posting_number": number, "number": as_str(body.get("number")), "date": date, "file_url": url,
        "price": str(price), "price_currency": as_str(body.get("price_currency")) or "RUB", "hs_codes": hs_codes}
    return {"result": True}


@handles("POST", "/v2/invoice/create-or-update", writes=True)
def save_invoice(call: Call) -> dict:
    codes = [{"code": as_str(c.get("code")), "sku": as_str(c.get("sku"))}
             for c in call.body.get("hs_codes") or [] if isinstance(c, dict)]
    return _save(call, codes)


@handles("POST", "/v1/invoice/create-or-update", writes=True)
def save_invoice_v1(call: Call) -> dict:
    """The 2022 method: one HS code for the whole posting (kept as a code without a SKU)."""
    code = as_str(call.body.get("HS_code")).strip()
    return _save(call, [{"code": code, "sku": ""}] if code else [])


@handles("POST", "/v2/invoice/get")
def get_invoice(call: Call) -> dict:
    invoice = _invoice_of(call)
    return {"result": {"date": stamp(invoice["date"]), "file_url": invoice["file_url"], "number": invoice["number"],
                       "price": money_number(invoice["price"]), "price_currency": invoice["price_currency"],
                       "hs_codes": [dict(c) for c in invoice["hs_codes"]]}}


@handles("POST", "/v1/invoice/get")
def get_invoice_v1(call: Call) -> dict:
    return {"result": {"file_url": _invoice_of(call)["file_url"]}}


@handles("POST", "/v1/invoice/delete", writes=True)
def delete_invoice(call: Call) -> dict:
    _invoice_of(call)
    del _state(call)["invoices"][_posting_number(call)]
    return {"result": True}


@handles("POST", "/v1/invoice/file/upload", writes=True)
def upload_invoice_file(call: Call) -> dict:
    number = _posting_number(call)
    try:
        content = base64.b64decode(as_str(call.body.get("base64_content")), validate=True)
    except (binascii.Error, ValueError):
        raise bad("base64_content is not base64") from None
    if not content:
        raise bad("base64_content is empty")
    file_id = call.world.next_id("invoice_file", FIRST_FILE_ID)
    _state(call)["files"][str(file_id)] = {"posting_number": number,
                                           "content": base64.b64encode(content).decode("ascii")}
    return {"url": f"{call.base_url.rstrip('/')}{FILES_PATH}/{call.seller.client_id}-{file_id}.pdf"}


def invoice_file(world, name: str) -> dict[str, Any] | None:
    """An uploaded invoice file, for the file route (`<client id>-<file id>`)."""
    owner, _, file_id = name.partition("-")
    seller = world.sellers.get(as_int(owner))
    found = seller.area("invoices")["files"].get(str(as_int(file_id))) if seller is not None else None
    if found is None:
        return None
    return {"name": f"invoice-{found['posting_number']}.pdf", "mime": "application/pdf",
            "content": base64.b64decode(found["content"])}
