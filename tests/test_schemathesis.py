"""Schemathesis over a rotating tenth of the served operations (the full run is tools/fuzz_contract.py)."""
import datetime
import importlib.util
from pathlib import Path

import pytest

TOOL = Path(__file__).resolve().parents[1] / "tools" / "fuzz_contract.py"


@pytest.mark.slow
def test_schemathesis_finds_no_server_errors_and_no_schema_violations():
    pytest.importorskip("schemathesis")
    spec = importlib.util.spec_from_file_location("fuzz_contract", TOOL)
    fuzz = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fuzz)
    part = datetime.date.today().toordinal() % 10
    assert fuzz.run(share=10, part=part, examples=2, phases="examples,fuzzing") == 0, f"schemathesis failed on slice {part} of 10"
