"""The generic response generator: schema-valid, deterministic, realistic, echoing the request."""
from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ozmock.catalog import load_catalog
from ozmock.clock import Clock, parse_iso
from ozmock.generate import clear_cache, generated_response, template_for
from ozmock.generate.conform import LAST_PAGE
from ozmock.generate.constraints import scalar_fits
from ozmock.generate.names import id_family
from ozmock.generate.regex import from_regex
from ozmock.generate.vocabulary import ean13, ean13_check_digit, is_ean13
from ozmock.strategies import from_schema
from ozmock.world import World

ROOT = Path(__file__).resolve().parents[2]
CATALOG = load_catalog()
OPERATIONS = list(CATALOG)
START = datetime(2026, 3, 1, 12, 0, 0, tzinfo=timezone.utc)
ISO_MS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def make_world(seed: int = 0, start: datetime = START) -> World:
    return World(seed=seed, clock=Clock(start, "frozen"))


def leaves(node, path=()):
    """(path, key, value) for every scalar in a body; key is the nearest object member name."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from leaves(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from leaves(value, path + (index,))
    else:
        key = next((p for p in reversed(path) if isinstance(p, str)), "")
        yield path, key, node


def first_error(operation, body):
    error = next(iter(operation.response_validator.iter_errors(body)), None)
    if error is None:
        return None
    return f"{operation.method} {operation.path}: {error.message[:300]} at {list(error.absolute_path)}"


# --- acceptance: every operation, schema-valid -------------------------------------------------------
@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.slug for op in OPERATIONS])
def test_every_operation_is_schema_valid(operation):
    world = make_world()
    body, source = generated_response(operation, {}, world)
    assert source == ("example" if operation.example_response is not None else "generated")
    assert first_error(operation, body) is None
    if isinstance(operation.example_request, dict):  # echoing the documented request keeps it valid
        echoed, _ = generated_response(operation, operation.example_request, world)
        assert first_error(operation, echoed) is None


def test_acceptance_every_operation():
    world = make_world(seed=3)
    failures = [msg for op in OPERATIONS if (msg := first_error(op, generated_response(op, {}, world)[0]))]
    assert len(OPERATIONS) == 660
    assert failures == []


def test_templates_are_marked_valid():
    assert [op.slug for op in OPERATIONS if not template_for(op, 0).valid] == []


# --- determinism ---------------------------------------------------------------------------------------
def digest(seed: int) -> str:
    world = make_world(seed)
    h = hashlib.sha256()
    for op in OPERATIONS:
        h.update(orjson.dumps(generated_response(op, {}, world)[0], option=orjson.OPT_SORT_KEYS))
    return h.hexdigest()


def test_same_seed_same_bodies_even_when_rebuilt():
    first = {op.slug: generated_response(op, {}, make_world(11))[0] for op in OPERATIONS}
    clear_cache()
    second = {op.slug: generated_response(op, {}, make_world(11))[0] for op in OPERATIONS}
    assert first == second


def test_bodies_do_not_depend_on_the_process():
    """No hash randomisation, no global RNG: a fresh interpreter with another hash seed agrees."""
    code = ("import sys; sys.path.insert(0, %r); from tests.generate.test_generate import digest; print(digest(5))"
            % str(ROOT))
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT,
                         check=True).stdout.strip().splitlines()[-1]
    assert out == digest(5)


def test_the_world_rng_is_left_alone():
    world = make_world(2)
    state = world.rng.getstate()
    for op in OPERATIONS[:50]:
        generated_response(op, {}, world)
    assert world.rng.getstate() == state


def test_different_seeds_give_different_synthesized_bodies():
    """Seeds matter wherever there is room for variety (bodies beyond a flag or an empty object)."""
    generated = [op for op in OPERATIONS if op.example_response is None
                 and len(orjson.dumps(generated_response(op, {}, make_world(1))[0])) > 60]
    differing = [op for op in generated
                 if generated_response(op, {}, make_world(1))[0] != generated_response(op, {}, make_world(2))[0]]
    assert len(generated) > 120
    assert len(differing) > len(generated) * 0.95


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**32), operation=st.sampled_from(OPERATIONS))
def test_any_seed_gives_a_valid_body(seed, operation):
    body, _ = generated_response(operation, {}, make_world(seed))
    assert first_error(operation, body) is None


# --- realism --------------------------------------------------------------------------------------------
ALL_BODIES = {op.slug: generated_response(op, {}, make_world())[0] for op in OPERATIONS}
GENERATED = {op.slug: ALL_BODIES[op.slug] for op in OPERATIONS if op.example_response is None}


def test_no_string_placeholder_anywhere():
    found = [(slug, path) for slug, body in ALL_BODIES.items() for path, _, value in leaves(body)
             if value == "string"]
    assert found == []


def test_generated_ids_are_positive():
    found = [(slug, path, value) for slug, body in GENERATED.items() for path, key, value in leaves(body)
             if id_family(key) and key not in LAST_PAGE and isinstance(value, int) and not isinstance(value, bool)
             and value <= 0]
    assert found == []


def test_generated_barcodes_are_valid_ean13():
    barcodes = [(slug, path, value) for slug, body in GENERATED.items() for path, key, value in leaves(body)
                if "barcode" in key.lower() and isinstance(value, str)]
    assert len(barcodes) > 10
    assert [b for b in barcodes if not is_ean13(b[2])] == []


def test_ean13_check_digit():
    assert is_ean13("4006381333931")
    assert not is_ean13("4006381333932")
    assert ean13_check_digit("400638133393") == 1


@given(st.integers(min_value=0, max_value=2**64))
def test_ean13_always_valid(seed):
    import random
    code = ean13(random.Random(seed))
    assert is_ean13(code) and code.startswith("46")


def test_generated_values_look_real():
    problems = []
    for slug, body in GENERATED.items():
        for path, key, value in leaves(body):
            if not isinstance(value, str):
                continue
            if key in ("price", "old_price", "min_price", "marketing_price") and not re.fullmatch(r"\d+\.\d{2}", value):
                problems.append((slug, path, value))
            if (key == "url" or key.endswith("_url")) and value and not value.startswith("https://"):
                problems.append((slug, path, value))
            if key == "posting_number" and not re.fullmatch(r"\d{8}-\d{4}-\d", value):
                problems.append((slug, path, value))
            if key in ("currency_code", "currency") and value not in ("RUB",) and len(value) != 3:
                problems.append((slug, path, value))
    assert problems == []


def test_product_names_are_russian():
    op = CATALOG.get("POST", "/v3/product/info/list")
    names = [value for _, key, value in leaves(GENERATED.get(op.slug) or {}) if key == "name"]
    generated_names = [value for body in GENERATED.values() for _, key, value in leaves(body)
                       if key in ("name", "product_name") and isinstance(value, str)]
    assert generated_names and all(re.search("[а-яА-Я]|[A-Z]{2,}", n) for n in generated_names + names)


# --- timestamps follow the clock ---------------------------------------------------------------------------
def synthesized_timestamps(operation):
    template = template_for(operation, 0)
    return [path for path, _ in template.timestamps]


def test_timestamps_come_from_the_clock():
    ops = [op for op in OPERATIONS if op.example_response is None and synthesized_timestamps(op)]
    assert len(ops) > 20
    for op in ops:
        world = make_world()
        before, _ = generated_response(op, {}, world)
        world.clock.advance(86400)
        after, _ = generated_response(op, {}, world)
        assert first_error(op, after) is None
        for path in synthesized_timestamps(op):
            a, b = get(before, path), get(after, path)
            assert ISO_MS.match(a) and ISO_MS.match(b), (op.slug, path, a)
            assert parse_iso(b) - parse_iso(a) == timedelta(days=1)


def test_created_at_is_in_the_past():
    seen = 0
    for op in OPERATIONS:
        if op.example_response is not None:
            continue
        body = ALL_BODIES[op.slug]
        for path in synthesized_timestamps(op):
            if path[-1] == "created_at":
                seen += 1
                assert parse_iso(get(body, path)) < START
    assert seen > 3


def get(node, path):
    for part in path:
        node = node[part]
    return node


# --- echo ---------------------------------------------------------------------------------------------
PRODUCT_INFO = CATALOG.get("POST", "/v3/product/info/list")


def test_product_ids_come_back_one_item_each():
    body, _ = generated_response(PRODUCT_INFO, {"product_id": [123, "456", 789]}, make_world())
    assert [item["id"] for item in body["items"]] == [123, 456, 789]
    assert len({item["sku"] for item in body["items"]}) == 3  # each product gets its own sku
    assert first_error(PRODUCT_INFO, body) is None


def test_offer_ids_come_back():
    body, _ = generated_response(PRODUCT_INFO, {"offer_id": ["MUG-1", "MUG-2"]}, make_world())
    assert [item["offer_id"] for item in body["items"]] == ["MUG-1", "MUG-2"]


def test_mixed_identifiers_give_the_union():
    body, _ = generated_response(PRODUCT_INFO, {"product_id": [5], "offer_id": ["A-1"], "sku": [77]}, make_world())
    items = body["items"]
    assert len(items) == 3
    assert items[0]["id"] == 5 and items[1]["offer_id"] == "A-1" and items[2]["sku"] == 77
    assert items[0]["offer_id"] != "A-1" and items[1]["id"] != 5  # a one-element list is not smeared over all


@pytest.mark.parametrize("path, items_at", [("/v3/product/list", ("result", "items")),
                                             ("/v4/product/info/stocks", ("items",)),
                                             ("/v5/product/info/prices", ("items",))])
def test_filtered_ids_come_back_and_totals_agree(path, items_at):
    op = CATALOG.get("POST", path)
    body, _ = generated_response(op, {"filter": {"product_id": [11, 22, 33, 44], "visibility": "ALL"},
                                      "limit": 100}, make_world())
    assert first_error(op, body) is None
    container = get(body, items_at[:-1])
    assert [item["product_id"] for item in container[items_at[-1]]] == [11, 22, 33, 44]
    assert container["total"] == 4


def test_same_id_same_item_across_calls():
    world = make_world()
    one, _ = generated_response(PRODUCT_INFO, {"product_id": [123, 456]}, world)
    two, _ = generated_response(PRODUCT_INFO, {"product_id": [456]}, world)
    assert one["items"][1] == two["items"][0]


def test_unusable_ids_are_not_echoed():
    body, _ = generated_response(PRODUCT_INFO, {"product_id": ["not-a-number", -5]}, make_world())
    assert first_error(PRODUCT_INFO, body) is None
    assert all(item["id"] > 0 for item in body["items"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.integers(min_value=1, max_value=2**63 - 1),
                          st.integers(min_value=1, max_value=2**63 - 1).map(str)), min_size=1, max_size=30))
def test_any_product_ids_are_echoed_and_valid(ids):
    body, _ = generated_response(PRODUCT_INFO, {"product_id": ids}, make_world())
    assert [item["id"] for item in body["items"]] == [int(i) for i in ids]
    assert first_error(PRODUCT_INFO, body) is None


@pytest.mark.parametrize("path", ["/v2/posting/fbs/get", "/v3/posting/fbs/get"])
@settings(max_examples=25, deadline=None)
@given(number=st.from_regex(r"\A[0-9]{8}-[0-9]{4}-[0-9]\Z"))
def test_posting_number_is_echoed(path, number):
    op = CATALOG.get("POST", path)
    body, _ = generated_response(op, {"posting_number": number}, make_world())
    assert body["result"]["posting_number"] == number
    assert first_error(op, body) is None


def _slot_values(body, path):
    """Values at a generalised path (None = every array item)."""
    if not path:
        yield body
        return
    head, rest = path[0], path[1:]
    if head is None:
        for item in body if isinstance(body, list) else ():
            yield from _slot_values(item, rest)
    elif isinstance(body, dict) and head in body:
        yield from _slot_values(body[head], rest)


ECHO_CASES = [(op, name) for op in OPERATIONS for name in template_for(op, 0).scalar_slots]


def test_scalar_identifiers_land_on_every_matching_field():
    """For every operation and identifier field: a request naming it gets it back everywhere that
    field sits at its shallowest level. Integers are sent as query-string text ("4242"), as GET
    requests carry them, and must come back as numbers."""
    assert len(ECHO_CASES) > 300
    checked = 0
    for op, name in ECHO_CASES:
        for path, schema in template_for(op, 0).scalar_slots[name]:
            like = next(_slot_values(orjson.loads(template_for(op, 0).body), path), None)
            sent, expected = ("4242", 4242) if isinstance(like, int) and not isinstance(like, bool) else \
                ("ECHO-4242", "ECHO-4242")
            if not scalar_fits(expected, schema):
                continue
            body, _ = generated_response(op, {name: sent}, make_world())
            assert first_error(op, body) is None
            values = list(_slot_values(body, path))
            assert values and all(v == expected for v in values), (op.slug, name, path, values)
            checked += 1
    assert checked > 300


WITH_REQUESTS = [op for op in OPERATIONS if isinstance(op.request_schema, dict)
                 and op.request_schema.get("type") == "object" and "$defs" not in op.request_schema]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
@given(data=st.data())
def test_any_valid_request_gives_a_valid_response(data):
    op = data.draw(st.sampled_from(WITH_REQUESTS))
    request = data.draw(from_schema(op.request_schema, side="request"))
    body, _ = generated_response(op, request, make_world())
    assert first_error(op, body) is None


# --- documented examples, conformed --------------------------------------------------------------------
def test_example_values_are_kept():
    body, source = generated_response(PRODUCT_INFO, {}, make_world())
    example = PRODUCT_INFO.example_response["items"][0]
    item = body["items"][0]
    assert source == "example"
    for key in ("name", "offer_id", "price", "id", "created_at"):
        if key in example:
            assert item[key] == example[key], key


def _resolve(schema, root):
    while isinstance(schema, dict) and "$ref" in schema:
        schema = root.get("$defs", {}).get(schema["$ref"].rsplit("/", 1)[-1], {})
    return schema


def _example_pairs(example, schema, root, path=()):
    """(path, example leaf, leaf schema) for leaves reached through plain properties / items."""
    schema = _resolve(schema, root)
    if not isinstance(schema, dict) or any(k in schema for k in ("anyOf", "oneOf", "allOf", "enum")):
        if isinstance(schema, dict) and "enum" in schema and not isinstance(example, (dict, list)):
            yield path, example, schema
        return
    if isinstance(example, dict) and isinstance(schema.get("properties"), dict):
        for key, value in example.items():
            if key in schema["properties"]:
                yield from _example_pairs(value, schema["properties"][key], root, path + (key,))
    elif isinstance(example, list) and isinstance(schema.get("items"), dict) and "maxItems" not in schema \
            and not schema.get("uniqueItems"):
        for index, value in enumerate(example):
            yield from _example_pairs(value, schema["items"], root, path + (index,))
    elif not isinstance(example, (dict, list)):
        yield path, example, schema


def test_every_valid_example_value_survives():
    """Across all documented examples: a leaf the schema accepts comes back unchanged; a numeric
    string where the schema says integer/number comes back as that number."""
    kept = coerced = 0
    lost = []
    for op in OPERATIONS:
        example = op.example_response
        if example is None:
            continue
        fillers = "string" in orjson.dumps(example).decode() and '"string"' in orjson.dumps(example).decode()
        body, _ = generated_response(op, {}, make_world())
        for path, value, schema in _example_pairs(example, op.response_schema, op.response_schema):
            name = next((p for p in reversed(path) if isinstance(p, str)), "")
            zero_means_none = {"reason", "parent", "previous"} & set(name.split("_"))
            if value == "string" or name in LAST_PAGE or (fillers and id_family(name) and value in (0, "0", "")
                                                          and not zero_means_none):
                continue
            try:
                actual = get(body, path)
            except (KeyError, IndexError, TypeError):
                lost.append((op.slug, path, value, "<missing>"))
                continue
            declared = schema.get("type")
            if scalar_fits(value, schema) and (schema.get("format") != "byte"):
                kept += 1
                if actual != value or type(actual) is not type(value):
                    lost.append((op.slug, path, value, actual))
            elif isinstance(value, str) and declared in ("integer", "number") and re.fullmatch(r"-?\d+", value):
                coerced += 1
                if actual != int(value):
                    lost.append((op.slug, path, value, actual))
    assert kept > 1000 and coerced > 10
    assert lost == []


def test_examples_end_pagination():
    """A fake answers every page alike, so it never promises another page."""
    checked = 0
    for op in OPERATIONS:
        example = op.example_response
        if isinstance(example, dict) and example.get("has_next") is True:
            body, _ = generated_response(op, {}, make_world())
            assert body["has_next"] is False
            checked += 1
    for op in OPERATIONS:
        body = ALL_BODIES[op.slug]
        for _, key, value in leaves(body):
            if key == "has_next":
                assert value is False, op.slug
                checked += 1
    assert checked > 0


# --- helpers -------------------------------------------------------------------------------------------
@given(st.sampled_from([r"^\d{8}-\d{4}-\d$", r"^[A-Z]{2}-[0-9]+$", r"^(RUB|USD|EUR)$", r"^[a-f0-9-]{36}$",
                        r"^\+7\d{10}$", r"[а-я]+\s\d{1,3}", r"^(?:ab|cd){2,4}x?$"]),
       st.integers(min_value=0, max_value=10**9))
def test_strings_from_patterns_match(pattern, seed):
    import random
    assert re.search(pattern, from_regex(pattern, random.Random(seed)))


# --- schemas harder than today's: the generator must keep up as schemas are refined ------------------------
TRICKY = {
    "nullable_anyof": {"type": "object",
                       "properties": {"a": {"anyOf": [{"type": "null"}, {"type": "integer", "minimum": 5}]}},
                       "required": ["a"]},
    "overlapping_oneof": {"type": "object",
                          "properties": {"v": {"oneOf": [{"type": "integer"}, {"type": "number", "minimum": 0}]}}},
    "pattern_and_lengths": {"type": "object", "properties": {
        "code": {"type": "string", "pattern": "^[A-Z]{3}-\\d{4}$"},
        "short": {"type": "string", "maxLength": 2, "minLength": 2},
        "offer_id": {"type": "string", "minLength": 40}}},
    "items_bounds": {"type": "object", "properties": {
        "many": {"type": "array", "items": {"type": "integer"}, "minItems": 5, "maxItems": 6},
        "none": {"type": "array", "items": {"type": "string"}, "maxItems": 0},
        "distinct": {"type": "array", "items": {"enum": ["A", "B"]}, "minItems": 2, "uniqueItems": True}}},
    "numbers": {"type": "object", "properties": {
        "price": {"type": "number", "multipleOf": 0.5, "minimum": 10, "maximum": 11},
        "ratio": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
        "neg": {"type": "integer", "maximum": -3},
        "product_id": {"type": "integer", "format": "int32"},
        "count": {"type": "integer", "multipleOf": 7, "minimum": 1}}},
    "const_enum": {"type": "object", "properties": {
        "kind": {"const": "fixed"}, "level": {"type": "integer", "enum": [0, 2, 4]},
        "state": {"type": "string", "enum": ["STATE_UNSPECIFIED", "READY"]}}},
    "required_undeclared": {"type": "object", "properties": {}, "required": ["posting_number", "sku"],
                            "additionalProperties": {"type": "string"}},
    "closed_object": {"type": "object", "additionalProperties": False, "minProperties": 1,
                      "properties": {"x": {"type": "boolean"}}},
    "impossible_optional": {"type": "object", "properties": {"never": False, "ok": {"type": "string"}}},
    "all_of": {"allOf": [{"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]},
                         {"properties": {"b": {"type": "string", "format": "date-time"}}, "required": ["b"]}]},
    "prefix_items": {"type": "object", "properties": {
        "pair": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}], "items": False,
                 "minItems": 2}}},
    "recursive": {"$defs": {"Node": {"type": "object", "required": ["children"], "properties": {
        "name": {"type": "string"}, "children": {"type": "array", "items": {"$ref": "#/$defs/Node"}}}}},
        "type": "object", "properties": {"root": {"$ref": "#/$defs/Node"}}},
    "mutual_recursion": {"$defs": {
        "A": {"type": "object", "required": ["b"],
              "properties": {"b": {"anyOf": [{"$ref": "#/$defs/B"}, {"type": "null"}]}}},
        "B": {"type": "object", "properties": {"a": {"type": "array", "items": {"$ref": "#/$defs/A"}}}}},
        "type": "object", "properties": {"start": {"$ref": "#/$defs/A"}}},
    "type_lists": {"type": "object", "properties": {
        "price": {"type": ["number", "string"]},
        "maybe": {"type": ["object", "null"], "properties": {"id": {"type": "integer"}}},
        "anything": {}, "untyped_id": {"minimum": 1}}},
    "not_and_if": {"type": "object", "properties": {
        "s": {"type": "string", "not": {"const": "standard"}},
        "n": {"type": "integer", "if": {"minimum": 10}, "then": {"multipleOf": 10}}}},
    "formats": {"type": "object", "properties": {
        "d": {"type": "string", "format": "date"}, "u": {"type": "string", "format": "uuid"},
        "e": {"type": "string", "format": "email"}, "link": {"type": "string", "format": "uri"}}},
    "array_root": {"type": "array", "items": {"type": "object", "properties": {"sku": {"type": "integer"}}}},
    "false_root": False,
}
TRICKY_EXAMPLES = {
    "numbers": {"price": "10.5", "ratio": "0.3", "neg": "-10", "product_id": "12", "count": 14},
    "const_enum": {"kind": "other", "level": "2", "state": "ready"},
    "type_lists": {"price": 12, "maybe": None, "anything": [1, "x"], "untyped_id": "7"},
    "items_bounds": {"many": ["1", 2], "none": ["x"], "distinct": ["A", "A"]},
    "pattern_and_lengths": {"code": "ABC-1234", "short": "toolong", "offer_id": "string"},
}


def tricky_operation(name, schema, example=None):
    from ozmock.catalog import Operation
    if isinstance(schema, dict):
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    document = {"operation": {"method": "POST", "path": f"/v1/tricky/{name}"}, "request": None,
                "response": schema, "examples": {"request": None, "response": example}}
    return Operation(document["operation"], None, document)


@pytest.mark.parametrize("name, with_example", [(name, False) for name in sorted(TRICKY)]
                         + [(name, True) for name in sorted(TRICKY_EXAMPLES)])
def test_tricky_schemas(name, with_example):
    example = TRICKY_EXAMPLES[name] if with_example else None
    op = tricky_operation(name, TRICKY[name], example)
    for seed in range(5):
        body, source = generated_response(op, {"product_id": [5, 6], "posting_number": "12345678-0001-1"},
                                          make_world(seed))
        if name == "false_root":
            continue  # nothing is valid; it must simply not raise
        assert first_error(op, body) is None, (seed, body)
        assert source == ("example" if example is not None else "generated")


def test_tricky_examples_keep_and_coerce():
    op = tricky_operation("numbers", TRICKY["numbers"], TRICKY_EXAMPLES["numbers"])
    body, _ = generated_response(op, {}, make_world())
    assert body["price"] == 10.5 and body["neg"] == -10 and body["product_id"] == 12 and body["count"] == 14
    op = tricky_operation("const_enum", TRICKY["const_enum"], TRICKY_EXAMPLES["const_enum"])
    body, _ = generated_response(op, {}, make_world())
    assert body == {"kind": "fixed", "level": 2, "state": "READY"}
    op = tricky_operation("pattern_and_lengths", TRICKY["pattern_and_lengths"], TRICKY_EXAMPLES["pattern_and_lengths"])
    body, _ = generated_response(op, {}, make_world())
    assert body["code"] == "ABC-1234" and len(body["short"]) == 2 and body["offer_id"] != "string"


@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(timezone.utc)))
def test_fast_timestamps_match_the_clock_format(instant):
    from ozmock.clock import iso
    from ozmock.generate.templates import _iso
    assert _iso(instant) == iso(instant)


def test_frozen_and_running_clocks_give_the_same_shape():
    op = CATALOG.get("POST", "/v3/posting/fbs/unfulfilled/list")
    running = World(seed=0, clock=Clock(START, "real"))
    frozen = make_world()
    for _ in range(3):
        a, _ = generated_response(op, {}, running)
        b, _ = generated_response(op, {}, frozen)
        assert first_error(op, a) is None and first_error(op, b) is None
    assert b == generated_response(op, {}, make_world())[0]
