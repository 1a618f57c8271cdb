"""Realistic values for the clients' requests, read from ozmock's own world through its API.

The compat suite stages one world (the default scenario, then what a seller and the buyers would have
done through the Seller API and ozmock's control API: an import task, a report, carriages, postings in
the states the order methods act on, returns, seller actions of every mechanic, a certificate, a
receipt, a giveout ...), snapshots it, and restores the snapshot before every call: each request sees
the same world, and the ids it carries are ids that world really has."""
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
OMIT = object()     # a scoped value that keeps a field out of the request (one of exclusive filters)
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

    @staticmethod
    def needs(name: str, path: str) -> bool:
        """Does the operation at `path` need the field even in its minimal request (see NEEDED)?"""
        key = normalise(name)
        return any(pattern.search(path) and key in names for pattern, names in NEEDED)

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
    """Read ids from a fresh world and stage what the operations act on (see the module's docstring)."""
    world = World(now=ozon.clock.now())
    with ozon.client() as client:
        def post(path: str, body: Any, **form: Any) -> Any:
            answer = client.post(path, **form) if form else client.post(path, json=body)
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
        posting = (packaging or unfulfilled["result"]["postings"])[0]
        method = post("/v1/delivery-method/list", {"filter": {"warehouse_id": warehouse["warehouse_id"]},
                                                   "limit": 50, "offset": 0})["result"][0]
        read = {"question": question, "review": review, "warehouse": warehouse, "chat": chats, "shipped": shipped,
                "product": product, "posting": posting, "method": method}
        promotions = stage_promotions(post, world, read)       # first: a strategy takes products with a min_price
        base = scoped(post, world, read)
        orders = stage_orders(post, Control(client, ozon.client_id), ozon, world, read)
        world.scoped = promotions + stage_certificate(post, world) + orders + base
    world.now = ozon.clock.now()     # staging moved the clock on (labels print after a minute, acts form)
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
        "base64_content": "iVBORw0KGgo=", "metric": "revenue", "metrics": "revenue", "dimension": "sku",
        "rating": "rating_on_time", "ratings": "rating_on_time",
        "cancel_reason_id": 352, "chat_status": "All", "transaction_type": "all",
        "auto_add_date": action["auto_add_dates"][0] if action.get("auto_add_dates") else "",
    })
    return world


# Fields an operation cannot do without although its documents or the client's model leave them optional
# (Ozon leaves `required` off most request schemas): what the call acts on or sets, whose zero value the
# live API refuses too (no such id, an empty update). Even the minimal request sends them. A field whose
# absence the live API tolerates is not listed: such a failing pair is evidence for ozmock's request rules.
NEEDED = [(re.compile(pattern), frozenset(names)) for pattern, names in (
    (r"/seller-actions/(update/|voucher/get)", {"action_id"}),
    (r"/seller-actions/update/", {"action_parameters", "title", "date_start", "date_end", "discount_type",
                                  "discount_value", "min_order_amount", "discount_levels", "budget"}),
    (r"/actions/auto-add/", {"action_id", "auto_add_date"}),
    (r"/actions/candidates", {"action_id"}),
    (r"/seller-actions/create/voucher", {"budget", "count_codes"}),
    (r"/seller-actions/products/add", {"discount_percent"}),
    (r"/dependent-attributes/values", {"description_category_id", "type_id", "parent_attribute_id",
                                       "child_attribute_id"}),
    (r"/warehouse/fbs/create$", {"name", "timeslot_id"}),
    (r"/warehouse/fbs/first-mile/update", {"timeslot_id"}),
    (r"/posting/fbs/split", {"product_id", "quantity"}),
    (r"/carriage/create|/act/create", {"delivery_method_id"}),
    (r"/warehouse/rfbs/(pause|unpause)", {"warehouse_id"}),
    (r"/warehouse/operation/status", {"operation_id"}),
    (r"/returns/rfbs/action/set", {"id"}),
    (r"/returns/rfbs/compensate", {"compensation_amount"}),
    (r"/returns/rfbs/reject", {"rejection_reason_id"}),
    (r"/marked-products-sales/create", {"date", "from", "to"}),
    (r"/finance/transaction/(list|totals)", {"filter", "date", "from", "to"}),
    (r"/posting/fbs/timeslot/set", {"new_timeslot", "from", "to"}),
    (r"/notification/(update|delete|enable)", {"id"}),
    (r"/exemplar/set", {"exemplar_id"}),
    (r"/posting/fbs/unfulfilled/list", {"filter", "cutoff_from", "cutoff_to"}),
    (r"/certificate/info", {"certificate_number"}),
)]


