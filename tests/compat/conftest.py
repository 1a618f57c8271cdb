from __future__ import annotations

import pytest

from tests.compat.harness import Harness


@pytest.fixture(scope="session")
def harness():
    """One staged world and both clients, per worker: every call restores the world's snapshot."""
    staged = Harness()
    yield staged
    staged.close()
