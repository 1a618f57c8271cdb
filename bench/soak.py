"""A bounded soak: `ozmock serve` under mixed calls for a few minutes, RSS and latency per minute.

    .venv/bin/python bench/soak.py                     # 3 minutes, 8 client threads
    .venv/bin/python bench/soak.py --minutes 1 --threads 4
    .venv/bin/python bench/soak.py --rate 200           # paced: 200 calls a second over the 8 threads

The mix is what a busy integration and a careless one send together: product reads and imports,
price and stock updates, postings lists, reports ordered and their files fetched, refused calls
(wrong key, bad body, a 200 KB body without credentials) and a journal read now and then. Every
minute it prints the server's RSS and the p50/p99 latency of that minute's calls; at the end, the last
minute against the first (issue 14 wants both within 20 %). No assertions: figures are for people.
"""
from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import HEADERS, IMPORT_ITEM, free_port  # noqa: E402  (bench scripts run as files)

ROOT = Path(__file__).resolve().parents[1]
OFFERS = 200


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def calls(rng: random.Random) -> tuple[str, str, dict | bytes | None, dict]:
    """One call of the mix: (method, path, body, headers)."""
    offer = f"SOAK-{rng.randint(1, OFFERS)}"
    pick = rng.random()
    if pick < 0.25:
        return "POST", "/v3/product/list", {"filter": {"visibility": "ALL"}, "limit": 100}, HEADERS
    if pick < 0.35:
        return "POST", "/v3/product/import", {"items": [dict(IMPORT_ITEM, offer_id=offer)]}, HEADERS
    if pick < 0.45:
        return "POST", "/v3/product/info/list", {"offer_id": [offer]}, HEADERS
    if pick < 0.55:
        price = str(rng.randint(100, 900))
        return "POST", "/v1/product/import/prices", {"prices": [{"offer_id": offer, "price": price}]}, HEADERS
    if pick < 0.62:
        period = {"since": "2025-12-01T00:00:00Z", "to": "2026-02-01T00:00:00Z"}
        return "POST", "/v3/posting/fbs/list", {"filter": period, "limit": 50, "offset": 0}, HEADERS
    if pick < 0.70:
        return "POST", "/v1/report/products/create", {"language": "DEFAULT"}, HEADERS
    if pick < 0.75:
        return "POST", "/v1/report/list", {"page": 1, "page_size": 10}, HEADERS
    if pick < 0.82:
        return "POST", "/v1/roles", {}, {"Client-Id": "836", "Api-Key": "wrong"}
    if pick < 0.88:
        return "POST", "/v3/product/list", b'{"limit": "nan", "filter": ' + b"[" * 150 + b"]" * 150 + b"}", HEADERS
    if pick < 0.93:
        return "POST", "/v3/product/import", b"x" * 200_000, {}
    if pick < 0.97:
        return "POST", "/v1/actions/products/activate", {"action_id": 1, "products": [
            {"product_id": 1e30, "action_price": 8.055e77, "stock": 1e30}]}, HEADERS
    return "GET", "/__ozmock/journal?limit=50", None, {}


def warm_up(base: str) -> None:
    """Every offer of the mix imported before the clock starts: the world's size is steady while measured,
    so a figure that grows shows a leak or a slowdown, not a catalogue filling up."""
    with httpx.Client(base_url=base, headers=HEADERS, timeout=60) as client:
        for start in range(1, OFFERS + 1, 100):
            items = [dict(IMPORT_ITEM, offer_id=f"SOAK-{n}") for n in range(start, min(start + 100, OFFERS + 1))]
            client.post("/v3/product/import", json={"items": items})
        client.post("/__ozmock/clock/advance", json={"seconds": 3600})


def worker(base: str, seed: int, stop: threading.Event, samples: list, errors: list, interval: float = 0.0) -> None:
    """Calls of the mix until stopped; one every `interval` seconds when paced (0: as fast as answered)."""
    rng = random.Random(seed)
    due = time.monotonic()
    with httpx.Client(base_url=base, timeout=30) as client:
        while not stop.is_set():
            if interval:
                due += interval
                stop.wait(max(0.0, due - time.monotonic()))
            method, path, body, headers = calls(rng)
            started = time.perf_counter()
            if isinstance(body, bytes):
                response = client.request(method, path, content=body, headers=headers)
            else:
                response = client.request(method, path, json=body, headers=headers)
            elapsed = time.perf_counter() - started
            samples.append((time.monotonic(), elapsed))
            if response.status_code >= 500:
                errors.append((path, response.status_code, response.text[:200]))
            if path == "/v1/report/list" and response.status_code == 200:
                for report in response.json().get("result", {}).get("reports", [])[:1]:
                    if report.get("file"):
                        client.get(report["file"].replace("http://ozon.mock", base))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=3)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--rate", type=float, default=0, help="calls per second over all threads (0: unpaced)")
    args = parser.parse_args()
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "ozmock", "serve", "--port", str(port), "--clock", "real",
                               "--no-rate-limit", "--log-level", "warning"], cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(f"{base}/__ozmock/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        warm_up(base)
        stop, samples, errors = threading.Event(), [], []
        interval = args.threads / args.rate if args.rate else 0.0
        threads = [threading.Thread(target=worker, args=(base, i, stop, samples, errors, interval), daemon=True)
                   for i in range(args.threads)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        rows = []
        minute = 0
        while minute < args.minutes:
            time.sleep(max(0.0, started + 60 * (minute + 1) - time.monotonic()))
            low, high = started + 60 * minute, started + 60 * (minute + 1)
            latencies = sorted(e for t, e in samples if low <= t < high)
            p50 = statistics.median(latencies) * 1000 if latencies else 0.0
            p99 = latencies[int(len(latencies) * 0.99)] * 1000 if latencies else 0.0
            rows.append((rss_mb(server.pid), p50, p99, len(latencies)))
            minute += 1
            print(f"minute {minute}: RSS {rows[-1][0]:.1f} MB, calls {len(latencies)}, "
                  f"p50 {p50:.1f} ms, p99 {p99:.1f} ms, 5xx so far {len(errors)}", flush=True)
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        first, last = rows[0], rows[-1]
        print(f"last/first: RSS {last[0] / first[0]:.2f}, p99 {last[2] / max(first[2], 1e-9):.2f}, "
              f"p50 {last[1] / max(first[1], 1e-9):.2f}; 5xx answers: {len(errors)}")
        for path, status, text in errors[:5]:
            print(f"  {status} {path}: {text}")
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
