"""Contract warnings: a documented rule the live API does not enforce is accepted with its zero value
and reported (header, journal, control API, OzonMock.warnings); strict-requests mode refuses it."""
from __future__ import annotations

import copy
from datetime import date

from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ozmock import OzonMock
from ozmock.catalog import load_catalog
from ozmock.lifecycle import lifecycle_of, today
from ozmock.pipeline.contract_warnings import lifecycle_warning
from ozmock.pipeline.tiers import WARN, rules_of
from ozmock.strategies import requests

CATALOG = load_catalog()
TODAY = today()

# The "Why" list of issue 10: calls published clients make that the documents' letter would refuse.
CLIENT_CALLS = [
    ("/v1/warehouse/list", {}, "limit: value is required"),
    ("/v3/posting/fbs/list", {"filter": {"since": "2026-01-01T00:00:00Z", "to": "2026-01-20T00:00:00Z"},
                              "limit": 10}, "offset: value is required"),
    ("/v3/posting/fbs/unfulfilled/list", {"filter": {"cutoff_from": "2026-01-01T00:00:00Z",
                                                     "cutoff_to": "2026-01-20T00:00:00Z"}, "limit": 10},
     "offset: value is required"),
    ("/v1/analytics/manage/stocks", {"limit": 10}, "offset: value is required"),
    ("/v1/pass/list", {}, "limit: value is required"),
    ("/v1/product/certificate/list", {"page_size": 10}, "page: value is required"),
    ("/v3/product/list", {"limit": 0}, "limit: value must be greater than or equal to 1"),
    # a required field inside a described message (`{allOf: [message]}` in the 2026-10 contract)
    ("/v1/warehouse/rfbs/return-point/list", {"filters": {"country_code": "RU"}, "limit": 10},
     "filters.coordinates: value is required"),
]


@pytest.mark.parametrize(("path", "body", "warning"), CLIENT_CALLS, ids=[c[0] for c in CLIENT_CALLS])
def test_a_call_published_clients_make_is_answered_with_a_warning(ozon, client, path, body, warning):
    response = client.post(path, json=body)
    assert response.status_code == 200, response.text
    assert warning in response.headers["x-ozmock-warning"]
    assert any(text.startswith(warning) for text in ozon.journal.last(path).warnings)
    assert any(text.startswith(warning) for text in ozon.warnings)
    listed = client.get("/__ozmock/warnings").json()
    assert listed["warnings"][-1]["operation"] == f"POST {path}"
    assert any(entry["warning"].startswith(warning) for entry in listed["summary"])


@pytest.mark.parametrize(("path", "body", "warning"), CLIENT_CALLS, ids=[c[0] for c in CLIENT_CALLS])
def test_strict_requests_refuse_the_same_call_naming_the_field(path, body, warning):
    with OzonMock(strict_requests=True) as ozon, ozon.client() as client:
        before = client.get("/__ozmock/state").json()
        response = client.post(path, json=body)
        assert response.status_code == 400
        assert response.json() == {"code": 3, "message": warning, "details": []}
        assert client.get("/__ozmock/state").json() == before


@pytest.mark.ozon_options(api_date="2026-01-15")      # before /v1/warehouse/list was deprecated
def test_a_valid_call_raises_no_warning(ozon, client):
    response = client.post("/v1/warehouse/list", json={"limit": 10, "offset": 0})
    assert response.status_code == 200 and "x-ozmock-warning" not in response.headers
    assert ozon.warnings == [] and client.get("/__ozmock/warnings").json()["warnings"] == []


def test_a_deprecated_operation_warns_with_its_lifecycle(ozon, client):
    deprecated = [op for op in CATALOG if op.lifecycle(TODAY).status == "deprecated" and op.method == "POST"]
    assert deprecated
    # one whose empty body breaks no field rule, so the lifecycle is its only warning
    answers = ((op, client.post(op.path, json={})) for op in deprecated)
    op, response = next((op, answer) for op, answer in answers
                        if answer.headers.get("x-ozmock-warning", "").startswith(f"POST {op.path}: deprecated"))
    with OzonMock(strict_requests=True) as strict, strict.client() as strict_client:
        refused = strict_client.post(op.path, json={})
    assert refused.status_code == 400 and refused.json()["message"].startswith(f"POST {op.path}: deprecated")


def test_the_scenario_setting_turns_strict_requests_on(tmp_path):
    scenario = tmp_path / "strict.yaml"
    scenario.write_text('seed: 1\nstrict_requests: true\n'
                        'sellers:\n  - client_id: 836\n    api_keys: ["0296d4f2-70a1-4c09-b507-904fd05567b9"]\n')
    with OzonMock(str(scenario)) as ozon, ozon.client() as client:
        assert client.post("/v1/warehouse/list", json={}).json()["message"] == "limit: value is required"


# --- every warning, in strict-requests mode, is the 400 naming its field -----------------------------

WARNED = [op for op in CATALOG if op.takes_body and op.lifecycle(TODAY).status == "current"
          and any(rule.tier == WARN and "." not in rule.location and "[]" not in rule.location
                  for rule in rules_of(op.key, op.request_schema))]


