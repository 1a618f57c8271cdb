"""`ozmock serve` (and `ozmock proxy`): the parsed options -> a world (scenario or saved state), the app,
logging, a banner, then uvicorn on a socket bound here (so a taken port is a one-line error, and `--port 0`
is reported as the port actually used).

An option that changes the world's settings is one line in `WORLD_SETTINGS`; one that changes how the
app runs is read in `run`.
"""
from __future__ import annotations

import argparse
import gc
import logging
import os
import socket
import sys
from pathlib import Path
from typing import Any, Callable

import uvicorn

from .app import CONTROL_PREFIX, OzonApp
from .control.access import control_token_for
from .logs import EVENTS, configure
from .proxy.cassettes import CassetteError, Replay
from .proxy.drift import report_from_cassettes
from .scenario import ScenarioError, build_world, load_scenario
from .store import SavedWorld, StoreError, open_saved_world
from .world import World

SERVE_CLOCK = "real"        # a sandbox's clock follows wall time, unless the scenario or --clock says otherwise
BANNER_SELLERS = 3          # the banner lists the credentials of this many sellers
# option dest -> (the world setting it overrides, the value it sets); an option left at its default
# (None / False) leaves the scenario's setting in place
WORLD_SETTINGS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "legacy": ("legacy", lambda value: value),
    "strict": ("strict", lambda value: True),
    "strict_requests": ("strict_requests", lambda value: True),
    "api_date": ("api_date", lambda value: value),
    "no_rate_limit": ("rate_limit_per_second", lambda value: None),
    "no_journal": ("journal_size", lambda value: 0),
    "push_allow": ("push_allow", lambda value: push_targets(value)),
}


def push_targets(value: str | list[str]) -> list[str]:
    """`--push-allow` repeated or comma-separated (the OZMOCK_PUSH_ALLOW variable is one string)."""
    values = [value] if isinstance(value, str) else value
    return [entry.strip() for item in values for entry in item.split(",") if entry.strip()]


class StartError(Exception):
    """The server cannot start; the message says why and what to do, in one line."""


def world_overrides(args: argparse.Namespace) -> dict[str, Any]:
    return {setting: convert(getattr(args, dest)) for dest, (setting, convert) in WORLD_SETTINGS.items()
            if getattr(args, dest, None) not in (None, False)}


def world_factory(args: argparse.Namespace) -> Callable[..., World]:
    """How a fresh world is built at start and on `POST /__ozmock/reset`. The clock: `--clock`, else the
    scenario's own `clock.mode`, else real time (tests default to frozen; a sandbox to live)."""
    overrides = world_overrides(args)

    def fresh(scenario: str | None = None, seed: int | None = None) -> World:
        scenario = scenario or args.scenario
        clock = args.clock or load_scenario(scenario).get("clock", {}).get("mode") or SERVE_CLOCK
        return build_world(scenario, seed=seed if seed is not None else args.seed, clock=str(clock), **overrides)

    return fresh


def state_file_of(args: argparse.Namespace) -> Path | None:
    """The state file, checked writable before anything starts (a container's volume often is not);
    a missing folder is created."""
    if not args.state_file:
        return None
    path = Path(args.state_file)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StartError(f"--state-file {path}: cannot create the folder {folder}: {error.strerror}") from None
    if path.is_dir():
        raise StartError(f"--state-file {path}: is a directory; name a file")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise StartError(f"--state-file {path}: {folder} is not writable by uid {os.getuid()}; "
                         f"give that user the folder (e.g. `chown {os.getuid()} {folder}` on the host, "
                         f"or `docker run --user $(id -u)`)")
    return path


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise StartError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    return sock


def banner(app: OzonApp, base_url: str, state_file: Path | None, token_generated: bool = False) -> tuple[str, dict[str, Any]]:
    """What a user needs to start calling: the URL, credentials, control API and dashboard, scenario and clock."""
    world = app.world
    sellers = [(seller.client_id, next(iter(seller.keys), "-")) for seller in list(world.sellers.values())]
    lines = [f"ozmock serving {len(app.catalog)} operations on {base_url}",
             f"  scenario {world.scenario}, clock {world.clock.mode} at {world.clock.to_json()['now']}"
             + (f", state in {state_file}" if state_file else "")]
    lines += [f"  Client-Id: {client_id}  Api-Key: {key}" for client_id, key in sellers[:BANNER_SELLERS]]
    if len(sellers) > BANNER_SELLERS:
        more = len(sellers) - BANNER_SELLERS
        lines.append(f"  ... and {more} more seller(s): GET {base_url}{CONTROL_PREFIX}/sellers")
    lines += [f"  control API  {base_url}{CONTROL_PREFIX}/  (health, reset, clock, faults, journal, sellers)",
              f"  dashboard    {base_url}{CONTROL_PREFIX}/ui"]
    if app.control_token:
        lines.append(f"  control token {app.control_token}  (send as Authorization: Bearer ...)" if token_generated
                     else "  the control API and dashboard require the given --control-token")
    fields = {"event": "started", "url": base_url, "scenario": world.scenario, "clock": world.clock.to_json(),
              "operations": len(app.catalog), "sellers": [{"client_id": c, "api_key": k} for c, k in sellers],
              "control": f"{base_url}{CONTROL_PREFIX}/", "dashboard": f"{base_url}{CONTROL_PREFIX}/ui"}
    return "\n".join(lines), fields


