"""The world as a whole: rebuild it from the scenario (reset), export it, replace it (import).

A new world is swapped in on the owner; requests already running finish on the old one. An export
masks API keys unless asked for them (`?api_keys=show`; beyond loopback only a caller with the control
token gets this far). An import is checked before it replaces anything: a document whose areas have
the wrong types, or that cannot be settled and exported again, is refused with 400 and the world is
left as it was, so no document can leave the server answering 500 (issue 14).
"""
from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..pipeline.settle import settle
from ..registry import AREAS
from ..world import World
from .common import json_response, owner_of, parse_object, persist, problem, world_of

RESET_OPTIONS = {"scenario": str, "seed": int}
MASK = "****"


async def reset(request: Request) -> Response:
    owner = owner_of(request)
    try:
        options = parse_object(await request.body())
        for name, kind in RESET_OPTIONS.items():
            value = options.get(name)
            if value is not None and (not isinstance(value, kind) or isinstance(value, bool) or value == ""):
                raise ValueError(f"{name} is a {'non-empty ' if kind is str else ''}{kind.__name__}, not {value!r}")
        if owner.reset_hook is None:
            raise ValueError("this server cannot rebuild its world")
        owner.world = owner.reset_hook(**{k: v for k, v in options.items() if k in RESET_OPTIONS})
    except (ValueError, TypeError) as error:
        return problem(str(error))
    except OSError as error:                 # a scenario path the file system refuses (too long, unreadable)
        return problem(f"scenario: {error.strerror or error}")
    persist(request)
    return json_response({"status": "ok", "scenario": owner.world.scenario})


async def state(request: Request) -> Response:
    """GET exports the world as JSON (what --state-file stores); PUT replaces it with such a document."""
    if request.method == "PUT":
        try:
            owner_of(request).world = imported(parse_object(await request.body()))
        except ValueError as error:
            return problem(str(error))
        persist(request)
    world = world_of(request)
    with world.lock:
        document = world.to_json()
    if request.query_params.get("api_keys") != "show":
        mask_keys(document)
    return json_response(document)


def mask_keys(document: dict[str, Any]) -> None:
    """API keys as `****` and their last four characters: enough to tell them apart, not to use them."""
    for seller in document.get("sellers", []):
        for key in seller.get("keys", []):
            key["key"] = MASK + str(key["key"])[-4:]


def imported(document: dict[str, Any]) -> World:
    """The world a state document describes, checked to be usable; ValueError names what is wrong."""
    for seller in document.get("sellers") or []:
        if isinstance(seller, dict) and any(isinstance(key, dict) and str(key.get("key", "")).startswith(MASK)
                                            for key in seller.get("keys") or []):
            raise ValueError("the API keys in this document are masked: export it with ?api_keys=show to import it")
    try:
        world = World.from_json(document)
        check_areas(world)
        now = world.clock.now().timestamp()
        for seller in world.sellers.values():
            settle(world, seller, now)
        orjson.dumps(world.to_json())
    except ValueError:
        raise
    except Exception as error:  # whatever a malformed area breaks, it is the document's fault: refused
        raise ValueError(f"malformed ozmock state document: {error!r}") from None
    return world


def check_areas(world: World) -> None:
    """Every area of every seller has the type its area creates, and so do the fields a fresh one has."""
    for seller in world.sellers.values():
        for name, loaded in seller.areas.items():
            fresh = AREAS[name].create(seller, world)
            if type(loaded) is not type(fresh):
                raise ValueError(f"area {name!r} of seller {seller.client_id} is a {type(loaded).__name__}, "
                                 f"expected a {type(fresh).__name__}")
            if isinstance(fresh, dict):
                for field, value in fresh.items():
                    if field in loaded and not _same_kind(loaded[field], value):
                        raise ValueError(f"area {name!r} of seller {seller.client_id}: {field} is a "
                                         f"{type(loaded[field]).__name__}, expected a {type(value).__name__}")


def _same_kind(value: Any, expected: Any) -> bool:
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return expected is None or isinstance(value, type(expected))


def routes() -> list[Route]:
    return [
        Route("/__ozmock/reset", reset, methods=["POST"]),
        Route("/__ozmock/state", state, methods=["GET", "PUT"]),
    ]
