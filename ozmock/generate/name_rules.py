"""The name tables: which realistic value a field gets from its name alone (before the schema's own
constraints bend it). Each table is read top-down by `names.apply_first`; the first matching row
wins, so a more specific row must come before a broader one.

This module is mostly data (the three tables); the makers above them are the few values that need
more than a `rng.choice`.
"""
from __future__ import annotations

import random
from typing import Any, Callable

from .constraints import fit_integer
from .names import MONEY_WORDS, Field, Rule, apply_first, id_family, singular
from .vocabulary import (
    BRANDS,
    CATEGORIES,
    CITIES,
    CLUSTERS,
    CODE_PREFIXES,
    COLORS,
    COMPANIES,
    FIRST_NAMES,
    ID_RANGES,
    LAST_NAMES,
    PATRONYMICS,
    PHONE_CODES,
    REGIONS,
    SENTENCES,
    STREETS,
    TINY_PDF,
    TPL_PROVIDERS,
    VEHICLE_LETTERS,
    WAREHOUSES,
    WORDS,
    address,
    cdn_file,
    cdn_image,
    digits,
    ean13,
    offer_code,
    person,
    posting_number,
    price_value,
    product_name,
    uuid4_text,
)

Make = Callable[[Field, random.Random], Any]


def pick(options: tuple) -> Make:
    return lambda field, rng: rng.choice(options)


def fixed(value: Any) -> Make:
    return lambda field, rng: value


def between(low: int, high: int) -> Make:
    return lambda field, rng: rng.randint(low, high)


def has_family(field: Field) -> bool:
    return field.family is not None


# --- integers ----------------------------------------------------------------------------------------
def _id_number(field: Field, rng: random.Random) -> int:
    """An id in its family's realistic range; a bare `id` takes its family from the enclosing object."""
    family = field.family
    if family == "id":
        parent = singular(field.context[-1]) if field.context else ""
        family = id_family(parent + "_id") if parent else "id"
    low, high = ID_RANGES.get(family or "", (100_000, 999_999_999))
    return rng.randint(low, high)


INTEGER_RULES = (
    Rule(fixed(0), exact="last_id offset page_token"),
    Rule(_id_number, when=has_family),
    Rule(fixed(1), exact="page page_count pages page_number"),
    Rule(fixed(2025), exact="year"),
    Rule(between(1, 12), exact="month"),
    Rule(pick((5, 10, 15, 20, 25)), word="percent", exact="vat"),
    Rule(lambda field, rng: int(price_value(rng)), word=MONEY_WORDS),
    Rule(between(1, 14), last="days hours"),
    Rule(between(3, 5), last="rating score stars"),
    Rule(between(50, 800), last="weight height width depth length volume"),
    Rule(between(1, 9), last="code status level version type priority"),
    Rule(between(1, 40), last="total count quantity qty present reserved stock stocks amount items limit num"),
)


def integer_by_name(field: Field, rng: random.Random) -> int:
    return apply_first(INTEGER_RULES, field, rng, between(1, 100))


# --- numbers -----------------------------------------------------------------------------------------
def _share(field: Field, rng: random.Random) -> float:
    if "ratio" in field.words or "rate" in field.words or field.lowered == "vat":
        return rng.choice((0.05, 0.1, 0.15, 0.2))
    return float(rng.choice((5, 10, 12.5, 15, 20)))


NUMBER_RULES = (
    Rule(lambda field, rng: float(fit_integer(integer_by_name(field, rng), {"format": "int64"})), when=has_family),
    Rule(lambda field, rng: round(rng.uniform(43.0, 60.0), 6), word="latitude", exact="lat"),
    Rule(lambda field, rng: round(rng.uniform(30.0, 60.0), 6), word="longitude", exact="lon lng"),
    Rule(_share, word="percent ratio share rate", exact="vat"),
    Rule(lambda field, rng: round(rng.uniform(3.8, 5.0), 1), last="rating score"),
    Rule(lambda field, rng: round(rng.uniform(0.1, 5.0), 2), last="weight"),
    Rule(lambda field, rng: round(rng.uniform(5, 60), 1), last="height width depth length volume"),
    Rule(lambda field, rng: price_value(rng), word=MONEY_WORDS),
    Rule(lambda field, rng: float(rng.randint(1, 40)), last="count quantity qty total"),
)


def number_by_name(field: Field, rng: random.Random) -> float:
    return apply_first(NUMBER_RULES, field, rng, lambda field, rng: round(rng.uniform(1, 1000), 2))


# --- strings -----------------------------------------------------------------------------------------
def _int_format_text(field: Field, rng: random.Random) -> str:
    return str(integer_by_name(field, rng)) if field.family else str(rng.randint(1, 100))


def _id_text(field: Field, rng: random.Random) -> str:
    family = field.family or ""
    if family.endswith("sku") or family in ("product", "sku"):
        return str(rng.randint(*ID_RANGES["sku"]))
    low, high = ID_RANGES.get(family, (10_000_000, 999_999_999))
    return str(rng.randint(low, high))


