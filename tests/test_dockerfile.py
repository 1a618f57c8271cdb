"""The Dockerfile's steps, replayed without a Docker engine: the COPY sources exist, the build stage's
venv + locked `pip install` give a working `ozmock` without the test kit (no Hypothesis), the final
stage's ENV configures `ozmock serve` (OZMOCK_HOST / OZMOCK_PORT), the HEALTHCHECK passes, and the
README's docker commands match the file. (A state folder the image's user cannot write: tests/test_cli.py.)"""
from __future__ import annotations

import json
import os
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
IMAGE_VENV = "/opt/ozmock"          # where the build stage puts the virtualenv


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


def stages() -> list[list[tuple[str, str]]]:
    found: list[list[tuple[str, str]]] = []
    for name, args in instructions():
        if name == "FROM":
            found.append([])
        found[-1].append((name, args))
    return found


def final_environment() -> dict[str, str]:
    env: dict[str, str] = {}
    for name, args in stages()[-1]:
        if name == "ENV":
            env.update(dict(pair.split("=", 1) for pair in shlex.split(args)))
    return env


def requirement_name(line: str) -> str:
    return re.split(r"[<>=!~\[; ]", line.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_two_stages_and_a_configured_command():
    build, final = stages()
    assert build[0] == ("FROM", "python:3.11-slim AS build") and final[0] == ("FROM", "python:3.11-slim")
    assert ("COPY", f"--from=build {IMAGE_VENV} {IMAGE_VENV}") in final
    assert not any(name == "COPY" and not args.startswith("--from") for name, args in final)   # no sources
    steps = dict(final)
    assert json.loads(steps["CMD"]) == ["ozmock", "serve"]
    assert steps["EXPOSE"] == "8080" and steps["USER"] == "ozmock" and steps["VOLUME"] == "/data"
    env = final_environment()
    assert env["OZMOCK_HOST"] == "0.0.0.0" and env["OZMOCK_PORT"] == "8080"
    assert env["PATH"].startswith(f"{IMAGE_VENV}/bin:")


def test_the_lock_pins_every_dependency_and_nothing_of_the_test_kit():
    lines = [line for line in (ROOT / "requirements.lock").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+==[A-Za-z0-9_.+-]+", line) for line in lines), lines
    pinned = {requirement_name(line) for line in lines}
    pyproject = (ROOT / "pyproject.toml").read_text()
    dependencies = re.search(r"^dependencies = \[(.*?)^\]", pyproject, re.S | re.M).group(1)
    declared = {requirement_name(item) for item in re.findall(r'"([^"]+)"', dependencies)}
    assert declared and declared <= pinned
    assert not pinned & {"hypothesis", "pytest", "schemathesis", "hypothesis-jsonschema"}


def test_copied_sources_exist_and_are_not_ignored():
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines() if line.strip()}
    for name, args in instructions():
        if name == "COPY" and not args.startswith("--from"):
            *sources, _target = args.split()
            for source in sources:
                assert (ROOT / source).exists(), source
                assert source not in ignored, source


def test_readme_docker_commands_match():
    readme = (ROOT / "README.md").read_text()
    header = DOCKERFILE.read_text()
    for command in ("docker build -t ozmock .", "docker run --rm -p 8080:8080 ozmock",
                    "docker run --rm -p 8080:8080 -e OZMOCK_SCENARIO=flaky -e OZMOCK_CLOCK=frozen ozmock",
                    'mkdir -p state && docker run --rm -p 8080:8080 --user "$(id -u)" -v "$PWD/state:/data"'):
        assert command in readme and command in header, command


@pytest.fixture(scope="module")
def image(tmp_path_factory):
    """The build stage replayed: COPY into a folder, RUN with the image's venv mapped to a local one."""
    tmp = tmp_path_factory.mktemp("image")
    build, env_dir = tmp / "build", tmp / "venv"
    build.mkdir()
    for name, args in stages()[0]:
        if name == "COPY":
            *sources, _target = args.split()
            for source in sources:
                origin = ROOT / source
                if origin.is_dir():
                    shutil.copytree(origin, build / source, ignore=shutil.ignore_patterns("__pycache__"))
                else:
                    shutil.copy(origin, build / source)
        elif name == "RUN" and args == f"python -m venv {IMAGE_VENV}":
            venv.EnvBuilder(with_pip=True).create(env_dir)
        elif name == "RUN":
            command = shlex.split(args.replace(IMAGE_VENV, str(env_dir)))
            result = subprocess.run([*command, "--quiet"], cwd=build, capture_output=True, text=True, timeout=900)
            assert result.returncode == 0, result.stderr[-3000:]
    shutil.rmtree(build)                       # the final stage has no sources: the package must not need them
    return env_dir


def final_stage_env(env_dir: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, **final_environment(), **extra}
    env["PATH"] = f"{env_dir / 'bin'}:{os.environ['PATH']}"
    return env


@pytest.mark.slow
def test_image_serves_with_its_environment_and_passes_its_healthcheck(image, tmp_path):
    port = str(free_port())
    env = final_stage_env(image, OZMOCK_HOST="127.0.0.1", OZMOCK_PORT=port, OZMOCK_SCENARIO="empty")
    server = subprocess.Popen(json.loads(dict(stages()[-1])["CMD"]), cwd=tmp_path, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        health = wait_for(f"http://127.0.0.1:{port}/__ozmock/health", timeout=120)
        assert health["status"] == "ok" and health["operations"] >= 557 and health["scenario"] == "empty"
        healthcheck = dict(stages()[-1])["HEALTHCHECK"]
        argv = shlex.split(healthcheck[healthcheck.index("CMD ") + 4:])
        assert subprocess.run(argv, env=env, timeout=60).returncode == 0
    finally:
        server.kill()
        server.wait()
    python = str(image / "bin" / "python")
    located = subprocess.run([python, "-c", "import ozmock.catalog as c; print(c.data_dir('schemas'))"],
                             cwd=tmp_path, capture_output=True, text=True, check=True).stdout.strip()
    assert str(image) in located                   # the installed package carries its data
    missing = subprocess.run([python, "-c", "import hypothesis"], capture_output=True, text=True)
    assert missing.returncode == 1 and "No module named 'hypothesis'" in missing.stderr
