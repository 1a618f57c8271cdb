"""The one way through: trace -> route -> auth -> legacy -> limits -> faults -> parse/validate
-> (under the world's lock) windows -> settle -> handler -> shape -> response check -> journal.
Framework-free: the ASGI edge turns HTTP into a `Request` and a `Reply` back into HTTP."""
from __future__ import annotations

import logging
import os
import random
import time
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

import orjson

from ..catalog import Catalog, Operation
from ..errors import INTERNAL, OBSOLETE_METHOD, OzonError
from ..generate import generated_response
from ..registry import CHECKS, CUT_TO_MAXIMUM, EXACT, FORMS, HANDLERS, WRITERS, Call, FileBody, check_handlers
from .bounds import JOURNAL_RAW_BYTES, check_body, kept_body, nesting_exceeds
from .contract_warnings import HEADER as WARNING_HEADER
from .contract_warnings import ContractWarning, header_value, lifecycle_warning, strict_refusal
from ..lifecycle import REMOVED, Lifecycle, api_date_of
from .faults import Fault, fault_from_header
from .journal import Encoded
from .limits import check_rate, check_windows, count_windows
from .multipart import is_multipart, parse_multipart
from .roles import check_role
from .settle import settle
from .shape import shaped
from .validation import parse_body, read_request, validate_path_params

if TYPE_CHECKING:
    from ..proxy.cassettes import Replay

log = logging.getLogger("ozmock")
FAULT_HEADER = "x-ozmock-fault"
# Trace ids only need to differ, not to be secret: drawn from a generator seeded once (the world's own
# stays untouched, so its ids replay), not a system call per request (os.urandom: 1 us idle, 20 under load).
TRACE_IDS = random.Random(os.urandom(16))


@dataclass(slots=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]          # lower-case names
    body: bytes = b""
    query: dict[str, str] = field(default_factory=dict)
    base_url: str = ""               # scheme://host the client called


