"""The documented rules for one import item, as a table of named rules run in order.

A rule reads the canonical card (`cards.py`) and returns its problems in the
`/v1/product/import/info` shape; errors refuse the item, warnings ride along on the product. The
category rule and the attribute check also normalise the card on the way (dictionary texts filled
in, foreign attributes dropped, VAT and currency in their canonical form), so applying a checked
card needs no second reading.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable, NamedTuple

from ..catalogue.model import TYPE_ATTRIBUTE, Attribute, Dictionary, Value, catalogue, value_fits
from ..kit.money import parse_price, parse_vat
from ..kit.timings import limit
from .model import DIMENSION_UNITS, WEIGHT_UNITS, Product

MAX_WEIGHT_KG = 1000
ERROR = "error"
WARNING = "warning"
Problem = dict[str, Any]
Kinds = dict[int, tuple[Attribute, Dictionary | None]]   # attribute id -> (definition, its values here)


def problem(code: str, message: str, *, field: str = "", attribute_id: int = 0, level: str = ERROR,
            attribute_name: str = "") -> Problem:
    """One per-item error in the `/v1/product/import/info` shape."""
    return {"code": code, "field": field, "attribute_id": attribute_id, "state": "", "level": level,
            "description": "", "message": message, "attribute_name": attribute_name}


def fatal(problems: list[Problem]) -> bool:
    return any(p["level"] == ERROR for p in problems)


def warnings_of(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p["level"] != ERROR]


# --- attributes -----------------------------------------------------------------------------------
class PairRules(NamedTuple):
    """What the attribute check of one (category, type) pair reads, compiled on its first import: the
    catalogue is read-only, so every card of the pair shares it."""

    plain: Kinds                                 # the pair's plain attributes (the type's among them)
    members: Kinds                               # the members of its complex attributes
    missing: tuple[tuple[int, Problem], ...]     # per required attribute besides the type: its problem when
                                                 # not filled in (copied before use), in catalogue order
    type_text: str                               # the type's name, the value of attribute 8229


@lru_cache(maxsize=4096)
def pair_rules(category_id: int, type_id: int) -> PairRules:
    """The compiled attribute rules of a valid (category, type) pair."""
    cat = catalogue()
    pairs = cat.attributes_for(category_id, type_id)
    missing = tuple((a.id, problem("EMPTY_REQUIRED", f"required attribute {a.id} ({a.en}) is not filled in",
                                   field="attributes", attribute_id=a.id, attribute_name=a.ru))
                    for a, required in pairs if required and a.id != TYPE_ATTRIBUTE)
    kinds = {a.id: (a, cat.dictionary_for(a, category_id)) for a, _ in pairs}
    return PairRules(plain={aid: kind for aid, kind in kinds.items() if not kind[0].complex_id},
                     members={aid: kind for aid, kind in kinds.items() if kind[0].complex_id},
                     missing=missing, type_text=cat.types[type_id].ru)


# id(dictionary) -> (dictionary, casefolded ru or en text -> the first value of the dictionary with it)
_TEXT_INDEXES: dict[int, tuple[Dictionary, dict[str, Value]]] = {}


def _by_text(dictionary: Dictionary) -> dict[str, Value]:
    """A value matched by its Russian or English text, casefolded: the first in the dictionary's order,
    as a walk over its values finds it. Built once per dictionary (the catalogue's never change)."""
    kept = _TEXT_INDEXES.get(id(dictionary))
    if kept is None or kept[0] is not dictionary:
        index: dict[str, Value] = {}
        for value in dictionary.values:
            index.setdefault(value.ru.casefold(), value)
            index.setdefault(value.en.casefold(), value)
        kept = _TEXT_INDEXES[id(dictionary)] = (dictionary, index)
    return kept[1]


def _normalise_values(attribute: Attribute, values: list[dict[str, Any]],
                      dictionary: Dictionary | None) -> tuple[list[dict[str, Any]], bool]:
    """Values with dictionary texts filled in; False when one is not in the dictionary / of the wrong kind."""
    out = []
    for value in values:
        text, vid = value.get("value", ""), value.get("dictionary_value_id", 0)
        if dictionary is None:
            if not value_fits(attribute, text):
                return out, False
            out.append({"dictionary_value_id": 0, "value": text})
            continue
        if not vid and value.get("option") and text.strip().isdigit():
            vid = int(text.strip())  # a legacy option id sent as the value
        found = dictionary.by_id.get(vid) if vid else None
        if found is None and not vid and text:
            found = _by_text(dictionary).get(text.strip().casefold())
        if found is None:
            return out, False
        out.append({"dictionary_value_id": found.id, "value": found.ru})
    return out, True


def _blank(values: list[dict[str, Any]]) -> bool:
    """No value carries a text or a dictionary id (an attribute sent empty)."""
    for value in values:
        if value["value"] or value["dictionary_value_id"]:
            return False
    return True


def _plain_attribute(aid: int, values: list[dict[str, Any]], definition: Attribute,
                     dictionary: Dictionary | None) -> tuple[Problem | None, dict[str, Any] | None]:
    """(problem, normalised attribute) for one plain attribute of the pair sent on the card; one of them is None."""
    if not values or _blank(values):
        return problem("error_attribute_values_empty", f"attribute {aid} has no values", field="attributes",
                       attribute_id=aid, attribute_name=definition.ru), None
    if len(values) > 1 and not definition.is_collection:
        return problem("error_attribute_values_out_of_range",
                       f"attribute {aid} takes a single value, got {len(values)}",
                       field="attributes", attribute_id=aid, attribute_name=definition.ru), None
    normalised, ok = _normalise_values(definition, values, dictionary)
    if not ok:
        kind = "a value from its dictionary" if definition.dictionary else f"a {definition.type} value"
        return problem("error_attribute_values_out_of_range", f"attribute {aid} ({definition.en}) needs {kind}",
                       field="attributes", attribute_id=aid, attribute_name=definition.ru), None
    return None, {"id": aid, "complex_id": 0, "values": normalised}


def _missing_required(rules: PairRules, filled: set[int]) -> list[Problem]:
    return [dict(missing) for attribute_id, missing in rules.missing if attribute_id not in filled]


def _complex_groups(groups: list[dict[str, Any]], rules: PairRules) -> tuple[list[Problem], list[dict[str, Any]]]:
    """(problems, normalised groups): members that do not belong or hold a bad value are left out."""
    problems: list[Problem] = []
    kept_groups = []
    for group in groups:
        kept = []
        for attribute in group["attributes"]:
            aid = attribute["id"]
            found = rules.members.get(aid)
            if found is None:
                problems.append(problem("attribute_not_found", f"complex attribute {aid} does not belong to this "
                                        "category and type; it was ignored", field="complex_attributes",
                                        attribute_id=aid, level=WARNING))
                continue
            definition, dictionary = found
            values, ok = _normalise_values(definition, attribute["values"], dictionary)
            if not ok or not values:
                problems.append(problem("error_attribute_values_out_of_range",
                                        f"complex attribute {aid} has an invalid value", field="complex_attributes",
                                        attribute_id=aid, attribute_name=definition.ru))
                continue
            kept.append({"id": aid, "complex_id": definition.complex_id, "values": values})
        if kept:
            kept_groups.append({"attributes": kept})
    return problems, kept_groups


def check_attributes(card: dict[str, Any], category_id: int, type_id: int, *,
                     partial: bool = False) -> tuple[list[Problem], list[dict[str, Any]], list[dict]]:
    """(errors and warnings, normalised attributes, normalised complex groups) for a valid category/type.

    The type attribute (8229) is always the type_id's; `partial` (attribute-only updates) skips the
    required-attribute check."""
    rules = pair_rules(category_id, type_id)
    plain = rules.plain
    problems: list[Problem] = []
    normalised = [{"id": TYPE_ATTRIBUTE, "complex_id": 0,
                   "values": [{"dictionary_value_id": type_id, "value": rules.type_text}]}]
    sent = set()    # the pair's plain attributes on the card: one sent with a bad value still counts as filled in
    for attribute in card["attributes"]:
        aid = attribute["id"]
        if aid == TYPE_ATTRIBUTE:
            continue  # type_id takes priority over attribute 8229
        found = plain.get(aid)
        if found is None:
            problems.append(problem("attribute_not_found", f"attribute {aid} does not belong to category "
                                    f"{category_id} and type {type_id}; it was ignored", field="attributes",
                                    attribute_id=aid, level=WARNING))
            continue
        sent.add(aid)
        refused, row = _plain_attribute(aid, attribute["values"], *found)
        if refused is not None:
            problems.append(refused)
        else:
            normalised.append(row)
    if not partial:
        problems += _missing_required(rules, sent)
    if card["complex_attributes"]:
        complex_problems, groups = _complex_groups(card["complex_attributes"], rules)
        return problems + complex_problems, normalised, groups
    return problems, normalised, []


# --- the card rules -------------------------------------------------------------------------------
class Checking(NamedTuple):
    """What the rules of one item may read besides the card."""

    seller: Any
    world: Any
    existing: Product | None


def _identity_rule(card: dict[str, Any], checking: Checking) -> list[Problem]:
    problems = []
    offer_id, name = card["offer_id"], card["name"]
    if not offer_id.strip():
        problems.append(problem("EMPTY_REQUIRED", "offer_id is required", field="offer_id"))
    elif len(offer_id) > 50:
        problems.append(problem("offer_id_too_long", "offer_id is longer than 50 characters", field="offer_id"))
    if not name.strip():
        problems.append(problem("EMPTY_REQUIRED", "name is required", field="name"))
    elif len(name) > 500:
        problems.append(problem("name_too_long", "name is longer than 500 characters", field="name"))
    return problems


@lru_cache(maxsize=4096)
def _pair_problem(category_id: int, type_id: int, legacy_category_id: int) -> Problem | None:
    """Why the catalogue refuses a (category, type) pair, or None when products can be made in it; the
    same for every card of the pair (copied before use)."""
    cat = catalogue()
    field = "category_id" if legacy_category_id else "description_category_id"
    category = cat.category(category_id) if category_id > 0 else None
    product_type = cat.type_in(category_id, type_id)
    if category_id == 0:
        return problem("description_category_is_empty", "description_category_id is required", field=field)
    if type_id == 0:
        return problem("description_type_is_empty", "type_id is required", field="type_id")
    if category is None or category.level != 2:
        return problem("description_category_invalid", f"category {legacy_category_id or category_id}"
                       " is not a last-level category of the tree", field=field)
    if product_type is None:
        return problem("description_category_has_no_description_type",
                       f"type {type_id} does not belong to category {category_id}", field="type_id")
    if product_type.disabled:
        return problem("description_category_is_legacy",
                       f"products cannot be created in category {category_id} with type {type_id}", field=field)
    return None


def _category_problem(card: dict[str, Any], category_id: int, existing: Product | None) -> Problem | None:
    """Why the card's (category, type) pair cannot take a product, or None when it can."""
    legacy_category_id = card.get("legacy_category_id") or 0
    found = _pair_problem(category_id, card["type_id"], legacy_category_id)
    if found is not None:
        return dict(found)
    if (existing is not None and not card.get("new_description_category_id")
            and card["description_category_id"] != existing.description_category_id):
        return problem("description_category_immutable", "the category of an existing product cannot be changed "
                       "this way; send new_description_category_id",
                       field="category_id" if legacy_category_id else "description_category_id")
    return None


def _category_rule(card: dict[str, Any], checking: Checking) -> list[Problem]:
    """The category and type, then (when they are right) the attributes they allow."""
    category_id = card.get("new_description_category_id") or card["description_category_id"]
    card["effective_category_id"] = category_id
    found = _category_problem(card, category_id, checking.existing)
    if found is not None:
        return [found]
    problems, card["attributes"], card["complex_attributes"] = check_attributes(card, category_id, card["type_id"])
    return problems


def _dimensions_rule(card: dict[str, Any], checking: Checking) -> list[Problem]:
    problems = [problem("missing_dimension", f"{name} must be a real value greater than 0", field=name)
                for name in ("depth", "height", "width", "weight") if card[name] <= 0]
    if card["dimension_unit"] not in DIMENSION_UNITS:
        problems.append(problem("missing_dimension", "dimension_unit must be one of mm, cm, in",
                                field="dimension_unit"))
    if card["weight_unit"] not in WEIGHT_UNITS:
        problems.append(problem("missing_dimension", "weight_unit must be one of g, kg, lb", field="weight_unit"))
    elif card["weight"] * WEIGHT_UNITS[card["weight_unit"]] > MAX_WEIGHT_KG:
        problems.append(problem("VALUE_MAX_LIMIT", "weight is over 1000 kg", field="weight"))
    return problems


def _images_rule(card: dict[str, Any], checking: Checking) -> list[Problem]:
    problems = []
    images_max = int(limit(checking.world, card.get("images_limit", "product_images_max")))
    allowed = images_max - 1 if card["primary_image"] else images_max
    if len(card["images"]) > allowed:
        problems.append(problem("images_count_exceeded", f"at most {allowed} images"
                                + (" besides primary_image" if card["primary_image"] else ""), field="images"))
    images360_max = int(limit(checking.world, "product_images360_max"))
    if len(card["images360"]) > images360_max:
        problems.append(problem("images360_count_exceeded", f"at most {images360_max} images360", field="images360"))
    return problems


def _prices_rule(card: dict[str, Any], checking: Checking) -> list[Problem]:
    problems = []
    price = parse_price(card["price"])
    if price is None and card["price"].strip():
        problems.append(problem("price_invalid", "price must be a decimal number with a point and at most "
                                "two decimal places", field="price"))
    elif price is None or price <= 0:
        problems.append(problem("price_is_negative", "price must be given and greater than 0", field="price"))
    old_price = parse_price(card["old_price"])
    for name, value in (("old_price", old_price), ("premium_price", parse_price(card["premium_price"]))):
        if value is None and card[name].strip():
            problems.append(problem("price_invalid", f"{name} must be a decimal number with a point and at most "
                                    "two decimal places", field=name))
    if price is not None and price > 0 and old_price and old_price > 0 and old_price <= price:
        problems.append(problem("old_price_less_than_price", "old_price must be greater than price",
                                field="old_price"))
    return problems


def _vat_rule(card: dict[str, Any], checking: Checking) -> list[Problem]:
    vat = parse_vat(card["vat"])
    if vat is None:
        return [problem("vat_invalid", "vat must be one of 0, 0.05, 0.07, 0.1, 0.2, 0.22", field="vat")]
    card["vat"] = vat
    return []


def _currency_rule(card: dict[str, Any], checking: Checking) -> list[Problem]:
    currency = card["currency_code"] = card["currency_code"] or "RUB"
    account = checking.seller.currency
    if currency != account:
        return [problem("currency_code_invalid", f"currency_code must be the account currency {account}",
                        field="currency_code")]
    return []


CardRule = Callable[[dict[str, Any], Checking], list[Problem]]
# In the order their problems are reported.
CARD_RULES: tuple[CardRule, ...] = (_identity_rule, _category_rule, _dimensions_rule, _images_rule, _prices_rule,
                                    _vat_rule, _currency_rule)


def check_card(card: dict[str, Any], *, seller, world, existing: Product | None) -> list[Problem]:
    """Every documented rule for one import item; fills the card's normalised fields on the way."""
    checking = Checking(seller, world, existing)
    return [found for rule in CARD_RULES for found in rule(card, checking)]
