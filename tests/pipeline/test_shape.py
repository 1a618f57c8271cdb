"""The shape stage: a handler's record is projected onto its operation's response schema, the fast
check that skips the projection never lets an undocumented field through, and a handler declared
exact is held to it in strict mode."""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from ozmock import OzonMock, registry
from ozmock.catalog import load_catalog
from ozmock.pipeline.shape import answer_schema_of, closed, compile_shape, shaped, zero_value
from ozmock.strategies import from_schema

CATALOG = load_catalog()
# Operations with nested objects and arrays of objects, stateful and generated alike.
OPERATIONS = ["POST /v3/posting/fbs/get", "POST /v3/product/info/list", "POST /v5/product/info/prices",
              "POST /v4/posting/fbs/list", "POST /v1/returns/list", "POST /v3/chat/list",
              "POST /v1/finance/realization/posting", "POST /v1/analytics/data"]
QUICK = settings(max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck))


def _operation(name: str):
    method, path = name.split(" ", 1)
    return CATALOG.get(method, path)


def complete_responses(name: str):
    """Valid answers carrying every documented property (what ozmock must answer)."""
    return from_schema(closed(_operation(name).answer_schema, shut=False), side="response")


@pytest.mark.parametrize("name", OPERATIONS)
def test_a_documented_answer_passes_unchanged(name):
    """Complete answers, message fields set or unset (null) alike: valid, conforming, left as they are."""
    operation = _operation(name)

    @QUICK
    @given(complete_responses(name))
    def check(body):
        assert operation.response_check.is_valid(body) and operation.conforms(body)
        assert shaped(operation, body) == body

    check()


@pytest.mark.parametrize("name", OPERATIONS)
def test_an_undocumented_field_never_gets_through(name):
    operation = _operation(name)

    @QUICK
    @given(body=complete_responses(name), extra=st.sampled_from(["internal_note", "_cache", "debugInfo"]))
    def check(body, extra):
        record = {**body, extra: {"secret": 1}}
        assert not operation.conforms(record)
        assert shaped(operation, record) == body

    check()


def test_values_of_the_wrong_type_become_zero_values():
    operation = _operation("POST /v3/posting/fbs/get")
    record = {"result": {"posting_number": 42, "status": "delivered", "products": "none", "in_process_at": None}}
    result = shaped(operation, record)["result"]
    assert result["status"] == "delivered"
    assert result["posting_number"] == "" and result["products"] == []
    assert result["in_process_at"] == "0001-01-01T00:00:00Z"      # Go's zero time, as the gateway writes it


@pytest.mark.parametrize("name", OPERATIONS)
def test_a_partial_record_is_completed_with_documented_types(name):
    """Whatever a handler leaves out, the answer carries every documented property, typed."""
    operation = _operation(name)
    complete = operation.response_validator.evolve(schema=closed(operation.answer_schema, shut=False))

    @QUICK
    @given(body=complete_responses(name), keep=st.sets(st.text(min_size=1, max_size=30), max_size=5))
    def check(body, keep):
        partial = {k: v for k, v in body.items() if k in keep}
        assert complete.is_valid(shaped(operation, partial))

    check()


def test_zero_values_follow_the_schema():
    assert zero_value({"type": "string", "enum": ["UNSPECIFIED", "OK"]}) == "UNSPECIFIED"
    assert zero_value({"type": ["integer", "string"]}) == 0
    assert zero_value({"type": "string", "format": "int64"}) == "0"
    assert zero_value({"type": "array", "items": {"type": "boolean"}, "minItems": 2}) == [False, False]
    tree = {"$defs": {"node": {"type": "object", "properties": {
                "name": {"type": "string"}, "children": {"type": "array", "items": {"$ref": "#/$defs/node"}}}}},
            "type": "object", "properties": {"root": {"$ref": "#/$defs/node"}}}
    assert zero_value(tree) == {"root": {"name": "", "children": []}}


ROLES = ("POST", "/v1/roles")


def _leaky(call):
    return {"roles": [], "expires_at": "2026-01-01T00:00:00.000Z", "internal": "not documented"}


@contextmanager
def declared_exact(key, exact: bool):
    """The registry's declaration for one operation, for one test (the set is shared by the process)."""
    was = key in registry.EXACT
    (registry.EXACT.add if exact else registry.EXACT.discard)(key)
    try:
        yield
    finally:
        (registry.EXACT.add if was else registry.EXACT.discard)(key)


@pytest.mark.parametrize("strict, status", [(True, 500), (False, 200)])
def test_an_exact_handler_is_held_to_its_schema_in_strict_mode(monkeypatch, strict, status):
    monkeypatch.setitem(registry.HANDLERS, ROLES, _leaky)
    with declared_exact(ROLES, True), OzonMock(strict=strict) as ozon, ozon.client() as client:
        answer = client.post("/v1/roles", json={})
    assert answer.status_code == status
    if strict:
        assert answer.json()["code"] == 13 and "declared exact" in answer.json()["message"]
    else:
        assert answer.json()["internal"] == "not documented"


def test_a_handler_not_declared_exact_is_shaped(monkeypatch):
    monkeypatch.setitem(registry.HANDLERS, ROLES, _leaky)
    with declared_exact(ROLES, False), OzonMock(strict=True) as ozon, ozon.client() as client:
        answer = client.post("/v1/roles", json={})
    assert answer.status_code == 200 and "internal" not in answer.json()


def test_an_unset_message_is_null_and_a_missing_one_is_completed():
    """The gateway writes an unset message field as null (Ozon's documented answers: `"customer": null`);
    the answer schema admits it on message properties only, never for an array's items or the root."""
    schema = {"type": "object", "properties": {
        "result": {"type": "object", "properties": {
            "details": {"type": "object", "properties": {"total": {"type": "number"}}},
            "wrapped": {"allOf": [{"type": "object", "properties": {"id": {"type": "integer"}}}]},
            "rows": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "integer"}}}},
            "name": {"type": "string"}}}}}
    answered = answer_schema_of(schema)
    result = answered["properties"]["result"]
    assert answered["type"] == "object" and result["type"] == ["object", "null"]
    assert result["properties"]["details"]["type"] == ["object", "null"]
    assert result["properties"]["wrapped"]["allOf"][0]["type"] == ["object", "null"]
    assert result["properties"]["rows"]["items"]["type"] == "object"
    assert result["properties"]["name"] == {"type": "string"}

    shape = compile_shape(answered)
    assert shape({"result": {"details": None}})["result"]["details"] is None
    assert shape({"result": {}})["result"]["details"] == {"total": 0}
    assert shape({"result": {"rows": [None, {"id": 1}], "name": None}})["result"]["rows"] == [{"id": 1}]
    complete = closed(answered)
    assert Draft202012Validator(complete).is_valid(shape({"result": {"details": None}}))
    assert not Draft202012Validator(complete).is_valid({"result": {"rows": [], "name": "", "wrapped": None}})
