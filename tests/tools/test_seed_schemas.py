"""tools/seed_schemas.py: the 78 operations only the seed documents describe."""

from __future__ import annotations

import copy
import csv
import json
import pathlib
import sys

import pytest
from jsonschema import Draft202012Validator

ROOT = pathlib.Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "tools"))

import seed_schemas  # noqa: E402

pytestmark = pytest.mark.skipif(not (SHARED / "reference" / "endpoints.tsv").exists(),
                                reason="reference material (../shared) not available")

PROSE = {"description", "title", "summary", "example", "examples", "externalDocs"}


def _seed_only_rows() -> set[tuple[str, str]]:
    rows = set()
    with open(SHARED / "reference" / "endpoints.tsv", encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if not row or row[0].startswith("#"):
                continue
            sources = [x for x in row[2].split(",") if x]
            if all(x.startswith("seed:") for x in sources):
                rows.add((row[0], row[1]))
    return rows


@pytest.fixture(scope="module")
def ops() -> dict:
    return seed_schemas.build_seed_operations(SHARED)


@pytest.fixture(scope="module")
def catalog() -> dict:
    with open(SHARED / "reference" / "seed-catalog.json", encoding="utf-8") as fh:
        return {(e["method"], e["path"]): e for e in json.load(fh) if e.get("method")}


def _schemas(ops: dict):
    for key, op in sorted(ops.items()):
        for side in ("request", "response"):
            if op[side] is not None:
                yield key, side, op[side]


def _valid(schema: dict, instance) -> bool:
    return Draft202012Validator(schema).is_valid(instance)


# --- the set of operations ------------------------------------------------------------------

def test_exactly_the_78_seed_only_operations(ops):
    assert len(ops) == 78
    assert set(ops) == _seed_only_rows()
    for key in [("POST", "/v2/posting/fbs/list"), ("POST", "/v1/product/info"),
                ("POST", "/v4/product/info/prices"), ("GET", "/v1/order/{order_id}"),
                ("GET", "/v1/supplier/orders/:order_id/waybill_acceptance_results")]:
        assert key in ops


def test_entry_shape_and_operation_ids(ops):
    ids = [op["operation_id"] for op in ops.values()]
    assert len(set(ids)) == len(ids)
    for (method, _path), op in ops.items():
        assert set(op) == {"request", "response", "examples", "operation_id", "path_params"}
        assert set(op["examples"]) == {"request", "response"}
        assert op["operation_id"].startswith("Legacy_")
        assert isinstance(op["response"], dict)
        if method == "GET":
            assert op["request"] is None and op["examples"]["request"] is None


def test_build_is_deterministic(ops):
    again = seed_schemas.build_seed_operations(SHARED)
    assert list(again) == list(ops)
    for key in ops:
        assert json.dumps(again[key], sort_keys=True) == json.dumps(ops[key], sort_keys=True), key


# --- schema rules ---------------------------------------------------------------------------

def test_schemas_are_valid_draft_2020_12(ops):
    for key, side, schema in _schemas(ops):
        Draft202012Validator.check_schema(schema)
        assert schema.get("$schema") == "https://json-schema.org/draft/2020-12/schema", (key, side)
    for op in ops.values():
        for schema in op["path_params"].values():
            Draft202012Validator.check_schema(schema)


def _walk(node, path, found):
    """Collect keyword problems, treating names under properties/$defs as field names."""
    if isinstance(node, list):
        for n, x in enumerate(node):
            _walk(x, f"{path}[{n}]", found)
        return
    if not isinstance(node, dict):
        return
    for key, val in node.items():
        if key in PROSE or key.startswith("x-") or key in ("nullable", "oneOf"):
            found.append(f"{path}/{key}")
        if key == "$schema" and path:
            found.append(f"{path}/$schema (not at the top)")
        if key == "$ref" and not str(val).startswith("#/$defs/"):
            found.append(f"{path}/$ref {val}")
        if key in ("properties", "$defs"):
            for name, sub in val.items():
                _walk(sub, f"{path}/{key}/{name}", found)
        elif key in ("items", "anyOf", "allOf", "additionalProperties", "not"):
            _walk(val, f"{path}/{key}", found)


def test_no_prose_no_extension_keys_and_local_refs_only(ops):
    problems = []
    for key, side, schema in _schemas(ops):
        found: list[str] = []
        _walk(schema, "", found)
        problems += [f"{key} {side}: {p}" for p in found]
        for ref_name in json.dumps(schema).split('"#/$defs/')[1:]:
            assert ref_name.split('"')[0] in schema.get("$defs", {}), (key, side)
    assert problems == []


def test_request_integers_accept_numeric_strings(ops):
    def walk(node, path):
        if isinstance(node, dict):
            t = node.get("type")
            types = t if isinstance(t, list) else [t]
            if ("integer" in types or "number" in types) and "enum" not in node:
                assert "string" in types and "pattern" in node, path
            for k, v in node.items():
                if k in ("properties", "$defs"):
                    for name, sub in v.items():
                        walk(sub, f"{path}.{name}")
                elif k in ("items", "anyOf", "allOf"):
                    walk(v, path)
        elif isinstance(node, list):
            for x in node:
                walk(x, path)

    for key, op in ops.items():
        if op["request"] is not None:
            walk(op["request"], f"{key}")
    req = ops[("POST", "/v2/posting/fbs/list")]["request"]
    body = {"dir": "asc", "filter": {"since": "2020-02-25T11:40:57Z", "to": "2020-03-25T11:40:57Z"},
            "limit": "10", "offset": "0"}
    assert _valid(req, body)
    assert not _valid(req, {**body, "limit": "ten"})


def test_path_params(ops):
    assert set(ops[("GET", "/v1/order/{order_id}")]["path_params"]) == {"order_id"}
    assert set(ops[("GET", "/v1/supplier/orders/:order_id/waybill_acceptance_results")]["path_params"]) == {"order_id"}
    waybill = ops[("GET", "/v1/supplier/waybill_acceptance_results/:waybill_id")]["path_params"]
    assert set(waybill) == {"waybill_id"}
    assert _valid(waybill["waybill_id"], "354679434") and _valid(waybill["waybill_id"], 354679434)
    assert not _valid(waybill["waybill_id"], "abc")
    others = [k for k, op in ops.items() if op["path_params"]]
    assert len(others) == 3


# --- examples -------------------------------------------------------------------------------

def test_every_example_validates_and_exists(ops):
    for key, op in sorted(ops.items()):
        assert op["examples"]["response"] is not None, key
        if key[0] == "POST":
            assert op["examples"]["request"] is not None, key
        for side in ("request", "response"):
            example = op["examples"][side]
            if example is None:
                continue
            errors = list(Draft202012Validator(op[side]).iter_errors(example))
            assert not errors, (key, side, errors[0].message, list(errors[0].absolute_path))


def test_seed_examples_validate(ops, catalog):
    """The seed's own examples (repaired where the JSON was broken) pass the schemas."""
    checked = 0
    for key, op in ops.items():
        entry = catalog.get(key, {})
        for side in ("request", "response"):
            example = entry.get(f"{side}_example")
            if example is None and entry.get(f"{side}_example_raw"):
                example = seed_schemas._repair_json(entry[f"{side}_example_raw"])
            if example is None or op[side] is None:
                continue
            if side == "request" and key in seed_schemas.TEMPLATE_EXAMPLES:
                continue
            assert _valid(op[side], example), (key, side)
            checked += 1
        for extra in entry.get("additional_examples") or []:
            assert _valid(op["request"], extra["request_example"]), (key, extra["label"])
            checked += 1
    assert checked >= 95


def test_repaired_example_is_the_seed_text(ops, catalog):
    raw = catalog[("POST", "/v2/posting/crossborder/get")]["request_example_raw"]
    with pytest.raises(json.JSONDecodeError):
        json.loads(raw)
    assert ops[("POST", "/v2/posting/crossborder/get")]["examples"]["request"] == {
        "posting_number": "39268230-0002-3"}


def _shape(value):
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(value[0])] if value else []
    return type(value).__name__


