"""Sellers and their API keys from outside: list, add (with scenario sections), remove; a seller's
keys: list, add (roles, expiry), revoke. Adding goes through `ozmock.credentials`, as
`OzonMock.add_seller` / `add_key` do, so both refuse and answer alike."""
from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..credentials import add_key, add_seller
from ..registry import SEEDERS
from ..world import ApiKey, Seller
from .common import json_response, no_seller, parse_json, persist, problem, world_of

SELLER_FIELDS = ("client_id", "name", "currency", "api_key")
KEY_FIELDS = ("api_key", "name")
# A seller built here is built under the world's lock, so other requests wait for it: its sections may
# ask for this many items in all (5,000 products take under a second on an idle machine). Larger
# worlds come from a scenario file, built once before the server answers.
MAX_BUILD_ITEMS = 5_000


def build_size(value: Any) -> float:
    """What the sections ask to build: every number in them (counts, statuses, with_stock...) summed,
    numeric strings included; a value that is no finite number counts as too many."""
    if isinstance(value, dict):
        return sum(build_size(v) for v in value.values())
    if isinstance(value, list):
        return sum(build_size(v) for v in value)
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return 0
    try:
        number = abs(float(value))
    except (ValueError, OverflowError):
        return 0
    return number if number == number else float("inf")


def key_json(key: ApiKey) -> dict[str, Any]:
    return {"key": key.key, "name": key.name, "roles": list(key.roles), "expires_at": key.expires_at,
            "revoked": key.revoked}


def seller_json(seller: Seller) -> dict[str, Any]:
    return {"client_id": seller.client_id, "name": seller.name, "currency": seller.currency,
            "keys": [key_json(key) for key in seller.keys.values()], "areas": sorted(seller.areas)}


def key_options(options: Any, names: tuple[str, ...], seller: bool = False) -> dict[str, Any]:
    """JSON body -> keyword arguments: `roles`, `expires_at` (ISO) or `expires_in` (seconds from now);
    a seller's body may also fill scenario sections (`products: {...}`)."""
    if not isinstance(options, dict):
        raise ValueError(f"a {'seller' if seller else 'key'} is a JSON object")
    allowed = set(names) | {"roles", "expires_at", "expires_in"}
    unknown = set(options) - allowed - (set(SEEDERS) if seller else set())
    if unknown:
        raise ValueError(f"unknown field(s) {sorted(unknown)}; known: {sorted(allowed)}")
    asked = build_size({name: options[name] for name in SEEDERS if name in options}) if seller else 0
    if asked > MAX_BUILD_ITEMS:
        raise ValueError(f"a seller built through the control API holds at most {MAX_BUILD_ITEMS} items in "
                         f"all (its sections ask for {asked:g}); build a larger world from a scenario file")
    result = {k: v for k, v in options.items() if k != "expires_in"}
    if "expires_in" in options:
        if "expires_at" in options:
            raise ValueError("give expires_at or expires_in, not both")
        seconds = options["expires_in"]
        if not isinstance(seconds, (int, float)) or isinstance(seconds, bool):
            raise ValueError("expires_in is a number of seconds")
        result["expires_at"] = float(seconds)
    expires_at = result.get("expires_at")
    if expires_at is not None and not isinstance(expires_at, (str, float)):
        raise ValueError("expires_at is an ISO timestamp")
    return result


def refused(error: Exception) -> Response:
    """A refused seller or key: 409 when it exists already, else 400."""
    conflict = "already" in str(error)
    return json_response({"code": 6 if conflict else 3, "message": str(error), "details": []},
                         409 if conflict else 400)


async def sellers(request: Request) -> Response:
    world = world_of(request)
    raw = await request.body() if request.method == "POST" else b""
    with world.lock:
        if request.method != "POST":
            return json_response({"sellers": [seller_json(seller) for seller in world.sellers.values()]})
        try:
            credentials = add_seller(world, **key_options(parse_json(raw), SELLER_FIELDS, seller=True))
        except (ValueError, TypeError) as error:
            return refused(error)
        answer = json_response(seller_json(world.sellers[credentials.client_id]))
    persist(request)
    return answer


async def seller(request: Request) -> Response:
    world = world_of(request)
    with world.lock:
        found = world.sellers.get(request.path_params["client_id"])
        if found is None:
            return no_seller(request)
        if request.method == "DELETE":
            del world.sellers[found.client_id]
        answer = json_response(seller_json(found))
    if request.method == "DELETE":
        persist(request)
    return answer


async def keys(request: Request) -> Response:
    world = world_of(request)
    raw = await request.body() if request.method == "POST" else b""
    with world.lock:
        found = world.sellers.get(request.path_params["client_id"])
        if found is None:
            return no_seller(request)
        if request.method != "POST":
            return json_response({"keys": [key_json(key) for key in found.keys.values()]})
        try:
            key = add_key(world, found, **key_options(parse_json(raw), KEY_FIELDS))
        except (ValueError, TypeError) as error:
            return refused(error)
        answer = json_response(key_json(key))
    persist(request)
    return answer


async def key(request: Request) -> Response:
    world = world_of(request)
    with world.lock:
        found = world.sellers.get(request.path_params["client_id"])
        if found is None:
            return no_seller(request)
        api_key = found.keys.get(request.path_params["api_key"])
        if api_key is None:
            return problem(f"seller {found.client_id} has no such key", 404)
        if request.method == "DELETE":
            api_key.revoked = True
        answer = json_response(key_json(api_key))
    if request.method == "DELETE":
        persist(request)
    return answer


def routes() -> list[Route]:
    return [
        Route("/__ozmock/sellers", sellers, methods=["GET", "POST"]),
        Route("/__ozmock/sellers/{client_id:int}", seller, methods=["GET", "DELETE"]),
        Route("/__ozmock/sellers/{client_id:int}/keys", keys, methods=["GET", "POST"]),
        Route("/__ozmock/sellers/{client_id:int}/keys/{api_key}", key, methods=["GET", "DELETE"]),
    ]
