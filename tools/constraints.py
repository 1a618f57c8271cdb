"""Documented limits and recorded widenings, applied on top of the converted OpenAPI schemas.

Two tables:

* ``CONSTRAINTS`` — limits the documentation states in prose (operation descriptions, the
  OpenAPI ``tags[].description`` texts, ``reference/seed-summary.md`` §4) but the schema does
  not carry. Each entry: method, path, location, constraint keywords, source.
* ``WIDENINGS`` — places where a documented example contradicts its schema and the schema is
  the one judged wrong; the schema is widened in the smallest way. Each entry: method, path,
  side, location, change, reason.

Locations are dotted paths into the JSON document: ``items`` is the property ``items`` of the
root object, ``items[]`` its array elements, ``items[].images`` a property of each element;
``""`` is the root. The walk follows ``properties``/``items`` and, where a node has none,
the branches of ``anyOf``/``allOf`` and local ``$defs`` references. A location that cannot be
found fails the build, so a table entry never silently stops applying.
"""

from __future__ import annotations

import copy
import re
from typing import Any

S4 = "seed-summary.md §4"

# (method, path, location, constraint, source)
CONSTRAINTS: list[dict[str, Any]] = []


def _c(method: str, path: str, location: str, constraint: dict, source: str, side: str = "request") -> None:
    CONSTRAINTS.append({"method": method, "path": path, "location": location, "constraint": constraint,
                        "source": source, "side": side})


D = "op description"            # the operation's own description text (2026-06 file)
F = "field description"          # the property's own description text (2026-06 file)
TAG_ERR = "tags[Errors]"        # the Errors tag text of the 2026-06 file
SEED_ONLY = "seed-only op (schema from tools/seed_schemas.py)"

