"""The sample user's own Ozon client: what a real integration would have, written against the
documented API only. It takes any httpx transport, so tests can plug ozmock in without a socket."""
from __future__ import annotations

import time

import httpx


class OzonClient:
    def __init__(self, client_id: str | int, api_key: str, *, base_url: str = "https://api-seller.ozon.ru",
                 transport: httpx.BaseTransport | None = None, retries: int = 3, backoff: float = 0.0):
        self.http = httpx.Client(base_url=base_url, transport=transport, timeout=10,
                                 headers={"Client-Id": str(client_id), "Api-Key": api_key})
        self.retries = retries
        self.backoff = backoff

    def call(self, path: str, body: dict) -> dict:
        """POST with retries on 429 and 5xx, as Ozon recommends; raises on other errors."""
        for attempt in range(self.retries):
            response = self.http.post(path, json=body)
            if response.status_code == 429 or response.status_code >= 500:
                time.sleep(self.backoff * (attempt + 1))
                continue
            response.raise_for_status()
            return response.json()
        response.raise_for_status()
        raise RuntimeError(f"{path}: gave up after {self.retries} attempts")

    def offer_ids(self) -> list[str]:
        found, last_id = [], ""
        while True:
            result = self.call("/v3/product/list", {"filter": {"visibility": "ALL"}, "last_id": last_id,
                                                    "limit": 100})["result"]
            found += [item["offer_id"] for item in result["items"]]
            last_id = result["last_id"]
            if not result["items"] or len(found) >= result["total"]:
                return found

    def import_products(self, items: list[dict]) -> int:
        return self.call("/v3/product/import", {"items": items})["result"]["task_id"]

    def import_statuses(self, task_id: int) -> dict[str, str]:
        items = self.call("/v1/product/import/info", {"task_id": task_id})["result"]["items"]
        return {item["offer_id"]: item["status"] for item in items}

    def key_roles(self) -> list[str]:
        return [role["name"] for role in self.call("/v1/roles", {})["roles"]]


def fbs_stock_by_offer(body: dict) -> dict[str, int]:
    """Parse a /v4/product/info/stocks answer: offer_id -> FBS units present."""
    stock: dict[str, int] = {}
    for item in body.get("items") or []:
        for entry in item.get("stocks") or []:
            if entry.get("type") == "fbs":
                offer = item.get("offer_id", "")
                stock[offer] = stock.get(offer, 0) + int(entry.get("present") or 0)
    return stock
