"""What a running server tells its operator: one request-log line per call, events, text or JSON.

The request log (logger `ozmock.requests`, at INFO) has one line per Ozon call — method, path,
status, milliseconds, source, seller, trace id, contract warnings and (`ozmock proxy`) the kinds of
difference from the contract — and one per control call at
DEBUG. Faults and dropped connections are events (logger `ozmock`), never tracebacks: the edge cuts a
connection by raising `DroppedConnection`, and uvicorn's "Exception in ASGI application" for it is
filtered out here because the event has already been logged.
"""
from __future__ import annotations

import logging
import sys
from datetime import datetime, timezone
from typing import Any

import orjson

EVENTS = logging.getLogger("ozmock")
REQUESTS = logging.getLogger("ozmock.requests")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LOGGERS = ("ozmock", "uvicorn")     # the roots the server configures; uvicorn.error/access live below
# Attributes every LogRecord has; anything else on a record came in through `extra=` and is a field.
_STANDARD = frozenset(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}


class DroppedConnection(ConnectionAbortedError):
    """Raised by the edge to cut a connection mid-answer (the `drop` fault); logged as an event."""


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and the record's fields."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(), "logger": record.name, "message": record.getMessage()}
        data.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD and not k.startswith("_")})
        if record.exc_info:                 # a bug in ozmock: the traceback stays, as one field
            data["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(data, default=str).decode()


class _NotForDroppedConnections(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], DroppedConnection))


_DROP_FILTER = _NotForDroppedConnections()


def quiet_dropped_connections() -> None:
    """uvicorn logs an app's exception with its traceback; a drop fault's cut is no failure."""
    uvicorn_errors = logging.getLogger("uvicorn.error")
    if _DROP_FILTER not in uvicorn_errors.filters:
        uvicorn_errors.addFilter(_DROP_FILTER)


def configure(level: str = "info", log_format: str = "text") -> None:
    """One handler on stderr for ozmock's and uvicorn's loggers, in the chosen format."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT))
    for name in LOGGERS:
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level.upper())
        logger.propagate = False
    quiet_dropped_connections()


def logs_calls() -> bool:
    """Whether request-log lines are written (the edge skips building one when not)."""
    return REQUESTS.isEnabledFor(logging.INFO)


def log_call(method: str, path: str, status: int | None, milliseconds: float, headers: dict[str, str],
             client_id: str | None) -> None:
    """The request-log line of one Ozon call, from its answer's headers (status None: dropped)."""
    if not REQUESTS.isEnabledFor(logging.INFO):
        return
    fields = {"method": method, "path": path, "status": status, "ms": round(milliseconds, 1),
              "source": headers.get("x-ozmock-source", ""), "seller": client_id,
              "trace_id": headers.get("x-o3-trace-id", ""), "warnings": headers.get("x-ozmock-warning", ""),
              "drift": headers.get("x-ozmock-drift", "")}
    text = (f"{method} {path} {status or 'dropped'} {fields['ms']}ms {fields['source']} seller={client_id or '-'} "
            f"trace={fields['trace_id']}")
    if fields["warnings"]:
        text += f" warnings={fields['warnings']!r}"
    if fields["drift"]:
        text += f" drift={fields['drift']!r}"
    REQUESTS.info(text, extra=fields)


def log_control_call(method: str, path: str, status: int, milliseconds: float) -> None:
    REQUESTS.debug("%s %s %d %.1fms control", method, path, status, milliseconds,
                   extra={"method": method, "path": path, "status": status, "ms": round(milliseconds, 1),
                          "source": "control"})


def log_event(event: str, text: str, level: int = logging.WARNING, **fields: Any) -> None:
    """A notable happening (a fault answered, a connection cut): one line, never a traceback."""
    EVENTS.log(level, text, extra={"event": event, **fields})
