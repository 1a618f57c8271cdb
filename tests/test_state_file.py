"""Saved state: `ozmock serve --state-file` keeps every acknowledged write across a SIGKILL; a corrupt
or incompatible file is refused with a clear message and left untouched; GET/PUT /__ozmock/state."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import httpx
from hypothesis import HealthCheck, given, settings

from ozmock import OzonMock
from ozmock.app import OzonApp
from ozmock.scenario import build_world
from ozmock.strategies import product_items
from ozmock.testing.transport import SyncOzonTransport
from tests.support import free_port, wait_for

HEADERS = {"Client-Id": "836", "Api-Key": "0296d4f2-70a1-4c09-b507-904fd05567b9"}


class Server:
    def __init__(self, state_file, scenario: str = "default"):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ozmock", "serve", "--port", str(self.port), "--scenario", scenario,
             "--state-file", str(state_file), "--clock", "frozen", "--log-level", "warning"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            wait_for(f"{self.url}/__ozmock/health")
        except TimeoutError:
            self.process.kill()
            raise AssertionError(f"server did not start: {self.process.communicate()[1]}")
        self.client = httpx.Client(base_url=self.url, headers=HEADERS, timeout=30)

    def kill_9(self):
        self.client.close()
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        assert self.process.returncode == -signal.SIGKILL


def items(count: int) -> list[dict]:
    found: list[dict] = []

    @settings(max_examples=count, database=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(product_items(with_optional=False))
    def collect(item):
        found.append(item)

    collect()
    return [{**item, "offer_id": f"KEEP-{index:03d}"} for index, item in enumerate(found[:count])]


def test_acknowledged_writes_survive_sigkill(tmp_path):
    state = tmp_path / "world.json"
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
    state = tmp_path / "world.json"
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


def start_refused(state, *extra) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ozmock", "serve", "--port", str(free_port()),
                           "--state-file", str(state), *extra], capture_output=True, text=True, timeout=120)


def test_truncated_file_is_refused_and_kept(tmp_path):
    state = tmp_path / "world.json"
    with OzonMock() as ozon:
        document = json.dumps(ozon.world.to_json())
    state.write_text(document[: len(document) // 2])
    before = state.read_bytes()
    result = start_refused(state)
    assert result.returncode == 2
    assert f"state file {state} is corrupt or truncated" in result.stderr
    assert "refusing to start" in result.stderr
    assert state.read_bytes() == before                   # never silently replaced


def test_incompatible_file_is_refused(tmp_path):
    state = tmp_path / "world.json"
    state.write_text(json.dumps({"format": "ozmock-state/999", "sellers": []}))
    result = start_refused(state)
    assert result.returncode == 2
    assert "cannot be used: not an ozmock state document: format is 'ozmock-state/999'" in result.stderr


def test_other_json_is_refused(tmp_path):
    state = tmp_path / "world.json"
    state.write_text("[1, 2, 3]")
    result = start_refused(state)
    assert result.returncode == 2 and "not an ozmock state document" in result.stderr


def test_missing_file_starts_from_the_scenario_and_creates_it(tmp_path):
    state = tmp_path / "new.json"
    server = Server(state, "empty")
    try:
        assert json.loads(state.read_text())["scenario"] == "empty"
    finally:
        server.kill_9()


def test_state_export_and_import(ozon_mock):
    with ozon_mock.client() as client:
        client.post("/__ozmock/sellers", json={"client_id": 970, "api_key": "k-970"})
        client.post("/__ozmock/clock/advance", json={"seconds": 60})
        exported = client.get("/__ozmock/state?api_keys=show").json()
        assert exported["format"] == "ozmock-state/1"
        client.post("/__ozmock/reset", json={"scenario": "empty"})
        assert client.post("/v1/roles", json={}, headers={"Client-Id": "970", "Api-Key": "k-970"}).status_code == 404
        assert client.put("/__ozmock/state", json=exported).status_code == 200
        assert client.post("/v1/roles", json={}, headers={"Client-Id": "970", "Api-Key": "k-970"}).status_code == 200
        assert client.get("/__ozmock/clock").json()["now"] == "2026-01-15T09:01:00.000Z"
        refused = client.put("/__ozmock/state", json={"format": "something-else"})
        assert refused.status_code == 400 and "not an ozmock state document" in refused.json()["message"]


def test_saved_state_is_written_after_writes_only():
    """Reads, refusals and generated answers leave the state file alone; a committed write saves."""
    saves = []
    app = OzonApp(build_world("default"), on_write=saves.append)
    with httpx.Client(transport=SyncOzonTransport(app), base_url="http://ozon.mock", headers=HEADERS) as client:
        assert client.post("/v3/product/list", json={"limit": 5}).status_code == 200
        assert client.post("/v1/product/info/wrong-volume", json={"limit": 5}).status_code == 200   # generated
        assert client.post("/v2/products/stocks", json={"stocks": "nope"}).status_code == 400
        assert saves == []
        assert client.post("/v1/product/archive", json={"product_id": [300000001]}).status_code == 200
    assert saves == [app.world]
