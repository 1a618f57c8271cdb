"""Control routes of the orders area, for tests and sandboxes that drive the world from outside:

    POST   /__ozmock/orders/{client_id}/create                  {"count": 3, "scheme": "fbs"|"rfbs"|"fbo"|"crossborder",
                                                                 "items": [{"offer_id": "A", "quantity": 2}],
                                                                 "warehouse_id": .., "mandatory_mark": false,
                                                                 "legal": false, "express": false,
                                                                 "shipment_in_seconds": 86400}
    POST   /__ozmock/orders/{client_id}/generators              {"every_minutes": 30, "scheme": "fbs", "count": 1}
    DELETE /__ozmock/orders/{client_id}/generators/{id}
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
control app swaps worlds on reset), `persist` is called after writes (state files).
"""
from __future__ import annotations

from typing import Any, Callable

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..domain.push import delivery as push
from ..domain.orders.labels import label_task_file
from ..domain.kit.dates import stamp
from ..domain.orders.model import OrderError, add_generator, create_orders, stop_generator, store_of
from ..domain.orders.fbs import force_status
from ..domain.orders.returns import (ReturnError, create_return, create_rfbs_return, receive_return, request_cancellation, scan_giveout)


def _json(data: Any, status: int = 200) -> Response:
    return Response(orjson.dumps(data), status_code=status, media_type="application/json")


def _problem(message: str, status: int = 400) -> Response:
    return _json({"code": 3 if status == 400 else 5, "message": message, "details": []}, status)


async def _body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw.strip():
        return {}
    data = orjson.loads(raw)
    if not isinstance(data, dict):
        raise ValueError("the body is a JSON object")
    return data


def posting_json(posting) -> dict[str, Any]:
    return {"posting_number": posting.number, "order_id": posting.order_id, "order_number": posting.order_number,
            "scheme": posting.scheme, "status": posting.status, "substatus": posting.substatus,
            "warehouse_id": posting.warehouse_id, "shipment_date": stamp(posting.shipment_date),
            "products": [{"sku": line["sku"], "offer_id": line["offer_id"], "quantity": line["quantity"],
                          "item_id": line["item_id"]} for line in posting.lines]}


