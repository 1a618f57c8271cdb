"""Push notifications: a seller registers URLs (the `/v1/notification/*` methods, the scenario's
`push:` section, `subscribe()` or the control API) and ozmock POSTs the documented messages to
them when the world changes — TYPE_PING on registration, TYPE_NEW_POSTING, TYPE_POSTING_CANCELLED,
TYPE_STATE_CHANGED, TYPE_CUTOFF_DATE_CHANGED, TYPE_DELIVERY_DATE_CHANGED, TYPE_STOCKS_CHANGED, and
whatever other areas `emit()` (chats, products).

Delivery. Messages wait in a per-seller outbox with a due time on the world clock. A small sender
thread per world (started when a URL is registered, gone when none is left) settles the world's
clock-driven changes and POSTs what is due, every `SENDER_INTERVAL` seconds of wall time;
`flush(world)` does the same synchronously, for tests that want no waiting. The reply is checked
as documented (HTTP 200 with `{"result": true}`, or `{"version", "name", "time"}` for TYPE_PING);
a failed delivery is retried after 5, 10, 20, 40, 80, 160 and 320 s and then 5 more times every
600 s of world time. A URL whose deliveries keep failing (retries exhausted, fewer than half
answered 200 after 10 messages, or failing for 24 h) is suspended until re-enabled. Every attempt
is recorded in the journal (`source` "push", operation `PUSH <message type>`).
"""
from __future__ import annotations

import logging
import threading
import time
import uuid
import weakref
from typing import Any

import orjson

from ...clock import parse_iso
from ...errors import OzonError
from ...pipeline.settle import settle_world
from ...registry import Call, handles, register_area, seeds, settles
from ..kit.values import as_int, as_str, str_list
from ..orders.common import bad
from ..kit.dates import stamp
from ..kit.timings import declare_limits, declare_timings, limit, timing

log = logging.getLogger("ozmock.push")

TYPES = {
    "TYPE_PING": "Проверка доступности сервиса",
    "TYPE_NEW_POSTING": "Новое отправление",
    "TYPE_POSTING_CANCELLED": "Отмена отправления",
    "TYPE_STATE_CHANGED": "Изменение статуса отправления",
    "TYPE_CUTOFF_DATE_CHANGED": "Изменение даты отгрузки отправления",
    "TYPE_DELIVERY_DATE_CHANGED": "Изменение даты доставки отправления",
    "TYPE_CREATE_OR_UPDATE_ITEM": "Создание или обновление товара",
    "TYPE_CREATE_ITEM": "Создание товара",
    "TYPE_UPDATE_ITEM": "Обновление товара",
    "TYPE_STOCKS_CHANGED": "Изменение остатков на складах продавца",
    "TYPE_NEW_MESSAGE": "Новое сообщение в чате",
    "TYPE_UPDATE_MESSAGE": "Сообщение в чате изменено",
    "TYPE_MESSAGE_READ": "Сообщение прочитано",
    "TYPE_CHAT_CLOSED": "Чат закрыт",
    "TYPE_POSTING_SHIPPED": "Отправление собрано",
}
DEFAULT_TYPES = ["TYPE_NEW_POSTING", "TYPE_POSTING_CANCELLED", "TYPE_STATE_CHANGED", "TYPE_CUTOFF_DATE_CHANGED",
                 "TYPE_DELIVERY_DATE_CHANGED"]
RETRY_DELAYS = [5, 10, 20, 40, 80, 160, 320, 600, 600, 600, 600, 600]
SENDER_INTERVAL = 0.05          # wall seconds between sender passes
SUSPEND_AFTER_SECONDS = 86_400.0
RATIO_MIN_MESSAGES = 10
LOG_SIZE = 1000
declare_timings(push_timeout_seconds=5.0)     # a reply slower than this is REQUEST_TIMEOUT (as documented)
declare_limits(push_retry_delays=None)          # seconds between attempts; None: RETRY_DELAYS


