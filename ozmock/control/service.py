"""The service itself: is it up, what does it serve, and its contract as OpenAPI."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..openapi import openapi_document
from ..registry import HANDLERS
from .common import json_response, owner_of, world_of


async def health(request: Request) -> Response:
    return json_response({"status": "ok", "operations": len(owner_of(request).catalog),
                          "scenario": world_of(request).scenario})


async def operations(request: Request) -> Response:
    """Every served operation, and whether a stateful handler or the generator answers it."""
    return json_response({"operations": [
        {"method": op.method, "path": op.path, "operation_id": op.operation_id, "group": op.group,
         "fidelity": "stateful" if op.key in HANDLERS else "generated",
         "lifecycle": op.lifecycle, "sources": op.sources}
        for op in owner_of(request).catalog]})


async def openapi(request: Request) -> Response:
    return json_response(openapi_document(owner_of(request).catalog))


def routes() -> list[Route]:
    return [
        Route("/__ozmock/health", health, methods=["GET"]),
        Route("/__ozmock/operations", operations, methods=["GET"]),
        Route("/openapi.json", openapi, methods=["GET"]),
    ]
