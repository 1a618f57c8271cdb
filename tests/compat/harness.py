"""One staged world and both clients wired to it; `attempt` makes one call and says why it failed.

ozon-sdk takes an httpx transport, so it talks to ozmock in-process; ozonapi-async is built on
aiohttp, which takes no transport, so it talks to the same world served live on a loopback port.
Every call starts from the same snapshot of the staged world."""
from __future__ import annotations

import asyncio
from typing import Any

import msgspec
import pydantic
from ozonapi.seller.core import APIManager

from ozmock import OzonMock
from tests.compat.build import Plan
from tests.compat.clients import (
    SDK, Operation, Recorder, invoke, ozonapi_client, parsed, request_of, sdk_client,
)
from tests.compat.world import World, stage

CALL_TIMEOUT = 30


class Harness:
    def __init__(self) -> None:
        # ~2000 calls in one frozen second, each from the same world: the per-second and per-minute request
        # windows (a state one call leaves to the next) are off. Returns reach the drop-off point within a
        # minute, not the two days of transit, so the staged world has a giveout to read.
        self.ozon = OzonMock("default", rate_limit_per_second=None, limits={"analytics_data_per_minute": None},
                             timings={"return_transit_seconds": 60})
        self.world: World = stage(self.ozon)
        self.snapshot = self.ozon.snapshot()
        self.loop = asyncio.new_event_loop()
        self.recorder = Recorder(self.ozon.async_transport)
        self.clients: dict[str, Any] = {}
        self.dirty = True

    def client(self, name: str) -> Any:
        if name not in self.clients:
            if name == SDK:
                self.clients[name] = sdk_client(self.ozon, self.recorder)
            else:
                self.ozon.serve()
                self.clients[name] = self.loop.run_until_complete(self._enter(ozonapi_client(self.ozon)))
        return self.clients[name]

    @staticmethod
    async def _enter(api: Any) -> Any:
        return await api.__aenter__()

    def close(self) -> None:
        for api in self.clients.values():
            self.loop.run_until_complete(_close(api))
        self.loop.run_until_complete(APIManager.shutdown())     # ozonapi's shared sessions and limiter task
        self.loop.close()
        self.ozon.stop()

    def fresh(self) -> None:
        """The staged world again, restored only after a call that wrote (restoring costs more than a call)."""
        if self.dirty:
            self.ozon.restore(self.snapshot)
            self.recorder.inner = self.ozon.async_transport
            self.dirty = False

    @staticmethod
    def forget_method_limits() -> None:
        """ozonapi-async spaces calls of methods Ozon limits (`/v2/warehouse/list` once a minute) in
        real time; the world's clock is frozen, so each call starts as if that minute had passed."""
        manager = APIManager._method_rate_limiter_manager
        if manager is not None:
            manager._rate_limiters.clear()

    def last_seq(self) -> int:
        entries = self.ozon.journal.entries()
        return entries[-1].seq if entries else 0

    def call_entry(self, seen: int) -> Any:
        """The journal entry of the call just made (after `seen`), not of a push the world sent meanwhile."""
        calls = [e for e in self.ozon.journal.entries() if e.seq > seen and e.source != "push"]
        return calls[-1] if calls else None

    def run(self, coroutine: Any) -> Any:
        return self.loop.run_until_complete(asyncio.wait_for(coroutine, CALL_TIMEOUT))

    def attempt(self, op: Operation, typical: bool) -> str | None:
        """None when the call passes; otherwise what went wrong, in a line."""
        self.fresh()
        kind = "typical" if typical else "minimal"
        try:
            args = request_of(op, Plan(self.world, op.path), typical)
        except (msgspec.ValidationError, pydantic.ValidationError, TypeError) as exc:
            return f"{kind}: the client's request model refused the built request: {first_line(exc)}"
        seen = self.last_seq()
        api = self.client(op.client)
        self.forget_method_limits()
        try:
            result = self.run(invoke(op, api, args))
            error = None
        except Exception as exc:  # noqa: BLE001 — every client failure is a finding to report
            result, error = None, exc
        entry = self.call_entry(seen)
        if entry is None:
            return f"{kind}: no request reached ozmock ({describe(error)})"
        self.dirty = entry.wrote
        if entry.status >= 400:
            return f"{kind}: {entry.status} {message_of(entry.response)}"
        if error is not None:
            return f"{kind}: the client's model refused the answer: {describe(error)}"
        if entry.response in (None, b"", ""):
            return f"{kind}: empty body"
        if not parsed(op, result):
            return f"{kind}: the client returned {type(result).__name__}, not its model"
        return None

    def outcome(self, op: Operation) -> str | None:
        """The pair's verdict: None when both the minimal and the typical request pass. Each pair starts
        from the staged world whatever ran before it (xdist spreads pairs over workers in any order)."""
        self.dirty = True
        failures = [f for f in (self.attempt(op, False), self.attempt(op, True)) if f]
        return "; ".join(failures) or None


async def _close(api: Any) -> None:
    await api.__aexit__(None, None, None)


def first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return " ".join(text[:2])[:300] if text else type(exc).__name__


def describe(exc: BaseException | None) -> str:
    return "no error" if exc is None else f"{type(exc).__name__}: {first_line(exc)}"


def message_of(response: Any) -> str:
    if isinstance(response, dict):
        return str(response.get("message", ""))[:200]
    return str(response)[:200]
