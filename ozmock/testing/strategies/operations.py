"""Operations by name, and their valid requests, responses and paths.

Every body the compiler draws is checked against the operation's validator before it is yielded:
the compiler aims at valid values, the check makes it a guarantee (rejections are rare).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from hypothesis import strategies as st

from ...catalog import Operation, load_catalog
from ...pipeline import validation
from .compiler import from_schema


def operation(name: Any) -> Operation:
    """The catalog's Operation for `"POST /v3/product/import"`, `"/v3/product/import"`, a slug or an Operation."""
    if isinstance(name, Operation):
        return name
    catalog = load_catalog()
    text = str(name).strip()
    if text in catalog.by_slug:
        return catalog.by_slug[text]
    method, _, path = text.partition(" ") if " " in text else ("", "", text)
    found = [op for op in catalog if op.path == path and (not method or op.method == method.upper())]
    if len(found) == 1:
        return found[0]
    if not found:
        raise ValueError(f"no operation {text!r} (write 'POST /v3/product/import', '/v3/product/import' or a slug)")
    raise ValueError(f"{path} has several methods ({', '.join(op.method for op in found)}); name one")


def requests(op: Any) -> st.SearchStrategy[dict]:
    """Valid request bodies for an operation (`{}` for operations without a body)."""
    return _requests(operation(op))


def responses(op: Any) -> st.SearchStrategy[dict]:
    """Valid 200 response bodies for an operation: what a client's parser must cope with."""
    return _responses(operation(op))


class ServerCheck:
    """Valid as the server reads a body (protojson), keeping every documented rule, those it only
    warns about included: generated requests raise no contract warning."""

    def __init__(self, op: Operation):
        self.op = op

    def is_valid(self, body: Any) -> bool:
        return validation.reads_valid(self.op, body)


@lru_cache(maxsize=None)
def _requests(op: Operation) -> st.SearchStrategy[dict]:
    if op.request_schema is None:
        return st.just({})
    return _checked(from_schema(op.request_schema, side="request"), ServerCheck(op), op, "request")


@lru_cache(maxsize=None)
def _responses(op: Operation) -> st.SearchStrategy[dict]:
    return _checked(from_schema(op.response_schema, side="response"), op.response_validator, op, "response")


def _checked(strategy: st.SearchStrategy | None, validator, op: Operation, side: str) -> st.SearchStrategy:
    if strategy is None:
        raise ValueError(f"cannot generate a {side} for {op.method} {op.path}: its schema admits no finite value")
    return strategy.filter(validator.is_valid)


def paths(op: Any) -> st.SearchStrategy[str]:
    """Concrete request paths: templated parameters (`/v1/order/{order_id}`) filled by their schema."""
    op = operation(op)
    names = re.findall(r"\{(\w+)\}|:(\w+)", op.path)
    if not names:
        return st.just(op.path)
    parts = {}
    for braces, colon in names:
        name = braces or colon
        schema = op.path_params.get(name) or {"type": "string"}
        kinds = schema.get("type", "string")
        if "integer" in (kinds if isinstance(kinds, list) else [kinds]):
            parts[name] = st.integers(1, 10**12).map(str)
        else:
            parts[name] = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9-]{0,20}", fullmatch=True)

    def fill(values: dict[str, str]) -> str:
        path = op.path
        for name, value in values.items():
            path = path.replace("{" + name + "}", value).replace(":" + name, value)
        return path

    return st.fixed_dictionaries(parts).map(fill)
