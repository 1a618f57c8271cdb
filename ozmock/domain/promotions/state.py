"""The seller's promotions area (`promos`): Ozon actions with their products and auto-add lists,
buyers' discount requests and minimum-price timers (`timers`, added on first use). One area, so a
snapshot holds them together; each subject reads and writes it through `promos_of`."""
from __future__ import annotations

from typing import Any

from ...registry import json_area


def _create(seller, world) -> dict[str, Any]:
    return {"actions": {}, "order": [], "tasks": {}}


json_area("promos", _create)


def promos_of(seller) -> dict[str, Any]:
    return seller.area("promos")
