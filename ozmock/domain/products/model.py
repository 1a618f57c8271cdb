"""One seller's products: the model, its lifecycle on the clock, indexes, stock and the small API
other areas (orders, postings) use.

Lifecycle. An accepted import item makes (or updates) a product at once, in phase `processing`;
after `product_import_seconds` it is `moderating`, after another `product_moderation_seconds`
it is `ready` and its SKU shows. Phases are computed from the clock when read, never by a
background job, so a frozen clock plus `/__ozmock/clock/advance` walks every state. A re-import
sends the product back through both phases; a product keeps its SKU once it has one.

Stock. Per FBS/rFBS warehouse a product holds `present` (units on the shelf, reserved ones
included) and `reserved`; a seller's stock update sets the free amount (`present - reserved`),
as the stock methods document.

For other areas (orders, postings, returns):

    from ozmock.domain.products.model import products_of, StockError
    store = products_of(seller)                 # this seller's ProductStore
    product = store.find(product_id=...) or store.find(offer_id=...) or store.find(sku=..., now=now)
    store.reserve(product, warehouse_id, 2)     # free -> reserved; StockError when not enough
    store.release(product, warehouse_id, 2)     # reserved -> free (cancellation)
    store.ship(product, warehouse_id, 2)        # reserved units leave the warehouse
    product.free_stock(warehouse_id), product.reserved_stock(warehouse_id)

Callers hold the world's lock around read-modify-write sequences (the pipeline does for handlers).
"""
from __future__ import annotations

import base64
from bisect import bisect_left, bisect_right, insort
from collections import OrderedDict
from typing import Any, Callable, Iterable, Iterator

from ...registry import register_area
from ..catalogue.model import MODEL_ATTRIBUTE
from ..kit.money import dec
from ..kit.records import Record
from ..kit.timings import declare_limits, declare_realistic, declare_timings, timing

# What a card's `dimension_unit` and `weight_unit` mean: millimetres and kilograms per unit.
DIMENSION_UNITS = {"mm": 1.0, "cm": 10.0, "in": 25.4}
WEIGHT_UNITS = {"g": 0.001, "kg": 1.0, "lb": 0.45359237}

declare_timings(product_import_seconds=2.0, product_moderation_seconds=3.0)
declare_realistic(product_import_seconds=120.0, product_moderation_seconds=600.0)   # minutes, as documented
# Documented limits, overridable per scenario under `limits:` (null turns a rate rule off).
declare_limits(
    products_total=25_000,               # assortment limit (/v4/product/info/limit total)
    products_daily_create=2_500,         # new cards per day
    products_daily_update=10_000,        # card updates per day
    products_per_minute=None,            # product write operations per minute (off by default)
    stocks_requests_per_minute=80,       # /v2/products/stocks & /v1/product/import/stocks per seller
    stock_pair_interval_seconds=30,      # one update per product-warehouse pair per 30 s
    stock_max=999_999,                   # STOCK_TOO_BIG above this
    price_updates_per_hour=10,           # per product
    product_images_max=30,               # images incl. the main one (v3 import; seed 001 said 15)
    product_images_legacy_max=10,        # v1/v2 import and /v1/product/update
    product_images360_max=70,
    barcodes_per_product=100,
    barcode_requests_per_minute=20,      # /v1/barcode/add and /v1/barcode/generate per seller
)
PHASES = ("processing", "moderating", "ready")
# Import tasks a seller's `/info` calls can still read: the newest 1,000 (Ozon documents no retention;
# a count, not an age, so a frozen clock bounds memory too; a client polls a task minutes after it, not
# a thousand imports later). docs/assumptions.md.
TASKS_KEPT = 1_000
# Products per seller that keep their built `/v3/product/info/list` item (`Product.view`, ~2-4 KB each): a
# sync that reads the same cards again finds them, a walk over 100,000 cards holds at most this many.
VIEWS_KEPT = 2_000


class StockError(ValueError):
    """A stock movement that cannot happen (not enough free or reserved units)."""


