"""The Dockerfile's steps, replayed without a Docker engine: the COPY sources exist, `pip install .`
into a fresh virtualenv gives a working `ozmock`, the CMD serves on the exposed port, the
HEALTHCHECK passes, and the README's docker commands match the file."""
from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import venv
from pathlib import Path

import pytest

from tests.support import free_port, wait_for

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = ROOT / "Dockerfile"


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    text = re.sub(r"\\\n\s*", " ", DOCKERFILE.read_text())
    found = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, rest = line.partition(" ")
            found.append((name.upper(), rest.strip()))
    return found


def test_base_image_and_command():
    steps = dict(instructions())
    assert steps["FROM"] == "python:3.11-slim"
    assert json.loads(steps["CMD"]) == ["ozmock", "serve", "--host", "0.0.0.0", "--port", "8080"]
    assert steps["EXPOSE"] == "8080"


def test_copied_sources_exist_and_are_not_ignored():
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines() if line.strip()}
    for name, args in instructions():
        if name == "COPY":
            *sources, _target = args.split()
            for source in sources:
                assert (ROOT / source).exists(), source
                assert source not in ignored, source


def test_readme_docker_commands_match():
    readme = (ROOT / "README.md").read_text()
    assert "docker build -t ozmock ." in readme
    assert "docker run --rm -p 8080:8080 ozmock" in readme


@pytest.mark.slow
def test_steps_in_a_virtualenv(tmp_path):
    """COPY into a build folder, RUN the pip step with the venv's pip, then run CMD and HEALTHCHECK."""
    build = tmp_path / "src"
    build.mkdir()
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bin_dir = env_dir / "bin"
    server = None
    healthcheck = ""
    try:
        for name, args in instructions():
            if name == "COPY":
                *sources, _target = args.split()
                for source in sources:
                    origin = ROOT / source
                    if origin.is_dir():
                        shutil.copytree(origin, build / source, ignore=shutil.ignore_patterns("__pycache__"))
                    else:
                        shutil.copy(origin, build / source)
            elif name == "RUN" and args.startswith("pip "):
                command = shlex.split(args)
                result = subprocess.run([str(bin_dir / "pip"), *command[1:], "--quiet"], cwd=build,
                                        capture_output=True, text=True, timeout=900)
                assert result.returncode == 0, result.stderr[-3000:]
            elif name == "CMD":
                command = json.loads(args)
                port = str(free_port())
                command[command.index("--port") + 1] = port
                command[command.index("--host") + 1] = "127.0.0.1"
                server = subprocess.Popen([str(bin_dir / command[0]), *command[1:]], cwd=tmp_path,
                                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
                health = wait_for(f"http://127.0.0.1:{port}/__ozmock/health", timeout=120)
                assert health["status"] == "ok" and health["operations"] >= 557
            elif name == "HEALTHCHECK":
                healthcheck = args[args.index("CMD ") + 4:]
        assert server is not None, "the Dockerfile has no CMD"
        argv = shlex.split(healthcheck.replace("8080", port))      # run once the server is up
        assert subprocess.run([str(bin_dir / argv[0]), *argv[1:]], timeout=60).returncode == 0
        # the installed package carries its data: it does not read the source tree
        located = subprocess.run([str(bin_dir / "python"), "-c", "import ozmock.catalog as c; print(c.data_dir('schemas'))"],
                                 cwd=tmp_path, capture_output=True, text=True, check=True).stdout.strip()
        assert str(env_dir) in located
    finally:
        if server is not None:
            server.kill()
            server.wait()
