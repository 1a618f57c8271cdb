"""Chats (`/v1/chat/*`, `/v2/chat/*`, `/v3/chat/*`): buyer chats tied to postings, the support chat,
messages, files and unread counters, on the one clock.

- `/v1/chat/start` opens (or returns) the buyer chat of an FBS or rFBS posting of the seller, while
  the posting is not cancelled and until 72 hours after its delivery; only the buyer starts FBO
  chats (the operation description).
- The seller writes (`send/message`, `send/file`) within the documented windows: FBS/rFBS from
  payment until 72 hours after delivery, after that (and always for FBO) only within 48 hours of
  the buyer's last message. Support chats are always open to the seller; closed chats to nobody.
- Message ids grow across the seller's chats (uint64 in the 3e18 range, as the live API's);
  history pages both ways from a message (`Backward` by default, newest first).
- A message from anyone but the seller is unread until `/v2/chat/read` marks it and everything
  before it; the seller's own messages read as read once the buyer has answered after them.
- Busy scenarios (`chats: {buyer_message_every: 3600}`) get a buyer message every so many seconds
  of world time: into the quietest open buyer chat, or a new chat on the newest posting without
  one. They are computed when the chats are next read, never by a background job.

File messages are served by ozmock itself under `/__ozmock/files/chat/<file id>/<name>`.
"""
from __future__ import annotations

import base64
import binascii
import mimetypes
import random
import re
from typing import Any

from ...errors import OzonError
from ...registry import Call, handles, json_area, seeds, settles
from ..kit.dates import now_of, stamp
from ..kit.ids import new_uuid, stable_uuid
from ..kit.paging import offset_of, page_size, page_slice
from ..kit.values import as_int, as_str, obj
from ..orders.model import store_of
from ..push.delivery import emit

CHAT_NOT_FOUND = "chat not found"
SELLER_WINDOW_AFTER_DELIVERY = 72 * 3600.0
REPLY_WINDOW = 48 * 3600.0
MAX_ARRIVALS_PER_READ = 500
FIRST_MESSAGE_ID = 3_000_000_000_000_000_000
POSTING_NUMBER = re.compile(r"^\d+-\d+(-\d+)?$")
FILE_PREFIX = "/__ozmock/files/chat"
IMAGE_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp", "image/bmp")

# user types as each API version writes them
V3_USER = {"seller": "Seller", "customer": "Customer", "support": "Support", "crm": "Crm",
           "notification": "NotificationUser"}
V3_CHAT_TYPE = {"buyer": "BUYER_SELLER", "support": "SELLER_SUPPORT", "notification": "SELLER_NOTIFICATION_LOGISTICS"}
V2_CHAT_TYPE = {"buyer": "Buyer_Seller", "support": "Seller_Support", "notification": "Seller_Notification"}


def _create(seller, world) -> dict[str, Any]:
    return {"chats": {}, "order": [], "by_posting": {}, "files": {}, "buyer_every": 0.0, "next_buyer_at": None,
            "pending_buyer": 0}


json_area("chats", _create)


def chats_of(seller) -> dict[str, Any]:
    return seller.area("chats")


# --- messages -------------------------------------------------------------------------------------
def _new_message(world, seller, chat: dict[str, Any], at: float, user: str, user_id: str, text: str = "",
                 file: dict[str, Any] | None = None) -> dict[str, Any]:
    message = {"id": world.next_id("chat_message", FIRST_MESSAGE_ID), "at": at, "user": user, "user_id": user_id,
               "text": text, "file": file, "read": user == "seller", "read_by_other": False}
    chat["messages"].append(message)
    chat["last_at"] = at
    if user != "seller":
        chat["last_buyer_at"] = at
        for earlier in chat["messages"][:-1]:       # the buyer has seen the seller's messages before this one
            if earlier["user"] == "seller":
                earlier["read_by_other"] = True
    _push(world, seller, chat, message)
    return message


