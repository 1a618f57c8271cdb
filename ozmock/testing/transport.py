"""In-process httpx transports: Ozon calls go straight into the pipeline, no socket, no event loop.

Control API calls (`/__ozmock/*`, see `goes_to_control`) go through the ASGI app. Latency faults
sleep, and a dropped connection surfaces as httpx's own transport error, as
it would over a socket.
"""
from __future__ import annotations

import asyncio
import time

import httpx

from ..app import OzonApp, goes_to_control, query_of, request_headers, wire_headers
from ..pipeline.run import Reply, Request


def _pipeline_request(request: httpx.Request, body: bytes) -> Request:
    """The pipeline's request, read from httpx's raw parts (its decoded views cost more than the call)."""
    url = request.url
    return Request(request.method, url.path, request_headers(request.headers.raw), body, query_of(url.query),
                   f"{url.scheme}://{url.netloc.decode()}")


def _response(reply: Reply, request: httpx.Request) -> httpx.Response:
    if reply.drop:
        raise httpx.RemoteProtocolError("server disconnected without sending a complete response",
                                        request=request)
    payload = reply.body or b""
    response = httpx.Response(reply.status, headers=wire_headers(reply.headers.items(), payload),  # as served
                              stream=httpx.ByteStream(payload), request=request)
    response.read()
    return response


class SyncOzonTransport(httpx.BaseTransport):
    def __init__(self, app: OzonApp):
        self.app = app
        self._asgi = httpx.ASGITransport(app=app)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        if goes_to_control(request.method, request.url.path):
            return asyncio.run(self._control(request, body))
        reply = self.app.dispatch(_pipeline_request(request, body))
        if reply.delay:
            time.sleep(reply.delay)
        return _response(reply, request)

    async def _control(self, request: httpx.Request, body: bytes) -> httpx.Response:
        forwarded = httpx.Request(request.method, request.url, headers=request.headers, content=body)
        response = await self._asgi.handle_async_request(forwarded)
        return httpx.Response(response.status_code, headers=response.headers,
                              content=await response.aread(), request=request)


class AsyncOzonTransport(httpx.AsyncBaseTransport):
    def __init__(self, app: OzonApp):
        self.app = app
        self._asgi = httpx.ASGITransport(app=app)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        if goes_to_control(request.method, request.url.path):
            return await self._asgi.handle_async_request(request)
        reply = self.app.dispatch(_pipeline_request(request, body))
        if reply.delay:
            await asyncio.sleep(reply.delay)
        return _response(reply, request)
