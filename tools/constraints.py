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

import re
from typing import Any

S4 = "seed-summary.md §4"

# (method, path, location, constraint, source)
CONSTRAINTS: list[dict[str, Any]] = []


def _c(method: str, path: str, location: str, constraint: dict, source: str, side: str = "request") -> None:
    CONSTRAINTS.append({"method": method, "path": path, "location": location, "constraint": constraint,
                        "source": source, "side": side})


# --- product import ---------------------------------------------------------------------
_c("POST", "/v3/product/import", "items", {"minItems": 1, "maxItems": 100},
   "op description /v3/product/import; " + S4)
_c("POST", "/v3/product/import", "items[].offer_id", {"maxLength": 50}, S4 + " (001)")
_c("POST", "/v3/product/import", "items[].name", {"maxLength": 500}, S4 + " (001)")
_c("POST", "/v3/product/import", "items[].images", {"maxItems": 15}, S4 + " (001): ≤15 images incl. the main one")
_c("POST", "/v3/product/import", "items[].images360", {"maxItems": 70}, S4 + " (001)")
# --- prices / stocks --------------------------------------------------------------------
_c("POST", "/v1/product/import/prices", "prices", {"maxItems": 1000}, "op description; " + S4)
_c("POST", "/v2/products/stocks", "stocks", {"maxItems": 100}, "op description; " + S4 + " (004)")
_c("POST", "/v1/product/import/stocks", "stocks", {"maxItems": 100}, S4 + " (003/004)")
_c("POST", "/v2/products/delete", "products", {"maxItems": 500}, "op description; " + S4 + " (004)")
# --- postings ---------------------------------------------------------------------------
_c("POST", "/v2/posting/fbs/package-label", "posting_number", {"maxItems": 20}, "op description; " + S4 + " (004)")
# --- barcodes ---------------------------------------------------------------------------
_c("POST", "/v1/barcode/add", "barcodes", {"maxItems": 100}, "op description; " + S4 + " (002)")
# --- lists ------------------------------------------------------------------------------
_c("POST", "/v3/product/list", "limit", {"minimum": 1, "maximum": 1000}, "op description; " + S4 + " (002)")


# (method, path, side, location, change, reason)
WIDENINGS: list[dict[str, Any]] = []


def _w(method: str, path: str, side: str, location: str, change: dict, reason: str) -> None:
    WIDENINGS.append({"method": method, "path": path, "side": side, "location": location,
                      "change": change, "reason": reason})


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
_w("POST", "/v1/posting/digital/codes/upload", "request", "exemplars_by_sku[]", {"drop_required": ["posting_number"]},
   "per-SKU entries marked posting_number as required, but posting_number sits on the top level in the example")
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
_w("POST", "/v2/products/stocks", "request", "stocks[]", {"drop_required": ["quant_size"]},
   "quant_size is listed as required but is not even a declared property; the example omits it")
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


STATS = {"constraints": 0, "widenings": 0, "pending": 0}


def _is_placeholder(schema: Any) -> bool:
    return isinstance(schema, dict) and set(schema) - {"$schema"} == {"type"} and schema["type"] == "object"


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
            raise LocationError(location)
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
        else:
            raise ValueError(f"unknown widening {key}")


def apply_all(doc: dict) -> None:
    op = doc["operation"]
    for entry in CONSTRAINTS:
        if (entry["method"], entry["path"]) != (op["method"], op["path"]):
            continue
        schema = doc[entry["side"]]
        if _is_placeholder(schema):
            STATS["pending"] += 1  # seed-only op still without a real schema: nothing to attach to
            continue
        if schema is None:
            raise LocationError(f"{op['method']} {op['path']}: no {entry['side']} schema")
        for node in find_nodes(schema, entry["location"]):
            for k, v in entry["constraint"].items():
                cur = node.get(k)
                # never loosen a stricter documented bound
                if cur is not None and k.startswith("max"):
                    v = min(cur, v)
                elif cur is not None and k.startswith("min"):
                    v = max(cur, v)
                node[k] = v
        STATS["constraints"] += 1
    for entry in WIDENINGS:
        if (entry["method"], entry["path"]) != (op["method"], op["path"]):
            continue
        schema = doc[entry["side"]]
        for node in find_nodes(schema, entry["location"]):
            apply_change(node, entry["change"])
        STATS["widenings"] += 1
