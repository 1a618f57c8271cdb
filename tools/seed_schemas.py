"""JSON Schemas for the operations that only the seed documents describe.

78 rows of ``reference/endpoints.tsv`` carry nothing but ``seed:*`` sources: no
OpenAPI file has them, so their request/response schemas are built here from
``reference/seed-catalog.json`` (field tables + examples) and, where the seeds
only give a title or a sentence, from the nearest documented version in the
OpenAPI file.  ``tools/build_schemas.py`` imports :func:`build_seed_operations`
and writes the ``schemas/*.json`` files; the rules those files follow are in
``docs/schema-format.md`` and every choice made here is listed in
``docs/assumptions.md``.

How one operation is built:

1. catalog-documented ops: the dotted field list becomes a schema tree (arrays
   are recognised from the field type or from the example), required flags and
   enums are copied, then every key of the seed's example that the table missed
   is added with the type the example shows;
2. the per-operation fix-ups below repair what the tables get wrong (recursive
   trees, attribute value shapes, enums the examples contradict);
3. documented limits from :data:`SEED_LIMITS` are applied;
4. operations documented only by a title or a sentence get a hand-written shape
   (:data:`_HAND`), partly taken from the newer version in the OpenAPI file;
5. request schemas get protojson widening (integers and numbers also accepted
   as numeric strings);
6. every example is validated against its schema -- a failure is a build error.
"""

from __future__ import annotations

import copy
import csv
import json
import pathlib
import re
from collections import defaultdict
from typing import Any, Callable

from jsonschema import Draft202012Validator

from ozmock.generate.constraints import type_of

__all__ = ["build_seed_operations", "seed_only_operations", "SEED_LIMITS"]

DRAFT = "https://json-schema.org/draft/2020-12/schema"
INT_PATTERN = "^-?[0-9]+$"
NUM_PATTERN = "^-?[0-9]+(\\.[0-9]+)?$"
PATH_PARAM = {"type": ["integer", "string"], "pattern": "^[0-9]+$"}

Schema = dict[str, Any]
OpKey = tuple[str, str]


# ---------------------------------------------------------------------------
# small schema constructors (response-side types; requests are widened later)
# ---------------------------------------------------------------------------

def s(**kw: Any) -> Schema:
    return {"type": "string", **kw}


def i(**kw: Any) -> Schema:
    return {"type": "integer", **kw}


def n(**kw: Any) -> Schema:
    return {"type": "number", **kw}


def b() -> Schema:
    return {"type": "boolean"}


def dt() -> Schema:
    return {"type": "string", "format": "date-time"}


def arr(items: Schema, **kw: Any) -> Schema:
    return {"type": "array", "items": items, **kw}


def obj(props: dict[str, Schema] | None = None, required: tuple[str, ...] | list[str] = (),
        **kw: Any) -> Schema:
    out: Schema = {"type": "object", "properties": dict(props or {})}
    if required:
        out["required"] = list(required)
    out.update(kw)
    return out


def ref(name: str) -> Schema:
    return {"$ref": f"#/$defs/{name}"}


def at(schema: Schema, dotted: str) -> Schema:
    """The sub-schema at a dotted field path (array levels are stepped through)."""
    node = schema
    if dotted:
        for part in dotted.split("."):
            while node.get("type") == "array":
                node = node["items"]
            node = node["properties"][part]
    return node


def items_of(schema: Schema, dotted: str) -> Schema:
    """The item schema of the array at ``dotted``."""
    node = at(schema, dotted)
    assert node.get("type") == "array", (dotted, node)
    return node["items"]


# ---------------------------------------------------------------------------
# documented limits (source named per row; tools/constraints.py may import it)
# ---------------------------------------------------------------------------

# (method, path, side, dotted field, keywords, source)
SEED_LIMITS: list[tuple[str, str, str, str, Schema, str]] = [
    # paging
    ("POST", "/v1/chat/list", "request", "page_size", {"maximum": 1000}, "003: default 100, max 1000"),
    ("POST", "/v1/order/list", "request", "page_size", {"maximum": 1000}, "003: default 100, max 1000"),
    ("POST", "/v1/order/unfulfilled", "request", "page_size", {"maximum": 1000}, "003: default 100, max 1000"),
    ("POST", "/v1/product/list", "request", "page_size", {"maximum": 1000}, "003: default 20, max 1000"),
    ("POST", "/v1/product/info/stocks", "request", "page_size", {"maximum": 1000}, "003: default 20, max 1000"),
    ("POST", "/v1/product/info/prices", "request", "page_size", {"maximum": 1000}, "003: default 20, max 1000"),
    ("POST", "/v2/posting/fbs/list", "request", "limit", {"minimum": 1, "maximum": 50}, "003: limit 1..50"),
    ("POST", "/v2/posting/fbs/unfulfilled/list", "request", "limit", {"minimum": 1, "maximum": 50}, "003: limit 1..50"),
    ("POST", "/v2/posting/crossborder/list", "request", "limit", {"minimum": 1, "maximum": 50}, "003: limit 1..50"),
    ("POST", "/v2/posting/crossborder/unfulfilled/list", "request", "limit", {"minimum": 1, "maximum": 50}, "003: limit 1..50"),
    ("POST", "/v2/category/attribute/values", "request", "limit", {"minimum": 1, "maximum": 50}, "003: limit 1..50"),
    # batch sizes
    ("POST", "/v1/product/classify", "request", "products", {"maxItems": 100}, "003: up to 100 products"),
    ("POST", "/v1/product/import", "request", "items", {"maxItems": 1000}, "003: up to 1000 items"),
    ("POST", "/v2/product/import", "request", "items", {"maxItems": 100}, "004: up to 100 items (003 says 1000; see assumptions)"),
    ("POST", "/v1/product/import/stocks", "request", "stocks", {"maxItems": 100}, "003: up to 100 products"),
    ("POST", "/v3/category/attribute", "request", "category_id", {"maxItems": 20}, "004: at most 20 category ids"),
    ("POST", "/v4/product/info/prices", "request", "limit", {"minimum": 1, "maximum": 1000}, "004: at most 1000 products"),
    ("POST", "/v4/product/info/prices", "request", "filter.offer_id", {"maxItems": 1000}, "004: at most 1000 products"),
    ("POST", "/v4/product/info/prices", "request", "filter.product_id", {"maxItems": 1000}, "004: at most 1000 products"),
    # images
    ("POST", "/v1/product/import", "request", "items.images", {"maxItems": 10}, "003: at most 10 images"),
    ("POST", "/v2/product/import", "request", "items.images", {"maxItems": 10}, "003: at most 10 images"),
    ("POST", "/v1/product/update", "request", "images", {"maxItems": 10}, "003: at most 10 images"),
    ("POST", "/v1/product/import", "request", "items.images.file_name", {"maxLength": 1000}, "003: URL up to 1000 chars"),
    ("POST", "/v2/product/import", "request", "items.images", {"items": {"type": "string", "maxLength": 1000}}, "003: URL up to 1000 chars"),
    ("POST", "/v1/product/update", "request", "images.file_name", {"maxLength": 1000}, "003: URL up to 1000 chars"),
    ("POST", "/v1/product/classify", "request", "products.img_url", {"maxLength": 1000}, "003: URL up to 1000 chars"),
    # text lengths
    ("POST", "/v1/product/classify", "request", "products.name", {"maxLength": 500}, "003: name up to 500 chars"),
    ("POST", "/v1/product/classify", "request", "products.vendor", {"maxLength": 100}, "003: up to 100 chars"),
    ("POST", "/v1/product/classify", "request", "products.vendor_code", {"maxLength": 100}, "003: up to 100 chars"),
    ("POST", "/v1/product/import", "request", "items.name", {"maxLength": 500}, "003: name up to 500 chars"),
    ("POST", "/v1/product/import", "request", "items.vendor", {"maxLength": 100}, "003: up to 100 chars"),
    ("POST", "/v1/product/import", "request", "items.vendor_code", {"maxLength": 100}, "003: up to 100 chars"),
    ("POST", "/v2/product/import", "request", "items.name", {"maxLength": 500}, "003/001: name up to 500 chars"),
    ("POST", "/v1/product/update", "request", "name", {"maxLength": 500}, "003: name up to 500 chars"),
    ("POST", "/v1/product/update", "request", "vendor", {"maxLength": 100}, "003: up to 100 chars"),
    ("POST", "/v1/product/update", "request", "vendor_code", {"maxLength": 100}, "003: up to 100 chars"),
    # formats
    ("POST", "/v1/report/transactions/create", "request", "date_from", {"format": "date"}, "003: YYYY-MM-DD"),
    ("POST", "/v1/report/transactions/create", "request", "date_to", {"format": "date"}, "003: YYYY-MM-DD"),
]


