"""Which calls change a seller's account, so the proxy refuses them unless `--allow-writes`.

An operation with domain code answers from the registry: a write is declared there
(`handles(writes=True)`). For an operation the generator answers, the operation itself decides, by
its words (the path's segments and the words of its `operationId`):

1. a GET reads;
2. the last path segment names a change (`create`, `update`, `set`, `cancel`, ...: `WRITE_WORDS`) -> write;
3. it names a read (`list`, `info`, `get`, `status`, ...: `READ_WORDS`) -> read (`/v1/cargoes/create/info`);
4. any other word of the path or operation id names a change -> write (`/v1/order/items/approve/crossborder`);
5. otherwise it reads (`/v1/analytics/average-delivery-time`).

A path the contract does not know is a write: nothing says what it does.
"""
from __future__ import annotations

import re

from ..catalog import Operation
from ..registry import HANDLERS, WRITERS

WRITE_WORDS = frozenset("""
    create update delete edit cancel set add remove activate deactivate bind unbind registrate approve
    decline reject upload import ship archive unarchive start pause unpause enable disable generate split
    send accept fill place change reset compensate receive read confirm apply sign checkout delivered
    delivering awaiting sent mile arbitration codes money move put save submit verify validate
""".split())
READ_WORDS = frozenset("""
    list info get search tree status check candidates count history values attribute attributes summary
    details is reason reasons restrictions
""".split())
_SEPARATORS = re.compile(r"[/_\-]+")
_CAMEL = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+")


def _words(text: str) -> set[str]:
    return {word for word in _SEPARATORS.split(text.lower()) if word}


def is_write(operation: Operation | None) -> bool:
    if operation is None:
        return True
    if operation.key in HANDLERS:
        return operation.key in WRITERS
    if operation.method == "GET":
        return False
    last = _words(operation.path.rstrip("/").rsplit("/", 1)[-1])
    if last & WRITE_WORDS:
        return True
    if last & READ_WORDS:
        return False
    named = {word.lower() for word in _CAMEL.findall(operation.operation_id.split("_", 1)[-1])}
    return bool((_words(operation.path) | named) & WRITE_WORDS)
