"""The `/v1/notification/*` methods: a seller manages its push URLs through the API itself.

They change the same subscriptions as the scenario's `push:` section and the control API
(`delivery.py`), under the world's lock the pipeline holds; `/v1/notification/check` is the one
method that POSTs while answering (a ping, not queued and not retried).
"""
from __future__ import annotations

from typing import Any

import orjson

from ...errors import OzonError, invalid_argument
from ...registry import Call, handles
from ..kit.dates import stamp
from ..kit.values import as_int, as_str, str_list
from .delivery import TYPES, check_url, deliver, journal_attempt, ping, push_timeout, state_of, subscribe, unsubscribe

ERROR_TEXTS = {
    "REQUEST_ERROR": "the request was not sent: no connection to the URL",
    "REQUEST_TIMEOUT": "the service did not answer in time",
    "SERVER_FAULT": "the service answered with a server error",
    "STATUS_CODE_NOT_OK": "the service answered with an HTTP status other than 200",
    "EMPTY_BODY": "the reply body is empty",
    "INVALID_BODY": "the reply is not application/json",
    "INVALID_JSON": "the reply is not valid JSON",
    "WRONG_RESULT_FIELD": "the reply does not follow the template (version, name, time)",
    "WRONG_RESULT_TIME_FIELD": "the reply's time field is not a date-time",
}


def _sub(call: Call) -> dict[str, Any]:
    sub = state_of(call.seller).subscriptions.get(as_int(call.body.get("id")))
    if sub is None:
        raise OzonError(5, "URL_NOT_FOUND")
    return sub


def _types_of(call: Call) -> list[str]:
    return [t for t in str_list(call.body.get("types")) if t in TYPES]


def _valid_url(url: str, world=None) -> str:
    try:
        return check_url(url, world)
    except ValueError as error:
        raise invalid_argument(str(error)) from None


@handles("POST", "/v1/notification/set", writes=True, exact=True)
def notification_set(call: Call) -> dict:
    types = _types_of(call)
    if not types:
        raise invalid_argument("INVALID_ARGUMENT")
    try:
        subscribe(call.world, call.seller, as_str(call.body.get("url")), types)
    except ValueError as error:
        raise invalid_argument(str(error)) from None
    return {}


@handles("POST", "/v1/notification/update", writes=True, exact=True)
def notification_update(call: Call) -> dict:
    sub = _sub(call)
    url = as_str(call.body.get("url")).strip()
    types = _types_of(call)
    if url and url != sub["url"]:
        url = _valid_url(url, call.world)
        if any(s["url"] == url for s in state_of(call.seller).subscriptions.values()):
            raise invalid_argument(f"{url} is already connected")
        sub["url"] = url
        ping(call.world, call.seller, sub)
    if types:
        sub["types"] = types
    return {}


@handles("POST", "/v1/notification/delete", writes=True, exact=True)
def notification_delete(call: Call) -> dict:
    unsubscribe(call.world, call.seller, _sub(call)["id"])
    return {}


@handles("POST", "/v1/notification/enable", writes=True, exact=True)
def notification_enable(call: Call) -> dict:
    sub = _sub(call)
    enabled = call.body.get("enabled") is True or as_str(call.body.get("enabled")).lower() == "true"
    was = sub["enabled"]
    sub["enabled"] = enabled
    if enabled:
        sub["suspended"] = ""
        sub["sent"] = sub["ok"] = 0
        sub["failing_since"] = None
        if not was:
            ping(call.world, call.seller, sub)
    return {}


def _type_entries(types: list[str]) -> list[dict[str, Any]]:
    return [{"type": t, "description": TYPES[t]} for t in types]


def _availability(sub: dict[str, Any]) -> tuple[str, str, float]:
    """(status, disable reason, since when): RED once suspended for failing, YELLOW while failing, else GREEN;
    a URL its seller switched off is disabled by the SELLER (2026-09 fields)."""
    if sub.get("suspended"):
        return "RED", "AVAILABILITY", sub.get("failing_since") or sub["created_at"]
    if sub.get("failing_since") is not None:
        return "YELLOW", "" if sub["enabled"] else "SELLER", sub["failing_since"]
    return "GREEN", "" if sub["enabled"] else "SELLER", sub["created_at"]


def _url_entry(sub: dict[str, Any]) -> dict[str, Any]:
    status, reason, since = _availability(sub)
    return {"id": sub["id"], "url": sub["url"], "enable": sub["enabled"], "created_at": stamp(sub["created_at"]),
            "types": _type_entries(sub["types"]), "availability_status": status,
            "availability_status_date": stamp(since), "disable_reason": reason, "problematic_type": "",
            "reason_details": ""}


@handles("POST", "/v1/notification/list", exact=True)
def notification_list(call: Call) -> dict:
    """Filtered by `availability_statuses`, paged by `offset` and `limit` (default 100), by id."""
    wanted = set(str_list(call.body.get("availability_statuses")))
    entries = [_url_entry(s) for s in state_of(call.seller).subscriptions.values()]
    entries = sorted((e for e in entries if not wanted or e["availability_status"] in wanted), key=lambda e: e["id"],
                     reverse=as_str(call.body.get("sort_dir")).upper() == "DESC")
    start = max(as_int(call.body.get("offset")), 0)
    return {"urls": entries[start:start + (as_int(call.body.get("limit")) or 100)],
            "total_count": len(entries), "availability_status_thresholds": []}


@handles("POST", "/v1/notification/push-type/list")
def notification_types(call: Call) -> dict:
    subs = list(state_of(call.seller).subscriptions.values())
    out = []
    for kind, description in TYPES.items():
        if kind == "TYPE_PING":
            continue
        entry: dict[str, Any] = {"type": kind, "description": description}
        owner = next((s for s in subs if kind in s["types"]), None)
        if owner is not None:
            entry["seller_endpoint"] = {"id": owner["id"], "url": owner["url"]}
        out.append(entry)
    return {"types": out}


@handles("POST", "/v1/notification/check", exact=True)
def notification_check(call: Call) -> dict:
    """Sends a TYPE_PING to the URL right away and reports what came back (not queued, not retried)."""
    url = as_str(call.body.get("url")).strip()
    _valid_url(url, call.world)
    message = {"message_type": "TYPE_PING", "time": stamp(call.world.clock.now().timestamp())}
    status, error, body, seconds = deliver(call.world, url, orjson.dumps(message), "TYPE_PING",
                                           push_timeout(call.world))
    journal_attempt(call.world, call.seller.client_id, url, message, status, error, body, seconds,
                    call.world.clock.now().timestamp())
    errors = [{"type": error, "description": ERROR_TEXTS[error]}] if error else []
    return {"is_active": not error, "errors": errors}
