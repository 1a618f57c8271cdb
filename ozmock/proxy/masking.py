"""The one place that decides what of a real seller's traffic may be kept: every body the proxy puts
in a log line, the journal, a cassette or a drift example goes through `mask` first.

Masked: the caller's credentials wherever they appear (an error message may echo the key), and
personal data of buyers, couriers and addressees: phone numbers, e-mail addresses, names, addresses.
Personal fields are found by name (protojson: either spelling), plus e-mail addresses, `+`-prefixed
and Russian mobile phone numbers inside any text (a name in free text cannot be told from other words:
chat messages are kept as written, but for those). Masking keeps each value's JSON type (a string stays a string, a
number inside an address becomes 0), so a masked body is checked against the contract as the real
one was, and the same input always masks to the same output (so recorded calls still match).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterable

MASK = "***"
# field names (lower case, underscores dropped) whose whole value is personal
PERSONAL_WORDS = ("phone", "email", "address")
PERSONAL_NAMES = frozenset({"firstname", "lastname", "middlename", "patronymic", "fullname", "fio",
                            "buyername", "customername", "recipientname", "couriername", "drivername",
                            "contactperson", "addresseename"})
# objects about a person: their `name` is a person's name (a product's `name` is not)
PERSON_OBJECTS = frozenset({"customer", "buyer", "addressee", "recipient", "courier", "driver", "user",
                            "author", "contact"})
EMAIL = re.compile(r"[^\s@<>(),;:]+@[^\s@<>(),;:]+\.[^\s@<>(),;:]+")
# international numbers written with `+`, and Russian mobile numbers however written (8 916 ..., 7(916)...)
PHONE = re.compile(r"\+\d[\d\s()\-]{8,}\d|(?<!\d)[78][\s(\-]*9\d\d[\s)\-]*\d{3}[\s\-]*\d\d[\s\-]*\d\d(?!\d)")


def _word(key: str) -> str:
    return key.replace("_", "").lower()


@lru_cache(maxsize=4096)      # the same few field names, over and over: a list answer repeats them per item
def is_personal(key: str, parent: str = "") -> bool:
    word = _word(key)
    return (any(part in word for part in PERSONAL_WORDS) or word in PERSONAL_NAMES
            or (word == "name" and _word(parent) in PERSON_OBJECTS))


def mask(value: Any, secrets: Iterable[str] = (), *, parent: str = "") -> Any:
    """`value` with personal fields and every occurrence of `secrets` (API keys) masked."""
    hidden = tuple(secret for secret in secrets if secret)
    return _mask(value, hidden, parent)


def _mask(value: Any, secrets: tuple[str, ...], parent: str) -> Any:
    if isinstance(value, dict):
        return {key: _blank(item) if is_personal(key, parent) else _mask(item, secrets, key)
                for key, item in value.items()}
    if isinstance(value, list):
        return [_mask(item, secrets, parent) for item in value]
    if isinstance(value, str):
        return mask_text(value, secrets)
    return value


def mask_text(text: str, secrets: Iterable[str] = ()) -> str:
    """Free text with secrets, e-mail addresses and phone numbers masked."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, MASK)
    if "@" in text:
        text = EMAIL.sub(MASK, text)
    text = PHONE.sub(MASK, text)
    return text


def _blank(value: Any) -> Any:
    """A personal value with its shape kept: every string masked, every number 0."""
    if isinstance(value, dict):
        return {key: _blank(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_blank(item) for item in value]
    if isinstance(value, str):
        return MASK if value else value
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return type(value)(0)
    return value