class Product(Record):
    """A product card with its prices, stock and lifecycle timestamps (epoch seconds)."""

    FIELDS = (
        "product_id", "offer_id", "name", "description_category_id", "type_id", "legacy_category_id",
        "attributes", "complex_attributes", "barcodes", "images", "images360", "primary_image",
        "color_image", "pdf_list", "depth", "height", "width", "dimension_unit", "weight", "weight_unit",
        "price", "old_price", "min_price", "premium_price", "net_price", "currency_code", "vat",
        "created_at", "updated_at", "submitted_at", "sku", "sku_at", "archived", "autoarchived",
        "errors", "failed", "stocks", "stock_touched", "fbo_present", "prepayment", "service_type",
        "promotions", "description", "vendor", "vendor_code", "image_group_id", "geo_names", "discount",
        "auto_action_enabled", "price_updates", "source", "digital_codes", "subscribers", "declared_price",
    )
    # What the read views keep for this product between calls, with what each was built for:
    # `view`, its `/v3/product/info/list` item (`views.Kept`; ~2-4 KB, so only the newest `VIEWS_KEPT`
    # products of a store keep one); `listed`, its `/v3/product/list` item (`views.encoded_list_items`;
    # ~0.3 KB, kept by every product listed). Assigning any field drops both; code that changes a field
    # in place (a stock row, a barcode list) calls `changed()`.
    __slots__ = FIELDS + ("view", "listed")

    def __init__(self, **values: Any):
        """The fields given, the rest at their `defaults()`, set straight into the slots with nothing kept
        yet. Only the defaults a product lacks are built (a scenario seeds 10,000 products, each given
        some forty fields): the immutable ones are shared, the lists and dicts copied fresh."""
        fields = _SHARED_DEFAULTS | values
        for name, fresh in _FRESH_DEFAULTS:
            if name not in values:
                fields[name] = fresh()
        for name, set_slot in _SLOT_SETTERS:
            set_slot(self, fields[name])
        self.changed()

    def __setstate__(self, state: dict[str, Any]) -> None:
        super().__setstate__(state)
        self.changed()

    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)
        self.changed()

    def changed(self) -> None:
        """Note a change made in place (a list or dict field edited, not assigned): drops what the
        views kept."""
        _clear_view(self, None)
        _clear_listed(self, None)

    def assign(self, fields: dict[str, Any]) -> None:
        """Set many fields as one change (a re-imported card sets some thirty)."""
        setters = _SLOT_SETTER
        for name, value in fields.items():
            setters[name](self, value)
        self.changed()

    @staticmethod
    def defaults() -> dict[str, Any]:
        return {
            "name": "", "description_category_id": 0, "type_id": 0, "legacy_category_id": 0,
            "attributes": [], "complex_attributes": [], "barcodes": [], "images": [], "images360": [],
            "primary_image": "", "color_image": "", "pdf_list": [], "depth": 0, "height": 0, "width": 0,
            "dimension_unit": "mm", "weight": 0, "weight_unit": "g", "price": "0", "old_price": "0",
            "min_price": "0", "premium_price": "0", "net_price": "0", "currency_code": "RUB", "vat": "0",
            "created_at": 0.0, "updated_at": 0.0, "submitted_at": 0.0, "sku": 0, "sku_at": 0.0,
            "archived": False, "autoarchived": False, "errors": [], "failed": False, "stocks": {},
            "stock_touched": {}, "fbo_present": 0, "prepayment": False, "service_type": "IS_CODE_SERVICE",
            "promotions": [], "description": "", "vendor": "", "vendor_code": "", "image_group_id": "",
            "geo_names": [], "discount": 0, "auto_action_enabled": False, "price_updates": [],
            "source": "import", "digital_codes": 0, "subscribers": 0, "declared_price": "0",
        }

    def __repr__(self) -> str:
        return f"<Product {self.product_id} {self.offer_id!r}>"

    # --- lifecycle --------------------------------------------------------------------------
    def phase(self, now: float, world) -> str:
        return self.phase_with(now, timing(world, "product_import_seconds"), timing(world, "product_moderation_seconds"))

    def phase_with(self, now: float, import_seconds: float, moderation_seconds: float) -> str:
        """The phase with the clock timings already read (a read over many products reads them once)."""
        processed = self.submitted_at + import_seconds
        if now < processed:
            return "processing"
        if now < processed + moderation_seconds:
            return "moderating"
        return "ready"

    def visible_sku(self, now: float) -> int:
        """The SKU once moderation first passed, 0 before."""
        return self.sku if self.sku and now >= self.sku_at else 0

    def is_created(self, now: float) -> bool:
        """Has passed moderation at least once (stock can be set, the SKU shows)."""
        return self.visible_sku(now) != 0

    def has_price(self) -> bool:
        try:
            return float(self.price) > 0
        except ValueError:
            return False

    # --- stock ------------------------------------------------------------------------------
    def present_stock(self, warehouse_id: int) -> int:
        return self.stocks.get(warehouse_id, (0, 0))[0]

    def reserved_stock(self, warehouse_id: int) -> int:
        return self.stocks.get(warehouse_id, (0, 0))[1]

    def free_stock(self, warehouse_id: int) -> int:
        present, reserved = self.stocks.get(warehouse_id, (0, 0))
        return present - reserved

    def fbs_present(self) -> int:
        return sum(present for present, _ in self.stocks.values())

    def fbs_reserved(self) -> int:
        return sum(reserved for _, reserved in self.stocks.values())

    def has_stock(self) -> bool:
        if self.fbo_present > 0:
            return True
        for present, reserved in self.stocks.values():
            if present > reserved:
                return True
        return False

    def visible(self, now: float, world) -> bool:
        return (not self.archived and self.phase(now, world) == "ready" and self.has_price()
                and self.has_stock())

    # --- attributes -------------------------------------------------------------------------
    def attribute_text(self, attribute_id: int) -> str:
        for attribute in self.attributes:
            if attribute["id"] == attribute_id and attribute["values"]:
                return attribute["values"][0]["value"]
        return ""

    # --- JSON -------------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in self.FIELDS}
        data["stocks"] = {str(k): list(v) for k, v in self.stocks.items()}
        data["stock_touched"] = {str(k): v for k, v in self.stock_touched.items()}
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Product":
        values = dict(data)
        values["stocks"] = {int(k): tuple(v) for k, v in (data.get("stocks") or {}).items()}
        values["stock_touched"] = {int(k): float(v) for k, v in (data.get("stock_touched") or {}).items()}
        return cls(**{k: v for k, v in values.items() if k in cls.FIELDS})


