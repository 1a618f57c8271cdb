"""`ozmock proxy`: the ASGI app between a seller's client and the live API.

Each call: route it in the served contract; refuse a write unless `--allow-writes` (`writes.py`);
forward it with the caller's own headers to the upstream (TLS verified, always); answer what the
upstream answered; then compare the exchange with the contract (`drift.py`) and report it: a
request-log line naming the kinds of difference (and an event the first time an operation shows a
kind), a journal entry with the masked bodies, the contract warnings and the differences, the drift
report (`GET /__ozmock/drift`), and with `--record` a cassette. Everything kept is masked first
(`masking.py`); the Api-Key is forwarded and never kept.
"""
from __future__ import annotations

import logging
import time
from datetime import datetime, timezone
from pathlib import Path

import httpx
import orjson

from ..app import api_body, query_of, request_headers, wire_headers
from ..catalog import Catalog, Operation, load_catalog
from ..clock import Clock, iso
from ..control.access import CONTROL_PREFIX
from ..control.app import build_proxy_control_app
from ..errors import OzonError
from ..lifecycle import api_date_of
from ..logs import log_call, log_event
from ..pipeline.contract_warnings import HEADER as WARNING_HEADER
from ..pipeline.contract_warnings import header_value
from ..pipeline.run import Request, new_trace_id
from ..world import World
from . import DEFAULT_UPSTREAM
from .cassettes import Recorder, interaction, operation_name
from .drift import DriftReport, Exchange, compare, route
from .masking import mask, mask_text
from .writes import is_write

DRIFT_HEADER = "x-ozmock-drift"
UPSTREAM_TIMEOUT = 60.0
# not forwarded either way: they describe one connection, not the call (RFC 9110 7.6.1), and
# accept-encoding, so the answer's bytes arrive as the upstream wrote them
HOP_BY_HOP = frozenset({"host", "connection", "keep-alive", "proxy-connection", "proxy-authorization", "te",
                        "trailer", "transfer-encoding", "upgrade", "content-length", "accept-encoding",
                        "content-encoding"})
SECRET_HEADERS = ("api-key",)


def goes_to_proxy_control(method: str, path: str) -> bool:
    """`/__ozmock/*` and `/openapi.json`; the proxy forwards everything else, `GET /` included."""
    return path.startswith(CONTROL_PREFIX) or path == "/openapi.json"


