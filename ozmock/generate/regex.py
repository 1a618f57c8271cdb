"""A short string matching a schema's `pattern`, built from Python's own parse of the regex (no
search-and-retry: the schemas' patterns are anchored formats like `^[0-9]{3}-[A-Z]+$`)."""
from __future__ import annotations

import random
import re
from re import _constants as sre_c  # type: ignore[attr-defined]  # Python 3.11+: the parser behind `re`
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Iterable

_CATEGORY_CHARS = {
    sre_c.CATEGORY_DIGIT: "0123456789",
    sre_c.CATEGORY_NOT_DIGIT: "abcdefxyz",
    sre_c.CATEGORY_SPACE: " ",
    sre_c.CATEGORY_NOT_SPACE: "abcdef012",
    sre_c.CATEGORY_WORD: "abcdefghijklmnopqrstuvwxyz0123456789",
    sre_c.CATEGORY_NOT_WORD: "-.,",
}
_REPEATS = (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, sre_c.POSSESSIVE_REPEAT)


def from_regex(pattern: str, rng: random.Random) -> str:
    """A short string matching `pattern` (as `re.search` reads it); "" for what cannot be built."""
    try:
        parsed = sre_parse.parse(pattern)
    except re.error:
        return ""
    try:
        return _emit(parsed, rng, {})
    except Exception:  # exotic constructs: fall back to the empty string
        return ""


def _emit(parsed: Iterable, rng: random.Random, groups: dict[int, str]) -> str:
    out: list[str] = []
    for op, arg in parsed:
        if op is sre_c.LITERAL:
            out.append(chr(arg))
        elif op is sre_c.NOT_LITERAL:
            out.append("a" if chr(arg) != "a" else "b")
        elif op is sre_c.ANY:
            out.append("x")
        elif op is sre_c.IN:
            out.append(_from_set(arg, rng))
        elif op is sre_c.BRANCH:
            out.append(_emit(rng.choice(arg[1]), rng, groups))
        elif op is sre_c.SUBPATTERN:
            group, sub = arg[0], arg[-1]
            text = _emit(sub, rng, groups)
            if group is not None:
                groups[group] = text
            out.append(text)
        elif op in _REPEATS:
            low, high, sub = arg
            high = low + 3 if high is sre_c.MAXREPEAT else high
            count = rng.randint(low, max(low, min(high, low + 2)))
            out.extend(_emit(sub, rng, groups) for _ in range(count))
        elif op is sre_c.GROUPREF:
            out.append(groups.get(arg, ""))
        elif op is sre_c.ATOMIC_GROUP:
            out.append(_emit(arg, rng, groups))
        # AT (anchors), ASSERT, ASSERT_NOT: nothing to emit
    return "".join(out)


def _excluded_char(items: list) -> str:
    excluded = set()
    for op, arg in items:
        if op is sre_c.LITERAL:
            excluded.add(chr(arg))
        elif op is sre_c.RANGE:
            excluded.update(chr(c) for c in range(arg[0], min(arg[1], arg[0] + 300) + 1))
        elif op is sre_c.CATEGORY:
            excluded.update(_CATEGORY_CHARS.get(arg, ""))
    return next((c for c in "abcxyzABC019-_ " if c not in excluded), "~")


def _from_set(items: list, rng: random.Random) -> str:
    if items and items[0][0] is sre_c.NEGATE:
        return _excluded_char(items[1:])
    choices: list[str] = []
    for op, arg in items:
        if op is sre_c.LITERAL:
            choices.append(chr(arg))
        elif op is sre_c.RANGE:
            low, high = arg
            choices.append(chr(rng.randint(low, min(high, low + 25))))
        elif op is sre_c.CATEGORY:
            choices.append(rng.choice(_CATEGORY_CHARS.get(arg, "a")))
    return rng.choice(choices) if choices else "a"
