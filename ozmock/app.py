"""The ASGI edge: HTTP in, `Request` through the pipeline, `Reply` out.

Ozon operations take the raw-ASGI fast path; `/__ozmock/*`, `/openapi.json`
and a browser's `GET /` (which leads to the dashboard) go to the Starlette control app.
"""
from __future__ import annotations

import asyncio
import time
from typing import Iterable
from urllib.parse import parse_qsl

import orjson

from .catalog import Catalog, load_catalog
from .control.access import CONTROL_PREFIX
from .control.app import build_control_app
from .errors import OzonError
from .logs import DroppedConnection, log_call, log_control_call, log_event, logs_calls, quiet_dropped_connections
from .pipeline.bounds import MAX_BODY_BYTES, too_large
from .pipeline.run import Pipeline, Reply, Request
from .world import World


def goes_to_control(method: str, path: str) -> bool:
    """`/__ozmock/*`, `/openapi.json` and a browser's `GET /` (which leads to the dashboard)."""
    return path.startswith(CONTROL_PREFIX) or path == "/openapi.json" or (path == "/" and method == "GET")


__all__ = ["OzonApp", "DroppedConnection", "CONTROL_PREFIX"]


class OzonApp:
    def __init__(self, world: World, catalog: Catalog | None = None, *, saved_state=None):
        self.catalog = catalog or load_catalog()
        self.pipeline = Pipeline(world, self.catalog)
        # Saved state (`ozmock/store/`): the pipeline logs each write before it runs; control writes,
        # which change the world outside the pipeline, save it whole through `on_write`.
        self.pipeline.saved_state = saved_state
        self.on_write = saved_state.save_world if saved_state is not None else None
        self.reset_hook = None              # how /__ozmock/reset rebuilds the world (set by the owner)
        self.control_token: str | None = None   # required by /__ozmock/* when set (control/access.py)
        self.drift = None                   # a DriftReport (ozmock/proxy/drift.py) read from --replay cassettes
        self.control = build_control_app(self)
        quiet_dropped_connections()

    @property
    def world(self) -> World:
        return self.pipeline.world

    @world.setter
    def world(self, world: World) -> None:
        self.pipeline.world = world

    def dispatch(self, request: Request) -> Reply:
        """One Ozon call through the pipeline (saved state, if any, is written inside it)."""
        return self.pipeline.handle(request)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.control(scope, receive, send)
            return
        started = time.perf_counter()
        body = await api_body(self.control, goes_to_control, scope, receive, send, started)
        if body is None:
            return
        method, path = scope["method"], scope["path"]
        headers = request_headers(scope["headers"])
        query = query_of(scope.get("query_string"))
        base_url = f'{scope.get("scheme", "http")}://{headers.get("host", "ozon.mock")}'
        reply = self.dispatch(Request(method, path, headers, body, query, base_url))
        if reply.delay:
            await asyncio.sleep(reply.delay)
        if reply.drop:
            await send({"type": "http.response.start", "status": 200,
                        "headers": [(b"content-length", b"1024"), (b"content-type", b"application/json")]})
            await send({"type": "http.response.body", "body": b'{"result":', "more_body": True})
            self._log(method, path, headers, reply, started)
            raise DroppedConnection("connection dropped by an X-Ozmock-Fault / fault rule")
        payload = reply.body or b""
        await send({"type": "http.response.start", "status": reply.status,
                    "headers": wire_headers(reply.headers.items(), payload)})
        await send({"type": "http.response.body", "body": payload})
        if logs_calls() or reply.delay or reply.headers.get("x-ozmock-source") == "fault":
            self._log(method, path, headers, reply, started)

    @staticmethod
    def _log(method: str, path: str, headers: dict[str, str], reply: Reply, started: float) -> None:
        """The request-log line, and an event when a fault shaped the answer."""
        milliseconds = (time.perf_counter() - started) * 1000
        status = None if reply.drop else reply.status
        log_call(method, path, status, milliseconds, reply.headers, headers.get("client-id"))
        trace_id = reply.headers.get("x-o3-trace-id", "")
        if reply.drop:
            log_event("fault", f"fault: connection dropped on {method} {path} (trace {trace_id})",
                      effect="drop", path=path, trace_id=trace_id)
        elif reply.headers.get("x-ozmock-source") == "fault" or reply.delay:
            effect = f"{reply.status}" if reply.headers.get("x-ozmock-source") == "fault" else "latency"
            log_event("fault", f"fault: {method} {path} answered {effect}"
                      + (f" after {reply.delay * 1000:g} ms" if reply.delay else "") + f" (trace {trace_id})",
                      effect=effect, path=path, trace_id=trace_id, delay_ms=reply.delay * 1000)


def request_headers(raw: Iterable[tuple[bytes, bytes]]) -> dict[str, str]:
    """A request's headers as the pipeline reads them: lower-case names, latin-1 text."""
    return {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in raw}


def query_of(raw: bytes | None) -> dict[str, str]:
    """A request's query string as a dict (the last value of a repeated name)."""
    return dict(parse_qsl(raw.decode("latin-1"))) if raw else {}


def wire_headers(headers: Iterable[tuple[str, str]], payload: bytes) -> list[tuple[bytes, bytes]]:
    """An answer's headers as sent, with the payload's Content-Length."""
    raw = [(name.encode("latin-1"), value.encode("latin-1")) for name, value in headers]
    raw.append((b"content-length", b"%d" % len(payload)))
    return raw


async def api_body(control, to_control, scope, receive, send, started: float) -> bytes | None:
    """The body of an API call; None once the call has been answered here: its body refused, or the
    call meant for the control app (`to_control(method, path)`), which answered it."""
    body = await body_or_refusal(scope, receive, send)
    if body is None:
        return None
    if to_control(scope["method"], scope["path"]):
        await control_call(control, scope, replay(body, receive), send, started)
        return None
    return body


async def control_call(control, scope, receive, send, started: float) -> None:
    """A `/__ozmock/` call (or `/openapi.json`) answered by the control app, with its log line."""
    status = 0

    async def sent(message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        await send(message)

    await control(scope, receive, sent)
    log_control_call(scope["method"], scope["path"], status, (time.perf_counter() - started) * 1000)


async def body_or_refusal(scope, receive, send) -> bytes | None:
    """The request body, or None once the refusal (413, or a broken stream) has been answered."""
    try:
        return await read_body(scope, receive)
    except OzonError as error:
        await send_error(send, error)
        return None


async def read_body(scope, receive) -> bytes:
    """The whole request body, refused (413) as soon as it is known to exceed the limit: by its
    Content-Length before reading, or by what has arrived, so a huge body is never held."""
    for name, value in scope["headers"]:
        if name.lower() == b"content-length" and value.isdigit() and int(value) > MAX_BODY_BYTES:
            raise too_large(int(value))
    message = await receive()
    body = message.get("body", b"") if message["type"] == "http.request" else b""
    if len(body) > MAX_BODY_BYTES:
        raise too_large(len(body))
    if not message.get("more_body", False):        # the common case: the body in one message
        return body
    chunks, size, more = [body], len(body), True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise too_large(size)
        chunks.append(chunk)
        more = message.get("more_body", False)
    return b"".join(chunks)


def replay(body: bytes, receive):
    """An ASGI `receive` that hands the control app the body already read, then the server's messages."""
    sent = False

    async def replayed():
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replayed


async def send_error(send, error: OzonError) -> None:
    payload = orjson.dumps(error.body())
    await send({"type": "http.response.start", "status": error.status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]})
    await send({"type": "http.response.body", "body": payload})
