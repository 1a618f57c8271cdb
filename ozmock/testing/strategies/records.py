"""Whole records: `/v3/product/import` items valid against ozmock's catalogue, and postings as the
list operations return them, with a status and substatus that belong together."""
from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from ...catalog import FORMAT_CHECKER
from ...domain.catalogue.model import catalogue
from .compiler import from_schema, json_type_ok
from .operations import operation
from .values import VATS, barcodes, offer_ids, prices, product_names

# FBS / rFBS posting statuses (issue 5 and the references) with substatuses from the
# documented substatus names; `docs/assumptions.md` explains the pairing.
POSTING_STATUSES: dict[str, tuple[str, ...]] = {
    "awaiting_registration": ("posting_awaiting_registration",),
    "acceptance_in_progress": ("posting_acceptance_in_progress",),
    "awaiting_approve": ("posting_created",),
    "awaiting_packaging": ("posting_created", "posting_awaiting_passport_data"),
    "awaiting_deliver": ("posting_transferring_to_delivery", "posting_in_carriage", "posting_not_in_carriage"),
    "arbitration": ("posting_in_arbitration",),
    "client_arbitration": ("posting_in_client_arbitration",),
    "delivering": ("posting_on_way_to_city", "posting_transferred_to_courier_service",
                   "posting_in_courier_service", "posting_on_way_to_pickup_point", "posting_in_pickup_point"),
    "driver_pickup": ("posting_driver_pick_up",),
    "delivered": ("posting_delivered", "posting_received", "posting_conditionally_delivered"),
    "cancelled": ("posting_canceled",),
    "not_accepted": ("posting_not_in_sort_center",),
    "sent_by_seller": ("posting_transferred_to_courier_service",),
}
# kind -> (the list operation, where its postings are in the answer)
POSTING_SCHEMAS = {"fbs": ("POST /v3/posting/fbs/list", ("result", "postings")),
                   "fbo": ("POST /v2/posting/fbo/list", ("result",))}
TYPE_ATTRIBUTE = 8229          # the product type itself, set by `type_id`
MARKUPS = (0, 10, 25, 40)      # old_price over price, in percent (0: no old price)
UNITS = (("mm", "g", 300_000), ("cm", "g", 300_000), ("mm", "kg", 300))   # (dimension, weight, max weight)


# --- product import items ---------------------------------------------------------------------------
def product_items(category: int | str | None = None, *, currency: str = "RUB",
                  with_optional: bool = True) -> st.SearchStrategy[dict]:
    """`/v3/product/import` items that pass every documented rule against ozmock's catalogue.

    `category` narrows the choice: a description category id, a type id, or text matched
    against category / type names (Russian or English). Required attributes are filled from their
    dictionaries; optional ones sometimes; dimensions, weight, images, price / old_price and VAT
    are within the documented limits.
    """
    cat = catalogue()
    types = [t for t in cat.types.values() if not t.disabled and not cat.categories[t.category_id].disabled]
    if category is not None:
        types = _types_matching(cat, types, category)
    return st.sampled_from(sorted(types, key=lambda t: t.id)).flatmap(
        lambda product_type: _item_for(cat, product_type, currency, with_optional))


def _types_matching(cat, types: list, category: int | str) -> list:
    if isinstance(category, int) or str(category).isdigit():
        number = int(category)
        found = [t for t in types if t.id == number or t.category_id == number
                 or cat.categories[t.category_id].parent_id == number]
    else:
        text = str(category).casefold()
        found = [t for t in types if text in t.ru.casefold() or text in t.en.casefold()
                 or text in cat.categories[t.category_id].ru.casefold()
                 or text in cat.categories[t.category_id].en.casefold()]
    if not found:
        raise ValueError(f"no enabled product type matches category {category!r}")
    return found


def _attribute_list(cat, category_id: int, type_id: int, with_optional: bool) -> st.SearchStrategy[list]:
    """Required attributes always, optional ones sometimes (when `with_optional`)."""
    attributes = []
    for attribute, required in cat.attributes_for(category_id, type_id):
        if attribute.id == TYPE_ATTRIBUTE or attribute.complex_id:      # the type itself; complex groups
            continue
        values = _attribute_values(cat, attribute, category_id)
        entry = values.map(lambda v, aid=attribute.id: {"id": aid, "complex_id": 0, "values": v})
        if required:
            attributes.append(entry.map(lambda e: [e]))
        elif with_optional:
            attributes.append(st.one_of(st.just([]), entry.map(lambda e: [e])))
    if not attributes:
        return st.just([])
    return st.tuples(*attributes).map(lambda parts: [a for part in parts for a in part])


def _price_pair(price: str, markup: int) -> tuple[str, str]:
    """(price, old_price): old_price `markup` percent above, strictly greater; "0" for none."""
    if markup == 0:
        return price, "0"
    old = (Decimal(price) * (100 + markup) / 100).quantize(Decimal("1"))
    if old <= Decimal(price):
        old = Decimal(price) + 1
    return price, str(old)


