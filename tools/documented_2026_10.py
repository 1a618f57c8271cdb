"""Required fields and enum values of the operations added since 2026-06, from Ozon's per-operation
documentation pages (mirrored in Livingbeside/mp-docs-mirror, `ozon/api/seller/<tag>/<method>-<path>.md`,
commit bb2e7f41 and earlier, 2026-09/10). The 2026-10 file derived these operations' schemas from a
generated client's models, which carry neither; the pages mark fields "обязательный" and list enum
values. Facts only: one entry per page read.

Locations: "" is the body; `a.b` a nested object; `a[]` the items of an array.
"""

from __future__ import annotations

COMPENSATION = ["NO_COMPENSATION", "PRELIMINARY_COMPENSATION", "CLOSED_COMPENSATION"]
DISPOSE_REASONS = ["ECONOM_UTILIZATION", "SELLER_UTILIZATION", "MISSED_DEADLINE", "MISSED_COURIER_DELIVERY",
                   "PROHIBITED_FOR_SALE", "EXPIRED", "DAMAGED_DUE_TO_PACKAGING", "DAMAGED_BY_CUSTOMER",
                   "SPILLED_DUE_TO_PACKAGING", "OZON_DEFECT", "OZON_LOSS", "OTHER", "REZON", "AUTODISPOSAL_STOCK",
                   "RETURNS_AUTO_INVALID", "RETURNS_AUTO_VALID", "TRUSTBASED_ACCEPTANCE"]
ACT_TYPES = ["UNSPECIFIED", "ACCEPTANCE", "DEFECT", "SURPLUS", "SHORTCOMING"]