def test_template_examples_keep_the_seed_keys(ops, catalog):
    for key, replacement in seed_schemas.TEMPLATE_EXAMPLES.items():
        seed = catalog[key]["request_example"]
        assert _shape(seed)["items"][0].keys() == _shape(replacement["request"])["items"][0].keys()
        assert ops[key]["examples"]["request"] == replacement["request"]
        # the placeholder value the template used for units is not accepted
        assert not _valid(ops[key]["request"], seed)


def test_examples_are_not_placeholders(ops):
    for key, op in ops.items():
        if key in {("POST", "/v2/product/info"), ("POST", "/v2/product/info/list"),
                   ("POST", "/v2/posting/fbs/get")}:
            continue  # seed's own examples, kept verbatim (they carry a few "string" values)
        text = json.dumps(op["examples"], ensure_ascii=False)
        assert '"string"' not in text, key


# --- documented limits ----------------------------------------------------------------------

def test_documented_limits(ops):
    prices = ops[("POST", "/v1/product/info/prices")]["request"]
    assert _valid(prices, {"page": 1, "page_size": 1000})
    assert not _valid(prices, {"page": 1, "page_size": 1001})

    for path in ("/v2/posting/fbs/list", "/v2/posting/fbs/unfulfilled/list",
                 "/v2/posting/crossborder/list", "/v2/posting/crossborder/unfulfilled/list"):
        limit = seed_schemas.at(ops[("POST", path)]["request"], "limit")
        assert (limit["minimum"], limit["maximum"]) == (1, 50), path

    fbs = ops[("POST", "/v2/posting/fbs/list")]["request"]
    ok = {"dir": "asc", "filter": {"since": "2020-02-25T11:40:57Z", "to": "2020-03-25T11:40:57Z"},
          "limit": 50}
    assert _valid(fbs, ok)
    assert not _valid(fbs, {**ok, "limit": 51})
    assert not _valid(fbs, {**ok, "limit": 0})

    imp = ops[("POST", "/v2/product/import")]
    item = imp["examples"]["request"]["items"][0]
    assert _valid(imp["request"], {"items": [copy.deepcopy(item) for _ in range(100)]})
    assert not _valid(imp["request"], {"items": [copy.deepcopy(item) for _ in range(101)]})

    v1 = ops[("POST", "/v1/product/import")]["request"]
    assert seed_schemas.at(v1, "items")["maxItems"] == 1000
    assert seed_schemas.at(v1, "items.images")["maxItems"] == 10
    assert seed_schemas.at(v1, "items.name")["maxLength"] == 500

    stocks = ops[("POST", "/v1/product/import/stocks")]["request"]
    assert seed_schemas.at(stocks, "stocks")["maxItems"] == 100
    classify = ops[("POST", "/v1/product/classify")]["request"]
    assert seed_schemas.at(classify, "products")["maxItems"] == 100
    attrs = ops[("POST", "/v3/category/attribute")]["request"]
    assert _valid(attrs, {"category_id": list(range(1, 21))})
    assert not _valid(attrs, {"category_id": list(range(1, 22))})
    v4 = ops[("POST", "/v4/product/info/prices")]["request"]
    assert not _valid(v4, {"filter": {}, "limit": 1001})
    values = ops[("POST", "/v2/category/attribute/values")]["request"]
    assert seed_schemas.at(values, "limit")["maximum"] == 50


