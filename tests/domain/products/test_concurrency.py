"""32 clients at once against a live server (and in-process): every acknowledged write is there
afterwards, the per-item and per-seller rules hold exactly, and the counters add up."""
from __future__ import annotations

import random
import threading
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from ozmock import OzonMock
from ozmock.domain.products.seed import valid_item

THREADS = 32
BATCHES, PER_BATCH = 5, 4
SHARED = [f"SHARED-{k}" for k in range(4)]
PRICED = [f"OZM-836-{k:04d}" for k in range(1, 5)]


def shared_item(offer_id: str) -> dict:
    return valid_item(random.Random(offer_id), offer_id)


def worker(client: httpx.Client, thread: int, warehouse: int, start: threading.Barrier) -> dict:
    out = {"imports": [], "prices": [], "stock_calls": 0, "stock_refused": 0, "stocks": []}
    rng = random.Random(thread)
    start.wait()
    for batch in range(BATCHES):
        items = [valid_item(rng, f"T{thread:02d}-{batch}-{i}") for i in range(PER_BATCH)]
        if batch == 0:
            items += [shared_item(o) for o in SHARED]
        response = client.post("/v3/product/import", json={"items": items})
        if response.status_code == 200:
            out["imports"].append((response.json()["result"]["task_id"], [i["offer_id"] for i in items]))
        price = str(1000 + thread * 10 + batch)
        response = client.post("/v1/product/import/prices", json={"prices": [
            {"offer_id": offer, "price": price, "old_price": "0"} for offer in PRICED]})
        assert response.status_code == 200, response.text
        out["prices"] += [(r["offer_id"], price) for r in response.json()["result"] if r["updated"]]
        if batch < 3:
            count = thread * 10 + batch
            response = client.post("/v2/products/stocks", json={"stocks": [
                {"offer_id": offer, "product_id": 0, "stock": count, "warehouse_id": warehouse} for offer in PRICED]})
            out["stock_calls"] += 1
            if response.status_code == 429:
                out["stock_refused"] += 1
            else:
                assert response.status_code == 200, response.text
                out["stocks"] += [(r["offer_id"], count) for r in response.json()["result"] if r["updated"]]
    return out


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["live", "in-process"])
def test_thirty_two_clients_at_once(mode):
    with OzonMock(strict=True, rate_limit_per_second=None) as ozon:
        base = ozon.serve() if mode == "live" else ozon.base_url
        clients = [httpx.Client(base_url=base, headers=ozon.headers, timeout=60,
                                transport=None if mode == "live" else ozon.transport) for _ in range(THREADS)]
        try:
            before = clients[0].post("/v4/product/info/limit", json={}).json()
            warehouse = clients[0].post("/v1/warehouse/list", json={"limit": 1}).json()["result"][0]["warehouse_id"]
            start = threading.Barrier(THREADS)
            with ThreadPoolExecutor(THREADS) as pool:
                results = list(pool.map(lambda n: worker(clients[n], n, warehouse, start), range(THREADS)))
            check = clients[0]

            # every acknowledged import is there, and its task completes
            acknowledged = [(task, offers) for r in results for task, offers in r["imports"]]
            assert len(acknowledged) == THREADS * BATCHES
            offers = {o for _, items in acknowledged for o in items}
            found = set()
            cursor = ""
            while True:
                page = check.post("/v3/product/list", json={"filter": {"visibility": "ALL"}, "limit": 1000,
                                                            "last_id": cursor}).json()["result"]
                if not page["items"]:
                    break
                found |= {i["offer_id"] for i in page["items"]}
                cursor = page["last_id"]
            assert offers <= found
            check.post("/__ozmock/clock/advance", json={"seconds": 10})
            for task, items in acknowledged[::7]:
                statuses = check.post("/v1/product/import/info", json={"task_id": task}).json()["result"]["items"]
                assert [s["offer_id"] for s in statuses] == items and {s["status"] for s in statuses} == {"imported"}

            # counters add up exactly
            created = THREADS * BATCHES * PER_BATCH + len(SHARED)
            updated = THREADS * len(SHARED) - len(SHARED)
            after = check.post("/v4/product/info/limit", json={}).json()
            assert after["daily_create"]["usage"] == before["daily_create"]["usage"] + created
            assert after["daily_update"]["usage"] == before["daily_update"]["usage"] + updated
            assert after["total"]["usage"] == before["total"]["usage"] + created
            assert check.post("/v3/product/list", json={"filter": {}, "limit": 1}).json()["result"]["total"] == \
                after["total"]["usage"]

            # prices: ten updates an hour per product, whoever sends them; the last one stands
            acknowledged_prices = defaultdict(list)
            for r in results:
                for offer, price in r["prices"]:
                    acknowledged_prices[offer].append(price)
            assert {o: len(p) for o, p in acknowledged_prices.items()} == {o: 10 for o in PRICED}
            final = {i["offer_id"]: i["price"] for i in check.post("/v3/product/info/list", json={
                "offer_id": PRICED}).json()["items"]}
            assert all(final[o] in acknowledged_prices[o] for o in PRICED)

            # stocks: 80 calls a minute for the seller, one write per pair per 30 s
            calls = sum(r["stock_calls"] for r in results)
            refused = sum(r["stock_refused"] for r in results)
            assert calls == THREADS * 3 and calls - refused == 80
            written = defaultdict(list)
            for r in results:
                for offer, count in r["stocks"]:
                    written[offer].append(count)
            assert {o: len(c) for o, c in written.items()} == {o: 1 for o in PRICED}
            rows = check.post("/v1/product/info/stocks-by-warehouse/fbs", json={"offer_id": PRICED}).json()["result"]
            for row in rows:
                if row["warehouse_id"] == warehouse:
                    assert row["present"] - row["reserved"] in written[row["offer_id"]]
        finally:
            for client in clients:
                client.close()


@pytest.mark.slow
def test_stock_writes_without_the_pair_rule_end_on_an_acknowledged_value():
    with OzonMock(strict=True, rate_limit_per_second=None) as ozon:
        base = ozon.serve()
        ozon.world.settings.limits = {"stock_pair_interval_seconds": None, "stocks_requests_per_minute": None}
        clients = [httpx.Client(base_url=base, headers=ozon.headers, timeout=60) for _ in range(THREADS)]
        warehouse = clients[0].post("/v1/warehouse/list", json={"limit": 1}).json()["result"][0]["warehouse_id"]
        start = threading.Barrier(THREADS)

        def write(n: int) -> list[tuple[str, int]]:
            start.wait()
            done = []
            for round_ in range(5):
                value = n * 100 + round_
                body = {"stocks": [{"offer_id": o, "product_id": 0, "stock": value, "warehouse_id": warehouse}
                                   for o in PRICED]}
                result = clients[n].post("/v2/products/stocks", json=body).json()["result"]
                done += [(r["offer_id"], value) for r in result if r["updated"]]
            return done

        try:
            with ThreadPoolExecutor(THREADS) as pool:
                writes = [w for batch in pool.map(write, range(THREADS)) for w in batch]
            assert len(writes) == THREADS * 5 * len(PRICED)
            by_offer = defaultdict(set)
            for offer, value in writes:
                by_offer[offer].add(value)
            rows = clients[0].post("/v1/product/info/stocks-by-warehouse/fbs", json={"offer_id": PRICED}).json()
            for row in rows["result"]:
                if row["warehouse_id"] == warehouse:
                    assert row["present"] - row["reserved"] in by_offer[row["offer_id"]]
        finally:
            for client in clients:
                client.close()
