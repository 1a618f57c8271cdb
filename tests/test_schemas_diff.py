"""`ozmock schemas diff`: contract drift between spec files, and against the served contract."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ozmock.catalog import load_catalog
from ozmock.cli import main
from ozmock.schemas_diff import compare, diff, spec_operations

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "ozon-openapi"
JUNE, OCTOBER = SHARED / "ozon-seller-openapi.json", SHARED / "ozon-seller-openapi-2026-10.json"
needs_shared = pytest.mark.skipif(not OCTOBER.exists(), reason="the shared spec files are not next to this checkout")


def tiny_spec(**operations) -> dict:
    return {"openapi": "3.0.0", "paths": {path: {"post": {
        "requestBody": {"content": {"application/json": {"schema": request}}},
        "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/R"}}}}}}}
        for path, request in operations.items()},
        "components": {"schemas": {"R": {"type": "object", "properties": {"status": {
            "type": "string", "enum": ["A", "B"]}}}}}}


@needs_shared
def test_june_against_october_lists_the_35_added_and_12_removed(capsys):
    assert main(["schemas", "diff", str(OCTOBER), "--base", str(JUNE)]) == 0
    out = capsys.readouterr().out
    assert "added operations: 35" in out and "removed operations: 12" in out
    added = {line.split(" ", 4)[-1] for line in out.splitlines() if line.startswith("  + ")}
    removed = {line.split(" ", 4)[-1] for line in out.splitlines() if line.startswith("  - ")}
    assert {"/v2/actions/products", "/v1/barcode/delete", "/v3/posting/fbs/package-label/create"} <= added
    assert {"/v1/draft/create", "/v1/product/quant/list", "/v2/returns/rfbs/verify"} <= removed


@needs_shared
def test_against_the_served_contract_nothing_live_is_missing_from_october(capsys):
    """Today ozmock serves October's operations (and only removed ones beyond them)."""
    assert main(["schemas", "diff", str(OCTOBER)]) == 0
    out = capsys.readouterr().out
    assert "added operations: 0" in out


def test_field_level_changes_are_named():
    old = tiny_spec(**{"/v1/x": {"type": "object", "properties": {"a": {"type": "integer"}, "gone": {
        "type": "string"}}, "required": ["a"]}})
    new = tiny_spec(**{"/v1/x": {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "array",
                       "items": {"type": "string", "enum": ["X"]}}}, "required": ["b"]}, "/v2/y": {}})
    new["components"]["schemas"]["R"]["properties"]["status"]["enum"] = ["A", "C"]
    drift = diff(spec_operations(old), spec_operations(new))
    assert drift.added == [("POST", "/v2/y")] and drift.removed == []
    assert drift.changed[("POST", "/v1/x")] == [
        "request: b: now required", "request: a: no longer required", "request: b: field added",
        "request: gone: field removed", "request: a: type integer -> string",
        "response: status: enum + C", "response: status: enum - B"]


@settings(max_examples=50, deadline=None)
@given(st.recursive(st.fixed_dictionaries({"type": st.sampled_from(["string", "integer", "boolean"])}),
                    lambda inner: st.fixed_dictionaries({"type": st.just("object"), "properties": st.dictionaries(
                        st.sampled_from(["a", "b", "c"]), inner, max_size=3)}), max_leaves=6))
def test_a_schema_never_drifts_from_itself(schema):
    assert list(compare(schema, json.loads(json.dumps(schema)))) == []


def test_protojson_spellings_are_not_drift():
    """The served request side takes int64 as a number or a numeric string; the spec writes int64 as a
    string with a format: neither is a change."""
    served = {"type": "object", "properties": {"id": {"type": ["integer", "string"], "pattern": "^-?[0-9]+$"}}}
    spec = {"type": "object", "properties": {"id": {"type": "string", "format": "int64"}}}
    assert list(compare(served, spec)) == []


def test_operations_command_takes_a_date(capsys):
    assert main(["operations", "--api-date", "2026-06-11"]) == 0
    lines = capsys.readouterr().out.splitlines()
    listed = {tuple(line.split("\t")[:2]) for line in lines}
    assert ("POST", "/v2/actions/products") not in listed and ("POST", "/v1/actions/products") in listed
    assert len(lines) == len(load_catalog().as_of(date(2026, 6, 11)))
