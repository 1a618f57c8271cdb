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

from ..clock import parse_iso
from ..openapi import openapi_document
from ..pipeline.faults import check_operation, fault_from_json
from . import orders as orders_control
from .files import file_routes
from ..registry import HANDLERS

if TYPE_CHECKING:
    from ..app import OzonApp


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

    def persist() -> None:
        """Control writes are acknowledged writes too: with --state-file they reach the disk first."""
        if owner.on_write is not None:
            owner.on_write(owner.world)

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
        persist()
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
            persist()
        return json_response(world().clock.to_json())

    async def advance(request: Request) -> Response:
        try:
            options = await read_json(request)
            seconds = float(options.get("seconds", 0))
            world().clock.advance(seconds)
        except (ValueError, TypeError) as error:
            return problem(str(error))
        persist()
        return json_response(world().clock.to_json())

    async def faults(request: Request) -> Response:
        book = world().faults
        if request.method == "POST":
            try:
                options = await read_json(request)
                rules = options if isinstance(options, list) else [options]
                parsed = [fault_from_json(rule) for rule in rules]
                for rule in parsed:                  # all or nothing
                    check_operation(rule.operation)
                added = [book.add(rule) for rule in parsed]
            except (ValueError, TypeError) as error:
                return problem(str(error))
            persist()
            return json_response({"faults": [rule.to_json() for rule in added]})
        if request.method == "DELETE":
            book.clear()
            persist()
        return json_response({"faults": book.to_json()})

    async def fault(request: Request) -> Response:
        if not world().faults.remove(int(request.path_params["fault_id"])):
            return problem("no such fault", 404)
        persist()
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
            from ..world import World
            try:
                owner.world = World.from_json(await read_json(request))
            except ValueError as error:
                return problem(str(error))
            if owner.on_write is not None:
                owner.on_write(owner.world)
        return json_response(world().to_json())

    # --- sellers and keys ----------------------------------------------------------------------
    async def sellers(request: Request) -> Response:
        if request.method == "POST":
            from ..mock import add_seller
            try:
                options = await read_json(request)
                if not isinstance(options, dict):
                    raise ValueError("a seller is a JSON object")
                options = _key_options(options, ("client_id", "name", "currency", "api_key"), seller=True)
                credentials = add_seller(world(), **options)
            except (ValueError, TypeError) as error:
                status = 409 if "already" in str(error) else 400
                return json_response({"code": 6 if status == 409 else 3, "message": str(error), "details": []},
                                     status)
            persist()
            return json_response(seller_json(world().sellers[credentials.client_id]))
        return json_response({"sellers": [seller_json(seller) for seller in world().sellers.values()]})

    def find_seller(request: Request):
        seller = world().sellers.get(int(request.path_params["client_id"]))
        if seller is None:
            raise LookupError(f"no seller with Client-Id {request.path_params['client_id']}")
        return seller

    async def seller(request: Request) -> Response:
        try:
            found = find_seller(request)
        except LookupError as error:
            return problem(str(error), 404)
        if request.method == "DELETE":
            del world().sellers[found.client_id]
            persist()
        return json_response(seller_json(found))

    async def keys(request: Request) -> Response:
        from ..mock import add_key
        try:
            found = find_seller(request)
        except LookupError as error:
            return problem(str(error), 404)
        if request.method == "POST":
            try:
                options = await read_json(request)
                if not isinstance(options, dict):
                    raise ValueError("a key is a JSON object")
                key = add_key(world(), found, **_key_options(options, ("api_key", "name")))
            except (ValueError, TypeError) as error:
                status = 409 if "already" in str(error) else 400
                return json_response({"code": 6 if status == 409 else 3, "message": str(error), "details": []},
                                     status)
            persist()
            return json_response(key_json(key))
        return json_response({"keys": [key_json(key) for key in found.keys.values()]})

    async def key(request: Request) -> Response:
        try:
            found = find_seller(request)
        except LookupError as error:
            return problem(str(error), 404)
        api_key = found.keys.get(request.path_params["api_key"])
        if api_key is None:
            return problem(f"seller {found.client_id} has no such key", 404)
        if request.method == "DELETE":
            api_key.revoked = True
            persist()
        return json_response(key_json(api_key))

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
        Route("/__ozmock/sellers", sellers, methods=["GET", "POST"]),
        Route("/__ozmock/sellers/{client_id:int}", seller, methods=["GET", "DELETE"]),
        Route("/__ozmock/sellers/{client_id:int}/keys", keys, methods=["GET", "POST"]),
        Route("/__ozmock/sellers/{client_id:int}/keys/{api_key}", key, methods=["GET", "DELETE"]),
        Route("/openapi.json", openapi, methods=["GET"]),
    ]
    routes.extend(orders_control.routes(world, persist))
    routes.extend(file_routes(owner))
    return Starlette(routes=routes)


def key_json(key) -> dict[str, Any]:
    return {"key": key.key, "name": key.name, "roles": list(key.roles), "expires_at": key.expires_at,
            "revoked": key.revoked}


def seller_json(seller) -> dict[str, Any]:
    return {"client_id": seller.client_id, "name": seller.name, "currency": seller.currency,
            "keys": [key_json(key) for key in seller.keys.values()], "areas": sorted(seller.areas)}


def _key_options(options: dict[str, Any], names: tuple[str, ...], seller: bool = False) -> dict[str, Any]:
    """JSON body -> keyword arguments: `roles`, `expires_at` (ISO) or `expires_in` (seconds from now)."""
    allowed = set(names) | {"roles", "expires_at", "expires_in"}
    from ..registry import SEEDERS
    unknown = set(options) - allowed - (set(SEEDERS) if seller else set())
    if unknown:
        raise ValueError(f"unknown field(s) {sorted(unknown)}; known: {sorted(allowed)}")
    result = {k: v for k, v in options.items() if k not in ("expires_in",)}
    if "expires_in" in options:
        if "expires_at" in options:
            raise ValueError("give expires_at or expires_in, not both")
        seconds = options["expires_in"]
        if not isinstance(seconds, (int, float)) or isinstance(seconds, bool):
            raise ValueError("expires_in is a number of seconds")
        result["expires_at"] = float(seconds)
    if "expires_at" in result and result["expires_at"] is not None and not isinstance(result["expires_at"],
                                                                                       (str, float)):
        raise ValueError("expires_at is an ISO timestamp")
    return result