class ProxyApp:
    def __init__(self, upstream: str = DEFAULT_UPSTREAM, *, allow_writes: bool = False, record: Path | None = None,
                 api_date: str | None = None, catalog: Catalog | None = None,
                 transport: httpx.AsyncBaseTransport | None = None):
        self.upstream = upstream.rstrip("/")
        self.allow_writes = allow_writes
        self.catalog = catalog or load_catalog()
        # the world only holds what the control API shows: the journal and the contract's date
        self.world = World(clock=Clock(datetime.now(timezone.utc), "real"), scenario="proxy")
        self.world.settings.api_date = api_date
        self.drift = DriftReport()
        self.recorder = Recorder(record) if record is not None else None
        self.client = httpx.AsyncClient(timeout=UPSTREAM_TIMEOUT, verify=True, transport=transport,
                                        follow_redirects=False)
        self.control_token: str | None = None
        self.on_write = None
        self.control = build_proxy_control_app(self)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "lifespan":
            await self.control(scope, receive, send)
            return
        started = time.perf_counter()
        body = await api_body(self.control, goes_to_proxy_control, scope, receive, send, started)
        if body is None:
            return
        path: str = scope["path"]
        headers = [(name.decode("latin-1"), value.decode("latin-1")) for name, value in scope["headers"]]
        query_string = scope.get("query_string", b"").decode("latin-1")
        request = Request(method=scope["method"], path=path, headers=request_headers(scope["headers"]), body=body,
                          query=query_of(scope.get("query_string")))
        status, out_headers, content = await self.forward(request, headers, query_string, started)
        await send({"type": "http.response.start", "status": status, "headers": wire_headers(out_headers, content)})
        await send({"type": "http.response.body", "body": content})

    async def forward(self, request: Request, headers: list[tuple[str, str]], query_string: str,
                      started: float) -> tuple[int, list[tuple[str, str]], bytes]:
        """The upstream's answer to the call (or the proxy's refusal), reported and kept masked."""
        day = api_date_of(self.world.settings.api_date)
        operation, _ = route(self.catalog, request.method, request.path, day)
        if is_write(operation) and not self.allow_writes:
            return self._refused(request, operation, started)
        url = self.upstream + request.path + (f"?{query_string}" if query_string else "")
        try:
            answer = await self.client.request(request.method, url, content=request.body,
                                               headers=[(k, v) for k, v in headers if k.lower() not in HOP_BY_HOP])
        except httpx.HTTPError as error:
            return self._unreachable(request, operation, error, started)
        content = answer.content
        out = [(k, v) for k, v in answer.headers.multi_items() if k.lower() not in HOP_BY_HOP]
        out.append(("x-ozmock-source", "live"))
        try:
            drift = self._report(request, operation, answer.status_code, answer.headers.get("content-type", ""),
                                 content, answer.headers.get("x-o3-trace-id") or new_trace_id(), started, out)
        except Exception:   # a bug in the report: the caller still gets the live answer (a write may have happened)
            logging.getLogger("ozmock").exception("drift report of %s %s failed", request.method, request.path)
            drift = ""
        if drift:
            out.append((DRIFT_HEADER, drift))
        return answer.status_code, out, content

    def _report(self, request: Request, operation: Operation | None, status: int, content_type: str,
                content: bytes, trace_id: str, started: float, out: list[tuple[str, str]]) -> str:
        secrets = secrets_of(request)
        sent, answered = json_or_none(request.body), json_or_none(content)
        exchange = Exchange(request, status, answered, mask(sent, secrets), mask(answered, secrets), secrets)
        differences, warnings = compare(self.catalog, exchange, api_date_of(self.world.settings.api_date))
        at = iso(self.world.clock.now())
        for new in self.drift.add(differences, at):
            log_event("drift", f"drift: {new.operation} {new.describe()}", level=logging.INFO,
                      operation=new.operation, kind=new.kind, field=new.where)
        kinds = ", ".join(sorted({difference.kind for difference in differences}))
        if warnings:
            out.append((WARNING_HEADER, header_value(warnings)))
        name = operation_name(operation, request.method, request.path)
        self._journal(request, name, status, exchange.masked_request, exchange.masked_response, "live", trace_id,
                      started, warnings=[warning.describe() for warning in warnings],
                      drift=[difference.describe() for difference in differences], kinds=kinds)
        if self.recorder is not None:
            self.recorder.record(name, interaction(request.method, request.path, request.query, sent, status,
                                                   content_type, content, secrets))
        return kinds

    def _refused(self, request: Request, operation: Operation | None, started: float):
        name = operation_name(operation, request.method, request.path)
        error = OzonError(7, f"ozmock proxy refuses {name}: it may change the seller's account; start the proxy "
                             f"with --allow-writes to forward writes")
        return self._own_answer(request, name, error, started)

    def _unreachable(self, request: Request, operation: Operation | None, error: httpx.HTTPError, started: float):
        name = operation_name(operation, request.method, request.path)
        cause = mask_text(str(error) or type(error).__name__, secrets_of(request))
        return self._own_answer(request, name, OzonError(14, f"upstream {self.upstream} unreachable: {cause}",
                                                         status=502), started)

    def _own_answer(self, request: Request, name: str, error: OzonError, started: float):
        """An answer the proxy gives itself (a refused write, an unreachable upstream): journaled and logged."""
        trace_id = new_trace_id()
        self._journal(request, name, error.status, mask(json_or_none(request.body), secrets_of(request)),
                      error.body(), "proxy", trace_id, started)
        headers = [("content-type", "application/json"), ("x-o3-trace-id", trace_id), ("x-ozmock-source", "proxy")]
        return error.status, headers, orjson.dumps(error.body())

    def _journal(self, request: Request, name: str, status: int, sent, answered, source: str, trace_id: str,
                 started: float, *, warnings: list[str] = (), drift: list[str] = (), kinds: str = "") -> None:
        world = self.world
        client_id = request.headers.get("client-id", "")
        milliseconds = (time.perf_counter() - started) * 1000
        with world.lock:
            world.journal.record(at=iso(world.clock.now()), method=request.method, path=request.path,
                                 operation=name, client_id=int(client_id) if client_id.isdigit() else None,
                                 status=status, request=sent, response=answered, source=source, trace_id=trace_id,
                                 duration_ms=round(milliseconds, 3), wrote=False, warnings=list(warnings),
                                 drift=list(drift), size=len(request.body))
        log_call(request.method, request.path, status, milliseconds,
                 {"x-ozmock-source": source, "x-o3-trace-id": trace_id, WARNING_HEADER: "; ".join(warnings),
                  DRIFT_HEADER: kinds}, client_id or None)

    async def aclose(self) -> None:
        await self.client.aclose()


def secrets_of(request: Request) -> tuple[str, ...]:
    return tuple(request.headers[name] for name in SECRET_HEADERS if request.headers.get(name))


def json_or_none(content: bytes) -> object:
    if not content.strip():
        return None
    try:
        return orjson.loads(content)
    except orjson.JSONDecodeError:
        return None