def _push(world, seller, chat: dict[str, Any], message: dict[str, Any]) -> None:
    """Tell push subscribers about a message from the other side."""
    if message["user"] == "seller":
        return
    emit(world, seller, {
        "message_type": "TYPE_NEW_MESSAGE", "chat_id": chat["id"], "chat_type": V2_CHAT_TYPE[chat["type"]],
        "message_id": str(message["id"]), "created_at": stamp(message["at"]),
        "user": {"id": message["user_id"], "type": V3_USER[message["user"]]}, "data": _data(message),
        "seller_id": seller.client_id})


def _data(message: dict[str, Any], base: str = "") -> list[str]:
    """The message body as the API gives it: Markdown lines (a file is a link, an image an image link);
    file links are absolute when the request's base URL is known."""
    if message["file"]:
        link = f"[{message['file']['name']}]({base}{message['file']['url']})"
        return [f"!{link}" if message["file"]["is_image"] else link]
    return [message["text"]]


def _unread(chat: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for m in chat["messages"] if not m["read"]]


def _is_read(message: dict[str, Any]) -> bool:
    return message["read_by_other"] if message["user"] == "seller" else message["read"]


# --- chats ----------------------------------------------------------------------------------------
def new_chat(world, seller, *, kind: str, at: float, posting=None, status: str = "OPENED",
             chat_id: str | None = None) -> dict[str, Any]:
    state = chats_of(seller)
    chat = {"id": chat_id or new_uuid(world), "type": kind, "status": status, "created_at": at, "last_at": at,
            "last_buyer_at": None, "posting_number": posting.number if posting is not None else "",
            "order_number": posting.order_number if posting is not None else "",
            "scheme": posting.scheme if posting is not None else "",
            "sku": posting.lines[0]["sku"] if posting is not None and posting.lines else 0,
            "buyer_id": str(posting.customer_seed % 100_000_000) if posting is not None else "",
            "messages": []}
    state["chats"][chat["id"]] = chat
    state["order"].append(chat["id"])
    if posting is not None:
        state["by_posting"][posting.number] = chat["id"]
    return chat


