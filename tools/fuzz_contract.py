"""Schemathesis against a live ozmock: no 5xx, no response outside its schema, no undocumented content type.

    .venv/bin/python tools/fuzz_contract.py                 # every operation (by hand, minutes)
    .venv/bin/python tools/fuzz_contract.py --max-time 300  # a bounded run: phases repeat until the time is spent
    .venv/bin/python tools/fuzz_contract.py --share 10 --part 3 --examples 3   # one tenth (CI)

The server runs in strict mode, so a response that breaks its schema also shows as a 500. The stateful
phase chains operations through the links Schemathesis infers from `/openapi.json`. Options this script
does not know go to `schemathesis run` as they are. The run's reports (JSON and NDJSON) go to
`--report-dir`; the closing summary is read from them: duration, operations, calls, statuses, and the
failures of each check (5xx, schema violations, undocumented content types).
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))        # this worktree's ozmock, not one installed in the environment

from ozmock import OzonMock  # noqa: E402
from ozmock.catalog import load_catalog  # noqa: E402

BIN = Path(sys.executable).parent
CHECKS = "not_a_server_error,response_schema_conformance,content_type_conformance"
PHASES = "examples,fuzzing,stateful"


def path_regex(share: int, part: int) -> str:
    """A regex selecting every `share`-th served path, starting at `part`."""
    paths = sorted({re.sub(r":(\w+)", r"{\1}", op.path) for op in load_catalog()})
    chosen = paths[part % share::share]
    return "^(" + "|".join(re.escape(path) for path in chosen) + ")$"


def run(share: int = 1, part: int = 0, examples: int = 5, seed: int = 836, phases: str = PHASES,
        max_time: int = 0, extra: list[str] | None = None, report_dir: Path | None = None) -> int:
    report_dir = report_dir or Path(tempfile.mkdtemp(prefix="fuzz-contract-"))
    with OzonMock(strict=True, rate_limit_per_second=None) as ozon:
        base = ozon.serve()
        command = [
            str(BIN / "schemathesis"), "run", f"{base}/openapi.json", "--url", base,
            "--checks", CHECKS, "--mode", "positive", "--phases", phases, "--max-examples", str(examples),
            "--seed", str(seed), "--generation-database", "none", "--no-color", "--workers", "1",
            "--suppress-health-check", "all", "--request-timeout", "10",
            "--report", "json,ndjson", "--report-dir", str(report_dir),
            "-H", f"Client-Id: {ozon.client_id}", "-H", f"Api-Key: {ozon.api_key}",
        ]
        if max_time:
            command += ["--max-time", str(max_time)]
        if share > 1:
            command += ["--include-path-regex", path_regex(share, part)]
        code = subprocess.run(command + (extra or [])).returncode
    print(summary(report_dir))
    return code


def summary(report_dir: Path) -> str:
    """The run in figures, from its reports: every call Schemathesis made and every check's failures."""
    report = json.loads(max(report_dir.glob("json-*.json")).read_text())
    calls: Counter[str] = Counter()
    statuses: Counter[int] = Counter()
    failed: Counter[str] = Counter()
    for line in max(report_dir.glob("ndjson-*.ndjson")).open():
        recorder = json.loads(line).get("ScenarioFinished", {}).get("recorder", {})
        for case_id, interaction in (recorder.get("interactions") or {}).items():
            phase = recorder["cases"][case_id]["value"]["meta"]["phase"]["name"]
            calls[phase] += 1
            statuses[(interaction.get("response") or {}).get("status_code", 0)] += 1
        for checks in (recorder.get("checks") or {}).values():
            failed.update(check["name"] for check in checks if check["status"] == "failure")
    operations = report["operations"]
    return "\n".join([
        f"duration {report['running_time']:.0f} s ({report['stop_reason']}); operations tested "
        f"{operations['tested']} of {operations['selected']} selected; test cases {report['test_cases']['generated']}",
        "phases " + ", ".join(f"{name} {phase['status']}" for name, phase in report["phases"].items()),
        f"calls {sum(calls.values())} ({', '.join(f'{phase} {n}' for phase, n in calls.items())})",
        "statuses " + ", ".join(f"{status}: {n}" for status, n in sorted(statuses.items())),
        f"5xx {sum(n for status, n in statuses.items() if status >= 500)}; failures: "
        + ", ".join(f"{name} {failed[name]}" for name in CHECKS.split(",")),
        f"reports in {report_dir}",
    ])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--share", type=int, default=1, help="test one path in SHARE")
    parser.add_argument("--part", type=int, default=0, help="which slice when --share > 1")
    parser.add_argument("--examples", type=int, default=5)
    parser.add_argument("--seed", type=int, default=836)
    parser.add_argument("--phases", default=PHASES, help=f"Schemathesis phases (default {PHASES})")
    parser.add_argument("--max-time", type=int, default=0, help="time budget in seconds (phases repeat until spent)")
    parser.add_argument("--report-dir", type=Path, help="where the reports go (a new temporary folder by default)")
    args, extra = parser.parse_known_args()
    return run(args.share, args.part, args.examples, args.seed, args.phases, args.max_time, extra, args.report_dir)


if __name__ == "__main__":
    sys.exit(main())
