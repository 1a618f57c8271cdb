"""Thin handlers for products, prices, stocks and quotas: read the validated body, call the domain
(imports, prices, stocks, views), return the record. The pipeline holds the world's lock around
each, so a request's checks and writes happen as one step even when several threads share a world."""
from __future__ import annotations

import zlib
from typing import Any

from ...errors import OzonError
from ...registry import Call, handles
from . import imports, views as views
from ..catalogue.model import DESCRIPTION_ATTRIBUTE, NAME_ATTRIBUTE, catalogue
from .imports import problem
from .prices import update_prices
from ..kit.values import as_int, as_str, int_list, str_list
from ..kit.dates import now_of
from ..kit.timings import limit
from .model import Product, ProductStore, decode_cursor, encode_cursor, products_of, visibility_predicate
from .quotas import limits_view
from .stocks import STOCK_REQUESTS, update_stocks
from ..warehouses.model import warehouses_of
from ..kit.windows import PER_MINUTE_MESSAGE
from ...registry import Window

NOT_FOUND = "Product not found"


def store_of(call: Call) -> ProductStore:
    return products_of(call.seller)


def size_of(value: Any, default: int, maximum: int = 1000) -> int:
    size = as_int(value, 0)
    if size <= 0:
        return default
    return min(size, maximum)


# --- listing ---------------------------------------------------------------------------------------
def count_matching(store: ProductStore, visibility: str, now: float, world) -> int:
    if visibility in ("", "ALL"):
        return store.active
    if visibility == "ARCHIVED":
        return len(store) - store.active
    matches = visibility_predicate(visibility, now, world)
    return sum(1 for p in store.products.values() if matches(p))


def select(store: ProductStore, flt: dict[str, Any], *, now: float, world, after: int, size: int,
           with_skus: bool = True) -> tuple[list[Product], int, bool]:
    """One page after product id `after`: by identifiers (any visibility) or by visibility filter."""
    flt = flt if isinstance(flt, dict) else {}
    offer_ids, product_ids = str_list(flt.get("offer_id")), int_list(flt.get("product_id"))
    skus = int_list(flt.get("sku")) if with_skus else []
    if offer_ids or product_ids or skus:
        chosen = sorted(store.select(offer_ids=offer_ids, product_ids=product_ids, skus=skus, now=now),
                        key=lambda p: p.product_id)
        rest = [p for p in chosen if p.product_id > after]
        return rest[:size], len(chosen), len(rest) > size
    visibility = as_str(flt.get("visibility") or "ALL")
    matches = visibility_predicate(visibility, now, world)
    page: list[Product] = []
    more = False
    if visibility in ("ALL", "ARCHIVED"):  # totals kept by the store: stop at the page
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


def cursor_page(call: Call, flt: Any, cursor: Any, size: int, *, with_skus: bool = True):
    """(page, total, next cursor): the cursor is the last product's id; an empty page ends the walk."""
    store, now = store_of(call), now_of(call)
    after = decode_cursor(as_str(cursor))
    if after is None:  # not a cursor ozmock gave out: an empty page, nothing to follow
        page, total, _ = select(store, flt, now=now, world=call.world, after=0, size=0, with_skus=with_skus)
        return [], total, ""
    page, total, _more = select(store, flt, now=now, world=call.world, after=after, size=size,
                                with_skus=with_skus)
    return page, total, encode_cursor(page[-1].product_id) if page else ""


def numbered_page(call: Call, flt: Any, page_number: Any, page_size: Any, default: int = 20):
    """Page-numbered legacy lists (`page` from 1, `page_size` default 20, at most 1000)."""
    store, now = store_of(call), now_of(call)
    size = size_of(page_size, default)
    number = max(as_int(page_number, 1), 1)
    skip = (number - 1) * size
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


# --- imports ---------------------------------------------------------------------------------------
def _submit(call: Call, kind: str, cards: list[dict[str, Any]], check=None) -> int:
    task = imports.submit(store_of(call), cards, kind=kind, seller=call.seller, world=call.world,
                          now=now_of(call), check=check)
    return task.task_id


def _items(call: Call) -> list[dict[str, Any]]:
    return [i for i in call.body.get("items") or [] if isinstance(i, dict)]


@handles("POST", "/v3/product/import", writes=True)
def import_v3(call: Call) -> dict:
    return {"result": {"task_id": _submit(call, "v3", [imports.card_v3(i) for i in _items(call)])}}


@handles("POST", "/v2/product/import", writes=True)
def import_v2(call: Call) -> dict:
    return {"result": {"task_id": _submit(call, "v2", [imports.card_v2(i) for i in _items(call)])}}


