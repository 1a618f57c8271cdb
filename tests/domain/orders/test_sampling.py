"""Picking products for a new FBS/rFBS order: `free_places` turns a product away on its stock rows
before reading anything else, and must find exactly the places the plain rule finds (on sale, free
stock on the warehouse), so a sampler's picks and its random draws stay those of the plain rule."""
from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from ozmock.domain.orders.creation import _ready, _sample, free_places
from ozmock.domain.products.model import Product, ProductStore

NOW = 1_000_000.0
WAREHOUSES = (11, 12, 13, 14)


def plain_places(ids: list[int], now: float):
    """The rule as written before `free_places`: on sale first, then every warehouse with free stock."""
    return lambda p: [wid for wid in ids if p.free_stock(wid) > 0] if _ready(p, now) else []


rows = st.tuples(st.integers(0, 5), st.integers(0, 5)).map(lambda r: (max(r), min(r)))   # present >= reserved
products = st.lists(st.fixed_dictionaries({
    "archived": st.booleans(),
    "sku": st.sampled_from([0, 7]),
    "sku_at": st.sampled_from([NOW - 1, NOW, NOW + 1]),
    "price": st.sampled_from(["0", "199", "x", ""]),
    "stocks": st.dictionaries(st.sampled_from(WAREHOUSES), rows, max_size=3),
}), max_size=30)


def store_of(specs: list[dict]) -> ProductStore:
    store = ProductStore()
    for number, spec in enumerate(specs, 1):
        store.add(Product(product_id=number, offer_id=f"P-{number}", **spec))
    return store


@given(products, st.lists(st.sampled_from(WAREHOUSES), min_size=1, max_size=3, unique=True))
def test_free_places_are_the_plain_rules_places(specs, ids):
    fast, plain = free_places(ids, NOW), plain_places(ids, NOW)
    for product in store_of(specs).products.values():
        assert fast(product) == plain(product)


@given(products, st.lists(st.sampled_from(WAREHOUSES), min_size=1, max_size=3, unique=True),
       st.integers(1, 3), st.integers(0, 2**32))
def test_a_sample_picks_and_draws_as_with_the_plain_rule(specs, ids, count, seed):
    store = store_of(specs)
    fast_rng, plain_rng = random.Random(seed), random.Random(seed)
    fast = _sample(store, fast_rng, count, free_places(ids, NOW))
    plain = _sample(store, plain_rng, count, plain_places(ids, NOW))
    assert [(p.product_id, wid) for p, wid in fast] == [(p.product_id, wid) for p, wid in plain]
    assert fast_rng.getstate() == plain_rng.getstate()
