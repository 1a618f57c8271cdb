"""The README's examples run: its pytest examples as a test file, its other Python blocks as
scripts, and its curl lines against a live `ozmock serve`."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import free_port, wait_for

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def blocks(language: str) -> list[str]:
    return [body for lang, body in BLOCK.findall(README.read_text()) if lang == language]


def test_the_readme_has_the_promised_examples():
    python = "\n".join(blocks("python"))
    for needle in ("ozon_mock.transport", "ozon_server", "requests.post", "faults.add", "clock.advance",
                   "responses(", "def test_"):
        assert needle in python, needle
    assert any("docker run" in block for block in blocks("bash"))


def test_pytest_examples_pass(pytester):
    tests = [block for block in blocks("python") if "def test_" in block]
    for index, block in enumerate(tests):
        pytester.makepyfile(**{f"test_readme_{index}": block})
    expected = sum(block.count("\ndef test_") + block.startswith("def test_") for block in tests)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=expected)


@pytest.mark.parametrize("index", range(len([b for b in blocks("python") if "def test_" not in b])))
def test_script_examples_run(index, tmp_path):
    script = [block for block in blocks("python") if "def test_" not in block][index]
    path = tmp_path / f"example_{index}.py"
    path.write_text(script)
    result = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]


def curl_lines() -> list[str]:
    lines = []
    for block in blocks("bash"):
        for command in re.sub(r"\\\n\s*", " ", block).splitlines():
            if command.strip().startswith("curl "):
                lines.append(command.strip())
    return lines


def test_curl_examples_against_a_live_server():
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "ozmock", "serve", "--port", str(port), "--clock", "frozen",
                               "--log-level", "warning"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for(f"http://127.0.0.1:{port}/__ozmock/health")
        commands = curl_lines()
        assert len(commands) >= 4
        for command in commands:
            command = command.replace("127.0.0.1:8080", f"127.0.0.1:{port}")
            result = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=60)
            assert result.returncode == 0, (command, result.stderr)
            answer = json.loads(result.stdout)
            assert "code" not in answer or answer.get("code") == 0, (command, answer)
    finally:
        server.kill()
        server.wait()
