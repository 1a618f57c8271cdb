"""The card check reads the catalogue through tables built on a pair's first import (its allowed and
required attributes, its dictionaries, their values by text): for every pair and every value, what it
finds is what the catalogue says, on the first card and on every card after it."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ozmock.domain.catalogue.model import TYPE_ATTRIBUTE, catalogue
from ozmock.domain.products.cards import card_v3
from ozmock.domain.products.validation import Checking, _category_rule, check_attributes

PAIRS = sorted((t.category_id, t.id) for t in catalogue().types.values())


def _card(*attributes: dict) -> dict:
    return {"attributes": list(attributes), "complex_attributes": []}


def _plain(attribute_id: int, text: str = "", value_id: int = 0) -> dict:
    return {"id": attribute_id, "complex_id": 0, "values": [{"dictionary_value_id": value_id, "value": text}]}


@given(st.sampled_from(PAIRS))
def test_a_card_without_attributes_misses_exactly_its_pairs_required_ones(pair):
    category_id, type_id = pair
    required = [a.id for a, is_required in catalogue().attributes_for(category_id, type_id)
                if is_required and a.id != TYPE_ATTRIBUTE]
    for _ in range(2):                      # the pair's first card and one after it
        problems, attributes, groups = check_attributes(_card(), category_id, type_id)
        assert [p["attribute_id"] for p in problems if p["code"] == "EMPTY_REQUIRED"] == required
        assert attributes == [_plain(TYPE_ATTRIBUTE, catalogue().types[type_id].ru, type_id)] and groups == []


def _dictionary_attributes():
    cat = catalogue()
    return [(category_id, type_id, attribute, cat.dictionary_for(attribute, category_id))
            for category_id, type_id in PAIRS for attribute, _ in cat.attributes_for(category_id, type_id)
            if attribute.dictionary and not attribute.complex_id and attribute.id != TYPE_ATTRIBUTE]


DICTIONARY_ATTRIBUTES = _dictionary_attributes()


@given(st.sampled_from(DICTIONARY_ATTRIBUTES), st.data())
def test_a_dictionary_value_sent_as_text_is_found_whatever_its_case_and_spaces(found, data):
    category_id, type_id, attribute, dictionary = found
    value = data.draw(st.sampled_from(dictionary.values))
    text = data.draw(st.sampled_from([value.ru, value.en]).filter(bool))
    spelled = data.draw(st.sampled_from([text, text.upper(), text.lower(), f"  {text} ", text.swapcase()]))
    needle = spelled.strip().casefold()
    first = next(v for v in dictionary.values if needle in (v.ru.casefold(), v.en.casefold()))
    problems, attributes, _ = check_attributes(_card(_plain(attribute.id, spelled)), category_id, type_id)
    assert _plain(attribute.id, first.ru, first.id) in attributes
    assert not [p for p in problems if p["attribute_id"] == attribute.id]


@given(st.sampled_from(DICTIONARY_ATTRIBUTES), st.text(min_size=1, max_size=30))
def test_a_text_in_no_value_of_the_dictionary_is_refused(found, text):
    category_id, type_id, attribute, dictionary = found
    needle = text.strip().casefold()
    if any(needle in (v.ru.casefold(), v.en.casefold()) for v in dictionary.values):
        return
    problems, attributes, _ = check_attributes(_card(_plain(attribute.id, text)), category_id, type_id)
    assert [p["code"] for p in problems if p["attribute_id"] == attribute.id] == ["error_attribute_values_out_of_range"]
    assert all(a["id"] != attribute.id for a in attributes)


CATEGORY_IDS = sorted(catalogue().categories)
TYPE_IDS = sorted(catalogue().types)


@given(st.sampled_from(CATEGORY_IDS + [0, -1, 1]), st.sampled_from(TYPE_IDS + [0, -1]), st.sampled_from([0, 0, 7]))
def test_a_pairs_verdict_is_the_same_on_every_card_and_each_card_gets_its_own(category_id, type_id, legacy):
    card = card_v3({"description_category_id": category_id, "type_id": type_id})
    card["legacy_category_id"] = legacy
    first = _category_rule(dict(card), Checking(None, None, None))
    for problem in first:
        problem["message"] = "edited by the caller"
    again = _category_rule(dict(card), Checking(None, None, None))
    assert [p["code"] for p in again] == [p["code"] for p in first]
    assert all(p["message"] != "edited by the caller" for p in again)
    pair = catalogue().type_in(category_id, type_id)
    accepted = pair is not None and not pair.disabled and catalogue().categories[category_id].level == 2
    assert (not again or again[0]["code"] == "EMPTY_REQUIRED") == accepted
