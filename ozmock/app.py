"""The ASGI edge: HTTP in, `Request` through the pipeline, `Reply` out.

Ozon operations take the raw-ASGI fast path; `/__ozmock/*`, `/openapi.json`
and a browser's `GET /` (which leads to the dashboard) go to the Starlette control app.
"""
from __future__ import annotations

import asyncio
from urllib.parse import parse_qsl

from .catalog import Catalog, load_catalog
from .control.app import build_control_app
from .pipeline.run import Pipeline, Reply, Request
from .world import World

CONTROL_PREFIX = "/__ozmock"


def goes_to_control(method: str, path: str) -> bool:
    """`/__ozmock/*`, `/openapi.json` and a browser's `GET /` (which leads to the dashboard)."""
    return path.startswith(CONTROL_PREFIX) or path == "/openapi.json" or (path == "/" and method == "GET")


class DroppedConnection(ConnectionError):
    """Raised by the edge to cut a connection mid-response (the `drop` fault)."""


class OzonApp:
    def __init__(self, world: World, catalog: Catalog | None = None, *, on_write=None):
        self.catalog = catalog or load_catalog()
        self.pipeline = Pipeline(world, self.catalog)
        self.on_write = on_write            # called after each successful write (saved state)
        self.reset_hook = None              # how /__ozmock/reset rebuilds the world (set by the owner)
        self.control = build_control_app(self)

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
        if goes_to_control(scope["method"], path):
            await self.control(scope, receive, send)
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
            raise DroppedConnection("connection dropped by an X-Ozmock-Fault / fault rule")
        payload = reply.body or b""
        raw_headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in reply.headers.items()]
        raw_headers.append((b"content-length", str(len(payload)).encode()))
        await send({"type": "http.response.start", "status": reply.status, "headers": raw_headers})
        await send({"type": "http.response.body", "body": payload})