def _item_for(cat, product_type, currency: str, with_optional: bool) -> st.SearchStrategy[dict]:
    category_id, type_id = product_type.category_id, product_type.id
    attribute_list = _attribute_list(cat, category_id, type_id, with_optional)
    money = st.tuples(prices("10", "500000"), st.sampled_from(list(MARKUPS))).map(lambda p: _price_pair(*p))
    dimension = st.integers(1, 2000)
    units = st.sampled_from(list(UNITS))

    @st.composite
    def item(draw):
        price, old_price = draw(money)
        dimension_unit, weight_unit, max_weight = draw(units)
        images = draw(st.lists(st.integers(10**9, 10**10 - 1), max_size=4 if with_optional else 1))
        body = {
            "offer_id": draw(offer_ids()),
            "name": draw(product_names()),
            "description_category_id": category_id,
            "type_id": type_id,
            "attributes": draw(attribute_list),
            "depth": draw(dimension), "height": draw(dimension), "width": draw(dimension),
            "dimension_unit": dimension_unit,
            "weight": draw(st.integers(1, max_weight)), "weight_unit": weight_unit,
            "price": price, "old_price": old_price, "vat": draw(st.sampled_from(VATS)),
            "currency_code": currency,
            "images": [f"https://cdn1.ozone.ru/s3/multimedia-1/{n}.jpg" for n in images],
        }
        if with_optional and draw(st.booleans()):
            body["barcode"] = draw(barcodes())
        return body

    return item()


def _attribute_values(cat, attribute, category_id: int) -> st.SearchStrategy[list]:
    dictionary = cat.dictionary_for(attribute, category_id)
    if dictionary is not None and dictionary.values:
        return st.sampled_from(dictionary.values).map(lambda v: [{"dictionary_value_id": v.id, "value": v.ru}])
    kind = attribute.type
    if kind == "Integer":
        text = st.integers(1, 500).map(str)
    elif kind == "Decimal":
        text = st.decimals(Decimal("0.1"), Decimal("900"), places=1).map(str)
    elif kind == "Boolean":
        text = st.sampled_from(["true", "false"])
    elif kind == "URL":
        text = st.from_regex(r"https://example\.com/[a-z0-9]{1,12}", fullmatch=True)
    else:
        text = st.tuples(st.just(attribute.ru), st.integers(1, 99)).map(lambda p: f"{p[0]} {p[1]}")
    return text.map(lambda v: [{"value": v}])


# --- postings --------------------------------------------------------------------------------------
def _posting_schema(kind: str) -> dict:
    """The item schema of a posting list's answer, with the answer's `$defs`."""
    op_name, where = POSTING_SCHEMAS[kind]
    op = operation(op_name)
    schema = op.response_schema
    for key in where:
        schema = schema["properties"][key]
    schema = schema["items"]
    if "$defs" in op.response_schema:
        schema = {**schema, "$defs": op.response_schema["$defs"]}
    return schema


def postings(status: str | None = None, *, kind: str = "fbs") -> st.SearchStrategy[dict]:
    """Postings as the list operations return them (`/v3/posting/fbs/list` items, or `kind="fbo"`
    for `/v2/posting/fbo/list`), schema-valid, with a realistic posting number, matching order
    number, status (and substatus), products with offer ids / prices / quantities, and
    `in_process_at` before `shipment_date`."""
    if kind not in POSTING_SCHEMAS:
        raise ValueError(f"kind is one of {sorted(POSTING_SCHEMAS)}")
    if status is not None and status not in POSTING_STATUSES:
        raise ValueError(f"unknown posting status {status!r}; known: {', '.join(POSTING_STATUSES)}")
    schema = _posting_schema(kind)
    validator = Draft202012Validator(schema, format_checker=FORMAT_CHECKER)
    properties = schema.get("properties", {})
    statuses = st.just(status) if status else st.sampled_from(list(POSTING_STATUSES))

    @st.composite
    def posting(draw):
        base = draw(from_schema(schema, side="response", realistic=True))
        chosen = draw(statuses)
        order = draw(st.integers(10_000_000, 99_999_999_999))
        number = f"{order:08d}-{draw(st.integers(1, 20)):04d}-{draw(st.integers(1, 3))}"
        start = draw(st.datetimes(datetime(2025, 1, 1), datetime(2026, 12, 31)))
        values = {"posting_number": number, "order_number": number.rsplit("-", 1)[0],
                  "order_id": draw(st.integers(10**9, 10**11)), "status": chosen,
                  "substatus": draw(st.sampled_from(POSTING_STATUSES[chosen])),
                  "in_process_at": _iso(start), "created_at": _iso(start),
                  "shipment_date": _iso(start + timedelta(days=draw(st.integers(1, 4))))}
        for key, value in values.items():
            if key in properties and _scalar_fits(properties[key], value):
                base[key] = value
        if "products" in properties:
            _fill_products(draw, base, properties["products"], schema.get("$defs", {}))
        return base

    return posting().filter(validator.is_valid)


def _fill_products(draw, base: dict, products_schema: dict, defs: dict) -> None:
    """At least one product, each with a realistic offer id, price, quantity and sku."""
    if not isinstance(base.get("products"), list):
        base["products"] = []
    item_schema = {**products_schema.get("items", {}), "$defs": defs}
    while len(base["products"]) < 1:
        base["products"].append(draw(from_schema(item_schema, side="response", realistic=True)))
    fields = (products_schema.get("items") or {}).get("properties", {})
    for product in base["products"]:
        product.update({k: v for k, v in {
            "offer_id": draw(offer_ids()), "price": draw(prices("10", "100000")),
            "quantity": draw(st.integers(1, 5)), "sku": draw(st.integers(10**8, 4 * 10**9)),
            "currency_code": "RUB"}.items()
            if k in fields and _scalar_fits(fields[k], v)})


def _scalar_fits(schema: dict, value: Any) -> bool:
    types = schema.get("type")
    if types is None:
        return True
    allowed = types if isinstance(types, list) else [types]
    if "enum" in schema and value not in schema["enum"]:
        return False
    return json_type_ok(value, allowed)


def _iso(moment: datetime) -> str:
    return moment.replace(tzinfo=None).strftime("%Y-%m-%dT%H:%M:%S") + "Z"
