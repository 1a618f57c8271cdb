"""Run every (client, operation) pair once and print the verdicts: what `known_failures.yaml` is
rebuilt from after a merge (`python -m tests.compat.survey [--json FILE] [--update]`)."""
from __future__ import annotations

import argparse
import json
import sys
import time

import yaml

from tests.compat.clients import OZONAPI, SDK, operations
from tests.compat.harness import Harness
from tests.compat.known import FILE


def survey() -> dict[str, dict[str, str | None]]:
    harness = Harness()
    try:
        return {client: {op.name: harness.outcome(op) for op in operations(client)} for client in (SDK, OZONAPI)}
    finally:
        harness.close()


def rewrite_known_failures(verdicts: dict[str, dict[str, str | None]]) -> dict[str, int]:
    """Make `known_failures.yaml` say what the survey saw: passing pairs leave it, failing pairs get
    today's evidence and keep their category (a new failure is filed as `ozmock`, to be looked at)."""
    text = FILE.read_text()
    header = "".join(line for line in text.splitlines(True) if line.startswith("#"))
    old = yaml.safe_load(text) or {}
    out: dict = {}
    counts = {"kept": 0, "removed": 0, "added": 0}
    for client in (SDK, OZONAPI):
        calls = {op.name: f"{op.method} {op.path}" for op in operations(client)}
        listed = old.get(client) or {}
        out[client] = {}
        for name, why in sorted(verdicts[client].items()):
            if not why:
                counts["removed"] += name in listed
                continue
            counts["kept" if name in listed else "added"] += 1
            category = (listed.get(name) or {}).get("category", "ozmock")
            out[client][name] = {"call": calls[name], "category": category, "evidence": why}
    if old.get("flows"):
        out["flows"] = old["flows"]
    FILE.write_text(header + yaml.safe_dump(out, allow_unicode=True, sort_keys=True, width=120))
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", help="write the verdicts to this file")
    parser.add_argument("--update", action="store_true", help="rewrite known_failures.yaml from the verdicts")
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
    if options.update:
        print(rewrite_known_failures(verdicts), file=sys.stderr)


if __name__ == "__main__":
    main()
