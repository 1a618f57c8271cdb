"""One test per import rule: the item fails with the documented error (code, field, attribute_id,
level), no product appears, and the other items of the batch still import."""
from __future__ import annotations

import pytest

from ozmock.domain.catalogue.model import catalogue

from .support import finish, import_v3, listed, ok


def attribute(card: dict, attribute_id: int, **value) -> dict:
    card = dict(card)
    card["attributes"] = [a for a in card["attributes"] if a["id"] != attribute_id]
    if value:
        card["attributes"].append({"id": attribute_id, "values": [value]})
    return card


def _electronics(**changes) -> dict:
    """A valid item of 17028922/91565 (electronics: brand and model name required), with changes."""
    from random import Random

    from ozmock.domain.products.seed import valid_item
    card = valid_item(Random(len(changes)), "E-" + "-".join(sorted(changes)) or "E", category_id=17028922,
                      type_id=91565)
    card.update(changes)
    return card


RULES = [
    # (name, how the item is broken, code, field, attribute_id)
    ("unknown category", lambda c: dict(c, description_category_id=1), "description_category_invalid",
     "description_category_id", 0),
    ("missing category", lambda c: {k: v for k, v in c.items() if k != "description_category_id"} | {
        "description_category_id": 0}, "description_category_is_empty", "description_category_id", 0),
    ("type not in category", lambda c: dict(c, type_id=93080), "description_category_has_no_description_type",
     "type_id", 0),
    ("missing type", lambda c: dict(c, type_id=0), "description_type_is_empty", "type_id", 0),
    ("disabled type", lambda c: dict(c, description_category_id=next(
        t.category_id for t in catalogue().types.values() if t.disabled),
        type_id=next(t.id for t in catalogue().types.values() if t.disabled)),
     "description_category_is_legacy", "description_category_id", 0),
    ("missing required attribute", lambda c: attribute(c, 85), "EMPTY_REQUIRED", "attributes", 85),
    ("value not in the dictionary", lambda c: attribute(c, 85, dictionary_value_id=1), 
     "error_attribute_values_out_of_range", "attributes", 85),
    ("empty attribute values", lambda c: dict(c, attributes=c["attributes"] + [{"id": 4385, "values": []}]),
     "error_attribute_values_empty", "attributes", 4385),
    ("several values on a single attribute", lambda c: attribute(c, 9048) | {"attributes": attribute(c, 9048)[
        "attributes"] + [{"id": 9048, "values": [{"value": "a"}, {"value": "b"}]}]},
     "error_attribute_values_out_of_range", "attributes", 9048),
    ("integer attribute with text", lambda c: dict(c, attributes=c["attributes"] + [
        {"id": 11650, "values": [{"value": "many"}]}]), "error_attribute_values_out_of_range", "attributes", 11650),
    ("zero depth", lambda c: dict(c, depth=0), "missing_dimension", "depth", 0),
    ("missing width", lambda c: {k: v for k, v in c.items() if k != "width"}, "missing_dimension", "width", 0),
    ("zero height", lambda c: dict(c, height=0), "missing_dimension", "height", 0),
    ("zero weight", lambda c: dict(c, weight=0), "missing_dimension", "weight", 0),
    ("unknown dimension unit", lambda c: dict(c, dimension_unit="ft"), "missing_dimension", "dimension_unit", 0),
    ("weight over 1000 kg", lambda c: dict(c, weight=1001, weight_unit="kg"), "VALUE_MAX_LIMIT", "weight", 0),
    ("weight over 1000 kg in pounds", lambda c: dict(c, weight=2300, weight_unit="lb"), "VALUE_MAX_LIMIT",
     "weight", 0),
    ("price with three decimals", lambda c: dict(c, price="10.123"), "price_invalid", "price", 0),
    ("price with a comma", lambda c: dict(c, price="10,5"), "price_invalid", "price", 0),
    ("zero price", lambda c: dict(c, price="0"), "price_is_negative", "price", 0),
    ("old_price not above price", lambda c: dict(c, price="1000", old_price="900"), "old_price_less_than_price",
     "old_price", 0),
    ("old_price equal to price", lambda c: dict(c, price="1000", old_price="1000"), "old_price_less_than_price",
     "old_price", 0),
    ("vat not a documented rate", lambda c: dict(c, vat="0.18"), "vat_invalid", "vat", 0),
    ("vat missing", lambda c: {k: v for k, v in c.items() if k != "vat"}, "vat_invalid", "vat", 0),
    ("currency not the seller's", lambda c: dict(c, currency_code="USD"), "currency_code_invalid", "currency_code", 0),
    ("images with primary_image over 29", lambda c: dict(c, primary_image="https://e.com/p.jpg",
                                                         images=[f"https://e.com/{i}.jpg" for i in range(30)]),
     "images_count_exceeded", "images", 0),
    ("missing offer_id", lambda c: dict(c, offer_id=""), "EMPTY_REQUIRED", "offer_id", 0),
    ("missing name", lambda c: dict(c, name=""), "EMPTY_REQUIRED", "name", 0),
]