@handles("POST", "/v1/product/import", writes=True)
def import_v1(call: Call) -> dict:
    return {"result": {"task_id": _submit(call, "v1", [imports.card_v1(i) for i in _items(call)])}}


@handles("POST", "/v1/product/import/info")
def import_info(call: Call) -> dict:
    task = store_of(call).tasks.get(as_int(call.body.get("task_id")))
    return imports.task_view(task, now_of(call), call.world)


def _source_product(call: Call, sku: int) -> Product | None:
    """Another seller's product with this SKU (by-SKU import copies only other sellers' cards)."""
    now = now_of(call)
    for seller in call.world.sellers.values():
        if seller.client_id == call.seller.client_id or "products" not in seller.areas:
            continue
        product = seller.areas["products"].by_sku_id(sku, now)
        if product is not None and not product.archived:
            return product
    return None


def _copy_card(source: Product, item: dict[str, Any]) -> dict[str, Any]:
    card = {
        "offer_id": as_str(item.get("offer_id")), "name": as_str(item.get("name")) or source.name,
        "description_category_id": source.description_category_id, "new_description_category_id": 0,
        "type_id": source.type_id, "legacy_category_id": 0,
        "attributes": [dict(a, values=[dict(v) for v in a["values"]]) for a in source.attributes],
        "complex_attributes": [{"attributes": list(g["attributes"])} for g in source.complex_attributes],
        "barcodes": [], "images": list(source.images), "images360": list(source.images360),
        "primary_image": source.primary_image, "color_image": source.color_image, "pdf_list": list(source.pdf_list),
        "depth": source.depth, "height": source.height, "width": source.width,
        "dimension_unit": source.dimension_unit, "weight": source.weight, "weight_unit": source.weight_unit,
        "price": as_str(item.get("price")), "old_price": as_str(item.get("old_price")), "premium_price": "",
        "currency_code": as_str(item.get("currency_code")), "vat": as_str(item.get("vat")),
        "service_type": "IS_CODE_SERVICE", "promotions": [], "geo_names": [], "source": "sku",
        "images_limit": "product_images_max",
    }
    return card


@handles("POST", "/v1/product/import-by-sku", writes=True)
def import_by_sku(call: Call) -> dict:
    cards, unmatched = [], []
    for item in _items(call):
        sku = as_int(item.get("sku"))
        source = _source_product(call, sku)
        if source is None:
            unmatched.append(sku)
            continue
        cards.append(_copy_card(source, item))
    store = store_of(call)

    def check(card, existing):
        if existing is not None:
            return [problem("offer_id_already_exists", "a product cannot be updated by SKU; "
                            "this offer_id is taken", field="offer_id")]
        return imports.check_card(card, seller=call.seller, world=call.world, existing=None)

    task_id = _submit(call, "by_sku", cards, check=check)
    return {"result": {"task_id": task_id, "unmatched_sku_list": unmatched}}


def _attributes_apply(store, card, existing, *, world, now, warnings):
    """Attribute-only update: merge the given attributes into the card, then moderation again."""
    old_model = existing.attribute_text(imports.MODEL_ATTRIBUTE)
    merged = {a["id"]: a for a in existing.attributes}
    for attribute in card["attributes"]:
        merged[attribute["id"]] = attribute
    existing.attributes = list(merged.values())
    if card["complex_attributes"]:
        existing.complex_attributes = card["complex_attributes"]
    description = existing.attribute_text(DESCRIPTION_ATTRIBUTE)
    if description:
        existing.description = description
    existing.errors, existing.failed = warnings, False
    existing.updated_at = existing.submitted_at = now
    ready_after = imports.timing(world, "product_import_seconds") + imports.timing(world, "product_moderation_seconds")
    if existing.sku_at > now:
        existing.sku_at = now + ready_after
    store.remodel(existing, old_model)
    return existing


@handles("POST", "/v1/product/attributes/update", writes=True)
def attributes_update(call: Call) -> dict:
    cards = []
    for item in _items(call):
        cards.append({"offer_id": as_str(item.get("offer_id")),
                      "attributes": imports._attributes(item.get("attributes")), "complex_attributes": [],
                      "apply": _attributes_apply})

    def check(card, existing):
        if existing is None:
            return [problem("offer_id_not_found", "no product with this offer_id", field="offer_id")]
        found, attributes, _ = imports.check_attributes(
            {"attributes": card["attributes"], "complex_attributes": []},
            existing.description_category_id, existing.type_id, partial=True)
        card["attributes"] = [a for a in attributes if a["id"] != imports.TYPE_ATTRIBUTE]
        return found

    return {"task_id": _submit(call, "attributes", cards, check=check)}


