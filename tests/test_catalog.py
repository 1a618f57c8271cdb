"""The served contract: exactly the 660 operations of operations.tsv, each with a schema answering its
example, each known only by path answering 400/9."""
import csv
import re
from datetime import date
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from ozmock import OzonMock
from ozmock.catalog import FORMAT_CHECKER, load_catalog

TABLE = Path(__file__).resolve().parents[1] / "tools" / "operations.tsv"   # a copy of the shared reference


def table_rows() -> list[dict[str, str]]:
    with open(TABLE, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def documented_operations() -> set[tuple[str, str]]:
    return {(row["method"], row["path"]) for row in table_rows()}


CATALOG = load_catalog()


def concrete_path(operation) -> str:
    """The operation's path with its parameters filled in with plausible values."""
    def value(match):
        name = match.group(1) or match.group(2)
        schema = operation.path_params.get(name, {})
        return "123456" if "integer" in str(schema.get("type")) else "3f2a9c1e-0b7d-4e21-8c64-2a1d9e7b3f08"
    return re.sub(r"\{(\w+)\}|:(\w+)", value, operation.path)


def test_health_counts_every_row(client):
    assert client.get("/__ozmock/health").json()["operations"] == 660 == len(table_rows())


def test_operations_are_exactly_the_documented_ones(client):
    listed = client.get("/__ozmock/operations").json()["operations"]
    assert len(listed) == 660
    assert {(op["method"], op["path"]) for op in listed} == documented_operations()
    assert {op["fidelity"] for op in listed} == {"stateful", "generated", "obsolete"}
    assert all(op["sources"] for op in listed)
    pathless = {(row["method"], row["path"]) for row in table_rows() if row["has_schema"] == "no"}
    assert {(op["method"], op["path"]) for op in listed if op["fidelity"] == "obsolete"} == pathless
    assert len(pathless) == 59


def test_openapi_lists_every_operation_with_a_schema(client):
    document = client.get("/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    served = {(method.upper(), path) for path, item in document["paths"].items() for method in item}
    expected = {(row["method"], re.sub(r":(\w+)", r"{\1}", row["path"])) for row in table_rows()
                if row["has_schema"] == "yes"}
    assert served == expected


def test_lifecycle_today_follows_the_table():
    """Every row's status today is the one its dates give: removed once its removal date has come."""
    today = date.today()
    rows = {(row["method"], row["path"]): row for row in table_rows()}
    for op in CATALOG:
        row = rows[op.key]
        status = op.lifecycle(today).status
        if row["removed_on"] and date.fromisoformat(row["removed_on"]) <= today:
            assert status == "removed", op
        elif row["deprecated_on"] and not row["removed_on"]:
            assert status == "deprecated", op
        elif not (row["removed_on"] or row["deprecated_on"] or row["note"].startswith("removed before")):
            assert status == "current", op


@pytest.fixture(scope="module")
def shared_ozon():
    with OzonMock(strict=True, rate_limit_per_second=None) as ozon:
        yield ozon


WITH_SCHEMA = [op for op in CATALOG if not op.obsolete]
OBSOLETE = [op for op in CATALOG if op.obsolete]


@pytest.mark.parametrize("operation", OBSOLETE, ids=lambda op: f"{op.method} {op.path}")
def test_operations_known_only_by_path_answer_obsolete(shared_ozon, operation):
    with shared_ozon.client() as client:
        response = client.request(operation.method, concrete_path(operation), json={})
    assert response.status_code == 400
    assert response.json() == {"code": 9, "message": "obsolete method cannot be used", "details": []}


@pytest.mark.parametrize("operation", WITH_SCHEMA, ids=lambda op: f"{op.method} {op.path}")
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
    schema = operation.answer_schema if response.status_code == 200 else operation.error_schema
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
    """`schemas/operations.jsonl` (read at start-up) says exactly what the files say; the operations
    known only by path have a line and no file."""
    import orjson

    folder = Path(__file__).resolve().parents[1] / "schemas"
    files = {file.name: orjson.loads(file.read_bytes())["operation"] for file in folder.glob("*.json")}
    entries = list(map(orjson.loads, (folder / "operations.jsonl").read_bytes().splitlines()))
    assert {entry["file"]: entry["operation"] for entry in entries if entry["file"]} == files
    assert all(entry["operation"]["obsolete"] for entry in entries if entry["file"] is None)
