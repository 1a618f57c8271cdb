"""Property tests over a sample of operations: valid bodies are never refused, broken ones always are."""
from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ozmock import OzonMock
from ozmock.catalog import load_catalog
from ozmock.pipeline.validation import reads_valid
from ozmock.strategies import from_schema

CATALOG = load_catalog()
WITH_BODY = [op for op in CATALOG if op.takes_body and op.request_schema.get("properties")]
SAMPLE = WITH_BODY[::12]
PROPERTY_SETTINGS = settings(max_examples=6, deadline=None, derandomize=True,
                             suppress_health_check=list(HealthCheck))


def top_level(op, keyword):
    """Top-level request fields that carry a JSON-schema keyword (e.g. maxItems)."""
    return [name for name, schema in op.request_schema["properties"].items() if keyword in schema]


def valid_as_protojson_reads_it(operation, body) -> bool:
    """JSON Schema cannot bound a number sent as a string; protojson reads it as the number, so only
    bodies whose numbers (read that way) keep the documented ranges and int64 are valid."""
    return reads_valid(operation, body)


@pytest.fixture(scope="module")
def client():
    with OzonMock(rate_limit_per_second=None, strict=True) as ozon, ozon.client() as client:
        yield client


@pytest.mark.parametrize("operation", SAMPLE, ids=lambda op: op.path)
def test_generated_valid_bodies_are_never_refused_as_invalid(client, operation):
    @PROPERTY_SETTINGS
    @given(body=from_schema(operation.request_schema, side="response"))   # odd-but-valid values, not realistic
    def check(body):
        assume(valid_as_protojson_reads_it(operation, body))
        response = client.post(operation.path, json=body)
        assert response.status_code < 500, response.text
        # The pipeline never refuses a valid body; a domain rule may (an unknown id, a bad period).
        assert not (response.status_code == 400 and response.headers["x-ozmock-source"] == "error"), response.text

    check()


@pytest.fixture(scope="module")
def strict_client():
    with OzonMock(rate_limit_per_second=None, strict=True, strict_requests=True) as ozon, ozon.client() as client:
        yield client


@pytest.mark.parametrize("operation", [op for op in SAMPLE if op.request_schema.get("required")],
                         ids=lambda op: op.path)
def test_dropping_a_required_field_warns_and_strict_requests_refuse_it(client, strict_client, operation):
    """A documented `required` is a contract warning (protojson reads the field as its zero value);
    strict-requests mode answers the 400 naming the field instead."""
    @PROPERTY_SETTINGS
    @given(body=from_schema(operation.request_schema), data=st.data())
    def check(body, data):
        assume(valid_as_protojson_reads_it(operation, body))
        field = data.draw(st.sampled_from(operation.request_schema["required"]))
        broken = {k: v for k, v in body.items() if k != field}
        response = client.post(operation.path, json=broken)
        assert response.status_code < 500, response.text
        warnings = response.headers["x-ozmock-warning"].split("; ")
        assert any(warning.startswith(f"{field}: value is required (") for warning in warnings)
        refused = strict_client.post(operation.path, json=broken)
        assert refused.status_code == 400
        assert refused.json()["code"] == 3 and warnings[0].startswith(refused.json()["message"] + " (")

    check()


def wrong_value(schema: dict):
    kinds = schema.get("type")
    kinds = set(kinds if isinstance(kinds, list) else [kinds])
    if "array" in kinds or "object" in kinds:
        return True
    return {"unexpected": "object"}


@pytest.mark.parametrize("operation", [op for op in SAMPLE if top_level(op, "type")], ids=lambda op: op.path)
def test_a_field_of_the_wrong_type_is_refused_naming_it(client, operation):
    @PROPERTY_SETTINGS
    @given(body=from_schema(operation.request_schema), data=st.data())
    def check(body, data):
        assume(valid_as_protojson_reads_it(operation, body))
        field = data.draw(st.sampled_from(top_level(operation, "type")))
        broken = dict(body, **{field: wrong_value(operation.request_schema["properties"][field])})
        response = client.post(operation.path, json=broken)
        assert response.status_code == 400, response.text
        assert response.json()["message"].startswith(f"{field}: "), response.text

    check()


def small_limits(op) -> list[str]:
    """Fields limited to at most 500 items: a body one item over a limit of 1000 complex items (the v1
    import) costs minutes to build and refuse under load, and proves nothing more."""
    return [name for name in top_level(op, "maxItems") if op.request_schema["properties"][name]["maxItems"] <= 500]


LIMITED = [op for op in WITH_BODY if small_limits(op)][::6]


@pytest.mark.parametrize("operation", LIMITED, ids=lambda op: op.path)
def test_one_item_too_many_is_refused_naming_the_field(client, operation):
    @PROPERTY_SETTINGS
    @given(body=from_schema(operation.request_schema), data=st.data())
    def check(body, data):
        assume(valid_as_protojson_reads_it(operation, body))
        field = data.draw(st.sampled_from(small_limits(operation)))
        schema = operation.request_schema["properties"][field]
        item = data.draw(from_schema(schema.get("items", {})))
        assume(valid_as_protojson_reads_it(operation, dict(body, **{field: [item]})))
        broken = dict(body, **{field: [copy.deepcopy(item) for _ in range(schema["maxItems"] + 1)]})
        response = client.post(operation.path, json=broken)
        assert response.status_code == 400, response.text
        assert response.json()["message"] == \
            f"{field}: value must contain no more than {schema['maxItems']} item(s)", response.text

    check()