def start(args: argparse.Namespace) -> tuple[OzonApp, Path | None, bool]:
    """The app on its first world: the saved one when the state file has it, else the scenario's;
    and whether its control token was generated here (printed in the banner)."""
    fresh = world_factory(args)
    state_file = state_file_of(args)
    saved: SavedWorld | None = None
    try:
        world, saved = open_saved_world(state_file, fresh, args.state_sync) if state_file else (fresh(), None)
    except (ScenarioError, StoreError, ValueError) as error:
        raise StartError(str(error)) from None
    app = OzonApp(world, saved_state=saved)
    app.reset_hook = fresh
    if args.replay:
        try:
            app.pipeline.replay = Replay(Path(args.replay), app.catalog, args.replay_match)
            app.drift = report_from_cassettes(Path(args.replay), app.catalog)
        except CassetteError as error:
            raise StartError(f"--replay: {error}") from None
    app.control_token, generated = control_token_for(args.host, args.control_token)
    return app, state_file, generated


def run(args: argparse.Namespace) -> int:
    # Start-up allocates what lives as long as the server and frees little: no collections while it
    # builds (busy-shop's world: a third less CPU); `listen` freezes it all, then collects again.
    gc.disable()
    try:
        app, state_file, generated = start(args)
        sock = bind(args.host, args.port)
    except (StartError, OSError) as error:
        gc.enable()
        print(f"ozmock: {error}", file=sys.stderr)
        return 2
    text, fields = banner(app, base_url_of(sock), state_file, generated)
    if app.pipeline.replay is not None:
        text += (f"\n  replaying {len(app.pipeline.replay)} recorded call(s) from {args.replay} "
                 f"(match {args.replay_match}), then the world")
    return listen(app, sock, args, text, fields)


def run_proxy(args: argparse.Namespace) -> int:
    """`ozmock proxy`: the live API behind a validating, recording proxy (`ozmock/proxy/`)."""
    from .proxy.app import ProxyApp     # here, not at the top: its httpx costs every `ozmock serve` ~0.1 s
    try:
        app = ProxyApp(args.upstream, allow_writes=args.allow_writes, api_date=args.api_date,
                       record=Path(args.record) if args.record else None)
        sock = bind(args.host, args.port)
    except (CassetteError, OSError) as error:
        print(f"ozmock: {error}", file=sys.stderr)
        return 2
    app.control_token, generated = control_token_for(args.host, args.control_token)
    base_url = base_url_of(sock)
    lines = [f"ozmock proxy on {base_url} -> {app.upstream} (TLS verified; send your own Client-Id and Api-Key)",
             "  writes " + ("FORWARDED (--allow-writes)" if app.allow_writes
                            else "refused (start with --allow-writes)"),
             f"  drift report {base_url}{CONTROL_PREFIX}/drift  (?format=markdown to attach to an issue)"]
    if app.recorder is not None:
        lines.append(f"  recording cassettes into {args.record} (masked)")
    if app.control_token:
        lines.append(f"  control token {app.control_token}  (send as Authorization: Bearer ...)" if generated
                     else "  the control API requires the given --control-token")
    fields = {"event": "started", "url": base_url, "upstream": app.upstream, "allow_writes": app.allow_writes,
              "record": args.record, "drift": f"{base_url}{CONTROL_PREFIX}/drift"}
    return listen(app, sock, args, "\n".join(lines), fields)


def base_url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{'127.0.0.1' if host == '0.0.0.0' else shown}:{port}"


def listen(app, sock: socket.socket, args: argparse.Namespace, text: str, fields: dict[str, Any]) -> int:
    """Logging configured, the banner printed, then uvicorn on the bound socket until interrupted."""
    configure(args.log_level, args.log_format)
    EVENTS.info(text, extra=fields)
    # What start-up built (the catalogue, compiled schemas, the world) lives as long as the server: moved
    # out of the collector's generations, so a full collection under load walks only what calls made.
    gc.freeze()
    gc.enable()
    config = uvicorn.Config(app, log_level=args.log_level, access_log=False, lifespan="off", log_config=None)
    uvicorn.Server(config).run(sockets=[sock])
    logging.shutdown()
    return 0
