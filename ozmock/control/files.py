"""Files ozmock serves itself: report files and files sent into chats, under `/__ozmock/files/`.

The report `file` URL and chat file links point here. They need no Ozon credentials, like the CDN
links of the live API, and every world serves its own files:

    GET /__ozmock/files/reports/<code>.csv        a report's file once it is ready (404 before, 410 expired)
    GET /__ozmock/files/chat/<file id>/<name>     a file sent with /v1/chat/send/file
    GET /__ozmock/files/vouchers/<client>-<id>.csv the codes of a seller's voucher action

`file_routes(owner)` gives the Starlette routes; `owner.world` is read on every request, so a reset
or restored world serves its own files. (Wired in by `ozmock/control.py`.)
"""
from __future__ import annotations

from typing import Any, Callable
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

FILES_PREFIX = "/__ozmock/files"


def _problem(message: str, status: int) -> Response:
    return Response(f'{{"code": {5 if status == 404 else 9}, "message": "{message}", "details": []}}',
                    status_code=status, media_type="application/json")


def file_routes(owner: Any) -> list[Route]:
    """Routes serving `owner.world`'s files (owner: anything with a `world` attribute, e.g. OzonApp)."""
    world: Callable[[], Any] = lambda: owner.world   # noqa: E731

    async def report_file(request: Request) -> Response:
        from ..domain.money.reports import report_file as find
        found = find(world(), request.path_params["code"])
        if found is None:
            return _problem("report file not found", 404)
        if found.get("expired"):
            return _problem("the report link has expired", 410)
        return Response(found["content"], media_type=found["mime"], headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(found['name'])}"})

    async def chat_file(request: Request) -> Response:
        from ..domain.communication.chats import chat_file as find
        found = find(world(), request.path_params["file_id"])
        if found is None:
            return _problem("file not found", 404)
        return Response(found["content"], media_type=found["mime"], headers={
            "Content-Disposition": f"inline; filename*=UTF-8''{quote(found['name'])}"})

    async def voucher_file(request: Request) -> Response:
        from ..domain.promotions.seller_actions import voucher_file as find
        found = find(world(), request.path_params["name"])
        if found is None:
            return _problem("file not found", 404)
        return Response(found["content"], media_type=found["mime"], headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(found['name'])}"})

    return [
        Route(FILES_PREFIX + "/reports/{code}.csv", report_file, methods=["GET"]),
        Route(FILES_PREFIX + "/vouchers/{name}.csv", voucher_file, methods=["GET"]),
        Route(FILES_PREFIX + "/chat/{file_id}/{name}", chat_file, methods=["GET"]),
    ]
