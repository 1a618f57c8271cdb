"""Helpers for the product-area tests: valid import items and small wrappers for the calls every
flow makes."""
from __future__ import annotations

import itertools
import random

import httpx

from ozmock.domain.products.seed import valid_item
from tests.support import ok

SECOND_SELLER = {"Client-Id": "837", "Api-Key": "5f0c1a3e-9b7d-4e21-8c64-2a1d9e7b3f08"}
_counter = itertools.count(1)


def item(offer_id: str | None = None, seed: int | None = None, **changes) -> dict:
    """A valid `/v3/product/import` item (every rule satisfied), with `changes` applied on top."""
    number = next(_counter)
    rng = random.Random(seed if seed is not None else number)
    data = valid_item(rng, offer_id or f"TEST-{number:05d}")
    data.update(changes)
    return data


def advance(client: httpx.Client, seconds: float) -> None:
    ok(client.post("/__ozmock/clock/advance", json={"seconds": seconds}))


def import_v3(client: httpx.Client, items: list[dict]) -> int:
    return ok(client.post("/v3/product/import", json={"items": items}))["result"]["task_id"]


def task_items(client: httpx.Client, task_id: int) -> list[dict]:
    return ok(client.post("/v1/product/import/info", json={"task_id": task_id}))["result"]["items"]


def finish(client: httpx.Client, task_id: int, *, done=("imported", "failed", "processed", "failed_validation"),
           step: float = 1.0, limit: int = 60) -> list[dict]:
    """Poll the task, advancing the clock through the control API, until no item is in progress."""
    for _ in range(limit):
        items = task_items(client, task_id)
        if items and all(i["status"] in done for i in items):
            return items
        advance(client, step)
    raise AssertionError(f"task {task_id} never finished: {items}")


def ready(client: httpx.Client, seconds: float = 10) -> None:
    """Let moderation finish for everything imported so far."""
    advance(client, seconds)


def info(client: httpx.Client, **ids) -> list[dict]:
    return ok(client.post("/v3/product/info/list", json=ids))["items"]


def listed(client: httpx.Client, visibility: str = "ALL", **flt) -> list[str]:
    body = {"filter": dict(flt, visibility=visibility), "limit": 1000}
    return [i["offer_id"] for i in ok(client.post("/v3/product/list", json=body))["result"]["items"]]


def first_warehouse(client: httpx.Client) -> int:
    return ok(client.post("/v1/warehouse/list", json={"limit": 10}))["result"][0]["warehouse_id"]


def create_ready(client: httpx.Client, *items_: dict) -> list[dict]:
    """Import items, wait for the task and for moderation; returns the v3 info of each."""
    items_ = items_ or (item(),)
    results = finish(client, import_v3(client, list(items_)))
    assert all(r["status"] == "imported" for r in results), results
    ready(client)
    return info(client, offer_id=[i["offer_id"] for i in items_])
