"""Chats: start on a posting -> send message and file -> history both ways -> buyer answers -> read."""
import base64

import pytest

from tests.support import ok, orders

pytestmark = pytest.mark.ozon_options(rate_limit_per_second=None)  # flows make many calls per frozen second

PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010804000000b51c0c020000000b4944415478da63fcff1f0003"
    "03020099b25e3d0000000049454e44ae426082")).decode()


def test_chat_flow(ozon, client, other, fetch):
    posting = orders(ozon)[0]
    chat_id = ok(client.post("/v1/chat/start", json={"posting_number": posting.number}))["result"]["chat_id"]
    assert ok(client.post("/v1/chat/start", json={"posting_number": posting.number}))["result"]["chat_id"] == chat_id
    ok(client.post("/v1/chat/send/message", json={"chat_id": chat_id, "text": "Здравствуйте! Заказ собран."}))
    ok(client.post("/v1/chat/send/file", json={"chat_id": chat_id, "name": "label.png", "base64_content": PNG}))

    listed = ok(client.post("/v3/chat/list", json={"limit": 100}))
    row = next(c for c in listed["chats"] if c["chat"]["chat_id"] == chat_id)
    assert row["chat"]["chat_type"] == "BUYER_SELLER" and row["chat"]["chat_status"] == "OPENED"
    assert row["unread_count"] == 0

    history = ok(client.post("/v3/chat/history", json={"chat_id": chat_id, "limit": 10}))["messages"]
    assert [m["user"]["type"] for m in history] == ["Seller", "Seller"]
    newest, oldest = history
    assert int(newest["message_id"]) > int(oldest["message_id"]) and oldest["data"] == ["Здравствуйте! Заказ собран."]
    assert newest["is_image"] and newest["context"]["order_number"] == posting.order_number
    url = newest["data"][0].split("](")[1].rstrip(")")
    image = fetch(url)
    assert image.status_code == 200 and image.content == base64.b64decode(PNG)
    forward = ok(client.post("/v3/chat/history", json={"chat_id": chat_id, "direction": "Forward",
                                                      "from_message_id": oldest["message_id"], "limit": 1}))
    assert [m["message_id"] for m in forward["messages"]] == [oldest["message_id"]] and forward["has_next"]
    assert client.post("/v3/chat/history", json={"chat_id": chat_id, "direction": "Forward"}).status_code == 400

    # the buyer answers: unread counters, then /v2/chat/read
    from ozmock.domain.communication.chats import _new_message, chats_of
    chat = chats_of(ozon.seller())["chats"][chat_id]
    answer = _new_message(ozon.world, ozon.seller(), chat, ozon.clock.now().timestamp() + 1, "customer",
                          chat["buyer_id"], "Спасибо!")
    unread = ok(client.post("/v3/chat/list", json={"limit": 100, "filter": {"unread_only": True}}))["chats"]
    row = next(c for c in unread if c["chat"]["chat_id"] == chat_id)
    assert row["unread_count"] == 1 and row["first_unread_message_id"] == str(answer["id"])
    assert row["last_message_id"] == str(answer["id"])
    history = ok(client.post("/v3/chat/history", json={"chat_id": chat_id}))["messages"]
    assert history[0]["user"]["type"] == "Customer" and not history[0]["is_read"]
    assert history[1]["is_read"]                       # the buyer has seen the seller's messages
    assert ok(client.post("/v2/chat/read", json={"chat_id": chat_id, "from_message_id": answer["id"]})) == {
        "unread_count": 0}
    assert ok(client.post("/v3/chat/history", json={"chat_id": chat_id}))["messages"][0]["is_read"]

    # legacy views of the same chat
    v1 = ok(client.post("/v1/chat/history", json={"chat_id": chat_id}))["result"]
    assert [m["text"] for m in v1][-1] == "Спасибо!" and v1[1]["type"] == "file"
    updates = ok(client.post("/v1/chat/updates", json={"chat_id": chat_id, "from_message_id": oldest["message_id"]}))
    assert [m["id"] for m in updates["result"]] == [newest["message_id"], str(answer["id"])]
    assert chat_id in [c["id"] for c in ok(client.post("/v1/chat/list", json={"page": 1, "page_size": 10}))["result"]]
    v2 = ok(client.post("/v2/chat/list", json={"limit": 10}))
    assert v2["total_chats_count"] == len(listed["chats"])

    # the second seller sees none of it
    assert other.post("/v3/chat/history", json={"chat_id": chat_id}).status_code == 404
    assert other.post("/v1/chat/send/message", json={"chat_id": chat_id, "text": "x"}).status_code == 404
    assert chat_id not in [c["chat"]["chat_id"] for c in ok(other.post("/v3/chat/list", json={"limit": 100}))["chats"]]
    assert other.post("/v1/chat/start", json={"posting_number": posting.number}).status_code == 404


def test_start_rules(ozon, client):
    fbo = orders(ozon, scheme="fbo")[0]
    assert client.post("/v1/chat/start", json={"posting_number": fbo.number}).status_code == 400
    assert client.post("/v1/chat/start", json={"posting_number": "12345678-0001-1"}).status_code == 404
    assert client.post("/v1/chat/start", json={"posting_number": "nonsense"}).status_code == 400
    fbs = orders(ozon)[0]
    ok(client.post("/v2/posting/fbs/cancel", json={"posting_number": fbs.number, "cancel_reason_id": 352}))
    assert client.post("/v1/chat/start", json={"posting_number": fbs.number}).status_code == 400
    bad = client.post("/v1/chat/send/file", json={"chat_id": "x", "name": "a.png", "base64_content": "%%"})
    assert bad.status_code == 404
    kinds = {c["chat"]["chat_type"] for c in ok(client.post("/v3/chat/list", json={"limit": 100}))["chats"]}
    assert "SELLER_SUPPORT" in kinds


def test_history_pages_backward(ozon, client):
    posting = orders(ozon)[0]
    chat_id = ok(client.post("/v1/chat/start", json={"posting_number": posting.number}))["result"]["chat_id"]
    for index in range(7):
        ok(client.post("/v1/chat/send/message", json={"chat_id": chat_id, "text": f"сообщение {index}"}))
    seen, start = [], None
    while True:
        body = {"chat_id": chat_id, "limit": 3}
        if start:
            body["from_message_id"] = start
        page = ok(client.post("/v3/chat/history", json=body))
        fresh = [m for m in page["messages"] if m["message_id"] != start]
        seen += [m["data"][0] for m in fresh]
        if not page["has_next"]:
            break
        start = page["messages"][-1]["message_id"]
    assert seen == [f"сообщение {i}" for i in reversed(range(7))]


def test_buyer_messages_arrive_by_the_clock(ozon):
    credentials = ozon.add_seller(900, warehouses=[{"name": "Склад"}], products={"count": 4, "with_stock": 4},
                                  chats={"support": False, "buyer": 1, "buyer_message_every": 600})
    orders(ozon, 900, count=2)
    with ozon.client(credentials) as client:
        chats = ok(client.post("/v3/chat/list", json={"limit": 100}))
        assert len(chats["chats"]) == 1 and chats["total_unread_count"] == 1
        ozon.clock.advance(1800)                          # three more buyer messages
        chats = ok(client.post("/v3/chat/list", json={"limit": 100}))
        assert chats["total_unread_count"] == 4
        assert sum(c["unread_count"] for c in chats["chats"]) == 4
        for chat in chats["chats"]:
            ok(client.post("/v2/chat/read", json={"chat_id": chat["chat"]["chat_id"]}))
        assert ok(client.post("/v3/chat/list", json={"limit": 100}))["total_unread_count"] == 0
