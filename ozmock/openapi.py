"""`/openapi.json`: an OpenAPI 3.1 document of exactly what is served, built from `schemas/`.

Valid as a whole (openapi-spec-validator): an operation's own definitions (`$defs`, e.g. the category
tree's recursive node) move to `components/schemas` under the operation's slug, and its `$ref`s follow
them. True to the media types served: a raw file answer (labels, acts) is declared as its PDF or PNG
type, a body the contract also takes as a form as `multipart/form-data` beside JSON.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

from .catalog import Catalog, Operation
from .pipeline.multipart import MULTIPART
from .registry import FILE_ANSWERS, FORMS
from .lifecycle import CURRENT, Lifecycle

_COLON_PARAM = re.compile(r":(\w+)")
_LOCAL_DEFS = "#/$defs/"


def _portable(schema: Any, slug: str, components: dict[str, Any]) -> Any:
    """A schema fit for the shared document: no dialect, its `$defs` moved to `components` as
    `<slug>.<name>` and its local references pointed there."""
    if isinstance(schema, list):
        return [_portable(entry, slug, components) for entry in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "$schema":
            continue
        if key == "$defs" and isinstance(value, dict):
            for name, definition in value.items():
                components[f"{slug}.{name}"] = _portable(definition, slug, components)
            continue
        if key == "$ref" and isinstance(value, str) and value.startswith(_LOCAL_DEFS):
            out[key] = f"#/components/schemas/{slug}.{value[len(_LOCAL_DEFS):]}"
            continue
        out[key] = _portable(value, slug, components) if key not in ("enum", "const", "required") else value
    return out


def _answer(op: Operation, components: dict[str, Any]) -> dict[str, Any]:
    media_type = FILE_ANSWERS.get(op.key)
    if media_type:
        return {"description": "The file", "content": {media_type: {"schema": {"type": "string",
                                                                              "contentMediaType": media_type}}}}
    return {"description": "OK", "content": {"application/json": {
        "schema": _portable(op.answer_schema, op.slug, components)}}}


def _operation(op: Operation, life: Lifecycle, components: dict[str, Any]) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "operationId": op.slug,
        "tags": [op.group] if op.group else [],
        "parameters": [
            {"name": name, "in": "path", "required": True, "schema": _portable(schema, op.slug, components)}
            for name, schema in op.path_params.items()
        ],
        "responses": {
            "200": _answer(op, components),
            "default": {"description": "Error", "content": {"application/json": {
                "schema": _portable(op.error_schema, op.slug, components)}}},
        },
    }
    if life.status != CURRENT:
        operation["deprecated"] = True
        operation["x-ozmock-lifecycle"] = life.header()
    if op.takes_body:
        body = _portable(op.request_schema, op.slug, components)
        content = {"application/json": {"schema": body}}
        if op.key in FORMS:
            content[MULTIPART] = {"schema": body}
        operation["requestBody"] = {"required": bool(op.required_fields), "content": content}
    return operation


@lru_cache(maxsize=8)
def _document(catalog_id: int, catalog: Catalog, day: date) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    components: dict[str, Any] = {}
    for op, life in catalog.as_of(day):
        if op.obsolete:   # known only by path: nothing to describe, and it answers 400/9
            continue
        path = _COLON_PARAM.sub(r"{\1}", op.path)
        paths.setdefault(path, {})[op.method.lower()] = _operation(op, life, components)
    return {
        "openapi": "3.1.0",
        "info": {"title": "ozmock — Ozon Seller API fake", "version": "1.0", "x-api-date": day.isoformat()},
        "servers": [{"url": "/"}],
        "components": {"schemas": components, "securitySchemes": {
            "ClientId": {"type": "apiKey", "in": "header", "name": "Client-Id"},
            "ApiKey": {"type": "apiKey", "in": "header", "name": "Api-Key"}}},
        "security": [{"ClientId": [], "ApiKey": []}],
        "paths": paths,
    }


def openapi_document(catalog: Catalog, day: date) -> dict[str, Any]:
    """The contract served on `day` (operations published by then; removed ones marked deprecated)."""
    return _document(id(catalog), catalog, day)