def _price_text(field: Field, rng: random.Random) -> str:
    return f"{price_value(rng):.2f}"


def _document_name(field: Field, rng: random.Random) -> str:
    return f"document_{rng.randint(1000, 9999)}.pdf"


def _link(field: Field, rng: random.Random) -> str:
    if "product" in field.words and ("url" in field.words or "link" in field.words):
        return f"https://www.ozon.ru/product/{rng.randint(100_000_000, 2_999_999_999)}/"
    if any(w in ("file", "label", "document", "act", "pdf", "report") for w in field.words):
        return cdn_file(rng)
    return cdn_image(rng)


def _email(field: Field, rng: random.Random) -> str:
    user = rng.choice(("ivan", "anna", "sergey", "maria", "shop", "seller"))
    return f"{user}{rng.randint(1, 999)}@example.ru"


def _vehicle_plate(field: Field, rng: random.Random) -> str:
    letters = VEHICLE_LETTERS
    region = rng.choice((77, 97, 177, 50, 750))
    return f"{rng.choice(letters)}{rng.randint(100, 999)}{rng.choice(letters)}{rng.choice(letters)}{region}"


def _status(field: Field, rng: random.Random) -> str:
    if "posting" in " ".join(field.context) or "posting" in field.words:
        return rng.choice(("awaiting_packaging", "awaiting_deliver", "delivering", "delivered"))
    return rng.choice(("active", "processed", "completed"))


# What a `*_name` / `title` field names, by a substring of its owner (`Field.owner`).
OWNER_RULES: tuple[tuple[tuple[str, ...], Make], ...] = (
    (("warehouse", "storage", "place", "clearing", "destination"), pick(WAREHOUSES)),
    (("cluster",), pick(CLUSTERS)),
    (("category", "type"), pick(CATEGORIES)),
    (("company", "legal", "payer", "receiver", "seller", "partner", "contractor", "organization", "organisation",
      "supplier"), pick(COMPANIES)),
    (("first",), pick(FIRST_NAMES)),
    (("last", "surname"), pick(LAST_NAMES)),
    (("middle", "patronymic"), pick(PATRONYMICS)),
    (("driver", "author", "customer", "client", "user", "sender", "addressee", "courier", "buyer", "recipient",
      "person", "employee", "contact"), lambda field, rng: person(rng)),
    (("attribute", "characteristic"), pick(("Цвет товара", "Бренд", "Материал", "Вес товара, г",
                                            "Страна-изготовитель"))),
    (("city",), pick(CITIES)),
    (("tpl", "provider", "delivery", "carrier"), pick(TPL_PROVIDERS)),
    (("file", "document", "report"), _document_name),
)


def _name_of(field: Field, rng: random.Random) -> str:
    owner = field.owner
    for keywords, make in OWNER_RULES:
        if any(word in owner for word in keywords):
            return make(field, rng)
    return product_name(rng)