@dataclass(slots=True)
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
        self.saved_state: SavedState | None = None     # set by `ozmock serve --state-file`
        self.replay: Replay | None = None              # set by `ozmock serve --replay` (ozmock/proxy/cassettes.py)

    def handle(self, request: Request) -> Reply:
        """One call: its recorded answer when replaying cassettes and one matches, else the way through."""
        if self.replay is not None:
            recorded = self._recorded(request)
            if recorded is not None:
                return recorded
        return self._through(request)

    def _recorded(self, request: Request) -> Reply | None:
        """A seller's recorded call (`ozmock serve --replay`), answered as the live API did, before auth:
        the recording's credentials are the seller's own, which the cassette does not keep."""
        started = time.perf_counter()
        operation = self._route(request, api_date_of(self.world.settings.api_date))[0].get(request.method)
        recorded = operation and self.replay.answer(operation, request.method, request.path, request.body,
                                                    request.query)
        if not recorded:
            return None
        return self._finish(request, operation, None, *recorded, "recorded", new_trace_id(), started, {}, None)

    def _through(self, request: Request) -> Reply:
        started = time.perf_counter()
        trace_id = new_trace_id()
        world = self.world
        operation: Operation | None = None
        seller = None
        parsed: Any = None
        source = "error"
        fault: Fault | None = None
        headers: dict[str, str] = {}
        warnings: list[ContractWarning] = []
        wrote = False
        try:
            check_body(request.body)
            day = api_date_of(world.settings.api_date)
            operations, path_params = self._route(request, day)
            if not operations:
                raise OzonError(5, f"no such method: {request.method} {request.path}")
            operation = operations.get(request.method)
            if operation is None:
                return self._finish(request, None, None, 405, None, "error", trace_id, started,
                                    {"Allow": ", ".join(sorted(operations))}, parsed)
            headers = lifecycle_headers(life := operation.lifecycle(day))
            seller = world.authenticate(request.headers.get("client-id"), request.headers.get("api-key"))
            check_role(seller, request.headers.get("api-key"), operation)
            if operation.obsolete or (life.status == REMOVED and world.settings.legacy == "reject"):
                raise OzonError(9, OBSOLETE_METHOD, status=400)
            check_rate(world, seller.client_id)
            fault = self._fault_for(request, operation, seller.client_id)
            if fault is not None and fault.phase == "before" and (fault.drop or fault.status):
                return self._faulted(request, operation, seller, fault, trace_id, started, headers, parsed)
            parsed = read_body(operation, request)
            validate_path_params(operation, path_params)
            parsed, warnings = self._read(operation, life, cut_to_maximum(operation, parsed), headers)
            handler = HANDLERS.get(operation.key)
            if handler is None:
                body, source = generated_response(operation, parsed, world, params=path_params)
            else:
                source = "stateful"  # a domain error raised below is still the domain's answer
                body = self._domain_call(handler, operation, seller, parsed, path_params, request)
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
                             wrote=wrote and status == 200, warnings=warnings)
        if fault is not None:
            reply.delay = fault.latency_ms / 1000
        return reply

    def _read(self, operation: Operation, life: Lifecycle, body: dict[str, Any],
              headers: dict[str, str]) -> tuple[dict[str, Any], list[ContractWarning]]:
        """The body as read, and its contract warnings (fields first, then the operation's lifecycle):
        announced in a header, or in strict-requests mode the first one refused naming its field."""
        body, warnings = read_request(operation, body)
        lifecycle = lifecycle_warning(operation, life)
        if lifecycle:
            warnings.append(lifecycle)
        if warnings and self.world.settings.strict_requests:
            raise strict_refusal(warnings[0])        # refused: the call relied on nothing
        if warnings:
            headers[WARNING_HEADER] = header_value(warnings)
        return body, warnings

    def _route(self, request: Request, day: date) -> tuple[dict[str, Operation], dict[str, str]]:
        """The operations at the path published by the world's `api_date` (later ones are unknown)."""
        operations, path_params = self.catalog.route(request.method, request.path)
        return {method: op for method, op in operations.items() if op.lifecycle(day).served}, path_params

    def _domain_call(self, handler, operation: Operation, seller, body: Any, path_params: dict[str, str],
                     request: Request) -> Any:
        """The domain call under the world's lock, read at one instant of the clock taken under it (so
        calls are applied in the order of their times). With saved state a write is logged before it
        touches the world (`ozmock/store/`); a failed save answers 500/13 and changes nothing."""
        world = self.world
        with world.lock:
            call = Call(operation, seller, world, body, path_params, request.query, None, request.base_url)
            saved = self.saved_state
            mark = saved.before(call) if saved is not None else None
            try:
                return apply_call(handler, call)
            finally:
                if saved is not None:
                    saved.after(call, mark)

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
                wrote: bool = False, warnings: list[ContractWarning] | None = None) -> Reply:
        out = {"x-o3-trace-id": trace_id, "x-ozmock-source": source}
        if headers:
            out.update(headers)
        if isinstance(body, FileBody):
            payload = body.content
            out["content-type"] = body.media_type
            if body.filename:
                out["content-disposition"] = f'attachment; filename="{body.filename}"'
            kept = body.summary()
        elif body is not None:
            try:
                payload = orjson.dumps(body)
            except TypeError:  # a bug (e.g. an integer beyond 64 bits): still an answer in the live shape
                log.exception("response for %s %s cannot be serialised", request.method, request.path)
                status, payload = 500, orjson.dumps({"code": 13, "message": INTERNAL, "details": []})
            out["content-type"] = "application/json"
            kept = Encoded(payload)               # the journal keeps the bytes sent, not a second copy
        else:
            payload = kept = None
        world = self.world
        journal = world.journal
        if journal.size:
            with world.lock:  # entries in the order their sequence numbers say, whatever the threads
                journal.record(
                    at=world.clock.timestamp(), method=request.method, path=request.path,
                    operation=operation.name if operation else None,
                    client_id=seller.client_id if seller else None, status=status,
                    request=parsed if parsed is not None else _raw(request.body), response=kept,
                    source=source, trace_id=trace_id, duration_ms=round((time.perf_counter() - started) * 1000, 3),
                    wrote=wrote, size=len(request.body) + len(payload or b""),
                    warnings=[warning.describe() for warning in warnings] if warnings else None)
        return Reply(status, payload, out, 0.0, False, wrote)


