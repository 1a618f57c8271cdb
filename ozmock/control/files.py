"""Files ozmock serves itself: report files and files sent into chats, under `/__ozmock/files/`.

The report `file` URL and chat file links point here. They need no Ozon credentials, like the CDN
links of the live API, and every world serves its own files (the owner's current world is read on
every request, so a reset or restored world serves its own):

    GET /__ozmock/files/reports/<code>.csv        a report's file once it is ready (404 before, 410 expired)
    GET /__ozmock/files/chat/<file id>/<name>     a file sent with /v1/chat/send/file
    GET /__ozmock/files/vouchers/<client>-<id>.csv the codes of a seller's voucher action
    GET /__ozmock/files/invoices/<client>-<id>.pdf an invoice file uploaded with /v1/invoice/file/upload
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..domain.communication.chats import chat_file
from ..domain.money.reports import report_file
from ..domain.orders.invoices import invoice_file
from ..domain.promotions.seller_actions import voucher_file
from .common import world_of

FILES_PREFIX = "/__ozmock/files"


def _problem(message: str, status: int) -> Response:
    return Response(f'{{"code": {5 if status == 404 else 9}, "message": "{message}", "details": []}}',
                    status_code=status, media_type="application/json")


def _file(found: dict[str, Any], disposition: str) -> Response:
    return Response(found["content"], media_type=found["mime"], headers={
        "Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(found['name'])}"})


def _serving(lookup: Callable[[Any, str], dict[str, Any] | None], param: str, disposition: str,
             missing: str) -> Callable[[Request], Awaitable[Response]]:
    """A route serving the file `lookup(world, <path param>)` finds: 404 when there is none, 410 when
    its link has expired (reports), the bytes otherwise."""
    async def serve(request: Request) -> Response:
        world = world_of(request)
        with world.lock:
            found = lookup(world, request.path_params[param])
        if found is None:
            return _problem(missing, 404)
        if found.get("expired"):
            return _problem("the report link has expired", 410)
        return _file(found, disposition)

    return serve


def routes() -> list[Route]:
    return [
        Route(FILES_PREFIX + "/reports/{code}.csv", _serving(report_file, "code", "attachment", "report file not found"),
              methods=["GET"]),
        Route(FILES_PREFIX + "/vouchers/{name}.csv", _serving(voucher_file, "name", "attachment", "file not found"),
              methods=["GET"]),
        Route(FILES_PREFIX + "/invoices/{name}.pdf", _serving(invoice_file, "name", "inline", "file not found"),
              methods=["GET"]),
        Route(FILES_PREFIX + "/chat/{file_id}/{name}", _serving(chat_file, "file_id", "inline", "file not found"),
              methods=["GET"]),
    ]
