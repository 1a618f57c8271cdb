"""Ozon-shaped errors: a gRPC status code behind an HTTP status.

Every error the fake returns goes through `OzonError`, so the body is always
`{"code": int, "message": str, "details": [...]}` as the live API sends it.
"""
from __future__ import annotations

from typing import Any

# gRPC status -> HTTP status, as the Ozon JSON gateway maps them.
GRPC_TO_HTTP = {
    3: 400,   # INVALID_ARGUMENT
    5: 404,   # NOT_FOUND
    6: 409,   # ALREADY_EXISTS
    7: 403,   # PERMISSION_DENIED
    8: 429,   # RESOURCE_EXHAUSTED
    9: 400,   # FAILED_PRECONDITION (obsolete methods)
    13: 500,  # INTERNAL
    16: 401,  # UNAUTHENTICATED
}
HTTP_TO_GRPC = {400: 3, 401: 16, 403: 7, 404: 5, 409: 6, 429: 8, 500: 13, 502: 14, 503: 14, 504: 4}


class OzonError(Exception):
    """An error answered in the live API's shape; raised anywhere in the pipeline or a handler."""

    def __init__(self, code: int, message: str, *, status: int | None = None,
                 details: list[dict[str, Any]] | None = None, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status if status is not None else GRPC_TO_HTTP.get(code, 500)
        self.details = details or []
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "details": self.details}


def invalid_argument(message: str) -> OzonError:
    return OzonError(3, message)


def not_found(message: str) -> OzonError:
    return OzonError(5, message)


def already_exists(message: str) -> OzonError:
    return OzonError(6, message)


def permission_denied(message: str) -> OzonError:
    return OzonError(7, message)


def failed_precondition(message: str) -> OzonError:
    return OzonError(9, message, status=400)


MISSING_CREDENTIALS = "Client-Id and Api-Key headers are required"
BAD_CLIENT_ID = "Client-Id header value should be positive integer"
INVALID_API_KEY = "Invalid Api-Key, please check the key and try again"
MISSING_ROLE = "Api-Key is missing a required role for a method"
RATE_LIMITED = "You have reached request rate limit per second"
OBSOLETE_METHOD = "obsolete method cannot be used"
INTERNAL = "Internal error"