def _count_update(call: Call, store: ProductStore, updates: int = 1) -> None:
    """Direct card edits count against the daily update quota; 429 when it is used up."""
    from ...clock import day_start
    day = day_start(call.world.clock.now()).timestamp()
    allowed = limit(call.world, "products_daily_update")
    if allowed is not None and store.usage_today(day)["update"] + updates > allowed:
        raise OzonError(8, "item_limit_exceeded: daily limit on product updates exceeded")
    imports.check_rate_per_minute(store, call.world, now_of(call), updates)
    store.count_usage(day, 0, updates)


@handles("POST", "/v1/product/pictures/import", writes=True)
def pictures_import(call: Call) -> dict:
    body, store = call.body, store_of(call)
    product = store.get(as_int(body.get("product_id")))
    if product is None:
        raise OzonError(5, NOT_FOUND)
    images, images360 = str_list(body.get("images")), str_list(body.get("images360"))
    images_max, images360_max = limit(call.world, "product_images_max"), limit(call.world, "product_images360_max")
    if len(images) > images_max:
        raise OzonError(3, f"images must hold at most {images_max} links")
    if len(images360) > images360_max:
        raise OzonError(3, f"images360 must hold at most {images360_max} links")
    _count_update(call, store)
    product.images, product.images360 = images, images360
    product.primary_image = ""
    product.color_image = as_str(body.get("color_image"))
    product.updated_at = now_of(call)
    return {"result": {"pictures": views.pictures(product)}}


@handles("POST", "/v1/product/update", writes=True)
def product_update_v1(call: Call) -> dict:
    """Legacy card edit by product_id: only the fields sent change; prices and stock are not here."""
    body, store, now = call.body, store_of(call), now_of(call)
    product = store.get(as_int(body.get("product_id")))
    if product is None:
        raise OzonError(5, NOT_FOUND)
    card = imports.card_v1(dict(body, offer_id=product.offer_id))
    merged = {
        "offer_id": product.offer_id, "name": card["name"] or product.name,
        "description_category_id": product.description_category_id, "type_id": product.type_id,
        "new_description_category_id": 0, "legacy_category_id": product.legacy_category_id,
        "attributes": list({a["id"]: a for a in product.attributes + card["attributes"]}.values()),
        "complex_attributes": card["complex_attributes"] or list(product.complex_attributes),
        "barcodes": card["barcodes"], "images": card["images"] if body.get("images") else list(product.images),
        "primary_image": card["primary_image"] if body.get("images") else product.primary_image,
        "images360": list(product.images360), "color_image": product.color_image, "pdf_list": list(product.pdf_list),
        "price": product.price, "old_price": product.old_price if product.old_price != "0" else "",
        "premium_price": product.premium_price if product.premium_price != "0" else "",
        "currency_code": product.currency_code, "vat": product.vat, "service_type": product.service_type,
        "promotions": product.promotions, "geo_names": product.geo_names,
        "description": card["description"] or product.description, "vendor": card["vendor"] or product.vendor,
        "vendor_code": card["vendor_code"] or product.vendor_code, "images_limit": "product_images_legacy_max",
    }
    for name in ("depth", "height", "width", "weight", "dimension_unit", "weight_unit"):
        merged[name] = card[name] if body.get(name) not in (None, "") else getattr(product, name)
    problems = imports.check_card(merged, seller=call.seller, world=call.world, existing=product)
    errors = [p for p in problems if p["level"] == imports.ERROR]
    if errors:
        raise OzonError(3, "the product was not updated — " + errors[0]["message"])
    _count_update(call, store)
    imports.apply_card(store, merged, product, world=call.world, now=now,
                       warnings=[p for p in problems if p["level"] != imports.ERROR])
    return {"result": {"updated": True}}


# --- reading products ------------------------------------------------------------------------------
@handles("POST", "/v3/product/list")
def product_list_v3(call: Call) -> dict:
    body = call.body
    page, total, cursor = cursor_page(call, body.get("filter"), body.get("last_id"), size_of(body.get("limit"), 100),
                                      with_skus=False)
    now = now_of(call)
    return {"result": {"items": [views.v3_list_item(p, now) for p in page], "total": total, "last_id": cursor}}


