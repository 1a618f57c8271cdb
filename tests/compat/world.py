"""Realistic values for the clients' requests, read from ozmock's own world through its API.

The compat suite stages one world (the default scenario plus an import task and a report, so their
ids exist), snapshots it, and restores the snapshot before every call: each request sees the same
world, and the ids it carries are ids that world really has."""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ozmock import OzonMock
from ozmock.catalog import load_catalog
from ozmock.domain.products.seed import valid_item

STAMP = "%Y-%m-%dT%H:%M:%SZ"
HOOK = "https://seller.example/ozon-push"
CATALOG = load_catalog()


def stamp(instant: datetime) -> str:
    return instant.strftime(STAMP)


@dataclass
class World:
    """Values keyed by a request field's name (normalised: lower case, no plural `s`)."""

    now: datetime
    values: dict[str, Any] = field(default_factory=dict)
    fbo_posting: str = ""
    scoped: list[tuple[re.Pattern, dict[str, Any]]] = field(default_factory=list)

    def since(self) -> str:
        return stamp(self.now - timedelta(days=7))

    def until(self) -> str:
        return stamp(self.now)

    def lookup(self, name: str, path: str = "") -> Any:
        """A world value for a field called `name` in a request to `path`, or None."""
        key = normalise(name)
        if key == "posting_number" and "fbo" in path:
            return self.fbo_posting
        for pattern, values in self.scoped:
            if pattern.search(path) and key in values:
                return values[key]
        if key in self.values:
            return self.values[key]
        if key.endswith("_id"):
            return None
        if DATE_FROM.search(key):
            return self.since()
        if DATE_TO.search(key):
            return self.until()
        return None


DATE_FROM = re.compile(r"(^|_)(since|from|date_from|start|begin|period_from)$|_from$|^from_|^date$")
DATE_TO = re.compile(r"(^|_)(to|till|until|date_to|end|finish|period_to)$|_to$|^to_")


def normalise(name: str) -> str:
    """`productIds` / `product_ids` / `product_id` -> `product_id`."""
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower().strip("_")
    return snake[:-1] if snake.endswith("ids") or snake.endswith("numbers") or snake.endswith("skus") else snake