# --- product import / update -------------------------------------------------------------
_c("POST", "/v3/product/import", "items", {"minItems": 1, "maxItems": 100}, f"{D}; tags[Process]; {S4} (001)")
_c("POST", "/v3/product/import", "items[].offer_id", {"maxLength": 50}, f"{F}; {S4} (001)")
_c("POST", "/v3/product/import", "items[].name", {"maxLength": 500}, f"{F}; {S4} (001)")
# 2026-06 says 30 images including the main one (29 in images when primary_image is set);
# the older seed 001 said 15. The newer, primary file wins; the 29-with-primary rule is left
# to domain validation (it depends on another field).
_c("POST", "/v3/product/import", "items[].images", {"maxItems": 30}, f"{D}; {F} (seed 001 said 15)")
_c("POST", "/v3/product/import", "items[].images360", {"maxItems": 70}, f"{F}; {S4} (001)")
_c("POST", "/v1/product/import-by-sku", "items[].offer_id", {"maxLength": 50}, F)
_c("POST", "/v1/product/import-by-sku", "items[].name", {"maxLength": 500}, F)
_c("POST", "/v1/product/pictures/import", "images", {"maxItems": 30}, f"{D}; {F} (seed 002 said 15)")
_c("POST", "/v1/product/pictures/import", "images360", {"maxItems": 70}, f"{F}; {S4} (002)")
_c("POST", "/v1/product/import", "items", {"maxItems": 1000}, f"{S4} (003); {SEED_ONLY}")
_c("POST", "/v1/product/import", "items[].name", {"maxLength": 500}, f"{S4} (003); {SEED_ONLY}")
_c("POST", "/v1/product/import", "items[].images", {"maxItems": 10}, f"{S4} (003); {SEED_ONLY}")
# seed 003 says 1000 per request, seed 004 says 100: the looser bound is enforced as a 400,
# so a request the older documentation allows is not refused.
_c("POST", "/v2/product/import", "items", {"maxItems": 1000}, f"{S4} (003: 1000, 004: 100); {SEED_ONLY}")
_c("POST", "/v2/product/import", "items[].images", {"maxItems": 10}, f"{S4} (003); {SEED_ONLY}")
_c("POST", "/v1/product/update", "name", {"maxLength": 500}, f"{S4} (003); {SEED_ONLY}")
_c("POST", "/v1/product/update", "images", {"maxItems": 10}, f"{S4} (003); {SEED_ONLY}")
_c("POST", "/v1/product/classify", "products", {"maxItems": 100}, f"{S4} (003); {SEED_ONLY}")
_c("POST", "/v1/product/classify", "products[].name", {"maxLength": 500}, f"{S4} (003); {SEED_ONLY}")
_c("POST", "/v1/product/classify", "products[].img_url", {"maxLength": 1000}, f"{S4} (003); {SEED_ONLY}")
_c("POST", "/v1/product/classify", "products[].vendor", {"maxLength": 100}, f"{S4} (003); {SEED_ONLY}")
_c("POST", "/v1/product/classify", "products[].vendor_code", {"maxLength": 100}, f"{S4} (003); {SEED_ONLY}")
# --- product lists / info ----------------------------------------------------------------
_c("POST", "/v3/product/list", "limit", {"minimum": 1, "maximum": 1000}, f"{D}; {F}; {S4} (002)")
_c("POST", "/v3/product/list", "filter.offer_id", {"maxItems": 1000}, D)
_c("POST", "/v3/product/list", "filter.product_id", {"maxItems": 1000}, D)
_c("POST", "/v3/product/info/list", "offer_id", {"maxItems": 1000}, f"{D} (1000 in total over the three lists)")
_c("POST", "/v3/product/info/list", "product_id", {"maxItems": 1000}, f"{D} (1000 in total over the three lists)")
_c("POST", "/v3/product/info/list", "sku", {"maxItems": 1000}, f"{D} (1000 in total over the three lists)")
_c("POST", "/v4/product/info/attributes", "filter.product_id", {"maxItems": 1000}, F)
_c("POST", "/v4/product/info/stocks", "limit", {"minimum": 1, "maximum": 1000}, F)
_c("POST", "/v5/product/info/prices", "filter.offer_id", {"maxItems": 1000}, F)
_c("POST", "/v5/product/info/prices", "filter.product_id", {"maxItems": 1000}, F)
_c("POST", "/v1/product/related-sku/get", "sku", {"maxItems": 200}, D)
_c("POST", "/v1/product/archive", "product_id", {"maxItems": 100}, F)
_c("POST", "/v1/product/unarchive", "product_id", {"maxItems": 100}, F)
_c("POST", "/v2/products/delete", "products", {"maxItems": 500}, f"{D}; {S4} (004)")
_c("POST", "/v1/product/list", "page_size", {"maximum": 1000}, f"{S4} (003); {SEED_ONLY}")
_c("POST", "/v1/product/info/stocks", "page_size", {"maximum": 1000}, f"{S4} (003); {SEED_ONLY}")
_c("POST", "/v1/product/info/prices", "page_size", {"maximum": 1000}, f"{S4} (003); {SEED_ONLY}")
_c("POST", "/v3/category/attribute", "category_id", {"maxItems": 20}, f"{S4} (004); {SEED_ONLY}")
_c("POST", "/v2/category/attribute/values", "limit", {"minimum": 1, "maximum": 50}, f"{S4} (003); {SEED_ONLY}")
_c("POST", "/v1/description-category/attribute/values", "limit", {"minimum": 1, "maximum": 2000}, F)
_c("POST", "/v1/description-category/attribute/values/search", "limit", {"minimum": 1, "maximum": 100}, F)
_c("POST", "/v1/description-category/attribute/values/search", "value", {"minLength": 2}, F)
# --- barcodes ----------------------------------------------------------------------------
_c("POST", "/v1/barcode/add", "barcodes", {"maxItems": 100}, f"{D}; {S4} (002)")
_c("POST", "/v1/barcode/add", "barcodes[].barcode", {"maxLength": 100}, F)
_c("POST", "/v1/barcode/generate", "product_ids", {"maxItems": 100}, D)
# --- prices / stocks / strategies --------------------------------------------------------
_c("POST", "/v1/product/import/prices", "prices", {"maxItems": 1000}, f"{S4}; tags[Introduction]")
_c("POST", "/v2/products/stocks", "stocks", {"maxItems": 100}, f"{D}; tags[Introduction]; {S4} (004)")
_c("POST", "/v1/product/import/stocks", "stocks", {"maxItems": 100}, f"{S4} (003/004); {SEED_ONLY}")
_c("POST", "/v1/product/update/discount", "discount", {"minimum": 3, "maximum": 99}, F)
_c("POST", "/v1/pricing-strategy/list", "page", {"minimum": 1}, F)
_c("POST", "/v1/pricing-strategy/list", "limit", {"minimum": 1, "maximum": 50}, F)
_c("POST", "/v1/pricing-strategy/competitors/list", "page", {"minimum": 1}, F)
_c("POST", "/v1/pricing-strategy/competitors/list", "limit", {"minimum": 1, "maximum": 50}, F)
_c("POST", "/v1/pricing-strategy/create", "competitors[].coefficient", {"minimum": 0.5, "maximum": 1.2}, F)
_c("POST", "/v1/pricing-strategy/update", "competitors[].coefficient", {"minimum": 0.5, "maximum": 1.2}, F)
_c("POST", "/v1/pricing-strategy/products/add", "product_id", {"maxItems": 50}, F)
_c("POST", "/v1/pricing-strategy/products/delete", "product_id", {"maxItems": 50}, F)
_c("POST", "/v1/pricing-strategy/strategy-ids-by-product-ids", "product_id", {"maxItems": 50}, F)
_c("POST", "/v1/product/stairway-discount/by-quantity/set", "stairways[].stairway.steps",
   {"minItems": 1, "maxItems": 4}, F)
