"""What a field's name says about its value: its words, whether it is an id (and of which family),
a timestamp in the past or the future, money, an error list. The name-rule tables
(`name_rules`) are written in terms of the `Field` view and the `Rule` row defined here.
"""
from __future__ import annotations

import functools
import random
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable

NOT_IDS = frozenset({"last_id", "cursor", "page_id"})
TIMESTAMP_WORDS = frozenset({"at", "date", "timestamp", "since", "until", "deadline", "cutoff", "datetime"})
FUTURE_WORDS = frozenset({"deadline", "shipment", "delivering", "delivery", "end", "to", "until", "cutoff",
                          "expires", "expire", "expiration", "planned", "stop", "finish", "auto", "freeze"})
MONEY_WORDS = frozenset({"price", "amount", "cost", "sum", "payout", "commission", "charge", "fee", "revenue",
                         "balance", "payment", "compensation", "accrual", "bonus", "cashback", "premium", "refund"})
PROBLEM_WORDS = frozenset({"error", "errors", "warning", "warnings", "failure", "failures"})


@functools.lru_cache(maxsize=8192)
def words(name: str) -> tuple[str, ...]:
    """`deliveryMethod_id` -> ("delivery", "method", "id")."""
    return tuple(w for w in re.split(r"[^a-z0-9]+", re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()) if w)


@functools.lru_cache(maxsize=8192)
def singular(name: str) -> str:
    if name.endswith("ies"):
        return name[:-3] + "y"
    if name.endswith("s") and not name.endswith("ss"):
        return name[:-1]
    return name


@functools.lru_cache(maxsize=8192)
def id_family(name: str) -> str | None:
    """'warehouse' for warehouse_id, 'sku' for sku / skus / fbo_sku, None when not an id."""
    lowered = name.lower()
    if lowered in NOT_IDS:
        return None
    parts = words(lowered)
    if not parts:
        return None
    if parts[-1] in ("sku", "skus"):
        return "_".join(parts[:-1] + ("sku",)) if len(parts) > 1 else "sku"
    if parts[-1] in ("id", "ids"):
        return "_".join(parts[:-1]) or "id"
    return None


def is_timestamp_name(name: str) -> bool:
    parts = words(name)
    if not parts:
        return False
    if parts[-1] in ("local",):  # time-of-day fields: "10:00"
        return False
    if name.endswith("_in_timezone"):  # current_time_in_timezone, from_in_timezone: timestamps
        return True
    return (parts[-1] in TIMESTAMP_WORDS or parts[0] in ("date", "timeslot") or name in ("from", "to", "begin", "end")
            or (parts[-1] in ("from", "to") and parts[0] in ("period", "time", "delivery", "interval"))
            or (len(parts) > 1 and parts[-2] == "date") or "datetime" in parts)


def timestamp_offset(name: str, rng: random.Random) -> int:
    """Seconds relative to now for a timestamp leaf: the past for created/updated, the future for deadlines."""
    found = set(words(name))
    if found & {"created", "create", "creation", "registered", "published", "accepted", "in"}:
        return -rng.randint(3 * 86400, 40 * 86400)
    if found & {"updated", "changed", "modified", "last"}:
        return -rng.randint(600, 2 * 86400)
    if found & FUTURE_WORDS:
        return rng.randint(86400, 5 * 86400)
    if found & {"from", "begin", "start"}:
        return -rng.randint(86400, 7 * 86400)
    return -rng.randint(3600, 3 * 86400)


def is_problem_name(name: str) -> bool:
    """An error / warning field: a success response leaves it calm."""
    return any(w in PROBLEM_WORDS for w in words(name))


def is_problem_list(name: str) -> bool:
    """Lists of errors / warnings: empty in a generated success response."""
    parts = words(name)
    return bool(parts) and (parts[-1] in ("errors", "warnings", "failures") or name in ("error_reasons",))


def is_money(name: str) -> bool:
    parts = words(name)
    return bool(parts) and (parts[-1] in MONEY_WORDS or "price" in parts or parts[-1] in ("amount", "sum"))


@dataclass(frozen=True)
class Field:
    """A field name read once for the rule tables: lower-cased, split into words, with its id family
    and the names of the objects it sits in (`context`, outermost first)."""

    name: str
    lowered: str
    words: tuple[str, ...]
    family: str | None
    context: tuple
    fmt: str | None = None

    @classmethod
    def of(cls, name: str, context: tuple = (), fmt: str | None = None) -> "Field":
        lowered = name.lower()
        return cls(name, lowered, words(lowered), id_family(lowered), context, fmt)

    @property
    def last(self) -> str:
        return self.words[-1] if self.words else ""

    @property
    def owner(self) -> str:
        """What a `*_name` field names: its own leading words, else the enclosing objects."""
        own = " ".join(self.words[:-1]) if self.last == "name" else ""
        return own or " ".join(self.context[-3:]).lower()


def _set(text: str | Iterable[str]) -> frozenset[str]:
    return frozenset(text.split() if isinstance(text, str) else text)


def _tuple(text: str | Iterable[str]) -> tuple[str, ...]:
    return tuple(text.split() if isinstance(text, str) else text)


class Rule:
    """One row of a name table: `make(field, rng)` when any of the given tests holds.

    Tests (space-separated words or iterables): `exact` the whole lower-cased name, `last` its last
    word, `word` any of its words, `contains` a substring, `prefix` / `suffix` how it starts / ends,
    `formats` the schema's `format`; `when` a predicate on the `Field` for the rare combined test.
    """

    __slots__ = ("make", "exact", "last", "word", "contains", "prefix", "suffix", "formats", "when")

    def __init__(self, make: Callable[[Field, random.Random], Any], *, exact="", last="", word="", contains="",
                 prefix="", suffix="", formats="", when: Callable[[Field], bool] | None = None):
        self.make = make
        self.exact, self.last, self.word, self.formats = _set(exact), _set(last), _set(word), _set(formats)
        self.contains, self.prefix, self.suffix = _tuple(contains), _tuple(prefix), _tuple(suffix)
        self.when = when

    def matches(self, field: Field) -> bool:
        lowered = field.lowered
        return (lowered in self.exact or field.last in self.last or not self.word.isdisjoint(field.words)
                or any(part in lowered for part in self.contains) or lowered.startswith(self.prefix)
                or lowered.endswith(self.suffix) or field.fmt in self.formats
                or (self.when is not None and self.when(field)))


def apply_first(rules: Iterable[Rule], field: Field, rng: random.Random, default: Callable[[Field, random.Random], Any]):
    """The value of the first rule that matches `field` (the table's order is its priority)."""
    for rule in rules:
        if rule.matches(field):
            return rule.make(field, rng)
    return default(field, rng)
