"""ozmock: a stateful, contract-accurate fake of the Ozon Seller API."""
from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["OzonMock", "OzonError", "__version__"]


def __getattr__(name: str):
    # Lazy, so `ozmock serve` does not pay for the test kit's imports (httpx, hypothesis) at start-up.
    if name == "OzonMock":
        from .mock import OzonMock
        return OzonMock
    if name == "OzonError":
        from .errors import OzonError
        return OzonError
    raise AttributeError(f"module 'ozmock' has no attribute {name!r}")
