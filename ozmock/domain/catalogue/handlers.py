"""Handlers for the category API, current (`/v1/description-category/*`) and legacy (`/v1|v2|v3/category/*`,
`GET /v1/categories/tree`, `/v1/product/classify`): thin views over the shared catalogue."""
from __future__ import annotations

from typing import Any

from ...errors import OzonError
from ...registry import Call, handles
from ..kit.paging import page_size
from ..kit.values import as_int, as_str, language
from .data import GROUPS
from .model import Attribute, catalogue

COMPLEX_NAMES = {100001: ("Озон.Видео", "Ozon.Video"), 100002: ("Озон.Видеообложка", "Ozon.Video cover")}


def _pair(body: dict[str, Any]) -> tuple[int, int]:
    category_id, type_id = as_int(body.get("description_category_id")), as_int(body.get("type_id"))
    if catalogue().type_in(category_id, type_id) is None:
        raise OzonError(5, f"description category {category_id} with type {type_id} not found")
    return category_id, type_id


def _group(attribute: Attribute, lang: str) -> tuple[int, str]:
    ru, en = GROUPS.get(attribute.group_id, ("", ""))
    return attribute.group_id, en if lang == "EN" else ru


def attribute_view(attribute: Attribute, required: bool, lang: str) -> dict[str, Any]:
    """An attribute as `/v1/description-category/attribute` shows it; `/v3/category/attribute` reads
    the same record (its schema keeps the fields it has)."""
    group_id, group_name = _group(attribute, lang)
    return {"id": attribute.id, "name": attribute.name(lang), "description": attribute.description,
            "type": attribute.type, "is_collection": attribute.is_collection, "is_required": required,
            "is_aspect": attribute.id in (10096, 4295), "dictionary_id": attribute.dictionary_id,
            "group_id": group_id, "group_name": group_name, "attribute_complex_id": attribute.complex_id,
            "complex_is_collection": attribute.complex_id == 100001,
            "category_dependent": attribute.dictionary == "type",
            "max_value_count": 30 if attribute.is_collection else 0}


@handles("POST", "/v1/description-category/tree", exact=True)
def description_tree(call: Call) -> dict:
    return {"result": catalogue().tree(language(call.body))}


@handles("POST", "/v1/description-category/attribute", exact=True)
def description_attributes(call: Call) -> dict:
    category_id, type_id = _pair(call.body)
    lang = language(call.body)
    return {"result": [attribute_view(a, required, lang)
                       for a, required in catalogue().attributes_for(category_id, type_id)]}


def _values_of(category_id: int, type_id: int, attribute_id: int):
    found = catalogue().attribute_in(category_id, type_id, attribute_id)
    if found is None:
        raise OzonError(5, f"attribute {attribute_id} not found for category {category_id} and type {type_id}")
    return catalogue().dictionary_for(found[0], category_id)


def value_view(value, lang: str) -> dict[str, Any]:
    return {"id": value.id, "value": value.text(lang), "info": value.info, "picture": value.picture}


@handles("POST", "/v1/description-category/attribute/values", exact=True, cut=("limit",))
def description_values(call: Call) -> dict:
    body = call.body
    category_id, type_id = _pair(body)
    dictionary = _values_of(category_id, type_id, as_int(body.get("attribute_id")))
    if dictionary is None:
        return {"result": [], "has_next": False}
    values, more = dictionary.page(as_int(body.get("last_value_id")), page_size(body.get("limit"), 100, 5000))
    lang = language(body)
    return {"result": [value_view(v, lang) for v in values], "has_next": more}


@handles("POST", "/v1/description-category/attribute/values/search", exact=True)
def description_values_search(call: Call) -> dict:
    body = call.body
    category_id, type_id = _pair(body)
    dictionary = _values_of(category_id, type_id, as_int(body.get("attribute_id")))
    if dictionary is None:
        return {"result": []}
    found = dictionary.search(as_str(body.get("value")), page_size(body.get("limit"), 100, 100))
    return {"result": [value_view(v, "DEFAULT") for v in found]}


# --- legacy ----------------------------------------------------------------------------------------
@handles("POST", "/v1/category/tree", "/v2/category/tree", exact=True)
def legacy_tree(call: Call) -> dict:
    return {"result": catalogue().legacy_tree(language(call.body), as_int(call.body.get("category_id")))}


def _legacy_pair(category_id: int) -> tuple[int, int]:
    pair = catalogue().legacy(category_id)
    if pair is None:
        raise OzonError(5, f"category {category_id} not found")
    return pair


def _wanted(kind: str, required: bool) -> bool:
    kind = kind.upper()
    return kind not in ("REQUIRED", "OPTIONAL") or (kind == "REQUIRED") == required


