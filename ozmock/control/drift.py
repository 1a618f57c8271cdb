"""Where the live API differs from the contract, as `ozmock proxy` found it (or `ozmock serve --replay`
from its cassettes): `GET /__ozmock/drift` groups the differences by operation and kind with counts
and one masked example each; `?format=markdown` is the same report to attach to an issue."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from .common import json_response, owner_of, problem

FORMATS = ("json", "markdown")


async def drift(request: Request) -> Response:
    report = getattr(owner_of(request), "drift", None)
    if report is None:
        return problem("no drift report: differences are found by `ozmock proxy`, or read from cassettes by "
                       "`ozmock serve --replay DIR`", 404)
    wanted = request.query_params.get("format", "json")
    if wanted not in FORMATS:
        return problem(f"format: choose from {', '.join(FORMATS)}")
    if wanted == "markdown":
        return PlainTextResponse(report.markdown(), media_type="text/markdown; charset=utf-8")
    return json_response(report.to_json())


def routes() -> list[Route]:
    return [Route("/__ozmock/drift", drift, methods=["GET"])]