@handles("POST", "/v2/product/list")
def product_list_v2(call: Call) -> dict:
    body = call.body
    page, total, cursor = cursor_page(call, body.get("filter"), body.get("last_id"), size_of(body.get("limit"), 100),
                                      with_skus=False)
    return {"result": {"items": [{"product_id": p.product_id, "offer_id": p.offer_id} for p in page],
                       "total": total, "last_id": cursor}}


@handles("POST", "/v1/product/list")
def product_list_v1(call: Call) -> dict:
    body = call.body
    page, total = numbered_page(call, body.get("filter"), body.get("page"), body.get("page_size"))
    return {"result": {"items": [{"product_id": p.product_id, "offer_id": p.offer_id} for p in page],
                       "total": total}}


def _by_ids(call: Call, maximum: int = 1000) -> list[Product]:
    body = call.body
    offer_ids, product_ids, skus = str_list(body.get("offer_id")), int_list(body.get("product_id")), \
        int_list(body.get("sku"))
    if len(offer_ids) + len(product_ids) + len(skus) > maximum:
        raise OzonError(3, f"at most {maximum} identifiers in offer_id, product_id and sku together")
    return store_of(call).select(offer_ids=offer_ids, product_ids=product_ids, skus=skus, now=now_of(call))


@handles("POST", "/v3/product/info/list")
def product_info_list_v3(call: Call) -> dict:
    store, now = store_of(call), now_of(call)
    return {"items": [views.v3_info_item(store, p, now, call.world) for p in _by_ids(call)]}


@handles("POST", "/v2/product/info/list")
def product_info_list_v2(call: Call) -> dict:
    now = now_of(call)
    return {"result": {"items": [views.v2_info(p, now, call.world) for p in _by_ids(call)]}}


@handles("POST", "/v2/product/info")
def product_info_v2(call: Call) -> dict:
    return views.v2_info(single(call), now_of(call), call.world)


@handles("POST", "/v1/product/info")
def product_info_v1(call: Call) -> dict:
    return {"result": views.v1_info(single(call), now_of(call), call.world)}


@handles("POST", "/v1/product/info/description")
def product_description(call: Call) -> dict:
    body, store = call.body, store_of(call)
    product = store.find(offer_id=as_str(body.get("offer_id")), product_id=as_int(body.get("product_id")))
    if product is None:
        raise OzonError(5, NOT_FOUND)
    return views.description_view(product)


@handles("POST", "/v4/product/info/attributes")
def product_attributes_v4(call: Call) -> dict:
    body, store, now = call.body, store_of(call), now_of(call)
    page, total, cursor = cursor_page(call, body.get("filter"), body.get("last_id"), size_of(body.get("limit"), 100))
    if as_str(body.get("sort_dir")).upper() == "DESC":
        page = list(reversed(page))
    return {"result": [views.v4_attributes_item(store, p, now) for p in page], "total": str(total),
            "last_id": cursor}


@handles("POST", "/v3/products/info/attributes", "/v3/product/info/attributes")
def product_attributes_v3(call: Call) -> dict:
    body = call.body
    page, total, cursor = cursor_page(call, body.get("filter"), body.get("last_id"), size_of(body.get("limit"), 100),
                                      with_skus=False)
    return {"result": [views.v3_legacy_attributes_item(p) for p in page], "total": total, "last_id": cursor}


@handles("POST", "/v2/products/info/attributes")
def product_attributes_v2(call: Call) -> dict:
    body = call.body
    page, total = numbered_page(call, body.get("filter"), body.get("page"), body.get("page_size"), default=100)
    return {"result": [views.v2_legacy_attributes_item(p) for p in page], "total": total}


# --- prices ----------------------------------------------------------------------------------------
@handles("POST", "/v1/product/import/prices", writes=True)
def import_prices(call: Call) -> dict:
    items = [i for i in call.body.get("prices") or [] if isinstance(i, dict)]
    return {"result": update_prices(store_of(call), items, seller=call.seller, world=call.world, now=now_of(call))}


@handles("POST", "/v5/product/info/prices")
def info_prices_v5(call: Call) -> dict:
    body = call.body
    page, total, cursor = cursor_page(call, body.get("filter"), body.get("cursor"), size_of(body.get("limit"), 100),
                                      with_skus=False)
    return {"items": [views.v5_price_item(p) for p in page], "total": total, "cursor": cursor}


@handles("POST", "/v4/product/info/prices")
def info_prices_v4(call: Call) -> dict:
    body = call.body
    page, total, cursor = cursor_page(call, body.get("filter"), body.get("last_id"), size_of(body.get("limit"), 100),
                                      with_skus=False)
    return {"result": {"items": [views.v4_price_item(p) for p in page], "total": total, "last_id": cursor}}


