"""The ASGI edge: HTTP in, `Request` through the pipeline, `Reply` out.

Ozon operations take the raw-ASGI fast path; `/__ozmock/*` and
`/openapi.json` go to the Starlette control app.
"""
from __future__ import annotations

import asyncio
import time
from urllib.parse import parse_qsl

from .catalog import Catalog, load_catalog
from .control.app import build_control_app
from .logs import DroppedConnection, log_call, log_control_call, log_event, quiet_dropped_connections
from .pipeline.run import Pipeline, Reply, Request
from .world import World

CONTROL_PREFIX = "/__ozmock"
__all__ = ["OzonApp", "DroppedConnection", "CONTROL_PREFIX"]


class OzonApp:
    def __init__(self, world: World, catalog: Catalog | None = None, *, on_write=None):
        self.catalog = catalog or load_catalog()
        self.pipeline = Pipeline(world, self.catalog)
        self.on_write = on_write            # called after each successful write (saved state)
        self.reset_hook = None              # how /__ozmock/reset rebuilds the world (set by the owner)
        self.control = build_control_app(self)
        quiet_dropped_connections()

    @property
    def world(self) -> World:
        return self.pipeline.world

    @world.setter
    def world(self, world: World) -> None:
        self.pipeline.world = world

    def dispatch(self, request: Request) -> Reply:
        """One Ozon call through the pipeline; saved state is written before the reply leaves."""
        reply = self.pipeline.handle(request)
        # Only operations declared as writes change the world (`handles(..., writes=True)`; a
        # `phase: after` fault answers an error after its write committed).
        if self.on_write is not None and reply.wrote:
            self.on_write(self.world)
        return reply

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.control(scope, receive, send)
            return
        path: str = scope["path"]
        started = time.perf_counter()
        if path.startswith(CONTROL_PREFIX) or path == "/openapi.json":
            await self._control_call(scope, receive, send, started)
            return
        body = b""
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        headers = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope["headers"]}
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        base_url = f'{scope.get("scheme", "http")}://{headers.get("host", "ozon.mock")}'
        reply = self.dispatch(Request(method=scope["method"], path=path, headers=headers, body=body, query=query,
                                      base_url=base_url))
        if reply.delay:
            await asyncio.sleep(reply.delay)
        if reply.drop:
            await send({"type": "http.response.start", "status": 200,
                        "headers": [(b"content-length", b"1024"), (b"content-type", b"application/json")]})
            await send({"type": "http.response.body", "body": b'{"result":', "more_body": True})
            self._log(scope, headers, reply, started)
            raise DroppedConnection("connection dropped by an X-Ozmock-Fault / fault rule")
        payload = reply.body or b""
        raw_headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in reply.headers.items()]
        raw_headers.append((b"content-length", str(len(payload)).encode()))
        await send({"type": "http.response.start", "status": reply.status, "headers": raw_headers})
        await send({"type": "http.response.body", "body": payload})
        self._log(scope, headers, reply, started)

    @staticmethod
    def _log(scope, headers: dict[str, str], reply: Reply, started: float) -> None:
        """The request-log line, and an event when a fault shaped the answer."""
        milliseconds = (time.perf_counter() - started) * 1000
        method, path, client_id = scope["method"], scope["path"], headers.get("client-id")
        status = None if reply.drop else reply.status
        log_call(method, path, status, milliseconds, reply.headers, client_id)
        trace_id = reply.headers.get("x-o3-trace-id", "")
        if reply.drop:
            log_event("fault", f"fault: connection dropped on {method} {path} (trace {trace_id})",
                      effect="drop", path=path, trace_id=trace_id)
        elif reply.headers.get("x-ozmock-source") == "fault" or reply.delay:
            effect = f"{reply.status}" if reply.headers.get("x-ozmock-source") == "fault" else "latency"
            log_event("fault", f"fault: {method} {path} answered {effect}"
                      + (f" after {reply.delay * 1000:g} ms" if reply.delay else "") + f" (trace {trace_id})",
                      effect=effect, path=path, trace_id=trace_id, delay_ms=reply.delay * 1000)

    async def _control_call(self, scope, receive, send, started: float) -> None:
        status = 0

        async def sent(message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        await self.control(scope, receive, sent)
        log_control_call(scope["method"], scope["path"], status, (time.perf_counter() - started) * 1000)
