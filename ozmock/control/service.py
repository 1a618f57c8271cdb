"""The service itself: is it up, what does it serve, and its contract as OpenAPI."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..contract import operations_on
from ..lifecycle import api_date_of
from ..openapi import openapi_document
from .common import json_response, owner_of, problem, world_of


async def health(request: Request) -> Response:
    return json_response({"status": "ok", "operations": len(owner_of(request).catalog),
                          "scenario": world_of(request).scenario})


def _day(request: Request):
    """`?api_date=YYYY-MM-DD`, else the world's setting (today unless a scenario fixed it)."""
    return api_date_of(request.query_params.get("api_date") or world_of(request).settings.api_date)


async def operations(request: Request) -> Response:
    """The operations published on the day, their lifecycle, and what answers them (fidelity)."""
    try:
        day = _day(request)
    except ValueError as error:
        return problem(str(error))
    return json_response({"api_date": day.isoformat(), "operations": operations_on(owner_of(request).catalog, day)})


async def openapi(request: Request) -> Response:
    try:
        day = _day(request)
    except ValueError as error:
        return problem(str(error))
    return json_response(openapi_document(owner_of(request).catalog, day))


def routes() -> list[Route]:
    return [
        Route("/__ozmock/health", health, methods=["GET"]),
        Route("/__ozmock/operations", operations, methods=["GET"]),
        Route("/openapi.json", openapi, methods=["GET"]),
    ]
