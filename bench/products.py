"""Product-area figures: a 100-item import, and product reads with 1,000 vs 100,000 products in the world.

Run by hand: `.venv/bin/python bench/products.py [--runs 20] [--big 100000]`. Prints median and p90
milliseconds per call (in-process, strict response checks off as in a CI container). No assertions:
a list page should cost about the same at 1,000 and at 100,000 products.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ozmock import OzonMock  # noqa: E402
from ozmock.domain.products.model import Product, products_of  # noqa: E402
from ozmock.domain.products.seed import add_ready, valid_item  # noqa: E402


def fill(mock: OzonMock, total: int) -> list[int]:
    """Grow seller 836 to `total` products: 1,000 real imports' worth of cards, cloned with fresh ids."""
    world, seller = mock.world, mock.world.sellers[836]
    store = products_of(seller)
    rng = random.Random(7)
    submitted = world.clock.now().timestamp() - 86_400
    with world.lock:
        templates = [add_ready(store, valid_item(rng, f"BENCH-T{n:05d}"), seller=seller, world=world,
                               submitted_at=submitted) for n in range(min(1000, total))]
        while len(store) < total:
            template = templates[len(store) % len(templates)]
            state = template.__getstate__()
            state.update(product_id=world.next_id("product", 300_000_000), offer_id=f"BENCH-{len(store):07d}",
                         sku=world.next_id("sku", 1_400_000_000), stocks={}, stock_touched={})
            store.add(Product(**state))
    return list(store.order)


def timed(call, runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.9) - 1]


def bench_import(runs: int) -> None:
    mock = OzonMock(rate_limit_per_second=None)
    mock.world.settings.limits = {"products_daily_create": None, "products_daily_update": None, "products_total": None}
    rng = random.Random(1)
    counter = iter(range(10**9))
    with mock.client() as client:
        def create():
            items = [valid_item(rng, f"IMP-{next(counter):07d}") for _ in range(100)]
            response = client.post("/v3/product/import", json={"items": items})
            assert response.status_code == 200, response.text
        median, p90 = timed(create, runs)
        print(f"POST /v3/product/import, 100 new items:          median {median:7.1f} ms   p90 {p90:7.1f} ms")
        batch = [valid_item(random.Random(n), f"UPD-{n:04d}") for n in range(100)]
        client.post("/v3/product/import", json={"items": batch})

        def update():
            response = client.post("/v3/product/import", json={"items": batch})
            assert response.status_code == 200, response.text
        median, p90 = timed(update, runs)
        print(f"POST /v3/product/import, 100 updated items:      median {median:7.1f} ms   p90 {p90:7.1f} ms")
        client.post("/__ozmock/clock/advance", json={"seconds": 10})
        task = client.post("/v3/product/import", json={"items": batch}).json()["result"]["task_id"]
        median, p90 = timed(lambda: client.post("/v1/product/import/info", json={"task_id": task}), runs)
        print(f"POST /v1/product/import/info, 100 items:         median {median:7.1f} ms   p90 {p90:7.1f} ms")


def bench_reads(total: int, runs: int, journal: int) -> None:
    mock = OzonMock(rate_limit_per_second=None, journal_size=journal)
    started = time.perf_counter()
    ids = fill(mock, total)
    print(f"\n--- {len(ids):,} products for seller 836 (filled in {time.perf_counter() - started:.1f} s)")
    rng = random.Random(3)
    with mock.client() as client:
        sample = rng.sample(ids, 1000)
        cases = {
            "POST /v3/product/info/list, 1000 product_ids": ("/v3/product/info/list", {"product_id": sample}),
            "POST /v3/product/list, first page of 1000": (
                "/v3/product/list", {"filter": {"visibility": "ALL"}, "limit": 1000}),
            "POST /v3/product/list, page of 1000 from the end": (
                "/v3/product/list", {"filter": {"visibility": "ALL"}, "limit": 1000, "last_id": None}),
            "POST /v3/product/list, VISIBLE (filter scans all)": (
                "/v3/product/list", {"filter": {"visibility": "VISIBLE"}, "limit": 1000}),
            "POST /v4/product/info/attributes, 1000 ids": (
                "/v4/product/info/attributes", {"filter": {"product_id": sample}, "limit": 1000}),
            "POST /v5/product/info/prices, page of 1000": (
                "/v5/product/info/prices", {"filter": {"visibility": "ALL"}, "limit": 1000}),
        }
        from ozmock.domain.products.model import encode_cursor
        cases["POST /v3/product/list, page of 1000 from the end"][1]["last_id"] = encode_cursor(ids[-1001])
        for name, (path, body) in cases.items():
            def call(path=path, body=body):
                response = client.post(path, json=body)
                assert response.status_code == 200, response.text
            median, p90 = timed(call, runs)
            print(f"{name:<50} median {median:7.1f} ms   p90 {p90:7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--journal", type=int, default=1000,
                        help="journal size (the journal keeps response bodies alive: big pages cost GC time)")
    args = parser.parse_args()
    bench_import(args.runs)
    for total in (1_000, args.big):
        bench_reads(total, args.runs, args.journal)


if __name__ == "__main__":
    main()
