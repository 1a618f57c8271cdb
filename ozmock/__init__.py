"""ozmock: a stateful, contract-accurate fake of the Ozon Seller API."""
from __future__ import annotations

__version__ = "0.1.0"

from .errors import OzonError  # noqa: E402
from .mock import OzonMock  # noqa: E402

__all__ = ["OzonMock", "OzonError", "__version__"]