@handles("POST", "/v1/product/info/prices")
def info_prices_v1(call: Call) -> dict:
    page, total = numbered_page(call, {}, call.body.get("page"), call.body.get("page_size"))
    return {"result": {"items": [views.v1_price_item(p) for p in page], "total": total}}


# --- stocks ----------------------------------------------------------------------------------------
@handles("POST", "/v2/products/stocks", writes=True, windows=(STOCK_REQUESTS,))
def products_stocks_v2(call: Call) -> dict:
    items = [i for i in call.body.get("stocks") or [] if isinstance(i, dict)]
    results = update_stocks(store_of(call), warehouses_of(call.seller), items, world=call.world, now=now_of(call))
    return {"result": results}


@handles("POST", "/v1/product/import/stocks", writes=True, windows=(STOCK_REQUESTS,))
def import_stocks_v1(call: Call) -> dict:
    """Legacy stock update without a warehouse: it goes to the seller's first active warehouse."""
    items = [i for i in call.body.get("stocks") or [] if isinstance(i, dict)]
    warehouses = warehouses_of(call.seller)
    first = next((w["warehouse_id"] for w in warehouses.items if w["status"] == "created"), 0)
    results = update_stocks(store_of(call), warehouses, items, world=call.world, now=now_of(call),
                            default_warehouse=first)
    for result in results:
        result.pop("warehouse_id", None)
    return {"result": results}


@handles("POST", "/v4/product/info/stocks")
def info_stocks_v4(call: Call) -> dict:
    body, now = call.body, now_of(call)
    page, total, cursor = cursor_page(call, body.get("filter"), body.get("cursor"), size_of(body.get("limit"), 100),
                                      with_skus=False)
    return {"items": [views.v4_stock_item(p, now) for p in page], "total": total, "cursor": cursor}


@handles("POST", "/v3/product/info/stocks", "/v3/products/info/stocks")
def info_stocks_v3(call: Call) -> dict:
    body = call.body
    page, total, cursor = cursor_page(call, body.get("filter"), body.get("last_id"), size_of(body.get("limit"), 100),
                                      with_skus=False)
    return {"result": {"items": [views.v3_stock_item(p) for p in page], "total": total, "last_id": cursor}}


@handles("POST", "/v1/product/info/stocks")
def info_stocks_v1(call: Call) -> dict:
    page, total = numbered_page(call, {}, call.body.get("page"), call.body.get("page_size"))
    return {"result": {"items": [views.v1_stock_item(p) for p in page], "total": total}}


def _stock_rows(call: Call) -> list[dict[str, Any]]:
    """Rows per product and warehouse for the products named by `sku` (preferred) or `offer_id`."""
    body, store, now = call.body, store_of(call), now_of(call)
    skus, offer_ids = int_list(body.get("sku")), str_list(body.get("offer_id"))
    products = store.select(skus=skus, now=now) if skus else store.select(offer_ids=offer_ids)
    warehouses = warehouses_of(call.seller)
    return [row for p in products for row in views.warehouse_rows(p, now, warehouses)]


@handles("POST", "/v1/product/info/stocks-by-warehouse/fbs")
def stocks_by_warehouse_v1(call: Call) -> dict:
    keys = ("sku", "product_id", "offer_id", "present", "reserved", "warehouse_id", "warehouse_name")
    return {"result": [{k: row[k] for k in keys} for row in _stock_rows(call)]}


@handles("POST", "/v2/product/info/stocks-by-warehouse/fbs")
def stocks_by_warehouse_v2(call: Call) -> dict:
    body = call.body
    rows = _stock_rows(call)
    size = size_of(body.get("limit"), 100)
    start = as_int(body.get("cursor"), -1) if as_str(body.get("cursor")) else 0
    if start < 0:
        start = len(rows)
    page = rows[start:start + size]
    more = start + size < len(rows)
    keys = ("sku", "product_id", "offer_id", "present", "reserved", "free_stock", "warehouse_id", "warehouse_name")
    return {"products": [{k: row[k] for k in keys} for row in page], "has_next": more,
            "cursor": str(start + size) if more else ""}


