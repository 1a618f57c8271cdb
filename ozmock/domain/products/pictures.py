"""A product's pictures: the direct upload (`/v1/product/pictures/import`, counted as a card update),
the upload by offer_id as an import task (`/v2/product/pictures/import`: its items read by
`/v1/product/import/info`, counted against the same per-minute rate and daily update quota as imports),
and the two picture reads, which show every link as imported at once."""
from __future__ import annotations

from typing import Any

from ...errors import OzonError
from ...registry import Call, handles
from ..kit.dates import now_of
from ..kit.timings import limit
from ..kit.values import as_int, as_str, int_list, str_list
from .imports import count_direct_update, submit
from .model import Product, ProductStore
from .selection import NOT_FOUND, known, store_of
from .validation import Problem, problem
from .views import all_images, main_image


def _picture(product: Product, url: str, *, primary: bool = False, is_360: bool = False,
             color: bool = False) -> dict[str, Any]:
    return {"product_id": product.product_id, "url": url, "is_primary": primary, "is_360": is_360,
            "is_color": color, "state": "imported"}


def pictures(product: Product) -> list[dict[str, Any]]:
    """The main image first, the others, the 360 images, then the colour sample."""
    out = [_picture(product, url, primary=index == 0) for index, url in enumerate(all_images(product))]
    out += [_picture(product, url, is_360=True) for url in product.images360]
    if product.color_image:
        out.append(_picture(product, product.color_image, color=True))
    return out


def pictures_item(product: Product) -> dict[str, Any]:
    """One item of `/v2/product/pictures/info`."""
    main = main_image(product)
    return {"product_id": product.product_id, "primary_photo": [main] if main else [],
            "photo": [i for i in all_images(product) if i != main], "photo_360": list(product.images360),
            "color_photo": [product.color_image] if product.color_image else [], "errors": []}


@handles("POST", "/v1/product/pictures/import", writes=True, exact=True)
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
    count_direct_update(store, call.world, now_of(call))
    product.images, product.images360 = images, images360
    product.primary_image = ""
    product.color_image = as_str(body.get("color_image"))
    product.updated_at = now_of(call)
    return {"result": {"pictures": pictures(product)}}


def _check_pictures(card: dict[str, Any], existing: Product | None) -> list[Problem]:
    if existing is None:
        return [problem("offer_id_not_found", "no product with this offer_id", field="offer_id")]
    return []


def _apply_pictures(store: ProductStore, card: dict[str, Any], existing: Product, *, world, now: float,
                    warnings: list[Problem]) -> Product:
    """Every call replaces all of the card's pictures (the page: send all the images the card should have)."""
    existing.images, existing.primary_image = card["images"], card["primary_image"]
    existing.color_image = card["color_image"]
    existing.updated_at = now
    return existing


@handles("POST", "/v2/product/pictures/import", writes=True, exact=True)
def pictures_import_v2(call: Call) -> dict:
    batch = [{"offer_id": as_str(item.get("offer_id")), "images": str_list(item.get("images")),
              "primary_image": as_str(item.get("primary_image")), "color_image": as_str(item.get("color_image"))}
             for item in call.body.get("items") or [] if isinstance(item, dict)]
    task = submit(store_of(call), batch, kind="pictures", seller=call.seller, world=call.world, now=now_of(call),
                  check=_check_pictures, apply=_apply_pictures)
    return {"task_id": task.task_id}


@handles("POST", "/v2/product/pictures/info", exact=True)
def pictures_info_v2(call: Call) -> dict:
    return {"items": [pictures_item(p) for p in known(call, int_list(call.body.get("product_id")))]}


@handles("POST", "/v1/product/pictures/info", exact=True)
def pictures_info_v1(call: Call) -> dict:
    products = known(call, int_list(call.body.get("product_id")))
    return {"result": {"pictures": [picture for p in products for picture in pictures(p)]}}
