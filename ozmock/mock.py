"""`OzonMock`: the Python face of the fake — a world, its ASGI app, and ways to reach it.

    with OzonMock() as ozon, ozon.client() as client:          # in-process, no socket
        client.post("/v3/product/list", json={})
        ozon.faults.add("/v2/products/stocks", status=429, nth=3)
        ozon.clock.advance(60)
        ozon.journal.assert_called("/v3/product/list", times=1)

    url = ozon.serve()          # the same world on a real port, for requests / aiohttp clients

A mock is also a decorator (`@OzonMock("empty")` gives the test a fresh `ozon` argument).
The pytest plugin (`ozmock.testing.plugin`) builds its fixtures on this class.
"""
from __future__ import annotations

import functools
import inspect
import socket
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Iterable

import httpx
import orjson

from .app import OzonApp
from .credentials import Credentials, add_key, add_seller, credentials_of
from .pipeline.faults import Fault
from .proxy.cassettes import Replay
from .scenario import DEFAULT_SCENARIO, build_world
from .testing.snapshots import FrozenWorld
from .testing.transport import AsyncOzonTransport, SyncOzonTransport
from .world import ALL_ROLES, DEFAULT_API_KEY, DEFAULT_CLIENT_ID, Seller, World

IN_PROCESS_URL = "http://ozon.mock"


