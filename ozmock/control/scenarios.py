"""The scenarios a reset can start from (`POST /__ozmock/reset {"scenario": NAME}`):

    GET /__ozmock/scenarios   the shipped scenarios by name, with their descriptions, and the current one"""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..catalog import data_dir
from ..scenario import load_scenario
from .common import json_response, world_of


async def scenarios(request: Request) -> Response:
    names = sorted(path.stem for path in data_dir("scenarios").glob("*.yaml"))
    return json_response({"current": world_of(request).scenario, "scenarios": [
        {"name": name, "description": load_scenario(name).get("description", "")} for name in names]})


def routes() -> list[Route]:
    return [Route("/__ozmock/scenarios", scenarios, methods=["GET"])]
