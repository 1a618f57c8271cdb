"""`ozmock` on the command line: OZMOCK_* variables for every serve option, defaults in --help, one-line
errors with exit code 2, the clock's precedence, the start-up banner, and the request log of a live
server (text and JSON; faults and dropped connections as events, never tracebacks)."""
from __future__ import annotations

import argparse
import json
from datetime import datetime, timezone
import os
import subprocess
import sys

import httpx
import pytest

from ozmock.app import OzonApp
from ozmock.cli import CliError, build_parser, main
from ozmock.server import banner, state_file_of, world_factory, world_overrides
from tests.support import free_port, wait_for

HEADERS = {"Client-Id": "836", "Api-Key": "0296d4f2-70a1-4c09-b507-904fd05567b9"}


def serve_args(*argv: str, **environ: str):
    return build_parser(environ).parse_args(["serve", *argv])


def serve_actions():
    parser = build_parser({})
    serve = parser._subparsers._group_actions[0].choices["serve"]
    return [action for action in serve._actions if action.option_strings and action.dest != "help"]


def test_every_serve_option_has_an_environment_variable():
    """Generic over the parser: an option added to `serve` gets its OZMOCK_* variable for free. The
    value tried is a valid one where the option's type is known here; for another type, the variable
    being read shows as its own one-line refusal naming it."""
    for action in serve_actions():
        name = "OZMOCK_" + action.dest.upper()
        raw = "true" if action.nargs == 0 else str(action.choices[-1]) if action.choices else \
            {"int": "7", "clock_option": "60", "lower": "debug"}.get(getattr(action.type, "__name__", ""), "value")
        try:
            parsed = getattr(serve_args(**{name: raw}), action.dest)
        except CliError as refused:
            assert str(refused).startswith(f"{name}={raw!r}: "), name
        else:
            assert parsed not in (None, False) and parsed != action.default, name
        assert f"[env {name}]" in action.help


def test_the_command_line_beats_the_environment():
    args = serve_args("--port", "9001", "--scenario", "empty", OZMOCK_PORT="9000", OZMOCK_HOST="0.0.0.0",
                      OZMOCK_STRICT="1", OZMOCK_NO_RATE_LIMIT="off")
    assert (args.port, args.host, args.scenario, args.strict, args.no_rate_limit) == (9001, "0.0.0.0", "empty",
                                                                                      True, False)


def test_no_journal_serves_with_a_journal_of_size_zero():
    args = serve_args("--no-journal")
    assert world_overrides(args)["journal_size"] == 0
    assert "journal_size" not in world_overrides(serve_args())


@pytest.mark.parametrize(("argv", "environ", "message"), [
    (["serve", "--log-level", "verbose"], {}, "ozmock serve: argument --log-level: invalid choice: 'verbose'"),
    (["serve", "--clock", "banana"], {}, "ozmock serve: argument --clock: clock mode must be 'real', 'frozen' or a "
                                         "speed factor, not 'banana'"),
    (["serve", "--port", "http"], {}, "ozmock serve: argument --port: invalid int value: 'http'"),
    (["serve"], {"OZMOCK_PORT": "http"}, "ozmock: OZMOCK_PORT='http': expected int value"),
    (["serve"], {"OZMOCK_CLOCK": "banana"}, "ozmock: OZMOCK_CLOCK='banana': clock mode must be"),
    (["serve"], {"OZMOCK_STRICT": "maybe"}, "ozmock: OZMOCK_STRICT='maybe': expected one of 1, true"),
    (["serve"], {"OZMOCK_LEGACY": "keep"}, "ozmock: OZMOCK_LEGACY='keep': choose from serve, reject"),
    (["serve", "--scenario", "nope"], {}, "ozmock: unknown scenario 'nope'; known: busy-shop, default"),
    (["serev"], {}, "ozmock: argument command: invalid choice: 'serev'"),
])
def test_cli_errors_are_one_line_and_exit_2(capsys, argv, environ, message):
    assert main(argv, environ) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(message) and err.count("\n") == 1, err


def test_help_shows_defaults_and_variables(capsys):
    with pytest.raises(SystemExit) as done:
        main(["serve", "--help"], {})
    assert done.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    for shown in ("[env OZMOCK_HOST] (default: 127.0.0.1)", "[env OZMOCK_PORT] (default: 8080)",
                  "[env OZMOCK_SCENARIO] (default: default)", "(default: the scenario's clock mode, else real)",
                  "[env OZMOCK_LOG_FORMAT] (default: text)"):
        assert shown in text


def test_the_scenario_clock_wins_unless_a_flag_says_otherwise():
    assert world_factory(serve_args("--scenario", "empty"))().clock.mode == "frozen"      # empty.yaml: frozen
    assert world_factory(serve_args("--scenario", "default"))().clock.mode == "real"     # silent: a live sandbox
    assert world_factory(serve_args("--scenario", "empty", "--clock", "60"))().clock.mode == "60"
    assert world_factory(serve_args(OZMOCK_SCENARIO="empty", OZMOCK_CLOCK="real"))().clock.mode == "real"
    fresh = world_factory(serve_args("--clock", "frozen"))
    assert fresh("empty").clock.mode == fresh("default").clock.mode == "frozen"         # resets keep the flag