@pytest.mark.parametrize("rule", RULES, ids=[r[0] for r in RULES])
def test_rule(client, rule):
    name, breaks, code, field, attribute_id = rule
    good = _electronics(offer_id="GOOD-ITEM")
    bad = breaks(_electronics(offer_id="BAD-ITEM"))
    results = finish(client, import_v3(client, [bad, good]))
    failed, imported = results
    assert imported["status"] == "imported" and imported["offer_id"] == "GOOD-ITEM"
    assert failed["status"] == "failed" and failed["product_id"] == 0
    errors = [e for e in failed["errors"] if e["code"] == code]
    assert errors, failed["errors"]
    assert errors[0]["field"] == field and errors[0]["attribute_id"] == attribute_id
    assert errors[0]["level"] == "error" and errors[0]["message"]
    assert "GOOD-ITEM" in listed(client)
    assert bad.get("offer_id") in ("", "BAD-ITEM") and "BAD-ITEM" not in listed(client)
    assert ok(client.post("/v3/product/info/list", json={"offer_id": ["BAD-ITEM"]}))["items"] == []


# Rules the v3 request schema already enforces: a 400 naming the field.
SCHEMA_RULES = [
    ("more than 30 images", {"images": [f"https://e.com/{i}.jpg" for i in range(31)]}, "images",
     "value must contain no more than 30 item(s)"),
    ("more than 70 images360", {"images360": [f"https://e.com/{i}.jpg" for i in range(71)]}, "images360",
     "value must contain no more than 70 item(s)"),
    ("name over 500", {"name": "x" * 501}, "name", "value length must be at most 500 runes"),
    ("offer_id over 50", {"offer_id": "x" * 51}, "offer_id", "value length must be at most 50 runes"),
]


@pytest.mark.parametrize("rule", SCHEMA_RULES, ids=[r[0] for r in SCHEMA_RULES])
def test_rule_guarded_by_the_v3_schema(client, rule):
    name, changes, field, message = rule
    response = client.post("/v3/product/import", json={"items": [_electronics(**changes), _electronics()]})
    assert response.status_code == 400
    assert response.json() == {"code": 3, "message": f"items[0].{field}: {message}", "details": []}
    assert listed(client, offer_id=[_electronics()["offer_id"]]) == []


def legacy_v2(card: dict) -> dict:
    card = dict(card)
    card["category_id"] = card.pop("type_id")
    card.pop("description_category_id")
    return card


# The v2 request schema does not bound these, so they show as per-item errors there.
V2_RULES = [
    ("offer_id over 50", {"offer_id": "x" * 51}, "offer_id_too_long", "offer_id"),
    ("more than 70 images360", {"images360": [f"https://e.com/{i}.jpg" for i in range(71)]},
     "images360_count_exceeded", "images360"),
    ("unknown legacy category", {"type_id": 1}, "description_category_invalid", "category_id"),
]


@pytest.mark.parametrize("rule", V2_RULES, ids=[r[0] for r in V2_RULES])
def test_rule_per_item_in_v2(client, rule):
    name, changes, code, field = rule
    good = legacy_v2(_electronics(offer_id="GOOD-V2"))
    bad = legacy_v2(_electronics(**dict({"offer_id": "BAD-V2"}, **changes)))
    results = finish(client, ok(client.post("/v2/product/import", json={"items": [bad, good]}))["result"]["task_id"])
    assert results[1]["status"] == "imported"
    assert results[0]["status"] == "failed"
    assert (code, field) in {(e["code"], e["field"]) for e in results[0]["errors"]}
    assert listed(client, offer_id=[bad["offer_id"]]) == []


def test_image_limit_follows_the_scenario(ozon, client):
    """Seed 001 allowed 15 images (14 besides primary_image); a scenario's `limits:` can restore that."""
    ozon.world.settings.limits = {"product_images_max": 15}
    sixteen = _electronics(offer_id="IMG-16", images=[f"https://e.com/{i}.jpg" for i in range(16)])
    fifteen = _electronics(offer_id="IMG-15", images=[f"https://e.com/{i}.jpg" for i in range(15)])
    primary = _electronics(offer_id="IMG-P", primary_image="https://e.com/p.jpg",
                           images=[f"https://e.com/{i}.jpg" for i in range(15)])
    results = finish(client, import_v3(client, [sixteen, fifteen, primary]))
    assert [r["status"] for r in results] == ["failed", "imported", "failed"]
    assert results[0]["errors"][0]["code"] == results[2]["errors"][0]["code"] == "images_count_exceeded"


