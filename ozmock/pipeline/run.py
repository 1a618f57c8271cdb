"""The one way through: trace -> route -> auth -> legacy -> limits -> faults -> parse/validate
-> (under the world's lock) windows -> settle -> handler -> shape -> response check -> journal.
Framework-free: the ASGI edge turns HTTP into a `Request` and a `Reply` back into HTTP."""
from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import orjson

from ..catalog import Catalog, Operation
from ..clock import iso
from ..errors import INTERNAL, OBSOLETE_METHOD, OzonError
from ..generate import generated_response
from ..lifecycle import REMOVED, Lifecycle, api_date_of
from ..registry import CHECKS, EXACT, HANDLERS, WRITERS, Call, FileBody, check_handlers
from .faults import Fault, fault_from_header
from .limits import check_rate, check_windows, count_windows
from .roles import check_role
from .settle import settle
from .shape import shaped
from .validation import coerce_numbers, parse_body, validate_path_params, validate_request

log = logging.getLogger("ozmock")
FAULT_HEADER = "x-ozmock-fault"


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]          # lower-case names
    body: bytes = b""
    query: dict[str, str] = field(default_factory=dict)
    base_url: str = ""               # scheme://host the client called


@dataclass
class Reply:
    status: int
    body: bytes | None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0               # seconds to wait before answering (latency faults)
    drop: bool = False               # close the connection without answering
    wrote: bool = False              # a declared write committed (saved state is written after it)


def _error_reply(error: OzonError) -> tuple[int, Any, dict[str, str]]:
    return error.status, error.body(), dict(error.headers)


