"""Control routes of the orders area, for tests and sandboxes that drive the world from outside:

    POST   /__ozmock/orders/{client_id}/create                  {"count": 3, "scheme": "fbs"|"rfbs"|"fbo"|"crossborder",
                                                                 "items": [{"offer_id": "A", "quantity": 2}],
                                                                 "warehouse_id": .., "mandatory_mark": false,
                                                                 "legal": false, "express": false,
                                                                 "shipment_in_seconds": 86400}
    POST   /__ozmock/orders/{client_id}/generators              {"every_minutes": 30, "scheme": "fbs", "count": 1}
    DELETE /__ozmock/orders/{client_id}/generators/{id}
    GET    /__ozmock/orders/{client_id}/postings                 ?status=: postings newest first, counts by
                                                                 status, what the seller and Ozon can do next
    POST   /__ozmock/orders/{client_id}/postings/{number}/status               {"status": "not_accepted"}
    POST   /__ozmock/orders/{client_id}/postings/{number}/return               {"sku": .., "quantity": .., "reason_id": ..}
    POST   /__ozmock/orders/{client_id}/postings/{number}/cancellation-request {"reason_id": 507, "message": ""}
    POST   /__ozmock/orders/{client_id}/returns/{return_id}/receive
    POST   /__ozmock/orders/{client_id}/giveout/scan            {"barcode": ".."}: open, then close, a returns giveout
    GET    /__ozmock/orders/{client_id}/label-tasks/{task_id}   the PDF behind a completed label task's file_url
    GET    /__ozmock/push/{client_id}                            push URLs of a seller
    POST   /__ozmock/push/{client_id}                            {"url": "http://...", "types": ["TYPE_NEW_POSTING"]}
    DELETE /__ozmock/push/{client_id}/{subscription_id}
    GET    /__ozmock/push/{client_id}/deliveries                 every delivery attempt
    POST   /__ozmock/push/flush                                  deliver what is due now (no waiting for the sender)

`routes(world, persist)` builds them; `world` is a callable returning the current world (the
control app swaps worlds on reset), `persist` is called after writes (state files). Each route is
one method of `OrdersControl`; the domain calls are `ozmock.domain.orders.entry`'s entry points,
which take the world's lock and settle the seller themselves.
"""
from __future__ import annotations

from typing import Any, Awaitable, Callable

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..domain.kit.dates import stamp
from ..domain.orders.cancellations import reasons_for
from ..domain.orders.entry import (
    OrderError,
    ReturnError,
    add_generator,
    create_orders,
    create_return,
    create_rfbs_return,
    force_status,
    label_task_file,
    receive_return,
    request_cancellation,
    scan_giveout,
    stop_generator,
)
from ..domain.orders.model import store_of
from ..domain.push import delivery as push
from .common import bounded, parse_object
from ..pipeline.settle import settle

CREATE_FIELDS = frozenset({"count", "scheme", "items", "warehouse_id", "mandatory_mark", "legal", "express",
                           "shipment_in_seconds"})
RouteHandler = Callable[[Request], Awaitable[Response]]
MAX_ORDERS = 1000                 # orders one create (or one generator tick) makes
YEAR_SECONDS = 366 * 86_400.0     # the furthest shipment date or generator period accepted
# What Ozon's side does next with a posting (the dashboard's "advance"); a seller's FBS or rFBS posting
# awaiting packaging moves on when the seller ships it.
OZON_NEXT = {"awaiting_registration": "awaiting_packaging", "acceptance_in_progress": "awaiting_packaging",
             "awaiting_approve": "awaiting_packaging", "awaiting_packaging": "awaiting_deliver",
             "awaiting_deliver": "delivering", "not_accepted": "delivering", "arbitration": "delivered",
             "client_arbitration": "delivered", "delivering": "delivered", "driver_pickup": "delivered"}


def _json(data: Any, status: int = 200) -> Response:
    return Response(orjson.dumps(data), status_code=status, media_type="application/json")


def _problem(message: str, status: int = 400) -> Response:
    return _json({"code": 3 if status == 400 else 5, "message": message, "details": []}, status)


async def _body(request: Request) -> dict[str, Any]:
    return parse_object(await request.body())


def _items(items: Any) -> list[dict[str, Any]] | None:
    """`items` as create_orders reads them: objects naming a product (offer_id text, sku or product_id
    integers) with a quantity from 1 to 1000."""
    if items is None:
        return None
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise ValueError("items is a list of objects: [{\"offer_id\": \"A\", \"quantity\": 2}]")
    for item in items:
        if "offer_id" in item and not isinstance(item["offer_id"], str):
            raise ValueError(f"items[].offer_id is text, not {item['offer_id']!r}")
        for name in ("sku", "product_id"):
            bounded(item, name, 0, 2**63 - 1, integer=True)
        bounded(item, "quantity", 1, MAX_ORDERS, integer=True)
    return items


