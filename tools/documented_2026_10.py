"""Required fields and enum values of the operations added since 2026-06, from Ozon's per-operation
documentation pages (mirrored in Livingbeside/mp-docs-mirror, `ozon/api/seller/<tag>/<method>-<path>.md`,
commit bb2e7f41 and earlier, 2026-09/10). The 2026-10 file derived these operations' schemas from a
generated client's models, which carry neither; the pages mark fields "обязательный" and list enum
values. Facts only: one entry per page read.

Locations: "" is the body; `a.b` a nested object; `a[]` the items of an array. Keys: `request_required`,
`request_enums`, `response_enums`, and `request_limits` (keywords such as `maxItems` a page states in prose).
"""

from __future__ import annotations

COMPENSATION = ["NO_COMPENSATION", "PRELIMINARY_COMPENSATION", "CLOSED_COMPENSATION"]
DISPOSE_REASONS = ["ECONOM_UTILIZATION", "SELLER_UTILIZATION", "MISSED_DEADLINE", "MISSED_COURIER_DELIVERY",
                   "PROHIBITED_FOR_SALE", "EXPIRED", "DAMAGED_DUE_TO_PACKAGING", "DAMAGED_BY_CUSTOMER",
                   "SPILLED_DUE_TO_PACKAGING", "OZON_DEFECT", "OZON_LOSS", "OTHER", "REZON", "AUTODISPOSAL_STOCK",
                   "RETURNS_AUTO_INVALID", "RETURNS_AUTO_VALID", "TRUSTBASED_ACCEPTANCE"]
ACT_TYPES = ["UNSPECIFIED", "ACCEPTANCE", "DEFECT", "SURPLUS", "SHORTCOMING"]
ACCORDANCE_TYPES = ["UNKNOWN", "EAEU", "NATIONAL", "CHEMICAL_PRODUCTS", "SAFETY_DATA_SHEET", "REJECTION_LETTER"]
CERTIFICATE_TYPES = ["UNKNOWN", "CERTIFICATE_OF_CONFORMITY", "DECLARATION", "CERTIFICATE_OF_REGISTRATION",
                     "REGISTRATION_CERTIFICATE", "REFUSED_LETTER", "VETERINARY_COVER_DOCUMENT", "SAFETY_DATA_SHEET"]
CERTIFIED_PRODUCT_TYPES = ["UNKNOWN", "PRODUCTS_SUBJECT_TO_REGISTRATION", "PESTICIDE", "AGROCHEMICAL", "FEED_ADDITIVE",
                           "MEDICAL_PRODUCT", "MEDICINE", "VETERINARY_DRUG", "PHARMACEUTICAL_SUBSTANCE"]
CERTIFICATE_PARAMS = ["NAME", "CERTIFICATE_TYPE", "NUMBER", "FILES", "CERTIFICATE_COUNTRY", "ACCORDANCE_TYPE", "SKUS",
                      "ISSUE_DATE", "EXPIRED_DATE", "LINK_TO_REGISTRY", "PRODUCT_TYPE", "INFINITE"]
CERTIFICATE_REQUEST = {
    "request_required": {"params.files[]": ["file_content", "name"]},
    "request_enums": {"params.accordance_type": ACCORDANCE_TYPES, "params.certificate_type": CERTIFICATE_TYPES,
                      "params.product_type": CERTIFIED_PRODUCT_TYPES},
}
OVERPAYMENT_REASONS = ["NO_SUPPLIES_TO_CLUSTER", "MISSING_ITEMS_IN_CLUSTER", "FREQUENT_OUT_OF_STOCK"]
LOCAL_SALE_FILTER_ENUMS = {
    "filter.delivery_schema": ["ALL", "FBO", "FBS"], "filter.overpayment_reasons[]": OVERPAYMENT_REASONS,
    "filter.supply_period": ["ONE_WEEK", "TWO_WEEKS", "FOUR_WEEKS", "EIGHT_WEEKS"],
    "sort_by": ["IMPACT_SHARE", "LOCALITY", "OVERPAYMENT_TOTAL", "OVERPAYMENT_NON_LOCAL", "OVERPAYMENT_DELTA"],
    "sort_dir": ["ASC", "DESC"],
}
LOCAL_SALE_METRICS = {"items[].metrics.attention_level": ["LOW", "MEDIUM", "HIGH"],
                      "items[].metrics.overpayment_reasons[].reason": OVERPAYMENT_REASONS}