# ---------------------------------------------------------------------------
# inputs
# ---------------------------------------------------------------------------

def seed_only_operations(shared_dir: pathlib.Path) -> list[OpKey]:
    """(METHOD, path) rows of endpoints.tsv whose sources are all ``seed:*``."""
    out: list[OpKey] = []
    with open(shared_dir / "reference" / "endpoints.tsv", encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if not row or row[0].startswith("#"):
                continue
            method, path, sources = row[0], row[1], row[2]
            srcs = [x.strip() for x in sources.split(",") if x.strip()]
            if srcs and all(x.startswith("seed:") for x in srcs) and (method, path) not in out:
                out.append((method, path))
    return out


class OpenAPI:
    """Read-only access to sub-schemas of the OpenAPI files, converted to our rules."""

    _DROP = {"description", "title", "summary", "example", "examples", "externalDocs",
             "xml", "deprecated", "readOnly", "writeOnly"}
    _TYPE_NAMES = {"int": "integer", "int32": "integer", "int64": "integer", "bool": "boolean",
                   "timestamp": "string", "enum": "string", "file": "string"}
    _FORMATS = {"date-time", "date", "time", "uri", "email", "uuid"}

    def __init__(self, shared_dir: pathlib.Path) -> None:
        self._dir = shared_dir / "ozon-openapi"
        self._docs: dict[str, Any] = {}

    def _doc(self, name: str) -> Any:
        if name not in self._docs:
            with open(self._dir / name, encoding="utf-8") as fh:
                self._docs[name] = json.load(fh)
        return self._docs[name]

    def schema(self, path: str, side: str, pointer: str = "",
               doc: str = "ozon-seller-openapi.json") -> Schema:
        d = self._doc(doc)
        op = next(iter(d["paths"][path].values()))
        if side == "request":
            raw = op["requestBody"]["content"]["application/json"]["schema"]
        else:
            raw = op["responses"]["200"]["content"]["application/json"]["schema"]
        out = self._convert(d, raw, ())
        for part in [p for p in pointer.split(".") if p]:
            out = at(out, part)
        return copy.deepcopy(out)

    def _convert(self, d: Any, node: Any, seen: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [self._convert(d, x, seen) for x in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            name = node["$ref"]
            if name in seen:
                raise ValueError(f"recursive OpenAPI schema {name} is not borrowed here")
            target: Any = d
            for part in name[2:].split("/"):
                target = target[part]
            return self._convert(d, target, seen + (name,))
        out: Schema = {}
        for key, val in node.items():
            if key in self._DROP or key.startswith("x-") or key == "nullable":
                continue
            if key == "enum" and val is None:
                continue
            if key == "format" and val not in self._FORMATS:
                continue
            if key == "properties":
                out[key] = {k: self._convert(d, v, seen) for k, v in val.items()}
            elif key == "oneOf":
                out["anyOf"] = self._convert(d, val, seen)
            elif key == "type":
                if val == "array of strings":
                    out["type"] = "array"
                    out["items"] = {"type": "string"}
                else:
                    out["type"] = self._TYPE_NAMES.get(val, val)
                    if val == "timestamp":
                        out["format"] = "date-time"
            else:
                out[key] = self._convert(d, val, seen)
        if "type" not in out:
            if "properties" in out:
                out["type"] = "object"
            elif "items" in out:
                out["type"] = "array"
        if node.get("nullable") and isinstance(out.get("type"), str):
            out["type"] = [out["type"], "null"]
        return out


# ---------------------------------------------------------------------------
# catalog fields + example -> schema
# ---------------------------------------------------------------------------

_SCALARS: dict[str, Callable[[], Schema]] = {
    "string": s, "integer": i, "number": n, "boolean": b, "string(date-time)": dt,
    "binary(pdf)": s,
}


def _example_values(example: Any) -> dict[str, list[Any]]:
    """Dotted path -> every value found there (array levels flattened)."""
    found: dict[str, list[Any]] = defaultdict(list)

    def walk(value: Any, path: str) -> None:
        if path:
            found[path].append(value)
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, f"{path}.{k}" if path else k)
        elif isinstance(value, list):
            for v in value:
                if isinstance(v, (dict, list)):
                    walk_inner(v, path)

    def walk_inner(value: Any, path: str) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, f"{path}.{k}" if path else k)
        elif isinstance(value, list):
            for v in value:
                walk_inner(v, path)

    walk(example, "")
    return found


def infer(value: Any) -> Schema:
    """A schema that the example value satisfies (used for keys the tables miss)."""
    kind = type_of(value)
    if kind == "object":
        return obj({k: infer(v) for k, v in value.items()})
    if kind == "array":
        item: Schema | None = None
        for v in value:
            item = infer(v) if item is None else _union(item, infer(v))
        return arr(item if item is not None else s())
    if kind == "null":
        return {"type": "null"}
    return {"type": kind}


def _union(a: Schema, c: Schema) -> Schema:
    if a.get("type") == "object" and c.get("type") == "object":
        props = dict(a["properties"])
        for k, v in c["properties"].items():
            props[k] = _union(props[k], v) if k in props else v
        return {**a, "properties": props}
    if a.get("type") == "array" and c.get("type") == "array":
        return {**a, "items": _union(a["items"], c["items"])}
    if a == c:
        return a
    if {a.get("type"), c.get("type")} == {"integer", "number"}:
        return {"type": "number"}
    return a


def _from_fields(fields: list[dict[str, Any]], example: Any, log: list[str]) -> Schema:
    by_name: dict[str, dict[str, Any]] = {}
    for f in fields:
        by_name.setdefault(f["name"], f)
    for name in list(by_name):
        parts = name.split(".")
        for k in range(1, len(parts)):
            parent = ".".join(parts[:k])
            by_name.setdefault(parent, {"name": parent, "type": None})
    kids: dict[str, list[str]] = defaultdict(list)
    for name in by_name:
        parent, _, leaf = name.rpartition(".")
        if leaf not in kids[parent]:
            kids[parent].append(leaf)
    values = _example_values(example)

    def build(path: str) -> Schema:
        f = by_name[path]
        ftype = f.get("type")
        seen = values.get(path, [])
        kinds = {type_of(v) for v in seen}
        children = kids.get(path)
        if children:
            inner = obj({c: build(f"{path}.{c}") for c in children},
                        [c for c in children if by_name[f"{path}.{c}"].get("required") is True])
            if not inner.get("required"):
                inner.pop("required", None)
            if "array" in kinds or (not kinds and ftype and ftype.startswith("array")):
                if ftype not in (None, "array"):
                    log.append(f"{path}: table type {ftype}, example/sub-fields give an array of objects")
                return arr(inner)
            if ftype not in (None, "object") and "object" in kinds:
                log.append(f"{path}: table type {ftype}, example/sub-fields give an object")
            return inner
        if ftype == "array[string]":
            sch = arr(s())
        elif ftype == "array[integer]":
            sch = arr(i())
        elif ftype == "array":
            item = None
            for v in seen:
                for x in (v if isinstance(v, list) else [v]):
                    item = infer(x) if item is None else _union(item, infer(x))
            sch = arr(item if item is not None else s())
        elif ftype == "object":
            sch = infer(seen[0]) if seen and isinstance(seen[0], dict) else obj()
        elif ftype is None:
            sch = infer(seen[0]) if seen else obj()
        else:
            sch = _SCALARS[ftype]()
        if f.get("enum"):
            target = sch["items"] if sch.get("type") == "array" else sch
            target["enum"] = list(f["enum"])
        # the example decides where it contradicts the table's scalar type
        for v in seen:
            k = type_of(v)
            target = sch
            if sch.get("type") == "array" and not isinstance(v, list):
                log.append(f"{path}: table says array, example has a {k}")
                continue
            if isinstance(v, list):
                continue
            t = target.get("type")
            types = t if isinstance(t, list) else [t]
            ok = k in types or (k == "integer" and "number" in types)
            if not ok:
                log.append(f"{path}: table type {t}, example value {v!r}; widened")
                target["type"] = [*types, k]
            if "enum" in target and v not in target["enum"]:
                log.append(f"{path}: example value {v!r} outside documented enum; added")
                target["enum"].append(v)
        return sch

    root = obj({c: build(c) for c in kids.get("", [])},
               [c for c in kids.get("", []) if by_name[c].get("required") is True])
    if not root.get("required"):
        root.pop("required", None)
    if example is not None:
        _add_missing(root, example, "", log)
    return root


def _add_missing(schema: Schema, value: Any, path: str, log: list[str]) -> None:
    """Add keys the example has and the table lacks."""
    if isinstance(value, dict) and schema.get("type") == "object":
        props = schema.setdefault("properties", {})
        for k, v in value.items():
            sub = f"{path}.{k}" if path else k
            if k not in props:
                props[k] = infer(v)
                log.append(f"{sub}: only in the example; added as {props[k].get('type')}")
            else:
                _add_missing(props[k], v, sub, log)
    elif isinstance(value, list) and schema.get("type") == "array":
        for v in value:
            _add_missing(schema["items"], v, path, log)


# ---------------------------------------------------------------------------
# protojson widening for requests
# ---------------------------------------------------------------------------

def protojson(schema: Any) -> Any:
    """Integer/number fields also accept numeric strings (request side only)."""
    if isinstance(schema, list):
        return [protojson(x) for x in schema]
    if not isinstance(schema, dict):
        return schema
    out = {}
    for k, v in schema.items():
        if k in ("properties", "$defs"):
            out[k] = {name: protojson(sub) for name, sub in v.items()}
        elif k in ("items", "anyOf", "allOf", "oneOf", "additionalProperties"):
            out[k] = protojson(v)
        else:
            out[k] = v
    t = out.get("type")
    types = t if isinstance(t, list) else [t]
    if ("integer" in types or "number" in types) and "string" not in types and "enum" not in out:
        out["type"] = [*types, "string"]
        out["pattern"] = INT_PATTERN if "number" not in types else NUM_PATTERN
    return out


# ---------------------------------------------------------------------------
# shared shapes
# ---------------------------------------------------------------------------

VISIBILITY_NOTE = "filter.visibility values are the current ones from /v3/product/list"


def _category_tree() -> Schema:
    node = obj({"category_id": i(), "title": s(), "children": arr(ref("CategoryTreeNode"))})
    return obj({"result": arr(ref("CategoryTreeNode"))}, **{"$defs": {"CategoryTreeNode": node}})


def _attribute_values() -> Schema:
    return arr(obj({"dictionary_value_id": i(), "value": s()}))


def _v3_product_attributes(oa: OpenAPI) -> tuple[Schema, Schema]:
    visibility = oa.schema("/v3/product/list", "request", "filter.visibility")
    request = obj({
        "filter": obj({"offer_id": arr(s()), "product_id": arr(i()), "visibility": visibility}),
        "last_id": s(),
        "limit": i(minimum=1, maximum=1000),
        "sort_by": s(),
        "sort_dir": s(),
    })
    attribute = obj({"attribute_id": i(), "complex_id": i(), "values": _attribute_values()})
    product = obj({
        "id": i(), "offer_id": s(), "barcode": s(), "category_id": i(), "name": s(),
        "height": i(), "depth": i(), "width": i(), "dimension_unit": s(),
        "weight": i(), "weight_unit": s(), "image_group_id": s(),
        "images": arr(obj({"default": b(), "file_name": s(), "index": i()})),
        "images360": arr(obj({"file_name": s(), "index": i()})),
        "pdf_list": arr(obj({"file_name": s(), "index": i(), "name": s()})),
        "color_image": s(),
        "attributes": arr(attribute),
        "complex_attributes": arr(obj({"attributes": arr(copy.deepcopy(attribute))})),
    })
    response = obj({"result": arr(product), "last_id": s(), "total": i()})
    return request, response


_V3_ATTR_EXAMPLE_RESPONSE = {
    "result": [{
        "id": 213761435, "offer_id": "MY-SKU-001", "barcode": "4620012345678",
        "category_id": 17036076, "name": "Кроссовки Nike Air Zoom Pegasus, белые",
        "height": 120, "depth": 330, "width": 210, "dimension_unit": "mm",
        "weight": 850, "weight_unit": "g", "image_group_id": "",
        "images": [{"default": True, "file_name": "https://cdn1.ozone.ru/s3/multimedia-4/6804736960.jpg", "index": 0}],
        "images360": [], "pdf_list": [], "color_image": "",
        "attributes": [
            {"attribute_id": 85, "complex_id": 0, "values": [{"dictionary_value_id": 906158, "value": "Nike"}]},
            {"attribute_id": 10096, "complex_id": 0, "values": [{"dictionary_value_id": 61577, "value": "Белый"}]},
        ],
        "complex_attributes": [],
    }],
    "last_id": "WzIxMzc2MTQzNSwyMTM3NjE0MzVd",
    "total": 1,
}


def _v3_stocks(oa: OpenAPI) -> tuple[Schema, Schema, dict[str, Any]]:
    visibility = oa.schema("/v4/product/info/stocks", "request", "filter.visibility")
    request = obj({
        "filter": obj({"offer_id": arr(s()), "product_id": arr(i()), "visibility": visibility}),
        "last_id": s(),
        "limit": i(minimum=1, maximum=1000),
    })
    stock = obj({"type": s(enum=["fbo", "fbs", "crossborder"]), "present": i(), "reserved": i()})
    response = obj({"result": obj({
        "items": arr(obj({"product_id": i(), "offer_id": s(), "stocks": arr(stock)})),
        "total": i(),
        "last_id": s(),
    })})
    examples = {
        "request": {"filter": {"offer_id": ["SAMSGGLXS10"], "product_id": [], "visibility": "ALL"},
                    "last_id": "", "limit": 100},
        "response": {"result": {"items": [{
            "product_id": 214887921, "offer_id": "SAMSGGLXS10",
            "stocks": [{"type": "fbo", "present": 12, "reserved": 0},
                       {"type": "fbs", "present": 24, "reserved": 2}]}],
            "total": 1, "last_id": "WzIxNDg4NzkyMSwyMTQ4ODc5MjFd"}},
    }
    return request, response, examples


def _v3_ship_request() -> Schema:
    exemplar = obj({"mandatory_mark": s(), "gtd": s(), "is_gtd_absent": b()})
    product = obj({"exemplar_info": arr(exemplar), "product_id": i(), "quantity": i()},
                  ["product_id", "quantity"])
    return obj({
        "packages": arr(obj({"products": arr(product)}, ["products"])),
        "posting_number": s(),
        "with": obj({"additional_data": b()}),
    }, ["packages", "posting_number"])


_V3_SHIP_EXAMPLES = {
    "request": {
        "packages": [{"products": [{
            "exemplar_info": [{"mandatory_mark": "010290000151642731tVMohkbfFgunB", "gtd": "",
                               "is_gtd_absent": True}],
            "product_id": 185479045, "quantity": 1}]}],
        "posting_number": "89491381-0072-1",
        "with": {"additional_data": True},
    },
    "response": {
        "additional_data": [{"posting_number": "89491381-0072-1", "products": [{
            "currency_code": "RUB", "mandatory_mark": ["010290000151642731tVMohkbfFgunB"],
            "name": "Футболка мужская хлопковая, чёрная, L", "offer_id": "17125",
            "price": "2000", "quantity": 1, "sku": 149618972}]}],
        "result": ["89491381-0072-1"],
    },
}


def _report_code_response() -> Schema:
    return obj({"result": obj({"code": s()})})


def _report_example(code: str) -> dict[str, Any]:
    return {"result": {"code": code}}


# ---------------------------------------------------------------------------
# hand-written operations (title-only / description-only / partial in seeds)
# ---------------------------------------------------------------------------

class Ctx:
    def __init__(self, key: OpKey, entry: dict[str, Any], catalog: dict[OpKey, dict[str, Any]],
                 oa: OpenAPI) -> None:
        self.key = key
        self.entry = entry
        self.catalog = catalog
        self.oa = oa
        self.log: list[str] = []


Parts = dict[str, Any]  # {"request", "response", "examples"}
_HAND: dict[OpKey, Callable[[Ctx], Parts]] = {}
_FIX: dict[OpKey, Callable[[Ctx, Parts], None]] = {}


def hand(method: str, *paths: str) -> Callable[[Callable[[Ctx], Parts]], Callable[[Ctx], Parts]]:
    def deco(fn: Callable[[Ctx], Parts]) -> Callable[[Ctx], Parts]:
        for p in paths:
            _HAND[(method, p)] = fn
        return fn
    return deco


def fix(method: str, *paths: str) -> Callable[[Callable[[Ctx, Parts], None]], Callable[[Ctx, Parts], None]]:
    def deco(fn: Callable[[Ctx, Parts], None]) -> Callable[[Ctx, Parts], None]:
        for p in paths:
            _FIX[(method, p)] = fn
        return fn
    return deco


@hand("GET", "/v1/categories/tree")
def _get_categories_tree(ctx: Ctx) -> Parts:
    return {
        "request": None,
        "response": _category_tree(),
        "examples": {"request": None, "response": {"result": [{
            "category_id": 17027484, "title": "Электроника", "children": [
                {"category_id": 17028922, "title": "Смартфоны", "children": []},
                {"category_id": 17028923, "title": "Планшеты", "children": []}]}]}},
    }


@hand("POST", "/v2/category/tree")
def _v2_category_tree(ctx: Ctx) -> Parts:
    return {
        "request": obj({"category_id": i(), "language": s()}),
        "response": _category_tree(),
        "examples": {
            "request": {"category_id": 17027484, "language": "DEFAULT"},
            "response": {"result": [{"category_id": 17027484, "title": "Электроника", "children": [
                {"category_id": 17028922, "title": "Смартфоны", "children": []}]}]},
        },
    }


@hand("GET", "/v1/supplier/orders/:order_id/waybill_acceptance_results")
def _waybills_by_order(ctx: Ctx) -> Parts:
    waybill = obj({"waybill_id": i(), "waybill_number": s(), "created_at": dt()})
    return {
        "request": None,
        "response": obj({"result": arr(waybill)}),
        "examples": {"request": None, "response": {"result": [
            {"waybill_id": 20458731, "waybill_number": "НК-354679434-1", "created_at": "2021-06-01T09:12:44Z"},
            {"waybill_id": 20458732, "waybill_number": "НК-354679434-2", "created_at": "2021-06-01T09:15:02Z"}]}},
    }


@hand("GET", "/v1/supplier/waybill_acceptance_results/:waybill_id")
def _waybill_acceptance(ctx: Ctx) -> Parts:
    line = obj({"sku": i(), "offer_id": s(), "name": s(), "declared_quantity": i(),
                "accepted_quantity": i(), "defect_quantity": i()})
    return {
        "request": None,
        "response": obj({"result": obj({"waybill_id": i(), "items": arr(line)})}),
        "examples": {"request": None, "response": {"result": {"waybill_id": 20458731, "items": [
            {"sku": 148633547, "offer_id": "УТ-00007263", "name": "Ролик для йоги Starfit FA-501, синий",
             "declared_quantity": 20, "accepted_quantity": 19, "defect_quantity": 1}]}}},
    }


@hand("POST", "/v1/analytics/item_turnover")
def _item_turnover(ctx: Ctx) -> Parts:
    row = obj({"category_id": i(), "category_name": s(), "avg_stock": n(), "sold_units": i(),
               "turnover_days": n()})
    return {
        "request": obj({"date_from": s(format="date")}, ["date_from"]),
        "response": obj({"result": arr(row)}),
        "examples": {
            "request": {"date_from": "2021-05-01"},
            "response": {"result": [{"category_id": 17028922, "category_name": "Смартфоны",
                                     "avg_stock": 42.5, "sold_units": 31, "turnover_days": 20.6}]},
        },
    }


@hand("POST", "/v1/analytics/stock_on_warehouses")
def _stock_on_warehouses(ctx: Ctx) -> Parts:
    response = ctx.oa.schema("/v2/analytics/stock_on_warehouses", "response")
    return {
        "request": obj({"limit": i(), "offset": i()}, ["limit"]),
        "response": response,
        "examples": {
            "request": {"limit": 100, "offset": 0},
            "response": {"result": {"rows": [{
                "sku": 148633547, "item_code": "УТ-00007263",
                "item_name": "Ролик для йоги Starfit FA-501, синий",
                "free_to_sell_amount": 37, "promised_amount": 10, "reserved_amount": 3,
                "warehouse_name": "ХОРУГВИНО_РФЦ"}]}},
        },
    }


@hand("POST", "/v1/chat/updates")
def _chat_updates(ctx: Ctx) -> Parts:
    history = ctx.catalog[("POST", "/v1/chat/history")]
    parts = _catalog_parts(Ctx(("POST", "/v1/chat/history"), history, ctx.catalog, ctx.oa))
    return parts


@hand("POST", "/v1/product/pictures/info")
def _pictures_info_v1(ctx: Ctx) -> Parts:
    picture = obj({"product_id": i(), "url": s(), "is_primary": b(), "is_360": b(),
                   "is_color": b(), "state": s()})
    return {
        "request": obj({"product_id": arr(i(), maxItems=1000)}, ["product_id"]),
        "response": obj({"result": obj({"pictures": arr(picture)})}),
        "examples": {
            "request": {"product_id": [123456789, 123456790]},
            "response": {"result": {"pictures": [
                {"product_id": 123456789, "url": "https://cdn1.ozone.ru/s3/multimedia-1/6061459057.jpg",
                 "is_primary": True, "is_360": False, "is_color": False, "state": "imported"},
                {"product_id": 123456790, "url": "https://cdn1.ozone.ru/s3/multimedia-3/6061459059.jpg",
                 "is_primary": True, "is_360": False, "is_color": False, "state": "imported"}]}},
        },
    }


@hand("POST", "/v1/product/upload_digital_codes")
def _upload_digital_codes(ctx: Ctx) -> Parts:
    return {
        "request": obj({"digital_codes": arr(s(), minItems=1), "product_id": i()},
                       ["digital_codes", "product_id"]),
        "response": obj({"result": obj({"task_id": i()})}),
        "examples": {
            "request": {"digital_codes": ["XK4M-92PL-7QRT-3ZW8", "BN7C-H2D5-6YFA-0KE1"],
                        "product_id": 634106402},
            "response": {"result": {"task_id": 172549820}},
        },
    }


@hand("POST", "/v1/product/upload_digital_codes/info")
def _upload_digital_codes_info(ctx: Ctx) -> Parts:
    parts = _catalog_parts(ctx)
    parts["examples"] = {"request": {"task_id": 172549820},
                         "response": {"result": {"status": "imported", "total": 2}}}
    return parts


@hand("POST", "/v1/products/geo-restrictions-catalog-by-filter")
def _geo_restrictions(ctx: Ctx) -> Parts:
    restriction = obj({"id": s(), "name": s(), "is_visible": b(), "order_number": i()})
    return {
        "request": obj({"filter": obj({"names": arr(s()), "only_visible": b()}),
                        "last_order_number": i(), "limit": i()}),
        "response": obj({"restrictions": arr(restriction)}),
        "examples": {
            "request": {"filter": {"only_visible": True}, "last_order_number": 0, "limit": 3},
            "response": {"restrictions": [
                {"id": "world", "name": "Весь мир", "is_visible": True, "order_number": 1},
                {"id": "42fb1c32-0cfe-5c96-9fb5-7f8e8449f28c", "name": "Все города РФ",
                 "is_visible": True, "order_number": 2},
                {"id": "moscow", "name": "Москва", "is_visible": True, "order_number": 3}]},
        },
    }


@hand("POST", "/v1/report/finance/create")
def _report_finance(ctx: Ctx) -> Parts:
    return {
        "request": obj({"date_from": dt(), "date_to": dt(), "language": s()}, ["date_from", "date_to"]),
        "response": _report_code_response(),
        "examples": {
            "request": {"date_from": "2021-05-01T00:00:00Z", "date_to": "2021-05-31T23:59:59Z",
                        "language": "DEFAULT"},
            "response": _report_example("REPORT_seller_finance_924336_1622540400_6c1b3f4a-2f4e-4a2d-9c67-0b1f1e5f7a21"),
        },
    }


@hand("POST", "/v1/report/product/create")
def _report_product(ctx: Ctx) -> Parts:
    return {
        "request": ctx.oa.schema("/v1/report/products/create", "request"),
        "response": ctx.oa.schema("/v1/report/products/create", "response"),
        "examples": {
            "request": {"language": "DEFAULT", "offer_id": [], "search": "", "sku": [], "visibility": "ALL"},
            "response": _report_example("REPORT_seller_products_924336_1720170405_a9ea2f27-a473-4b13-99f9-d0cfcb5b1a69"),
        },
    }


@hand("POST", "/v1/report/products/movements/create")
def _report_movements(ctx: Ctx) -> Parts:
    return {
        "request": obj({"date_from": dt(), "date_to": dt(), "language": s()}, ["date_from", "date_to"]),
        "response": _report_code_response(),
        "examples": {
            "request": {"date_from": "2021-05-01T00:00:00Z", "date_to": "2021-05-15T23:59:59Z",
                        "language": "DEFAULT"},
            "response": _report_example("REPORT_seller_products_movement_924336_1621123200_1d1e4c55-0ab2-4b7e-8f43-3f0de6f6c2f9"),
        },
    }


@hand("POST", "/v1/report/products/prices/create")
def _report_prices(ctx: Ctx) -> Parts:
    request = ctx.oa.schema("/v1/report/products/create", "request")
    return {
        "request": request,
        "response": _report_code_response(),
        "examples": {
            "request": {"language": "DEFAULT", "offer_id": ["УТ-00007992"], "search": "", "sku": [],
                        "visibility": "ALL"},
            "response": _report_example("REPORT_seller_products_prices_924336_1621123200_0f4bd1c2-7e3d-4f57-bf55-2b1a9f0d8e11"),
        },
    }


@hand("POST", "/v1/report/returns/create")
def _report_returns(ctx: Ctx) -> Parts:
    request = ctx.oa.schema("/v2/report/returns/create", "request")
    request["properties"]["filter"]["required"] = ["date_from", "date_to"]
    return {
        "request": request,
        "response": _report_code_response(),
        "examples": {
            # a recent month: the report only covers the last three months
            "request": {"filter": {"delivery_schema": "FBS", "date_from": "2025-12-01T00:00:00Z",
                                   "date_to": "2025-12-31T23:59:59Z"}, "language": "DEFAULT"},
            "response": _report_example("REPORT_seller_returns_924336_1622540400_4e0a2c8b-93d7-4b16-a3b0-5d3c1f7e2a60"),
        },
    }


@hand("POST", "/v1/report/stock/create")
def _report_stock(ctx: Ctx) -> Parts:
    return {
        "request": obj({"language": s()}),
        "response": _report_code_response(),
        "examples": {
            "request": {"language": "DEFAULT"},
            "response": _report_example("REPORT_seller_stock_924336_1622540400_8b7f5e3d-1c2a-4d9b-a6e4-0f3c2b1a9d87"),
        },
    }


@hand("POST", "/v2/fbs/posting/send-by-seller")
def _send_by_seller(ctx: Ctx) -> Parts:
    return {
        "request": ctx.oa.schema("/v2/fbs/posting/sent-by-seller", "request", doc="swagger.json"),
        "response": obj({"result": arr(obj({"error": s(), "posting_number": s(), "result": b()}))}),
        "examples": {
            "request": {"posting_number": ["47173252-0073-1"]},
            "response": {"result": [{"error": "", "posting_number": "47173252-0073-1", "result": True}]},
        },
    }


@hand("POST", "/v2/fbs/posting/tracking-numbers/set")
def _tracking_numbers_set(ctx: Ctx) -> Parts:
    return {
        "request": ctx.oa.schema("/v2/fbs/posting/tracking-number/set", "request"),
        "response": ctx.oa.schema("/v2/fbs/posting/tracking-number/set", "response"),
        "examples": {
            "request": {"tracking_numbers": [{"posting_number": "48173252-0033-2",
                                              "tracking_number": "RA644000000RU"}]},
            "response": {"result": [{"error": "", "posting_number": "48173252-0033-2", "result": True}]},
        },
    }


@hand("POST", "/v2/product/info/limit")
def _product_info_limit_v2(ctx: Ctx) -> Parts:
    response = ctx.oa.schema("/v4/product/info/limit", "response")
    response["properties"].pop("operation_limits", None)
    return {
        "request": obj(),
        "response": response,
        "examples": {
            "request": {},
            "response": {
                "daily_create": {"limit": 1000, "reset_at": "2021-06-02T00:00:00Z", "usage": 12},
                "daily_update": {"limit": 2000, "reset_at": "2021-06-02T00:00:00Z", "usage": 154},
                "total": {"limit": 10000, "usage": 5594},
            },
        },
    }


@hand("POST", "/v2/product/list")
def _product_list_v2(ctx: Ctx) -> Parts:
    visibility = ctx.oa.schema("/v3/product/list", "request", "filter.visibility")
    return {
        "request": obj({
            "filter": obj({"offer_id": arr(s()), "product_id": arr(i()), "visibility": visibility}),
            "last_id": s(),
            "limit": i(minimum=1, maximum=1000),
        }),
        "response": obj({"result": obj({
            "items": arr(obj({"product_id": i(), "offer_id": s()})),
            "total": i(),
            "last_id": s(),
        })}),
        "examples": {
            "request": {"filter": {"offer_id": [], "product_id": [], "visibility": "ALL"},
                        "last_id": "", "limit": 100},
            "response": {"result": {"items": [{"product_id": 124100, "offer_id": "REDSGS10-128"},
                                              {"product_id": 124201, "offer_id": "REDSGS10-512"}],
                                    "total": 2, "last_id": "WzEyNDIwMSwxMjQyMDFd"}},
        },
    }


@hand("POST", "/v2/returns/company/fbo")
def _returns_fbo(ctx: Ctx) -> Parts:
    item = obj({
        "id": i(), "company_id": i(), "posting_number": s(), "sku": i(), "status_name": s(),
        "return_reason_name": s(), "is_opened": b(), "accepted_from_customer_moment": dt(),
        "returned_to_ozon_moment": dt(), "current_place_name": s(), "dst_place_name": s(),
    })
    return {
        "request": obj({"filter": obj({"posting_number": s(), "status": arr(s())}),
                        "offset": i(), "limit": i(minimum=1, maximum=1000)}),
        "response": obj({"returns": arr(item), "count": i()}),
        "examples": {
            "request": {"filter": {"posting_number": "", "status": []}, "offset": 0, "limit": 100},
            "response": {"returns": [{
                "id": 1017315736, "company_id": 924336, "posting_number": "29750371-0013-1",
                "sku": 147755222, "status_name": "Возвращён на склад Ozon",
                "return_reason_name": "Не подошёл размер", "is_opened": True,
                "accepted_from_customer_moment": "2021-05-20T14:08:11Z",
                "returned_to_ozon_moment": "2021-05-24T09:31:40Z",
                "current_place_name": "ХОРУГВИНО_РФЦ", "dst_place_name": "ХОРУГВИНО_РФЦ"}],
                "count": 1},
        },
    }


@hand("POST", "/v2/returns/company/fbs")
def _returns_fbs(ctx: Ctx) -> Parts:
    period = obj({"time_from": dt(), "time_to": dt()})
    item = obj({
        "id": i(), "clearing_id": i(), "posting_number": s(), "product_id": i(), "sku": i(),
        "status": s(), "return_reason_name": s(), "return_date": dt(), "quantity": i(),
        "product_name": s(), "price": n(), "is_opened": b(), "place_id": i(),
        "commission_percent": n(), "commission": n(), "price_without_commission": n(),
        "accepted_from_customer_moment": s(), "last_free_waiting_day": s(),
        "waiting_for_seller_date_time": s(), "returned_to_seller_date_time": s(),
        "returns_keeping_cost": n(), "is_moving": b(), "moving_to_place_name": s(),
        "waiting_for_seller_days": i(), "picking_amount": n(), "picking_tag": s(),
    })
    return {
        "request": obj({
            "filter": obj({
                "accepting_from_customer_moment": period, "last_free_waiting_day": copy.deepcopy(period),
                "order_id": i(), "posting_number": arr(s()), "product_name": s(),
                "product_offer_id": s(), "status": s(),
            }),
            "offset": i(),
            "limit": i(minimum=1, maximum=1000),
        }),
        "response": obj({"result": obj({"returns": arr(item), "count": i()})}),
        "examples": {
            "request": {"filter": {"posting_number": ["13076543-0001-1"]}, "offset": 0, "limit": 100},
            "response": {"result": {"returns": [{
                "id": 1017315801, "clearing_id": 2314506, "posting_number": "13076543-0001-1",
                "product_id": 124100, "sku": 149512345, "status": "returned_to_seller",
                "return_reason_name": "Товар не соответствует описанию",
                "return_date": "2021-05-26T12:00:00Z", "quantity": 1, "product_name": "BLF ПЗУ",
                "price": 690, "is_opened": False, "place_id": 15431806189000,
                "commission_percent": 8, "commission": 55.2, "price_without_commission": 634.8,
                "accepted_from_customer_moment": "2021-05-21T10:15:00Z",
                "last_free_waiting_day": "2021-06-04T23:59:59Z",
                "waiting_for_seller_date_time": "2021-05-25T08:00:00Z",
                "returned_to_seller_date_time": "2021-05-26T12:00:00Z",
                "returns_keeping_cost": 0, "is_moving": False, "moving_to_place_name": "",
                "waiting_for_seller_days": 1, "picking_amount": 0, "picking_tag": ""}],
                "count": 1}},
        },
    }


@hand("POST", "/v3/category/attribute")
def _category_attribute_v3(ctx: Ctx) -> Parts:
    attribute = obj({
        "id": i(), "name": s(), "description": s(), "type": s(), "is_collection": b(),
        "is_required": b(), "group_id": i(), "group_name": s(), "dictionary_id": i(),
        "is_aspect": b(), "category_dependent": b(),
    })
    return {
        "request": obj({"category_id": arr(i()), "attribute_type": s(), "language": s()},
                       ["category_id"]),
        "response": obj({"result": arr(obj({"category_id": i(), "attributes": arr(attribute)}))}),
        "examples": {
            "request": {"category_id": [17036076], "attribute_type": "REQUIRED", "language": "DEFAULT"},
            "response": {"result": [{"category_id": 17036076, "attributes": [{
                "id": 85, "name": "Бренд", "description": "Укажите наименование бренда",
                "type": "String", "is_collection": False, "is_required": True, "group_id": 0,
                "group_name": "", "dictionary_id": 28732849, "is_aspect": False,
                "category_dependent": False}]}]},
        },
    }


@hand("POST", "/v3/posting/fbs/set", "/v3/posting/fbs/ship")
def _ship_v3(ctx: Ctx) -> Parts:
    additional = ctx.oa.schema("/v4/posting/fbs/ship", "response", "additional_data")
    return {
        "request": _v3_ship_request(),
        "response": obj({"additional_data": additional, "result": arr(s())}),
        "examples": copy.deepcopy(_V3_SHIP_EXAMPLES),
    }


@hand("POST", "/v3/posting/fbs/ship/package")
def _ship_package_v3(ctx: Ctx) -> Parts:
    exemplar = obj({"mandatory_mark": s(), "gtd": s(), "is_gtd_absent": b()})
    product = obj({"exemplar_info": arr(exemplar), "product_id": i(), "quantity": i()},
                  ["product_id", "quantity"])
    return {
        "request": obj({"posting_number": s(), "products": arr(product)}, ["posting_number"]),
        "response": obj({"result": s()}),
        "examples": {
            "request": {"posting_number": "48173252-0034-4", "products": [{
                "exemplar_info": [{"mandatory_mark": "", "gtd": "", "is_gtd_absent": True}],
                "product_id": 247508873, "quantity": 1}]},
            "response": {"result": "48173252-0034-5"},
        },
    }


@hand("POST", "/v3/product/info/attributes", "/v3/products/info/attributes")
def _product_attributes_v3(ctx: Ctx) -> Parts:
    request, response = _v3_product_attributes(ctx.oa)
    if ctx.key[1] == "/v3/product/info/attributes":
        req_example = {"filter": {"offer_id": ["MY-SKU-001"], "visibility": "ALL"},
                       "limit": 10, "sort_by": "sku", "sort_dir": "asc"}
    else:
        req_example = {"filter": {"offer_id": ["MY-SKU-001"], "product_id": [213761435],
                                  "visibility": "ALL"}, "last_id": "", "limit": 100}
    return {"request": request, "response": response,
            "examples": {"request": req_example, "response": copy.deepcopy(_V3_ATTR_EXAMPLE_RESPONSE)}}


@hand("POST", "/v3/product/info/stocks", "/v3/products/info/stocks")
def _stocks_v3(ctx: Ctx) -> Parts:
    request, response, examples = _v3_stocks(ctx.oa)
    return {"request": request, "response": response, "examples": examples}


@hand("POST", "/v4/product/info/prices")
def _prices_v4(ctx: Ctx) -> Parts:
    visibility = ctx.oa.schema("/v3/product/list", "request", "filter.visibility")
    v5_item = ctx.oa.schema("/v5/product/info/prices", "response", "items")["items"]
    price = obj({k: s() for k in (
        "price", "old_price", "premium_price", "recommended_price", "retail_price", "vat",
        "min_ozon_price", "marketing_price", "marketing_seller_price", "min_price",
        "currency_code")})
    price["properties"]["auto_action_enabled"] = b()
    item = obj({
        "product_id": i(), "offer_id": s(), "price": price, "price_index": s(),
        "commissions": v5_item["properties"]["commissions"],
        "marketing_actions": v5_item["properties"]["marketing_actions"],
        "price_indexes": v5_item["properties"]["price_indexes"],
        "volume_weight": n(), "acquiring": n(),
    })
    # the v4 answer carried ``marketing_actions: null`` for products without promotions
    ma = item["properties"]["marketing_actions"]
    ma["type"] = ["object", "null"]
    return {
        "request": obj({
            "filter": obj({"offer_id": arr(s()), "product_id": arr(i()), "visibility": visibility}),
            "last_id": s(),
            "limit": i(),
        }),
        "response": obj({"result": obj({"items": arr(item), "total": i(), "last_id": s()})}),
        "examples": {
            "request": {"filter": {"offer_id": ["356792"], "product_id": [243686911], "visibility": "ALL"},
                        "last_id": "", "limit": 100},
            "response": {"result": {"items": [{
                "product_id": 243686911, "offer_id": "356792",
                "price": {"price": "499.0000", "old_price": "579.0000", "premium_price": "",
                          "recommended_price": "", "retail_price": "", "vat": "0.200000",
                          "min_ozon_price": "", "marketing_price": "489.0000",
                          "marketing_seller_price": "489.0000", "min_price": "450.0000",
                          "currency_code": "RUB", "auto_action_enabled": False},
                "price_index": "0.00",
                "commissions": {"sales_percent_fbo": 15, "sales_percent_fbs": 15,
                                "fbo_deliv_to_customer_amount": 14.75,
                                "fbs_deliv_to_customer_amount": 60,
                                "fbo_return_flow_amount": 50, "fbs_return_flow_amount": 40},
                "marketing_actions": None,
                "price_indexes": {"color_index": "WITHOUT_INDEX",
                                  "ozon_index_data": {"min_price": 0, "min_price_currency": "RUB",
                                                      "price_index_value": 0}},
                "volume_weight": 0.1, "acquiring": 0}],
                "total": 1, "last_id": "WzI0MzY4NjkxMSwyNDM2ODY5MTFd"}},
        },
    }


# ---------------------------------------------------------------------------
# fix-ups of catalog-built operations
# ---------------------------------------------------------------------------

@fix("GET", "/v1/order/{order_id}")
def _fix_order_get(ctx: Ctx, parts: Parts) -> None:
    # order_id travels in the path, translit in the query string: no body
    parts["request"] = None
    parts["examples"]["request"] = None


@fix("POST", "/v1/category/tree")
def _fix_category_tree(ctx: Ctx, parts: Parts) -> None:
    parts["response"] = _category_tree()


@fix("POST", "/v1/category/attribute")
def _fix_category_attribute(ctx: Ctx, parts: Parts) -> None:
    node = obj({
        "id": i(), "name": s(), "description": s(),
        "type": s(enum=["bool", "text", "option", "child"]),
        "is_collection": b(), "is_required": b(),
        "option": arr(obj({"id": i(), "value": s()})),
        "child": arr(ref("CategoryAttribute")),
    })
    parts["response"] = obj({"result": arr(ref("CategoryAttribute"))},
                            **{"$defs": {"CategoryAttribute": node}})


@fix("POST", "/v1/product/prepayment/set")
def _fix_prepayment(ctx: Ctx, parts: Parts) -> None:
    # 003: at least one identifier list (offer ids or product ids) must be given
    parts["request"]["anyOf"] = [
        {"required": ["offers_ids"], "properties": {"offers_ids": {"minItems": 1}}},
        {"required": ["products_ids"], "properties": {"products_ids": {"minItems": 1}}},
    ]


def _legacy_attribute_items(attrs: Schema) -> None:
    """v1 attribute value shapes: value / collection / complex / complex_collection."""
    pair = obj({"id": i(), "value": s()})
    props = attrs["properties"]
    props["collection"] = arr(s())
    props["complex"] = arr(copy.deepcopy(pair))
    props["complex_collection"] = arr(obj({"collection": arr(copy.deepcopy(pair))}))


@fix("POST", "/v1/product/import")
def _fix_product_import_v1(ctx: Ctx, parts: Parts) -> None:
    _legacy_attribute_items(items_of(parts["request"], "items.attributes"))


@fix("POST", "/v1/product/update")
def _fix_product_update(ctx: Ctx, parts: Parts) -> None:
    _legacy_attribute_items(items_of(parts["request"], "attributes"))


@fix("POST", "/v1/order/list")
def _fix_order_list(ctx: Ctx, parts: Parts) -> None:
    # the table lists lower-case statuses, the example sends "DELIVERED": accept both spellings
    statuses = items_of(parts["request"], "statuses")
    lower = ["awaiting_approve", "awaiting_packaging", "awaiting_deliver", "delivering",
             "delivered", "cancelled"]
    statuses["enum"] = lower + [v.upper() for v in lower]


# Seed examples that are templates ("string" / 0 everywhere, "string" as a unit enum
# value): replaced by examples with the same keys and realistic values, and the schema is
# built from the replacement so that the template's placeholders do not widen any enum.
TEMPLATE_EXAMPLES: dict[OpKey, dict[str, Any]] = {
    ("POST", "/v2/product/import"): {"request": {"items": [{
        "attributes": [
            {"complex_id": 0, "id": 8229, "values": [{"dictionary_value_id": 95911, "value": "Смартфон"}]},
            {"complex_id": 0, "id": 85, "values": [{"dictionary_value_id": 28732849, "value": "Samsung"}]},
            {"complex_id": 0, "id": 9048, "values": [{"value": "Samsung Galaxy S10"}]},
        ],
        "barcode": "8801643566784",
        "category_id": 17030819,
        "complex_attributes": [{"attributes": [
            {"complex_id": 100001, "id": 21841,
             "values": [{"value": "https://www.youtube.com/watch?v=ZwM0iBn03dY"}]},
            {"complex_id": 100001, "id": 21837, "values": [{"value": "Обзор Galaxy S10"}]},
        ]}],
        "depth": 11, "dimension_unit": "mm", "height": 77,
        "image_group_id": "REDSGS10-512",
        "images": ["https://cdn1.ozone.ru/s3/multimedia-a/1022555115.jpg",
                   "https://cdn1.ozone.ru/s3/multimedia-a/1022555110.jpg"],
        "images360": ["https://cdn1.ozone.ru/s3/multimedia-a/1022555120.jpg"],
        "name": "Смартфон Samsung Galaxy S10 512 ГБ красный",
        "offer_id": "REDSGS10-512",
        "old_price": "89990",
        "pdf_list": [{"index": 0, "name": "Инструкция",
                      "src_url": "https://cdn1.ozone.ru/s3/pdf/1022555116.pdf"}],
        "premium_price": "75555",
        "price": "79990",
        "vat": "0.2",
        "weight": 157, "weight_unit": "g", "width": 70,
    }]}},
}


# ---------------------------------------------------------------------------
# assembly
# ---------------------------------------------------------------------------

def _repair_json(raw: str) -> Any:
    """Parse a seed example that is almost JSON (trailing commas)."""
    return json.loads(re.sub(r",(\s*[}\]])", r"\1", raw))


def _catalog_parts(ctx: Ctx) -> Parts:
    e = ctx.entry
    req_example = e.get("request_example")
    replaced = TEMPLATE_EXAMPLES.get(ctx.key, {})
    if "request" in replaced:
        req_example = copy.deepcopy(replaced["request"])
        ctx.log.append("request example was a placeholder template; replaced")
    if req_example is None and e.get("request_example_raw"):
        req_example = _repair_json(e["request_example_raw"])
        ctx.log.append("request example repaired from invalid JSON")
    resp_example = e.get("response_example")
    if resp_example is None and e.get("response_example_raw"):
        resp_example = _repair_json(e["response_example_raw"])
        ctx.log.append("response example repaired from invalid JSON")
    method = ctx.key[0]
    request: Schema | None
    if method == "GET":
        request = None
        req_example = None
    else:
        request = _from_fields(e.get("request_fields") or [], req_example, ctx.log)
    response = _from_fields(e.get("response_fields") or [], resp_example, ctx.log)
    return {"request": request, "response": response,
            "examples": {"request": req_example, "response": resp_example}}


def _apply_limits(key: OpKey, parts: Parts) -> None:
    for method, path, side, dotted, kw, _src in SEED_LIMITS:
        if (method, path) != key:
            continue
        target = at(parts[side], dotted)
        for k, v in kw.items():
            if k == "items" and isinstance(v, dict):
                target["items"].update(v)
            else:
                target[k] = v


def _operation_id(method: str, path: str) -> str:
    segs = [x for x in path.strip("/").split("/") if x]
    version = segs[0].upper() if segs and re.fullmatch(r"v\d+", segs[0]) else ""
    words: list[str] = []
    for seg in segs[1:]:
        name = seg.strip("{}").lstrip(":")
        camel = "".join(w[:1].upper() + w[1:] for w in re.split(r"[^A-Za-z0-9]+", name) if w)
        words.append(("By" + camel) if seg.startswith((":", "{")) else camel)
    prefix = "Get" if method == "GET" else ""
    return f"Legacy_{prefix}{''.join(words)}{version}"


def _path_params(path: str) -> dict[str, Schema]:
    names = re.findall(r"\{([A-Za-z_][A-Za-z0-9_]*)\}", path)
    names += re.findall(r":([A-Za-z_][A-Za-z0-9_]*)", path)
    return {name: dict(PATH_PARAM) for name in names}


def _top(schema: Schema | None) -> Schema | None:
    if schema is None:
        return None
    return {"$schema": DRAFT, **{k: v for k, v in schema.items() if k != "$schema"}}


def _check(key: OpKey, parts: Parts) -> None:
    for side in ("request", "response"):
        schema = parts[side]
        example = parts["examples"][side]
        if schema is None:
            if example is not None:
                raise ValueError(f"{key}: {side} example without a {side} schema")
            continue
        Draft202012Validator.check_schema(schema)
        if example is not None:
            errors = sorted(Draft202012Validator(schema).iter_errors(example), key=str)
            if errors:
                raise ValueError(f"{key}: {side} example fails its schema: {errors[0].message} "
                                 f"at {list(errors[0].absolute_path)}")


def build_operation(key: OpKey, catalog: dict[OpKey, dict[str, Any]], oa: OpenAPI,
                    log: dict[OpKey, list[str]] | None = None) -> dict[str, Any]:
    entry = catalog.get(key, {"method": key[0], "path": key[1], "request_fields": [],
                              "response_fields": []})
    ctx = Ctx(key, entry, catalog, oa)
    if key in _HAND:
        parts = _HAND[key](ctx)
    else:
        parts = _catalog_parts(ctx)
    if key in _FIX:
        _FIX[key](ctx, parts)
    _apply_limits(key, parts)
    if parts["request"] is not None:
        parts["request"] = protojson(parts["request"])
    parts["request"] = _top(parts["request"])
    parts["response"] = _top(parts["response"])
    _check(key, parts)
    if log is not None:
        log[key] = ctx.log
    return {
        "request": parts["request"],
        "response": parts["response"],
        "examples": parts["examples"],
        "operation_id": _operation_id(*key),
        "path_params": _path_params(key[1]),
    }


def build_seed_operations(shared_dir: pathlib.Path) -> dict[tuple[str, str], dict]:
    """(METHOD, path) -> {"request": schema | None, "response": schema, "examples":
    {"request": obj|None, "response": obj|None}, "operation_id": str, "path_params": {name: schema}}"""
    shared_dir = pathlib.Path(shared_dir)
    with open(shared_dir / "reference" / "seed-catalog.json", encoding="utf-8") as fh:
        catalog = {(e["method"], e["path"]): e for e in json.load(fh) if e.get("method")}
    oa = OpenAPI(shared_dir)
    out: dict[tuple[str, str], dict] = {}
    for key in seed_only_operations(shared_dir):
        out[key] = build_operation(key, catalog, oa)
    return out


def _main() -> None:  # pragma: no cover - developer aid
    import sys
    shared = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "../shared")
    with open(shared / "reference" / "seed-catalog.json", encoding="utf-8") as fh:
        catalog = {(e["method"], e["path"]): e for e in json.load(fh) if e.get("method")}
    oa = OpenAPI(shared)
    log: dict[OpKey, list[str]] = {}
    keys = seed_only_operations(shared)
    for key in keys:
        build_operation(key, catalog, oa, log)
    for key in keys:
        for line in log[key]:
            print(f"{key[0]} {key[1]}: {line}")
    print(f"{len(keys)} operations")


if __name__ == "__main__":  # pragma: no cover
    _main()
