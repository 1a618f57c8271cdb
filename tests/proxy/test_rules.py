"""The proxy's two rules that hold for every input: masking (type kept, idempotent, nothing personal
left) and what counts as a write."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ozmock.domain  # noqa: F401  (registers the handlers whose declarations the rule follows)
from ozmock.catalog import load_catalog
from ozmock.proxy.masking import MASK, mask
from ozmock.proxy.writes import is_write, writes_by_words
from ozmock.registry import HANDLERS, WRITERS

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["name", "phone", "customerEmail", "address_tail", "offer_id", "customer", "items"])
        | st.text(max_size=8), inner, max_size=4),
    max_leaves=20)


def shape(value):
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(item) for item in value]
    return type(value)


@given(json_values, st.text(min_size=8, max_size=20))
def test_masking_keeps_every_type_and_is_idempotent(value, secret):
    masked = mask(value, [secret])
    assert shape(masked) == shape(value)
    assert mask(masked, [secret]) == masked
    assert all(secret not in text for text in strings(masked))


def strings(value):
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings(item)]
    return [value] if isinstance(value, str) else []


@given(st.emails(), st.from_regex(r"(\+7 |8 ?\(|7)9\d\d\)? ?\d\d\d-?\d\d-?\d\d", fullmatch=True))
def test_addresses_and_phones_in_free_text_are_masked(email, phone):
    masked = mask({"message": f"buyer {email} asks to call {phone}", "customer": {"name": "Anna", "id": 5},
                   "product": {"name": "Mug"}})
    assert email not in masked["message"] and phone not in masked["message"]
    assert masked["customer"] == {"name": MASK, "id": 5} and masked["product"] == {"name": "Mug"}


def test_the_word_rule_calls_every_declared_write_a_write():
    """The evidence for the rule used on generated operations: on the operations whose handlers declare
    what they do, it never forwards a declared write; it errs the other way on a few declared reads."""
    declared = [op for op in load_catalog() if op.key in HANDLERS]
    writes = [op for op in declared if op.key in WRITERS]
    assert len(writes) > 100
    assert [op.key for op in writes if not writes_by_words(op)] == []
    overcautious = [op.key for op in declared if op.key not in WRITERS and writes_by_words(op)]
    assert len(overcautious) < len(declared) // 20


@pytest.mark.parametrize("method,path,writes", [
    ("POST", "/v1/cargoes/create", True), ("POST", "/v1/polygon/bind", True),
    ("POST", "/v1/order/items/approve/crossborder", True), ("POST", "/v1/cargoes/create/info", False),
    ("POST", "/v1/supply-order/timeslot/status", False), ("POST", "/v1/analytics/average-delivery-time", False),
    ("GET", "/v1/categories/tree", False)])
def test_the_write_rule_of_generated_operations(method, path, writes):
    operation = load_catalog().get(method, path)
    assert operation.key not in HANDLERS
    assert is_write(operation) is writes


def test_declared_handlers_decide_and_unknown_paths_are_writes():
    catalog = load_catalog()
    # a report is created without `writes=True`: the declaration wins over the word `create`
    assert not is_write(catalog.get("POST", "/v1/finance/document-b2b-sales"))
    assert is_write(catalog.get("POST", "/v2/products/stocks"))       # declared, though no word says so
    assert is_write(None)
