"""Reports on the seller's products (`/v1/report/products|stock|discounted/create`, prices,
warehouse stock): the CSV of each, built from the products area when ordered."""
from __future__ import annotations

from typing import Any

from ...errors import OzonError
from ...registry import Call, Window, handles
from ..kit.dates import now_of, stamp
from ..kit.money import dec, money_number
from ..kit.timings import declare_limits
from ..kit.values import as_str, int_list, str_list
from ..kit.windows import PER_MINUTE_MESSAGE
from ..products.model import Product, products_of, visibility_matches
from ..products.views import volume_litres
from ..warehouses.model import warehouses_of
from .reports import Header, create_report, csv_text, wants_english

declare_limits(report_discounted_per_minute=1)
DISCOUNTED_REQUESTS = Window("report_discounted", "report_discounted_per_minute", 60.0, PER_MINUTE_MESSAGE)

PRODUCT_HEADER: Header = (
    ("Артикул", "Article"), ("Ozon Product ID", "Ozon Product ID"), ("FBO Ozon SKU ID", "FBO Ozon SKU ID"),
    ("FBS Ozon SKU ID", "FBS Ozon SKU ID"), ("CrossBorder Ozon SKU", "CrossBorder Ozon SKU"),
    ("Barcode", "Barcode"), ("Наименование товара", "Product name"), ("Статус товара", "Product status"),
    ("Видимость на Ozon", "Visible on Ozon"), ("Доступно на складе Ozon, шт", "Available at Ozon warehouses, pcs"),
    ("Доступно на моих складах, шт", "Available at my warehouses, pcs"), ("Зарезервировано, шт", "Reserved, pcs"),
    ("Текущая цена с учётом скидки, руб.", "Current price with discount, RUB"),
    ("Базовая цена (цена до скидок), руб.", "Base price (before discounts), RUB"),
    ("Цена Premium, руб.", "Premium price, RUB"), ("Рекомендованная цена, руб.", "Recommended price, RUB"),
    ("Актуальная ссылка на рекомендованную цену", "Recommended price link"), ("НДС, %", "VAT, %"),
    ("Вес в упаковке, г", "Package weight, g"), ("Объём товара, л", "Volume, l"), ("Создан", "Created"),
)
PRICE_HEADER: Header = (
    ("Артикул", "Article"), ("Ozon Product ID", "Ozon Product ID"), ("SKU", "SKU"),
    ("Наименование товара", "Product name"), ("Цена до скидки, руб.", "Price before discount, RUB"),
    ("Текущая цена, руб.", "Current price, RUB"), ("Минимальная цена, руб.", "Minimum price, RUB"),
    ("Цена Premium, руб.", "Premium price, RUB"), ("НДС, %", "VAT, %"))
STOCK_HEADER: Header = (
    ("Артикул", "Article"), ("SKU", "SKU"), ("Наименование товара", "Product name"),
    ("Доступно на складах Ozon, шт", "Available at Ozon warehouses, pcs"),
    ("Доступно на моих складах, шт", "Available at my warehouses, pcs"), ("Зарезервировано, шт", "Reserved, pcs"))
WAREHOUSE_STOCK_HEADER: Header = (
    ("Идентификатор склада", "Warehouse ID"), ("Склад", "Warehouse"), ("Артикул", "Article"),
    ("Ozon Product ID", "Ozon Product ID"), ("SKU", "SKU"), ("Наименование товара", "Product name"),
    ("Доступно, шт", "Available, pcs"), ("Зарезервировано, шт", "Reserved, pcs"))
DISCOUNTED_HEADER: Header = (
    ("Артикул уценённого товара", "Discounted item article"), ("SKU уценённого товара", "Discounted SKU"),
    ("Артикул основного товара", "Main item article"), ("SKU основного товара", "Main SKU"),
    ("Состояние", "Condition"), ("Дефект", "Defect"), ("Склад", "Warehouse"), ("Количество", "Quantity"))


def _product_status(product: Product, now: float, world, english: bool) -> str:
    if product.archived:
        return "Archived" if english else "В архиве"
    phase = product.phase(now, world)
    if phase != "ready" and not product.is_created(now):
        return "On moderation" if english else "На модерации"
    if product.visible(now, world):
        return "On sale" if english else "Продается"
    return "Ready to sell" if english else "Готов к продаже"