class Pipeline:
    def __init__(self, world, catalog: Catalog):
        check_handlers(catalog.keys)
        self.world = world
        self.catalog = catalog

    def handle(self, request: Request) -> Reply:
        started = time.perf_counter()
        trace_id = os.urandom(16).hex()
        world = self.world
        operation: Operation | None = None
        seller = None
        parsed: Any = None
        source = "error"
        fault: Fault | None = None
        headers: dict[str, str] = {}
        wrote = False
        try:
            day = api_date_of(world.settings.api_date)
            operations, path_params = self._route(request, day)
            if not operations:
                raise OzonError(5, f"no such method: {request.method} {request.path}")
            operation = operations.get(request.method)
            if operation is None:
                return self._finish(request, None, None, 405, None, "error", trace_id, started,
                                    {"Allow": ", ".join(sorted(operations))}, parsed)
            life = operation.lifecycle(day)
            headers = lifecycle_headers(life)
            seller = world.authenticate(request.headers.get("client-id"), request.headers.get("api-key"))
            check_role(seller, request.headers.get("api-key"), operation)
            if operation.obsolete or (life.status == REMOVED and world.settings.legacy == "reject"):
                raise OzonError(9, OBSOLETE_METHOD, status=400)
            check_rate(world, seller.client_id)
            fault = self._fault_for(request, operation, seller.client_id)
            if fault is not None and fault.phase == "before" and (fault.drop or fault.status):
                return self._faulted(request, operation, seller, fault, trace_id, started, headers, parsed)
            parsed = parse_body(operation, request.body) if request.method != "GET" else dict(request.query)
            validate_path_params(operation, path_params)
            parsed = coerce_numbers(operation.request_schema, parsed)
            validate_request(operation, parsed)
            handler = HANDLERS.get(operation.key)
            if handler is None:
                body, source = generated_response(operation, parsed, world, params=path_params)
            else:
                source = "stateful"  # a domain error raised below is still the domain's answer
                body = self._domain_call(handler, Call(operation=operation, seller=seller, world=world, body=parsed,
                                                       path_params=path_params, query=request.query,
                                                       base_url=request.base_url))
                wrote = operation.key in WRITERS
            status = 200
            if world.settings.strict and not isinstance(body, FileBody):
                check_response(operation, body, exact=source == "stateful" and operation.key in EXACT)
            if fault is not None and (fault.status or fault.drop):  # phase "after": the write has committed
                return self._faulted(request, operation, seller, fault, trace_id, started, headers, parsed,
                                     wrote=wrote)
        except OzonError as error:
            status, body, extra = _error_reply(error)
            headers.update(extra)
        except Exception:  # a bug: logged, answered as the live API answers its own failures
            log.exception("unexpected error handling %s %s", request.method, request.path)
            status, body = 500, {"code": 13, "message": INTERNAL, "details": []}
        reply = self._finish(request, operation, seller, status, body, source, trace_id, started, headers, parsed,
                             wrote=wrote and status == 200)
        if fault is not None:
            reply.delay = fault.latency_ms / 1000
        return reply

    def _route(self, request: Request, day: date) -> tuple[dict[str, Operation], dict[str, str]]:
        """The operations at the path published by the world's `api_date` (later ones are unknown)."""
        operations, path_params = self.catalog.route(request.method, request.path)
        return {method: op for method, op in operations.items() if op.lifecycle(day).served}, path_params

    def _domain_call(self, handler, call: Call) -> Any:
        """Settle -> domain check -> windows -> handler -> shape, under the world's lock: checks and
        writes happen as one step, and nothing changes under a reader."""
        world, client_id, now, key = call.world, call.seller.client_id, call.now.timestamp(), call.operation.key
        with world.lock:
            settle(world, call.seller, now)
            check = CHECKS.get(key)
            if check is not None:
                check(call)
            windows = check_windows(world, client_id, key, now)
            body = handler(call)
            if key not in EXACT:
                body = shaped(call.operation, body)
            count_windows(world, client_id, windows, now)
        return body

    def _fault_for(self, request: Request, operation: Operation, client_id: int) -> Fault | None:
        header = request.headers.get(FAULT_HEADER)
        if header:
            try:
                return fault_from_header(header)
            except ValueError as error:
                raise OzonError(3, f"X-Ozmock-Fault: {error}") from None
        if not self.world.faults.rules:
            return None
        return self.world.faults.pick(f"{operation.method} {operation.path}", client_id)

    def _faulted(self, request, operation, seller, fault: Fault, trace_id, started, headers, parsed,
                 wrote: bool = False) -> Reply:
        error = fault.error()
        status, body, extra = _error_reply(error) if error else (0, None, {})
        headers = {**headers, **extra}
        reply = self._finish(request, operation, seller, status, body, "fault", trace_id, started, headers, parsed,
                             wrote=wrote)
        reply.delay = fault.latency_ms / 1000
        reply.drop = fault.drop
        return reply

    def _finish(self, request, operation, seller, status, body, source, trace_id, started, headers, parsed,
                wrote: bool = False) -> Reply:
        out = {"x-o3-trace-id": trace_id, "x-ozmock-source": source, **headers}
        if isinstance(body, FileBody):
            payload = body.content
            out["content-type"] = body.media_type
            if body.filename:
                out["content-disposition"] = f'attachment; filename="{body.filename}"'
            body = body.summary()
        elif body is not None:
            try:
                payload = orjson.dumps(body)
            except TypeError:  # a bug (e.g. an integer beyond 64 bits): still an answer in the live shape
                log.exception("response for %s %s cannot be serialised", request.method, request.path)
                status, body = 500, {"code": 13, "message": INTERNAL, "details": []}
                payload = orjson.dumps(body)
            out["content-type"] = "application/json"
        else:
            payload = None
        self.world.journal.record(
            at=iso(self.world.clock.now()), method=request.method, path=request.path,
            operation=f"{operation.method} {operation.path}" if operation else None,
            client_id=seller.client_id if seller else None, status=status,
            request=parsed if parsed is not None else _raw(request.body), response=body,
            source=source, trace_id=trace_id, duration_ms=round((time.perf_counter() - started) * 1000, 3),
            wrote=wrote)
        return Reply(status=status, body=payload, headers=out, wrote=wrote)


def lifecycle_headers(life: Lifecycle) -> dict[str, str]:
    """`x-ozmock-lifecycle` on deprecated and removed operations: status, removal date, replacement."""
    header = life.header()
    return {"x-ozmock-lifecycle": header} if header else {}


def check_response(operation: Operation, body: Any, *, exact: bool = False) -> None:
    """Strict mode: a response that breaks its own schema is a bug in ozmock, reported as such; so is
    an answer declared exact (`handles(exact=True)`) that carries a field its schema lacks."""
    if not operation.response_check.is_valid(body):
        error = next(iter(operation.response_validator.iter_errors(body)), None)
        if error is not None:
            where = "/".join(str(p) for p in error.absolute_path) or "(root)"
            log.error("response for %s %s breaks its schema at %s: %s", operation.method, operation.path,
                      where, error.message)
            raise OzonError(13, f"{INTERNAL}: response breaks the schema at {where}: {error.message}")
    if exact and not operation.conforms(body):
        log.error("answer of %s %s is declared exact but carries undocumented fields", operation.method,
                  operation.path)
        raise OzonError(13, f"{INTERNAL}: the answer is declared exact but carries fields its schema lacks")


def _raw(body: bytes) -> Any:
    if not body:
        return None
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        return body[:2000].decode("utf-8", "replace")
