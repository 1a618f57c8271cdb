"""The control API under `/__ozmock/` (and `/openapi.json`, and `/` leading to the dashboard): tests,
tools and the dashboard drive the fake through it; it never needs Ozon credentials. One module per
subject gives its routes; this one mounts them.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response

from . import (
    chats,
    clock,
    drift,
    faults,
    files,
    journal,
    log,
    orders,
    products,
    reports,
    scenarios,
    sellers,
    service,
    state,
    ui,
)
from ..store.database import StoreError
from .access import ControlAccess
from .common import json_response

logger = logging.getLogger("ozmock")

if TYPE_CHECKING:
    from ..app import OzonApp


def build_control_app(owner: "OzonApp") -> Starlette:
    """The Starlette app behind `owner` (its `world`, `catalog`, `on_write`, `reset_hook` and
    `control_token`, which every route but health and files then requires)."""

    def world():
        return owner.world

    def persist() -> None:
        if owner.on_write is not None:
            owner.on_write(owner.world)

    return _mounted(owner, [*service.routes(), *state.routes(), *clock.routes(), *faults.routes(),
                            *journal.routes(), *sellers.routes(), *orders.routes(world, persist),
                            *files.routes(), *log.routes(), *products.routes(), *chats.routes(),
                            *reports.routes(), *scenarios.routes(), *drift.routes(), *ui.routes()])


def build_proxy_control_app(owner) -> Starlette:
    """The control API of `ozmock proxy` (`ozmock/proxy/app.py`): health, the contract, the journal of
    the forwarded calls and the drift report; it has no world of sellers to drive."""
    return _mounted(owner, [*service.routes(), *journal.routes(), *log.routes(), *drift.routes()])


def _mounted(owner, routes: list) -> Starlette:
    app = Starlette(routes=routes, middleware=[Middleware(ControlAccess, owner=owner)],
                    exception_handlers={StoreError: save_failed})
    app.state.owner = owner
    return app


async def save_failed(request: Request, error: Exception) -> Response:
    """A control write whose saved state could not be written: the live API's 500 (code 13), the
    cause in the log, never a plain-text traceback."""
    logger.error("saved state: %s %s not saved: %s", request.method, request.url.path, error)
    return json_response({"code": 13, "message": f"the change was not saved: {error}", "details": []}, 500)
