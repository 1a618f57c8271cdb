"""Finding what a request names: an FBS/rFBS posting by number, a posting's product line by the
identifier a method takes (SKU as documented, product_id tolerated). Unknown ones are the
documented errors."""
from __future__ import annotations

from typing import Any

from ..kit.values import as_int, as_str
from .common import UNKNOWN_PRODUCT, bad, missing
from .model import Posting, PostingStore


def fbs_posting(store: PostingStore, number: Any) -> Posting:
    posting = store.get(as_str(number).strip())
    if posting is None or posting.group != "fbs":
        raise missing()
    return posting


def sku_of(posting: Posting, value: Any) -> int:
    """A line's SKU from a request identifier (SKU as documented, product_id tolerated)."""
    ident = as_int(value)
    for line in posting.lines:
        if ident in (line["sku"], line["product_id"]):
            return line["sku"]
    raise bad(UNKNOWN_PRODUCT, str(ident))
