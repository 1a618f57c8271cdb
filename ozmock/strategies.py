"""Hypothesis strategies for Ozon Seller API data: requests and responses of every operation,
realistic domain values, and invalid variants that break one documented rule at a time.

    from hypothesis import given
    from ozmock.strategies import responses, requests, product_items, invalid

    @given(responses("POST /v3/product/info/list"))
    def test_my_parser_reads_every_valid_answer(body):
        parse_products(body)

Operations are named `"POST /v3/product/import"`, `"/v3/product/import"` (when one method lives
there) or by their `schemas/` slug (`"post_v3_product_import"`).

This is the public import path (README); the code lives in `ozmock.testing.strategies`. It needs
Hypothesis, an optional dependency (`pip install "ozmock[strategies]"`): the server, the Python API
and the pytest plugin do not.
"""
try:
    import hypothesis  # noqa: F401
except ImportError as missing:
    raise ImportError('ozmock.strategies needs Hypothesis: pip install "ozmock[strategies]"') from missing

from .testing.strategies.compiler import from_schema
from .testing.strategies.invalid import Broken, BrokenItem, invalid, invalid_product_items
from .testing.strategies.operations import operation, paths, requests, responses
from .testing.strategies.records import POSTING_STATUSES, postings, product_items
from .testing.strategies.values import barcodes, ean13, offer_ids, posting_numbers, prices

__all__ = ["requests", "responses", "from_schema", "paths", "offer_ids", "barcodes", "ean13", "prices",
           "posting_numbers", "product_items", "postings", "invalid", "invalid_product_items", "Broken",
           "operation", "POSTING_STATUSES", "BrokenItem"]
