"""Dependent attributes (2026-09-01): which attribute's values depend on another's, and the child
values each parent value allows, over the catalogue's own attributes and dictionaries.

The dependency ozmock knows is the one Ozon's page names: the product type (attribute 8229, whose
value is the `type_id`) is the parent of the type's other dictionary attributes; the values a type
allows are the child attribute's dictionary for the type's category. Brand is left out (its values
do not depend on the type)."""
from __future__ import annotations

from typing import Any

from ...errors import OzonError
from ...registry import Call, handles
from ..kit.paging import clamped_size, offset_of
from ..kit.values import as_int, language
from .model import BRAND_ATTRIBUTE, TYPE_ATTRIBUTE, catalogue


def _pair(body: dict[str, Any]) -> tuple[int, int]:
    """The (category, type) asked about; without `type_id`, the category's first type."""
    category_id = as_int(body.get("description_category_id"))
    category = catalogue().category(category_id)
    type_id = as_int(body.get("type_id")) or (category.children[0] if category and category.children else 0)
    if catalogue().type_in(category_id, type_id) is None:
        raise OzonError(5, f"description category {category_id} with type {type_id} not found")
    return category_id, type_id


def children_of(category_id: int, type_id: int) -> list[int]:
    """The attributes whose values depend on the product type."""
    return [a.id for a, _ in catalogue().attributes_for(category_id, type_id)
            if a.dictionary and a.id not in (TYPE_ATTRIBUTE, BRAND_ATTRIBUTE)]


@handles("POST", "/v1/description-category/dependent-attributes", exact=True)
def dependent_attributes(call: Call) -> dict:
    category_id, type_id = _pair(call.body)
    return {"result": [{"parent_attribute_id": TYPE_ATTRIBUTE, "child_attribute_id": child}
                       for child in children_of(category_id, type_id)]}


@handles("POST", "/v1/description-category/dependent-attributes/values", exact=True)
def dependent_values(call: Call) -> dict:
    body = call.body
    category_id, type_id = _pair(body)
    parent, child = as_int(body.get("parent_attribute_id")), as_int(body.get("child_attribute_id"))
    if parent != TYPE_ATTRIBUTE or child not in children_of(category_id, type_id):
        raise OzonError(5, f"attribute {child} does not depend on attribute {parent} in this category")
    attribute, _ = catalogue().attribute_in(category_id, type_id, child)
    values = catalogue().dictionary_for(attribute, category_id).values
    start, size = offset_of(body.get("cursor")), clamped_size(body.get("limit"), 100, 1000)
    page = values[start:start + size]
    lang = language(body)
    product_type = catalogue().product_type(type_id)
    return {"result": [{"parent_value_id": type_id, "parent_value": product_type.name(lang),
                        "children": [{"child_value_id": v.id, "child_value": v.text(lang)} for v in page]}],
            "cursor": str(start + size) if start + size < len(values) else ""}
