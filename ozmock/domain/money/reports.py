"""Report store and lifecycle: every report is created through `create_report` and listed by
`/v1/report/list` and `/v1/report/info`; the CSV builders per report type live in
`product_reports`, `posting_reports` and `finance_reports`, next to the methods that order them.

A report is built from the world when it is requested (the products, stocks, postings or
transactions of that moment and period) and kept as a CSV file (`;`-separated, UTF-8, header row
in the requested language). Its status follows the clock: `waiting` for
`report_waiting_seconds`, then `processing` for `report_processing_seconds`, then `success` with a
`file` URL that ozmock serves itself (`/__ozmock/files/reports/<code>.csv`), or `failed` when the
seller's next report of that type was set to fail (scenario `reports: {fail: [SELLER_POSTINGS]}` or
`ozmock.domain.money.reports.fail_next(seller, "SELLER_POSTINGS")`). A code is valid for 3 days
(`expires_at`); after that the file answers 410.

Memory stays bounded however many reports are ordered: a file is freed when it expires, and beyond the
newest `FILES_KEPT` files (or `FILE_CHARS_KEPT` characters of them) per seller, so an older one answers
410 as an expired link does; a seller keeps the newest `REPORTS_KEPT` reports in its list.
"""
from __future__ import annotations

import csv
import io
from typing import Any

from ...errors import OzonError
from ...registry import Call, handles, json_area, seeds
from ..kit.dates import now_of, parse_datetime, stamp
from ..kit.ids import new_uuid
from ..kit.paging import page_slice
from ..kit.timings import declare_realistic, declare_timings, timing
from ..kit.values import as_str, language

REPORT_NOT_FOUND = "report not found"
FILES_PATH = "/__ozmock/files/reports"
DAY = 86_400.0
LIFETIME = 3 * DAY
FILES_KEPT = 100
FILE_CHARS_KEPT = 64 * 1024 * 1024
REPORTS_KEPT = 2000
declare_timings(report_waiting_seconds=2.0, report_processing_seconds=3.0)
declare_realistic(report_waiting_seconds=30.0, report_processing_seconds=120.0)

Header = tuple[tuple[str, str], ...]     # (Russian, English) column titles


def _create(seller, world) -> dict[str, Any]:
    return {"reports": {}, "order": [], "fail": {}}


json_area("reports", _create)


def reports_of(seller) -> dict[str, Any]:
    return seller.area("reports")


def fail_next(seller, report_type: str = "ALL", times: int = 1) -> None:
    """Make the seller's next `times` reports of a type (or of any type: "ALL") end `failed`."""
    fail = reports_of(seller)["fail"]
    fail[report_type] = fail.get(report_type, 0) + int(times)


# --- files ---------------------------------------------------------------------------------------------
def wants_english(body: dict[str, Any]) -> bool:
    return language(body) == "EN"


def csv_text(header: Header, rows: list[list[Any]], english: bool) -> str:
    """A report file: `;`-separated, the header in the requested language, None as an empty cell."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow([en if english else ru for ru, en in header])
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return out.getvalue()


def report_file(world, code: str) -> dict[str, Any] | None:
    """The file behind a report code, for the file route: {name, mime, content, expired}; None when
    there is no such report or it is not ready yet."""
    parts = code.split("_")
    owner = next((part for part in parts if part.isdigit()), None)
    sellers = [world.sellers[int(owner)]] if owner and int(owner) in world.sellers else list(world.sellers.values())
    now = world.clock.now().timestamp()
    for seller in sellers:
        report = reports_of(seller)["reports"].get(code)
        if report is None:
            continue
        if status_of(world, report, now) != "success":
            return None
        content = report["content"]
        return {"name": f"{code}.csv", "mime": "text/csv; charset=utf-8", "content": (content or "").encode("utf-8"),
                "expired": content is None or now > report["created_at"] + LIFETIME}
    return None


# --- lifecycle ------------------------------------------------------------------------------------------
def status_of(world, report: dict[str, Any], now: float) -> str:
    """The status on the clock: derived from the report's age when read, never stored."""
    age = now - report["created_at"]
    if age < timing(world, "report_waiting_seconds"):
        return "waiting"
    if age < timing(world, "report_waiting_seconds") + timing(world, "report_processing_seconds"):
        return "processing"
    return "failed" if report["failed"] else "success"