class Control:
    """ozmock's control API (`/__ozmock/orders/...`): what happens on Ozon's and the buyer's side."""

    def __init__(self, client: Any, client_id: str):
        self.client, self.prefix = client, f"/__ozmock/orders/{client_id}"

    def post(self, path: str, body: dict) -> Any:
        answer = self.client.post(self.prefix + path, json=body)
        answer.raise_for_status()
        return answer.json()

    def order(self, offer_id: str, scheme: str = "fbs") -> dict:
        """A new one-line, one-unit order of the product."""
        items = [{"offer_id": offer_id, "quantity": 1}]
        return self.post("/create", {"count": 1, "scheme": scheme, "items": items})["postings"][0]

    def in_status(self, status: str, scheme: str = "fbs") -> dict:
        """A posting of the scheme in the status (the default world has one in every status)."""
        answer = self.client.get(f"{self.prefix}/postings", params={"status": status})
        answer.raise_for_status()
        return next(p for p in answer.json()["postings"] if p["scheme"] == scheme)


def pack(post: Any, posting: dict) -> None:
    products = [{"product_id": p["sku"], "quantity": p["quantity"]} for p in posting["products"]]
    post("/v4/posting/fbs/ship", {"posting_number": posting["posting_number"], "packages": [{"products": products}]})