class PushState:
    """One seller's push URLs, outbox and delivery log."""

    def __init__(self):
        self.subscriptions: dict[int, dict[str, Any]] = {}
        self.outbox: list[dict[str, Any]] = []
        self.log: list[dict[str, Any]] = []

    def to_json(self) -> dict[str, Any]:
        return {"subscriptions": list(self.subscriptions.values()),
                "outbox": [{k: v for k, v in item.items() if k != "inflight"} for item in self.outbox],
                "log": list(self.log)}

    @classmethod
    def from_json(cls, data: Any) -> "PushState":
        state = cls()
        data = data or {}
        state.subscriptions = {int(s["id"]): s for s in data.get("subscriptions", [])}
        state.outbox = list(data.get("outbox", []))
        state.log = list(data.get("log", []))
        return state

    def __getstate__(self):
        return self.to_json()

    def __setstate__(self, state):
        self.subscriptions = {int(s["id"]): s for s in state.get("subscriptions", [])}
        self.outbox = state.get("outbox", [])
        self.log = state.get("log", [])


register_area("push", lambda seller, world: PushState(), PushState.to_json, PushState.from_json)


def state_of(seller) -> PushState:
    return seller.area("push")


# --- emitting ------------------------------------------------------------------------------------
def emit(world, seller, message: dict[str, Any], at: float | None = None) -> int:
    """Queue a message for every enabled URL of the seller subscribed to its type; returns how many.
    `at` (epoch seconds on the world clock) delays it to when the change happens, e.g. a task's end."""
    state: PushState | None = seller.areas.get("push")
    if state is None or not state.subscriptions:
        return 0
    kind = message.get("message_type", "")
    now = world.clock.now().timestamp()
    queued = 0
    for sub in state.subscriptions.values():
        if sub["enabled"] and (kind == "TYPE_PING" or kind in sub["types"]):
            _enqueue(world, state, sub, message, max(now, at or now))
            queued += 1
    if queued:
        ensure_sender(world)
    return queued


def _enqueue(world, state: PushState, sub: dict[str, Any], message: dict[str, Any], now: float) -> None:
    state.outbox.append({"id": world.next_id("push_message", 0), "subscription_id": sub["id"], "url": sub["url"],
                         "message": message, "due_at": now, "attempts": 0, "created_at": now})


def ping(world, seller, sub: dict[str, Any]) -> None:
    now = world.clock.now().timestamp()
    _enqueue(world, state_of(seller), sub, {"message_type": "TYPE_PING", "time": stamp(now)}, now)
    ensure_sender(world)


# --- subscriptions ---------------------------------------------------------------------------------
def _seller(world, seller_or_id):
    if hasattr(seller_or_id, "client_id"):
        return seller_or_id
    seller = world.sellers.get(int(seller_or_id))
    if seller is None:
        raise KeyError(f"no seller {seller_or_id}")
    return seller


def _check_url(url: str) -> str:
    url = (url or "").strip()
    if not url.startswith(("http://", "https://")) or len(url) < 10:
        raise ValueError(f"url must be an http(s) URL, got {url!r}")
    return url


def subscribe(world, seller_or_id, url: str, types: list[str] | None = None, *, send_ping: bool = True
              ) -> dict[str, Any]:
    """Register a URL for a seller (ping sent at once); returns the subscription."""
    seller = _seller(world, seller_or_id)
    url = _check_url(url)
    wanted = list(types) if types else list(DEFAULT_TYPES)
    unknown = [t for t in wanted if t not in TYPES]
    if unknown:
        raise ValueError(f"unknown push type(s) {unknown}; known: {sorted(TYPES)}")
    with world.lock:
        state = state_of(seller)
        if any(s["url"] == url for s in state.subscriptions.values()):
            raise ValueError(f"{url} is already connected")
        sub = {"id": world.next_id("push_url", 1000), "url": url, "types": wanted, "enabled": True,
               "created_at": world.clock.now().timestamp(), "suspended": "", "sent": 0, "ok": 0,
               "failing_since": None}
        state.subscriptions[sub["id"]] = sub
        if send_ping:
            ping(world, seller, sub)
    return sub


