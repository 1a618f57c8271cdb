"""`ozmock serve`, `ozmock operations`, `ozmock scenarios`."""
from __future__ import annotations

import argparse
import sys

from . import __version__


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ozmock", description="A stateful fake of the Ozon Seller API.")
    parser.add_argument("--version", action="version", version=f"ozmock {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the fake over HTTP")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--scenario", default="default", help="scenario name (scenarios/) or path to a YAML file")
    serve.add_argument("--state-file", help="keep the world in this file across restarts")
    serve.add_argument("--clock", default="real", help="real | frozen | a speed factor such as 60")
    serve.add_argument("--seed", type=int, default=None)
    serve.add_argument("--legacy", choices=("serve", "reject"), default=None,
                       help="answer removed operations (serve) or refuse them like the live API (reject)")
    serve.add_argument("--strict", action="store_true", help="validate every response against its schema")
    serve.add_argument("--no-rate-limit", action="store_true", help="turn the per-second rate limit off")
    serve.add_argument("--log-level", default="info")

    commands.add_parser("operations", help="list the served operations")
    commands.add_parser("scenarios", help="list the bundled scenarios")

    args = parser.parse_args(argv)
    if args.command == "serve":
        from .server import serve as run
        return run(args)
    if args.command == "operations":
        from .catalog import load_catalog
        from .registry import HANDLERS
        from . import domain  # noqa: F401
        for op in load_catalog():
            fidelity = "stateful" if op.key in HANDLERS else "generated"
            print(f"{op.method}\t{op.path}\t{fidelity}\t{op.lifecycle}")
        return 0
    if args.command == "scenarios":
        from .catalog import data_dir
        for path in sorted(data_dir("scenarios").glob("*.yaml")):
            print(path.stem)
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
