"""The read-only control routes the dashboard is built on: a seller's products, import tasks, postings,
chats and reports as the next API call would see them, the journal as a followable log, the scenarios,
and `/` leading to the dashboard."""
import random

from ozmock.domain.orders.entry import create_orders
from ozmock.domain.products.seed import valid_item


def test_root_and_the_control_prefix_lead_to_the_dashboard(client):
    for path in ("/", "/__ozmock", "/__ozmock/"):
        answer = client.get(path)
        assert (answer.status_code, answer.headers["location"]) == (302, "/__ozmock/ui"), path
    page = client.get("/__ozmock/ui")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "/__ozmock/ui/files/dashboard.js" in page.text
    assert client.get("/__ozmock/ui/files/dashboard.js").headers["content-type"].startswith(("text/javascript",
                                                                                             "application/javascript"))
    assert client.get("/__ozmock/ui/files/nothing.js").status_code == 404


def test_other_methods_on_the_root_stay_ozon_calls(client):
    answer = client.post("/", json={})
    assert answer.status_code == 404 and answer.json()["code"] == 5
    assert "x-o3-trace-id" in answer.headers


def test_products_show_the_phase_on_the_clock_prices_and_stock(ozon, client):
    item = dict(valid_item(random.Random(3), "DASH-1"), price="1200", old_price="1500")
    task_id = client.post("/v3/product/import", json={"items": [item]}).json()["result"]["task_id"]

    def dash_product():
        rows = client.get("/__ozmock/sellers/836/products").json()["products"]
        return next(p for p in rows if p["offer_id"] == "DASH-1")

    def task():
        return client.get("/__ozmock/sellers/836/import-tasks").json()["tasks"][0]

    assert dash_product()["status"] == "processing" and dash_product()["sku"] == 0
    assert task()["task_id"] == task_id and task()["items"][0]["status"] == "pending"
    ozon.advance(seconds=3)
    assert dash_product()["status"] == "moderating" and task()["items"][0]["status"] == "imported"
    ozon.advance(seconds=3)
    product = dash_product()
    assert product["status"] == "ready" and product["sku"] > 0
    assert (product["price"], product["old_price"]) == ("1200", "1500")
    assert not product["visible"] and product["stocks"] == []          # no stock yet: not on sale

    warehouse = client.post("/v1/warehouse/list", json={"limit": 10}).json()["result"][0]["warehouse_id"]
    client.post("/v2/products/stocks", json={"stocks": [{"offer_id": "DASH-1", "product_id": product["product_id"],
                                                          "warehouse_id": warehouse, "stock": 7}]})
    product = dash_product()
    assert product["visible"] and [(s["warehouse_id"], s["present"], s["reserved"]) for s in product["stocks"]] == [
        (warehouse, 7, 0)]


def test_archived_products_read_as_archived(client):
    archived = [p for p in client.get("/__ozmock/sellers/836/products").json()["products"] if p["status"] == "archived"]
    assert len(archived) == 1      # the default scenario archives one of seller 836's products


def test_postings_by_status_with_what_can_happen_next(ozon, client):
    postings = client.get("/__ozmock/orders/836/postings").json()
    assert sum(postings["counts"].values()) == len(postings["postings"])
    waiting = client.get("/__ozmock/orders/836/postings", params={"status": "awaiting_packaging"}).json()["postings"]
    assert waiting and all(p["status"] == "awaiting_packaging" for p in waiting)
    fbs = next(p for p in waiting if p["scheme"] == "fbs")
    assert fbs["can_ship"] and fbs["can_cancel"] and fbs["next_status"] == ""

    client.post("/v4/posting/fbs/ship", json={"posting_number": fbs["posting_number"], "packages": [
        {"products": [{"product_id": line["sku"], "quantity": line["quantity"]} for line in fbs["products"]]}]})
    shipped = next(p for p in client.get("/__ozmock/orders/836/postings").json()["postings"]
                   if p["posting_number"] == fbs["posting_number"])
    assert shipped["status"] == "awaiting_deliver" and not shipped["can_ship"]
    assert shipped["next_status"] == "delivering"


