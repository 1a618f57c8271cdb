"""Run every (client, operation) pair once and print the verdicts: what `known_failures.yaml` is
rebuilt from after a merge (`python -m tests.compat.survey [--json FILE]`)."""
from __future__ import annotations

import argparse
import json
import sys
import time

from tests.compat.clients import OZONAPI, SDK, operations
from tests.compat.harness import Harness


def survey() -> dict[str, dict[str, str | None]]:
    harness = Harness()
    try:
        return {client: {op.name: harness.outcome(op) for op in operations(client)} for client in (SDK, OZONAPI)}
    finally:
        harness.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", help="write the verdicts to this file")
    options = parser.parse_args()
    started = time.monotonic()
    verdicts = survey()
    for client, pairs in verdicts.items():
        failing = {name: why for name, why in pairs.items() if why}
        for name, why in sorted(failing.items()):
            print(f"FAIL {client} {name}: {why}")
        print(f"{client}: {len(pairs) - len(failing)}/{len(pairs)} pairs pass")
    print(f"{time.monotonic() - started:.1f} s", file=sys.stderr)
    if options.json:
        with open(options.json, "w") as handle:
            json.dump(verdicts, handle, ensure_ascii=False, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
