"""Hypothesis strategies for Ozon Seller API data; users import them from `ozmock.strategies`.

How bodies are generated
    Our schemas (one file per operation in `schemas/`) use a small part of JSON Schema: types
    (also type lists), properties / required, items, enum, anyOf, string lengths and patterns,
    numeric bounds, item counts, formats, and `$defs` recursion for tree-shaped answers.
    `compiler` compiles that subset straight into Hypothesis strategies and fills well-known
    fields (`offer_id`, `barcode`, prices, posting numbers, timestamps, ids) with realistic
    values (`values`) mixed with edge cases; `allOf` and `oneOf` are folded into that subset, and
    any other keyword is refused by name. `operations` checks every value against the operation's compiled
    validator before it is yielded; `records` builds whole product items and postings;
    `invalid` breaks one documented rule at a time.

    Why not hypothesis-jsonschema for everything: measured on these schemas it cannot resolve
    the five recursive ones (`/v1/description-category/tree`, `/v1/category/tree`,
    `/v1/categories/tree`, `/v2/category/tree`, `/v1/category/attribute`: "Could not resolve
    recursive references"), and its per-draw object merging is slow on our larger request
    schemas (10 examples of `/v2/order/create` took about a minute, `/v1/draft/multi-cluster/create`
    half of that), which makes property tests over hundreds of operations impractical. It was the
    fallback for keywords outside the subset until Hypothesis 6.170.6 removed the internal
    (`many.more()`) it builds every object with; no schema in `schemas/` needs such a keyword.

This package imports Hypothesis at module level: the server never imports it.
"""
