"""tools/hostile_report.py, the closing table of issue 14, keeps telling the truth: every request of the
issue's "Why" is answered rightly today (each row decides that from the answer it got)."""
import importlib.util
import sys

import pytest

from ..support import ROOT


@pytest.mark.slow
def test_every_row_of_the_hostile_report_is_answered_rightly():
    spec = importlib.util.spec_from_file_location("hostile_report", ROOT / "tools" / "hostile_report.py")
    report = sys.modules["hostile_report"] = importlib.util.module_from_spec(spec)   # for its dataclass
    spec.loader.exec_module(report)
    rows = report.every_row()
    assert len(rows) >= 30
    assert [f"{row.request}: {row.answer}" for row in rows if not row.right] == []
