"""docs/assumptions.md carries the decision table of the two tiers of request rules, generated from
the data (`ozmock/pipeline/tiers.py` over the catalogue, `tools/client_request_fields.json`)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_decision_table_in_the_doc_matches_the_data():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "contract_table.py"), "check"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_table_names_the_issue_cases_with_their_tier_and_client_evidence():
    doc = (ROOT / "docs" / "assumptions.md").read_text()
    table = doc.split("<!-- contract-table:start -->")[1].split("<!-- contract-table:end -->")[0]
    rows = {line.split(" | ")[0].strip("| `") + " " + line.split(" | ")[2]: line for line in table.splitlines()
            if line.startswith("| `")}
    assert "| warn |" in rows["POST /v1/warehouse/list `limit`"]
    assert "optional in ozon-sdk 0.2.0" in rows["POST /v1/warehouse/list `limit`"]
    assert "| item |" in rows["POST /v3/product/import `items[].description_category_id`, `items[].price`, "
                              "`items[].type_id`"]
