"""The control API under `/__ozmock/`: health, reset, operations, clock, faults, journal, state, sellers.

Tests and tools drive the fake through it; it never needs Ozon credentials.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .clock import parse_iso
from .openapi import openapi_document
from .pipeline.faults import fault_from_json
from .registry import HANDLERS

if TYPE_CHECKING:
    from .app import OzonApp


def json_response(data: Any, status: int = 200) -> Response:
    return Response(orjson.dumps(data), status_code=status, media_type="application/json")


def problem(message: str, status: int = 400) -> Response:
    return json_response({"code": 3 if status == 400 else 5, "message": message, "details": []}, status)


async def read_json(request: Request) -> Any:
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise ValueError("control API bodies are JSON") from None


def build_control_app(owner: "OzonApp") -> Starlette:
    catalog = owner.catalog

    def world():
        return owner.world

    async def health(request: Request) -> Response:
        return json_response({"status": "ok", "operations": len(catalog), "scenario": world().scenario})

    async def reset(request: Request) -> Response:
        try:
            options = await read_json(request)
            if owner.reset_hook is None:
                raise ValueError("this server cannot rebuild its world")
            owner.world = owner.reset_hook(**{k: v for k, v in options.items() if k in ("scenario", "seed")})
        except (ValueError, TypeError) as error:
            return problem(str(error))
        return json_response({"status": "ok", "scenario": world().scenario})

    async def operations(request: Request) -> Response:
        return json_response({"operations": [
            {"method": op.method, "path": op.path, "operation_id": op.operation_id, "group": op.group,
             "fidelity": "stateful" if op.key in HANDLERS else "generated",
             "lifecycle": op.lifecycle, "sources": op.sources}
            for op in catalog]})

    async def clock(request: Request) -> Response:
        if request.method == "POST":
            try:
                options = await read_json(request)
                if "mode" in options:
                    world().clock.set_mode(options["mode"])
                if "now" in options:
                    world().clock.set_time(parse_iso(options["now"]))
            except (ValueError, TypeError) as error:
                return problem(str(error))
        return json_response(world().clock.to_json())

    async def advance(request: Request) -> Response:
        try:
            options = await read_json(request)
            seconds = float(options.get("seconds", 0))
            world().clock.advance(seconds)
        except (ValueError, TypeError) as error:
            return problem(str(error))
        return json_response(world().clock.to_json())

    async def faults(request: Request) -> Response:
        book = world().faults
        if request.method == "POST":
            try:
                options = await read_json(request)
                rules = options if isinstance(options, list) else [options]
                added = [fault_from_json(rule) for rule in rules]
            except (ValueError, TypeError) as error:
                return problem(str(error))
            return json_response({"faults": [book.add(rule).to_json() for rule in added]})
        if request.method == "DELETE":
            book.clear()
        return json_response({"faults": book.to_json()})

    async def fault(request: Request) -> Response:
        if not world().faults.remove(int(request.path_params["fault_id"])):
            return problem("no such fault", 404)
        return json_response({"faults": world().faults.to_json()})

    async def journal(request: Request) -> Response:
        if request.method == "DELETE":
            world().journal.clear()
            return json_response({"entries": []})
        query = request.query_params
        try:
            client_id = int(query["client_id"]) if "client_id" in query else None
            status = int(query["status"]) if "status" in query else None
            limit = int(query.get("limit", 0)) or None
        except ValueError:
            return problem("client_id, status and limit are integers")
        entries = world().journal.to_json(operation=query.get("operation"), client_id=client_id, status=status)
        if limit:
            entries = entries[-limit:]
        return json_response({"entries": entries})

    async def state(request: Request) -> Response:
        if request.method == "PUT":
            from .world import World
            try:
                owner.world = World.from_json(await read_json(request))
            except ValueError as error:
                return problem(str(error))
            if owner.on_write is not None:
                owner.on_write(owner.world)
        return json_response(world().to_json())

    async def openapi(request: Request) -> Response:
        return json_response(openapi_document(catalog))

    routes = [
        Route("/__ozmock/health", health, methods=["GET"]),
        Route("/__ozmock/reset", reset, methods=["POST"]),
        Route("/__ozmock/operations", operations, methods=["GET"]),
        Route("/__ozmock/clock", clock, methods=["GET", "POST"]),
        Route("/__ozmock/clock/advance", advance, methods=["POST"]),
        Route("/__ozmock/faults", faults, methods=["GET", "POST", "DELETE"]),
        Route("/__ozmock/faults/{fault_id:int}", fault, methods=["DELETE"]),
        Route("/__ozmock/journal", journal, methods=["GET", "DELETE"]),
        Route("/__ozmock/state", state, methods=["GET", "PUT"]),
        Route("/openapi.json", openapi, methods=["GET"]),
    ]
    return Starlette(routes=routes)