_c("POST", "/v1/product/certificate/list", "page", {"minimum": 1}, F)
_c("POST", "/v1/product/certificate/list", "page_size", {"minimum": 1, "maximum": 1000}, F)
_c("POST", "/v1/product/certificate/products/list", "page", {"minimum": 1}, F)
_c("POST", "/v1/product/certificate/products/list", "page_size", {"minimum": 1, "maximum": 1000}, F)
# --- postings ----------------------------------------------------------------------------
_c("POST", "/v2/posting/fbs/package-label", "posting_number", {"maxItems": 20}, f"{D}; {S4} (004)")
_c("POST", "/v2/fbs/posting/tracking-number/set", "tracking_numbers", {"maxItems": 20}, D)
_c("POST", "/v2/posting/fbs/awaiting-delivery", "posting_number", {"maxItems": 100}, F)
_c("POST", "/v2/posting/fbo/list", "limit", {"minimum": 1, "maximum": 1000}, f"{F} (seed 003 said 1..50)")
_c("POST", "/v2/posting/fbo/list", "offset", {"maximum": 20000}, f"{F}; {TAG_ERR} MAX_OFFSET_EXCEEDED")
_c("POST", "/v3/posting/fbs/list", "limit", {"minimum": 1, "maximum": 1000}, F)
_c("POST", "/v3/posting/fbs/unfulfilled/list", "limit", {"minimum": 1, "maximum": 1000}, F)
_c("POST", "/v1/posting/digital/list", "limit", {"minimum": 1, "maximum": 1000}, F)
_c("POST", "/v1/posting/digital/list", "offset", {"maximum": 20000}, F)
_c("POST", "/v2/posting/fbs/list", "limit", {"minimum": 1, "maximum": 50}, f"{S4} (003); {SEED_ONLY}")
_c("POST", "/v2/posting/fbs/unfulfilled/list", "limit", {"minimum": 1, "maximum": 50}, f"{S4} (003); {SEED_ONLY}")
_c("POST", "/v2/posting/crossborder/list", "limit", {"minimum": 1, "maximum": 50}, f"{S4} (003); {SEED_ONLY}")
_c("POST", "/v2/posting/crossborder/unfulfilled/list", "limit", {"minimum": 1, "maximum": 50},
   f"{S4} (003); {SEED_ONLY}")
