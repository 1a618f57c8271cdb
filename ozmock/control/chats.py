"""A seller's chats from outside, read-only (the dashboard, scripts):

    GET /__ozmock/sellers/{client_id}/chats             every chat, most recently active first
    GET /__ozmock/sellers/{client_id}/chats/{chat_id}   one chat with its messages, oldest first

Read after the seller is settled, so buyer messages due by now have arrived, as on the next API call."""
from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..domain.communication.chats import chats_of
from ..domain.kit.dates import stamp
from .common import json_response, problem, seller_view


def chat_json(chat: dict[str, Any]) -> dict[str, Any]:
    return {"chat_id": chat["id"], "type": chat["type"], "status": chat["status"],
            "posting_number": chat["posting_number"], "created_at": stamp(chat["created_at"]),
            "last_at": stamp(chat["last_at"]), "messages": len(chat["messages"]),
            "unread": sum(not message["read"] for message in chat["messages"])}


def message_json(message: dict[str, Any]) -> dict[str, Any]:
    return {"id": str(message["id"]), "at": stamp(message["at"]), "user": message["user"], "text": message["text"],
            "file": {"name": message["file"]["name"], "url": message["file"]["url"]} if message["file"] else None,
            "read": message["read"]}


@seller_view
def chats(request: Request, world, seller) -> Response:
    found = sorted(chats_of(seller)["chats"].values(), key=lambda chat: (-chat["last_at"], chat["id"]))
    return json_response({"chats": [chat_json(chat) for chat in found]})


@seller_view
def chat(request: Request, world, seller) -> Response:
    found = chats_of(seller)["chats"].get(request.path_params["chat_id"])
    if found is None:
        return problem("chat not found", 404)
    return json_response({**chat_json(found), "messages": [message_json(m) for m in found["messages"]]})


def routes() -> list[Route]:
    return [
        Route("/__ozmock/sellers/{client_id:int}/chats", chats, methods=["GET"]),
        Route("/__ozmock/sellers/{client_id:int}/chats/{chat_id}", chat, methods=["GET"]),
    ]
