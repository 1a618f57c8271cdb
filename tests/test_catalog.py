"""The served contract: exactly the 557 operations of endpoints.tsv, each answering its example."""
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from ozmock import OzonMock
from ozmock.catalog import FORMAT_CHECKER, load_catalog

ENDPOINTS = Path(__file__).resolve().parents[1] / "tools" / "endpoints.tsv"


def documented_operations() -> set[tuple[str, str]]:
    rows = [line.split("\t") for line in ENDPOINTS.read_text().splitlines() if line and not line.startswith("#")]
    return {(row[0], row[1]) for row in rows}


CATALOG = load_catalog()


def concrete_path(operation) -> str:
    """The operation's path with its parameters filled in with plausible values."""
    def value(match):
        name = match.group(1) or match.group(2)
        schema = operation.path_params.get(name, {})
        return "123456" if "integer" in str(schema.get("type")) else "3f2a9c1e-0b7d-4e21-8c64-2a1d9e7b3f08"
    return re.sub(r"\{(\w+)\}|:(\w+)", value, operation.path)


def test_health_reports_557(client):
    assert client.get("/__ozmock/health").json()["operations"] == 557


def test_operations_are_exactly_the_documented_ones(client):
    listed = client.get("/__ozmock/operations").json()["operations"]
    assert len(listed) == 557
    assert {(op["method"], op["path"]) for op in listed} == documented_operations()
    assert {op["fidelity"] for op in listed} <= {"stateful", "generated"}
    assert all(op["sources"] for op in listed)


def test_openapi_lists_exactly_the_documented_operations(client):
    document = client.get("/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    served = {(method.upper(), path) for path, item in document["paths"].items() for method in item}
    expected = {(method, re.sub(r":(\w+)", r"{\1}", path)) for method, path in documented_operations()}
    assert served == expected


def test_lifecycle_counts():
    counts = {}
    for op in CATALOG:
        counts[op.lifecycle] = counts.get(op.lifecycle, 0) + 1
    assert counts["removed"] == 78 + 19
    assert counts.get("deprecated", 0) >= 9


@pytest.fixture(scope="module")
def shared_ozon():
    with OzonMock(strict=True, rate_limit_per_second=None) as ozon:
        yield ozon


@pytest.mark.parametrize("operation", CATALOG.operations, ids=lambda op: f"{op.method} {op.path}")
def test_example_request_is_answered_within_the_contract(shared_ozon, operation):
    with shared_ozon.client() as client:
        body = operation.example_request if operation.example_request is not None else {}
        if operation.method == "GET":
            response = client.get(concrete_path(operation))
        else:
            response = client.post(concrete_path(operation), json=body)
    assert response.status_code != 405 and "no such method" not in response.text, "routing failed"
    assert response.status_code < 500, response.text
    if response.status_code == 200 and not response.headers["content-type"].startswith("application/json"):
        # The documented file answers (labels, acts, barcodes) come as the file itself.
        signature = {"application/pdf": b"%PDF", "image/png": b"\x89PNG"}[response.headers["content-type"]]
        assert response.content.startswith(signature)
        return
    schema = operation.response_schema if response.status_code == 200 else operation.error_schema
    errors = list(Draft202012Validator(schema, format_checker=FORMAT_CHECKER).iter_errors(response.json()))
    assert not errors, errors[0].message
    if response.headers["x-ozmock-source"] == "stateful" and response.status_code != 200:
        # A stateful operation may refuse what the documentation made up (ids that do not exist in this
        # world, placeholder dates): a domain error in the live shape, never a server error.
        assert (response.status_code, response.json()["code"]) in {(404, 5), (400, 3), (409, 6), (400, 9)}, \
            response.text
    else:
        assert response.status_code == 200, response.text


def test_the_operation_index_matches_the_schema_files():
    """`schemas/operations.jsonl` (read at start-up) says exactly what the files say."""
    import orjson

    folder = Path(__file__).resolve().parents[1] / "schemas"
    files = {file.name: orjson.loads(file.read_bytes())["operation"] for file in folder.glob("*.json")}
    index = {entry["file"]: entry["operation"] for entry in
             map(orjson.loads, (folder / "operations.jsonl").read_bytes().splitlines())}
    assert index == files