_c("POST", "/v1/order/list", "page_size", {"maximum": 1000}, f"{S4} (003); {SEED_ONLY}")
_c("POST", "/v1/order/unfulfilled", "page_size", {"maximum": 1000}, f"{S4} (003); {SEED_ONLY}")
# /v1/delivery-method/list limit: prose says 1..50 but the operation's own example sends 100 -> only the minimum
_c("POST", "/v1/delivery-method/list", "limit", {"minimum": 1}, f"{F} (maximum 50 not enforced: the example sends 100)")
_c("POST", "/v1/returns/list", "limit", {"maximum": 500}, F)
_c("POST", "/v1/returns/list", "filter.posting_numbers", {"maxItems": 50}, F)
_c("POST", "/v1/returns/company/fbs/info", "pagination.limit", {"maximum": 500}, F)
# --- supplies / cargoes --------------------------------------------------------------------
_c("POST", "/v1/cargoes/delete", "cargo_ids", {"maxItems": 70}, F)
_c("POST", "/v1/cargoes/rules/get", "supply_ids", {"maxItems": 100}, F)
_c("POST", "/v1/supply-order/content/update", "items", {"maxItems": 5000}, F)
_c("POST", "/v1/supply-order/bundle", "item_tags_calculation.storage_warehouse_ids", {"maxItems": 25}, F)
# --- chats / reviews / questions -----------------------------------------------------------
_c("POST", "/v3/chat/list", "limit", {"maximum": 100}, F)
_c("POST", "/v3/chat/history", "limit", {"maximum": 1000}, F)
_c("POST", "/v1/chat/list", "page_size", {"maximum": 1000}, f"{S4} (003); {SEED_ONLY}")
_c("POST", "/v1/chat/send/message", "text", {"minLength": 1, "maxLength": 1000}, F)
_c("POST", "/v1/review/list", "limit", {"minimum": 20, "maximum": 100}, F)
_c("POST", "/v1/review/comment/list", "limit", {"minimum": 20, "maximum": 100}, F)
_c("POST", "/v1/review/list", "status", {"enum": ["ALL", "UNPROCESSED", "PROCESSED"]}, F)
_c("POST", "/v1/review/list", "sort_dir", {"enum": ["ASC", "DESC"]}, F)
_c("POST", "/v1/review/change-status", "review_ids", {"minItems": 1, "maxItems": 100}, F)
_c("POST", "/v1/review/change-status", "status", {"enum": ["PROCESSED", "UNPROCESSED"]}, F)
_c("POST", "/v1/question/answer/create", "text", {"minLength": 2, "maxLength": 3000}, F)
# --- analytics / reports / invoices ---------------------------------------------------------
_c("POST", "/v1/analytics/data", "limit", {"minimum": 1, "maximum": 1000}, F)
_c("POST", "/v1/analytics/data", "metrics", {"maxItems": 14}, F)
_c("POST", "/v1/analytics/product-queries", "skus", {"maxItems": 1000}, F)
_c("POST", "/v1/analytics/product-queries/details", "skus", {"maxItems": 1000}, F)
_c("POST", "/v1/analytics/product-queries/details", "limit_by_sku", {"maximum": 15}, F)
_c("POST", "/v1/analytics/product-queries/details", "page", {"minimum": 0}, F)
# page_size: prose says at most 100 but the operation's own example sends 1000 -> not enforced
_c("POST", "/v1/report/list", "page_size", {"maximum": 1000}, f"{S4} (003)")
_c("POST", "/v1/report/warehouse/stock", "warehouseId", {"maxItems": 50}, F)
_c("POST", "/v2/invoice/create-or-update", "number", {"maxLength": 50}, F)


# (method, path, side, location, change, reason)
WIDENINGS: list[dict[str, Any]] = []


def _w(method: str, path: str, side: str, location: str, change: dict, reason: str) -> None:
    WIDENINGS.append({"method": method, "path": path, "side": side, "location": location,
                      "change": change, "reason": reason})


_w("POST", "/v2/returns/rfbs/list", "response", "returns", {"wrap_in_array": True},
   "a list method with a last_id cursor whose example returns an array; the schema typed one object")
CURSOR = "cursor typed as a number but documented examples carry an opaque base64 string"
_w("POST", "/v1/actions/candidates", "request", "last_id", {"add_type": "string", "drop_keywords": ["pattern"]}, CURSOR)
_w("POST", "/v1/actions/candidates", "response", "result.last_id", {"add_type": "string"}, CURSOR)
_w("POST", "/v1/actions/products", "request", "last_id", {"add_type": "string", "drop_keywords": ["pattern"]}, CURSOR)
_w("POST", "/v1/actions/products", "response", "result.last_id", {"add_type": "string"}, CURSOR)
_w("POST", "/v1/actions/discounts-task/list", "request", "status", {"add_enum": ["UNKNOWN"]},
   "example filters by status UNKNOWN, which the enum omits (the enum's zero value)")
