"""The control API under `/__ozmock/` (and `/openapi.json`, and `/` leading to the dashboard): tests,
tools and the dashboard drive the fake through it; it never needs Ozon credentials. One module per
subject gives its routes; this one mounts them.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.middleware import Middleware

from . import (
    chats,
    clock,
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
from .access import ControlAccess

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

    app = Starlette(routes=[*service.routes(), *state.routes(), *clock.routes(), *faults.routes(),
                            *journal.routes(), *sellers.routes(), *orders.routes(world, persist),
                            *files.routes(), *log.routes(), *products.routes(), *chats.routes(),
                            *reports.routes(), *scenarios.routes(), *ui.routes()],
                    middleware=[Middleware(ControlAccess, owner=owner)])
    app.state.owner = owner
    return app
