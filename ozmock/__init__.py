"""ozmock: a stateful, contract-accurate fake of the Ozon Seller API."""
from __future__ import annotations

from .errors import OzonError

__version__ = "0.1.0"
__all__ = ["OzonMock", "OzonError", "__version__"]


def __getattr__(name: str):
    # `OzonMock` is imported on first use, not here: every `import ozmock.<module>` runs this file
    # first, so an eager import would load the whole fake (catalogue, every domain area, httpx) to
    # read `ozmock.clock`, and would put every module of the package in an import circle with it.
    if name == "OzonMock":
        from .mock import OzonMock
        return OzonMock
    raise AttributeError(f"module 'ozmock' has no attribute {name!r}")