@settles(order=20)
def settle(world, seller, now: float) -> None:
    """Buyer messages due by `now` in a busy scenario arrive, each at its own time (and the
    scenario's buyer chats open once the seller has postings)."""
    state = seller.areas.get("chats")
    if state is None:
        return
    if state.get("pending_buyer"):
        _open_seeded(world, seller, now)
    every, due = state["buyer_every"], state["next_buyer_at"]
    if not every or due is None or due > now:
        return
    arrivals = 0
    while due <= now and arrivals < MAX_ARRIVALS_PER_READ:
        _buyer_writes(world, seller, due)
        due += every
        arrivals += 1
    if due <= now:        # too far behind: skip the rest of the backlog rather than flood the chats
        due += ((now - due) // every + 1) * every
    state["next_buyer_at"] = due


BUYER_LINES = ("Здравствуйте! Когда отправите заказ?", "Подскажите, товар в наличии?", "Можно изменить адрес доставки?",
               "Спасибо, всё получил!", "А есть другой цвет?", "Заказ ещё не пришёл, что с ним?")


def _buyer_writes(world, seller, at: float) -> None:
    state = chats_of(seller)
    open_chats = [state["chats"][cid] for cid in state["order"]
                  if state["chats"][cid]["type"] == "buyer" and state["chats"][cid]["status"] == "OPENED"]
    store = store_of(seller)
    fresh = None
    for posting in sorted(store.postings.values(), key=lambda p: -p.seq):
        if posting.number not in state["by_posting"] and posting.status != "cancelled" and posting.created_at <= at:
            fresh = posting
            break
    if fresh is not None and (not open_chats or len(open_chats) % 2 == 0):
        chat = new_chat(world, seller, kind="buyer", at=at, posting=fresh)
    elif open_chats:
        chat = min(open_chats, key=lambda c: (c["last_at"], c["id"]))
    else:
        return
    line = BUYER_LINES[len(chat["messages"]) % len(BUYER_LINES)]
    _new_message(world, seller, chat, at, "customer", chat["buyer_id"] or "0", line)


def _chat(call: Call, chat_id: Any) -> dict[str, Any]:
    state = chats_of(call.seller)
    chat = state["chats"].get(as_str(chat_id))
    if chat is None:
        raise OzonError(5, CHAT_NOT_FOUND)
    return chat


def _check_can_write(call: Call, chat: dict[str, Any], now: float) -> None:
    if chat["status"] != "OPENED":
        raise OzonError(3, "the chat is closed")
    if chat["type"] != "buyer":
        return
    replying = chat["last_buyer_at"] is not None and now - chat["last_buyer_at"] <= REPLY_WINDOW
    if chat["scheme"] == "fbo":
        if not replying:
            raise OzonError(3, "in an FBO chat you can write only within 48 hours of the buyer's last message")
        return
    posting = store_of(call.seller).get(chat["posting_number"])
    delivered_at = getattr(posting, "delivered_at", None)
    if delivered_at is not None and now - delivered_at > SELLER_WINDOW_AFTER_DELIVERY and not replying:
        raise OzonError(3, "72 hours after delivery you can only answer the buyer, within 48 hours of their "
                           "last message")


@handles("POST", "/v1/chat/start", writes=True, exact=True)
def chat_start(call: Call) -> dict:
    number = as_str(call.body.get("posting_number")).strip()
    state, now = chats_of(call.seller), now_of(call)
    if not POSTING_NUMBER.match(number):
        raise OzonError(3, f"invalid posting_number {number!r}")
    posting = store_of(call.seller).get(number)
    if posting is None:
        raise OzonError(5, "posting not found")
    existing = state["by_posting"].get(number)
    if existing is not None:
        return {"result": {"chat_id": existing}}
    if posting.scheme == "fbo":
        raise OzonError(3, "only the buyer can start a chat about an FBO posting")
    if posting.scheme == "crossborder":
        raise OzonError(3, "chats are not available for crossborder postings")
    if posting.status == "cancelled":
        raise OzonError(3, "the posting is cancelled: a chat cannot be started")
    if posting.delivered_at is not None and now - posting.delivered_at > SELLER_WINDOW_AFTER_DELIVERY:
        raise OzonError(3, "a chat can be started only within 72 hours after delivery")
    chat = new_chat(call.world, call.seller, kind="buyer", at=now, posting=posting)
    return {"result": {"chat_id": chat["id"]}}


@handles("POST", "/v1/chat/send/message", writes=True, exact=True)
def send_message(call: Call) -> dict:
    chat, now = _chat(call, call.body.get("chat_id")), now_of(call)
    text = as_str(call.body.get("text"))
    if not 1 <= len(text) <= 1000:
        raise OzonError(3, "text: value length must be between 1 and 1000 runes")
    _check_can_write(call, chat, now)
    _new_message(call.world, call.seller, chat, now, "seller", str(call.seller.client_id), text)
    return {"result": "success"}


@handles("POST", "/v1/chat/send/file", writes=True, exact=True)
def send_file(call: Call) -> dict:
    chat, now = _chat(call, call.body.get("chat_id")), now_of(call)
    name = as_str(call.body.get("name")).strip()
    if not name:
        raise OzonError(3, "name: value length must be at least 1 runes")
    try:
        content = base64.b64decode(as_str(call.body.get("base64_content")), validate=True)
    except (binascii.Error, ValueError):
        raise OzonError(3, "base64_content is not valid base64") from None
    if not content:
        raise OzonError(3, "base64_content: the file is empty")
    _check_can_write(call, chat, now)
    mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
    file_id = new_uuid(call.world)
    safe = re.sub(r"[^\w.\-]+", "_", name) or "file"
    chats_of(call.seller)["files"][file_id] = {"name": name, "mime": mime,
                                               "content": base64.b64encode(content).decode()}
    _new_message(call.world, call.seller, chat, now, "seller", str(call.seller.client_id), file={
        "id": file_id, "name": name, "mime": mime, "size": len(content), "is_image": mime in IMAGE_TYPES,
        "url": f"{FILE_PREFIX}/{file_id}/{safe}"})
    return {"result": "success"}


def chat_file(world, file_id: str) -> dict[str, Any] | None:
    """A file sent into a chat, for the file route: {name, mime, content (bytes)}."""
    for seller in world.sellers.values():
        state = seller.areas.get("chats")
        found = state["files"].get(file_id) if state else None
        if found is not None:
            return {"name": found["name"], "mime": found["mime"], "content": base64.b64decode(found["content"])}
    return None


# --- lists ----------------------------------------------------------------------------------------
def _listed(call: Call) -> list[dict[str, Any]]:
    """The seller's chats, most recently active first, after the status / unread filters."""
    state = chats_of(call.seller)
    flt = obj(call.body.get("filter"))
    status = as_str(flt.get("chat_status") or "All").upper()
    if status not in ("ALL", "OPENED", "CLOSED", "UNSPECIFIED"):
        raise OzonError(3, "filter.chat_status must be one of All, Opened, Closed")
    chats = [state["chats"][cid] for cid in state["order"]]
    chats = [c for c in chats if status in ("ALL", "UNSPECIFIED") or c["status"] == status]
    if flt.get("unread_only"):
        chats = [c for c in chats if _unread(c)]
    return sorted(chats, key=lambda c: (-c["last_at"], c["id"]))


def _total_unread(call: Call) -> int:
    return sum(len(_unread(c)) for c in chats_of(call.seller)["chats"].values())


def _counters(chat: dict[str, Any]) -> dict[str, Any]:
    unread = _unread(chat)
    last = chat["messages"][-1]["id"] if chat["messages"] else 0
    return {"unread_count": len(unread), "first_unread_message_id": str(unread[0]["id"]) if unread else "0",
            "last_message_id": str(last)}


@handles("POST", "/v3/chat/list", exact=True)
def list_v3(call: Call) -> dict:
    chats = _listed(call)
    size = page_size(call.body.get("limit"), 30, 100)
    cursor = as_str(call.body.get("cursor"))
    start = as_int(cursor, -1) if cursor else 0
    if start < 0:
        start = len(chats)
    page = chats[start:start + size]
    more = start + size < len(chats)
    return {"chats": [{"chat": {"chat_id": c["id"], "chat_status": c["status"], "chat_type": V3_CHAT_TYPE[c["type"]],
                                "created_at": stamp(c["created_at"])}, **_counters(c)} for c in page],
            "total_unread_count": _total_unread(call), "has_next": more,
            "cursor": str(start + size) if more else ""}


@handles("POST", "/v2/chat/list", exact=True)
def list_v2(call: Call) -> dict:
    chats = _listed(call)
    size = page_size(call.body.get("limit"), 30, 1000)
    offset = offset_of(call.body.get("offset"))
    return {"chats": [{"chat_id": c["id"], "chat_status": c["status"].capitalize(),
                       "chat_type": V2_CHAT_TYPE[c["type"]], "created_at": stamp(c["created_at"]), **_counters(c)}
                      for c in chats[offset:offset + size]],
            "total_chats_count": len(chats), "total_unread_count": _total_unread(call)}


@handles("POST", "/v1/chat/list", exact=True)
def list_v1(call: Call) -> dict:
    state = chats_of(call.seller)
    wanted = [as_str(c) for c in call.body.get("chat_id_list") or []]
    chats = [state["chats"][cid] for cid in wanted if cid in state["chats"]] if wanted else \
        sorted(state["chats"].values(), key=lambda c: (-c["last_at"], c["id"]))
    page, _ = page_slice(chats, call.body.get("page"), call.body.get("page_size"), default=100, maximum=1000)
    rows = []
    for chat in page:
        users = [{"id": str(call.seller.client_id), "type": "seller"}]
        if chat["type"] == "buyer":
            users.append({"id": chat["buyer_id"], "type": "customer"})
        else:
            users.append({"id": "0", "type": "support"})
        rows.append({"id": chat["id"], "last_message_id": _counters(chat)["last_message_id"], "users": users})
    return {"result": rows}


# --- history --------------------------------------------------------------------------------------
def _window(chat: dict[str, Any], direction: str, start: int | None, limit: int) -> tuple[list, bool]:
    messages = chat["messages"]
    if direction == "FORWARD":
        rest = [m for m in messages if start is None or m["id"] >= start]
    else:
        rest = [m for m in reversed(messages) if start is None or m["id"] <= start]
    return rest[:limit], len(rest) > limit


def _history(call: Call, *, maximum: int) -> tuple[dict[str, Any], list, bool]:
    chat = _chat(call, call.body.get("chat_id"))
    direction = as_str(call.body.get("direction") or "Backward").upper()
    if direction not in ("FORWARD", "BACKWARD"):
        raise OzonError(3, "direction must be Forward or Backward")
    raw = call.body.get("from_message_id")
    start = as_int(raw) if raw not in (None, "", 0, "0") else None
    if direction == "FORWARD" and start is None:
        raise OzonError(3, "from_message_id is required when direction is Forward")
    limit = page_size(call.body.get("limit"), 50, maximum)
    flt = obj(call.body.get("filter"))
    wanted = {as_int(m) for m in flt.get("message_ids") or []}
    if wanted:
        picked = [m for m in chat["messages"] if m["id"] in wanted]
        if direction == "BACKWARD":
            picked.reverse()
        return chat, picked[:limit], len(picked) > limit
    page, more = _window(chat, direction, start, limit)
    return chat, page, more


def _base(call: Call) -> str:
    """The request's scheme://host, so file links are absolute."""
    return call.base_url.rstrip("/")


def _user(message: dict[str, Any]) -> dict[str, str]:
    return {"id": message["user_id"], "type": V3_USER[message["user"]]}


@handles("POST", "/v3/chat/history")
def history_v3(call: Call) -> dict:
    chat, page, more = _history(call, maximum=1000)
    rows = []
    for m in page:
        row = {"message_id": str(m["id"]), "user": _user(m), "created_at": stamp(m["at"]),
               "is_read": _is_read(m), "data": _data(m, _base(call)),
               "is_image": bool(m["file"] and m["file"]["is_image"]),
               "context": {"order_number": chat["order_number"], "sku": str(chat["sku"]) if chat["sku"] else ""}}
        if row["is_image"]:
            row["moderate_image_status"] = "SUCCESS"
        rows.append(row)
    return {"messages": rows, "has_next": more}


@handles("POST", "/v2/chat/history")
def history_v2(call: Call) -> dict:
    chat, page, more = _history(call, maximum=1000)
    return {"messages": [{"message_id": str(m["id"]), "user": _user(m), "created_at": stamp(m["at"]),
                          "is_read": _is_read(m), "data": _data(m, _base(call))} for m in page], "has_next": more}


def _v1_message(call: Call, chat: dict[str, Any], message: dict[str, Any]) -> dict[str, Any]:
    row = {"id": str(message["id"]), "user": {"id": message["user_id"], "type": message["user"]},
           "created_at": stamp(message["at"]), "type": "file" if message["file"] else "text",
           "text": message["text"],
           "context": {"item": {"sku": chat["sku"]},
                       "order": {"order_number": chat["order_number"], "postings": [
                           {"posting_number": chat["posting_number"], "delivery_schema": chat["scheme"],
                            "sku_list": [chat["sku"]] if chat["sku"] else []}] if chat["posting_number"] else []}}}
    file = message["file"]
    row["file"] = ({"name": file["name"], "mime": file["mime"], "size": file["size"], "url": _base(call) + file["url"]}
                   if file else {"name": "", "mime": "", "size": 0, "url": ""})   # a text message: zero values
    return row


@handles("POST", "/v1/chat/history", exact=True)
def history_v1(call: Call) -> dict:
    """Up to `limit` messages up to `from_message_id` (the newest by default), oldest first."""
    chat = _chat(call, call.body.get("chat_id"))
    start = as_int(call.body.get("from_message_id")) or None
    limit = page_size(call.body.get("limit"), 100, 1000)
    page, _ = _window(chat, "BACKWARD", start, limit)
    return {"result": [_v1_message(call, chat, m) for m in reversed(page)]}


@handles("POST", "/v1/chat/updates", exact=True)
def updates_v1(call: Call) -> dict:
    """Messages after `from_message_id` (all when absent), oldest first: what arrived since the last poll."""
    chat = _chat(call, call.body.get("chat_id"))
    after = as_int(call.body.get("from_message_id"))
    limit = page_size(call.body.get("limit"), 100, 1000)
    fresh = [m for m in chat["messages"] if m["id"] > after][:limit]
    return {"result": [_v1_message(call, chat, m) for m in fresh]}


@handles("POST", "/v2/chat/read", writes=True, exact=True)
def read_v2(call: Call) -> dict:
    chat = _chat(call, call.body.get("chat_id"))
    upto = as_int(call.body.get("from_message_id"))
    if upto and not any(m["id"] == upto for m in chat["messages"]):
        raise OzonError(5, "message not found in this chat")
    for message in chat["messages"]:
        if not upto or message["id"] <= upto:
            message["read"] = True
    return {"unread_count": len(_unread(chat))}


# --- scenario -------------------------------------------------------------------------------------
def _open_seeded(world, seller, now: float) -> None:
    """Buyer chats of the scenario on the seller's newest postings, once there are postings (the
    postings may be seeded after the chats)."""
    state = chats_of(seller)
    store = store_of(seller)
    if not store.postings:
        return
    rng = random.Random(f"{world.seed}:{seller.client_id}:buyer-chats")
    newest = sorted((p for p in store.postings.values() if p.status != "cancelled" and p.scheme in ("fbs", "rfbs")
                     and p.number not in state["by_posting"]), key=lambda p: -p.seq)
    for posting in newest[:state["pending_buyer"]]:
        chat = new_chat(world, seller, kind="buyer", at=posting.created_at, posting=posting,
                        chat_id=stable_uuid("buyer-chat", seller.client_id, posting.number))
        _new_message(world, seller, chat, max(posting.created_at, min(now, posting.created_at + 3600)), "customer",
                     chat["buyer_id"], rng.choice(BUYER_LINES))
    state["pending_buyer"] = 0


SUPPORT_LINES = ("Здравствуйте! Напоминаем: отгрузите отправления до конца дня.",
                 "Ваше обращение по выплатам рассмотрено, подробности в разделе «Финансы».")


@seeds("chats")
def seed_chats(world, seller, spec: Any) -> None:
    """`chats: {support: true, buyer: 2, buyer_message_every: 3600}`: the support chat with a
    message, buyer chats on the seller's newest FBS/rFBS postings (once it has any), and buyer messages
    arriving every so many seconds of world time (0: never)."""
    spec = spec if isinstance(spec, dict) else {"buyer": int(spec or 0)}
    rng = random.Random(f"{world.seed}:{seller.client_id}:chats")
    now = world.clock.now().timestamp()
    state = chats_of(seller)
    if spec.get("support", True):
        chat = new_chat(world, seller, kind="support", at=now - 3 * 86_400,
                        chat_id=stable_uuid("support-chat", seller.client_id))
        _new_message(world, seller, chat, now - 3 * 86_400, "support", "0", rng.choice(SUPPORT_LINES))
    state["pending_buyer"] = int(spec.get("buyer", 0))
    _open_seeded(world, seller, now)
    every = float(spec.get("buyer_message_every", 0) or 0)
    if every > 0:
        state["buyer_every"], state["next_buyer_at"] = every, now + every
