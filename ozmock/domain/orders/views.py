"""What the API shows of a posting. One rich canonical record per posting (`fbs_record`), which the
pipeline shapes through each operation's response schema, so every version (v2 get, v3 list/get,
v4 list, legacy v1 orders) reports the same status, products and dates."""
from __future__ import annotations

from typing import Any

from ..kit.dates import stamp
from ..kit.money import money_float
from . import data
from .marks import marks_complete
from .model import Posting, PostingStore

EMPTY_CANCELLATION = {"cancel_reason_id": 0, "cancel_reason": "", "cancellation_initiator": "",
                      "cancellation_type": "", "cancelled_after_ship": False, "affect_cancellation_rating": False}


def financial_products(posting: Posting) -> list[dict[str, Any]]:
    out = []
    for line in posting.lines:
        price, old, qty = money_float(line["price"]), money_float(line["old_price"]), line["quantity"]
        old = max(old, price)
        pct = line["commission_percent"]
        commission = round(price * qty * pct / 100, 2)
        out.append({
            "product_id": line["sku"], "price": price, "old_price": old, "quantity": qty,
            "commission_amount": commission, "commission_percent": pct, "payout": round(price * qty - commission, 2),
            "currency_code": line["currency"], "customer_price": price, "customer_currency_code": line["currency"],
            "commissions_currency_code": line["currency"], "actions": [],
            "total_discount_value": round(old - price, 2),
            "total_discount_percent": round((old - price) / old * 100, 2) if old else 0.0,
            "commission": {"amount": commission, "currency": line["currency"], "percent": pct},
        })
    return out


def financial_data(posting: Posting) -> dict[str, Any]:
    city = data.city_of(posting.customer_seed)
    return {"cluster_from": posting.cluster_from or data.CITIES[0][5], "cluster_to": city[5],
            "products": financial_products(posting)}


def label_ready(posting: Posting, now: float) -> bool:
    return posting.packed_at is not None and now >= posting.packed_at + posting.label_delay


def available_actions(posting: Posting, now: float) -> list[str]:
    status, rfbs = posting.status, posting.scheme == "rfbs"
    actions: list[str] = []
    if status == "awaiting_packaging":
        actions = ["cancel", "has_barcode_for_printing", "product_cancel", "ship", "ship_async"]
    elif status == "awaiting_deliver":
        actions = ["cancel"]
        if label_ready(posting, now):
            actions += ["label_download", "label_download_big", "label_download_small"]
        if rfbs:
            actions += ["non_int_delivering", "non_int_last_mile", "set_timeslot", "set_track_number"]
        else:
            actions.append("arbitration")
    elif status in ("arbitration", "client_arbitration", "not_accepted"):
        actions = ["awaiting_delivery", "cancel"]
    elif status == "delivering" and rfbs:
        actions = ["cancel", "non_int_delivered", "set_track_number"]
        if posting.substatus != "posting_in_courier_service":
            actions.insert(2, "non_int_last_mile")
    if rfbs and status not in ("cancelled", "delivered"):
        actions += ["can_create_chat", "customer_phone_available"]
    return sorted(set(actions))


def requirements(posting: Posting) -> dict[str, list[str]]:
    marks = [str(line["sku"]) for line in posting.lines if line.get("mark") and not marks_complete(line)]
    country = [str(line["sku"]) for line in posting.lines if posting.legal and not line.get("country")]
    return {"products_requiring_mandatory_mark": marks, "products_requiring_country": country,
            "products_requiring_change_country": [], "products_requiring_gtd": [],
            "products_requiring_rnpt": [], "products_requiring_jw_uin": [], "products_requiring_imei": [],
            "products_requiring_weight": []}


def _customer(posting: Posting, translit: bool) -> dict[str, Any]:
    customer = data.customer_for(posting.customer_seed, legal=posting.legal)
    if translit:
        customer["name"] = data.translit(customer["name"])
        address = customer["address"]
        for key in ("address_tail", "city", "region", "country", "comment"):
            address[key] = data.translit(address[key])
    return customer