def new_trace_id() -> str:
    """`x-o3-trace-id`: 32 hex digits, as the live API's."""
    return f"{TRACE_IDS.getrandbits(128):032x}"


def apply_call(handler, call: Call, *, shape: bool = True) -> Any:
    """Settle -> domain check -> windows -> handler -> shape, with the clock held at `call.now`: checks
    and writes happen as one step, nothing changes under a reader, and a replay of the call (saved
    state) reads the same instant. The caller holds the world's lock."""
    world, client_id, key = call.world, call.seller.client_id, call.operation.key
    now = call.instant
    world.clock.pin(now)
    try:
        settle(world, call.seller, now)
        check = CHECKS.get(key)
        if check is not None:
            check(call)
        windows = check_windows(world, client_id, key, now)
        body = handler(call)
        if shape and key not in EXACT:
            body = shaped(call.operation, body)
        count_windows(world, client_id, windows, now)
    finally:
        world.clock.pin(None)
    return body


class SavedState(Protocol):
    """What the pipeline asks of saved state around a domain call (`ozmock/store/` implements it)."""

    def before(self, call: Call) -> Any:
        """Make a write durable before it runs (raise OzonError 13 when that fails); note a read."""

    def after(self, call: Call, mark: Any) -> None:
        """Keep what a read changed that later writes depend on (ids handed out by the clock)."""


def read_body(operation: Operation, request: Request) -> Any:
    """The request's fields: the query of a GET, a form where the contract declares one, else JSON."""
    if request.method == "GET":
        return dict(request.query)
    content_type = request.headers.get("content-type", "")
    if operation.key in FORMS and is_multipart(content_type):
        return parse_multipart(request.body, content_type, operation.request_schema)
    return parse_body(operation, request.body)


def cut_to_maximum(operation: Operation, parsed: Any) -> Any:
    """Page sizes above their documented maximum read as the maximum where the handler declares so."""
    fields = CUT_TO_MAXIMUM.get(operation.key)
    if not fields or not isinstance(parsed, dict):
        return parsed
    properties = (operation.request_schema or {}).get("properties") or {}
    for name in fields:
        value, maximum = parsed.get(name), (properties.get(name) or {}).get("maximum")
        if isinstance(value, (int, float)) and not isinstance(value, bool) and maximum is not None and value > maximum:
            parsed[name] = maximum
    return parsed


def lifecycle_headers(life: Lifecycle) -> dict[str, str]:
    """`x-ozmock-lifecycle` on deprecated and removed operations: status, removal date, replacement."""
    header = life.header()
    return {"x-ozmock-lifecycle": header} if header else {}


def check_response(operation: Operation, body: Any, *, exact: bool = False) -> None:
    """Strict mode: a response that breaks its own schema is a bug in ozmock, reported as such; so is
    an answer declared exact (`handles(exact=True)`) that lacks a documented field or carries one its
    schema lacks."""
    if not operation.response_check.is_valid(body):
        error = next(iter(operation.response_validator.iter_errors(body)), None)
        if error is not None:
            where = "/".join(str(p) for p in error.absolute_path) or "(root)"
            log.error("response for %s %s breaks its schema at %s: %s", operation.method, operation.path,
                      where, error.message)
            raise OzonError(13, f"{INTERNAL}: response breaks the schema at {where}: {error.message}")
    if exact and not operation.conforms(body):
        error = next(iter(operation.complete_validator.iter_errors(body)), None)
        where = "/".join(str(p) for p in error.absolute_path) or "(root)" if error else "(root)"
        message = error.message if error else "not as documented"
        log.error("answer of %s %s is declared exact but is not complete and documented at %s: %s",
                  operation.method, operation.path, where, message)
        raise OzonError(13, f"{INTERNAL}: the answer is declared exact but breaks its complete schema at {where}: "
                            f"{message}")


def _raw(body: bytes) -> Any:
    """A body the pipeline did not parse (refused before parsing), as the journal keeps it: bounded."""
    if not body:
        return None
    if len(body) > JOURNAL_RAW_BYTES or nesting_exceeds(body):
        return kept_body(body)
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        return body[:2000].decode("utf-8", "replace")
