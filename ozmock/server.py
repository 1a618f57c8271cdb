"""Running the fake as a server: scenario, clock and saved state wired to uvicorn."""
from __future__ import annotations

import argparse
import logging
import sys

import uvicorn

from .app import OzonApp
from .scenario import ScenarioError, build_world
from .state_file import StateFile, StateFileError

log = logging.getLogger("ozmock")


def serve(args: argparse.Namespace) -> int:
    overrides = {}
    if args.legacy:
        overrides["legacy"] = args.legacy
    if args.strict:
        overrides["strict"] = True
    if getattr(args, "api_date", None):
        overrides["api_date"] = args.api_date
    if args.no_rate_limit:
        overrides["rate_limit_per_second"] = None

    def fresh(scenario: str | None = None, seed: int | None = None):
        return build_world(scenario or args.scenario, seed=seed if seed is not None else args.seed,
                           clock=args.clock, **overrides)

    try:
        state_file = StateFile(args.state_file) if args.state_file else None
        world = state_file.load() if state_file else None
        if world is None:
            world = fresh()
    except (ScenarioError, StateFileError, ValueError) as error:
        print(f"ozmock: {error}", file=sys.stderr)
        return 2
    app = OzonApp(world, on_write=state_file.save if state_file else None)
    app.reset_hook = fresh
    if state_file:
        state_file.save(world)
    logging.basicConfig(level=args.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    log.info("%d operations, scenario %s, clock %s", len(app.catalog), world.scenario, world.clock.mode)
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, access_log=False,
                lifespan="off")
    return 0