class OzonMock:
    """A fresh fake Ozon Seller API, in-process; `serve()` puts it on a real port too.

    `scenario` is a name from `scenarios/` or a path to a YAML file; `seed`, `clock`
    ("real", "frozen" or a speed such as "60") and the keyword settings
    (`strict`, `rate_limit_per_second`, `legacy`, `journal_size`, ...) override it. `replay` names a
    folder of cassettes (`ozmock proxy --record`) answered first, matched by `replay_match`.
    """

    def __init__(self, scenario: str | Path = DEFAULT_SCENARIO, *, seed: int | None = None,
                 clock: str | None = None, strict: bool = False, replay: str | Path | None = None,
                 replay_match: str = "body", **settings: Any):
        self.scenario = scenario
        self.seed = seed
        self.clock_mode = clock
        self.settings = dict(settings, strict=strict) if strict else dict(settings)
        self.app = OzonApp(self._build())
        self.app.reset_hook = self._rebuild
        if replay is not None:
            self.app.pipeline.replay = Replay(Path(replay), self.app.catalog, replay_match)
        self._server = None
        self._thread: threading.Thread | None = None
        self._base_url = IN_PROCESS_URL

    def _build(self, scenario: str | Path | None = None, seed: int | None = None) -> World:
        return pristine(scenario or self.scenario, seed=seed if seed is not None else self.seed,
                        clock=self.clock_mode, **self.settings).thaw()

    def _rebuild(self, scenario: str | None = None, seed: int | None = None) -> World:
        world = self._build(scenario, seed)
        if scenario is not None:            # only once it built: a bad name leaves the mock as it was
            self.scenario = scenario
        return world

    def __repr__(self) -> str:
        return f"<OzonMock scenario={self.world.scenario!r} url={self.base_url!r} sellers={list(self.sellers)}>"

    # --- the world ---------------------------------------------------------------------------
    @property
    def world(self) -> World:
        return self.app.world

    @property
    def clock(self):
        """The world clock: `now()`, `advance(seconds)`, `set_mode("frozen" | "real" | 60)`, `set_time(dt)`."""
        return self.world.clock

    @property
    def faults(self):
        """The fault book: `add("/v2/products/stocks", status=429, nth=3)`, `remove(id)`, `clear()`."""
        return self.world.faults

    @property
    def journal(self):
        """Every call and its answer: `calls(op)`, `last(op)`, `assert_called(op, times=1)`, ..."""
        return self.world.journal

    @property
    def warnings(self) -> list[str]:
        """The contract warnings raised so far, one per call and warning, oldest first
        (`x-ozmock-warning`; strict-requests mode refuses these calls instead)."""
        return [text for entry in self.world.journal.warnings() for text in entry.warnings]

    @property
    def sellers(self) -> dict[int, Seller]:
        return self.world.sellers

    def seller(self, client_id: int | str | None = None) -> Seller:
        """A seller of the world (the scenario's first one by default)."""
        wanted = int(client_id) if client_id is not None else next(iter(self.world.sellers), None)
        seller = self.world.sellers.get(wanted) if wanted is not None else None
        if seller is None:
            raise KeyError(f"no seller with Client-Id {client_id}; sellers: {sorted(self.world.sellers)}")
        return seller

    @property
    def client_id(self) -> str:
        """The first seller's Client-Id, as the header carries it."""
        return str(next(iter(self.world.sellers), DEFAULT_CLIENT_ID))

    @property
    def api_key(self) -> str:
        seller = self.world.sellers.get(int(self.client_id))
        return next(iter(seller.keys), DEFAULT_API_KEY) if seller else DEFAULT_API_KEY

    @property
    def headers(self) -> dict[str, str]:
        return {"Client-Id": self.client_id, "Api-Key": self.api_key}

    @property
    def credentials(self) -> Credentials:
        """The first seller's first key."""
        return self.credentials_for()

    def credentials_for(self, client_id: int | str | None = None, api_key: str | None = None) -> Credentials:
        seller = self.seller(client_id)
        key = seller.keys.get(api_key) if api_key else next(iter(seller.keys.values()), None)
        if key is None:
            raise KeyError(f"seller {seller.client_id} has no key {api_key!r}")
        return credentials_of(seller, key)

    # --- sellers and keys at run time ----------------------------------------------------------
    def add_seller(self, client_id: int | None = None, *, name: str | None = None, currency: str = "RUB",
                   api_key: str | None = None, roles: Iterable[str] = ALL_ROLES,
                   expires_at: datetime | timedelta | str | None = None, **sections: Any) -> Credentials:
        """A new seller with one key; `sections` fill its data like a scenario entry
        (e.g. `products={"count": 20}` once the products area is loaded). Returns its credentials."""
        with self.world.lock:
            return add_seller(self.world, client_id, name=name, currency=currency, api_key=api_key, roles=roles,
                              expires_at=expires_at, **sections)

    def add_key(self, client_id: int | str | None = None, api_key: str | None = None, *,
                roles: Iterable[str] = ALL_ROLES, expires_at: datetime | timedelta | str | None = None,
                name: str = "default") -> Credentials:
        """Another key for a seller (the first seller by default), with roles and an expiry."""
        seller = self.seller(client_id)
        with self.world.lock:
            key = add_key(self.world, seller, api_key, roles=roles, expires_at=expires_at, name=name)
        return credentials_of(seller, key)

    def revoke_key(self, api_key: str, client_id: int | str | None = None) -> None:
        """Revoke a key: from now on it answers like a wrong key (404 / 5)."""
        sellers = [self.seller(client_id)] if client_id is not None else list(self.world.sellers.values())
        with self.world.lock:
            for seller in sellers:
                if api_key in seller.keys:
                    seller.keys[api_key].revoked = True
                    return
        raise KeyError(f"no key {api_key!r}")

    # --- shortcuts -----------------------------------------------------------------------------
    def fault(self, operation: str | None = None, /, **options: Any) -> Fault:
        """`ozon.fault("/v2/products/stocks", status=429, nth=3)`: same as `faults.add(...)`."""
        return self.faults.add(operation, **options)

    def advance(self, seconds: float = 0, *, minutes: float = 0, hours: float = 0, days: float = 0) -> datetime:
        """Move the world clock forward; returns the new time."""
        with self.world.lock:
            return self.clock.advance(seconds + 60 * minutes + 3600 * hours + 86400 * days)

    def reset(self, scenario: str | Path | None = None) -> None:
        """A fresh world from the scenario (this mock's, or `scenario`), as if just created."""
        self.app.world = self._rebuild(scenario)

    def snapshot(self) -> bytes:
        return self.world.snapshot()

    def restore(self, snapshot: bytes) -> None:
        self.app.world = World.restore(snapshot)

    # --- reaching it ---------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        """`http://ozon.mock` in-process; the live server's URL after `serve()`."""
        return self._base_url

    url = base_url

    @property
    def transport(self) -> httpx.BaseTransport:
        """An in-process httpx transport (no socket) for `httpx.Client`."""
        return SyncOzonTransport(self.app)

    @property
    def async_transport(self) -> httpx.AsyncBaseTransport:
        return AsyncOzonTransport(self.app)

    def client(self, credentials: Credentials | None = None, **options: Any) -> httpx.Client:
        """An httpx client wired in-process, with the credentials' headers (the first seller's by default)."""
        headers = {**(credentials or self.credentials).headers, **options.pop("headers", {})}
        return httpx.Client(transport=self.transport, base_url=IN_PROCESS_URL, headers=headers, **options)

    def async_client(self, credentials: Credentials | None = None, **options: Any) -> httpx.AsyncClient:
        headers = {**(credentials or self.credentials).headers, **options.pop("headers", {})}
        return httpx.AsyncClient(transport=self.async_transport, base_url=IN_PROCESS_URL, headers=headers,
                                 **options)

    def serve(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Start uvicorn on a free port (or `port`) in a background thread; returns the base URL."""
        if self._server is not None:
            return self._base_url
        import uvicorn
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        config = uvicorn.Config(self.app, log_level="warning", lifespan="off", access_log=False,
                                timeout_keep_alive=30)
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True,
                                  name=f"ozmock-{sock.getsockname()[1]}")
        thread.start()
        deadline = time.monotonic() + 10
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                sock.close()
                raise RuntimeError("ozmock server did not start")
            time.sleep(0.002)
        self._server, self._thread, self._socket = server, thread, sock
        self._base_url = f"http://{host}:{sock.getsockname()[1]}"
        return self._base_url

    @property
    def serving(self) -> bool:
        return self._server is not None

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
            self._thread.join(timeout=5)
            self._socket.close()
            self._server = self._thread = None
            self._base_url = IN_PROCESS_URL

    # --- context manager and decorator ------------------------------------------------------
    def __enter__(self) -> "OzonMock":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.stop()

    def __call__(self, function):
        """Use as a decorator: the test gets a fresh world in its `ozon` argument on every call."""
        signature = inspect.signature(function)
        outer = signature.replace(parameters=[p for name, p in signature.parameters.items() if name != "ozon"])

        if inspect.iscoroutinefunction(function):
            @functools.wraps(function)
            async def async_wrapper(*args: Any, **kwargs: Any):
                self.reset()
                with self:
                    return await function(*args, ozon=self, **kwargs)

            async_wrapper.__signature__ = outer
            return async_wrapper

        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any):
            self.reset()
            with self:
                return function(*args, ozon=self, **kwargs)

        wrapper.__signature__ = outer
        return wrapper


def pristine(scenario: str | Path = DEFAULT_SCENARIO, *, seed: int | None = None, clock: str | None = None,
             **settings: Any) -> FrozenWorld:
    """The scenario's starting world, built once per process and options, kept frozen for cheap thaws.
    Options may hold dicts (`limits={...}`): the cache key is their canonical JSON."""
    return _pristine(str(scenario), seed, clock, orjson.dumps(settings, option=orjson.OPT_SORT_KEYS).decode())


@functools.lru_cache(maxsize=32)
def _pristine(scenario: str, seed: int | None, clock: str | None, settings_json: str) -> FrozenWorld:
    return FrozenWorld(build_world(scenario, seed=seed, clock=clock, **orjson.loads(settings_json)))