FBP_ORDER_ERRORS = [
    "DELIVERY_DRIVER_NAME_LENGTH_MAXIMUM_REACHED", "DELIVERY_VEHICLE_GENRE_LENGTH_MAXIMUM_REACHED",
    "DELIVERY_VEHICLE_REGISTRATION_PLATE_LENGTH_MAXIMUM_REACHED", "DELIVERY_TPL_NAME_LENGTH_MAXIMUM_REACHED",
    "DELIVERY_TRACKING_NUMBER_LENGTH_MAXIMUM_REACHED", "DELIVERY_DRIVER_NAME_EMPTY", "DELIVERY_VEHICLE_GENRE_EMPTY",
    "DELIVERY_VEHICLE_REGISTRATION_PLATE_EMPTY", "DELIVERY_TPL_NAME_EMPTY", "DELIVERY_TRACKING_NUMBER_EMPTY",
    "DELIVERY_BY_SELLER_EMPTY", "DELIVERY_BY_TPL_EMPTY", "RECEIVE_DATE_NOT_SET", "SUPPLY_TYPE_NOT_SUPPORTED",
    "INVALID_BUSINESS_FLOW", "ORDER_LOCKED", "INVALID_TIMESLOT", "DROP_OFF_DETAILS_EMPTY", "PICK_UP_ADDRESS_IS_EMPTY",
    "PICK_UP_SENDER_NAME_IS_EMPTY", "PICK_UP_SENDER_PHONE_IS_EMPTY", "PICK_UP_ADDRESS_IS_TOO_LARGE",
    "PICK_UP_SENDER_NAME_IS_TOO_LARGE", "PICK_UP_SENDER_PHONE_IS_TOO_LARGE", "PICK_UP_COMMENT_IS_TOO_LARGE",
    "PICK_UP_DETAILS_EMPTY", "DROP_OFF_ADDRESS_NOT_SET", "INVALID_DECLINE_REASON_FOR_WAREHOUSE_TYPE",
    "PICK_UP_SENDER_PHONE_HAS_NOT_ALLOWED_CHARS", "TIMESLOT_EMPTY", "TIMESLOT_EXPIRED",
    "BUNDLE_UPDATE_ALREADY_IN_PROGRESS", "INVALID_STATE"]

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
    # read 2026-12-03: betamethod/, certificationapi/, productapi/ and deliveryfbp pages at 7f4e3588 and earlier
    ("POST", "/v1/posting/fbp/get"): {
        "request_required": {"": ["posting_number"]},
    },
    ("POST", "/v1/report/realization/posting/create"): {
        "request_required": {"": ["month", "year"]},
    },
    ("POST", "/v1/supply-order/shipment-plan-compliance/get"): {
        "response_enums": {"restrictions.max_total_quantity_to_supply.applicability": ["DISABLED", "ENABLED"],
                           "restrictions.timeslot_change.applicability": ["DISABLED", "ENABLED"]},
    },
    ("POST", "/v2/product/certificate/create"): dict(CERTIFICATE_REQUEST, response_enums={
        "params[].name": CERTIFICATE_PARAMS, "params[].state": ["VALID", "INVALID", "MISSING"],
        "status": ["INCOMPLETE", "COMPLETED"]}),
    ("POST", "/v2/product/certification/options"): {
        "response_enums": {"option[].name": CERTIFICATE_PARAMS},
    },
    ("POST", "/v2/product/certification/params"): dict(CERTIFICATE_REQUEST, response_enums={
        "params[].name": CERTIFICATE_PARAMS}),
    ("POST", "/v2/product/pictures/import"): {
        "request_required": {"items[]": ["offer_id"]},
        "request_limits": {"items[].images": {"maxItems": 30}},
    },
    ("POST", "/v1/fbp/order/direct/tpl-dlv/edit"): {
        "request_required": {"": ["row_version", "supply_id", "tracking_number", "transport_company_name"]},
        "response_enums": {"error.order_errors[]": FBP_ORDER_ERRORS},
    },
    ("POST", "/v1/analytics/local-sale/total"): {
        "request_required": {"period": ["from", "to"]},
        "response_enums": {"overpayment_items[].delivery_schema[]": ["FBO", "FBS"],
                           "overpayment_reasons[].reason": OVERPAYMENT_REASONS},
    },
    ("POST", "/v1/analytics/local-sale/clusters-items/info"): {
        "request_required": {"": ["filter", "limit"], "filter": ["macrolocal_cluster_to_ids", "period"],
                             "filter.period": ["from", "to"], "filter.description_categories[]": ["category_id"]},
        "request_enums": LOCAL_SALE_FILTER_ENUMS,
        "response_enums": dict(LOCAL_SALE_METRICS, **{"items[].item.delivery_schemas[]": ["FBO", "FBS"]}),
    },
    ("POST", "/v1/analytics/local-sale/items-clusters/info"): {
        "request_required": {"": ["filter", "limit"], "filter": ["period", "skus"], "filter.period": ["from", "to"],
                             "filter.description_categories[]": ["category_id"]},
        "request_enums": LOCAL_SALE_FILTER_ENUMS,
        "response_enums": LOCAL_SALE_METRICS,
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
    """Put the page's required lists, enums and limits into the operation's request and response schemas."""
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
    for location, limits in facts.get("request_limits", {}).items():
        node_at(doc["request"], location).update(limits)