def routes(world: Callable[[], Any], persist: Callable[[], None] | None = None) -> list[Route]:
    def saved() -> None:
        if persist is not None:
            persist()

    def seller_of(request: Request):
        seller = world().sellers.get(int(request.path_params["client_id"]))
        if seller is None:
            raise LookupError(f"no seller with Client-Id {request.path_params['client_id']}")
        return seller

    def guarded(handler):
        async def run(request: Request) -> Response:
            try:
                return await handler(request)
            except LookupError as error:
                return _problem(str(error).strip("'\""), 404)
            except (ValueError, TypeError, OrderError, ReturnError, orjson.JSONDecodeError) as error:
                return _problem(str(error))
        return run

    @guarded
    async def create(request: Request) -> Response:
        seller, body = seller_of(request), await _body(request)
        known = {"count", "scheme", "items", "warehouse_id", "mandatory_mark", "legal", "express",
                 "shipment_in_seconds"}
        unknown = set(body) - known
        if unknown:
            raise ValueError(f"unknown field(s) {sorted(unknown)}; known: {sorted(known)}")
        postings = create_orders(world(), seller, int(body.get("count", 1)), scheme=body.get("scheme"),
                                 items=body.get("items"), warehouse_id=body.get("warehouse_id"),
                                 mandatory_mark=body.get("mandatory_mark", False), legal=bool(body.get("legal")),
                                 express=bool(body.get("express")), shipment_in=body.get("shipment_in_seconds"))
        saved()
        return _json({"postings": [posting_json(p) for p in postings]})

    @guarded
    async def generators(request: Request) -> Response:
        seller, body = seller_of(request), await _body(request)
        every = float(body.get("every_seconds") or 60 * float(body.get("every_minutes") or 0))
        generator = add_generator(world(), seller, every, scheme=body.get("scheme"), count=int(body.get("count", 1)))
        saved()
        return _json(generator)

    @guarded
    async def generator(request: Request) -> Response:
        try:
            stop_generator(seller_of(request), int(request.path_params["generator_id"]))
        except KeyError as error:
            raise LookupError(str(error)) from None
        saved()
        return _json({"stopped": int(request.path_params["generator_id"])})

    @guarded
    async def status(request: Request) -> Response:
        seller, body = seller_of(request), await _body(request)
        try:
            posting = force_status(world(), seller, request.path_params["number"], str(body.get("status", "")),
                                   body.get("substatus"))
        except KeyError as error:
            raise LookupError(str(error)) from None
        saved()
        return _json(posting_json(posting))

    @guarded
    async def make_return(request: Request) -> Response:
        seller, body = seller_of(request), await _body(request)
        number = request.path_params["number"]
        posting = store_of(seller).get(number)
        if posting is None:
            raise LookupError(f"no posting {number}")
        if posting.scheme == "rfbs":
            record = create_rfbs_return(world(), seller, number, sku=body.get("sku"),
                                        reason_id=int(body.get("reason_id", 2)))
        else:
            record = create_return(world(), seller, number, sku=body.get("sku"), quantity=body.get("quantity"),
                                   reason_id=int(body.get("reason_id", 1)))
        saved()
        return _json(record)

    @guarded
    async def cancellation(request: Request) -> Response:
        seller, body = seller_of(request), await _body(request)
        record = request_cancellation(world(), seller, request.path_params["number"],
                                      reason_id=int(body.get("reason_id", 507)), message=str(body.get("message", "")))
        saved()
        return _json(record if record is not None else {"cancelled": request.path_params["number"]})

    @guarded
    async def receive(request: Request) -> Response:
        record = receive_return(world(), seller_of(request), int(request.path_params["return_id"]))
        saved()
        return _json(record)

    @guarded
    async def giveout(request: Request) -> Response:
        body = await _body(request)
        record = scan_giveout(world(), seller_of(request), body.get("barcode"))
        saved()
        return _json(record)

    @guarded
    async def label_task(request: Request) -> Response:
        content = label_task_file(world(), seller_of(request), int(request.path_params["task_id"]))
        if content is None:
            return _problem("no completed label task with this id", 404)
        return Response(content, media_type="application/pdf")

    @guarded
    async def subscriptions(request: Request) -> Response:
        seller = seller_of(request)
        if request.method == "POST":
            body = await _body(request)
            sub = push.subscribe(world(), seller, str(body.get("url", "")), body.get("types"),
                                 send_ping=body.get("ping", True))
            saved()
            return _json(sub)
        return _json({"subscriptions": list(push.state_of(seller).subscriptions.values())})

    @guarded
    async def subscription(request: Request) -> Response:
        try:
            push.unsubscribe(world(), seller_of(request), int(request.path_params["subscription_id"]))
        except KeyError as error:
            raise LookupError(str(error)) from None
        saved()
        return _json({"deleted": int(request.path_params["subscription_id"])})

    @guarded
    async def deliveries(request: Request) -> Response:
        return _json({"deliveries": push.deliveries(world(), seller_of(request))})

    @guarded
    async def flush(request: Request) -> Response:
        attempts = push.flush(world())
        saved()
        return _json({"attempts": attempts})

    return [
        Route("/__ozmock/orders/{client_id:int}/create", create, methods=["POST"]),
        Route("/__ozmock/orders/{client_id:int}/generators", generators, methods=["POST"]),
        Route("/__ozmock/orders/{client_id:int}/generators/{generator_id:int}", generator, methods=["DELETE"]),
        Route("/__ozmock/orders/{client_id:int}/postings/{number}/status", status, methods=["POST"]),
        Route("/__ozmock/orders/{client_id:int}/postings/{number}/return", make_return, methods=["POST"]),
        Route("/__ozmock/orders/{client_id:int}/postings/{number}/cancellation-request", cancellation,
              methods=["POST"]),
        Route("/__ozmock/orders/{client_id:int}/returns/{return_id:int}/receive", receive, methods=["POST"]),
        Route("/__ozmock/orders/{client_id:int}/giveout/scan", giveout, methods=["POST"]),
        Route("/__ozmock/orders/{client_id:int}/label-tasks/{task_id:int}", label_task, methods=["GET"]),
        Route("/__ozmock/push/flush", flush, methods=["POST"]),
        Route("/__ozmock/push/{client_id:int}", subscriptions, methods=["GET", "POST"]),
        Route("/__ozmock/push/{client_id:int}/deliveries", deliveries, methods=["GET"]),
        Route("/__ozmock/push/{client_id:int}/{subscription_id:int}", subscription, methods=["DELETE"]),
    ]