DOCUMENTED: dict[tuple[str, str], dict[str, dict[str, list[str]]]] = {
    ("POST", "/v2/actions/products"): {
        "request_required": {"": ["action_id", "limit"]},
        "response_enums": {"products[].add_mode": ["SELLER", "AUTO"]},
    },
    ("POST", "/v2/actions/candidates"): {},
    ("POST", "/v1/actions/products/update"): {
        "request_required": {"": ["action_id", "products"], "products[]": ["action_price", "product_id"]},
    },
    ("POST", "/v2/actions/products/deactivate"): {
        "request_required": {"": ["action_id", "product_ids"]},
    },
    ("POST", "/v2/actions/auto-add/products/list"): {
        "request_required": {"": ["action_id", "auto_add_date", "limit"]},
    },
    ("POST", "/v2/actions/auto-add/products/candidates"): {
        "request_required": {"": ["action_id", "auto_add_date", "limit"]},
    },
    ("POST", "/v2/actions/auto-add/products/update"): {
        "request_required": {"": ["action_id", "auto_add_date", "products"]},
    },
    ("POST", "/v2/actions/auto-add/products/delete"): {
        "request_required": {"": ["action_id", "auto_add_date", "product_ids"]},
    },
    ("POST", "/v3/posting/fbs/package-label/create"): {
        "request_required": {"": ["posting_numbers"]},
        "response_enums": {"tasks[].task_type": ["big_label", "small_label"]},
    },
    ("POST", "/v2/posting/fbs/package-label/get"): {
        "request_required": {"": ["task_id"]},
        "response_enums": {"status.code": ["pending", "in_progress", "completed", "error"]},
    },
    ("POST", "/v1/barcode/delete"): {
        "request_required": {"": ["barcodes"], "barcodes[]": ["barcode", "sku"]},
    },
    ("POST", "/v1/warehouse/rfbs/return-point/list"): {
        "request_required": {"": ["filters", "limit"], "filters": ["coordinates", "country_code"],
                             "filters.coordinates": ["latitude", "longitude"]},
        "request_enums": {"filters.types[]": ["PVZ", "PPZ"]},
        "response_enums": {"points[].type": ["PVZ", "PPZ"],
                           "points[].working_days[].day": ["UNSPECIFIED", "MONDAY", "TUESDAY", "WEDNESDAY",
                                                           "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"]},
    },
    ("POST", "/v1/carriage/courier-contact/get"): {
        "request_required": {"": ["carriage_id"]},
    },
    ("POST", "/v1/carriage/courier-contact/set"): {
        "request_required": {"": ["carriage_id", "phone"]},
    },
    ("POST", "/v1/product/info/stocks-by-warehouse/fbo"): {
        "request_required": {"": ["limit"]},
    },
    ("POST", "/v1/supply-order/act/product/get"): {
        "request_required": {"": ["supply_id"]},
        "response_enums": {"supply_acts[].type": ACT_TYPES},
    },
    ("POST", "/v1/supply-order/act/summary/get"): {
        "request_required": {"": ["order_id"]},
        "response_enums": {"supplies_acts[].supply_acts[].type": ACT_TYPES,
                           "supplies_acts[].supply_acts[].act_state": [
                               "UNSPECIFIED", "AWAITING_APPROVAL_BY_SELLER", "REJECT_BY_SELLER",
                               "AGREEMENT_WITH_SELLER", "ACCEPTED"]},
    },
    ("POST", "/v1/supply-order/act/accept"): {
        "request_required": {"": ["act_id"]},
        "response_enums": {"error_reasons[]": ["UNSPECIFIED", "INVALID_STATE", "SUPPLY_WITH_UTD"]},
    },
    ("POST", "/v1/supply-order/act/accept/status"): {
        "request_required": {"": ["operation_id"]},
        "response_enums": {"status": ["SUCCESS", "IN_PROGRESS", "FAILED"]},
    },
    ("POST", "/v2/supply-order/timeslot/list"): {
        "request_required": {"": ["order_id"]},
        "response_enums": {"timeslot_change_forbidden.error_reasons[]": [
            "INVALID_ORDER_STATE", "IS_VIRTUAL", "SET_TIMESLOT_DEADLINE_EXCEED", "ORDER_DOES_NOT_BELONG_TO_COMPANY"]},
    },
    ("POST", "/v1/description-category/dependent-attributes"): {
        "request_required": {"": ["description_category_id"]},
    },
    ("POST", "/v1/description-category/dependent-attributes/values"): {
        "request_required": {"": ["child_attribute_id", "parent_attribute_id"]},
    },
    ("POST", "/v1/analytics/category/comparison"): {
        "request_required": {"": ["period", "sort"], "filter.category": ["category_id", "category_type"]},
        "request_enums": {"filter.category.category_type": ["CATEGORY_3", "CATEGORY_2", "CATEGORY_1"],
                          "filter.clothing_for[]": ["MALE", "FEMALE", "BOYS", "GIRLS"],
                          "group": ["CATEGORY_3", "SOURCE", "SELLER", "BRAND", "CLUSTER", "PRICE_BOUNDARY"],
                          "metric": ["GMV", "GMV_GROWTH", "ITEMS", "AIV", "AIV_GROWTH", "SELLERS", "BRANDS",
                                     "CLUSTERS", "CATEGORY_SHARE", "LEADER_SHARE", "BUYOUT"],
                          "period": ["WEEK", "MONTH", "QUARTER", "YEAR"], "sort": ["ASC", "DESC"]},
    },
    ("POST", "/v1/analytics/decommissioned-goods"): {
        "request_required": {"": ["filter", "page", "page_size"],
                             "filter": ["date_from", "date_to", "delivery_schema"]},
        "request_enums": {"filter.compensation[]": COMPENSATION, "filter.delivery_schema": ["FBO", "FBS"],
                          "filter.dispose_reasons[]": DISPOSE_REASONS, "sort_by": ["DATE", "DISPOSAL_FEE"],
                          "sort_dir": ["ASC", "DESC"]},
        "response_enums": {"items[].compensation_type": COMPENSATION, "items[].delivery_schema": ["FBO", "FBS"],
                           "items[].dispose_reason": DISPOSE_REASONS},
    },
}


class LocationError(KeyError):
    """A documented field the derived schema does not have: the page and the file disagree."""


def node_at(schema: dict, location: str) -> dict:
    """The schema node at a location, looking through the `allOf` wrappers the converter leaves."""
    node = _unwrap(schema)
    for part in filter(None, location.split(".")):
        name, items = (part[:-2], True) if part.endswith("[]") else (part, False)
        properties = node.get("properties") or {}
        if name not in properties:
            raise LocationError(location)
        node = _unwrap(properties[name])
        if items:
            node = _unwrap(node.get("items") or {})
    return node


def _unwrap(node: dict) -> dict:
    while isinstance(node.get("allOf"), list) and len(node["allOf"]) == 1 and "properties" not in node:
        node = node["allOf"][0]
    return node


def apply(doc: dict, key: tuple[str, str]) -> None:
    """Put the page's required lists and enums into the operation's request and response schemas."""
    facts = DOCUMENTED.get(key, {})
    for location, names in facts.get("request_required", {}).items():
        node = node_at(doc["request"], location)
        missing = [n for n in names if n not in (node.get("properties") or {})]
        if missing:
            raise LocationError(f"{key}: {location}: {missing}")
        node["required"] = sorted(set(node.get("required", [])) | set(names))
    for side in ("request", "response"):
        for location, values in facts.get(f"{side}_enums", {}).items():
            node_at(doc[side], location)["enum"] = list(values)
