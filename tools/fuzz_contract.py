"""Schemathesis against a live ozmock: no 5xx, no response outside its schema.

    .venv/bin/python tools/fuzz_contract.py                 # every operation (by hand, minutes)
    .venv/bin/python tools/fuzz_contract.py --share 10 --part 3 --examples 3   # one tenth (CI)

The server runs in strict mode, so a response that breaks its schema also shows as a 500.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

from ozmock import OzonMock
from ozmock.catalog import load_catalog

BIN = Path(sys.executable).parent


def path_regex(share: int, part: int) -> str:
    """A regex selecting every `share`-th served path, starting at `part`."""
    paths = sorted({re.sub(r":(\w+)", r"{\1}", op.path) for op in load_catalog()})
    chosen = paths[part % share::share]
    return "^(" + "|".join(re.escape(path) for path in chosen) + ")$"


def run(share: int = 1, part: int = 0, examples: int = 5, seed: int = 836, extra: list[str] | None = None) -> int:
    with OzonMock(strict=True, rate_limit_per_second=None) as ozon:
        base = ozon.serve()
        command = [
            str(BIN / "schemathesis"), "run", f"{base}/openapi.json", "--url", base,
            "--checks", "not_a_server_error,response_schema_conformance",
            "--mode", "positive", "--phases", "examples,fuzzing", "--max-examples", str(examples),
            "--seed", str(seed), "--generation-database", "none", "--no-color", "--workers", "1",
            "--suppress-health-check", "all", "--request-timeout", "10",
            "-H", f"Client-Id: {ozon.client_id}", "-H", f"Api-Key: {ozon.api_key}",
        ]
        if share > 1:
            command += ["--include-path-regex", path_regex(share, part)]
        return subprocess.run(command + (extra or [])).returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--share", type=int, default=1, help="test one path in SHARE")
    parser.add_argument("--part", type=int, default=0, help="which slice when --share > 1")
    parser.add_argument("--examples", type=int, default=5)
    parser.add_argument("--seed", type=int, default=836)
    args, extra = parser.parse_known_args()
    return run(args.share, args.part, args.examples, args.seed, extra)


if __name__ == "__main__":
    sys.exit(main())