def posting_json(posting) -> dict[str, Any]:
    return {"posting_number": posting.number, "order_id": posting.order_id, "order_number": posting.order_number,
            "scheme": posting.scheme, "status": posting.status, "substatus": posting.substatus,
            "warehouse_id": posting.warehouse_id, "shipment_date": stamp(posting.shipment_date),
            "products": [{"sku": line["sku"], "offer_id": line["offer_id"], "quantity": line["quantity"],
                          "item_id": line["item_id"]} for line in posting.lines]}


def posting_actions(posting) -> dict[str, Any]:
    """What can happen to a posting now: the seller ships or cancels it (FBS, rFBS), Ozon moves it on."""
    sellers = posting.scheme in ("fbs", "rfbs")
    can_ship = sellers and posting.status == "awaiting_packaging" and posting.packed_at is None
    return {"can_ship": can_ship, "can_cancel": sellers and bool(reasons_for(posting)),
            "next_status": "" if can_ship else OZON_NEXT.get(posting.status, "")}


def guarded(handler: RouteHandler) -> RouteHandler:
    """Refusals as the API answers them: an unknown seller, posting or id is 404, a bad request 400."""

    async def run(request: Request) -> Response:
        try:
            return await handler(request)
        except LookupError as error:
            return _problem(str(error).strip("'\""), 404)
        except (ValueError, TypeError, OrderError, ReturnError, orjson.JSONDecodeError) as error:
            return _problem(str(error))

    return run


