"""A product is built straight into its slots from the fields given and only the defaults it lacks:
whatever is given, it holds exactly `defaults()` overlaid with the given fields, keeps nothing for the
views yet, and never shares a default list or dict with another product."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ozmock.domain.products.model import Product

DEFAULTS = Product.defaults()
# product_id and offer_id have no default: every product is given them
given_fields = st.dictionaries(st.sampled_from(Product.FIELDS),
                               st.one_of(st.integers(), st.text(max_size=5), st.lists(st.integers(), max_size=2),
                                         st.dictionaries(st.integers(), st.integers(), max_size=2))
                               ).map(lambda values: {"product_id": 1, "offer_id": "A-1", **values})


@given(given_fields)
def test_a_product_holds_its_defaults_overlaid_with_the_fields_given(values):
    product = Product(**values)
    assert {name: getattr(product, name) for name in Product.FIELDS} == {**DEFAULTS, **values}
    assert all(getattr(product, name) is value for name, value in values.items())
    assert product.view is None and product.listed is None


@given(given_fields)
def test_no_two_products_share_a_default_list_or_dict(values):
    first, second = Product(**values), Product(**values)
    for name, default in DEFAULTS.items():
        if name in values:
            continue
        if isinstance(default, list):
            getattr(first, name).append("edited in place")
        elif isinstance(default, dict):
            getattr(first, name)["edited"] = "in place"
        assert getattr(second, name) == default


@given(given_fields, st.dictionaries(st.sampled_from(Product.FIELDS), st.integers()))
def test_assign_sets_the_fields_and_drops_what_the_views_kept(values, assigned):
    product = Product(**values)
    object.__setattr__(product, "view", "kept")
    object.__setattr__(product, "listed", "kept")
    product.assign(assigned)
    assert {name: getattr(product, name) for name in Product.FIELDS} == {**DEFAULTS, **values, **assigned}
    assert product.view is None and product.listed is None
