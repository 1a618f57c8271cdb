"""The category API: a seeded tree in two languages, attributes with dictionaries, pagination, and
the legacy views of the same tree."""
from __future__ import annotations

import pytest

from .support import ok


def walk(nodes, depth=1):
    for node in nodes:
        yield depth, node
        yield from walk(node.get("children", []), depth + 1)


def test_tree_has_a_few_hundred_categories_and_types_at_the_leaves(client):
    tree = ok(client.post("/v1/description-category/tree", json={"language": "DEFAULT"}))["result"]
    nodes = list(walk(tree))
    categories = [n for _, n in nodes if n["description_category_id"]]
    types = [(d, n) for d, n in nodes if n["type_id"]]
    assert all(bool(n["category_name"]) != bool(n["type_name"]) for _, n in nodes)   # one kind per node
    assert len(categories) + len(types) >= 250
    assert types and all(depth == 3 and n["children"] == [] for depth, n in types)
    assert any(n["disabled"] for _, n in nodes) and not all(n["disabled"] for _, n in nodes)
    assert {"Электроника", "Одежда", "Канцелярские товары"} <= {n["category_name"] for n in tree}


def test_tree_speaks_english_when_asked(client):
    ru = ok(client.post("/v1/description-category/tree", json={"language": "RU"}))["result"]
    en = ok(client.post("/v1/description-category/tree", json={"language": "EN"}))["result"]
    assert [n["description_category_id"] for n in ru] == [n["description_category_id"] for n in en]
    assert "Electronics" in {n["category_name"] for n in en}
    assert ru[0]["category_name"] != en[0]["category_name"]


def test_documented_ids_exist(client):
    tree = ok(client.post("/v1/description-category/tree", json={}))["result"]
    ids = {n.get("description_category_id") or n.get("type_id") for _, n in walk(tree)}
    assert {17027492, 17029016, 970778135, 17028922, 91565, 200000933, 93080, 17054869, 97311, 94765} <= ids


def test_attributes_carry_the_well_known_ids(client):
    result = ok(client.post("/v1/description-category/attribute",
                            json={"description_category_id": 17028922, "type_id": 91565}))["result"]
    by_id = {a["id"]: a for a in result}
    assert {85, 8229, 9048, 10096} <= set(by_id)
    assert by_id[85]["is_required"] and by_id[85]["dictionary_id"] == 28732849
    assert by_id[8229]["is_required"] and by_id[8229]["category_dependent"]
    assert by_id[10096]["is_collection"] and by_id[10096]["dictionary_id"]
    assert by_id[9048]["dictionary_id"] == 0
    assert any(a["attribute_complex_id"] == 100001 for a in result)


def test_attributes_of_an_unknown_pair_are_not_found(client):
    response = client.post("/v1/description-category/attribute",
                           json={"description_category_id": 17028922, "type_id": 93080})
    assert response.status_code == 404 and response.json()["code"] == 5


def test_values_page_with_last_value_id_until_has_next_is_false(client):
    body = {"description_category_id": 17028922, "type_id": 91565, "attribute_id": 85, "limit": 100}
    seen, last, pages = [], 0, 0
    while True:
        page = ok(client.post("/v1/description-category/attribute/values", json=dict(body, last_value_id=last)))
        seen += [v["id"] for v in page["result"]]
        pages += 1
        if not page["has_next"]:
            break
        last = page["result"][-1]["id"]
    assert pages > 2 and len(seen) == len(set(seen)) == 420
    assert seen == sorted(seen)
    assert {5060050, 126745801} <= set(seen)


def test_type_values_are_the_types_of_the_category(client):
    page = ok(client.post("/v1/description-category/attribute/values",
                          json={"description_category_id": 17028922, "type_id": 91565, "attribute_id": 8229,
                                "limit": 50, "language": "EN"}))
    assert {v["id"] for v in page["result"]} >= {91565, 91566} and not page["has_next"]
    assert "Smartphone screen protector film" in {v["value"] for v in page["result"]}


def test_values_search(client):
    found = ok(client.post("/v1/description-category/attribute/values/search",
                           json={"description_category_id": 17028922, "type_id": 91565, "attribute_id": 10096,
                                 "limit": 10, "value": "сер"}))["result"]
    assert {"серый", "серебристый"} <= {v["value"] for v in found}


def test_free_text_attribute_has_no_values(client):
    page = ok(client.post("/v1/description-category/attribute/values",
                          json={"description_category_id": 17028922, "type_id": 91565, "attribute_id": 9048,
                                "limit": 10}))
    assert page == {"result": [], "has_next": False}