@handles("POST", "/v1/product/info/warehouse/stocks")
def warehouse_stocks(call: Call) -> dict:
    body, store, now = call.body, store_of(call), now_of(call)
    warehouse_id = as_int(body.get("warehouse_id"))
    size = size_of(body.get("limit"), 100)
    after = decode_cursor(as_str(body.get("cursor")))
    warehouses = warehouses_of(call.seller)
    rows, more = [], False
    if after is not None and warehouses.get(warehouse_id) is not None:
        for product in store.iter_from(after):
            if warehouse_id not in product.stocks:
                continue
            if len(rows) == size:
                more = True
                break
            rows.append(next(r for r in views.warehouse_rows(product, now, warehouses)
                             if r["warehouse_id"] == warehouse_id))
    keys = ("sku", "product_id", "offer_id", "present", "reserved", "free_stock", "warehouse_id", "updated_at")
    return {"stocks": [{k: r[k] for k in keys} for r in rows], "has_next": more,
            "cursor": encode_cursor(rows[-1]["product_id"]) if rows and more else ""}


# --- lifecycle -------------------------------------------------------------------------------------
def _known(call: Call, ids: list[int]) -> list[Product]:
    store = store_of(call)
    return [p for p in (store.get(i) for i in dict.fromkeys(ids)) if p is not None]


@handles("POST", "/v1/product/archive", writes=True)
def archive(call: Call) -> dict:
    store = store_of(call)
    for product in _known(call, int_list(call.body.get("product_id"))):
        store.set_archived(product, True)
        product.updated_at = now_of(call)
    return {"result": True}


@handles("POST", "/v1/product/unarchive", writes=True)
def unarchive(call: Call) -> dict:
    store = store_of(call)
    products = [p for p in _known(call, int_list(call.body.get("product_id"))) if p.archived]
    total = limit(call.world, "products_total")
    if total is not None and store.active + len(products) > total:
        raise OzonError(3, "total limit exceeded")
    for product in products:
        store.set_archived(product, False)
        product.updated_at = now_of(call)
    return {"result": True}


@handles("POST", "/v2/products/delete", writes=True)
def delete_products(call: Call) -> dict:
    """Only products without an SKU (never moderated) can be deleted; each offer_id gets a status."""
    store, now = store_of(call), now_of(call)
    statuses = []
    for entry in call.body.get("products") or []:
        offer_id = as_str(entry.get("offer_id")) if isinstance(entry, dict) else ""
        product = store.by_offer_id(offer_id)
        if product is None:
            statuses.append({"offer_id": offer_id, "is_deleted": False, "error": "product not found"})
        elif product.is_created(now):
            statuses.append({"offer_id": offer_id, "is_deleted": False,
                             "error": "product has an SKU and cannot be deleted"})
        else:
            store.remove(product)
            statuses.append({"offer_id": offer_id, "is_deleted": True, "error": ""})
    return {"status": statuses}


@handles("POST", "/v2/product/pictures/info")
def pictures_info_v2(call: Call) -> dict:
    return {"items": [views.v2_pictures_item(p) for p in _known(call, int_list(call.body.get("product_id")))]}


@handles("POST", "/v1/product/pictures/info")
def pictures_info_v1(call: Call) -> dict:
    products = _known(call, int_list(call.body.get("product_id")))
    return {"result": {"pictures": [pic for p in products for pic in views.pictures(p)]}}


def _own_skus(call: Call, skus: list[int]) -> list[tuple[int, Product]]:
    store, now = store_of(call), now_of(call)
    found = []
    for sku in dict.fromkeys(skus):
        product = store.by_sku_id(sku, now)
        if product is not None:
            found.append((sku, product))
    return found


@handles("POST", "/v1/product/info/subscription")
def subscription(call: Call) -> dict:
    """Buyers who asked to be told when an out-of-stock product returns: a stable small number."""
    out = []
    for sku, product in _own_skus(call, int_list(call.body.get("skus"))):
        count = product.subscribers or (0 if product.has_stock() else zlib.crc32(str(sku).encode()) % 7)
        out.append({"sku": sku, "count": count})
    return {"result": out}


