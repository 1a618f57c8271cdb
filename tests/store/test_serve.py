"""`ozmock serve --state-file`: acknowledged writes survive SIGKILL at any moment, a file that is not a
store is refused in one line and left untouched, JSON state files of earlier versions are migrated."""
from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import httpx
import pytest
from hypothesis import HealthCheck, given, settings

from ozmock import OzonMock
from ozmock.clock import parse_iso
from ozmock.scenario import build_world
from ozmock.strategies import product_items
from tests.support import free_port, wait_for

HEADERS = {"Client-Id": "836", "Api-Key": "0296d4f2-70a1-4c09-b507-904fd05567b9"}
pytestmark = pytest.mark.slow


class Server:
    def __init__(self, state_file, scenario: str = "default", clock: str = "frozen"):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ozmock", "serve", "--port", str(self.port), "--scenario", scenario,
             "--state-file", str(state_file), "--clock", clock, "--log-level", "warning", "--no-rate-limit"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            wait_for(f"{self.url}/__ozmock/health")
        except TimeoutError:
            self.process.kill()
            raise AssertionError(f"server did not start: {self.process.communicate()[1]}") from None
        self.client = httpx.Client(base_url=self.url, headers=HEADERS, timeout=30)

    def kill_9(self):
        self.client.close()
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        assert self.process.returncode == -signal.SIGKILL


def items(count: int, prefix: str = "KEEP") -> list[dict]:
    found: list[dict] = []

    @settings(max_examples=count, database=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(product_items(with_optional=False))
    def collect(item):
        found.append(item)

    collect()
    return [{**item, "offer_id": f"{prefix}-{index:03d}"} for index, item in enumerate(found[:count])]


def test_acknowledged_writes_survive_sigkill(tmp_path):
    state = tmp_path / "world.db"
    server = Server(state)
    batch = items(12)
    task_ids = []
    for start in range(0, len(batch), 3):
        response = server.client.post("/v3/product/import", json={"items": batch[start:start + 3]})
        assert response.status_code == 200
        task_ids.append(response.json()["result"]["task_id"])
    created = server.client.post("/__ozmock/sellers", json={"client_id": 950, "api_key": "k-950",
                                                          "roles": ["Posting FBS"]})
    assert created.status_code == 200
    assert server.client.post("/__ozmock/clock/advance", json={"seconds": 3600}).status_code == 200
    server.kill_9()                                     # right after the last acknowledged write

    again = Server(state)
    try:
        for task_id in task_ids:
            info = again.client.post("/v1/product/import/info", json={"task_id": task_id}).json()
            assert {item["status"] for item in info["result"]["items"]} == {"imported"}, info
        listed = again.client.post("/v3/product/list", json={"filter": {"offer_id": [i["offer_id"] for i in batch]},
                                                              "limit": 100}).json()
        assert sorted(item["offer_id"] for item in listed["result"]["items"]) == sorted(i["offer_id"] for i in batch)
        assert again.client.get("/__ozmock/clock").json()["now"] == "2026-01-15T10:00:00.000Z"
        roles = again.client.post("/v1/roles", json={}, headers={"Client-Id": "950", "Api-Key": "k-950"}).json()
        assert [role["name"] for role in roles["roles"]] == ["Posting FBS"]
    finally:
        again.kill_9()


def test_control_writes_survive_sigkill(tmp_path):
    state = tmp_path / "world.db"
    server = Server(state, "empty")
    server.client.post("/__ozmock/sellers", json={"client_id": 960, "api_key": "k-960"})
    server.client.post("/__ozmock/faults", json={"operation": "/v1/roles", "status": 503, "client_id": 960})
    server.client.delete("/__ozmock/sellers/836/keys/" + HEADERS["Api-Key"])
    server.kill_9()
    again = Server(state, "empty")
    try:
        assert again.client.post("/v1/roles", json={}).status_code == 404            # the revoked key
        assert again.client.post("/v1/roles", json={}, headers={"Client-Id": "960", "Api-Key": "k-960"}
                                 ).status_code == 503                                  # the fault rule
    finally:
        again.kill_9()


def test_a_real_clock_continues_from_wall_time_after_sigkill(tmp_path):
    state = tmp_path / "world.db"
    server = Server(state, "empty", clock="real")
    assert server.client.post("/__ozmock/clock/advance", json={"seconds": 86400}).status_code == 200
    before = server.client.get("/__ozmock/clock").json()["now"]
    time.sleep(1.5)
    server.kill_9()
    again = Server(state, "empty", clock="real")
    try:
        after = again.client.get("/__ozmock/clock").json()
        assert after["mode"] == "real"
        gap = (parse_iso(after["now"]) - parse_iso(before)).total_seconds()
        assert gap >= 1.5                                   # never backwards, and the time away passed
    finally:
        again.kill_9()


def mixed_writes(server: Server, acknowledged: list, stop: threading.Event, seed: int, pool: list[dict]) -> None:
    """Imports of three cards each, until killed; each acknowledged one is recorded with its answer. At
    most 800 (2,400 cards): the frozen day allows 2,500 new cards, and past that an acknowledged import
    refuses its items (a server fast enough got there before the kill)."""
    rng = random.Random(seed)
    number = 0
    while not stop.is_set() and number < 800:
        batch = [{**rng.choice(pool), "offer_id": f"T{seed}-{number}-{n}"} for n in range(3)]
        try:
            answer = server.client.post("/v3/product/import", json={"items": batch})
        except httpx.HTTPError:
            return
        if answer.status_code == 200:
            acknowledged.append(([item["offer_id"] for item in batch], answer.json()["result"]["task_id"]))
        number += 1


def offers_present(client: httpx.Client, offers: list[str]) -> set[str]:
    listed = client.post("/v3/product/list", json={"filter": {"offer_id": offers, "visibility": "ALL"},
                                                   "limit": 1000}).json()
    return {item["offer_id"] for item in listed["result"]["items"]}


@pytest.mark.parametrize("seed", [1, 2])
def test_sigkill_at_a_random_moment_loses_nothing_acknowledged(tmp_path, seed):
    """bench/state.py --kill-trials N runs the same trial many times by hand."""
    state = tmp_path / "world.db"
    server = Server(state)
    acknowledged: list = []
    stop = threading.Event()
    writer = threading.Thread(target=mixed_writes, args=(server, acknowledged, stop, seed, items(30, f"T{seed}")))
    writer.start()
    deadline = time.monotonic() + 60
    while not acknowledged and time.monotonic() < deadline:      # however loaded the machine is
        time.sleep(0.01)
    time.sleep(random.Random(seed).uniform(0.1, 1.5))
    os.kill(server.process.pid, signal.SIGKILL)
    stop.set()
    writer.join()
    server.process.wait(timeout=30)
    assert acknowledged                                     # killed in the middle of the traffic
    sent = len(acknowledged) + 1                            # the call in flight may or may not have committed
    again = Server(state)
    try:
        for number in range(sent):
            offers = [f"T{seed}-{number}-{n}" for n in range(3)]
            present = offers_present(again.client, offers)
            if number < len(acknowledged):
                assert present == set(offers)               # no acknowledged write lost
            assert present in (set(), set(offers))          # none half-applied
        task = again.client.post("/v3/product/import", json={"items": items(1, prefix="AFTER")}).json()
        assert task["result"]["task_id"] not in {task_id for _, task_id in acknowledged}   # no id reused
    finally:
        again.kill_9()


def start_refused(state, *extra) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ozmock", "serve", "--port", str(free_port()),
                           "--state-file", str(state), *extra], capture_output=True, text=True, timeout=120)


