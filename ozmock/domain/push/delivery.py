"""Push notifications: a seller registers URLs (the `/v1/notification/*` methods in
`notifications.py`, the scenario's `push:` section, `subscribe()` or the control API) and ozmock POSTs
the documented messages to them when the world changes — TYPE_PING on registration, TYPE_NEW_POSTING,
TYPE_POSTING_CANCELLED, TYPE_STATE_CHANGED, TYPE_CUTOFF_DATE_CHANGED, TYPE_DELIVERY_DATE_CHANGED,
TYPE_STOCKS_CHANGED, and whatever other areas `emit()` (chats, products).

Delivery. Messages wait in a per-seller outbox with a due time on the world clock. The world's
sender thread (`world.push_sender`, started when a message is queued, gone when nothing is left)
runs `flush()` every few milliseconds of wall time: it settles the world's clock-driven changes and
POSTs what is due; tests call `flush(world)` to deliver without waiting. Everything read from or
written to the world happens under `world.lock`; the POSTs happen outside it. The reply is checked
as documented (HTTP 200 with `{"result": true}`, or `{"version", "name", "time"}` for TYPE_PING);
a failed delivery is retried after 5, 10, 20, 40, 80, 160 and 320 s and then 5 more times every
600 s of world time. A URL whose deliveries keep failing (retries exhausted, fewer than half
answered 200 after 10 messages, or failing for 24 h) is suspended until re-enabled. Every attempt
is recorded in the journal (`source` "push", operation `PUSH <message type>`).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import orjson

from ...clock import parse_iso
from ...pipeline.journal import journal_operations
from ...pipeline.settle import settle_world
from ...registry import register_area, seeds, settles
from ..kit.dates import stamp
from ..kit.timings import declare_limits, declare_timings, limit, timing

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
SUSPEND_AFTER_SECONDS = 86_400.0
RATIO_MIN_MESSAGES = 10
LOG_SIZE = 1000
journal_operations(f"PUSH {message_type}" for message_type in TYPES)   # what journal queries may name
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
        state.__setstate__(data or {})
        state.outbox = list(state.outbox)
        state.log = list(state.log)
        return state

    def __getstate__(self):
        return self.to_json()

    def __setstate__(self, state):
        self.subscriptions = {int(s["id"]): s for s in state.get("subscriptions", [])}
        self.outbox = state.get("outbox", [])
        self.log = state.get("log", [])

    def pending(self) -> bool:
        """Anything queued, or a URL that may get something."""
        return bool(self.outbox) or any(s["enabled"] for s in self.subscriptions.values())


register_area("push", lambda seller, world: PushState(), PushState.to_json, PushState.from_json)


def state_of(seller) -> PushState:
    return seller.area("push")


# --- emitting (callers hold world.lock: handlers run under it) ------------------------------------------
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


def check_url(url: str, world=None) -> str:
    """An http(s) URL, and with a world, one its push targets allow (`--push-allow`)."""
    url = (url or "").strip()
    if not url.startswith(("http://", "https://")) or len(url) < 10:
        raise ValueError(f"url must be an http(s) URL, got {url!r}")
    if world is not None and not world.push_sender.allows(url, world.settings.push_allow):
        raise ValueError(f"url {url!r} is not among the allowed push targets (--push-allow)")
    return url


def subscribe(world, seller_or_id, url: str, types: list[str] | None = None, *, send_ping: bool = True
              ) -> dict[str, Any]:
    """Register a URL for a seller (ping sent at once); returns the subscription."""
    with world.lock:
        seller = _seller(world, seller_or_id)
        url = check_url(url, world)
        wanted = list(types) if types else list(DEFAULT_TYPES)
        unknown = [t for t in wanted if t not in TYPES]
        if unknown:
            raise ValueError(f"unknown push type(s) {unknown}; known: {sorted(TYPES)}")
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
    with world.lock:
        state = state_of(_seller(world, seller_or_id))
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


# --- replies ---------------------------------------------------------------------------------------
def _text(raw: bytes) -> str:
    """The start of a reply that is not the documented JSON, as the journal shows it."""
    return raw[:500].decode("utf-8", "replace")


def check_reply(kind: str, status: int, content_type: str, raw: bytes) -> tuple[str, Any]:
    """('', body) when the reply is as documented, else (error type, body or text)."""
    if status >= 500:
        return "SERVER_FAULT", _text(raw)
    if status != 200:
        return "STATUS_CODE_NOT_OK", _text(raw)
    if not raw.strip():
        return "EMPTY_BODY", None
    if "json" not in content_type.lower():
        return "INVALID_BODY", _text(raw)
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return "INVALID_JSON", _text(raw)
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


def deliver(world, url: str, payload: bytes, kind: str, timeout: float) -> tuple[int, str, Any, float]:
    """POST one message through the world's sender and judge the reply: (status, error type or '',
    reply body, seconds). The sender thread calls it outside `world.lock`: no lock is held over HTTP."""
    answer = world.push_sender.post(url, payload, timeout, world.settings.push_allow)
    if answer.error:
        return answer.status, answer.error, answer.detail, answer.seconds
    error, body = check_reply(kind, answer.status, answer.content_type, answer.content)
    return answer.status, error, body, answer.seconds


def journal_attempt(world, client_id: int, url: str, message: dict[str, Any], status: int, error: str,
                    body: Any, seconds: float, now: float) -> None:
    """One push attempt in the call journal, next to the API calls that caused it."""
    # The receiver's reply is judged, never kept: only its status and the verdict (issue 14: a push target
    # must not be a way to read another host's answers back through the journal). `body` is ozmock's own
    # text only when no reply came at all (REQUEST_ERROR, REQUEST_TIMEOUT).
    response: dict[str, Any] = {"status": status}
    if error:
        response["error"] = error
        if not status and isinstance(body, str):
            response["detail"] = body
    world.journal.record(at=stamp(now), method="POST", path=url,
                         operation=f"PUSH {message.get('message_type', '')}", client_id=client_id,
                         status=status, request=message, response=response,
                         source="push", trace_id=uuid.uuid4().hex, duration_ms=round(seconds * 1000, 3))


def push_timeout(world) -> float:
    return timing(world, "push_timeout_seconds")


def _delays(world) -> list[float]:
    value = limit(world, "push_retry_delays")
    return [float(v) for v in value] if isinstance(value, list) else list(RETRY_DELAYS)


# --- delivering ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Attempt:
    """An outbox item taken for delivery, with what the POST needs copied out under the lock."""

    seller: Any
    state: PushState
    item: dict[str, Any]
    url: str
    payload: bytes
    kind: str


def flush(world) -> int:
    """Settle the world's clock-driven changes and deliver every message due now; returns the attempts
    made. Waits for a pass of the sender thread in progress, so what was due has been tried when it
    returns. Call it without holding `world.lock`: each attempt is booked under that lock."""
    with world.push_sender.passes:
        with world.lock:
            settle_world(world)
            now = world.clock.now().timestamp()
            batch = _take_due(world, now)
            timeout = push_timeout(world)
        for attempt in batch:
            status, error, body, seconds = deliver(world, attempt.url, attempt.payload, attempt.kind, timeout)
            _book(world, attempt, status, error, body, seconds, now)
        return len(batch)


def _take_due(world, now: float) -> list[_Attempt]:
    """Mark every message due by `now` as in flight and copy out what its POST needs (under the lock)."""
    batch = []
    for seller in list(world.sellers.values()):
        state = seller.areas.get("push")
        if state is None:
            continue
        for item in state.outbox:
            if not item.get("inflight") and item["due_at"] <= now:
                item["inflight"] = True
                batch.append(_Attempt(seller, state, item, item["url"], orjson.dumps(item["message"]),
                                      item["message"].get("message_type", "")))
    return batch


def _book(world, attempt: _Attempt, status: int, error: str, body: Any, seconds: float, now: float) -> None:
    """Book one attempt made at world time `now` (retries count from the attempt, not from its answer)."""
    state, item = attempt.state, attempt.item
    with world.lock:
        item.pop("inflight", None)
        item["attempts"] += 1
        state.log.append({"id": item["id"], "subscription_id": item["subscription_id"], "url": item["url"],
                          "message_type": attempt.kind, "attempt": item["attempts"], "at": stamp(now),
                          "status": status, "ok": not error, "error": error, "message": item["message"]})
        del state.log[:-LOG_SIZE]
        journal_attempt(world, attempt.seller.client_id, item["url"], item["message"], status, error, body,
                        seconds, now)
        sub = state.subscriptions.get(item["subscription_id"])
        delays = _delays(world)
        done = not error or item["attempts"] > len(delays) or sub is None
        if sub is not None:
            _count(sub, error, done, now)
        if done:
            if item in state.outbox:
                state.outbox.remove(item)
            if error and sub is not None:
                _suspend(state, sub, "deliveries failed after every retry")
        else:
            item["due_at"] = now + delays[item["attempts"] - 1]
        if sub is not None and sub["enabled"]:
            _suspend_if_failing(state, sub, now)


def _count(sub: dict[str, Any], error: str, done: bool, now: float) -> None:
    """Track how long a URL has been failing, and the notifications (not attempts) it answered."""
    if not error:
        sub["failing_since"] = None
    elif sub.get("failing_since") is None:
        sub["failing_since"] = now
    if done:
        sub["sent"] += 1
        sub["ok"] += 0 if error else 1


def _suspend_if_failing(state: PushState, sub: dict[str, Any], now: float) -> None:
    if sub["sent"] >= RATIO_MIN_MESSAGES and sub["ok"] * 2 < sub["sent"]:
        _suspend(state, sub, "fewer than half of the notifications were answered with 200")
    elif sub.get("failing_since") is not None and now - sub["failing_since"] >= SUSPEND_AFTER_SECONDS:
        _suspend(state, sub, "the service has answered with errors for 24 hours")


def _suspend(state: PushState, sub: dict[str, Any], reason: str) -> None:
    sub["enabled"] = False
    sub["suspended"] = reason
    state.outbox = [m for m in state.outbox if m["subscription_id"] != sub["id"] or m.get("inflight")]


# --- the sender ------------------------------------------------------------------------------------
def pending(world) -> bool:
    """Does any seller have messages queued or a URL that may get some? (under `world.lock`)"""
    states = (seller.areas.get("push") for seller in list(world.sellers.values()))
    return any(state is not None and state.pending() for state in states)


def ensure_sender(world) -> None:
    """Start the world's sender thread if it is not running (under `world.lock`)."""
    world.push_sender.start(world, flush, pending)


@settles(order=30)
def ensure_running(world, seller, now: float) -> None:
    """Start the sender if the seller has URLs or messages but the world no sender (e.g. restored
    from a snapshot). Runs in the settle stage, under the world's lock."""
    if world.push_sender.running:
        return
    state = seller.areas.get("push")
    if state is not None and state.pending():
        ensure_sender(world)