def stage_orders(post: Any, control: Control, ozon: OzonMock, world: World, read: dict) -> list:
    """Postings in the states the order methods act on: carriages approved (its act formed) and new, a packed
    posting in no carriage, one to ship, one in arbitration, rFBS postings and returns, exemplars, a receipt."""
    offer, method = read["product"]["offer_id"], read["method"]
    approved = post("/v1/carriage/create", {"delivery_method_id": method["id"]})["carriage_id"]
    post("/v1/carriage/approve", {"carriage_id": approved})
    pack(post, control.order(offer))
    unapproved = post("/v1/carriage/create", {"delivery_method_id": method["id"]})["carriage_id"]
    packed = control.order(offer)
    pack(post, packed)                                         # packed, in no carriage yet
    to_ship = control.order(offer)
    rfbs = control.order(offer, "rfbs")
    exemplars = post("/v6/fbs/posting/product/exemplar/create-or-get",
                     {"posting_number": read["posting"]["posting_number"]})["products"][0]["exemplars"]
    returning = control.order(offer, "rfbs")
    control.post(f"/postings/{returning['posting_number']}/status", {"status": "delivered"})   # the buyer has it
    in_transit = control.post(f"/postings/{returning['posting_number']}/return", {})["return_id"]
    post("/v2/returns/rfbs/verify", {"return_id": in_transit, "return_method_description": "Курьером"})
    rfbs_return = post("/v2/returns/rfbs/list", {"limit": 10})["returns"][0]
    rfbs_warehouse = next(w for w in post("/v1/warehouse/list", {"limit": 50})["result"] if w["is_rfbs"])
    operation = post("/v1/warehouse/rfbs/unpause", {"warehouse_id": rfbs_warehouse["warehouse_id"]})
    receipt = post("/v1/receipts/upload", None, data={"posting_numbers": packed["posting_number"]},
                   files={"content": ("receipt.pdf", b"%PDF-1.4 compat receipt", "application/pdf")})
    hook = post("/v1/notification/list", {})["urls"][0]
    giveout = control.post("/giveout/scan", {})               # the returns waiting at the drop-off point
    ozon.advance(seconds=5)                                    # the approved carriage's act is formed
    now = ozon.clock.now()
    shipment = datetime.fromisoformat(rfbs["shipment_date"].replace("Z", "+00:00"))
    slot = max(now, shipment) + timedelta(hours=1)
    single = {"posting_number": to_ship["posting_number"], "product_id": to_ship["products"][0]["sku"],
              "quantity": 1}
    return [
        (re.compile(r"/posting/fbs/ship|/posting/fbs/ship/package"), single),
        # containers are counted only for companies with entrusted acceptance, which this seller is not
        (re.compile(r"/carriage/approve|/act/create"), {"containers_count": 0}),
        (re.compile(r"/carriage/approve"), {"carriage_id": unapproved}),
        (re.compile(r"/carriage/create|/act/create"), {"departure_date": stamp(now),
                                                       "delivery_method_id": method["id"]}),
        (re.compile(r"(?<!/supply-order)/act/|/carriage/|/digital/act"), {"id": approved, "carriage_id": approved, "act_id": approved}),
        (re.compile(r"/exemplar/update"), {"posting_number": packed["posting_number"]}),
        (re.compile(r"/exemplar/set"), {"exemplar_id": exemplars[0]["exemplar_id"]}),
        (re.compile(r"/fbs/arbitration"), {"posting_number": control.in_status("not_accepted")["posting_number"]}),
        (re.compile(r"/fbs/awaiting-delivery"), {"posting_number": control.in_status("arbitration")["posting_number"]}),
        (re.compile(r"/posting/cutoff/set"), {"posting_number": rfbs["posting_number"],
                                              "new_cutoff_date": stamp(shipment + timedelta(days=1))}),
        (re.compile(r"/posting/fbs/timeslot/set"), {"posting_number": rfbs["posting_number"], "from": stamp(slot),
                                                    "to": stamp(slot + timedelta(hours=3))}),
        (re.compile(r"/returns/rfbs/receive-return"), {"return_id": in_transit}),
        (re.compile(r"/returns/rfbs/action/set"), {"id": 1}),
        (re.compile(r"/returns/rfbs/"), {"compensation_amount": str(rfbs_return["product"]["price"] // 2),
                                         "rejection_reason_id": 2}),
        (re.compile(r"/warehouse/rfbs/"), {"warehouse_id": rfbs_warehouse["warehouse_id"]}),
        (re.compile(r"/warehouse/operation/status"), {"operation_id": operation["operation_id"]}),
        (re.compile(r"/receipts/"), {"receipt_id": receipt["receipt_id"]}),
        (re.compile(r"/giveout/"), {"giveout_id": giveout["giveout_id"]}),
        (re.compile(r"/notification/(update|delete|enable)"), {"id": hook["id"]}),
        (re.compile(r"/v1/returns/list"), {"storage_tariffication_start_date": OMIT,
                                           "visual_status_change_moment": OMIT}),
        (re.compile(r"/marked-products-sales/"), {"from": world.since()[:10], "to": world.until()[:10]}),
        (re.compile(r"/review/comment/delete"), {"sku": read["review"]["sku"]}),
        (re.compile(r"/posting/fbs/unfulfilled/list"), {"delivering_date_from": OMIT, "delivering_date_to": OMIT}),
    ]


def stage_promotions(post: Any, world: World, read: dict) -> list:
    """A seller action of every mechanic, a product with a minimum price and one in a pricing strategy."""
    start, end = stamp(world.now + timedelta(days=1)), stamp(world.now + timedelta(days=8))
    dates = {"date_start": start, "date_end": end}
    levels = [{"order_amount": 1000, "discount_value": 5}, {"order_amount": 3000, "discount_value": 10}]
    mechanics = {
        "discount-with-condition": {**dates, "title": "Compat condition", "discount_type": "PERCENT",
                                    "discount_value": 10, "min_order_amount": 1000},
        "installment": {"date_start": start, "title": "Compat installment"},
        "multi-level-discount": {**dates, "title": "Compat levels", "discount_type": "PERCENT",
                                 "discount_levels": levels},
        "voucher": {**dates, "title": "Compat voucher", "discount_type": "PERCENT", "discount_value": 10,
                    "budget": 10000, "voucher_parameters": {"count_codes": 10, "is_private": False, "type": "ONE"}},
    }
    product = read["product"]
    post("/v1/product/import/prices", {"prices": [{"product_id": product["id"], "offer_id": product["offer_id"],
                                                   "price": "1990", "old_price": "2490", "min_price": "1500"}]})
    entries = []
    for slug, body in mechanics.items():
        action_id = post(f"/v1/seller-actions/create/{slug}", body)["action_id"]
        entries.append((re.compile(rf"/seller-actions/(update/{slug}$|voucher/get)" if slug == "voucher"
                                   else rf"/seller-actions/update/{slug}$"), {"action_id": action_id}))
    return entries + [
        (re.compile(r"/seller-actions/(create|update)/"), {**dates, "discount_levels": levels,
                                                          "discount_type": "PERCENT", "discount_value": 10,
                                                          "budget": 10000, "count_codes": 10}),
        (re.compile(r"/seller-actions/products/add"), {"discount_percent": 20}),
    ]


def stage_certificate(post: Any, world: World) -> list:
    """A conformity certificate, uploaded as the documents say (multipart/form-data with its file)."""
    certificate = {"number": "COMPAT-CERT-1", "name": "Декларация соответствия", "type_code": "declaration",
                   "accordance_type_code": "gost", "issue_date": world.since()}
    post("/v1/product/certificate/create", None, data=certificate,
         files={"files": ("certificate.pdf", b"%PDF-1.4 compat certificate", "application/pdf")})
    return [(re.compile(r"/certificate/info"), {"certificate_number": certificate["number"]})]


def scoped(post: Any, world: World, read: dict[str, dict]) -> list[tuple[re.Pattern, dict[str, Any]]]:
    """Values that depend on the operation: the id a field names differs from one area to another."""
    strategy = post("/v1/pricing-strategy/list", {"page": 1, "limit": 10})["strategies"][0]
    method = read["method"]
    rfbs_return = post("/v2/returns/rfbs/list", {"limit": 10})["returns"][0]
    cancellation = post("/v2/conditional-cancellation/list", {"limit": 10})["result"][0]
    comment = post("/v1/review/comment/list", {"review_id": read["review"]["id"], "limit": 20})["comments"][0]
    label_task = post("/v2/posting/fbs/package-label/create", {"posting_number": [read["shipped"]["posting_number"]]})
    own_comment = post("/v1/review/comment/create", {"review_id": read["review"]["id"], "text": "Спасибо!",
                                                     "mark_review_as_processed": False})
    answer = post("/v1/question/answer/create", {"question_id": read["question"]["id"], "sku": read["question"]["sku"],
                                                 "text": "Гарантия — один год."})
    seller_action = post("/v1/seller-actions/create/discount", {
        **example("/v1/seller-actions/create/discount"), "date_start": stamp(world.now + timedelta(days=1)),
        "date_end": stamp(world.now + timedelta(days=8))})
    post("/v1/notification/set", {"types": ["TYPE_UPDATE_MESSAGE"], "url": HOOK})
    product = read["product"]
    dependency = post("/v1/description-category/dependent-attributes", {
        "description_category_id": product["description_category_id"], "type_id": product["type_id"]})["result"][0]
    new_slot = post("/v1/warehouse/fbs/create/pick-up/timeslot/list",
                    example("/v1/warehouse/fbs/create/pick-up/timeslot/list"))["timeslots"][0]
    slot = post("/v1/warehouse/fbs/update/pick-up/timeslot/list",
                {"warehouse_id": read["warehouse"]["warehouse_id"]})["timeslots"][0]
    supply_order = post("/v3/supply-order/list", {"filter": {"states": ["COMPLETED"]}, "limit": 1})["order_ids"][0]
    supply_acts = post("/v1/supply-order/act/summary/get", {"order_id": supply_order})["supplies_acts"][0]
    accepted = post("/v1/supply-order/act/accept", {"act_id": supply_acts["supply_acts"][0]["act_id"]})
    post("/v2/invoice/create-or-update", {"posting_number": read["shipped"]["posting_number"], "url": HOOK,
                                          "date": world.until()})
    competitor = post("/v1/pricing-strategy/competitors/list", {"limit": 20, "page": 1})["competitor"][0]
    own_strategy = post("/v1/pricing-strategy/create", {
        "strategy_name": "Compat", "competitors": [{"competitor_id": competitor["id"], "coefficient": 1}]})
    post("/v1/pricing-strategy/products/add", {"strategy_id": own_strategy["result"]["strategy_id"],
                                               "product_id": [read["product"]["id"]]})
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
        (re.compile(r"/dependent-attributes/values"), {
            "parent_attribute_id": dependency["parent_attribute_id"],
            "child_attribute_id": dependency["child_attribute_id"]}),
        (re.compile(r"/warehouse/fbs/create$"), {"name": "Compat warehouse", "timeslot_id": new_slot["id"]}),
        (re.compile(r"/warehouse/fbs/first-mile/update"), {"timeslot_id": slot["id"]}),
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