def product_views(posting: Posting, *, decimals: int = 4) -> list[dict[str, Any]]:
    out = []
    for line in posting.lines:
        marks = [e.get("mandatory_mark", "") for e in line.get("exemplars") or [] if e.get("mandatory_mark")]
        weight_kg = round((line.get("weight") or 0) / 1000, 3)
        out.append({
            "sku": line["sku"], "name": line["name"], "offer_id": line["offer_id"],
            "price": f"{money_float(line['price']):.{decimals}f}", "quantity": line["quantity"],
            "currency_code": line["currency"], "is_marketplace_buyout": False, "imei": [], "is_blr_traceable": False,
            "mandatory_mark": marks, "has_imei": False, "is_weight_needed": False, "jw_uin": [],
            "weight_max": 0.0, "weight_min": 0.0, "weight": weight_kg, "product_color": "",
            "dimensions": {"height": "0", "length": "0", "weight": str(line.get("weight") or 0), "width": "0"},
        })
    return out


def fbs_record(posting: Posting, now: float, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """The canonical FBS/rFBS record (a superset of every version's posting object); the `with`
    options add the blocks they name, the others are null."""
    options = options or {}
    rfbs = posting.scheme == "rfbs"
    customer = _customer(posting, bool(options.get("translit"))) if rfbs else None
    cancellation = posting.cancellation or {}
    record = {
        "posting_number": posting.number, "order_id": posting.order_id, "order_number": posting.order_number,
        "status": posting.status, "substatus": posting.substatus, "previous_substatus": posting.previous_substatus,
        "provider_status": "",
        "delivery_method": {"id": posting.delivery_method_id, "name": posting.delivery_method_name,
                            "tpl_provider": posting.provider_name, "tpl_provider_id": posting.provider_id,
                            "warehouse": posting.warehouse_name, "warehouse_id": posting.warehouse_id},
        "tracking_number": posting.tracking_number, "tpl_integration_type": posting.tpl,
        "integration_type_flow": posting.tpl, "external_order": {"is_external": False, "platform_name": ""},
        "in_process_at": stamp(posting.in_process_at), "shipment_date": stamp(posting.shipment_date),
        "shipment_date_without_delay": stamp(posting.shipment_date_without_delay),
        "delivering_date": stamp(posting.delivering_at), "fact_delivery_date": stamp(posting.delivered_at),
        "created_at": stamp(posting.created_at),
        "cancellation": dict(cancellation or EMPTY_CANCELLATION),
        "cancel_reason_id": cancellation.get("cancel_reason_id", 0),
        "customer": {k: v for k, v in customer.items() if k != "legal_info"} if customer else None,
        "addressee": {"name": customer["name"], "phone": customer["phone"]} if customer else None,
        "products": product_views(posting),
        "available_actions": available_actions(posting, now),
        "requirements": requirements(posting),
        "optional": {"products_with_possible_mandatory_mark": []},
        "parent_posting_number": posting.parent, "is_express": posting.express, "is_multibox":
            posting.multi_box_qty > 1, "multi_box_qty": posting.multi_box_qty, "is_presortable": False,
        "pickup_code_verified_at": None, "destination_place_id": 0, "destination_place_name": "",
        "container_sort_type": "", "prr_option": "", "quantum_id": 0, "require_blr_traceable_attrs": False,
        "is_click_and_collect": False,
        "delivery_schema": "FBS", "additional_data": [], "related_weight_postings": [],
        "volume_weight": 0.0,
    }
    record.update(_optional_blocks(posting, options))
    return record


def _optional_blocks(posting: Posting, options: dict[str, Any]) -> dict[str, Any]:
    """The blocks of an FBS record that the `with` options ask for (null when not asked)."""
    return {
        "analytics_data": _analytics(posting) if options.get("analytics_data") else None,
        "financial_data": financial_data(posting) if options.get("financial_data") else None,
        "barcodes": ({"upper_barcode": posting.barcode_upper, "lower_barcode": posting.barcode_lower}
                     if options.get("barcodes") else None),
        "legal_info": _legal_info(posting) if options.get("legal_info") else None,
        "product_exemplars": _exemplars(posting) if options.get("product_exemplars") else None,
        "related_postings": ({"related_posting_numbers": ([posting.parent] if posting.parent else [])
                              + list(posting.related)} if options.get("related_postings") else None),
    }


def _analytics(posting: Posting) -> dict[str, Any]:
    city = data.city_of(posting.customer_seed)
    rfbs = posting.scheme == "rfbs"
    return {
        "city": city[0], "region": city[1],
        "delivery_type": posting.delivery_type, "is_legal": posting.legal, "is_premium": posting.premium,
        "payment_type_group_name": posting.payment_type, "warehouse_id": posting.warehouse_id,
        "warehouse": posting.warehouse_name, "tpl_provider": posting.provider_name,
        "tpl_provider_id": posting.provider_id, "delivery_date_begin": stamp(posting.delivery_begin),
        "delivery_date_end": stamp(posting.delivery_end),
        "client_delivery_date_begin": stamp(posting.delivery_begin) if rfbs else None,
        "client_delivery_date_end": stamp(posting.delivery_end) if rfbs else None,
    }


def _legal_info(posting: Posting) -> dict[str, str]:
    if posting.legal:
        return data.customer_for(posting.customer_seed, legal=True)["legal_info"]
    return {"company_name": "", "inn": "", "kpp": ""}


def _exemplars(posting: Posting) -> dict[str, Any]:
    return {"products": [
        {"sku": line["sku"], "exemplars": [
            {"exemplar_id": e["exemplar_id"], "mandatory_mark": e.get("mandatory_mark", ""),
             "gtd": e.get("gtd", ""), "is_gtd_absent": e.get("is_gtd_absent", False), "rnpt": e.get("rnpt", ""),
             "is_rnpt_absent": e.get("is_rnpt_absent", False), "imei": [], "weight": 0.0}
            for e in line.get("exemplars") or []]}
        for line in posting.lines]}


def v4_record(posting: Posting, now: float, options: dict[str, Any]) -> dict[str, Any]:
    record = fbs_record(posting, now, options)
    for product in record["products"]:
        product["price"] = {"amount": f"{money_float(product['price']):.2f}", "currency": product["currency_code"]}
    return record


def v2_record(posting: Posting, options: dict[str, Any]) -> dict[str, Any]:
    return {
        "posting_number": posting.number, "order_id": posting.order_id, "order_number": posting.order_number,
        "status": posting.status, "cancel_reason_id": (posting.cancellation or {}).get("cancel_reason_id", 0),
        "created_at": stamp(posting.created_at), "in_process_at": stamp(posting.in_process_at),
        "shipment_date": stamp(posting.shipment_date),
        "products": [{"sku": line["sku"], "name": line["name"], "offer_id": line["offer_id"],
                      "price": f"{money_float(line['price']):.2f}", "quantity": line["quantity"]} for line in posting.lines],
        "barcodes": {"upper_barcode": posting.barcode_upper, "lower_barcode": posting.barcode_lower}
        if options.get("barcodes") else None,
    }


# --- FBO ------------------------------------------------------------------------------------------
def fbo_record(posting: Posting, options: dict[str, Any], *, price_object: bool = False) -> dict[str, Any]:
    city = data.city_of(posting.customer_seed)
    cancellation = posting.cancellation or {}
    products = []
    for line in posting.lines:
        price = f"{money_float(line['price']):.2f}"
        products.append({"sku": line["sku"], "name": line["name"], "offer_id": line["offer_id"],
                         "price": {"amount": price, "currency": line["currency"]} if price_object else price,
                         "quantity": line["quantity"], "digital_codes": [], "currency_code": line["currency"],
                         "is_marketplace_buyout": False})
    return {
        "posting_number": posting.number, "order_id": posting.order_id, "order_number": posting.order_number,
        "status": posting.status, "substatus": posting.substatus,
        "cancel_reason_id": cancellation.get("cancel_reason_id", 0),
        "cancellation": {"cancel_reason": cancellation.get("cancel_reason", ""),
                         "cancellation_initiator": cancellation.get("cancellation_initiator", ""),
                         "cancellation_type": cancellation.get("cancellation_type", "")},
        "created_at": stamp(posting.created_at), "in_process_at": stamp(posting.in_process_at),
        "fact_delivery_date": stamp(posting.delivered_at), "products": products, "additional_data": [],
        "external_order": {"is_external": False, "platform_name": ""},
        "analytics_data": {
            "city": city[0], "region": city[1], "delivery_type": posting.delivery_type, "is_legal": posting.legal,
            "is_premium": posting.premium, "payment_type_group_name": posting.payment_type,
            "warehouse_id": posting.warehouse_id, "warehouse_name": posting.warehouse_name,
            "client_delivery_date_begin": stamp(posting.delivery_begin),
            "client_delivery_date_end": stamp(posting.delivery_end),
        } if options.get("analytics_data") else None,
        "financial_data": financial_data(posting) if options.get("financial_data") else None,
        "legal_info": _legal_info(posting) if options.get("legal_info") else None,
    }


# --- crossborder (legacy) -------------------------------------------------------------------------
def crossborder_record(posting: Posting) -> dict[str, Any]:
    customer = data.customer_for(posting.customer_seed)
    address = customer["address"]
    return {
        "posting_number": posting.number, "order_id": posting.order_id, "order_nr": posting.order_number,
        "status": posting.status, "cancel_reason_id": (posting.cancellation or {}).get("cancel_reason_id", 0),
        "created_at": stamp(posting.created_at), "in_process_at": stamp(posting.in_process_at),
        "shipment_date": stamp(posting.shipment_date), "auto_cancel_date": stamp(posting.shipment_date),
        "customer_id": customer["customer_id"], "customer_email": customer["customer_email"],
        "shipping_provider_id": posting.shipping_provider_id, "tracking_number": posting.tracking_number,
        "address": {"address_tail": address["address_tail"], "addressee": customer["name"], "city": address["city"],
                    "comment": address["comment"], "country": address["country"], "district": address["district"],
                    "phone": customer["phone"], "region": address["region"], "zip_code": address["zip_code"]},
        "products": [{"sku": line["sku"], "name": line["name"], "offer_id": line["offer_id"],
                      "price": f"{money_float(line['price']):.2f}", "quantity": line["quantity"]} for line in posting.lines],
    }


# --- legacy v1 orders -----------------------------------------------------------------------------
LEGACY_RANK = ("awaiting_approve", "awaiting_packaging", "awaiting_deliver", "delivering", "delivered", "cancelled")
LEGACY_STATUS = {"awaiting_registration": "awaiting_packaging", "acceptance_in_progress": "awaiting_packaging",
                 "arbitration": "awaiting_deliver", "client_arbitration": "awaiting_deliver",
                 "not_accepted": "awaiting_deliver", "driver_pickup": "delivering", "sent_by_seller": "delivering"}


def legacy_status(status: str) -> str:
    return LEGACY_STATUS.get(status, status)


def order_status(postings: list[Posting]) -> str:
    statuses = {legacy_status(p.status) for p in postings}
    live = statuses - {"cancelled"}
    if not live:
        return "cancelled"
    return min(live, key=lambda s: LEGACY_RANK.index(s) if s in LEGACY_RANK else 99)


def delivery_schema(posting: Posting) -> str:
    return {"fbs": "fbs", "rfbs": "fbs", "fbo": "fbo", "crossborder": "crossborder"}[posting.scheme]


def legacy_items(postings: list[Posting]) -> list[dict[str, Any]]:
    items = []
    for posting in postings:
        for line in posting.lines:
            items.append({
                "item_id": line["item_id"], "offer_id": line["offer_id"], "product_id": line["product_id"],
                "quantity": line["quantity"], "price": f"{money_float(line['price']):.2f}",
                "status": legacy_status(posting.status),
                "cancel_reason_id": (posting.cancellation or {}).get("cancel_reason_id", 0),
                "auto_cancel_date": stamp(posting.shipment_date),
                "shipping_provider_id": posting.shipping_provider_id or posting.provider_id,
                "tracking_number": posting.tracking_number, "posting_number": posting.number,
            })
    return items


def legacy_order(postings: list[Posting]) -> dict[str, Any]:
    first = postings[0]
    customer = data.customer_for(first.customer_seed)
    address = customer["address"]
    last = max(max(p.status_at for p in postings), first.created_at)
    return {
        "order_id": first.order_id, "order_number": first.order_number, "order_time": stamp(first.created_at),
        "status": order_status(postings), "delivery_schema": delivery_schema(first),
        "customer_id": customer["customer_id"], "last_updated": stamp(last),
        "address": {"address_tail": address["address_tail"], "addressee": customer["name"], "city": address["city"],
                    "comment": address["comment"], "country": address["country"], "district": address["district"],
                    "email": customer["customer_email"], "phone": customer["phone"], "region": address["region"],
                    "zip_code": address["zip_code"]},
        "items": legacy_items(postings),
    }


def store_orders(store: PostingStore, numbers: list[str]) -> list[list[Posting]]:
    """Postings grouped by order, in the order of first appearance."""
    seen: dict[int, None] = {}
    for number in numbers:
        posting = store.get(number)
        if posting is not None:
            seen.setdefault(posting.order_id, None)
    return [store.of_order(order_id) for order_id in seen]
