"""Which calls change a seller's account, so the proxy refuses them unless `--allow-writes`.

An operation with domain code answers from the registry: a write is declared there
(`handles(writes=True)`). For an operation the generator answers, the operation itself decides, by
its words (the path's segments and the words of its `operationId`):

1. a GET reads;
2. the first word of the last path segment that names a change (`create`, `update`, `set`, `cancel`,
   ...: `WRITE_WORDS`) or a read (`list`, `info`, `get`, `status`, ...: `READ_WORDS`) decides
   (`/v1/cargoes/create/info` reads, `create-or-get` writes, `get-barcode` reads);
3. any other word of the path or operation id names a change -> write (`/v1/order/items/approve/crossborder`);
4. a last segment naming what a seller sets (`stocks`, `prices`) writes unless a read word is in the
   path (`/v1/products/stocks` writes, `/v2/product/info/stocks` reads);
5. otherwise it reads (`/v1/analytics/average-delivery-time`).

Applied to the operations with domain code, this rule calls every declared write a write (tested), and
a few declared reads writes (reports that create a document): it errs towards refusing.

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
    delivering awaiting sent mile arbitration codes money move put save submit verify validate label barcode
""".split())
SET_NOUNS = frozenset({"stocks", "prices"})      # what a seller sets: `/v1/products/stocks` writes
READ_WORDS = frozenset("""
    list info get search tree status check candidates count history values attribute attributes summary
    details is reason reasons restrictions analytics
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
    return writes_by_words(operation)


def writes_by_words(operation: Operation) -> bool:
    """The rule for operations without a declaration (see the module's docstring)."""
    if operation.method == "GET":
        return False
    last = [word for word in _SEPARATORS.split(operation.path.rstrip("/").rsplit("/", 1)[-1].lower()) if word]
    decides = next((word for word in last if word in WRITE_WORDS or word in READ_WORDS), None)
    if decides is not None:
        return decides in WRITE_WORDS
    named = {word.lower() for word in _CAMEL.findall(operation.operation_id.split("_", 1)[-1])}
    words = _words(operation.path) | named
    return bool(words & WRITE_WORDS) or bool(SET_NOUNS.intersection(last) and not words & READ_WORDS)
