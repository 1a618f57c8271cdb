"""Limits on what one request may carry, checked at the edge before anything is parsed.

A body over `MAX_BODY_BYTES` answers 413 and a JSON document nested deeper than `MAX_JSON_DEPTH` answers
400, both in Ozon's error shape, for Ozon calls and control calls alike. The live gateway refuses such
bodies too (nginx's body limit; protobuf's recursion limit of 100); without these limits one request
could hold hundreds of megabytes in the journal or exhaust the parser's recursion (issue 14).
"""
from __future__ import annotations

import re
from typing import Any

from ..errors import OzonError

MAX_BODY_BYTES = 10 * 1024 * 1024   # larger than any documented batch (1,000 import items are ~1 MB)
MAX_JSON_DEPTH = 100                # protobuf's default recursion limit
JOURNAL_RAW_BYTES = 64 * 1024       # an unparsed body kept in the journal is cut to this much text

# A JSON string (escapes included) or one bracket: brackets inside strings do not nest anything.
_TOKENS = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def too_large(size: int) -> OzonError:
    return OzonError(3, f"request body too large: {size} bytes, the limit is {MAX_BODY_BYTES} bytes", status=413)


def too_deep() -> OzonError:
    return OzonError(3, f"invalid request body: JSON nested deeper than {MAX_JSON_DEPTH} levels")


def nesting_exceeds(raw: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether the JSON text nests arrays and objects deeper than `limit`, read without parsing it."""
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return False
    depth = 0
    for match in _TOKENS.finditer(raw):
        opening = raw[match.start()]
        if opening in b"[{":
            depth += 1
            if depth > limit:
                return True
        elif opening in b"]}":
            depth -= 1
    return False


def check_body(raw: bytes) -> None:
    """Raise the Ozon-shaped error for a body over the size or depth limit."""
    if len(raw) > MAX_BODY_BYTES:
        raise too_large(len(raw))
    if nesting_exceeds(raw):
        raise too_deep()


def kept_body(raw: bytes) -> Any:
    """What the journal keeps of a body the pipeline did not parse: small text, never a huge document."""
    if len(raw) > JOURNAL_RAW_BYTES or nesting_exceeds(raw):
        return f"<{len(raw)} bytes, not kept>"
    return raw.decode("utf-8", "replace")
