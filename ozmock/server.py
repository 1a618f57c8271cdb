"""Running the fake as a server: scenario, clock and saved state wired to uvicorn."""
from __future__ import annotations

import argparse
import logging
import os
import sys

import uvicorn

from .app import OzonApp
from .control.access import control_token_for
from .scenario import ScenarioError, build_world
from .store import StoreError, open_saved_world

log = logging.getLogger("ozmock")


def serve(args: argparse.Namespace) -> int:
    overrides = {}
    if args.legacy:
        overrides["legacy"] = args.legacy
    if args.strict:
        overrides["strict"] = True
    if args.no_rate_limit:
        overrides["rate_limit_per_second"] = None
    if getattr(args, "push_allow", None):
        overrides["push_allow"] = [entry.strip() for value in args.push_allow for entry in value.split(",")
                                   if entry.strip()]

    def fresh(scenario: str | None = None, seed: int | None = None):
        return build_world(scenario or args.scenario, seed=seed if seed is not None else args.seed,
                           clock=args.clock, **overrides)

    try:
        world, saved = open_saved_world(args.state_file, fresh, args.state_sync) if args.state_file else (fresh(), None)
    except (ScenarioError, StoreError, ValueError) as error:
        print(f"ozmock: {error}", file=sys.stderr)
        return 2
    app = OzonApp(world, saved_state=saved)
    app.reset_hook = fresh
    app.control_token, generated = control_token_for(
        args.host, getattr(args, "control_token", None) or os.environ.get("OZMOCK_CONTROL_TOKEN"))
    logging.basicConfig(level=args.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    log.info("%d operations, scenario %s, clock %s", len(app.catalog), world.scenario, world.clock.mode)
    if generated:
        print(f"ozmock: control API token (send as Authorization: Bearer ...): {app.control_token}", flush=True)
    elif app.control_token:
        log.info("the control API requires the given token")
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, access_log=False,
                lifespan="off")
    return 0