def stage(ozon: OzonMock) -> World:
    """Read ids from a fresh world and add the asynchronous work a client polls (an import, a report)."""
    world = World(now=ozon.clock.now())
    with ozon.client() as client:
        def post(path: str, body: Any) -> Any:
            answer = client.post(path, json=body)
            answer.raise_for_status()
            return answer.json()

        product = post("/v3/product/info/list", {"product_id": [300000001]})["items"][0]
        warehouse = post("/v1/warehouse/list", {"limit": 50})["result"][0]
        window = {"cutoff_from": world.since(), "cutoff_to": stamp(world.now + timedelta(days=10))}
        unfulfilled = post("/v3/posting/fbs/unfulfilled/list", {"filter": window, "limit": 50, "offset": 0})
        packaging = [p for p in unfulfilled["result"]["postings"] if p["status"] == "awaiting_packaging"]
        fbo = post("/v2/posting/fbo/list", {"filter": {"since": world.since(), "to": world.until()},
                                              "limit": 1, "offset": 0})["result"][0]
        action = client.get("/v1/actions").json()["result"][0]
        chat = post("/v3/chat/list", {"limit": 1})["chats"][0]["chat"]
        review = post("/v1/review/list", {"limit": 20})["reviews"][0]
        question = post("/v1/question/list", {})["questions"][0]
        chats = post("/v3/chat/list", {"limit": 1})["chats"][0]
        returned = post("/v1/returns/list", {"limit": 1})["returns"][0]
        task = post("/v3/product/import", {"items": [valid_item(random.Random(7), "COMPAT-0001")]})["result"]
        report = post("/v1/report/products/create", {})["result"]
        shipped = ship(post, ozon, packaging[-1])
        world.scoped = scoped(post, world, {"question": question, "review": review, "warehouse": warehouse,
                                            "chat": chats, "shipped": shipped})
    world.now = ozon.clock.now()     # staging moved the clock on (labels print after a minute)
    posting = (packaging or unfulfilled["result"]["postings"])[0]
    world.scoped.append((re.compile(r"/posting/(fbs|rfbs)|/fbs/"), {
        "product_id": posting["products"][0]["sku"], "sku": posting["products"][0]["sku"],
        "quantity": posting["products"][0]["quantity"]}))
    world.fbo_posting = fbo["posting_number"]
    last_month = world.now.replace(day=1) - timedelta(days=1)    # the latest realization report out
    world.values.update({
        "product_id": product["id"], "offer_id": product["offer_id"], "sku": product["sku"],
        "description_category_id": product["description_category_id"],
        "category_id": product["description_category_id"],
        "type_id": product["type_id"], "barcode": product["barcodes"][0] if product.get("barcodes") else "",
        "warehouse_id": warehouse["warehouse_id"], "posting_number": posting["posting_number"],
        "related_posting_number": posting["posting_number"], "order_id": posting.get("order_id", 0),
        "order_number": posting.get("order_number", ""), "action_id": action["id"], "chat_id": chat["chat_id"],
        "review_id": review["id"], "question_id": question["id"], "return_id": returned["id"],
        "task_id": task["task_id"], "code": report["code"], "currency_code": "RUB", "currency": "RUB",
        "language": "DEFAULT", "limit": 10, "offset": 0, "page": 1, "page_size": 10, "last_id": "",
        "cursor": "", "text": "Спасибо за ваш отзыв!", "attribute_id": 85, "quantity": 1, "stock": 5,
        "price": "1990", "old_price": "2490", "min_price": "1500", "url": HOOK, "country_iso_code": "RU",
        "direction": "Forward", "delivery_schema": "fbs", "month": last_month.month, "year": last_month.year,
        "base64_content": "iVBORw0KGgo=", "metric": "revenue", "dimension": "sku", "rating": "rating_on_time",
        "cancel_reason_id": 352, "chat_status": "All", "transaction_type": "all", "auto_add_date": action["auto_add_dates"][0] if action.get("auto_add_dates") else "",
    })
    return world


