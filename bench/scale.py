"""How each cost grows with the world: 1k / 10k / 100k products and postings, one fresh process per size.

    .venv/bin/python bench/scale.py                        # 1,000, 10,000 and 100,000
    .venv/bin/python bench/scale.py --sizes 1000 10000 --runs 30

For each size, seller 836 of the default scenario is grown to that many products (`products.fill`)
and that many postings (`postings.grow`), then the in-process pipeline is timed on a product list
page of 100, info/list of 100 ids, an import of 100 new cards and a postings list page of 100
(median and p90 ms), and the process's RSS is read with the products, with the postings too, and
after the calls.
Growth is read across the rows: a page should cost the same at every size, RSS grow with the
world and nothing else. No assertions: figures are for people.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from postings import grow, stock_up  # noqa: E402
from products import fill, timed  # noqa: E402
from run import rss_mib  # noqa: E402

from ozmock import OzonMock  # noqa: E402
from ozmock.domain.products.seed import valid_item  # noqa: E402

PERIOD = {"since": "2025-03-01T00:00:00Z", "to": "2026-02-28T00:00:00Z"}


def measure(size: int, runs: int) -> dict[str, float]:
    """One size's figures, in this process (a fresh one per size, so RSS is the world's own)."""
    figures = {"size": size, "rss_start_mib": rss_mib(os.getpid())}
    mock = OzonMock(rate_limit_per_second=None, limits={"products_daily_create": None, "products_daily_update": None,
                                                        "products_total": None})
    started = time.perf_counter()
    stock_up(mock)
    ids = fill(mock, size)
    figures["rss_products_mib"] = rss_mib(os.getpid())
    grow(mock, size)
    figures["build_s"] = time.perf_counter() - started
    figures["rss_built_mib"] = rss_mib(os.getpid())
    rng = random.Random(size)
    counter = iter(range(10**9))
    with mock.client() as client:
        calls = {
            "product list page of 100": lambda: client.post("/v3/product/list", json={
                "filter": {"visibility": "ALL"}, "limit": 100}),
            "info/list of 100 ids": lambda: client.post("/v3/product/info/list", json={
                "product_id": rng.sample(ids, 100)}),
            "import of 100 new cards": lambda: client.post("/v3/product/import", json={
                "items": [valid_item(rng, f"SCALE-{next(counter):07d}") for _ in range(100)]}),
            "postings list page of 100": lambda: client.post("/v3/posting/fbs/list", json={
                "filter": PERIOD, "limit": 100, "offset": 0, "dir": "DESC"}),
        }
        for name, call in calls.items():
            def checked(call=call):
                response = call()
                assert response.status_code == 200, response.text[:300]
            figures[name] = timed(checked, runs)
    figures["rss_end_mib"] = rss_mib(os.getpid())
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)    # the child: one size, JSON out
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.runs)))
        return 0
    print(f"load average {os.getloadavg()[0]:.2f}; in process, {args.runs} calls each, median / p90 ms")
    rows = []
    for size in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(size), "--runs", str(args.runs)],
                             capture_output=True, text=True, check=True).stdout
        rows.append(json.loads(out.strip().splitlines()[-1]))
        row = rows[-1]
        timings = "  ".join(f"{name} {median:.1f}/{p90:.1f}" for name, value in row.items()
                            if isinstance(value, list) for median, p90 in (value,))
        print(f"{size:>8,} products and postings: built in {row['build_s']:.0f} s, RSS {row['rss_products_mib']:.0f} MiB "
              f"with the products, {row['rss_built_mib']:.0f} MiB with the postings too, {row['rss_end_mib']:.0f} MiB "
              f"after the calls; {timings}", flush=True)
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        print(f"\ngrowth from {first['size']:,} to {last['size']:,} ({last['size'] / first['size']:g}x the world):")
        for name, value in first.items():
            if isinstance(value, list):
                print(f"  {name:<28} {last[name][0] / value[0]:6.2f}x")
        print(f"  {'RSS (world built)':<28} {last['rss_built_mib'] / first['rss_built_mib']:6.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
