"""Hypothesis is an extra (`ozmock[strategies]`): the pytest plugin, the `ozon_mock` / `ozon_server`
fixtures and `ozmock serve` work in an environment without it. Proved in subprocesses where importing
Hypothesis fails (a meta-path hook installed by sitecustomize), with only ozmock's pytest plugin
loaded, as in a project that installed plain `ozmock`. (tests/test_dockerfile.py also installs the
image's locked dependencies into a fresh virtualenv, where Hypothesis is absent for real.)"""
from __future__ import annotations

import os
import subprocess
import sys

import httpx

from tests.support import free_port, wait_for

BLOCKER = '''
import sys

class NoHypothesis:
    """Importing Hypothesis fails, as it does where the package is not installed."""
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("hypothesis", "hypothesis_jsonschema", "_hypothesis_pytestplugin"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, NoHypothesis())
'''
USER_TESTS = '''
import requests


def test_in_process(ozon_mock, ozon_seller):
    with ozon_mock.client() as client:
        assert client.post("/v3/product/list", json={"limit": 1}).json()["result"]["total"] > 0
    ozon_mock.journal.assert_called_once("/v3/product/list")


def test_live_server(ozon_server, ozon_seller):
    answer = requests.post(f"{ozon_server.base_url}/v1/roles", json={}, headers=ozon_seller.headers, timeout=10)
    assert answer.status_code == 200
'''


def environment(tmp_path) -> dict[str, str]:
    (tmp_path / "blocker").mkdir()
    (tmp_path / "blocker" / "sitecustomize.py").write_text(BLOCKER)
    return {**os.environ, "PYTHONPATH": str(tmp_path / "blocker"), "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}


def test_the_blocker_blocks(tmp_path):
    result = subprocess.run([sys.executable, "-c", "import ozmock.strategies"], env=environment(tmp_path),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.strip().endswith('ImportError: ozmock.strategies needs Hypothesis: pip install '
                                          '"ozmock[strategies]"')


def test_fixtures_work_without_hypothesis(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (project / "test_shop.py").write_text(USER_TESTS)
    result = subprocess.run([sys.executable, "-m", "pytest", "-p", "ozmock.testing.plugin", "-q", "-p",
                             "no:cacheprovider", str(project)], cwd=project, env=environment(tmp_path),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "2 passed" in result.stdout


def test_serve_works_without_hypothesis(tmp_path):
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "ozmock", "serve", "--port", str(port), "--log-level", "warning"],
                              env=environment(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert wait_for(f"http://127.0.0.1:{port}/__ozmock/health")["status"] == "ok"
        headers = {"Client-Id": "836", "Api-Key": "0296d4f2-70a1-4c09-b507-904fd05567b9"}
        for path in ("/v3/product/list", "/v1/assembly/carriage/posting/list"):      # stateful, generated
            answer = httpx.post(f"http://127.0.0.1:{port}{path}", json={"limit": 1}, headers=headers, timeout=30)
            assert answer.status_code < 500, path
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=60)
    assert "hypothesis" not in stderr.lower(), stderr