def scoped(post: Any, world: World, read: dict[str, dict]) -> list[tuple[re.Pattern, dict[str, Any]]]:
    """Values that depend on the operation: the id a field names differs from one area to another."""
    strategy = post("/v1/pricing-strategy/list", {"page": 1, "limit": 10})["strategies"][0]
    method = post("/v1/delivery-method/list", {"filter": {"warehouse_id": read["warehouse"]["warehouse_id"]},
                                               "limit": 50, "offset": 0})["result"][0]
    carriage = post("/v1/carriage/create", {"delivery_method_id": method["id"], "departure_date": world.until()})
    rfbs_return = post("/v2/returns/rfbs/list", {"limit": 10})["returns"][0]
    cancellation = post("/v2/conditional-cancellation/list", {"limit": 10})["result"][0]
    comment = post("/v1/review/comment/list", {"review_id": read["review"]["id"], "limit": 20})["comments"][0]
    act = carriage["carriage_id"]
    post("/v1/carriage/approve", {"carriage_id": act})
    label_task = post("/v2/posting/fbs/package-label/create", {"posting_number": [read["shipped"]["posting_number"]]})
    own_comment = post("/v1/review/comment/create", {"review_id": read["review"]["id"], "text": "Спасибо!",
                                                     "mark_review_as_processed": False})
    answer = post("/v1/question/answer/create", {"question_id": read["question"]["id"], "sku": read["question"]["sku"],
                                                 "text": "Гарантия — один год."})
    seller_action = post("/v1/seller-actions/create/discount", {
        **example("/v1/seller-actions/create/discount"), "date_start": stamp(world.now + timedelta(days=1)),
        "date_end": stamp(world.now + timedelta(days=8))})
    post("/v1/notification/set", {"types": ["TYPE_UPDATE_MESSAGE"], "url": HOOK})
    supply_order = post("/v3/supply-order/list", {"filter": {"states": ["COMPLETED"]}, "limit": 1})["order_ids"][0]
    supply_acts = post("/v1/supply-order/act/summary/get", {"order_id": supply_order})["supplies_acts"][0]
    accepted = post("/v1/supply-order/act/accept", {"act_id": supply_acts["supply_acts"][0]["act_id"]})
    post("/v2/invoice/create-or-update", {"posting_number": read["shipped"]["posting_number"], "url": HOOK,
                                          "date": world.until()})
    competitor = post("/v1/pricing-strategy/competitors/list", {"limit": 20, "page": 1})["competitor"][0]
    own_strategy = post("/v1/pricing-strategy/create", {
        "strategy_name": "Compat", "competitors": [{"competitor_id": competitor["id"], "coefficient": 1}]})
    return [
        (re.compile(r"/supply-order/act/"), {"order_id": supply_order, "supply_id": supply_acts["supply_id"],
                                             "act_id": supply_acts["supply_acts"][0]["act_id"],
                                             "operation_id": accepted["operation_id"]}),
        (re.compile(r"/invoice/"), {"posting_number": read["shipped"]["posting_number"]}),
        (re.compile(r"package-label"), {"posting_number": read["shipped"]["posting_number"],
                                        "task_id": label_task["result"]["tasks"][0]["task_id"]}),
        (re.compile(r"get-by-barcode"), {"barcode": read["shipped"]["barcodes"]["upper_barcode"]}),
        (re.compile(r"pricing-strategy/(update|status|delete|items|products)"), {
            "strategy_id": own_strategy["result"]["strategy_id"], "id": own_strategy["result"]["strategy_id"]}),
        (re.compile(r"pricing-strategy"), {"competitor_id": competitor["id"]}),
        (re.compile(r"/seller-actions/"), {"action_id": seller_action["action_id"]}),
        (re.compile(r"/notification/set"), {"url": HOOK + "/second"}),
        (re.compile(r"/question/list"), {"status": "ALL"}),
        (re.compile(r"/(question|review)/change-status"), {"status": "PROCESSED"}),
        (re.compile(r"/review/comment/delete"), {"comment_id": own_comment["comment_id"]}),
        (re.compile(r"/question/answer/delete"), {"answer_id": answer["answer_id"]}),
        (re.compile(r"/chat/"), {"from_message_id": read["chat"]["last_message_id"]}),
        (re.compile(r"pricing-strategy"), {"strategy_id": strategy["id"], "id": strategy["id"]}),
        (re.compile(r"/question/"), {"sku": read["question"]["sku"]}),
        (re.compile(r"/returns/rfbs/"), {"return_id": rfbs_return["return_id"], "id": rfbs_return["return_id"]}),
        (re.compile(r"conditional-cancellation"), {"cancellation_id": cancellation["cancellation_id"]}),
        (re.compile(r"/review/comment"), {"comment_id": comment["id"], "parent_comment_id": ""}),
        (re.compile(r"/act/|/carriage/|/digital/act"), {"id": act, "carriage_id": act, "act_id": act,
                                                        "delivery_method_id": method["id"]}),
        (re.compile(r"."), {"delivery_method_id": method["id"]}),
    ]


def example(path: str) -> Any:
    """The documented example request of an operation."""
    return CATALOG.get("POST", path).example_request


def ship(post: Any, ozon: OzonMock, posting: dict) -> dict:
    """Pack a posting whole and wait the minute Ozon takes to print its label; the posting as it is then."""
    products = [{"product_id": p["sku"], "quantity": p["quantity"]} for p in posting["products"]]
    post("/v4/posting/fbs/ship", {"posting_number": posting["posting_number"], "packages": [{"products": products}]})
    ozon.advance(seconds=60)
    return post("/v3/posting/fbs/get", {"posting_number": posting["posting_number"],
                                        "with": {"barcodes": True}})["result"]
