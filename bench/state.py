"""Saved state figures: what `--state-file` costs a write, what a restart costs, and SIGKILL trials.

Run by hand: `.venv/bin/python bench/state.py [--sizes 1000 100000] [--writes 300] [--log 100000]
[--kill-trials 50]`. Prints, per world size, the median and p90 milliseconds of two writes (a one-item
price update, a one-card import) in process with no saved state, with the store (a log entry per
write, `ozmock/store/`) and with the other design the issue names (rows per area written when dirty;
here given its best case: only the area the write changed, found by an oracle); file writes made by
reads; then restart time and store size with `--log` logged writes; then `--kill-trials` SIGKILLs of a
live server at random moments of mixed writes, counting lost, half-applied and reused. No assertions.
"""
from __future__ import annotations

import argparse
import os
import pickle
import random
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from products import fill  # noqa: E402

from ozmock import OzonMock  # noqa: E402
from ozmock.app import OzonApp  # noqa: E402
from ozmock.domain.products.seed import valid_item  # noqa: E402
from ozmock.registry import WRITERS  # noqa: E402
from ozmock.store import SavedWorld, Store, open_saved_world  # noqa: E402
from ozmock.testing.transport import SyncOzonTransport  # noqa: E402

HEADERS = {"Client-Id": "836", "Api-Key": "0296d4f2-70a1-4c09-b507-904fd05567b9"}
NO_LIMITS = {"products_daily_create": None, "products_daily_update": None, "products_total": None}


class AreaRows:
    """The other design: after a write, the rows of the areas it changed are rewritten (here only
    `products`, which is all the measured writes change: the design's best case)."""

    def __init__(self, path: Path):
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = FULL")
        self.db.execute("CREATE TABLE areas (seller INTEGER, name TEXT, state BLOB, PRIMARY KEY (seller, name))")

    def before(self, call):
        return None

    def after(self, call, mark) -> None:
        if call.operation.key not in WRITERS:
            return
        state = pickle.dumps(call.seller.areas["products"], protocol=pickle.HIGHEST_PROTOCOL)
        self.db.execute("BEGIN")
        self.db.execute("INSERT OR REPLACE INTO areas VALUES (?, 'products', ?)", (call.seller.client_id, state))
        self.db.execute("COMMIT")


def world_of(size: int) -> OzonMock:
    mock = OzonMock(rate_limit_per_second=None)
    mock.world.settings.limits = dict(NO_LIMITS)
    fill(mock, size)
    return mock


WRITES = {
    "price, 1 item": lambda n, rng: ("/v1/product/import/prices", {"prices": [
        {"offer_id": f"BENCH-T{n % 1000:05d}", "price": str(500 + n), "old_price": "0", "currency_code": "RUB"}]}),
    "import, 1 card": lambda n, rng: ("/v3/product/import", {"items": [valid_item(rng, f"W-{n:06d}")]}),
}


def timed_writes(app: OzonApp, designs: dict, writes: int) -> dict[str, dict[str, tuple[float, float]]]:
    """Per write and design, median and p90 ms. The designs take turns call by call on the same world,
    so a machine whose load drifts (it is shared) weighs on each alike."""
    rng = random.Random(1)
    figures: dict[str, dict[str, tuple[float, float]]] = {name: {} for name in WRITES}
    with httpx.Client(transport=SyncOzonTransport(app), base_url="http://ozon.mock", headers=HEADERS) as client:
        for name, request in WRITES.items():
            samples: dict[str, list[float]] = {design: [] for design in designs}
            for n in range(writes * len(designs)):
                design = list(designs)[n % len(designs)]
                app.pipeline.saved_state = designs[design]
                path, body = request(n, rng)
                started = time.perf_counter()
                answer = client.post(path, json=body)
                samples[design].append((time.perf_counter() - started) * 1000)
                assert answer.status_code == 200, answer.text
            for design, found in samples.items():
                found.sort()
                figures[name][design] = (statistics.median(found), found[max(0, int(len(found) * 0.9) - 1)])
    return figures


