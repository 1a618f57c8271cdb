"""The product store's index of products not archived (`active_ids`, which the `ALL` list pages read
instead of walking the store) stays what a walk over the store finds, whatever the store went
through, and is rebuilt for a store pickled before it existed."""
from __future__ import annotations

import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from ozmock.domain.products.model import Product, ProductStore

IDS = st.integers(1, 40)
CHANGES = st.lists(st.tuples(st.sampled_from(["add", "add archived", "archive", "unarchive", "remove"]), IDS),
                   max_size=60)


def changed_store(changes: list[tuple[str, int]]) -> ProductStore:
    store = ProductStore()
    for change, product_id in changes:
        product = store.get(product_id)
        if change.startswith("add") and product is None:
            store.add(Product(product_id=product_id, offer_id=f"OFFER-{product_id}", archived=change == "add archived"))
        elif change == "archive" and product is not None:
            store.set_archived(product, True)
        elif change == "unarchive" and product is not None:
            store.set_archived(product, False)
        elif change == "remove" and product is not None:
            store.remove(product)
    return store


def walked_page(store: ProductStore, after: int, size: int) -> tuple[list[Product], bool]:
    active = [p for p in store.iter_from(after) if not p.archived]
    return active[:size], len(active) > size


@settings(max_examples=300, deadline=None)
@given(changes=CHANGES, after=st.integers(0, 45), size=st.integers(0, 12))
def test_an_active_page_is_what_a_walk_over_the_store_finds(changes, after, size):
    store = changed_store(changes)
    assert store.active_page(after, size) == walked_page(store, after, size)
    assert store.active == sum(not p.archived for p in store.products.values())


@settings(max_examples=100, deadline=None)
@given(changes=CHANGES, after=st.integers(0, 45), size=st.integers(0, 12))
def test_a_store_pickled_before_the_index_gets_it_built(changes, after, size):
    store = changed_store(changes)
    older = pickle.loads(pickle.dumps(store))
    del older.__dict__["active_ids"], older.__dict__["viewed"]
    older.__dict__["active"] = store.active        # what an older store kept instead: the count
    loaded = pickle.loads(pickle.dumps(older))
    assert loaded.active_ids == store.active_ids and loaded.active == store.active
    assert loaded.viewed == {}
    pages = loaded.active_page(after, size)
    assert [p.product_id for p in pages[0]] == [p.product_id for p in store.active_page(after, size)[0]]