# What `Product.__init__` and `assign` use: the defaults split into those shared as they are and those
# built per product (lists and dicts), and each field's slot setter (cheaper per field than
# `object.__setattr__` by name; `Product.__setattr__` would also drop the kept views at every field).
_SHARED_DEFAULTS = {name: value for name, value in Product.defaults().items() if not isinstance(value, (list, dict))}
_FRESH_DEFAULTS = tuple((name, value.copy) for name, value in Product.defaults().items()
                        if isinstance(value, (list, dict)))
_SLOT_SETTER = {name: Product.__dict__[name].__set__ for name in Product.FIELDS}
_SLOT_SETTERS = tuple(_SLOT_SETTER.items())
_clear_view, _clear_listed = Product.__dict__["view"].__set__, Product.__dict__["listed"].__set__


def visibility_predicate(visibility: str, now: float, world) -> Callable[[Product], bool]:
    """A test for one `filter.visibility` value at `now`, with the clock timings read once
    (list methods run it over every product, so it stays cheap)."""
    imported = timing(world, "product_import_seconds")
    moderated = imported + timing(world, "product_moderation_seconds")
    v = visibility or "ALL"
    if v == "ALL":
        return lambda p: not p.archived
    if v == "ARCHIVED":
        return lambda p: p.archived
    if v == "MANUAL_ARCHIVED":
        return lambda p: p.archived and not p.autoarchived
    if v == "AUTO_ARCHIVED":
        return lambda p: p.archived and p.autoarchived
    if v in ("VISIBLE", "IN_SALE"):
        return lambda p: not p.archived and p.has_stock() and now >= p.submitted_at + moderated and p.has_price()
    if v == "INVISIBLE":
        return lambda p: not p.archived and not (p.has_stock() and now >= p.submitted_at + moderated
                                                 and p.has_price())
    if v == "EMPTY_STOCK":
        return lambda p: not p.archived and not p.has_stock()
    if v == "NOT_MODERATED":
        return lambda p: not p.archived and now < p.submitted_at + moderated
    if v == "MODERATED":
        return lambda p: not p.archived and now >= p.submitted_at + moderated
    if v in ("READY_TO_SUPPLY", "TO_SUPPLY"):
        return lambda p: not p.archived and now >= p.submitted_at + moderated and not p.has_stock()
    if v in ("DISABLED", "REMOVED_FROM_SALE"):
        return lambda p: not p.archived and now >= p.submitted_at + moderated and not (
            p.has_stock() and p.has_price())
    if v in ("STATE_FAILED", "VALIDATION_STATE_FAIL"):
        return lambda p: not p.archived and p.failed
    if v == "VALIDATION_STATE_PENDING":
        return lambda p: not p.archived and now < p.submitted_at + imported
    if v == "VALIDATION_STATE_SUCCESS":
        return lambda p: not p.archived and now >= p.submitted_at + imported and not p.failed
    if v == "EMPTY_BARCODE":
        return lambda p: not p.archived and not p.barcodes
    if v == "BARCODE_EXISTS":
        return lambda p: not p.archived and bool(p.barcodes)
    return lambda p: False  # OVERPRICED, QUARANTINE, BANNED, ...: states ozmock never puts a product in


