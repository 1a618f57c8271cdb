"""Every operation each published client exposes, called with a minimal and a typical request built
from the client's own request model; the client's own model must parse ozmock's answer.

A pair listed in known_failures.yaml must still fail (like a strict xfail): when another fix makes it
pass, this test fails until the entry is removed, so the file and the pass rate stay true."""
from __future__ import annotations

import pytest

from tests.compat.clients import OZONAPI, SDK, operations
from tests.compat.known import FILE, known_failures

KNOWN = known_failures()
PAIRS = [op for client in (SDK, OZONAPI) for op in operations(client)]


@pytest.mark.parametrize("op", PAIRS, ids=[f"{op.client}:{op.name}" for op in PAIRS])
def test_operation(harness, op):
    failure = harness.outcome(op)
    listed = KNOWN.get((op.client, op.name))
    if listed is None:
        assert failure is None, f"{op.client} {op.name} ({op.method} {op.path}) fails: {failure}"
    else:
        assert failure is not None, (f"{op.client} {op.name} now passes: remove its entry "
                                     f"({listed.category}) from {FILE.name}")