def test_required_fields_and_enums(ops):
    ship = ops[("POST", "/v1/order/ship/fbs")]["request"]
    assert not _valid(ship, {"order_id": 123456})
    cancel = ops[("POST", "/v2/posting/crossborder/cancel")]["request"]
    assert set(cancel["required"]) == {"cancel_reason_id", "posting_number"}
    report = ops[("POST", "/v1/report/transactions/create")]["request"]
    base = {"date_from": "2019-01-01", "date_to": "2019-01-15"}
    assert _valid(report, {**base, "transaction_type": "ORDERS"})
    assert not _valid(report, {**base, "transaction_type": "BOGUS"})
    imp = ops[("POST", "/v2/product/import")]["request"]
    assert seed_schemas.at(imp, "items.dimension_unit")["enum"] == ["mm", "cm", "in"]
    prepay = ops[("POST", "/v1/product/prepayment/set")]["request"]
    assert _valid(prepay, {"is_prepayment": True, "products_ids": [5376526]})
    assert not _valid(prepay, {"is_prepayment": True})
    assert not _valid(prepay, {"is_prepayment": True, "offers_ids": [], "products_ids": []})


def test_recursive_trees(ops):
    tree = ops[("POST", "/v1/category/tree")]["response"]
    deep = {"result": [{"category_id": 1, "title": "Книги", "children": [
        {"category_id": 2, "title": "Словари", "children": [
            {"category_id": 3, "title": "Толковые", "children": []}]}]}]}
    assert _valid(tree, deep)
    assert not _valid(tree, {"result": [{"category_id": "x", "children": [{"children": [{"title": 5}]}]}]})
    attrs = ops[("POST", "/v1/category/attribute")]["response"]
    assert "$defs" in attrs


def test_seed_limits_table_points_at_real_fields(ops):
    for method, path, side, dotted, kw, source in seed_schemas.SEED_LIMITS:
        node = seed_schemas.at(ops[(method, path)][side], dotted)
        for k, v in kw.items():
            if k == "items":
                for kk, vv in v.items():
                    assert node["items"][kk] == vv
            else:
                assert node[k] == v, (method, path, dotted, k)
        assert source