def bench_writes(size: int, writes: int, folder: Path) -> None:
    print(f"\n== writes with {size:,} products (ms per write, median / p90, median against no saved state)")
    world = world_of(size).world
    started = time.perf_counter()
    _, saved = open_saved_world(folder / f"store-{size}.db", lambda: world)
    print(f"   first snapshot of the world: {time.perf_counter() - started:.2f} s, {saved.store.size() / 1e6:.1f} MB")
    _, full = open_saved_world(folder / f"full-{size}.db", lambda: world, "full")
    app = OzonApp(world, saved_state=saved)
    figures = timed_writes(app, {"none": None, "store": saved, "store, sync=full": full}, writes)
    rows = timed_writes(app, {"area rows": AreaRows(folder / f"areas-{size}.db")}, 20 if size < 10_000 else 5)
    with httpx.Client(transport=SyncOzonTransport(app), base_url="http://ozon.mock", headers=HEADERS) as client:
        app.pipeline.saved_state, appended = saved, saved.store.appended
        for _ in range(50):
            client.post("/v3/product/list", json={"limit": 100})
            client.post("/v5/product/info/prices", json={"filter": {"visibility": "ALL"}, "limit": 100})
    print(f"   log entries written by 100 reads: {saved.store.appended - appended}")
    for name in WRITES:
        base = figures[name]["none"][0]
        for design, (p50, p90) in {**figures[name], **rows[name]}.items():
            print(f"   {name:15} {design:17} {p50:9.3f} / {p90:9.3f}   {p50 / base:6.2f}x")
    saved.store.close()
    full.store.close()


def bench_restart(size: int, logged: int, folder: Path) -> None:
    print(f"\n== restart with {size:,} products and {logged:,} logged writes")
    mock = world_of(size)
    path = folder / f"restart-{size}.db"
    world, saved = open_saved_world(path, lambda: mock.world)
    print(f"   store with the snapshot only: {saved.store.size() / 1e6:.1f} MB")
    saved.snapshot_every = logged + 1                     # keep every entry in the log for this figure
    app = OzonApp(world, saved_state=saved)
    started = time.perf_counter()
    with httpx.Client(transport=SyncOzonTransport(app), base_url="http://ozon.mock", headers=HEADERS) as client:
        for n in range(logged):
            client.post("/v1/product/import/prices", json={"prices": [
                {"offer_id": f"BENCH-{n % size:07d}", "price": str(100 + n % 900), "currency_code": "RUB"}]})
    print(f"   {logged:,} writes in {time.perf_counter() - started:.1f} s; "
          f"store: {saved.store.size() / 1e6:.1f} MB, {saved.store.entries_since_snapshot():,} log entries")
    saved.store.close()
    started = time.perf_counter()
    loader = SavedWorld(Store(path))
    again = loader.load()
    print(f"   restart (snapshot + replay of the whole log): {time.perf_counter() - started:.1f} s; "
          f"same world: {again.to_json() == world.to_json()}")
    started = time.perf_counter()
    loader.save_world(again)
    loader.store.vacuum()
    print(f"   compaction: {time.perf_counter() - started:.1f} s, store {loader.store.size() / 1e6:.1f} MB; "
          f"a snapshot is taken every {loader.snapshot_every:,} writes at this size")
    loader.store.close()
    started = time.perf_counter()
    SavedWorld(Store(path)).load()
    print(f"   restart after compaction: {time.perf_counter() - started:.1f} s")


