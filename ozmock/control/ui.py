"""The dashboard at `/__ozmock/ui`: one HTML page, a stylesheet and a script shipped in the package
(`ozmock/control/ui_files/`), so there is no build step at install. The page holds no behaviour of its
own: it reads the control API's JSON, changes the world through the control API (clock, faults,
reset, what Ozon does to postings) and acts as a seller through the Ozon API itself, so its calls run
the pipeline and show in the request log like any client's.

    GET /, /__ozmock, /__ozmock/    redirect to the dashboard
    GET /__ozmock/ui                the page
    GET /__ozmock/ui/files/{name}   its stylesheet and script
"""
from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

UI_PATH = "/__ozmock/ui"
UI_FILES = Path(__file__).parent / "ui_files"
# The page's files change with the installed version only; a reload still asks whether they did.
NO_STALE_FILES = {"Cache-Control": "no-cache"}


async def to_dashboard(request: Request) -> Response:
    return RedirectResponse(UI_PATH, status_code=302)


async def page(request: Request) -> Response:
    return FileResponse(UI_FILES / "index.html", headers=NO_STALE_FILES)


def routes() -> list[BaseRoute]:
    return [
        Route("/", to_dashboard, methods=["GET"]),
        Route("/__ozmock", to_dashboard, methods=["GET"]),
        Route("/__ozmock/", to_dashboard, methods=["GET"]),
        Route(UI_PATH, page, methods=["GET"]),
        Mount(UI_PATH + "/files", StaticFiles(directory=UI_FILES), name="ui-files"),
    ]
