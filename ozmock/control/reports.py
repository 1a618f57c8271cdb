"""A seller's reports from outside, read-only (the dashboard, scripts):

    GET /__ozmock/sellers/{client_id}/reports   every report, newest first: type, status on the clock, file

The status is the money area's own reading of the clock (`status_of`), as `/v1/report/info` gives it."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..domain.kit.dates import stamp
from ..domain.money.reports import FILES_PATH, reports_of, status_of
from .common import json_response, seller_view


@seller_view
def reports(request: Request, world, seller) -> Response:
    now, state = world.clock.now().timestamp(), reports_of(seller)
    rows = []
    for code in reversed(state["order"]):
        report = state["reports"][code]
        status = status_of(world, report, now)
        rows.append({"code": code, "report_type": report["type"], "status": status,
                     "created_at": stamp(report["created_at"]), "params": report["params"],
                     "file": f"{FILES_PATH}/{code}.csv" if status == "success" else ""})
    return json_response({"reports": rows})


def routes() -> list[Route]:
    return [Route("/__ozmock/sellers/{client_id:int}/reports", reports, methods=["GET"])]
