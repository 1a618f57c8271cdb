"""Fields Ozon added to older operations after the 2026-06 file, from its changelog
(Livingbeside/mp-docs-mirror `ozon/api/seller/changelog.md`, commit 7f4e3588: entries 2026-06-19 to
2026-10-09). The 2026-10 file carries June's schemas for these operations unchanged, so without this
table a client written this autumn would meet answers missing `scanit`, `declared_price`, `total_items`.

Types come from the operation's own documentation page where the mirror has the newer page, else from
the models of the generated client ozon-sdk 0.2.0 (built from Ozon's spec of 2026-10-09 or later: the
request filters `integration_type_flow` and `placement_zone` are lists there, `declared_price` a money
object in the answers), else from the sibling field the changelog names the new one beside
(`total_items` is typed like the `total` it replaces). Written in the OpenAPI dialect and converted like
the spec files (request integers then also accept numeric strings).

Locations: "" is the body; `a.b` a nested object; `a[]` the items of an array. A field already in the
schema is left alone (a newer spec given with `--spec` has it, and the newest source wins); a location
that is not there fails the build.
"""

from __future__ import annotations

import copy
from typing import Any

from openapi_convert import Converter

STRING = {"type": "string"}
BOOLEAN = {"type": "boolean"}
INT64 = {"type": "integer", "format": "int64"}
DOUBLE = {"type": "number", "format": "double"}
MONEY = {"type": "object", "properties": {"amount": STRING, "currency": STRING}}
COMMISSION = {"type": "object", "properties": {"amount": DOUBLE, "payout": DOUBLE, "percent": DOUBLE}}
SORTING_CENTER = {"type": "object", "properties": {"code": STRING, "name": STRING}}
EXTERNAL_ORDER = {"type": "object", "properties": {"is_external": BOOLEAN, "platform_name": STRING}}
KEY_VALUES = {"type": "array", "items": {"type": "object", "properties": {"key": STRING, "value": STRING}}}
FBS_POSTING_2026 = {"integration_type_flow": STRING, "sorting_center": SORTING_CENTER}   # 2026-07-22, page
STOCK_COUNTS_2026 = ("waiting_docs_to_export_stock_count", "inbound_replenishment", "outbound_pending_delivery",
                     "outbound_returns_picking", "outbound_returns_ready_to_ship",
                     "outbound_returns_return_to_seller", "stock_not_being_sold")
AVAILABILITY = ["GREEN", "YELLOW", "RED"]


def _sibling(name: str) -> dict:
    """Typed like the field `name` beside it (resolved when applied)."""
    return {"x-sibling": name}


