"""Which products a request names: by identifiers, by `filter.visibility`, a cursor page (`last_id` /
`cursor`, the last product's id), a numbered page (legacy lists) or a single product. Every read and
write handler of the area picks its products here, so every version pages the same way."""
from __future__ import annotations

from typing import Any

from ...errors import OzonError
from ...registry import Call
from ..kit.dates import now_of
from ..kit.paging import page_size
from ..kit.values import as_int, as_str, int_list, str_list
from .model import Product, ProductStore, decode_cursor, encode_cursor, products_of, visibility_predicate

NOT_FOUND = "Product not found"
MAX_PAGE = 1000


def store_of(call: Call) -> ProductStore:
    return products_of(call.seller)


def size_of(value: Any, default: int) -> int:
    """A list's `limit` / `page_size`: the default when absent or 0, at most 1000."""
    return page_size(value, default, MAX_PAGE)


def count_matching(store: ProductStore, visibility: str, now: float, world) -> int:
    if visibility in ("", "ALL"):
        return store.active
    if visibility == "ARCHIVED":
        return len(store) - store.active
    matches = visibility_predicate(visibility, now, world)
    return sum(1 for p in store.products.values() if matches(p))


def _by_identifiers(store: ProductStore, offer_ids: list[str], product_ids: list[int], skus: list[int], *,
                    now: float, after: int, size: int) -> tuple[list[Product], int, bool]:
    chosen = sorted(store.select(offer_ids=offer_ids, product_ids=product_ids, skus=skus, now=now),
                    key=lambda p: p.product_id)
    rest = [p for p in chosen if p.product_id > after]
    return rest[:size], len(chosen), len(rest) > size


def _by_visibility(store: ProductStore, visibility: str, *, now: float, world, after: int,
                   size: int) -> tuple[list[Product], int, bool]:
    if visibility == "ALL":  # the store keeps their ids in order
        page, more = store.active_page(after, size)
        return page, store.active, more
    matches = visibility_predicate(visibility, now, world)
    page: list[Product] = []
    more = False
    if visibility == "ARCHIVED":  # the total kept by the store: stop at the page
        for product in store.iter_from(after):
            if matches(product):
                if len(page) == size:
                    more = True
                    break
                page.append(product)
        return page, count_matching(store, visibility, now, world), more
    total = 0  # other filters: one pass counts and collects
    for product_id in store.order:
        product = store.products.get(product_id)
        if product is None or not matches(product):
            continue
        total += 1
        if product_id > after:
            if len(page) < size:
                page.append(product)
            else:
                more = True
    return page, total, more


def select(store: ProductStore, flt: Any, *, now: float, world, after: int, size: int,
           with_skus: bool = True) -> tuple[list[Product], int, bool]:
    """(page after product id `after`, total, more follow): by identifiers (any visibility) or by
    visibility filter."""
    flt = flt if isinstance(flt, dict) else {}
    offer_ids, product_ids = str_list(flt.get("offer_id")), int_list(flt.get("product_id"))
    skus = (int_list(flt.get("sku")) if with_skus else []) + int_list(flt.get("skus"))   # v3 list: `skus` (2026-07)
    if offer_ids or product_ids or skus:
        return _by_identifiers(store, offer_ids, product_ids, skus, now=now, after=after, size=size)
    return _by_visibility(store, as_str(flt.get("visibility") or "ALL"), now=now, world=world, after=after,
                          size=size)


def cursor_page(call: Call, flt: Any, cursor: Any, size: int, *,
                with_skus: bool = True) -> tuple[list[Product], int, str]:
    """(page, total, next cursor): the cursor is the last product's id; an empty page ends the walk."""
    store, now = store_of(call), now_of(call)
    after = decode_cursor(as_str(cursor))
    if after is None:  # not a cursor ozmock gave out: an empty page, nothing to follow
        _, total, _ = select(store, flt, now=now, world=call.world, after=0, size=0, with_skus=with_skus)
        return [], total, ""
    page, total, _ = select(store, flt, now=now, world=call.world, after=after, size=size, with_skus=with_skus)
    return page, total, encode_cursor(page[-1].product_id) if page else ""


def listed_page(call: Call, cursor_field: str = "last_id", *,
                with_skus: bool = False) -> tuple[list[Product], int, str]:
    """A cursor list's page as the body asks for it (`filter`, `limit` up to 1000, default 100)."""
    body = call.body
    return cursor_page(call, body.get("filter"), body.get(cursor_field), size_of(body.get("limit"), 100),
                       with_skus=with_skus)


def numbered_page(call: Call, flt: Any, default: int = 20) -> tuple[list[Product], int]:
    """Page-numbered legacy lists (`page` from 1, `page_size` default 20, at most 1000)."""
    body, store, now = call.body, store_of(call), now_of(call)
    size = size_of(body.get("page_size"), default)
    skip = (max(as_int(body.get("page"), 1), 1) - 1) * size
    products, total, _ = select(store, flt, now=now, world=call.world, after=0, size=skip + size)
    return products[skip:skip + size], total


def single(call: Call) -> Product:
    """The product a single-item legacy read names (offer_id, product_id or sku); 404 when unknown."""
    body, store, now = call.body, store_of(call), now_of(call)
    offer_id, product_id, sku = as_str(body.get("offer_id")), as_int(body.get("product_id")), as_int(body.get("sku"))
    if not (offer_id or product_id or sku):
        raise OzonError(3, "one of offer_id, product_id or sku is required")
    product = store.find(offer_id=offer_id, product_id=product_id, sku=sku, now=now)
    if product is None:
        raise OzonError(5, NOT_FOUND)
    return product


def by_ids(call: Call, maximum: int = 1000) -> list[Product]:
    """The products named by the body's `offer_id`, `product_id` and `sku` lists, in request order."""
    body = call.body
    offer_ids, product_ids, skus = str_list(body.get("offer_id")), int_list(body.get("product_id")), \
        int_list(body.get("sku"))
    if len(offer_ids) + len(product_ids) + len(skus) > maximum:
        raise OzonError(3, f"at most {maximum} identifiers in offer_id, product_id and sku together")
    return store_of(call).select(offer_ids=offer_ids, product_ids=product_ids, skus=skus, now=now_of(call))


def known(call: Call, ids: list[int]) -> list[Product]:
    """The products of these ids that exist, each once, in request order."""
    store = store_of(call)
    return [p for p in (store.get(i) for i in dict.fromkeys(ids)) if p is not None]


def own_skus(call: Call, skus: list[int]) -> list[tuple[int, Product]]:
    """(sku, product) for the caller's SKUs that show (after moderation), each once, in request order."""
    store, now = store_of(call), now_of(call)
    found = []
    for sku in dict.fromkeys(skus):
        product = store.by_sku_id(sku, now)
        if product is not None:
            found.append((sku, product))
    return found
