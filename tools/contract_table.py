"""The two tiers of request rules as a table in docs/assumptions.md, generated from the data.

    python tools/contract_table.py write     # regenerate the table in docs/assumptions.md
    python tools/contract_table.py check     # exit 1 when the doc is out of date (tests run this)

The rules and their tiers come from `ozmock/pipeline/tiers.py` over every operation of the catalogue;
the published clients' evidence (which top-level request fields each client's request model makes
optional) is `tools/client_request_fields.json`, written by `tools/client_fields.py`.
"""
from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ozmock.catalog import load_catalog  # noqa: E402
from ozmock.pipeline.tiers import rules_of  # noqa: E402

DOC = ROOT / "docs" / "assumptions.md"
EVIDENCE = ROOT / "tools" / "client_request_fields.json"
START, END = "<!-- contract-table:start -->", "<!-- contract-table:end -->"
OZON_SDK, OZONAPI = "ozon-sdk 0.2.0", "ozonapi-async 0.89.0"


def _client_note(evidence: dict, operation, location: str) -> str:
    """What the published clients' request models say about a top-level field."""
    if "." in location or "[]" in location:
        return ""
    models = {OZON_SDK: evidence[OZON_SDK].get(f"{operation.method} {operation.path}"),
              OZONAPI: evidence[OZONAPI].get(operation.operation_id)}
    optional = [client for client, fields in models.items() if fields and fields.get(location) is False]
    required = [client for client, fields in models.items() if fields and fields.get(location) is True]
    parts = [f"optional in {', '.join(optional)}"] if optional else []
    parts += [f"required in {', '.join(required)}"] if required else []
    return "; ".join(parts) or "no published client models it"


def render() -> str:
    """The generated table: per operation and decision, the fields it covers and why."""
    evidence = json.loads(EVIDENCE.read_text())
    rows: dict[tuple, list[str]] = defaultdict(list)
    tiers: dict[str, int] = defaultdict(int)
    for operation in load_catalog():
        for rule in rules_of(operation.key, operation.request_schema):
            note = _client_note(evidence, operation, rule.location) if rule.keyword == "required" else ""
            why = f"{rule.evidence}; clients: {note}" if note else rule.evidence
            rows[(operation.path, operation.method, rule.tier, rule.text, why)].append(rule.field)
            tiers[rule.tier] += 1
    lines = [START, "", "Rules decided: " + ", ".join(f"{n} {tier}" for tier, n in sorted(tiers.items())) + ".", "",
             "| operation | rule | fields | tier | evidence |", "|---|---|---|---|---|"]
    for (path, method, tier, text, why), fields in sorted(rows.items()):
        lines.append(f"| `{method} {path}` | {text} | {', '.join(f'`{f}`' for f in fields)} | {tier} | {why} |")
    return "\n".join(lines + ["", END])


def _replaced(doc: str) -> str:
    before, rest = doc.split(START, 1)
    return before + render() + rest.split(END, 1)[1]


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    doc = DOC.read_text()
    if command == "write":
        DOC.write_text(_replaced(doc))
        return 0
    if _replaced(doc) != doc:
        print("docs/assumptions.md: the contract table is out of date; run python tools/contract_table.py write")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