def visibility_matches(product: Product, visibility: str | None, now: float, world) -> bool:
    """The `filter.visibility` values of the list methods, as ozmock understands them."""
    return visibility_predicate(visibility or "ALL", now, world)(product)


class Task:
    """An import-like task: items accepted or refused at submission, done after the import delay."""

    __slots__ = ("task_id", "kind", "created_at", "items")

    def __init__(self, task_id: int, kind: str, created_at: float, items: list[dict[str, Any]]):
        self.task_id = task_id
        self.kind = kind              # v3 | v2 | v1 | by_sku | attributes | pictures | update | digital_codes
        self.created_at = created_at
        self.items = items            # {offer_id, product_id, errors: [...], ok: bool}

    def __getstate__(self):
        return {"task_id": self.task_id, "kind": self.kind, "created_at": self.created_at, "items": self.items}

    def __setstate__(self, state):
        for name, value in state.items():
            setattr(self, name, value)

    def to_json(self) -> dict[str, Any]:
        return self.__getstate__()

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Task":
        return cls(int(data["task_id"]), data["kind"], float(data["created_at"]), list(data["items"]))


class ProductStore:
    """One seller's products with indexes by offer_id and SKU, import tasks and usage counters."""

    def __init__(self):
        self.products: dict[int, Product] = {}
        self.order: list[int] = []                 # product ids, ascending: the list cursor order
        self.by_offer: dict[str, int] = {}
        self.by_sku: dict[int, int] = {}
        self.tasks: dict[int, Task] = {}           # oldest first, at most TASKS_KEPT (add_task)
        self.usage: dict[str, Any] = {"day": 0.0, "create": 0, "update": 0}
        self.item_ops: list[tuple[float, int]] = []  # (time, items) of product writes in the last minute
        self.active_ids: list[int] = []            # ids of the products not archived, ascending (the ALL list)
        self.models: dict[str, int] = {}           # model name (attribute 9048) -> products sharing it
        self.viewed: OrderedDict[int, None] = OrderedDict()  # products keeping an info item, oldest first

    def __setstate__(self, state: dict[str, Any]) -> None:
        """A store pickled by an older ozmock gets the indexes it lacks built from its products."""
        self.__dict__.update(state)
        self.__dict__.pop("active", None)          # a count before `active_ids` kept the ids
        if "active_ids" not in state:
            self.active_ids = [p.product_id for p in self.iter_from(0) if not p.archived]
        self.viewed = OrderedDict(state.get("viewed") or ())

    @property
    def active(self) -> int:
        """Products not archived (the total-limit usage)."""
        return len(self.active_ids)

    def note_view(self, product: Product) -> None:
        """`product` now keeps a built info item: past `VIEWS_KEPT` such products, the oldest drops its own."""
        viewed = self.viewed
        viewed[product.product_id] = None
        viewed.move_to_end(product.product_id)
        while len(viewed) > VIEWS_KEPT:   # an OrderedDict: a dict would scan its freed slots for the oldest
            oldest = self.products.get(viewed.popitem(last=False)[0])
            if oldest is not None:
                oldest.changed()

    def add_task(self, task: Task) -> None:
        """Record a task, dropping the oldest beyond `TASKS_KEPT` (an older id then reads as unknown)."""
        self.tasks[task.task_id] = task
        while len(self.tasks) > TASKS_KEPT:
            del self.tasks[next(iter(self.tasks))]

    # --- lookups ----------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.products)

    def get(self, product_id: int) -> Product | None:
        return self.products.get(product_id)

    def by_offer_id(self, offer_id: str) -> Product | None:
        product_id = self.by_offer.get(offer_id)
        return self.products.get(product_id) if product_id is not None else None

    def by_sku_id(self, sku: int, now: float | None = None) -> Product | None:
        """The product with this SKU; with `now`, only once the SKU shows (after moderation)."""
        product_id = self.by_sku.get(sku)
        product = self.products.get(product_id) if product_id is not None else None
        if product is not None and now is not None and not product.is_created(now):
            return None
        return product

    def find(self, *, product_id: int = 0, offer_id: str = "", sku: int = 0,
             now: float | None = None) -> Product | None:
        """By offer_id first (as the write methods document), then product_id, then SKU."""
        if offer_id:
            return self.by_offer_id(offer_id)
        if product_id:
            return self.get(product_id)
        if sku:
            return self.by_sku_id(sku, now)
        return None

    def active_page(self, after_product_id: int, size: int) -> tuple[list[Product], bool]:
        """Up to `size` products not archived in id order after `after_product_id`, and whether more follow."""
        start = bisect_right(self.active_ids, after_product_id)
        ids = self.active_ids[start:start + size + 1]
        products = self.products
        return [products[pid] for pid in ids[:size]], len(ids) > size

    def iter_from(self, after_product_id: int = 0) -> Iterator[Product]:
        """Products in id order, starting after `after_product_id`."""
        start = bisect_right(self.order, after_product_id) if after_product_id else 0
        for product_id in self.order[start:]:
            product = self.products.get(product_id)
            if product is not None:
                yield product

    def select(self, *, offer_ids: Iterable[str] = (), product_ids: Iterable[int] = (),
               skus: Iterable[int] = (), now: float | None = None) -> list[Product]:
        """Products named by any of the identifier lists, deduplicated, in request order (one object
        per product id in a store, so deduplicating the objects deduplicates the ids)."""
        products = self.products
        found = [self.by_offer_id(o) for o in offer_ids]
        found += [products.get(p) for p in product_ids]
        found += [self.by_sku_id(s, now) for s in skus]
        return [p for p in dict.fromkeys(found) if p is not None]

    # --- changes ----------------------------------------------------------------------------
    def add(self, product: Product) -> Product:
        self.products[product.product_id] = product
        if not self.order or product.product_id > self.order[-1]:
            self.order.append(product.product_id)
        else:
            insort(self.order, product.product_id)
        self.by_offer[product.offer_id] = product.product_id
        if product.sku:
            self.by_sku[product.sku] = product.product_id
        if not product.archived:
            insort(self.active_ids, product.product_id)
        self._count_model(product.attribute_text(MODEL_ATTRIBUTE), +1)
        return product

    def _count_model(self, key: str, delta: int) -> None:
        if key:
            count = self.models.get(key, 0) + delta
            if count > 0:
                self.models[key] = count
            else:
                self.models.pop(key, None)

    def remodel(self, product: Product, old_key: str) -> None:
        """Keep the model index right after a product's attributes changed."""
        new_key = product.attribute_text(MODEL_ATTRIBUTE)
        if new_key != old_key:
            self._count_model(old_key, -1)
            self._count_model(new_key, +1)

    def remove(self, product: Product) -> None:
        del self.products[product.product_id]
        index = bisect_left(self.order, product.product_id)
        if index < len(self.order) and self.order[index] == product.product_id:
            del self.order[index]
        self.by_offer.pop(product.offer_id, None)
        self.by_sku.pop(product.sku, None)
        if not product.archived:
            self._drop_active(product.product_id)
        self._count_model(product.attribute_text(MODEL_ATTRIBUTE), -1)

    def _drop_active(self, product_id: int) -> None:
        index = bisect_left(self.active_ids, product_id)
        if index < len(self.active_ids) and self.active_ids[index] == product_id:
            del self.active_ids[index]

    def rename(self, product: Product, new_offer_id: str) -> None:
        self.by_offer.pop(product.offer_id, None)
        product.offer_id = new_offer_id
        self.by_offer[new_offer_id] = product.product_id

    def set_archived(self, product: Product, archived: bool) -> None:
        if product.archived != archived:
            product.archived = archived
            if archived:
                self._drop_active(product.product_id)
            else:
                insort(self.active_ids, product.product_id)
        if not archived:
            product.autoarchived = False

    # --- stock movements for other areas -------------------------------------------------------
    def set_stock(self, product: Product, warehouse_id: int, free: int) -> None:
        reserved = product.reserved_stock(warehouse_id)
        product.stocks[warehouse_id] = (free + reserved, reserved)
        product.changed()

    def reserve(self, product: Product, warehouse_id: int, quantity: int) -> None:
        present, reserved = product.stocks.get(warehouse_id, (0, 0))
        if quantity < 0 or present - reserved < quantity:
            raise StockError(f"{product.offer_id}: only {present - reserved} free on warehouse {warehouse_id}")
        product.stocks[warehouse_id] = (present, reserved + quantity)
        product.changed()

    def release(self, product: Product, warehouse_id: int, quantity: int) -> None:
        present, reserved = product.stocks.get(warehouse_id, (0, 0))
        if quantity < 0 or reserved < quantity:
            raise StockError(f"{product.offer_id}: only {reserved} reserved on warehouse {warehouse_id}")
        product.stocks[warehouse_id] = (present, reserved - quantity)
        product.changed()

    def ship(self, product: Product, warehouse_id: int, quantity: int) -> None:
        present, reserved = product.stocks.get(warehouse_id, (0, 0))
        if quantity < 0 or reserved < quantity:
            raise StockError(f"{product.offer_id}: only {reserved} reserved on warehouse {warehouse_id}")
        product.stocks[warehouse_id] = (present - quantity, reserved - quantity)
        product.changed()

    # --- daily usage --------------------------------------------------------------------------
    def usage_today(self, day: float) -> dict[str, int]:
        if self.usage.get("day") != day:
            return {"create": 0, "update": 0}
        return {"create": int(self.usage["create"]), "update": int(self.usage["update"])}

    def count_usage(self, day: float, created: int, updated: int) -> None:
        if self.usage.get("day") != day:
            self.usage = {"day": day, "create": 0, "update": 0}
        self.usage["create"] += created
        self.usage["update"] += updated

    # --- JSON -------------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {"products": [self.products[pid].to_json() for pid in self.order if pid in self.products],
                "tasks": [task.to_json() for task in self.tasks.values()],
                "usage": dict(self.usage), "item_ops": [list(op) for op in self.item_ops]}

    @classmethod
    def from_json(cls, data: Any) -> "ProductStore":
        store = cls()
        for entry in (data or {}).get("products", []):
            store.add(Product.from_json(entry))
        for entry in (data or {}).get("tasks", []):
            task = Task.from_json(entry)
            store.tasks[task.task_id] = task
        store.usage = dict((data or {}).get("usage") or store.usage)
        store.item_ops = [(float(t), int(n)) for t, n in (data or {}).get("item_ops", [])]
        return store