STRING_RULES = (
    Rule(_int_format_text, formats="int64 uint64 int32 uint32"),
    Rule(_price_text, formats="double float"),
    Rule(fixed(""), exact="last_id cursor next_cursor page_token next_page_token offset"),
    Rule(lambda field, rng: posting_number(rng), contains="posting_number", exact="posting postings"),
    Rule(lambda field, rng: f"{rng.randint(10_000_000, 99_999_999)}-{rng.randint(1, 999):04d}",
         suffix="order_number"),
    Rule(lambda field, rng: ean13(rng), contains="barcode", last="ean gtin"),
    Rule(lambda field, rng: offer_code(rng), exact="offer_ids item_code contractor_item_code article vendor_code",
         suffix="offer_id"),
    Rule(lambda field, rng: uuid4_text(rng), word="uuid guid",
         exact="chat_id operation_id file key uid file_uuid request_id trace_id message_id"),
    Rule(_id_text, when=has_family),
    Rule(fixed("RUB"), exact="currency currency_code", suffix="_currency currency_code",
         when=lambda field: field.last in ("currency", "code") and "currency" in field.words),
    Rule(fixed("0.2"), exact="vat"),
    Rule(fixed("application/pdf"), exact="content_type mime_type"),
    Rule(fixed(TINY_PDF), exact="file_content content data", formats="byte"),
    Rule(_document_name, exact="file_name filename"),
    Rule(_link, word="url link href uri", last="image images picture photo icon images360"),
    Rule(_price_text, last="price amount cost sum payout commission charge fee balance",
         exact="min_price old_price marketing_price seller_price delivery_price"),
    Rule(lambda field, rng: f"+7{rng.choice(PHONE_CODES)}{rng.randint(1_000_000, 9_999_999)}", last="phone phones"),
    Rule(_email, last="email mail"),
    Rule(lambda field, rng: digits(rng, 10), last="inn"),
    Rule(lambda field, rng: digits(rng, 9), last="kpp"),
    Rule(lambda field, rng: digits(rng, 13), last="ogrn"),
    Rule(lambda field, rng: "04" + digits(rng, 7), last="bik bic"),
    Rule(lambda field, rng: f"{rng.randint(101000, 690000)}", last="zip zipcode postcode index", suffix="zip_code"),
    Rule(lambda field, rng: address(rng), last="address addresses", exact="formatted address_tail"),
    Rule(pick(CITIES), last="city settlement town locality"),
    Rule(pick(REGIONS), last="region province", when=lambda field: field.last == "area" and "region" in field.words),
    Rule(fixed("Россия"), last="country"),
    Rule(fixed("RU"), exact="country_code country_iso_code iso_code country_iso"),
    Rule(pick(STREETS), last="street"),
    Rule(lambda field, rng: str(rng.randint(1, 120)), last="house building"),
    Rule(fixed("Центральный"), last="district"),
    Rule(fixed("Europe/Moscow"), last="timezone tz", exact="iana_name timezone_name warehouse_timezone_name"),
    Rule(fixed("UTC+03:00"), last="utc offset", exact="utc_offset"),
    Rule(lambda field, rng: f"{rng.randint(8, 20):02d}:00", last="local time", suffix="_time"),
    Rule(lambda field, rng: f"RU{rng.randint(100_000_000, 999_999_999)}RU", suffix="tracking_number"),
    Rule(lambda field, rng: f"10702070/{rng.randint(10, 28):02d}0{rng.randint(1, 9)}25/"
                            f"{rng.randint(1000000, 9999999)}", last="gtd", exact="gtd_number"),
    Rule(lambda field, rng: f"10702070/150125/{rng.randint(1000000, 9999999)}/{rng.randint(1, 99)}",
         last="rnpt", exact="rnpt_number"),
    Rule(lambda field, rng: f"01{digits(rng, 14)}21{uuid4_text(rng)[:6]}", exact="mark exemplar_mark jw_uin",
         when=lambda field: "mark" in field.words and "mandatory" in field.words),
    Rule(_vehicle_plate, exact="vehicle_registration_number car_number vehicle_number vehicle_license_plate"),
    Rule(pick(("ГАЗель Next", "Ford Transit", "Hyundai Porter", "Lada Largus")),
         exact="vehicle_model car_model vehicle_type"),
    Rule(fixed(""), last="error errors", exact="error_message error_code order_error seller_error error_for_user "
                                               "error_reason why_not_cancellable"),
    Rule(pick(COLORS), last="color colour"),
    Rule(pick(BRANDS), last="brand", exact="brand_name"),
    Rule(pick(TPL_PROVIDERS), exact="tpl_provider tpl_provider_name delivery_service carrier transport_company_name"),
    Rule(lambda field, rng: f"Ozon Логистика курьеру, {rng.choice(CITIES)}", exact="delivery_method_name"),
    Rule(fixed("Ozon"), exact="platform_name"),
    Rule(_name_of, last="name", exact="title display_name full_name short_name item_name"),
    Rule(pick(PATRONYMICS), last="patronymic"),
    Rule(pick(SENTENCES), last="comment text description message answer question reason hint msg tooltip info "
                               "note notes"),
    Rule(pick(WAREHOUSES), last="warehouse", when=lambda field: "warehouse" in field.words and field.last == "title"),
    Rule(pick(CLUSTERS), last="cluster", prefix="cluster_"),
    Rule(_status, last="status state substatus"),
    Rule(pick(("standard", "regular", "default")), last="type schema kind mode source method"),
    Rule(pick(("кружка", "футболка мужская", "рюкзак школьный", "наушники беспроводные")), last="query search"),
    Rule(lambda field, rng: digits(rng, 8), last="number"),
    Rule(pick(CATEGORIES), last="category"),
    Rule(pick(("шт", "г", "мм")), last="unit units"),
    Rule(pick(("S", "M", "L", "XL", "42", "44")), word="size"),
    Rule(lambda field, rng: f"{rng.choice(CODE_PREFIXES)}{rng.randint(100, 999)}", last="code"),
    Rule(pick(COLORS + ("хлопок", "керамика", "Россия", "Китай")), last="value values"),
    Rule(lambda field, rng: f"{rng.uniform(4.0, 5.0):.1f}", last="rating score"),
    Rule(pick(("0.05", "0.1", "0.15", "0.2")), last="ratio rate share"),
    Rule(lambda field, rng: str(rng.choice((5, 10, 15, 20))), last="percent"),
    Rule(lambda field, rng: f"{rng.uniform(44, 60):.6f},{rng.uniform(30, 60):.6f}", last="coordinates coords location"),
    Rule(pick(("ship", "cancel", "arbitration", "set_timeslot")), exact="available_actions actions action"),
    Rule(lambda field, rng: f"{rng.randint(1, 3)}.{rng.randint(0, 9)}", last="version"),
)


def string_by_name(field: Field, rng: random.Random) -> str:
    """The realistic text for a string field (its `fmt` included), before pattern and length apply."""
    return apply_first(STRING_RULES, field, rng, pick(WORDS))