def test_postings_are_read_after_the_clock_moved_them(ozon, client):
    [posting] = create_orders(ozon.world, ozon.seller(), 1, scheme="fbs")
    ozon.advance(days=2)               # past the shipment date: the clock cancels an unpacked posting
    found = next(p for p in client.get("/__ozmock/orders/836/postings").json()["postings"]
                 if p["posting_number"] == posting.number)
    assert found["status"] == "cancelled" and not found["can_cancel"] and found["next_status"] == ""


def test_chats_and_one_chat_with_its_messages(client):
    chats = client.get("/__ozmock/sellers/836/chats").json()["chats"]
    assert {c["type"] for c in chats} == {"buyer", "support"}
    buyer = next(c for c in chats if c["type"] == "buyer" and c["messages"])
    opened = client.get(f"/__ozmock/sellers/836/chats/{buyer['chat_id']}").json()
    assert len(opened["messages"]) == buyer["messages"] and opened["posting_number"] == buyer["posting_number"]
    client.post("/v1/chat/send/message", json={"chat_id": buyer["chat_id"], "text": "Здравствуйте!"})
    opened = client.get(f"/__ozmock/sellers/836/chats/{buyer['chat_id']}").json()
    assert (opened["messages"][-1]["user"], opened["messages"][-1]["text"]) == ("seller", "Здравствуйте!")
    assert client.get("/__ozmock/sellers/836/chats/nope").status_code == 404


def test_reports_follow_the_clock_to_a_file(ozon, client):
    code = client.post("/v1/report/products/create", json={"language": "DEFAULT"}).json()["result"]["code"]
    [report] = client.get("/__ozmock/sellers/836/reports").json()["reports"]
    assert (report["code"], report["report_type"], report["status"], report["file"]) == (
        code, "SELLER_PRODUCTS", "waiting", "")
    ozon.advance(seconds=10)
    [report] = client.get("/__ozmock/sellers/836/reports").json()["reports"]
    assert report["status"] == "success"
    assert client.get(report["file"]).status_code == 200


def test_unknown_sellers_are_404(client):
    for path in ("products", "import-tasks", "chats", "reports"):
        answer = client.get(f"/__ozmock/sellers/999/{path}")
        assert answer.status_code == 404 and answer.json()["message"] == "no seller with Client-Id 999"
    assert client.get("/__ozmock/orders/999/postings").status_code == 404


def test_the_log_follows_new_calls_without_bodies_and_opens_one_in_full(ozon, client):
    client.post("/v3/product/list", json={"limit": 2})
    client.post("/v3/product/list", json={"limit": "x"})
    log = client.get("/__ozmock/journal/log").json()
    assert [(e["seq"], e["status"]) for e in log["entries"]] == [(1, 200), (2, 400)]
    assert "request" not in log["entries"][0] and "response" not in log["entries"][0]
    assert log["entries"][0]["source"] == "stateful" and log["entries"][0]["duration_ms"] >= 0
    client.post("/v1/warehouse/list", json={"limit": 10})
    newer = client.get("/__ozmock/journal/log", params={"after": 2}).json()
    assert [e["path"] for e in newer["entries"]] == ["/v1/warehouse/list"] and newer["world"] == log["world"]
    full = client.get("/__ozmock/journal/2").json()
    assert full["request"] == {"limit": "x"} and full["response"]["code"] == 3
    assert client.get("/__ozmock/journal/99").status_code == 404
    assert client.get("/__ozmock/journal/log", params={"after": "x"}).status_code == 400
    client.post("/__ozmock/reset", json={})
    assert client.get("/__ozmock/journal/log").json()["world"] != log["world"]   # a follower starts over


def test_scenarios_lists_what_a_reset_accepts(client):
    data = client.get("/__ozmock/scenarios").json()
    names = [s["name"] for s in data["scenarios"]]
    assert data["current"] == "default" and {"default", "empty", "busy-shop"} <= set(names)
    assert all(client.post("/__ozmock/reset", json={"scenario": name}).status_code == 200 for name in names[:2])