register_area("products", lambda seller, world: ProductStore(), ProductStore.to_json, ProductStore.from_json)


def products_of(seller) -> ProductStore:
    """A seller's product store (created on first use)."""
    return seller.area("products")


# --- cursors ------------------------------------------------------------------------------------
def encode_cursor(product_id: int) -> str:
    """An opaque `last_id`, shaped like the live API's (base64 of a JSON pair)."""
    return base64.b64encode(f"[{product_id},{product_id}]".encode()).decode()


def decode_cursor(text: str) -> int | None:
    """The product id behind a `last_id`; 0 for an empty one, None when it is not ours."""
    if not text:
        return 0
    try:
        raw = base64.b64decode(text.encode(), validate=True).decode()
        first = raw.strip("[]").split(",")[0]
        value = int(first)
    except (ValueError, UnicodeDecodeError):
        return None
    return value if value >= 0 else None


# --- lookups by SKU (for the areas that read products) --------------------------------------------
def on_sale(product: Product, now: float) -> bool:
    """A product a buyer can meet: not archived, past moderation (an SKU shows), with a price."""
    return not product.archived and product.visible_sku(now) != 0 and dec(product.price) > 0


def products_by_sku(seller, now: float) -> dict[int, Product]:
    """The seller's products with a visible SKU, by SKU."""
    store = products_of(seller)
    found = {}
    for product in store.iter_from(0):
        sku = product.visible_sku(now)
        if sku:
            found[sku] = product
    return found
