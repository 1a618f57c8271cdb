"""`OzonMock`: the Python face of the fake — a world, its ASGI app, and ways to reach it.

    with OzonMock() as ozon:
        client = httpx.Client(transport=ozon.transport, base_url=ozon.base_url, headers=ozon.headers)
        client.post("/v3/product/list", json={})
"""
from __future__ import annotations

import functools
import inspect
import socket
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from .app import OzonApp
from .testing.transport import AsyncOzonTransport, SyncOzonTransport
from .scenario import DEFAULT_SCENARIO, build_world
from .world import DEFAULT_API_KEY, DEFAULT_CLIENT_ID, World


class OzonMock:
    """A fresh fake Ozon Seller API, in-process; `serve()` puts it on a real port too."""

    def __init__(self, scenario: str | Path = DEFAULT_SCENARIO, *, seed: int | None = None,
                 clock: str | None = None, strict: bool = False, **settings: Any):
        self.scenario = scenario
        self.seed = seed
        self.clock_mode = clock
        self.settings = dict(settings, strict=strict) if strict else dict(settings)
        self.app = OzonApp(self._build())
        self.app.reset_hook = self._rebuild
        self._server = None
        self._thread: threading.Thread | None = None
        self._base_url = "http://ozon.mock"

    def _build(self, scenario: str | Path | None = None, seed: int | None = None) -> World:
        return build_world(scenario or self.scenario, seed=seed if seed is not None else self.seed,
                           clock=self.clock_mode, **self.settings)

    def _rebuild(self, scenario: str | None = None, seed: int | None = None) -> World:
        if scenario is not None:
            self.scenario = scenario
        return self._build(scenario, seed)

    # --- the world ---------------------------------------------------------------------------
    @property
    def world(self) -> World:
        return self.app.world

    @property
    def clock(self):
        return self.world.clock

    @property
    def faults(self):
        return self.world.faults

    @property
    def journal(self):
        return self.world.journal

    @property
    def sellers(self):
        return self.world.sellers

    @property
    def client_id(self) -> str:
        return str(next(iter(self.world.sellers), DEFAULT_CLIENT_ID))

    @property
    def api_key(self) -> str:
        seller = self.world.sellers.get(int(self.client_id))
        return next(iter(seller.keys), DEFAULT_API_KEY) if seller else DEFAULT_API_KEY

    @property
    def headers(self) -> dict[str, str]:
        return {"Client-Id": self.client_id, "Api-Key": self.api_key}

    def reset(self, scenario: str | Path | None = None) -> None:
        self.app.world = self._rebuild(scenario)

    def snapshot(self) -> bytes:
        return self.world.snapshot()

    def restore(self, snapshot: bytes) -> None:
        self.app.world = World.restore(snapshot)

    # --- reaching it ---------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return self._base_url

    @property
    def transport(self) -> httpx.BaseTransport:
        """An in-process httpx transport (no socket) for `httpx.Client`."""
        return SyncOzonTransport(self.app)

    @property
    def async_transport(self) -> httpx.AsyncBaseTransport:
        return AsyncOzonTransport(self.app)

    def client(self, **options: Any) -> httpx.Client:
        return httpx.Client(transport=self.transport, base_url=self.base_url, headers=self.headers, **options)

    def async_client(self, **options: Any) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=self.async_transport, base_url=self.base_url,
                                 headers=self.headers, **options)

    def serve(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Start uvicorn on a free port in a background thread; returns the base URL."""
        if self._server is not None:
            return self._base_url
        import uvicorn
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        config = uvicorn.Config(self.app, log_level="warning", lifespan="off", access_log=False)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]}, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("ozmock server did not start")
            time.sleep(0.005)
        self._base_url = f"http://{host}:{sock.getsockname()[1]}"
        return self._base_url

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
            self._thread.join(timeout=5)
            self._server = self._thread = None
            self._base_url = "http://ozon.mock"

    # --- context manager and decorator ------------------------------------------------------
    def __enter__(self) -> "OzonMock":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.stop()

    def __call__(self, function):
        """Use as a decorator: the test gets a fresh `ozon` keyword argument per call."""

        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any):
            self.reset()
            with self:
                return function(*args, ozon=self, **kwargs)

        signature = inspect.signature(function)
        wrapper.__signature__ = signature.replace(
            parameters=[p for name, p in signature.parameters.items() if name != "ozon"])
        return wrapper