@pytest.mark.parametrize("path", ["/v1/category/tree", "/v2/category/tree"])
def test_legacy_tree_uses_types_as_leaf_categories(client, path):
    tree = ok(client.post(path, json={"language": "EN"}))["result"]
    leaves = [n for _, n in walk(tree) if not n["children"]]
    assert 91565 in {n["category_id"] for n in leaves}
    sub = ok(client.post(path, json={"category_id": 17028922}))["result"]
    assert sub[0]["category_id"] == 17028922 and sub[0]["children"]


def test_legacy_get_tree_is_known_by_path_only(client):
    answer = client.get("/v1/categories/tree", params={"language": "EN"})
    assert answer.status_code == 400 and answer.json()["message"] == "obsolete method cannot be used"


def test_legacy_attributes_every_version(client):
    v1 = ok(client.post("/v1/category/attribute", json={"category_id": 91565, "language": "EN"}))["result"]
    assert {"bool", "text", "option", "child"} >= {a["type"] for a in v1}
    brand = next(a for a in v1 if a["id"] == 85)
    assert brand["type"] == "option" and brand["option"] and brand["is_required"]
    required = ok(client.post("/v1/category/attribute", json={"category_id": 91565, "attribute_type": "required"}))
    assert all(a["is_required"] for a in required["result"])
    v2 = ok(client.post("/v2/category/attribute", json={"category_id": 91565}))["result"]
    assert next(a for a in v2 if a["id"] == 85)["dictionary_id"] == 28732849
    v3 = ok(client.post("/v3/category/attribute", json={"category_id": [91565, 93080, 1],
                                                        "attribute_type": "REQUIRED"}))["result"]
    assert [c["category_id"] for c in v3] == [91565, 93080]
    assert all(a["is_required"] for c in v3 for a in c["attributes"])


def test_legacy_values_limit_and_by_option(client):
    page = ok(client.post("/v2/category/attribute/values", json={"category_id": 91565, "attribute_id": 85,
                                                                 "limit": 50}))
    assert len(page["result"]) == 50 and page["has_next"]
    too_many = client.post("/v2/category/attribute/values", json={"category_id": 91565, "attribute_id": 85,
                                                                  "limit": 51})
    assert too_many.status_code == 400
    mapped = ok(client.post("/v2/category/attribute/value/by-option",
                            json={"language": "EN", "options": [{"attribute_id": 10096, "option_id": 61576}]}))
    assert mapped["result"] == [{"attribute_id": 10096, "option_id": 61576, "id": 61576, "value": "beige"}]


def test_classify(client):
    result = ok(client.post("/v1/product/classify", json={"products": [
        {"offer_id": "a", "name": "Смартфон Apple iPhone XS 256GB", "shop_category": "Смартфоны"},
        {"offer_id": "b", "name": "zzzz qqqq"}]}))["result"]
    assert result[0]["classifier_status"] == "CLASSIFIED" and result[0]["category_id"] == 91568
    assert result[1] == {"offer_id": "b", "category_id": 0, "classifier_status": "NOT_CLASSIFIED"}


def test_dependent_attributes_follow_the_type_and_its_dictionaries(client):
    pair = {"description_category_id": 17028922, "type_id": 91565}
    attributes = ok(client.post("/v1/description-category/attribute", json=pair))["result"]
    with_values = {a["id"] for a in attributes if a["dictionary_id"]} - {8229, 85}
    assert with_values
    dependent = ok(client.post("/v1/description-category/dependent-attributes", json=pair))["result"]
    assert {d["parent_attribute_id"] for d in dependent} == {8229}
    assert {d["child_attribute_id"] for d in dependent} == with_values
    child = sorted(with_values)[0]
    dictionary = ok(client.post("/v1/description-category/attribute/values",
                                json={**pair, "attribute_id": child, "limit": 1000}))["result"]
    first = ok(client.post("/v1/description-category/dependent-attributes/values", json={
        **pair, "parent_attribute_id": 8229, "child_attribute_id": child, "limit": 2}))
    [entry] = first["result"]
    assert entry["parent_value_id"] == 91565
    assert [c["child_value_id"] for c in entry["children"]] == [v["id"] for v in dictionary[:2]]
    if len(dictionary) > 2:
        rest = ok(client.post("/v1/description-category/dependent-attributes/values", json={
            **pair, "parent_attribute_id": 8229, "child_attribute_id": child, "limit": 1000,
            "cursor": first["cursor"]}))["result"][0]["children"]
        assert [c["child_value_id"] for c in rest] == [v["id"] for v in dictionary[2:]]
    else:
        assert first["cursor"] == ""
    assert client.post("/v1/description-category/dependent-attributes/values", json={
        **pair, "parent_attribute_id": 8229, "child_attribute_id": 85}).status_code == 404
    assert client.post("/v1/description-category/dependent-attributes",
                       json={"description_category_id": 1}).status_code == 404
