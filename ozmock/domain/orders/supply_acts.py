"""FBO acceptance acts (`/v1/supply-order/act/*`, 2026-08-11) over the supply orders of `fbo.py`: each
supply has the act of what the storage warehouse accepted, one line per SKU of its bundle (declared,
found and approved: what the supply holds). The act awaits the seller's approval until
`/v1/supply-order/act/accept`; the acceptance is an operation whose status
`/v1/supply-order/act/accept/status` reads. An accepted act cannot be accepted again (INVALID_STATE)."""
from __future__ import annotations

import uuid
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ...errors import OzonError
from ...registry import Call, handles
from ..kit.dates import now_of, stamp
from ..kit.money import CENT, dec
from ..kit.values import as_int, as_str
from ..products.model import Product, products_of
from .fbo import supplies_of

FIRST_ACT_ID = 50_000_000
APPROVAL_DAYS = 3
ACT_NOT_FOUND = "act not found"


def _act(call: Call, supply: dict[str, Any]) -> dict[str, Any]:
    """The supply's acceptance act, made when first read (ids from the world's counter)."""
    if "act" not in supply:
        act_id = call.world.next_id("supply_act", FIRST_ACT_ID)
        supply["act"] = {"act_id": act_id, "number": f"ACT-{supply['order_number']}", "state":
                         "AWAITING_APPROVAL_BY_SELLER", "created_at": supply["state_updated_at"],
                         "operation_id": "", "accepted_at": None}
    return supply["act"]


def _money(amount: Decimal, currency: str) -> dict[str, str]:
    return {"amount": f"{amount.quantize(CENT, ROUND_HALF_UP)}", "currency": currency}


def _amounts(product: Product | None, quantity: int) -> dict[str, dict[str, str]]:
    """Price times quantity, the VAT inside it at the product's rate."""
    currency = product.currency_code if product else "RUB"
    total = (dec(product.price) if product else Decimal(0)) * quantity
    rate = dec(product.vat or "0") if product else Decimal(0)
    without = total / (1 + rate)
    return {"amount": _money(total, currency), "amount_vat": _money(total - without, currency),
            "amount_without_vat": _money(without, currency)}


def _lines(call: Call, supply: dict[str, Any]) -> list[tuple[int, int, Product | None]]:
    products = products_of(call.seller)
    return [(int(sku), qty, products.by_sku_id(int(sku))) for sku, qty in sorted(supply["items"].items(),
                                                                                    key=lambda e: int(e[0]))]


def _summary(call: Call, supply: dict[str, Any]) -> dict[str, Any]:
    lines = _lines(call, supply)
    units = sum(qty for _, qty, _ in lines)
    amounts = [_amounts(product, qty) for _, qty, product in lines]
    currency = lines[0][2].currency_code if lines and lines[0][2] else "RUB"
    total = {part: _money(sum((Decimal(a[part]["amount"]) for a in amounts), Decimal(0)), currency)
             for part in ("amount", "amount_vat", "amount_without_vat")}
    return {"declared_quantity": units, "fact_quantity": units, "approved_quantity": units,
            "sku_quantity": len(lines), "unidentified_quantity": 0, "fact_amount": total, "approved_amount": total}


def _act_view(call: Call, supply: dict[str, Any]) -> dict[str, Any]:
    act = _act(call, supply)
    return {"act_id": act["act_id"], "act_number": act["number"], "act_state": act["state"], "type": "ACCEPTANCE",
            "created_date": stamp(act["created_at"]), "deadline_utc": stamp(act["created_at"] + APPROVAL_DAYS * 86400),
            "summary": _summary(call, supply)}


@handles("POST", "/v1/supply-order/act/summary/get")
def act_summary(call: Call) -> dict:
    order_id = as_int(call.body.get("order_id"))
    supplies = [s for s in supplies_of(call) if s["supply_order_id"] == order_id]
    if not supplies:
        raise OzonError(5, "supply order not found")
    return {"supplies_acts": [{"supply_id": s["supply_id"], "is_agreement_completed": _act(call, s)["state"] ==
                               "ACCEPTED", "supply_acts": [_act_view(call, s)]} for s in supplies]}


@handles("POST", "/v1/supply-order/act/product/get")
def act_products(call: Call) -> dict:
    supply_id = as_int(call.body.get("supply_id"))
    supply = next((s for s in supplies_of(call) if s["supply_id"] == supply_id), None)
    if supply is None:
        raise OzonError(5, "supply not found")
    items = []
    for sku, qty, product in _lines(call, supply):
        amounts = _amounts(product, qty)
        unit = _amounts(product, 1)["amount_without_vat"]
        items.append({"sku_info": {"sku": sku, "name": product.name if product else "",
                                   "offer_id": product.offer_id if product else "",
                                   "barcode": (product.barcodes or [""])[0] if product else "",
                                   "image_link": (product.images or [""])[0] if product else "",
                                   "price_without_vat": unit, "vat": float(dec(product.vat or "0")) if product else 0.0},
                      "declared_quantity": qty, "fact_quantity": qty, "approved_quantity": qty,
                      "fact_amount": amounts, "approved_amount": amounts})
    act = _act(call, supply)
    return {"supply_id": supply_id, "skus_defects": [],
            "supply_acts": [{"act_id": act["act_id"], "type": "ACCEPTANCE", "unidentified_quantity": 0,
                             "items": items}]}


def _find_act(call: Call, act_id: int) -> dict[str, Any]:
    for supply in supplies_of(call):
        act = _act(call, supply)
        if act["act_id"] == act_id:
            return act
    raise OzonError(5, ACT_NOT_FOUND)


@handles("POST", "/v1/supply-order/act/accept", writes=True)
def accept_act(call: Call) -> dict:
    act = _find_act(call, as_int(call.body.get("act_id")))
    if act["state"] != "AWAITING_APPROVAL_BY_SELLER":
        return {"operation_id": "", "error_reasons": ["INVALID_STATE"]}
    act.update(state="ACCEPTED", accepted_at=now_of(call),
               operation_id=str(uuid.UUID(int=(call.seller.client_id << 64) | act["act_id"])))
    return {"operation_id": act["operation_id"], "error_reasons": []}


@handles("POST", "/v1/supply-order/act/accept/status")
def accept_status(call: Call) -> dict:
    wanted = as_str(call.body.get("operation_id")).strip()
    if wanted and any(_act(call, s)["operation_id"] == wanted for s in supplies_of(call)):
        return {"status": "SUCCESS", "error_message": ""}
    raise OzonError(5, "operation not found")