def test_banner_names_url_credentials_control_api_and_dashboard():
    app = OzonApp(world_factory(serve_args("--scenario", "default"))())
    text, fields = banner(app, "http://127.0.0.1:8080", None)
    assert "ozmock serving 660 operations on http://127.0.0.1:8080" in text
    today = datetime.now(timezone.utc).strftime("%Y-%m-%d")       # a live sandbox starts at the current time
    assert f"scenario default, clock real at {today}T" in text
    assert "Client-Id: 836  Api-Key: 0296d4f2-70a1-4c09-b507-904fd05567b9" in text
    assert "Client-Id: 837" in text
    assert "http://127.0.0.1:8080/__ozmock/ " in text and "http://127.0.0.1:8080/__ozmock/ui" in text
    assert fields["sellers"][0] == {"client_id": 836, "api_key": "0296d4f2-70a1-4c09-b507-904fd05567b9"}


def test_a_closed_pipe_ends_operations_quietly():
    """`ozmock operations | head -1`: the reader leaves before the listing is written (here: before it
    starts, so every write meets a closed pipe); no BrokenPipeError traceback."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        listing = subprocess.run([sys.executable, "-m", "ozmock", "operations"], stdout=write_end,
                                 stderr=subprocess.PIPE, text=True, timeout=120)
    finally:
        os.close(write_end)
    assert listing.stderr == "" and listing.returncode == 1


def run_server(environ: dict[str, str], *argv: str):
    port = free_port()
    env = {**os.environ, **environ, "OZMOCK_PORT": str(port)}
    process = subprocess.Popen([sys.executable, "-m", "ozmock", "serve", *argv], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for(f"http://127.0.0.1:{port}/__ozmock/health")
    return process, f"http://127.0.0.1:{port}"


def stop(process) -> str:
    process.terminate()
    return process.communicate(timeout=60)[1]


def calls(url: str) -> None:
    with httpx.Client(base_url=url, headers=HEADERS, timeout=10) as client:
        client.post("/v3/product/list", json={"limit": 1})
        with pytest.raises(httpx.HTTPError):
            client.post("/v1/roles", json={}, headers={"X-Ozmock-Fault": "drop"})
        client.post("/v1/roles", json={}, headers={"X-Ozmock-Fault": "503"})


@pytest.mark.slow
def test_request_log_in_text():
    process, url = run_server({}, "--scenario", "empty")
    calls(url)
    log = stop(process)
    lines = log.splitlines()
    assert any(" INFO ozmock.requests: POST /v3/product/list 200 " in line and " stateful seller=836 trace=" in line
               for line in lines), log
    assert any("ozmock.requests: POST /v1/roles 503 " in line for line in lines), log
    assert any("WARNING ozmock: fault: connection dropped on POST /v1/roles" in line for line in lines), log
    assert any("WARNING ozmock: fault: POST /v1/roles answered 503" in line for line in lines), log
    assert "Traceback" not in log and "Exception in ASGI application" not in log
    assert f"ozmock serving 660 operations on {url}" in log and "scenario empty, clock frozen" in log


@pytest.mark.slow
def test_request_log_as_json_configured_by_environment():
    process, url = run_server({"OZMOCK_LOG_FORMAT": "json", "OZMOCK_SCENARIO": "empty"})
    calls(url)
    records = [json.loads(line) for line in stop(process).splitlines()]
    started = next(r for r in records if r.get("event") == "started")
    assert started["scenario"] == "empty" and started["url"] == url and started["clock"]["mode"] == "frozen"
    requests = [r for r in records if r["logger"] == "ozmock.requests"]
    assert [(r["method"], r["path"], r["status"], r["source"], r["seller"]) for r in requests] == [
        ("POST", "/v3/product/list", 200, "stateful", "836"), ("POST", "/v1/roles", None, "fault", "836"),
        ("POST", "/v1/roles", 503, "fault", "836")]
    assert all(len(r["trace_id"]) == 32 and r["ms"] >= 0 for r in requests)
    assert [r["effect"] for r in records if r.get("event") == "fault"] == ["drop", "503"]
    assert not any("exception" in r for r in records)


def test_a_state_folder_the_user_cannot_write_is_one_line(capsys, monkeypatch, tmp_path):
    """The README's `-v "$PWD/state:/data"` with a folder Docker made for root: say what to do."""
    monkeypatch.setattr("ozmock.server.os.access", lambda path, mode: False)
    assert main(["serve", "--port", "0"], {"OZMOCK_STATE_FILE": str(tmp_path / "world.json")}) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"ozmock: --state-file {tmp_path}/world.json: {tmp_path} is not "
                                                   f"writable by uid {os.getuid()}; give that user the folder")
    assert not (tmp_path / "world.json").exists()
    monkeypatch.undo()                           # a missing folder is made for the store (issue 12)
    missing = tmp_path / "no" / "world.json"
    assert state_file_of(argparse.Namespace(state_file=str(missing))) == missing and missing.parent.is_dir()
