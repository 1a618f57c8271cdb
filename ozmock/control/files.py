"""Files ozmock serves itself: report files and files sent into chats, under `/__ozmock/files/`.

The report `file` URL and chat file links point here. They need no Ozon credentials, like the CDN
links of the live API, and every world serves its own files (the owner's current world is read on
every request, so a reset or restored world serves its own):

    GET /__ozmock/files/reports/<code>.csv        a report's file once it is ready (404 before, 410 expired)
    GET /__ozmock/files/chat/<file id>/<name>     a file sent with /v1/chat/send/file
    GET /__ozmock/files/vouchers/<client>-<id>.csv the codes of a seller's voucher action
"""
from __future__ import annotations

from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..domain.communication.chats import chat_file
from ..domain.money.reports import report_file
from ..domain.promotions.seller_actions import voucher_file
from .common import world_of

FILES_PREFIX = "/__ozmock/files"


def _problem(message: str, status: int) -> Response:
    return Response(f'{{"code": {5 if status == 404 else 9}, "message": "{message}", "details": []}}',
                    status_code=status, media_type="application/json")


def _file(found: dict[str, Any], disposition: str) -> Response:
    return Response(found["content"], media_type=found["mime"], headers={
        "Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(found['name'])}"})


async def report(request: Request) -> Response:
    world = world_of(request)
    with world.lock:
        found = report_file(world, request.path_params["code"])
    if found is None:
        return _problem("report file not found", 404)
    if found.get("expired"):
        return _problem("the report link has expired", 410)
    return _file(found, "attachment")


async def chat(request: Request) -> Response:
    world = world_of(request)
    with world.lock:
        found = chat_file(world, request.path_params["file_id"])
    if found is None:
        return _problem("file not found", 404)
    return _file(found, "inline")


async def voucher(request: Request) -> Response:
    world = world_of(request)
    with world.lock:
        found = voucher_file(world, request.path_params["name"])
    if found is None:
        return _problem("file not found", 404)
    return _file(found, "attachment")


def routes() -> list[Route]:
    return [
        Route(FILES_PREFIX + "/reports/{code}.csv", report, methods=["GET"]),
        Route(FILES_PREFIX + "/vouchers/{name}.csv", voucher, methods=["GET"]),
        Route(FILES_PREFIX + "/chat/{file_id}/{name}", chat, methods=["GET"]),
    ]
