"""What the product reads cost once their items are kept (`Product.view`, `Product.listed`): warm and cold.

    .venv/bin/python bench/reads.py                  # default scenario, then 10,000 products
    .venv/bin/python bench/reads.py --size 100000

In process, CPU time of this thread. First the handlers of `/v3/product/info/list` (10 ids) and
`/v3/product/list` (first page) alone, and orjson encoding their answers, on the default scenario,
as `bench/profile.py` calls them (journal off): what the handler costs beside the pipeline. Then,
with the seller grown to `--size` products (`products.fill`), the median CPU of a list page of 1,000
over a whole walk, cold (the first walk: every item built) and warm (the second), and of info/list of
100 ids cold and warm. No assertions: figures are for people.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import orjson  # noqa: E402
from products import fill  # noqa: E402
from run import HEADERS, endpoint_bodies  # noqa: E402

from ozmock import OzonMock  # noqa: E402
from ozmock.pipeline.run import Request  # noqa: E402
from ozmock.registry import HANDLERS  # noqa: E402

SETTINGS = {"rate_limit_per_second": None, "limits": {"products_daily_update": None}, "journal_size": 0}
READS = ("/v3/product/info/list", "/v3/product/list")


def caller(ozon: OzonMock, spent: list[float]):
    """A function posting a body straight into the pipeline, adding its CPU time to `spent[0]`."""
    handle = ozon.app.pipeline.handle
    headers = {name.lower(): value for name, value in HEADERS.items()} | {"content-type": "application/json"}

    def post(path: str, body: bytes) -> bytes:
        request = Request("POST", path, headers, body, {}, "http://ozon.mock")
        started = time.thread_time()
        reply = handle(request)
        spent[0] += time.thread_time() - started
        assert reply.status == 200, (path, reply.body[:300])
        return reply.body
    return post


def handler_costs(calls: int) -> None:
    with OzonMock(clock="frozen", **SETTINGS) as ozon, ozon.client() as client:
        bodies = endpoint_bodies(client)
        post = caller(ozon, [0.0])
        for path in READS:
            key, spent = ("POST", path), {"handler": 0.0, "encoding": 0.0}
            original = HANDLERS[key]

            def timed(call, _original=original, _spent=spent):
                started = time.thread_time()
                answer = _original(call)
                encoding = time.thread_time()
                orjson.dumps(answer)
                _spent["handler"] += encoding - started
                _spent["encoding"] += time.thread_time() - encoding
                return answer
            for _ in range(500):                        # warm: items kept, validators compiled
                post(path, bodies[path])
            HANDLERS[key] = timed
            try:
                for _ in range(calls):
                    post(path, bodies[path])
            finally:
                HANDLERS[key] = original
            print(f"{path:<24} handler {spent['handler'] / calls * 1e6:5.1f} us, "
                  f"encoding its answer {spent['encoding'] / calls * 1e6:4.1f} us")


def walks(size: int) -> None:
    with OzonMock(clock="frozen", **SETTINGS) as ozon:
        ids = fill(ozon, size)
        spent = [0.0]
        post = caller(ozon, spent)

        def list_walk() -> float:
            pages, cursor = [], ""
            while True:
                spent[0] = 0.0
                body = {"filter": {"visibility": "ALL"}, "limit": 1000, "last_id": cursor}
                result = json.loads(post("/v3/product/list", json.dumps(body).encode()))["result"]
                pages.append(spent[0] * 1000)
                cursor = result["last_id"]
                if not result["items"]:
                    return statistics.median(pages)

        def info_reads(chosen: list[int]) -> float:
            spent[0] = 0.0
            for start in range(0, len(chosen), 100):
                post("/v3/product/info/list", json.dumps({"product_id": chosen[start:start + 100]}).encode())
            return spent[0] * 1000 / (len(chosen) / 100)
        chosen = ids[:2000]                         # at most VIEWS_KEPT products keep an info item
        print(f"{size:,} products: list page of 1,000 cold {list_walk():.2f} ms, warm {list_walk():.2f} ms; "
              f"info/list of 100 cold {info_reads(chosen):.2f} ms, warm {info_reads(chosen):.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--size", type=int, default=10_000)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}; CPU time of this thread")
    handler_costs(args.calls)
    walks(args.size)


if __name__ == "__main__":
    main()