@pytest.fixture(scope="module")
def lenient_and_strict():
    with OzonMock(rate_limit_per_second=None) as lenient, \
            OzonMock(rate_limit_per_second=None, strict_requests=True) as strict, \
            lenient.client() as a, strict.client() as b:
        yield lenient, strict, a, b


def _drop(body: dict, path: list[str]) -> None:
    """Remove the field at `path` (`["filter", "sku"]`) from a body, wherever it is present."""
    node = body
    for name in path[:-1]:
        node = node.get(name) if isinstance(node, dict) else None
    if isinstance(node, dict):
        node.pop(path[-1], None)


@pytest.mark.parametrize("operation", WARNED[::8], ids=lambda op: op.path)
def test_strict_requests_turn_every_warning_into_a_400_naming_the_field(lenient_and_strict, operation):
    lenient, strict, a, b = lenient_and_strict
    soft = [rule for rule in rules_of(operation.key, operation.request_schema)
            if rule.tier == WARN and "." not in rule.location and "[]" not in rule.location]

    @settings(max_examples=5, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(body=requests(operation), data=st.data())
    def check(body, data):
        rule = data.draw(st.sampled_from(soft))
        broken = copy.deepcopy(body)
        if rule.keyword == "required":
            broken.pop(rule.location, None)
        elif rule.keyword == "anyOf":           # none of the alternatives given
            for field in rule.field.split(" or "):
                _drop(broken, field.split("."))
        else:
            broken[rule.location] = 0
        assume(broken != body)
        lenient.reset()
        strict.reset()
        answer = a.post(operation.path, json=broken)
        assert answer.status_code < 500, answer.text
        warnings = answer.headers["x-ozmock-warning"].split("; ")
        assert any(w.startswith(f"{rule.field}: {rule.text} (") for w in warnings)
        refused = b.post(operation.path, json=broken)
        assert refused.status_code == 400
        assert refused.json() == {"code": 3, "message": warnings[0].rsplit(" (", 1)[0], "details": []}

    check()


def test_a_lifecycle_warning_names_the_date_and_the_replacement_when_the_catalogue_knows_them():
    prices = SimpleNamespace(method="POST", path="/v1/product/info/prices", first_seen=None,
                             deprecated_on=date(2021, 8, 1), removed_on=date(2021, 9, 13),
                             replaced_by="/v5/product/info/prices")
    removed = lifecycle_warning(prices, lifecycle_of(prices, date(2026, 12, 3)))
    assert removed.describe() == \
        "POST /v1/product/info/prices: switched off since 2021-09-13 (use /v5/product/info/prices)"
    deprecated = lifecycle_warning(prices, lifecycle_of(prices, date(2021, 8, 15)))
    assert deprecated.describe() == ("POST /v1/product/info/prices: deprecated since 2021-08-01, removal 2021-09-13 "
                                     "(use /v5/product/info/prices)")
    assert lifecycle_warning(prices, lifecycle_of(prices, date(2021, 7, 1))) is None


# --- "one of these fields" forms and paging minimums above 1 ------------------------------------------

ONE_OF = [(op, rule) for op in CATALOG if op.takes_body and op.lifecycle(TODAY).status != "removed"
          for rule in rules_of(op.key, op.request_schema) if rule.keyword == "anyOf"]


@pytest.mark.parametrize(("operation", "rule"), ONE_OF, ids=[op.path for op, _ in ONE_OF])
def test_a_body_giving_none_of_the_alternatives_warns_and_strict_requests_refuse_it(lenient_and_strict, operation,
                                                                                     rule):
    lenient, strict, a, b = lenient_and_strict
    assert rule.tier == WARN and " or " in rule.field
    body = copy.deepcopy(operation.example_request or {})
    for field in rule.field.split(" or "):
        *parents, name = field.split(".")
        node = body
        for parent in parents:    # an alternative inside a message (`delivery.courier`): the message given, empty
            node = node.setdefault(parent, {})
        node.pop(name, None)
    lenient.reset()
    strict.reset()
    answer = a.post(operation.path, json=body)
    assert answer.status_code < 500, answer.text
    assert f"{rule.field}: value is required (read as its zero value)" in answer.headers["x-ozmock-warning"]
    before = b.get("/__ozmock/state").json()
    refused = b.post(operation.path, json=body)
    assert refused.status_code == 400
    assert refused.json()["message"] in (f"{rule.field}: value is required",) + tuple(
        w.rsplit(" (", 1)[0] for w in answer.headers["x-ozmock-warning"].split("; "))
    assert b.get("/__ozmock/state").json() == before


@pytest.mark.parametrize("path", ["/v1/review/list", "/v1/review/comment/list", "/v2/review/list"])
def test_a_review_page_below_its_documented_minimum_is_refused_but_zero_reads_as_the_default(client, path):
    body = {"review_id": "any"} if "comment" in path else {}
    refused = client.post(path, json={**body, "limit": 10})
    assert refused.status_code == 400
    assert refused.json()["message"] == "limit: value must be greater than or equal to 20"
    assert client.post(path, json={**body, "limit": 20}).status_code != 400
    zero = client.post(path, json={**body, "limit": 0})
    assert zero.status_code != 400, zero.text
