"""Scenarios: every bundled one loads and does what it says; bad files are refused naming the
line and field; selection by CLI flag, control API, marker and option (see test_plugin.py)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ozmock import OzonMock
from ozmock.registry import SEEDERS
from ozmock.scenario import ScenarioError, load_scenario
from tests.support import free_port, wait_for

BUNDLED = ["default", "empty", "busy-shop", "flaky", "quota-exhausted"]
SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


def test_bundled_scenarios_are_listed():
    assert sorted(p.stem for p in SCENARIOS.glob("*.yaml")) == sorted(BUNDLED)
    output = subprocess.run([sys.executable, "-m", "ozmock", "scenarios"], capture_output=True, text=True,
                            check=True).stdout.split()
    assert sorted(output) == sorted(BUNDLED)


@pytest.mark.parametrize("name", BUNDLED)
def test_every_bundled_scenario_validates(name):
    data = load_scenario(name)
    assert data["name"] == name and data["description"]


@pytest.mark.parametrize("name", ["default", "empty", "flaky", "quota-exhausted"])
def test_small_scenarios_build_and_answer(name):
    with OzonMock(name) as ozon, ozon.client() as client:
        ozon.faults.clear()
        assert client.post("/v1/roles", json={}).status_code == 200


def test_default_scenario():
    with OzonMock() as ozon, ozon.client() as client:
        assert sorted(ozon.sellers) == [836, 837]
        assert ozon.world.settings.rate_limit_per_second == 50
        if "products" in SEEDERS:
            assert client.post("/v3/product/list", json={"limit": 1}).json()["result"]["total"] > 0


def test_empty_scenario():
    with OzonMock("empty") as ozon, ozon.client() as client:
        assert list(ozon.sellers) == [836] and ozon.world.settings.rate_limit_per_second is None
        if "products" in SEEDERS:
            assert client.post("/v3/product/list", json={"limit": 1}).json()["result"]["total"] == 0


def test_flaky_scenario_has_its_faults():
    with OzonMock("flaky") as ozon:
        rules = ozon.faults.rules
        assert {r.status for r in rules if r.status} == {500, 503, 429}
        assert any(r.drop for r in rules) and any(r.latency_ms >= 1000 for r in rules)
        assert all(r.probability and r.probability <= 0.1 for r in rules)


def test_quota_exhausted_refuses_imports_and_reports_the_limits():
    from hypothesis import HealthCheck, given, settings

    from ozmock.strategies import product_items

    items = []

    @settings(max_examples=1, database=None, suppress_health_check=list(HealthCheck))
    @given(product_items(with_optional=False))
    def pick(item):
        items.append(item)

    pick()
    with OzonMock("quota-exhausted") as ozon, ozon.client() as client:
        limits = client.post("/v4/product/info/limit", json={}).json()
        assert limits["daily_create"]["limit"] == 0 and limits["daily_update"]["limit"] == 0
        assert limits["total"]["usage"] >= limits["total"]["limit"] == 20
        task = client.post("/v3/product/import", json={"items": [{**items[0], "offer_id": "NEW-1"}]}).json()
        ozon.advance(minutes=5)
        info = client.post("/v1/product/import/info", json={"task_id": task["result"]["task_id"]}).json()
        item = info["result"]["items"][0]
        assert item["status"] == "failed"
        assert "item_limit_exceeded" in [error["code"] for error in item["errors"]]
        listed = client.post("/v3/product/list", json={"filter": {"offer_id": ["NEW-1"]}, "limit": 10}).json()
        assert listed["result"]["items"] == []


@pytest.fixture(scope="module")
def busy_shop():
    with OzonMock("busy-shop", rate_limit_per_second=None) as ozon:
        yield ozon


@pytest.mark.slow
def test_busy_shop_has_ten_thousand_products(busy_shop):
    with busy_shop.client() as client:
        listed = client.post("/v3/product/list", json={"filter": {"visibility": "ALL"}, "limit": 1000}).json()
        archived = client.post("/v3/product/list", json={"filter": {"visibility": "ARCHIVED"}, "limit": 1}).json()
        assert listed["result"]["total"] + archived["result"]["total"] == 10_000
        assert archived["result"]["total"] == 250
        assert len(listed["result"]["items"]) == 1000


@pytest.mark.slow
def test_busy_shop_has_a_thousand_postings_in_every_status(busy_shop):
    now = busy_shop.clock.now()
    since = (now.replace(year=now.year - 1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    to = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    counts = {}
    with busy_shop.client() as client:
        for status in ("awaiting_packaging", "awaiting_deliver", "delivering", "delivered", "cancelled",
                       "arbitration", "sent_by_seller"):
            total, offset = 0, 0
            while True:
                page = client.post("/v3/posting/fbs/list", json={
                    "filter": {"since": since, "to": to, "status": status}, "limit": 1000, "offset": offset,
                    "dir": "ASC"}).json()["result"]
                total += len(page["postings"])
                offset += 1000
                if not page["has_next"]:
                    break
            counts[status] = total
        fbo = client.post("/v2/posting/fbo/list", json={"filter": {"since": since, "to": to}, "limit": 1000}).json()
    assert all(count > 0 for count in counts.values()), counts
    assert sum(counts.values()) + len(fbo["result"]) >= 1000, counts


# --- refused files -----------------------------------------------------------------------------
BAD = {
    "not-a-mapping.yaml": ("- just\n- a list\n", "a scenario is a mapping"),
    "bad-yaml.yaml": ("sellers: [\n", "not valid YAML"),
    "bad-field.yaml": ("sellers:\n  - client_id: 1\n    api_keys: [k]\nrate_limit_per_second: fast\n",
                       ":4: rate_limit_per_second: 'fast' is not of type 'integer', 'null'"),
    "negative-id.yaml": ("sellers:\n  - client_id: -5\n    api_keys: [k]\n", ":2: sellers/0/client_id: -5 is less"),
    "no-keys.yaml": ("sellers:\n  - client_id: 5\n", ":2: sellers/0: 'api_keys' is a required property"),
    "unknown-top.yaml": ("sellerz: []\n", "Additional properties are not allowed ('sellerz' was unexpected)"),
    "unknown-section.yaml": ("sellers:\n  - client_id: 5\n    api_keys: [k]\n    prodcts: {count: 3}\n",
                             ":4: sellers/0/prodcts: no loaded area fills this section"),
    "bad-fault.yaml": ("sellers:\n  - client_id: 5\n    api_keys: [k]\nfaults:\n  - {status: 200}\n",
                       ":5: faults/0/status: 200 is less than the minimum of 400"),
    "fault-typo.yaml": ("faults:\n  - {operation: /v1/roles, sttaus: 500}\n",
                        ":2: faults/0: Additional properties are not allowed ('sttaus' was unexpected)"),
    "fault-operation.yaml": ("faults:\n  - {operation: /v2/product/stoks, status: 500}\n",
                             ":2: faults/0/operation: fault operation '/v2/product/stoks' matches no served"),
    "bad-clock.yaml": ("clock: {start: yesterday}\n", ":1: clock/start: 'yesterday' is not a 'date-time'"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_malformed_scenarios_are_refused_naming_line_and_field(tmp_path, name):
    text, expected = BAD[name]
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(ScenarioError) as refused:
        OzonMock(path)
    message = str(refused.value)
    assert message.startswith(str(path)) and expected in message, message


def test_unknown_scenario_name_lists_the_known_ones():
    with pytest.raises(ScenarioError, match="unknown scenario 'nope'; known: busy-shop, default, empty"):
        OzonMock("nope")


# --- selection ------------------------------------------------------------------------------------
def test_control_api_reset_switches_scenario(ozon_mock):
    with ozon_mock.client() as client:
        assert client.post("/__ozmock/reset", json={"scenario": "flaky"}).json() == {"status": "ok",
                                                                                     "scenario": "flaky"}
        assert ozon_mock.world.scenario == "flaky" and len(ozon_mock.faults.rules) == 6
        refused = client.post("/__ozmock/reset", json={"scenario": "nope"})
        assert refused.status_code == 400 and "unknown scenario 'nope'" in refused.json()["message"]
        assert client.post("/__ozmock/reset", json={}).json()["scenario"] == "flaky"


def test_cli_flag_selects_the_scenario(tmp_path):
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "ozmock", "serve", "--port", str(port), "--scenario", "empty",
                               "--log-level", "warning"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        health = wait_for(f"http://127.0.0.1:{port}/__ozmock/health")
        assert health["scenario"] == "empty"
    finally:
        server.kill()
        server.wait()


def test_cli_refuses_a_bad_scenario(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("sellers:\n  - client_id: 0\n    api_keys: [k]\n")
    result = subprocess.run([sys.executable, "-m", "ozmock", "serve", "--scenario", str(path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert f"{path}:2: sellers/0/client_id: 0 is less than the minimum of 1" in result.stderr


def test_an_undeclared_timing_is_refused_with_its_line(tmp_path):
    path = tmp_path / "typo.yaml"
    path.write_text("sellers:\n  - client_id: 836\n    api_keys: [k]\ntimings:\n  product_import_secnds: 3\n")
    with pytest.raises(ScenarioError, match=r"typo\.yaml:5: timings/product_import_secnds: no area reads"):
        load_scenario(path)


def test_an_undeclared_limit_in_mock_options_is_refused():
    with pytest.raises(ScenarioError, match="stocks_requests_per_minte"):
        OzonMock(limits={"stocks_requests_per_minte": 2})


def test_a_declared_limit_in_mock_options_applies():
    with OzonMock(limits={"stocks_requests_per_minute": 2}) as ozon, ozon.client() as client:
        answers = [client.post("/v2/products/stocks", json={"stocks": []}).status_code for _ in range(3)]
    assert answers == [200, 200, 429]


def test_every_mistake_of_a_file_is_reported_at_once(tmp_path):
    path = tmp_path / "three.yaml"
    path.write_text("clock:\n  mode: sideways\nsellers:\n  - client_id: 0\n    api_keys: [{key: k, roles: [Admn]}]\n"
                    "    prodcts: {count: 3}\ntimings:\n  product_import_secnds: 3\n"
                    "faults:\n  - operation: /v3/product/lst\n    status: 500\n")
    with pytest.raises(ScenarioError) as refused:
        load_scenario(path)
    lines = str(refused.value).splitlines()
    assert lines[0] == f"{path}: 6 mistakes"
    assert [line.split(": ", 2)[:2] for line in lines[1:]] == [
        [f"  {path}:2", "clock/mode"], [f"  {path}:4", "sellers/0/client_id"],
        [f"  {path}:5", "sellers/0/api_keys/0/roles/0"], [f"  {path}:6", "sellers/0/prodcts"],
        [f"  {path}:8", "timings/product_import_secnds"], [f"  {path}:10", "faults/0/operation"]]
    assert "unknown role 'Admn'; did you mean 'Admin'?" in lines[3]
    assert lines[4].endswith("no loaded area fills this section; did you mean 'products'?")
    assert lines[5].endswith("did you mean 'product_import_seconds'?")
    assert lines[6].endswith("matches no served operation; did you mean '/v3/product/list'?")