def _params(body: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """The request's filters as the flat string map `params` shows."""
    flat: dict[str, str] = {}
    for key, value in body.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_params(value, name + "."))
        elif isinstance(value, list):
            if value:
                flat[name] = ",".join(as_str(v) for v in value)
        elif value not in (None, ""):
            flat[name] = as_str(value)
    return flat


def _take_failure(fail: dict[str, int], report_type: str) -> bool:
    """Whether this report is one set to fail (counting the setting down)."""
    for key in (report_type, "ALL"):
        if fail.get(key, 0) > 0:
            fail[key] -= 1
            return True
    return False


def create_report(call: Call, report_type: str, content: str, params: dict[str, str] | None = None) -> str:
    """Keep a built report and return its code. Callers build the content first, so a request the
    builder refuses leaves no trace."""
    state = reports_of(call.seller)
    now = now_of(call)
    code = f"REPORT_{report_type.lower()}_{call.seller.client_id}_{int(now)}_{new_uuid(call.world)}"
    state["reports"][code] = {"code": code, "type": report_type, "params": params if params is not None
                              else _params(call.body), "created_at": now, "content": content,
                              "failed": _take_failure(state["fail"], report_type)}
    state["order"].append(code)
    _free(state, now)
    return code


def _free(state: dict[str, Any], now: float) -> None:
    """Drop the files that expired or fall beyond the newest kept, and the oldest reports beyond the list's
    bound (newest first; a freed file is `None`, and its link answers 410 like an expired one)."""
    for code in state["order"][:-REPORTS_KEPT]:
        state["reports"].pop(code, None)
    del state["order"][:-REPORTS_KEPT]
    files = chars = 0
    for code in reversed(state["order"]):
        report = state["reports"].get(code)
        if report is None or report["content"] is None:
            continue
        files += 1
        chars += len(report["content"])
        if now > report["created_at"] + LIFETIME or files > FILES_KEPT or chars > FILE_CHARS_KEPT:
            report["content"] = None


def view(call: Call, report: dict[str, Any]) -> dict[str, Any]:
    status = status_of(call.world, report, now_of(call))
    return {"code": report["code"], "report_type": report["type"], "status": status,
            "error": "report generation failed: internal error" if status == "failed" else "",
            "file": f"{call.base_url.rstrip('/')}{FILES_PATH}/{report['code']}.csv" if status == "success" else "",
            "created_at": stamp(report["created_at"]), "expires_at": stamp(report["created_at"] + LIFETIME),
            "params": dict(report["params"]), "additional_data": []}


def report_dates(call: Call) -> tuple[float, float]:
    """`date_from` / `date_to` as epoch seconds; a plain `date_to` day counts to its end."""
    start = parse_datetime(call.body.get("date_from"), "date_from")
    end = parse_datetime(call.body.get("date_to"), "date_to")
    if end < start:
        raise OzonError(3, "date_to must not be earlier than date_from")
    return start.timestamp(), end.timestamp() + (DAY - 0.001 if len(as_str(call.body.get("date_to"))) == 10 else 0)


# --- reading --------------------------------------------------------------------------------------------
@handles("POST", "/v1/report/info", exact=True)
def report_info(call: Call) -> dict:
    report = reports_of(call.seller)["reports"].get(as_str(call.body.get("code")).strip())
    if report is None:
        raise OzonError(5, REPORT_NOT_FOUND)
    return {"result": view(call, report)}


@handles("POST", "/v1/report/list", exact=True)
def report_list(call: Call) -> dict:
    state = reports_of(call.seller)
    kind = as_str(call.body.get("report_type") or "ALL").upper()
    reports = [state["reports"][code] for code in reversed(state["order"])]
    reports = [r for r in reports if kind == "ALL" or r["type"] == kind]
    page, _ = page_slice(reports, call.body.get("page"), call.body.get("page_size"), default=100, maximum=1000)
    return {"result": {"reports": [view(call, r) for r in page], "total": len(reports)}}


@seeds("reports")
def seed_reports(world, seller, spec: Any) -> None:
    """`reports: {fail: [SELLER_POSTINGS, ...]}`: the seller's next report of each listed type fails."""
    for report_type in (spec or {}).get("fail", []) if isinstance(spec, dict) else []:
        fail_next(seller, str(report_type))