class OrdersControl:
    """The control routes over the current world (`world()`), saving state after writes (`persist`)."""

    def __init__(self, world: Callable[[], Any], persist: Callable[[], None] | None = None):
        self.world = world
        self.persist = persist

    def saved(self) -> None:
        if self.persist is not None:
            self.persist()

    def seller_of(self, request: Request):
        seller = self.world().sellers.get(int(request.path_params["client_id"]))
        if seller is None:
            raise LookupError(f"no seller with Client-Id {request.path_params['client_id']}")
        return seller

    async def postings(self, request: Request) -> Response:
        world, wanted = self.world(), request.query_params.get("status")
        with world.lock:
            seller = self.seller_of(request)
            settle(world, seller, world.clock.now().timestamp())
            found = sorted(store_of(seller).postings.values(), key=lambda posting: posting.seq, reverse=True)
            counts: dict[str, int] = {}
            for posting in found:
                counts[posting.status] = counts.get(posting.status, 0) + 1
            return _json({"counts": counts, "postings": [
                {**posting_json(p), "in_process_at": stamp(p.in_process_at), **posting_actions(p)}
                for p in found if not wanted or p.status == wanted]})

    async def create(self, request: Request) -> Response:
        seller, body = self.seller_of(request), await _body(request)
        unknown = set(body) - CREATE_FIELDS
        if unknown:
            raise ValueError(f"unknown field(s) {sorted(unknown)}; known: {sorted(CREATE_FIELDS)}")
        count = bounded(body, "count", 1, MAX_ORDERS, 1, integer=True)
        items = _items(body.get("items"))
        shipment_in = bounded(body, "shipment_in_seconds", 0, YEAR_SECONDS)
        postings = create_orders(self.world(), seller, count, scheme=body.get("scheme"),
                                 items=items, warehouse_id=bounded(body, "warehouse_id", 1, 2**63 - 1, integer=True),
                                 mandatory_mark=body.get("mandatory_mark", False), legal=bool(body.get("legal")),
                                 express=bool(body.get("express")), shipment_in=shipment_in)
        self.saved()
        return _json({"postings": [posting_json(p) for p in postings]})

    async def add_generator(self, request: Request) -> Response:
        seller, body = self.seller_of(request), await _body(request)
        every = bounded(body, "every_seconds", 1, YEAR_SECONDS) or 60 * (
            bounded(body, "every_minutes", 1 / 60, YEAR_SECONDS / 60) or 0)
        generator = add_generator(self.world(), seller, every, scheme=body.get("scheme"),
                                  count=bounded(body, "count", 1, MAX_ORDERS, 1, integer=True))
        self.saved()
        return _json(generator)

    async def stop_generator(self, request: Request) -> Response:
        generator_id = int(request.path_params["generator_id"])
        try:
            stop_generator(self.world(), self.seller_of(request), generator_id)
        except KeyError as error:
            raise LookupError(str(error)) from None
        self.saved()
        return _json({"stopped": generator_id})

    async def status(self, request: Request) -> Response:
        seller, body = self.seller_of(request), await _body(request)
        try:
            posting = force_status(self.world(), seller, request.path_params["number"], str(body.get("status", "")),
                                   body.get("substatus"))
        except KeyError as error:
            raise LookupError(str(error)) from None
        self.saved()
        return _json(posting_json(posting))

    async def make_return(self, request: Request) -> Response:
        seller, body = self.seller_of(request), await _body(request)
        number = request.path_params["number"]
        posting = store_of(seller).get(number)
        if posting is None:
            raise LookupError(f"no posting {number}")
        if posting.scheme == "rfbs":
            record = create_rfbs_return(self.world(), seller, number, sku=body.get("sku"),
                                        reason_id=int(body.get("reason_id", 2)))
        else:
            record = create_return(self.world(), seller, number, sku=body.get("sku"), quantity=body.get("quantity"),
                                   reason_id=int(body.get("reason_id", 1)))
        self.saved()
        return _json(record)

    async def cancellation(self, request: Request) -> Response:
        seller, body = self.seller_of(request), await _body(request)
        number = request.path_params["number"]
        record = request_cancellation(self.world(), seller, number, reason_id=int(body.get("reason_id", 507)),
                                      message=str(body.get("message", "")))
        self.saved()
        return _json(record if record is not None else {"cancelled": number})

    async def receive(self, request: Request) -> Response:
        record = receive_return(self.world(), self.seller_of(request), int(request.path_params["return_id"]))
        self.saved()
        return _json(record)

    async def giveout(self, request: Request) -> Response:
        body = await _body(request)
        record = scan_giveout(self.world(), self.seller_of(request), body.get("barcode"))
        self.saved()
        return _json(record)

    async def label_task(self, request: Request) -> Response:
        content = label_task_file(self.world(), self.seller_of(request), int(request.path_params["task_id"]))
        if content is None:
            return _problem("no completed label task with this id", 404)
        return Response(content, media_type="application/pdf")

    async def subscriptions(self, request: Request) -> Response:
        seller = self.seller_of(request)
        if request.method == "POST":
            body = await _body(request)
            sub = push.subscribe(self.world(), seller, str(body.get("url", "")), body.get("types"),
                                 send_ping=body.get("ping", True))
            self.saved()
            return _json(sub)
        return _json({"subscriptions": list(push.state_of(seller).subscriptions.values())})

    async def unsubscribe(self, request: Request) -> Response:
        subscription_id = int(request.path_params["subscription_id"])
        try:
            push.unsubscribe(self.world(), self.seller_of(request), subscription_id)
        except KeyError as error:
            raise LookupError(str(error)) from None
        self.saved()
        return _json({"deleted": subscription_id})

    async def deliveries(self, request: Request) -> Response:
        return _json({"deliveries": push.deliveries(self.world(), self.seller_of(request))})

    async def flush(self, request: Request) -> Response:
        attempts = push.flush(self.world())
        self.saved()
        return _json({"attempts": attempts})


def routes(world: Callable[[], Any], persist: Callable[[], None] | None = None) -> list[Route]:
    control = OrdersControl(world, persist)
    orders, push_ = "/__ozmock/orders/{client_id:int}", "/__ozmock/push"
    table = [
        (f"{orders}/postings", control.postings, ["GET"]),
        (f"{orders}/create", control.create, ["POST"]),
        (f"{orders}/generators", control.add_generator, ["POST"]),
        (f"{orders}/generators/{{generator_id:int}}", control.stop_generator, ["DELETE"]),
        (f"{orders}/postings/{{number}}/status", control.status, ["POST"]),
        (f"{orders}/postings/{{number}}/return", control.make_return, ["POST"]),
        (f"{orders}/postings/{{number}}/cancellation-request", control.cancellation, ["POST"]),
        (f"{orders}/returns/{{return_id:int}}/receive", control.receive, ["POST"]),
        (f"{orders}/giveout/scan", control.giveout, ["POST"]),
        (f"{orders}/label-tasks/{{task_id:int}}", control.label_task, ["GET"]),
        (f"{push_}/flush", control.flush, ["POST"]),
        (f"{push_}/{{client_id:int}}", control.subscriptions, ["GET", "POST"]),
        (f"{push_}/{{client_id:int}}/deliveries", control.deliveries, ["GET"]),
        (f"{push_}/{{client_id:int}}/{{subscription_id:int}}", control.unsubscribe, ["DELETE"]),
    ]
    return [Route(path, guarded(handler), methods=methods) for path, handler, methods in table]