# --- SIGKILL trials -----------------------------------------------------------------------------------
def start_server(path: Path) -> tuple[subprocess.Popen, httpx.Client]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "ozmock", "serve", "--port", str(port), "--state-file",
                                str(path), "--clock", "frozen", "--no-rate-limit", "--log-level", "warning"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=HEADERS, timeout=30)
    for _ in range(600):
        try:
            if client.get("/__ozmock/health").status_code == 200:
                return process, client
        except httpx.HTTPError:
            time.sleep(0.05)
    raise RuntimeError("server did not start")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def mixed_writes(client: httpx.Client, done: list, trial: int) -> None:
    """Imports of three cards, a price for each, a chat message; every acknowledged call is recorded."""
    rng = random.Random(trial)
    chat = client.post("/v3/chat/list", json={"limit": 1}).json()["chats"][0]["chat"]["chat_id"]
    for number in range(10**6):
        offers = [f"K{trial}-{number}-{n}" for n in range(3)]
        calls = [("import", offers, "/v3/product/import", {"items": [valid_item(rng, o) for o in offers]}),
                 ("price", offers[0], "/v1/product/import/prices", {"prices": [
                     {"offer_id": offers[0], "price": str(700 + number), "currency_code": "RUB"}]}),
                 ("chat", f"message {trial}-{number}", "/v1/chat/send/message",
                  {"chat_id": chat, "text": f"message {trial}-{number}"})]
        for kind, subject, path, body in calls:
            done.append(("sent", kind, subject, body))
            try:
                answer = client.post(path, json=body)
            except httpx.HTTPError:
                return
            if answer.status_code == 200:
                done[-1] = ("acknowledged", kind, subject, answer.json())


def check_trial(client: httpx.Client, done: list) -> dict[str, int]:
    found = {"acknowledged": sum(1 for entry in done if entry[0] == "acknowledged"), "lost": 0, "half": 0,
             "reused": 0}
    imports = [entry for entry in done if entry[1] == "import"]
    offers = [offer for entry in imports for offer in entry[2]]
    listed = {}
    for start in range(0, len(offers), 900):
        answer = client.post("/v3/product/list", json={"filter": {"offer_id": offers[start:start + 900],
                                                                 "visibility": "ALL"}, "limit": 1000}).json()
        listed.update({item["offer_id"]: item["product_id"] for item in answer["result"]["items"]})
    for state, _, batch, _ in imports:
        present = sum(offer in listed for offer in batch)
        found["half"] += present not in (0, 3)
        found["lost"] += state == "acknowledged" and present != 3
    chat = client.post("/v3/chat/list", json={"limit": 1}).json()["chats"][0]["chat"]["chat_id"]
    history = client.post("/v3/chat/history", json={"chat_id": chat, "limit": 1000}).json()["messages"]
    texts = {text for message in history for text in message["data"]}
    found["lost"] += sum(1 for state, kind, text, _ in done if kind == "chat" and state == "acknowledged"
                         and text not in texts)
    found["reused"] += len(listed) - len(set(listed.values()))
    tasks = {entry[3]["result"]["task_id"] for entry in imports if entry[0] == "acknowledged"}
    for n in range(3):
        fresh = client.post("/v3/product/import", json={"items": [valid_item(random.Random(n), f"AFTER-{n}")]})
        found["reused"] += fresh.json()["result"]["task_id"] in tasks
    return found


def run_trials(trials: int, folder: Path) -> None:
    print(f"\n== {trials} SIGKILLs at random moments of mixed writes (imports, prices, chat messages), sync=normal")
    totals = {"acknowledged": 0, "lost": 0, "half": 0, "reused": 0}
    rng = random.Random(trials)
    for trial in range(trials):
        path = folder / f"kill-{trial}.db"
        process, client = start_server(path)
        done: list = []
        writer = threading.Thread(target=mixed_writes, args=(client, done, trial))
        writer.start()
        time.sleep(rng.uniform(0.2, 3.0))
        os.kill(process.pid, signal.SIGKILL)
        writer.join()
        process.wait()
        process, client = start_server(path)
        for key, value in check_trial(client, done).items():
            totals[key] += value
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    print(f"   acknowledged writes: {totals['acknowledged']:,}; lost: {totals['lost']}; "
          f"half-applied: {totals['half']}; ids reused: {totals['reused']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument("--writes", type=int, default=300)
    parser.add_argument("--log", type=int, default=100_000, help="logged writes for the restart figure (0: skip)")
    parser.add_argument("--kill-trials", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            bench_writes(size, args.writes, Path(folder))
        if args.log:
            bench_restart(max(args.sizes), args.log, Path(folder))
        if args.kill_trials:
            run_trials(args.kill_trials, Path(folder))


if __name__ == "__main__":
    main()
