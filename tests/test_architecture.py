"""docs/architecture.md stays true: its worked example runs, and every file and folder it names exists."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "architecture.md").read_text()


def test_worked_example_runs():
    """In a fresh interpreter: the example registers a handler, which must not leak into other tests."""
    (example,) = re.findall(r"```python\n(.*?)```", DOC, re.S)
    done = subprocess.run([sys.executable, "-c", example], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_the_example_operation_is_still_generated_without_it():
    """The example adds behaviour; if the operation became stateful in the package, pick another one."""
    from ozmock import OzonMock

    with OzonMock("default") as ozon, ozon.client() as client:
        answer = client.post("/v1/product/info/wrong-volume", json={"limit": 10})
    assert answer.headers["x-ozmock-source"] != "stateful"


def test_every_named_path_exists():
    named = set(re.findall(r"`(ozmock/[\w/.]+|tests/[\w/.]+|docs/[\w/.]+)`", DOC))
    assert named
    assert sorted(path for path in named if not (ROOT / path).exists()) == []