def _legacy_type(attribute: Attribute) -> str:
    if attribute.type == "Boolean":
        return "bool"
    return "option" if attribute.dictionary else "text"


@handles("POST", "/v1/category/attribute")
def legacy_attributes_v1(call: Call) -> dict:
    body = call.body
    category_id, type_id = _legacy_pair(as_int(body.get("category_id")))
    lang, kind = language(body), as_str(body.get("attribute_type"))
    cat = catalogue()
    out, children = [], {}
    for attribute, required in cat.attributes_for(category_id, type_id):
        if not _wanted(kind, required):
            continue
        dictionary = cat.dictionary_for(attribute, category_id)
        view = {"id": attribute.id, "name": attribute.name(lang), "description": attribute.description,
                "type": _legacy_type(attribute), "is_collection": attribute.is_collection, "is_required": required,
                "option": [{"id": v.id, "value": v.text(lang)} for v in dictionary.values] if dictionary else [],
                "child": []}
        if attribute.complex_id:
            view.pop("child")
            children.setdefault(attribute.complex_id, []).append(view)
        else:
            out.append(view)
    for complex_id, members in children.items():
        ru, en = COMPLEX_NAMES.get(complex_id, ("", ""))
        out.append({"id": complex_id, "name": en if lang == "EN" else ru, "description": "", "type": "child",
                    "is_collection": complex_id == 100001, "is_required": False, "option": [], "child": members})
    return {"result": out}


def _legacy_view(attribute: Attribute, required: bool, lang: str) -> dict[str, Any]:
    group_id, group_name = _group(attribute, lang)
    return {"id": attribute.id, "name": attribute.name(lang), "description": attribute.description,
            "type": _legacy_type(attribute), "is_collection": attribute.is_collection, "is_required": required,
            "group_id": group_id, "group_name": group_name, "dictionary_id": attribute.dictionary_id}


@handles("POST", "/v2/category/attribute", exact=True)
def legacy_attributes_v2(call: Call) -> dict:
    body = call.body
    category_id, type_id = _legacy_pair(as_int(body.get("category_id")))
    lang, kind = language(body), as_str(body.get("attribute_type"))
    return {"result": [_legacy_view(a, required, lang)
                       for a, required in catalogue().attributes_for(category_id, type_id)
                       if _wanted(kind, required) and not a.complex_id]}


@handles("POST", "/v3/category/attribute")
def legacy_attributes_v3(call: Call) -> dict:
    body = call.body
    lang, kind = language(body), as_str(body.get("attribute_type"))
    result = []
    for raw in body.get("category_id") or []:
        pair = catalogue().legacy(as_int(raw))
        if pair is None:
            continue
        attributes = [attribute_view(attribute, required, lang)
                      for attribute, required in catalogue().attributes_for(*pair) if _wanted(kind, required)]
        result.append({"category_id": as_int(raw), "attributes": attributes})
    return {"result": result}


@handles("POST", "/v2/category/attribute/values", exact=True)
def legacy_values(call: Call) -> dict:
    body = call.body
    category_id, type_id = _legacy_pair(as_int(body.get("category_id")))
    dictionary = _values_of(category_id, type_id, as_int(body.get("attribute_id")))
    if dictionary is None:
        return {"result": [], "has_next": False}
    values, more = dictionary.page(as_int(body.get("last_value_id")), page_size(body.get("limit"), 50, 50))
    lang = language(body)
    return {"result": [value_view(v, lang) for v in values], "has_next": more}


@handles("POST", "/v2/category/attribute/value/by-option", exact=True)
def legacy_by_option(call: Call) -> dict:
    """Old option ids map to dictionary values of the same id (ozmock never renumbered them)."""
    cat = catalogue()
    lang = language(call.body)
    out = []
    for option in call.body.get("options") or []:
        attribute_id, option_id = as_int(option.get("attribute_id")), as_int(option.get("option_id"))
        attribute = cat.attributes.get(attribute_id)
        if attribute is None or not attribute.dictionary or attribute.dictionary == "type":
            continue
        value = cat.dictionaries[attribute.dictionary].by_id.get(option_id)
        if value is not None:
            out.append({"attribute_id": attribute_id, "option_id": option_id, "id": value.id,
                        "value": value.text(lang)})
    return {"result": out}


@handles("POST", "/v1/product/classify", exact=True)
def classify(call: Call) -> dict:
    out = []
    for product in call.body.get("products") or []:
        found = catalogue().classify(as_str(product.get("name")), as_str(product.get("shop_category")),
                                     as_str(product.get("shop_category_full_path")), as_str(product.get("model")))
        out.append({"offer_id": as_str(product.get("offer_id")), "category_id": found.id if found else 0,
                    "classifier_status": "CLASSIFIED" if found else "NOT_CLASSIFIED"})
    return {"result": out}
