"""Reading products: the lists, the info methods and the attribute reads of every version, each a
page from `selection.py` rendered by `views.py`."""
from __future__ import annotations

from ...errors import OzonError
from ...registry import Call, handles
from ..kit.dates import now_of
from ..kit.values import as_int, as_str
from . import views
from .selection import NOT_FOUND, by_ids, listed_page, numbered_page, single, store_of


@handles("POST", "/v3/product/list", exact=True)
def product_list(call: Call) -> dict:
    """Outside strict mode the items go out as kept encoded JSON (`views.encoded_list_items`); strict
    mode checks the records themselves."""
    page, total, cursor = listed_page(call)
    now = now_of(call)
    items = [views.list_item(p, now) for p in page] if call.world.settings.strict \
        else views.encoded_list_items(page, now)
    return cursor_list(items, total, cursor)


@handles("POST", "/v2/product/list")
def product_list_v2(call: Call) -> dict:
    """v3's records, of which v2's schema keeps `product_id` and `offer_id`."""
    page, total, cursor = listed_page(call)
    now = now_of(call)
    return cursor_list([views.list_item(p, now) for p in page], total, cursor)


def cursor_list(items: list, total: int, cursor: str) -> dict:
    """`total_items` is the 2026-09 name of `total`."""
    return {"result": {"items": items, "total": total, "total_items": total, "last_id": cursor}}


@handles("POST", "/v1/product/list")
def product_list_v1(call: Call) -> dict:
    page, total = numbered_page(call, call.body.get("filter"))
    now = now_of(call)
    return {"result": {"items": [views.list_item(p, now) for p in page], "total": total}}


@handles("POST", "/v3/product/info/list", exact=True)
def product_info_list_v3(call: Call) -> dict:
    world = call.world
    return {"items": views.info_items(store_of(call), by_ids(call), now_of(call), world,
                                      encoded=not world.settings.strict)}


@handles("POST", "/v2/product/info/list")
def product_info_list_v2(call: Call) -> dict:
    now = now_of(call)
    return {"result": {"items": [views.legacy_info(p, now, call.world) for p in by_ids(call)]}}


@handles("POST", "/v2/product/info")
def product_info_v2(call: Call) -> dict:
    return views.legacy_info(single(call), now_of(call), call.world)


@handles("POST", "/v1/product/info")
def product_info_v1(call: Call) -> dict:
    return {"result": views.legacy_info(single(call), now_of(call), call.world)}


@handles("POST", "/v1/product/info/description", exact=True)
def product_description(call: Call) -> dict:
    body = call.body
    product = store_of(call).find(offer_id=as_str(body.get("offer_id")), product_id=as_int(body.get("product_id")))
    if product is None:
        raise OzonError(5, NOT_FOUND)
    return views.description_view(product)


@handles("POST", "/v4/product/info/attributes", exact=True)
def product_attributes_v4(call: Call) -> dict:
    store, now = store_of(call), now_of(call)
    page, total, cursor = listed_page(call, with_skus=True)
    if as_str(call.body.get("sort_dir")).upper() == "DESC":
        page = list(reversed(page))
    return {"result": [views.attributes_item(store, p, now) for p in page], "total": str(total), "last_id": cursor}


@handles("POST", "/v3/products/info/attributes", "/v3/product/info/attributes", exact=True)
def product_attributes_v3(call: Call) -> dict:
    page, total, cursor = listed_page(call)
    return {"result": [views.legacy_attributes_item(p, views.SNAKE_KEYS) for p in page], "total": total,
            "last_id": cursor}


@handles("POST", "/v2/products/info/attributes")
def product_attributes_v2(call: Call) -> dict:
    page, total = numbered_page(call, call.body.get("filter"), default=100)
    return {"result": [views.legacy_attributes_item(p, views.CAMEL_KEYS) for p in page], "total": total}