_w("POST", "/v1/analytics/average-delivery-time", "request", "delivery_schema", {"add_enum": ["ALL"]},
   "example sends ALL while the enum spells it All; both accepted")
_w("POST", "/v1/assembly/fbs/posting/list", "request", "filter.delivery_method_id", {"drop_keywords": ["maximum"]},
   "maximum 1000 on an id is a copy of the page-size limit; real ids are far larger (example 323123321)")
_w("POST", "/v1/polygon/bind", "request", "delivery_method_id", {"set": {"format": "int64"}},
   "int32 here only: the same id is int64 in 18 other request schemas and in /v1/delivery-method/list, "
   "whose example id 15588127982000 is beyond int32 (a bound that refuses the ids Ozon hands out)")
_w("POST", "/v1/posting/fbs/package-label/get", "request", "task_id", {"add_type": "string", "drop_keywords": ["pattern"]},
   "task id typed int64 but the example uses a dashed string ('323231234-1234')")
_w("POST", "/v1/product/action/timer/update", "request", "product_ids", {"add_type": "integer"},
   "array field but the example sends a single number; a bare id is accepted as well")
_w("POST", "/v1/supply-order/bundle", "request", "item_tags_calculation.dropoff_warehouse_id", {"add_type": "integer"},
   "warehouse id typed string (no int64 format) but the example sends a number")
_w("POST", "/v1/warehouse/fbs/update", "request", "name", {"drop_keywords": ["minLength"], "set": {"maxLength": 100}},
   "minLength 100 on a warehouse name is an inverted maxLength; the example name is 14 characters")
_w("POST", "/v2/posting/digital/list", "request", "sort_dir", {"add_enum": ["asc", "desc"]},
   "example sends lowercase sort direction")
_w("POST", "/v4/posting/fbs/list", "request", "sort_dir", {"add_enum": ["asc", "desc"]},
   "example sends lowercase sort direction")
_w("POST", "/v4/posting/fbs/unfulfilled/list", "request", "sort_dir", {"add_enum": ["asc", "desc"]},
   "example sends lowercase sort direction")
_w("POST", "/v2/report/returns/create", "request", "filter.delivery_schema", {"add_enum": ["fbs", "fbo", "all"]},
   "example sends lowercase delivery schema")
_w("POST", "/v2/review/list", "request", "filters.order_status", {"add_enum": ["NEW"]},
   "the example swaps the status and order_status values; both are accepted")
_w("POST", "/v2/review/list", "request", "filters.status", {"add_enum": ["DELIVERED"]},
   "the example swaps the status and order_status values; both are accepted")
_w("POST", "/v2/review/list", "request", "limit",
   {"drop_keywords": ["minimum"], "set": {"anyOf": [{"enum": [0, "0"]}, {"minimum": 20}]}},
   "limit 0 in the example is protojson's 'not set'; otherwise the documented minimum 20 holds")
_w("POST", "/v4/fbs/posting/product/exemplar/set", "request", "products[].exemplars[].jw_uin", {"add_type": "string"},
   "array of strings, but the example sends an empty string")
_w("POST", "/v4/fbs/posting/product/exemplar/validate", "request", "products[].exemplars[].jw_uin", {"add_type": "string"},
   "array of strings, but the example sends an empty string")
_w("POST", "/v1/finance/balance", "request", "date_from", {"drop_keywords": ["format"]},
   "typed date-time, but the field text and the example use a plain date (YYYY-MM-DD)")
_w("POST", "/v1/finance/balance", "request", "date_to", {"drop_keywords": ["format"]},
   "typed date-time, but the field text and the example use a plain date (YYYY-MM-DD)")

# Response side: a schema its own documents contradict, the documents' reading kept.
_w("POST", "/v1/product/certificate/create", "response", "",
   {"set": {"type": "object", "properties": {"id": {"type": "integer", "format": "int64"}}}},
   "the schema says a bare integer, its example answers {\"id\": 50058} (the object ozonapi-async models)")