def test_type_attribute_8229_is_taken_from_type_id(client):
    card = _electronics(offer_id="T8229")
    card["attributes"].append({"id": 8229, "values": [{"dictionary_value_id": 1, "value": "nonsense"}]})
    assert finish(client, import_v3(client, [card]))[0]["status"] == "imported"
    attributes = ok(client.post("/v4/product/info/attributes", json={"filter": {"offer_id": ["T8229"]},
                                                                      "limit": 1}))["result"][0]["attributes"]
    assert next(a for a in attributes if a["id"] == 8229)["values"][0]["dictionary_value_id"] == 91565


def test_unknown_attribute_is_a_warning_and_the_item_imports(client):
    card = _electronics(offer_id="WARN-1")
    card["attributes"].append({"id": 999999, "values": [{"value": "x"}]})
    result = finish(client, import_v3(client, [card]))[0]
    assert result["status"] == "imported"
    assert [(e["code"], e["level"], e["attribute_id"]) for e in result["errors"]] == [
        ("attribute_not_found", "warning", 999999)]
    errors = ok(client.post("/v3/product/info/list", json={"offer_id": ["WARN-1"]}))["items"][0]["errors"]
    assert errors[0]["level"] == "ERROR_LEVEL_WARNING" and errors[0]["attribute_id"] == 999999


def test_dictionary_value_by_text_is_matched(client):
    card = attribute(_electronics(offer_id="TEXT-BRAND"), 85, value="samsung")
    assert finish(client, import_v3(client, [card]))[0]["status"] == "imported"
    attributes = ok(client.post("/v4/product/info/attributes", json={"filter": {"offer_id": ["TEXT-BRAND"]},
                                                                      "limit": 1}))["result"][0]["attributes"]
    assert next(a for a in attributes if a["id"] == 85)["values"] == [{"dictionary_value_id": 5060050,
                                                                     "value": "Samsung"}]


def test_reimport_updates_and_goes_back_through_moderation(client):
    card = _electronics(offer_id="RE-1")
    finish(client, import_v3(client, [card]))
    client.post("/__ozmock/clock/advance", json={"seconds": 10})
    first = ok(client.post("/v3/product/info/list", json={"offer_id": ["RE-1"]}))["items"][0]
    assert first["statuses"]["status"] == "price_sent"
    finish(client, import_v3(client, [dict(card, name="Новое имя")]))
    second = ok(client.post("/v3/product/info/list", json={"offer_id": ["RE-1"]}))["items"][0]
    assert second["id"] == first["id"] and second["sku"] == first["sku"] and second["name"] == "Новое имя"
    assert second["statuses"]["status"] == "moderating"
    assert listed(client, "NOT_MODERATED", offer_id=[]) .count("RE-1") == 1
    limits = ok(client.post("/v4/product/info/limit", json={}))
    assert limits["daily_create"]["usage"] == 1 and limits["daily_update"]["usage"] == 1


def test_changing_the_category_of_an_existing_product_is_refused(client):
    card = _electronics(offer_id="CAT-1")
    finish(client, import_v3(client, [card]))
    moved = dict(card, description_category_id=17028923, type_id=91580)
    result = finish(client, import_v3(client, [moved]))[0]
    assert result["status"] == "failed" and result["errors"][0]["code"] == "description_category_immutable"
    product = ok(client.post("/v3/product/info/list", json={"offer_id": ["CAT-1"]}))["items"][0]
    assert product["description_category_id"] == 17028922
    assert product["statuses"]["status_failed"] == "failed_validation" and product["errors"]
    assert "CAT-1" in listed(client, "STATE_FAILED")


def test_new_description_category_id_moves_a_product(client):
    from random import Random

    from ozmock.domain.products.seed import valid_item
    card = _electronics(offer_id="MOVE-1")
    finish(client, import_v3(client, [card]))
    target = valid_item(Random(5), "MOVE-1", category_id=17028923, type_id=91580)
    target.update(new_description_category_id=17028923, description_category_id=17028922)
    assert finish(client, import_v3(client, [target]))[0]["status"] == "imported"
    product = ok(client.post("/v3/product/info/list", json={"offer_id": ["MOVE-1"]}))["items"][0]
    assert (product["description_category_id"], product["type_id"]) == (17028923, 91580)


def test_failed_batch_items_change_no_counters(client):
    before = ok(client.post("/v4/product/info/limit", json={}))
    finish(client, import_v3(client, [_electronics(offer_id="BAD", depth=0)]))
    after = ok(client.post("/v4/product/info/limit", json={}))
    assert before == after