def unsubscribe(world, seller_or_id, subscription_id: int) -> None:
    seller = _seller(world, seller_or_id)
    with world.lock:
        state = state_of(seller)
        if state.subscriptions.pop(int(subscription_id), None) is None:
            raise KeyError(f"no push URL {subscription_id}")
        state.outbox = [m for m in state.outbox if m["subscription_id"] != int(subscription_id)]


def deliveries(world, seller_or_id) -> list[dict[str, Any]]:
    """The seller's delivery attempts, oldest first."""
    with world.lock:
        return [dict(entry) for entry in state_of(_seller(world, seller_or_id)).log]


@seeds("push")
def seed_push(world, seller, spec: Any) -> None:
    """`push: {url: ..., types: [...]}` or a list of them."""
    for entry in spec if isinstance(spec, list) else [spec]:
        entry = {"url": entry} if isinstance(entry, str) else dict(entry)
        subscribe(world, seller, entry["url"], entry.get("types"), send_ping=entry.get("ping", True))


# --- delivering ------------------------------------------------------------------------------------
def check_reply(kind: str, status: int, content_type: str, raw: bytes) -> tuple[str, Any]:
    """('', body) when the reply is as documented, else (error type, body or text)."""
    if status >= 500:
        return "SERVER_FAULT", raw[:500].decode("utf-8", "replace")
    if status != 200:
        return "STATUS_CODE_NOT_OK", raw[:500].decode("utf-8", "replace")
    if not raw.strip():
        return "EMPTY_BODY", None
    if "json" not in content_type.lower():
        return "INVALID_BODY", raw[:500].decode("utf-8", "replace")
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return "INVALID_JSON", raw[:500].decode("utf-8", "replace")
    if kind == "TYPE_PING":
        if not isinstance(body, dict) or not all(isinstance(body.get(k), str) for k in ("version", "name", "time")):
            return "WRONG_RESULT_FIELD", body
        try:
            parse_iso(body["time"])
        except ValueError:
            return "WRONG_RESULT_TIME_FIELD", body
        return "", body
    if not isinstance(body, dict) or body.get("result") is not True:
        return "WRONG_RESULT_FIELD", body
    return "", body


def post(url: str, message: dict[str, Any], timeout: float) -> tuple[int, str, Any, float]:
    """One HTTP delivery: (status, error type or '', reply body, seconds)."""
    import httpx
    started = time.perf_counter()
    try:
        response = httpx.post(url, content=orjson.dumps(message), timeout=timeout,
                              headers={"Content-Type": "application/json", "User-Agent": "ozmock-push/1"})
    except httpx.TimeoutException:
        return 0, "REQUEST_TIMEOUT", None, time.perf_counter() - started
    except httpx.HTTPError as error:
        return 0, "REQUEST_ERROR", str(error), time.perf_counter() - started
    error, body = check_reply(message.get("message_type", ""), response.status_code,
                              response.headers.get("content-type", ""), response.content)
    return response.status_code, error, body, time.perf_counter() - started


def _timeout(world) -> float:
    return timing(world, "push_timeout_seconds")


def _delays(world) -> list[float]:
    value = limit(world, "push_retry_delays")
    return [float(v) for v in value] if isinstance(value, list) else list(RETRY_DELAYS)


_SEND_LOCKS: "weakref.WeakKeyDictionary[Any, threading.Lock]" = weakref.WeakKeyDictionary()
_GLOBAL = threading.Lock()


def _send_lock(world) -> threading.Lock:
    with _GLOBAL:
        lock = _SEND_LOCKS.get(world)
        if lock is None:
            lock = _SEND_LOCKS[world] = threading.Lock()
        return lock


