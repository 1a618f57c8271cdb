"""Did-you-mean for names a user types: operations, scenario sections, timing keys, roles.

A typo that is silently accepted makes a test pass for the wrong reason, so the test kit refuses
unknown names; the refusal names the closest known one, so the fix is obvious from the message.
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable

from .catalog import load_catalog

# paths share prefixes (/v1/, /product/), so a weak match is no suggestion: this keeps
# `/v3/product/lst` -> `/v3/product/list` and drops `/v9/nothing` -> `/v1/posting/marks`
OPERATION_CUTOFF = 0.75


def closest(word: str, known: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The known name most like `word` (difflib's ratio, at least `cutoff`), or None."""
    found = difflib.get_close_matches(word, list(known), n=1, cutoff=cutoff)
    return found[0] if found else None


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """`"; did you mean 'x'?"` when a known name is close, else ``""``."""
    match = closest(word, known)
    return f"; did you mean {match!r}?" if match else ""


def closest_operation(operation: str) -> str | None:
    """The served operation most like `operation` (`/v3/product/lst` -> `/v3/product/list`), spelt the
    way it was asked: a path for a path, `METHOD /path` for `METHOD /path` (with the method the path
    is served with, when only the method was wrong)."""
    method, _, path = operation.partition(" ") if " " in operation.strip() else ("", "", operation)
    path, method = path.strip(), method.upper()
    methods_by_path: dict[str, list[str]] = {}
    for op in load_catalog():
        methods_by_path.setdefault(op.path, []).append(op.method)
    match = path if path in methods_by_path else closest(path, sorted(methods_by_path), cutoff=OPERATION_CUTOFF)
    if match is None:
        return None
    if not method:
        return match
    return f"{method if method in methods_by_path[match] else methods_by_path[match][0]} {match}"
