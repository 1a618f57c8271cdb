"""Giveouts: the seller picks FBS returns up at the drop-off point with a barcode. The first scan
of the seller's current barcode opens a giveout of every return waiting there, the second closes it
and the returns are received; a reset issues a new barcode and the old one stops working."""
from __future__ import annotations

import base64
from typing import Any

from ...registry import Call, handles
from ..kit.dates import stamp
from ..kit.paging import page_size
from ..kit.values import as_int
from .common import missing
from .model import PostingStore, store_of
from .pdf import MM, Page, pdf, png_barcode
from .returns import ReturnError, move_return, return_place


def giveout_barcode(world, seller) -> str:
    """The seller's current giveout barcode (a reset makes a new one; old ones stop working)."""
    version = world.counters.get(f"giveout_barcode:{seller.client_id}", 0)
    return f"GV{seller.client_id:06d}{version:04d}"


def scan_giveout(world, seller, barcode: str | None = None, *, at: float) -> dict[str, Any]:
    """What the drop-off point's scanner does with the seller's barcode: the first scan opens a giveout
    of every return waiting there, the second closes it (the returns are then received by the seller)."""
    if barcode is not None and barcode != giveout_barcode(world, seller):
        raise ReturnError("this giveout barcode is not valid (reset or never issued)")
    store = store_of(seller)
    active = next((g for g in store.giveouts.values() if g["status"] == "ACTIVE"), None)
    if active is None:
        return _open_giveout(world, store, at)
    for return_id in active["returns"]:
        record = store.returns.get(return_id)
        if record is not None and record["state"] == "ArrivedAtReturnPlace":
            move_return(record, "ReceivedBySeller", at)
            record["final_at"] = at
    active["status"] = "COMPLETED"
    return active


def _open_giveout(world, store: PostingStore, at: float) -> dict[str, Any]:
    waiting = [r for _, r in sorted(store.returns.items())
               if r["schema"] == "FBS" and r["state"] == "ArrivedAtReturnPlace"]
    if not waiting:
        raise ReturnError("no returns are waiting at the drop-off point")
    place = return_place(waiting[0])
    giveout = {"giveout_id": world.next_id("giveout", 70_000_000), "status": "ACTIVE", "created_at": at,
               "returns": [r["id"] for r in waiting], "warehouse_id": place["id"],
               "warehouse_name": place["name"], "warehouse_address": place["address"]}
    store.giveouts[giveout["giveout_id"]] = giveout
    return giveout


def _giveout_file(world, seller, kind: str) -> dict[str, str]:
    """The barcode as its schema declares the answer: a JSON object carrying the file in base64."""
    code = giveout_barcode(world, seller)
    digits = "".join(ch for ch in code if ch.isdigit())
    if kind == "png":
        content, name, media_type = png_barcode(digits), f"giveout-{code}.png", "image/png"
    else:
        page = Page(100 * MM, 60 * MM).text(12, 60 * MM - 24, "Returns giveout", 12, bold=True)
        page.barcode(12, 50, digits, 100 * MM - 24, 60).text(12, 36, code, 9)
        content, name, media_type = pdf([page], title="Giveout barcode"), f"giveout-{code}.pdf", "application/pdf"
    return {"content_type": media_type, "file_name": name, "file_content": base64.b64encode(content).decode("ascii")}


@handles("POST", "/v1/return/giveout/is-enabled", exact=True)
def giveout_enabled(call: Call) -> dict:
    return {"enabled": True}


@handles("POST", "/v1/return/giveout/barcode", writes=True, exact=True)
def giveout_barcode_text(call: Call) -> dict:
    return {"barcode": giveout_barcode(call.world, call.seller)}


@handles("POST", "/v1/return/giveout/get-pdf", exact=True)
def giveout_pdf(call: Call) -> dict:
    return _giveout_file(call.world, call.seller, "pdf")


@handles("POST", "/v1/return/giveout/get-png", exact=True)
def giveout_png(call: Call) -> dict:
    return _giveout_file(call.world, call.seller, "png")


@handles("POST", "/v1/return/giveout/barcode-reset", writes=True, exact=True)
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


@handles("POST", "/v1/return/giveout/list", exact=True)
def giveout_list(call: Call) -> dict:
    store = store_of(call.seller)
    after = as_int(call.body.get("last_id"))
    records = [g for gid, g in sorted(store.giveouts.items()) if gid > after]
    return {"giveouts": [_giveout_view(g, store)
                                      for g in records[:page_size(call.body.get("limit"), 100, 1000)]]}


@handles("POST", "/v1/return/giveout/info", exact=True)
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