def flush(world) -> int:
    """Settle the world's clock-driven changes and deliver every message due now. Returns attempts made."""

    with _send_lock(world):
        settle_world(world)
        now = world.clock.now().timestamp()
        batch = []
        with world.lock:
            for seller in list(world.sellers.values()):
                state = seller.areas.get("push")
                if state is None:
                    continue
                for item in state.outbox:
                    if not item.get("inflight") and item["due_at"] <= now:
                        item["inflight"] = True
                        batch.append((seller, state, item))
        timeout = _timeout(world)
        for seller, state, item in batch:
            status, error, body, seconds = post(item["url"], item["message"], timeout)
            _record(world, seller, state, item, status, error, body, seconds, now)
        return len(batch)


def _record(world, seller, state: PushState, item: dict[str, Any], status: int, error: str, body: Any,
            seconds: float, now: float) -> None:
    """Book one attempt made at world time `now` (retries count from the attempt, not from its answer)."""
    with world.lock:
        item.pop("inflight", None)
        item["attempts"] += 1
        kind = item["message"].get("message_type", "")
        sub = state.subscriptions.get(item["subscription_id"])
        entry = {"id": item["id"], "subscription_id": item["subscription_id"], "url": item["url"],
                 "message_type": kind, "attempt": item["attempts"], "at": stamp(now), "status": status,
                 "ok": not error, "error": error, "message": item["message"]}
        state.log.append(entry)
        del state.log[:-LOG_SIZE]
        world.journal.record(at=stamp(now),
                             method="POST", path=item["url"], operation=f"PUSH {kind}", client_id=seller.client_id,
                             status=status, request=item["message"],
                             response=body if not error else {"error": error, "reply": body},
                             source="push", trace_id=uuid.uuid4().hex, duration_ms=round(seconds * 1000, 3))
        delays = _delays(world)
        done = not error or item["attempts"] > len(delays) or sub is None
        if sub is not None:
            if not error:
                sub["failing_since"] = None
            elif sub.get("failing_since") is None:
                sub["failing_since"] = now
            if done:            # the ratio counts notifications, not attempts
                sub["sent"] += 1
                sub["ok"] += 0 if error else 1
        if done:
            if item in state.outbox:
                state.outbox.remove(item)
            if error and sub is not None:
                _suspend(state, sub, "deliveries failed after every retry")
        else:
            item["due_at"] = now + delays[item["attempts"] - 1]
        if sub is not None and sub["enabled"]:
            if sub["sent"] >= RATIO_MIN_MESSAGES and sub["ok"] * 2 < sub["sent"]:
                _suspend(state, sub, "fewer than half of the notifications were answered with 200")
            elif sub.get("failing_since") is not None and now - sub["failing_since"] >= SUSPEND_AFTER_SECONDS:
                _suspend(state, sub, "the service has answered with errors for 24 hours")


def _suspend(state: PushState, sub: dict[str, Any], reason: str) -> None:
    sub["enabled"] = False
    sub["suspended"] = reason
    state.outbox = [m for m in state.outbox if m["subscription_id"] != sub["id"] or m.get("inflight")]


def _active(world) -> bool:
    for seller in list(world.sellers.values()):
        state = seller.areas.get("push")
        if state is not None and (state.outbox or any(s["enabled"] for s in state.subscriptions.values())):
            return True
    return False


class _Sender(threading.Thread):
    def __init__(self, world):
        super().__init__(daemon=True, name="ozmock-push")
        self.ref = weakref.ref(world)

    def run(self) -> None:
        while True:
            world = self.ref()
            if world is None:
                return
            try:
                with _GLOBAL:
                    if _SENDERS.get(world) is not self:
                        return
                if not _active(world):
                    with _GLOBAL:
                        if _SENDERS.get(world) is self:
                            del _SENDERS[world]
                    return
                flush(world)
            except Exception:  # a bug must not kill deliveries for good
                log.exception("push sender pass failed")
            del world
            time.sleep(SENDER_INTERVAL)


