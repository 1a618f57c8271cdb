"""`ozmock serve`, `ozmock operations`, `ozmock scenarios`."""
from __future__ import annotations

import argparse
import sys

from . import (
    __version__,
    domain,  # noqa: F401  (registers the stateful handlers `operations` reports)
)
from . import schemas_diff
from .catalog import data_dir, load_catalog
from .contract import operations_on
from .lifecycle import api_date_of
from .server import serve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ozmock", description="A stateful fake of the Ozon Seller API.")
    parser.add_argument("--version", action="version", version=f"ozmock {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    server = commands.add_parser("serve", help="run the fake over HTTP")
    server.add_argument("--host", default="127.0.0.1")
    server.add_argument("--port", type=int, default=8080)
    server.add_argument("--scenario", default="default", help="scenario name (scenarios/) or path to a YAML file")
    server.add_argument("--state-file", help="keep the world in this file across restarts")
    server.add_argument("--clock", default="real", help="real | frozen | a speed factor such as 60")
    server.add_argument("--seed", type=int, default=None)
    server.add_argument("--legacy", choices=("serve", "reject"), default=None,
                        help="answer removed operations (serve) or refuse them like the live API (reject)")
    server.add_argument("--strict", action="store_true", help="validate every response against its schema")
    server.add_argument("--no-rate-limit", action="store_true", help="turn the per-second rate limit off")
    server.add_argument("--log-level", default="info")
    server.add_argument("--api-date", help="serve Ozon's contract as of this day (YYYY-MM-DD; default today)")

    listing = commands.add_parser("operations", help="list the served operations")
    listing.add_argument("--api-date", help="the contract as of this day (YYYY-MM-DD; default today)")
    commands.add_parser("scenarios", help="list the bundled scenarios")
    schemas = commands.add_parser("schemas", help="compare a spec file with the served contract")
    drift = schemas.add_subparsers(dest="schemas_command", required=True).add_parser(
        "diff", help="operations added and removed, fields, required, enums and types changed")
    drift.add_argument("spec", help="the newer OpenAPI file (e.g. Ozon's next release)")
    drift.add_argument("--base", help="compare with this older spec file instead of the served contract")

    args = parser.parse_args(argv)
    if args.command == "serve":
        return serve(args)
    if args.command == "operations":
        try:
            day = api_date_of(args.api_date)
        except ValueError as error:
            parser.error(str(error))
        for op in operations_on(load_catalog(), day):
            print(f"{op['method']}\t{op['path']}\t{op['fidelity']}\t{op['lifecycle']}")
        return 0
    if args.command == "schemas":
        print("\n".join(schemas_diff.run(args.spec, args.base, load_catalog(), api_date_of(None))))
        return 0
    if args.command == "scenarios":
        for path in sorted(data_dir("scenarios").glob("*.yaml")):
            print(path.stem)
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
