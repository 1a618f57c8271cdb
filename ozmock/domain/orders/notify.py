"""Push messages about postings: what a subscribed seller hears when a posting is created or
changes state, when stock moves with it, and when an rFBS cut-off or delivery date is changed.
Messages are built only when the seller has a push URL (100,000 seeded postings stay cheap)."""
from __future__ import annotations

from typing import Iterable

from ..kit.dates import stamp
from ..products.model import Product
from ..push.delivery import emit
from .model import Posting


def listening(seller) -> bool:
    """Has the seller any push URL? (messages are not even built otherwise)"""
    state = seller.areas.get("push")
    return bool(state is not None and state.subscriptions)


def notify_state(world, seller, posting: Posting, at: float, old_substatus: str) -> None:
    if posting.scheme not in ("fbs", "rfbs") or not listening(seller):
        return
    if posting.status == "cancelled":
        reason = posting.cancellation or {}
        emit(world, seller, {
            "message_type": "TYPE_POSTING_CANCELLED", "posting_number": posting.number,
            "products": [{"sku": line["sku"], "quantity": line["quantity"]} for line in posting.lines],
            "old_state": old_substatus, "new_state": "posting_canceled", "changed_state_date": stamp(at),
            "reason": {"id": reason.get("cancel_reason_id", 0), "message": reason.get("cancel_reason", "")},
            "warehouse_id": posting.warehouse_id, "seller_id": seller.client_id})
    else:
        emit(world, seller, {
            "message_type": "TYPE_STATE_CHANGED", "posting_number": posting.number,
            "new_state": posting.substatus, "changed_state_date": stamp(at),
            "warehouse_id": posting.warehouse_id, "seller_id": seller.client_id})


def notify_new(world, seller, posting: Posting) -> None:
    if posting.scheme not in ("fbs", "rfbs") or not listening(seller):
        return
    emit(world, seller, {
        "message_type": "TYPE_NEW_POSTING", "posting_number": posting.number,
        "products": [{"sku": line["sku"], "offer_id": line["offer_id"], "quantity": line["quantity"]}
                     for line in posting.lines],
        "in_process_at": stamp(posting.in_process_at), "warehouse_id": posting.warehouse_id,
        "shipment_date": stamp(posting.shipment_date), "tpl_integration_type": posting.tpl,
        "is_express": posting.express, "tracking_number": posting.tracking_number,
        "delivery_date_begin": stamp(posting.delivery_begin), "delivery_date_end": stamp(posting.delivery_end),
        "seller_id": seller.client_id})


def notify_stocks(world, seller, products: Iterable[Product], at: float) -> None:
    if not listening(seller):
        return
    items = []
    for product in products:
        items.append({"product_id": product.product_id, "sku": product.sku, "updated_at": stamp(at),
                      "stocks": [{"warehouse_id": wid, "present": present, "reserved": reserved}
                                 for wid, (present, reserved) in sorted(product.stocks.items())]})
    if items:
        emit(world, seller, {"message_type": "TYPE_STOCKS_CHANGED", "seller_id": seller.client_id, "items": items})


def notify_cutoff_changed(world, seller, posting: Posting, old: float) -> None:
    emit(world, seller, {"message_type": "TYPE_CUTOFF_DATE_CHANGED", "posting_number": posting.number,
                         "new_cutoff_date": stamp(posting.shipment_date), "old_cutoff_date": stamp(old),
                         "warehouse_id": posting.warehouse_id, "seller_id": seller.client_id})


def notify_delivery_date_changed(world, seller, posting: Posting, old_begin: float, old_end: float) -> None:
    emit(world, seller, {
        "message_type": "TYPE_DELIVERY_DATE_CHANGED", "posting_number": posting.number,
        "new_delivery_date_begin": stamp(posting.delivery_begin), "new_delivery_date_end": stamp(posting.delivery_end),
        "old_delivery_date_begin": stamp(old_begin), "old_delivery_date_end": stamp(old_end),
        "warehouse_id": posting.warehouse_id, "seller_id": seller.client_id})
