"""Isolation: every stateful operation called by one seller with the other seller's ids reads nothing
of theirs and changes nothing of theirs, and answers without a 5xx. The ids come from the first
seller's own state (its products, postings, warehouses, chats, actions, reports...), put into every
field of that name each operation's request schema has."""
from __future__ import annotations

import json
from typing import Any

import pytest

from ozmock import OzonMock
from ozmock.catalog import load_catalog
from ozmock.registry import HANDLERS

from ..support import ok

# Request fields that name something a seller owns, and whether the value is text.
ID_FIELDS = {"product_id": False, "sku": False, "warehouse_id": False, "action_id": False, "task_id": False,
             "return_id": False, "offer_id": True, "posting_number": True, "chat_id": True, "code": True}
TEXT_IDS = ("offer_id", "posting_number", "chat_id")


def owned_ids(areas: Any) -> dict[str, list[Any]]:
    """Every value the seller's state holds under an id field's name (walked iteratively)."""
    found: dict[str, list[Any]] = {name: [] for name in ID_FIELDS}
    stack = [areas]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key in found and isinstance(value, (int, str)) and not isinstance(value, bool) and value:
                    found[key].append(value)
                stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)
    return {name: sorted(set(values), key=str) for name, values in found.items()}


def body_with(schema: dict[str, Any] | None, ids: dict[str, Any], wanted: set[str]) -> dict[str, Any]:
    """The operation's body with the victim's ids in every `wanted` field, two levels deep."""

    def fill(node: dict[str, Any] | None, depth: int) -> dict[str, Any]:
        body: dict[str, Any] = {}
        for name, sub in ((node or {}).get("properties") or {}).items():
            is_list = sub.get("type") == "array"
            inner = sub.get("items") if is_list else sub
            if name in wanted and ids.get(name):
                body[name] = [ids[name]] if is_list else ids[name]
            elif depth < 2 and isinstance(inner, dict) and inner.get("properties"):
                child = fill(inner, depth + 1)
                if child:
                    body[name] = [child] if is_list else child
        return body

    return fill(schema, 0)


@pytest.fixture(scope="module")
def world_pair():
    with OzonMock("default", rate_limit_per_second=None) as ozon, ozon.client() as victim, \
            ozon.client(ozon.credentials_for(837)) as intruder:
        ok(victim.post("/v1/report/products/create", json={}))
        yield ozon, victim, intruder


def first_posting(client) -> str:
    period = {"since": "2025-11-01T00:00:00Z", "to": "2026-01-31T00:00:00Z"}
    postings = ok(client.post("/v3/posting/fbs/list", json={"filter": period, "limit": 1, "offset": 0}))
    return postings["result"]["postings"][0]["posting_number"]


def victim_state(ozon) -> dict[str, Any]:
    return json.loads(json.dumps(ozon.world.to_json()["sellers"][0]["areas"], sort_keys=True, default=str))


def test_another_sellers_ids_read_nothing_change_nothing_and_never_fail(world_pair):
    ozon, victim, intruder = world_pair
    before = victim_state(ozon)
    ids = {name: values[0] for name, values in owned_ids(before).items() if values}
    leaks = {name: [str(v) for v in values] for name, values in owned_ids(before).items()
             if name in TEXT_IDS and values}
    failures = []
    for operation in load_catalog():
        if operation.key not in HANDLERS or operation.method != "POST":
            continue
        for wanted in (set(ID_FIELDS) - set(TEXT_IDS), set(TEXT_IDS) | {"code"}):
            body = body_with(operation.request_schema, ids, wanted)
            if not body:
                continue
            answer = intruder.post(operation.path, json=body)
            if answer.status_code >= 500:
                failures.append(f"{operation.path}: {answer.status_code} {answer.text[:120]}")
                continue
            sent = json.dumps(body)
            shown = [value for values in leaks.values() for value in values
                     if value not in sent and value in answer.text]
            if shown:
                failures.append(f"{operation.path}: shows the other seller's {shown[:3]}")
    assert failures == []
    assert victim_state(ozon) == before


def test_the_intruder_gets_the_answers_for_unknown_ids(world_pair):
    _, victim, intruder = world_pair
    product = ok(victim.post("/v3/product/list", json={"limit": 1}))["result"]["items"][0]
    posting = first_posting(victim)
    assert intruder.post("/v1/product/info", json={"product_id": product["product_id"]}).status_code == 404
    assert intruder.post("/v3/posting/fbs/get", json={"posting_number": posting}).status_code == 404
    assert intruder.post("/v1/product/archive", json={"product_id": [product["product_id"]]}).json()["code"] == 5
    assert ok(intruder.post("/v3/product/info/list", json={"product_id": [product["product_id"]]}))["items"] == []