def _wanted(product: Product, visibility: str, now: float, world) -> bool:
    """The report's `visibility` filter (two values the products list does not know)."""
    if visibility == "IMAGE_ABSENT":
        return not (product.images or product.archived)
    if visibility == "PARTIAL_APPROVED":
        return False
    return visibility_matches(product, visibility, now, world)


def _report_products(call: Call) -> list[Product]:
    body, now = call.body, now_of(call)
    offer_ids, skus = set(str_list(body.get("offer_id"))), set(int_list(body.get("sku")))
    search = as_str(body.get("search")).strip().lower()
    visibility = as_str(body.get("visibility") or "ALL")
    return [product for product in products_of(call.seller).iter_from(0)
            if (not offer_ids or product.offer_id in offer_ids)
            and (not skus or product.visible_sku(now) in skus)
            and (not search or search in product.name.lower() or search in product.offer_id.lower())
            and _wanted(product, visibility, now, call.world)]


def _product_row(call: Call, p: Product, now: float, english: bool) -> list[Any]:
    sku = p.visible_sku(now)
    visible = ("yes" if english else "да") if p.visible(now, call.world) else ("no" if english else "нет")
    return [p.offer_id, p.product_id, sku or "", sku or "", "", p.barcodes[0] if p.barcodes else "",
            p.name, _product_status(p, now, call.world, english), visible,
            int(p.fbo_present or 0), sum(p.free_stock(w) for w in p.stocks), p.fbs_reserved(),
            money_number(p.price), money_number(p.old_price if dec(p.old_price) > 0 else p.price),
            money_number(p.premium_price), "", "", money_number(dec(p.vat) * 100), p.weight, volume_litres(p),
            stamp(p.created_at)]


def build_products(call: Call) -> str:
    now, english = now_of(call), wants_english(call.body)
    return csv_text(PRODUCT_HEADER, [_product_row(call, p, now, english) for p in _report_products(call)], english)


def build_stock(call: Call) -> str:
    now = now_of(call)
    rows = [[p.offer_id, p.visible_sku(now) or "", p.name, int(p.fbo_present or 0),
             sum(p.free_stock(w) for w in p.stocks), p.fbs_reserved()]
            for p in products_of(call.seller).iter_from(0) if not p.archived]
    return csv_text(STOCK_HEADER, rows, wants_english(call.body))


def build_warehouse_stock(call: Call, warehouse_ids: list[int]) -> str:
    now = now_of(call)
    warehouses = warehouses_of(call.seller)
    rows = []
    for warehouse_id in warehouse_ids:
        warehouse = warehouses.get(warehouse_id)
        for p in products_of(call.seller).iter_from(0):
            if warehouse_id in p.stocks and not p.archived:
                rows.append([warehouse_id, warehouse["name"], p.offer_id, p.product_id, p.visible_sku(now) or "",
                             p.name, p.free_stock(warehouse_id), p.reserved_stock(warehouse_id)])
    return csv_text(WAREHOUSE_STOCK_HEADER, rows, wants_english(call.body))


@handles("POST", "/v1/report/products/create", writes=True, exact=True)
def products_report(call: Call) -> dict:
    return {"result": {"code": create_report(call, "SELLER_PRODUCTS", build_products(call))}}


@handles("POST", "/v1/report/stock/create", writes=True, exact=True)
def stock_report(call: Call) -> dict:
    return {"result": {"code": create_report(call, "SELLER_STOCK", build_stock(call))}}


@handles("POST", "/v1/report/warehouse/stock", exact=True)
def warehouse_stock_report(call: Call) -> dict:
    wanted = int_list(call.body.get("warehouseId"))
    if not wanted:
        raise OzonError(3, "warehouseId: value must contain at least 1 item(s)")
    known = warehouses_of(call.seller)
    missing = [w for w in wanted if known.get(w) is None]
    if missing:
        raise OzonError(5, f"warehouse not found: {', '.join(str(w) for w in missing)}")
    return {"result": {"code": create_report(call, "SELLER_STOCK", build_warehouse_stock(call, wanted))}}


@handles("POST", "/v1/report/discounted/create", writes=True, windows=(DISCOUNTED_REQUESTS,), exact=True)
def discounted_report(call: Call) -> dict:
    """ozmock has no discounted (marked-down) items: the report is its header only."""
    return {"code": create_report(call, "SELLER_DISCOUNTED", csv_text(DISCOUNTED_HEADER, [], False))}