CHANGES: dict[tuple[str, str], dict[str, Any]] = {
    # 2026-06-30: commissions per product (the page's object, as on /v1/posting/fbp/get)
    ("POST", "/v1/posting/fbp/list"): {
        "response_fields": {"postings[].financial_data.products[]": {"posting_commission": COMMISSION,
                                                                     "return_commission": COMMISSION}},
    },
    ("POST", "/v1/warehouse/erfbs/aggregator/create"): {      # 2026-06-30, 2026-09-23
        "request_fields": {"delivery_method": {"is_courier_phone_same_as_warehouse": BOOLEAN},
                           "delivery_method.return_settings": {"return_point_id": INT64}},
    },
    ("POST", "/v1/warehouse/erfbs/aggregator/delivery-method/update"): {
        "request_fields": {"": {"is_courier_phone_same_as_warehouse": BOOLEAN},
                           "return_settings": {"return_point_id": INT64}},
    },
    # 2026-07-07 external_order; 2026-07-22 integration flow and sorting centre; 2026-09-22 scanit (page)
    ("POST", "/v3/posting/fbs/get"): {
        "response_fields": {"result": dict(FBS_POSTING_2026, external_order=EXTERNAL_ORDER, scanit=STRING)},
    },
    ("POST", "/v2/posting/fbo/get"): {"response_fields": {"result": {"external_order": EXTERNAL_ORDER}}},
    ("POST", "/v4/posting/fbs/list"): {
        "request_fields": {"filter": {"integration_type_flow": {"type": "array", "items": STRING}}},
        "response_fields": {"postings[]": dict(FBS_POSTING_2026, scanit=STRING)},
    },
    ("POST", "/v4/posting/fbs/unfulfilled/list"): {
        "response_fields": {"postings[]": dict(FBS_POSTING_2026, scanit=STRING)},
    },
    ("POST", "/v3/posting/fbs/list"): {
        "request_fields": {"filter": {"integration_type_flow": {"type": "array", "items": STRING}}},
        "response_fields": {"result.postings[]": FBS_POSTING_2026},
    },
    ("POST", "/v3/posting/fbs/unfulfilled/list"): {"response_fields": {"result.postings[]": FBS_POSTING_2026}},
    # 2026-07-09 SKU filter and SKU; 2026-09-24 total_items; 2026-09-25 SHOWCASE_SELECT_ACTIVE
    ("POST", "/v3/product/list"): {
        "request_fields": {"filter": {"skus": {"type": "array", "items": INT64}}},
        "request_enum_values": {"filter.visibility": ["SHOWCASE_SELECT_ACTIVE"]},
        "response_fields": {"result.items[]": {"sku": INT64}, "result": {"total_items": _sibling("total")}},
    },
    ("POST", "/v4/product/info/attributes"): {
        "request_enum_values": {"filter.visibility": ["SHOWCASE_SELECT_ACTIVE"]},
    },
    ("POST", "/v4/product/info/stocks"): {"response_fields": {"": {"total_items": _sibling("total")}}},
    # 2026-09-24 total_items; 2026-09-28 declared_price
    ("POST", "/v5/product/info/prices"): {
        "response_fields": {"": {"total_items": _sibling("total")},
                            "items[].price": {"declared_price": MONEY}},
    },
    ("POST", "/v3/product/info/list"): {"response_fields": {"items[]": {"declared_price": MONEY}}},
    ("POST", "/v1/product/import/prices"): {"request_fields": {"prices[]": {"declared_price": _sibling("price")}}},
    # 2026-07-28 (page: array of key/value)
    ("POST", "/v1/report/info"): {"response_fields": {"result": {"additional_data": KEY_VALUES}}},
    ("POST", "/v1/report/list"): {"response_fields": {"result.reports[]": {"additional_data": KEY_VALUES}}},
    # 2026-07-30 (page)
    ("POST", "/v1/finance/accrual/by-day"): {
        "response_fields": {"accruals[]": {"container_fees": {"type": "object", "properties": {"fees": {
            "type": "array", "items": {"type": "object", "properties": {
                "accrued": MONEY, "type_id": {"type": "integer", "format": "int32"}}}}}}}},
        "response_enum_values": {"accruals[].accrued_category": ["CONTAINER_FEES"]},
    },
    # 2026-08-13 and 2026-09-11 (counts typed like the page's other counts)
    ("POST", "/v1/analytics/stocks"): {
        "request_fields": {"": {"placement_zone": {"type": "array", "items": STRING}, "unmarked_stocks_only": BOOLEAN}},
        "response_fields": {"items[]": dict({name: INT64 for name in STOCK_COUNTS_2026}, placement_zone=STRING)},
    },
    # 2026-08-13: SKUs beside the deprecated product ids; cursor paging
    ("POST", "/v1/product/certificate/bind"): {"request_fields": {"": {"skus": {"type": "array", "items": INT64}}}},
    ("POST", "/v1/product/certificate/unbind"): {"request_fields": {"": {"skus": {"type": "array", "items": INT64}}}},
    ("POST", "/v1/product/certificate/products/list"): {
        "request_fields": {"": {"last_id": INT64, "limit": _sibling("page_size")}},
        "response_fields": {"result.items[]": {"sku": INT64}},
    },
    # 2026-09-02 (page)
    ("POST", "/v1/notification/list"): {
        "request_fields": {"": {"availability_statuses": {"type": "array", "items": {"type": "string",
                                                                                    "enum": AVAILABILITY}},
                                "limit": {"type": "integer", "format": "uint64"},
                                "offset": {"type": "integer", "format": "uint64"},
                                "sort_dir": {"type": "string", "enum": ["ASC", "DESC"]}}},
        "response_fields": {
            "": {"availability_status_thresholds": {"type": "array", "items": {"type": "object", "properties": {
                     "status": STRING, "threshold": INT64}}},
                 "total_count": INT64},
            "urls[]": {"availability_status": STRING,     # GREEN, YELLOW, RED and SELLER, AVAILABILITY, ADMIN:
                       "availability_status_date": {"type": "string", "format": "date-time"},   # prose, no enum
                       "disable_reason": STRING,
                       "problematic_type": STRING, "reason_details": STRING}},
    },
    # 2026-09-04: an action price beside the discount percent
    ("POST", "/v1/seller-actions/products/add"): {
        "request_fields": {"products[]": {"action_price": DOUBLE}},
    },
}


def _node(schema: dict, location: str, key: tuple[str, str]) -> dict:
    node = schema
    for part in filter(None, location.split(".")):
        name, items = (part[:-2], True) if part.endswith("[]") else (part, False)
        properties = node.get("properties") or {}
        if name not in properties:
            raise KeyError(f"{key}: no {location!r} in the schema")
        node = properties[name]
        if items:
            node = node.get("items") or {}
    return node


def apply(doc: dict, key: tuple[str, str]) -> list[str]:
    """Add the changelog's fields and enum values to one operation; the names of the fields added."""
    change = CHANGES.get(key)
    if not change:
        return []
    converter = Converter({"components": {"schemas": {}}}, "changelog")
    added = []
    for side in ("request", "response"):
        for location, fields in change.get(f"{side}_fields", {}).items():
            node = _node(doc[side], location, key)
            properties = node.setdefault("properties", {})
            for name, schema in fields.items():
                if name in properties:
                    continue
                if "x-sibling" in schema:
                    sibling = f"{location}.{schema['x-sibling']}".lstrip(".")
                    properties[name] = copy.deepcopy(_node(doc[side], sibling, key))
                else:
                    properties[name] = converter.convert_root(schema, side, f"{key} {location}.{name}")
                added.append(f"{side} {location}.{name}".replace(" .", " "))
        for location, values in change.get(f"{side}_enum_values", {}).items():
            node = _node(doc[side], location, key)
            node["enum"] = node["enum"] + [v for v in values if v not in node["enum"]]
    return added