def _rating(product: Product) -> dict[str, Any]:
    """A content rating computed from the card: media, attributes and description."""
    cat = catalogue()
    allowed = cat.attributes_for(product.description_category_id, product.type_id)
    filled = {a["id"] for a in product.attributes}
    important = [a for a, required in allowed if not a.complex_id and a.id not in (NAME_ATTRIBUTE,)]
    share = len([a for a in important if a.id in filled]) / max(len(important), 1)
    images = len(product.images) + (1 if product.primary_image else 0)
    has_video = any(a["id"] == 21841 for g in product.complex_attributes for a in g["attributes"])
    media = [("media_images_2", "Добавлено 2 изображения", 50, images >= 2),
             ("media_images_3", "Добавлено 3 изображения и более", 20, images >= 3),
             ("media_image_3d", "Добавлено 3D-изображение", 15, bool(product.images360)),
             ("media_video", "Добавлено видео", 15, has_video)]
    attributes = [("important_2", "Заполнено 2 атрибута и более", 50, len(filled) >= 2),
                  ("important_50_percent", "Заполнено более 50% атрибутов", 25, share > 0.5),
                  ("important_70_percent", "Заполнено более 70% атрибутов", 25, share > 0.7)]
    text = len(product.description)
    texts = [("text_annotation_100_chars", "Аннотация более 100 знаков", 50, text > 100),
             ("text_annotation_500_chars", "Аннотация более 500 знаков", 50, text > 500)]
    groups, total = [], 0.0
    for key, name, weight, conditions in (("media", "Медиа", 25, media), ("important_attributes", "Атрибуты", 50,
                                                                             attributes),
                                          ("text", "Текстовое описание", 25, texts)):
        rating = float(sum(cost for _, _, cost, ok in conditions if ok))
        total += rating * weight / 100
        groups.append({"key": key, "name": name, "rating": rating, "weight": float(weight),
                       "improve_at_least": sum(1 for c in conditions if not c[3]), "improve_attributes": [],
                       "conditions": [{"key": k, "description": d, "cost": float(c), "fulfilled": ok}
                                      for k, d, c, ok in conditions]})
    return {"rating": round(total, 2), "groups": groups}


@handles("POST", "/v1/product/rating-by-sku")
def rating_by_sku(call: Call) -> dict:
    return {"products": [dict(sku=sku, **_rating(p)) for sku, p in _own_skus(call, int_list(call.body.get("skus")))]}


@handles("POST", "/v1/product/related-sku/get")
def related_sku(call: Call) -> dict:
    skus = int_list(call.body.get("sku"))
    if len(skus) > 200:
        raise OzonError(3, "at most 200 SKUs per request")
    found = dict(_own_skus(call, skus))
    now = now_of(call)
    items, errors = [], []
    for sku in dict.fromkeys(skus):
        product = found.get(sku)
        if product is None:
            errors.append({"sku": sku, "code": "NOT_FOUND", "message": "sku does not exist"})
            continue
        items.append({"sku": sku, "product_id": product.product_id, "delivery_schema": "SDS",
                      "availability": "AVAILABLE" if product.visible(now, call.world) else "HIDDEN"})
    return {"items": items, "errors": errors}


# Barcode methods: at most 20 calls a minute per seller, shared by add and generate.
BARCODE_REQUESTS = Window("barcodes", "barcode_requests_per_minute", 60.0, PER_MINUTE_MESSAGE)


@handles("POST", "/v1/barcode/add", writes=True, windows=(BARCODE_REQUESTS,))
def barcode_add(call: Call) -> dict:
    store, now = store_of(call), now_of(call)
    per_product = limit(call.world, "barcodes_per_product")
    taken = {b: p.product_id for p in store.products.values() for b in p.barcodes}
    errors = []
    for entry in call.body.get("barcodes") or []:
        barcode, sku = as_str(entry.get("barcode")).strip(), as_int(entry.get("sku"))
        product = store.by_sku_id(sku, now)
        if product is None:
            errors.append({"barcode": barcode, "sku": sku, "code": "SKU_NOT_FOUND", "error": "sku not found"})
        elif not barcode:
            errors.append({"barcode": barcode, "sku": sku, "code": "INVALID_BARCODE", "error": "barcode is empty"})
        elif taken.get(barcode, product.product_id) != product.product_id:
            errors.append({"barcode": barcode, "sku": sku, "code": "BARCODE_ALREADY_EXISTS",
                           "error": "the barcode belongs to another product"})
        elif barcode not in product.barcodes and len(product.barcodes) >= per_product:
            errors.append({"barcode": barcode, "sku": sku, "code": "BARCODES_LIMIT_EXCEEDED",
                           "error": f"a product holds at most {per_product} barcodes"})
        elif barcode not in product.barcodes:
            product.barcodes.append(barcode)
            taken[barcode] = product.product_id
            product.updated_at = now
    return {"errors": errors}


def _ean13(number: int) -> str:
    digits = f"200{number % 10**9:09d}"
    check = (10 - sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10) % 10
    return digits + str(check)


