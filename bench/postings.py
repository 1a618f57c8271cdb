"""Postings at scale: list and get costs with 1,000 and with 100,000 postings in one seller's world.

Run by hand: `.venv/bin/python bench/postings.py [--postings 100000] [--repeat 30]`. Builds the
default scenario, gives the first seller's products plenty of stock, makes orders spread over
the past 300 days (a mix of unpacked, packed and cancelled postings), and times requests through
the whole in-process pipeline: first and deep pages of every list version, filtered pages,
cursor paging, gets. Prints median and p95 in milliseconds per request for each size. No
assertions: the figures are for people (the aim is a page costing the same at both sizes).
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
from ozmock.domain.orders.entry import create_orders  # noqa: E402
from ozmock.domain.orders.model import store_of  # noqa: E402
from ozmock.domain.orders.transitions import cancel_by_seller, pack  # noqa: E402
from ozmock.domain.products.model import products_of  # noqa: E402
from ozmock.domain.warehouses.model import warehouses_of  # noqa: E402

SINCE, TO = "2025-03-01T00:00:00Z", "2026-02-28T00:00:00Z"
DAY = 86_400.0


def grow(mock: OzonMock, target: int, span_days: float = 300) -> float:
    """Add orders until the seller holds `target` postings; returns seconds spent."""
    world, seller = mock.world, mock.seller()
    store = store_of(seller)
    rng = random.Random(target)
    now = world.clock.now().timestamp()
    started = time.perf_counter()
    missing = target - len(store)
    step = span_days * DAY / max(missing, 1)
    made = 0
    while len(store) < target:
        at = now - span_days * DAY + made * step
        for posting in create_orders(world, seller, 1, scheme="fbs", at=at, shipment_in=400 * DAY):
            roll = rng.random()
            with world.lock:
                if roll < 0.2:
                    pack(world, seller, store, posting, at + 3_600)
                elif roll < 0.3:
                    cancel_by_seller(world, seller, store, posting, at + 600, 352)
        made += 1
    return time.perf_counter() - started


def stock_up(mock: OzonMock) -> None:
    """Plenty of stock for every product of the seller on sale, so orders can be made from it."""
    seller = mock.seller()
    products, warehouse = products_of(seller), warehouses_of(seller).items[0]["warehouse_id"]
    for product in products.products.values():
        if not product.archived:
            products.set_stock(product, warehouse, 999_999)


def timed(client, method: str, path: str, body, repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.request(method, path, json=body) if method == "POST" else client.get(path)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.text[:300])
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def cases(mock: OzonMock) -> list[tuple[str, str, str, object]]:
    store = store_of(mock.seller())
    numbers = list(store.postings)
    sample = numbers[len(numbers) // 2]
    posting = store.get(sample)
    deep = min(20_000, max(len(store.timeline["fbs"]) - 200, 0))
    cursor_body = {"filter": {"since": SINCE, "to": TO}, "limit": 100}
    return [
        ("v3 list, first page (100)", "POST", "/v3/posting/fbs/list",
         {"filter": {"since": SINCE, "to": TO}, "limit": 100, "offset": 0}),
        (f"v3 list, deep page (offset {deep})", "POST", "/v3/posting/fbs/list",
         {"filter": {"since": SINCE, "to": TO}, "limit": 100, "offset": deep}),
        ("v3 list, status filter", "POST", "/v3/posting/fbs/list",
         {"filter": {"since": SINCE, "to": TO, "status": "awaiting_deliver"}, "limit": 100, "offset": 0}),
        ("v3 list, with analytics+financial", "POST", "/v3/posting/fbs/list",
         {"filter": {"since": SINCE, "to": TO}, "limit": 100, "offset": 0,
          "with": {"analytics_data": True, "financial_data": True}}),
        ("v4 list, first page (100)", "POST", "/v4/posting/fbs/list", cursor_body),
        ("v4 list, 2 statuses", "POST", "/v4/posting/fbs/list",
         {"filter": {"since": SINCE, "to": TO, "statuses": ["awaiting_packaging", "cancelled"]}, "limit": 100}),
        ("v3 unfulfilled, first page (100)", "POST", "/v3/posting/fbs/unfulfilled/list",
         {"filter": {"cutoff_from": "2026-01-15T00:00:00Z", "cutoff_to": "2027-01-15T00:00:00Z"}, "limit": 100,
          "offset": 0}),
        ("v4 unfulfilled, first page (100)", "POST", "/v4/posting/fbs/unfulfilled/list", {"limit": 100}),
        ("v2 list, first page (50)", "POST", "/v2/posting/fbs/list",
         {"dir": "asc", "filter": {"since": SINCE, "to": TO}, "limit": 50, "offset": 0, "with": {"barcodes": True}}),
        ("v3 get", "POST", "/v3/posting/fbs/get", {"posting_number": sample}),
        ("v3 get, all blocks", "POST", "/v3/posting/fbs/get",
         {"posting_number": sample, "with": {"analytics_data": True, "financial_data": True, "barcodes": True}}),
        ("v2 get", "POST", "/v2/posting/fbs/get", {"posting_number": sample}),
        ("get-by-barcode", "POST", "/v2/posting/fbs/get-by-barcode", {"barcode": posting.barcode_lower}),
        ("v1 order get", "GET", f"/v1/order/{posting.order_id}", None),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    mock = OzonMock(rate_limit_per_second=None)
    stock_up(mock)

    results: dict[str, dict[int, tuple[float, float]]] = {}
    sizes = [args.small, args.postings]
    with mock.client() as client:
        for size in sizes:
            seconds = grow(mock, size)
            print(f"built {size:,} postings in {seconds:.1f} s", flush=True)
            for name, method, path, body in cases(mock):
                name = name.split(" (offset")[0] if "deep page" in name else name
                results.setdefault(name, {})[size] = timed(client, method, path, body, args.repeat)
    width = max(len(name) for name in results)
    header = "".join(f"{f'{size:,} median':>16}{'p95':>9}" for size in sizes)
    print(f"\n{'request (ms)':<{width}}{header}{'ratio':>8}")
    for name, by_size in results.items():
        cells = "".join(f"{by_size[size][0]:>16.2f}{by_size[size][1]:>9.2f}" for size in sizes)
        ratio = by_size[sizes[-1]][0] / by_size[sizes[0]][0]
        print(f"{name:<{width}}{cells}{ratio:>8.2f}")


if __name__ == "__main__":
    main()
