"""Complete answers: every 200 answer of every operation carries every property its response schema
declares, recursively, with the schema's types (zero values where the world has nothing) -- stateful
answers (shaped, or built exact by their handler) and generated ones alike."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from ozmock import OzonMock
from ozmock.catalog import FORMAT_CHECKER, load_catalog
from ozmock.generate import generated_response
from ozmock.pipeline.shape import closed
from ozmock.registry import FILE_ANSWERS, HANDLERS
from ozmock.world import World

CATALOG = load_catalog()
STATEFUL = [op for op in CATALOG if op.key in HANDLERS]
GENERATED = [op for op in CATALOG if op.key not in HANDLERS]
SEEDS = settings(max_examples=2, deadline=None, database=None, suppress_health_check=list(HealthCheck))


def completeness_errors(operation, body) -> list[str]:
    """Where `body` lacks a documented property or has one of another type (empty when complete)."""
    validator = Draft202012Validator(closed(operation.answer_schema, shut=False), format_checker=FORMAT_CHECKER)
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in validator.iter_errors(body)]


def test_the_check_sees_a_missing_nested_property_and_a_wrong_type():
    operation = CATALOG.get("POST", "/v5/product/info/prices")
    body = {"cursor": "", "total": 0, "items": [{"marketing_actions": {"actions": []}}]}
    errors = completeness_errors(operation, body)
    assert any(e.startswith("items/0/marketing_actions: 'current_period_from'") for e in errors)
    assert any("'1' is not of type 'integer'" in e for e in completeness_errors(operation, {**body, "total": "1"}))


def request_for(operation) -> tuple[str, dict | None]:
    """The documented example request where it is valid (an empty body otherwise), and the path."""
    path = operation.path
    for name in operation.path_params:
        path = path.replace("{%s}" % name, "1").replace(":%s" % name, "1")
    body = operation.example_request if isinstance(operation.example_request, dict) else {}
    if operation.request_validator is not None and not operation.request_validator.is_valid(body):
        body = {}
    return path, None if operation.method == "GET" else body


@pytest.fixture(scope="module")
def client():
    with OzonMock(rate_limit_per_second=None, strict=True) as ozon, ozon.client() as client:
        yield client


@pytest.mark.parametrize("operation", STATEFUL, ids=lambda op: f"{op.method} {op.path}")
def test_every_stateful_answer_is_complete(client, operation):
    path, body = request_for(operation)
    response = client.request(operation.method, path, json=body)
    assert response.status_code < 500, response.text      # strict mode: an incomplete exact answer is a 500
    if response.status_code == 200 and operation.key in FILE_ANSWERS:   # a raw file, of its declared type
        assert response.headers["content-type"] == FILE_ANSWERS[operation.key]
    elif response.status_code == 200:
        assert response.headers["content-type"] == "application/json"
        assert completeness_errors(operation, response.json()) == []
    else:   # the example names things this world lacks: the domain's own refusal
        assert response.headers["x-ozmock-source"] == "stateful" and response.status_code in (400, 404, 409)


@pytest.mark.parametrize("operation", GENERATED, ids=lambda op: f"{op.method} {op.path}")
def test_every_generated_answer_is_complete(operation):
    _, body = request_for(operation)

    @SEEDS
    @given(seed=st.integers(0, 2**16))
    def check(seed):
        answer, _ = generated_response(operation, body or {}, World(seed=seed))
        assert completeness_errors(operation, answer) == []

    check()
