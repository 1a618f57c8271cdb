"""`/openapi.json`: an OpenAPI 3.1 document of exactly what is served, built from `schemas/`."""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

from .catalog import Catalog
from .lifecycle import CURRENT

_COLON_PARAM = re.compile(r":(\w+)")


def _strip_dialect(schema: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in schema.items() if k != "$schema"}


@lru_cache(maxsize=8)
def _document(catalog_id: int, catalog: Catalog, day: date) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for op, life in catalog.as_of(day):
        if op.obsolete:   # known only by path: nothing to describe, and it answers 400/9
            continue
        path = _COLON_PARAM.sub(r"{\1}", op.path)
        operation: dict[str, Any] = {
            "operationId": op.slug,
            "tags": [op.group] if op.group else [],
            "parameters": [
                {"name": name, "in": "path", "required": True, "schema": _strip_dialect(schema)}
                for name, schema in op.path_params.items()
            ],
            "responses": {
                "200": {"description": "OK", "content": {"application/json": {
                    "schema": _strip_dialect(op.response_schema)}}},
                "default": {"description": "Error", "content": {"application/json": {
                    "schema": _strip_dialect(op.error_schema)}}},
            },
        }
        if life.status != CURRENT:
            operation["deprecated"] = True
            operation["x-ozmock-lifecycle"] = life.header()
        if op.takes_body:
            operation["requestBody"] = {"required": bool(op.required_fields), "content": {
                "application/json": {"schema": _strip_dialect(op.request_schema)}}}
        paths.setdefault(path, {})[op.method.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": "ozmock — Ozon Seller API fake", "version": "1.0", "x-api-date": day.isoformat()},
        "servers": [{"url": "/"}],
        "components": {"securitySchemes": {
            "ClientId": {"type": "apiKey", "in": "header", "name": "Client-Id"},
            "ApiKey": {"type": "apiKey", "in": "header", "name": "Api-Key"}}},
        "security": [{"ClientId": [], "ApiKey": []}],
        "paths": paths,
    }


def openapi_document(catalog: Catalog, day: date) -> dict[str, Any]:
    """The contract served on `day` (operations published by then; removed ones marked deprecated)."""
    return _document(id(catalog), catalog, day)