def refused_in_one_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


def test_a_json_state_file_is_migrated_to_a_store(tmp_path):
    state = tmp_path / "world.json"
    with OzonMock() as ozon:
        with ozon.client() as client:
            client.post("/__ozmock/sellers", json={"client_id": 975, "api_key": "k-975"})
        document = ozon.world.to_json()
    del document["rng"]                                     # as written before generators were saved
    state.write_text(json.dumps(document))
    server = Server(state)
    try:
        assert server.client.post("/v1/roles", json={}, headers={"Client-Id": "975", "Api-Key": "k-975"}
                                  ).status_code == 200
        assert json.loads((tmp_path / "world.json.pre-store").read_text()) == document
        assert state.read_bytes().startswith(b"SQLite format 3\x00")
    finally:
        server.kill_9()


@pytest.mark.parametrize("content, reason", [
    (lambda: json.dumps(build_world("default").to_json())[:500], "is corrupt or truncated JSON"),
    (lambda: json.dumps({"format": "ozmock-state/999", "sellers": []}),
     "not an ozmock state document: format is 'ozmock-state/999'"),
    (lambda: "[1, 2, 3]", "not an ozmock state document"),
    (lambda: b"\x89PNG\r\n\x1a\n" + bytes(100), "is not an ozmock store"),
])
def test_a_file_that_is_not_a_store_is_refused_and_kept(tmp_path, content, reason):
    state = tmp_path / "world.db"
    data = content()
    state.write_bytes(data if isinstance(data, bytes) else data.encode())
    before = sorted(os.listdir(tmp_path)), state.read_bytes()
    line = refused_in_one_line(start_refused(state))
    assert reason in line and str(state) in line
    assert (sorted(os.listdir(tmp_path)), state.read_bytes()) == before     # never replaced, nothing beside it


def test_a_state_document_without_a_catalogue_shape_is_refused(tmp_path):
    state = tmp_path / "world.json"
    with OzonMock() as ozon:
        document = ozon.world.to_json()
    document["sellers"][0]["areas"]["products"] = []
    state.write_text(json.dumps(document))
    line = refused_in_one_line(start_refused(state))
    assert "seller 836: products must be an object, not an array" in line


def test_another_sqlite_database_is_refused_and_kept(tmp_path):
    state = tmp_path / "other.db"
    with sqlite3.connect(state) as db:
        db.execute("CREATE TABLE notes (text TEXT)")
    before = state.read_bytes()
    line = refused_in_one_line(start_refused(state))
    assert "is not a valid ozmock store (no such table: meta)" in line
    assert state.read_bytes() == before


def test_a_directory_or_a_path_under_a_file_is_a_one_line_error(tmp_path):
    assert "is a directory" in refused_in_one_line(start_refused(tmp_path))
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert "cannot create the folder" in refused_in_one_line(start_refused(blocker / "world.db"))
