"""The sample user project (tests/sample_project: its own conftest and pytest.ini, public fixtures
only) passes serially and under pytest-xdist."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent / "sample_project"
PUBLIC = {"ozmock.strategies"}          # the only ozmock module a user imports here


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "-q", *args], cwd=PROJECT, capture_output=True,
                          text=True, timeout=1200)


def test_uses_no_ozmock_internals():
    for path in PROJECT.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ozmock"):
                assert node.module in PUBLIC, f"{path.name} imports {node.module}"
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("ozmock") for a in node.names), path.name


def test_passes_serially():
    result = run()
    assert result.returncode == 0, result.stdout[-3000:]
    assert " passed" in result.stdout and "failed" not in result.stdout


@pytest.mark.slow
def test_passes_under_xdist():
    result = run("-p", "xdist", "-n", "2", "-s")
    assert result.returncode == 0, result.stdout[-3000:]
    workers = {line.split()[1] for line in result.stdout.splitlines() if line.startswith("worker ")}
    servers = {line.split()[2] for line in result.stdout.splitlines() if line.startswith("worker ")}
    assert workers <= {"gw0", "gw1"} and len(servers) == len(workers)     # one server per worker