_w("POST", "/v1/rating/summary", "response", "localization_index",
   {"drop_keywords": ["items"], "set": {"type": "object", "properties": {
       "calculation_date": {"type": "string", "format": "date-time"},
       "localization_percentage": {"type": "integer", "format": "int32"}}}},
   "the property has `items` but no type; its text speaks of the parameter's fields (empty without sales), "
   "ozonapi-async models an object and ozon-sdk reshapes an object into its list")

# Response side: seed-only schemas whose table left out what the method answers.
_w("POST", "/v1/product/info/stocks", "response", "result", {"add_properties": {"total": {"type": "integer"}}},
   "the seed's example answer carries result.total; its table left it out")
_w("POST", "/v2/category/attribute/values", "response", "", {"add_properties": {"has_next": {"type": "boolean"}}},
   "the 2023-10 swagger file answers has_next beside result; the seed table left it out")
_w("POST", "/v2/category/attribute", "response", "", {"wrap_in_result_list": True},
   "the seed example shows one attribute; the answer is {result: [attribute, ...]} as in v1 and v3")

# Response side: ids above 2**53 travel as strings (JSON numbers cannot carry them exactly;
# one example value even exceeds int64), so these integer ids also accept numeric strings.
BIG_ID = "integer id whose documented values exceed 2**53 and are shown as strings"
for _path in ("/v3/chat/list", "/v2/chat/list"):
    _w("POST", _path, "response", "chats[].first_unread_message_id", {"add_type": "string"}, BIG_ID)
    _w("POST", _path, "response", "chats[].last_message_id", {"add_type": "string"}, BIG_ID)
_w("POST", "/v3/chat/history", "response", "messages[].message_id", {"add_type": "string"}, BIG_ID)
_w("POST", "/v2/chat/history", "response", "messages[].messageId", {"add_type": "string"}, BIG_ID)

# Response side: protojson writes null for an unset message field (and for an unset
# google.protobuf.Timestamp); the posting examples show exactly that, so these fields are nullable.
UNSET_NULL = "example shows null for an unset message/timestamp field (protojson emits null for those)"
_NULLABLE = {
    "/v3/posting/fbs/get": [
        "result.addressee", "result.analytics_data", "result.barcodes", "result.courier", "result.customer",
        "result.delivering_date", "result.fact_delivery_date", "result.financial_data",
        "result.pickup_code_verified_at", "result.product_exemplars", "result.related_postings",
        "result.tariffication_steps[].min_charge"],
    "/v3/posting/fbs/list": [
        "result.postings[].addressee", "result.postings[].analytics_data.client_delivery_date_begin",
        "result.postings[].analytics_data.client_delivery_date_end", "result.postings[].customer",
        "result.postings[].delivering_date", "result.postings[].pickup_code_verified_at",
        "result.postings[].tariffication_steps[].min_charge"],
    "/v4/posting/fbs/list": ["postings[].pickup_code_verified_at"],
    "/v4/posting/fbs/unfulfilled/list": [
        "postings[].addressee", "postings[].analytics_data.client_delivery_date_begin",
        "postings[].analytics_data.client_delivery_date_end", "postings[].customer", "postings[].container",
        "postings[].delivering_date", "postings[].pickup_code_verified_at",
        "postings[].tariffication.next_tariff_charge", "postings[].tariffication.next_tariff_min_charge",
        "postings[].tariffication.next_tariff_starts_at", "postings[].tariffication_steps[].min_charge"],
    "/v3/posting/fbo/list": [
        "postings[].analytics_data.client_delivery_date_begin", "postings[].analytics_data.client_delivery_date_end",
        "postings[].cancellation", "postings[].legal_info"],
    "/v2/posting/digital/list": ["postings[].analytics_data.warehouse_id"],
    "/v1/conditional-cancellation/list": ["result[].approve_date"],
    "/v1/returns/list": ["returns[].return_clearing_id"],
}
for _path, _locs in _NULLABLE.items():
    for _loc in _locs:
        _w("POST", _path, "response", _loc, {"add_type": "null"}, UNSET_NULL)


STATS: dict[str, Any] = {}



# --------------------------------------------------------------------------- navigation
class LocationError(LookupError):
    pass


