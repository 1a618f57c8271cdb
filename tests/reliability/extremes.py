"""Extreme values for the reliability suite: what a hostile or careless client sends.

`EXTREMES` is a fixed list (every kind once, for sweeps over every operation); `extreme_values()` is
the Hypothesis strategy behind the property tests; `hostile_body(op, value)` puts a value into every
field an operation's request schema names, at the first two levels, so a value reaches the domain
code rather than being ignored as an unknown field.
"""
from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

HUGE_INT = 10**30
NUMBER_SPELLINGS = ["nan", "NaN", "-nan", "inf", "-inf", "Infinity", "-Infinity", "1e308", "1e-308", "-0",
                    "99999999999999999999999", "18446744073709551616", "9223372036854775808", "0x10", " 1 ", "²"]
ODD_TEXT = ["", " ", "\u0000", "\u202e\u202d", "😀" * 50, "²³", "٣", "Ⅻ", "\ud7ff\ue000", "a" * 5000,
            "0874-08-11T07:50:44Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2026-13-45T99:99:99Z"]
EXTREMES: list[Any] = [
    HUGE_INT, -HUGE_INT, 2**63, -(2**63) - 1, 2**64, 1e30, -1e30, 8.055e77, 1e308, -1e308, 5e-324, -0.0,
    2147483648, -2147483649, 0, -1, True, None, *NUMBER_SPELLINGS, *ODD_TEXT,
    [], {}, [HUGE_INT] * 50, {"a": {"b": {"c": 1e308}}}, ["nan", None, {}, []],
]
# Header values a client could send: digits outside ASCII, controls, very long, Latin-1 high characters.
ODD_HEADERS = ["²", "٣٦", "836 ", " 836", "+836", "0836", "-836", "836.0", "8" * 400, "\u00ff\u00fe", "836\t",
               "1e3", "0", "", "９"]


def nested(depth: int) -> Any:
    """A JSON array nested `depth` levels (built iteratively: no recursion to build it)."""
    value: Any = []
    for _ in range(depth - 1):
        value = [value]
    return value


def json_values(max_leaves: int = 20):
    """JSON documents of extreme leaves: huge and tiny numbers, NaN/Infinity spellings, odd Unicode."""
    leaves = st.one_of(
        st.sampled_from(EXTREMES[:17]),
        st.integers(min_value=-(10**40), max_value=10**40),
        st.floats(allow_nan=False, allow_infinity=False),
        st.sampled_from(NUMBER_SPELLINGS),
        st.text(max_size=30),
        st.sampled_from(ODD_TEXT),
        st.booleans(), st.none())
    return st.recursive(leaves, lambda inner: st.one_of(
        st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=12), inner, max_size=5)),
        max_leaves=max_leaves)


def field_names(schema: dict[str, Any] | None, depth: int = 2) -> list[tuple[str, ...]]:
    """Paths of the named fields of a request schema, the first `depth` levels (through arrays)."""
    found: list[tuple[str, ...]] = []

    def walk(node: Any, prefix: tuple[str, ...]) -> None:
        if not isinstance(node, dict) or len(prefix) >= depth:
            return
        if node.get("type") == "array" or "items" in node:
            walk(node.get("items"), prefix)
            return
        for name, sub in (node.get("properties") or {}).items():
            found.append(prefix + (name,))
            walk(sub, prefix + (name,))

    walk(schema, ())
    return found


def hostile_body(schema: dict[str, Any] | None, value: Any) -> dict[str, Any]:
    """A body with `value` in every named field (nested fields inside a one-item list or an object,
    following the schema), so the value reaches whatever reads that field."""
    body: dict[str, Any] = {}
    properties = (schema or {}).get("properties") or {}
    for name, sub in properties.items():
        inner = (sub.get("items") if sub.get("type") == "array" else sub) or {}
        children = inner.get("properties") if isinstance(inner, dict) else None
        if children:
            obj = {child: value for child in children}
            body[name] = [obj] if sub.get("type") == "array" else obj
        else:
            body[name] = value
    return body
