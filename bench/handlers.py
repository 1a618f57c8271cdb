"""What the import handlers cost inside the pipeline: CPU microseconds of the handler alone per call.

    .venv/bin/python bench/handlers.py                 # 40 blocks of 200 calls per case
    .venv/bin/python bench/handlers.py --blocks 80

In process, straight into `Pipeline.handle`, as `bench/profile.py` calls: the operation's registered
handler is wrapped in a CPU timer, so its figure leaves out every pipeline stage (and `profile.py`'s
"the call minus the stages" leaves in the pipeline's own unlisted work). Cases: `run.py`'s one-card
import (accepted: an update of the product after the first call), the same card without its brand and
model name (refused per item: the default category requires both), and `/v1/product/import/info` of a
one-card task. A block's figure is its 200 calls' mean; the table gives the least and the median
block, since a shared machine only ever adds time. The timer itself costs two `time.thread_time()`
calls a call (about 1 µs). No assertions: figures are for people.
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
sys.path.append(str(Path(__file__).resolve().parent))   # last: bench/profile.py would shadow the stdlib's
from run import HEADERS, IMPORT_ITEM  # noqa: E402  (bench scripts run as files)

from ozmock import OzonMock, registry  # noqa: E402
from ozmock.pipeline.run import Request  # noqa: E402

REFUSED_ITEM = dict(IMPORT_ITEM, offer_id="BENCH-REFUSED", attributes=[])
BLOCK = 200


def timed(handler, spent: list[float]):
    def timing(call):
        started = time.thread_time()
        try:
            return handler(call)
        finally:
            spent[0] += time.thread_time() - started
    return timing


def measure(ozon: OzonMock, path: str, body: dict, blocks: int) -> tuple[list[float], list[float]]:
    """(handler µs per call, whole call µs per call) of each block."""
    handle = ozon.app.pipeline.handle
    headers = {name.lower(): value for name, value in HEADERS.items()} | {"content-type": "application/json"}
    raw = json.dumps(body).encode()
    for _ in range(300):                                   # warm: compiled readers, kept tables
        handle(Request("POST", path, headers, raw, {}, "http://ozon.mock"))
    key, spent = ("POST", path), [0.0]
    original = registry.HANDLERS[key]
    registry.HANDLERS[key] = timed(original, spent)
    handler_us, call_us = [], []
    try:
        for _ in range(blocks):
            spent[0], started = 0.0, time.thread_time()
            for _ in range(BLOCK):
                reply = handle(Request("POST", path, headers, raw, {}, "http://ozon.mock"))
            call_us.append((time.thread_time() - started) / BLOCK * 1e6)
            handler_us.append(spent[0] / BLOCK * 1e6)
    finally:
        registry.HANDLERS[key] = original
    assert reply.status == 200, (path, reply.status, reply.body[:300])
    return handler_us, call_us


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--blocks", type=int, default=40)
    args = parser.parse_args()
    settings = {"rate_limit_per_second": None, "limits": {"products_daily_update": None}}
    with OzonMock(clock="frozen", **settings) as ozon, ozon.client() as client:
        task = client.post("/v3/product/import", json={"items": [IMPORT_ITEM]}).json()["result"]["task_id"]
        client.post("/v3/product/import", json={"items": [REFUSED_ITEM]})
        cases = {"import, run.py's card (accepted)": ("/v3/product/import", {"items": [IMPORT_ITEM]}),
                 "import, the card refused": ("/v3/product/import", {"items": [REFUSED_ITEM]}),
                 "import/info, one-card task": ("/v1/product/import/info", {"task_id": task})}
        print(f"load average {os.getloadavg()[0]:.2f}; CPU µs per call (least / median block of {BLOCK} calls)")
        print(f"{'case':<34}{'handler':>16}{'whole call':>18}")
        for name, (path, body) in cases.items():
            handler_us, call_us = measure(ozon, path, body, args.blocks)
            print(f"{name:<34}{min(handler_us):>8.1f} / {statistics.median(handler_us):<5.1f}"
                  f"{min(call_us):>10.1f} / {statistics.median(call_us):<5.1f}")


if __name__ == "__main__":
    main()