@handles("POST", "/v1/barcode/generate", writes=True, windows=(BARCODE_REQUESTS,))
def barcode_generate(call: Call) -> dict:
    store, now = store_of(call), now_of(call)
    ids = int_list(call.body.get("product_ids"))
    if len(ids) > 100:
        raise OzonError(3, "at most 100 products per request")
    errors = []
    for product_id in dict.fromkeys(ids):
        product = store.get(product_id)
        if product is None:
            errors.append({"product_id": product_id, "barcode": "", "code": "PRODUCT_NOT_FOUND",
                           "error": "product not found"})
        elif product.barcodes:
            errors.append({"product_id": product_id, "barcode": product.barcodes[0], "code": "BARCODE_ALREADY_EXISTS",
                           "error": "the product already has a barcode"})
        else:
            product.barcodes.append(_ean13(call.world.next_id("barcode", 100_000_000)))
            product.updated_at = now
    return {"errors": errors}


@handles("POST", "/v1/product/update/offer-id", writes=True)
def update_offer_id(call: Call) -> dict:
    store = store_of(call)
    errors = []
    for entry in call.body.get("update_offer_id") or []:
        old, new = as_str(entry.get("offer_id")), as_str(entry.get("new_offer_id"))
        product = store.by_offer_id(old)
        if product is None:
            errors.append({"offer_id": old, "message": "product not found"})
        elif not new.strip():
            errors.append({"offer_id": old, "message": "new_offer_id is empty"})
        elif new != old and store.by_offer_id(new) is not None:
            errors.append({"offer_id": new, "message": f"OFFER_ID_ALREADY_EXISTS: product with offer_id {new} "
                                                       "already exists"})
        else:
            store.rename(product, new)
            product.updated_at = now_of(call)
    return {"errors": errors}


@handles("POST", "/v1/product/prepayment/set", writes=True)
def prepayment_set(call: Call) -> dict:
    store, body = store_of(call), call.body
    flag = bool(body.get("is_prepayment"))
    updated = []
    for offer_id in str_list(body.get("offers_ids")):
        product = store.by_offer_id(offer_id)
        if product is not None:
            product.prepayment = flag
        updated.append({"offer_id": offer_id, "product_id": 0, "success": product is not None})
    for product_id in int_list(body.get("products_ids")):
        product = store.get(product_id)
        if product is not None:
            product.prepayment = flag
        updated.append({"offer_id": "", "product_id": product_id, "success": product is not None})
    return {"result": {"item_updated": updated}}


@handles("POST", "/v1/product/info/discounted")
def info_discounted(call: Call) -> dict:
    """Discounted (markdown) items exist only for FBO stock, which ozmock's sellers do not hold."""
    return {"items": []}


@handles("POST", "/v1/product/update/discount", writes=True)
def update_discount(call: Call) -> dict:
    product = store_of(call).get(as_int(call.body.get("product_id")))
    discount = as_int(call.body.get("discount"))
    if product is None or not 0 <= discount <= 100:
        return {"result": False}
    product.discount = discount
    product.updated_at = now_of(call)
    return {"result": True}


@handles("POST", "/v1/product/upload_digital_codes", writes=True)
def upload_digital_codes(call: Call) -> dict:
    store, now = store_of(call), now_of(call)
    product = store.get(as_int(call.body.get("product_id")))
    codes = [c for c in str_list(call.body.get("digital_codes")) if c.strip()]
    ok = product is not None
    if product is not None:
        product.digital_codes += len(codes)
    task = imports.Task(call.world.next_id("task", 172_549_792), "digital_codes", now,
                        [{"offer_id": product.offer_id if product else "", "product_id": product.product_id if product
                          else 0, "errors": [], "ok": ok, "total": len(codes) if ok else 0}])
    store.tasks[task.task_id] = task
    return {"result": {"task_id": task.task_id}}


@handles("POST", "/v1/product/upload_digital_codes/info")
def upload_digital_codes_info(call: Call) -> dict:
    task = store_of(call).tasks.get(as_int(call.body.get("task_id")))
    if task is None or task.kind != "digital_codes":
        return {"result": {"status": "", "total": 0}}
    item = task.items[0]
    done = now_of(call) >= task.created_at + imports.timing(call.world, "product_import_seconds")
    status = "pending" if not done else ("imported" if item["ok"] else "failed")
    return {"result": {"status": status, "total": item.get("total", 0)}}


# --- quotas ----------------------------------------------------------------------------------------
@handles("POST", "/v4/product/info/limit")
def info_limit_v4(call: Call) -> dict:
    return limits_view(store_of(call), call.world)


@handles("POST", "/v2/product/info/limit")
def info_limit_v2(call: Call) -> dict:
    return limits_view(store_of(call), call.world, legacy=True)