_SENDERS: "weakref.WeakKeyDictionary[Any, _Sender]" = weakref.WeakKeyDictionary()


@settles(order=30)
def ensure_running(world, seller, now: float) -> None:
    """Start the sender if the seller has URLs or messages but the world no sender (e.g. restored
    from a snapshot). Runs in the settle stage, under the world's lock."""
    sender = _SENDERS.get(world)
    if sender is not None and sender.is_alive():
        return
    state = seller.areas.get("push")
    if state is not None and (state.outbox or any(s["enabled"] for s in state.subscriptions.values())):
        ensure_sender(world)


def ensure_sender(world) -> None:
    """Start the world's sender thread if it is not running."""
    with _GLOBAL:
        sender = _SENDERS.get(world)
        if sender is not None and sender.is_alive():
            return
        sender = _SENDERS[world] = _Sender(world)
    sender.start()


# --- the /v1/notification methods ------------------------------------------------------------------------
def _sub(call: Call) -> dict[str, Any]:
    sub = state_of(call.seller).subscriptions.get(as_int(call.body.get("id")))
    if sub is None:
        raise OzonError(5, "URL_NOT_FOUND")
    return sub


def _types_of(call: Call) -> list[str]:
    return [t for t in str_list(call.body.get("types")) if t in TYPES]


@handles("POST", "/v1/notification/set", writes=True)
def notification_set(call: Call) -> dict:
    types = _types_of(call)
    if not types:
        raise bad("INVALID_ARGUMENT")
    try:
        subscribe(call.world, call.seller, as_str(call.body.get("url")), types)
    except ValueError as error:
        raise bad(str(error)) from None
    return {}


@handles("POST", "/v1/notification/update", writes=True)
def notification_update(call: Call) -> dict:
    sub = _sub(call)
    url = as_str(call.body.get("url")).strip()
    types = _types_of(call)
    if url and url != sub["url"]:
        try:
            url = _check_url(url)
        except ValueError as error:
            raise bad(str(error)) from None
        if any(s["url"] == url for s in state_of(call.seller).subscriptions.values()):
            raise bad(f"{url} is already connected")
    if url and url != sub["url"]:
        sub["url"] = url
        ping(call.world, call.seller, sub)
    if types:
        sub["types"] = types
    return {}


@handles("POST", "/v1/notification/delete", writes=True)
def notification_delete(call: Call) -> dict:
    sub = _sub(call)
    unsubscribe(call.world, call.seller, sub["id"])
    return {}


@handles("POST", "/v1/notification/enable", writes=True)
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


@handles("POST", "/v1/notification/list")
def notification_list(call: Call) -> dict:
    subs = list(state_of(call.seller).subscriptions.values())
    return {"urls": [{"id": s["id"], "url": s["url"], "enable": s["enabled"],
                                   "created_at": stamp(s["created_at"]), "types": _type_entries(s["types"])}
                                  for s in subs]}


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


@handles("POST", "/v1/notification/check")
def notification_check(call: Call) -> dict:
    """Sends a TYPE_PING to the URL right away and reports what came back (not queued, not retried)."""
    url = as_str(call.body.get("url")).strip()
    try:
        _check_url(url)
    except ValueError as error:
        raise bad(str(error)) from None
    message = {"message_type": "TYPE_PING", "time": stamp(call.world.clock.now().timestamp())}
    status, error, body, seconds = post(url, message, _timeout(call.world))
    call.world.journal.record(at=stamp(call.world.clock.now().timestamp()), method="POST", path=url,
                              operation="PUSH TYPE_PING", client_id=call.seller.client_id, status=status,
                              request=message, response=body if not error else {"error": error, "reply": body},
                              source="push", trace_id=uuid.uuid4().hex, duration_ms=round(seconds * 1000, 3))
    errors = [{"type": error, "description": ERROR_TEXTS[error]}] if error else []
    return {"is_active": not error, "errors": errors}

