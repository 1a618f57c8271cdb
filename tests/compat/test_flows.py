"""A seller's flows through each client: products (category -> import -> poll -> read back -> prices
-> stocks -> archive) and postings (list -> get -> ship -> label).

A flow listed under `flows:` in known_failures.yaml must still fail, like the operations."""
from __future__ import annotations

import pytest

from tests.compat.clients import OZONAPI, SDK
from tests.compat.flows import posting_flow, product_flow
from tests.compat.known import FILE, known_flows

KNOWN = known_flows()


def run(harness, flow, client):
    harness.dirty = True     # a flow starts from the staged world and writes as it goes
    harness.fresh()
    harness.dirty = True
    try:
        return flow(harness, client), None
    except Exception as exc:  # noqa: BLE001 — a step that fails is the finding
        return None, f"{type(exc).__name__}: {str(exc).splitlines()[0][:300]}"


def check(harness, flow, client, expected):
    seen, failure = run(harness, flow, client)
    listed = KNOWN.get((client, flow.__name__))
    if listed is not None:
        assert failure is not None or seen != expected, (f"{client} {flow.__name__} now passes: remove its "
                                                         f"entry from {FILE.name}")
        return
    assert failure is None, f"{client} {flow.__name__}: {failure}"
    assert seen == expected


@pytest.mark.parametrize("client", [SDK, OZONAPI])
def test_product_flow(harness, client):
    check(harness, product_flow, client,
          {"import": "imported", "read back": True, "prices": True, "stocks": True, "archive": True})


@pytest.mark.parametrize("client", [SDK, OZONAPI])
def test_posting_flow(harness, client):
    check(harness, posting_flow, client,
          {"get": "awaiting_packaging", "ship": True, "status": "awaiting_deliver", "label": b"%PDF"})