def _deref(node: dict, root: dict) -> dict:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return root["$defs"][ref.split("/")[-1]]
    return node


def _candidates(node: dict, root: dict) -> list[dict]:
    node = _deref(node, root)
    out = [node]
    for comb in ("anyOf", "allOf"):
        for sub in node.get(comb, []):
            out.extend(_candidates(sub, root))
    return out


def find_nodes(root: dict, location: str) -> list[dict]:
    """All schema nodes at ``location`` (several when anyOf branches each declare it)."""
    nodes = [root]
    if location == "":
        return nodes
    for seg in location.split("."):
        name, arrays = re.fullmatch(r"([^\[\]]+)((?:\[\])*)", seg).groups()
        nxt = []
        for n in nodes:
            for c in _candidates(n, root):
                if name in c.get("properties", {}):
                    nxt.append(c["properties"][name])
        for _ in range(len(arrays) // 2):
            nxt = [_deref(c, root)["items"] for n in nxt for c in _candidates(n, root) if "items" in c]
        if not nxt:
            raise LocationError(f"{location} (segment {seg!r} not found)")
        nodes = nxt
    return [_deref(n, root) for n in nodes]


# --------------------------------------------------------------------------- applying
def _add_type(node: dict, extra: str) -> None:
    t = node.get("type")
    if t is None:
        return
    types = t if isinstance(t, list) else [t]
    if extra not in types:
        node["type"] = types + [extra]
    if extra == "null" and "enum" in node and None not in node["enum"]:
        node["enum"] = node["enum"] + [None]


def apply_change(node: dict, change: dict) -> None:
    for key, val in change.items():
        if key == "add_type":
            for t in val if isinstance(val, list) else [val]:
                _add_type(node, t)
        elif key == "drop_keywords":
            for k in val:
                node.pop(k, None)
        elif key == "add_enum":
            if "enum" in node:
                node["enum"] = node["enum"] + [v for v in val if v not in node["enum"]]
        elif key == "drop_required":
            if "required" in node:
                node["required"] = [r for r in node["required"] if r not in val]
                if not node["required"]:
                    del node["required"]
        elif key == "set":
            node.update(val)
        elif key == "wrap_in_array":
            item = dict(node)
            node.clear()
            node.update({"type": "array", "items": item})
        elif key == "add_properties":
            node.setdefault("properties", {}).update(copy.deepcopy(val))
        elif key == "wrap_in_result_list":
            dialect = node.pop("$schema", None)
            item = dict(node)
            node.clear()
            if dialect:
                node["$schema"] = dialect
            node.update({"type": "object", "properties": {"result": {"type": "array", "items": item}}})
        else:
            raise ValueError(f"unknown widening {key}")


def reset_stats() -> None:
    STATS.update({"constraints": 0, "widenings": 0, "missing": [], "already": []})


reset_stats()


def apply_all(doc: dict) -> None:
    op = doc["operation"]
    for entry in CONSTRAINTS:
        if (entry["method"], entry["path"]) != (op["method"], op["path"]):
            continue
        schema = doc[entry["side"]]
        if schema is None:
            raise LocationError(f"{op['method']} {op['path']}: no {entry['side']} schema")
        try:
            nodes = find_nodes(schema, entry["location"])
        except LocationError:
            if any(src.startswith("spec-") for src in op["sources"]):
                raise
            # a seed-derived schema without this field: report, do not break the build
            STATS["missing"].append(f"{op['method']} {op['path']} {entry['location']}")
            continue
        changed = False
        for node in nodes:
            for k, v in entry["constraint"].items():
                cur = node.get(k)
                # never loosen a stricter documented bound
                if cur is not None and k.startswith("max"):
                    v = min(cur, v)
                elif cur is not None and k.startswith("min"):
                    v = max(cur, v)
                changed = changed or cur != v
                node[k] = v
        if not changed:
            STATS["already"].append(f"{op['method']} {op['path']} {entry['location']}")
        STATS["constraints"] += 1
    for entry in WIDENINGS:
        if (entry["method"], entry["path"]) != (op["method"], op["path"]):
            continue
        schema = doc[entry["side"]]
        for node in find_nodes(schema, entry["location"]):
            apply_change(node, entry["change"])
        STATS["widenings"] += 1
