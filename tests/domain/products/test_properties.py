"""Properties that hold for all inputs: valid items read back as imported, and no schema-valid body
makes a product operation fail (500) or answer outside its contract."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ozmock import OzonMock
from ozmock.catalog import load_catalog
from ozmock.domain.catalogue.model import catalogue
from ozmock.strategies import from_schema

from .test_isolation_and_state import PRODUCT_OPERATIONS

TYPES = sorted((t.category_id, t.id) for t in catalogue().types.values() if not t.disabled)


@st.composite
def valid_items(draw, offer_ids):
    category_id, type_id = draw(st.sampled_from(TYPES))
    cat = catalogue()
    attributes = []
    for attribute, required in cat.attributes_for(category_id, type_id):
        if not required or attribute.id == 8229:
            continue
        dictionary = cat.dictionary_for(attribute, category_id)
        if dictionary is not None:
            value = draw(st.sampled_from(dictionary.values[:50]))
            attributes.append({"id": attribute.id, "values": [{"dictionary_value_id": value.id}]})
        elif attribute.type == "Integer":
            attributes.append({"id": attribute.id, "values": [{"value": str(draw(st.integers(1, 10_000)))}]})
        else:
            attributes.append({"id": attribute.id, "values": [{"value": draw(st.text(min_size=1, max_size=40).filter(
                str.strip))}]})
    cents = draw(st.integers(1, 10_000_000))
    price = Decimal(cents) / 100
    old = draw(st.one_of(st.just(""), st.integers(cents + 1, cents * 3).map(lambda c: str(Decimal(c) / 100))))
    unit = draw(st.sampled_from(["mm", "cm", "in"]))
    weight_unit = draw(st.sampled_from(["g", "kg", "lb"]))
    weight_cap = {"g": 1_000_000, "kg": 1000, "lb": 2204}[weight_unit]
    return {
        "offer_id": draw(offer_ids), "name": draw(st.text(min_size=1, max_size=500).filter(str.strip)),
        "description_category_id": category_id, "type_id": type_id, "attributes": attributes,
        "price": str(price), "old_price": old, "vat": draw(st.sampled_from(["0", "0.05", "0.07", "0.1", "0.2", "0.22"])),
        "currency_code": "RUB", "depth": draw(st.integers(1, 100_000)), "width": draw(st.integers(1, 100_000)),
        "height": draw(st.integers(1, 100_000)), "dimension_unit": unit, "weight": draw(st.integers(1, weight_cap)),
        "weight_unit": weight_unit, "images": draw(st.lists(st.just("https://e.com/i.jpg"), max_size=5)),
    }


OFFER_IDS = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-_", min_size=1, max_size=50)


@pytest.fixture(scope="module")
def world():
    mock = OzonMock(strict=True, rate_limit_per_second=None)
    yield mock, mock.snapshot()


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(batch=st.lists(valid_items(OFFER_IDS), min_size=1, max_size=12, unique_by=lambda i: i["offer_id"]))
def test_import_then_read_back(world, batch):
    ozon, snapshot = world
    ozon.restore(snapshot)
    with ozon.client() as client:
        task_id = client.post("/v3/product/import", json={"items": batch}).json()["result"]["task_id"]
        client.post("/__ozmock/clock/advance", json={"seconds": 10})
        results = client.post("/v1/product/import/info", json={"task_id": task_id}).json()["result"]["items"]
        assert [r["status"] for r in results] == ["imported"] * len(batch), results
        offer_ids = [i["offer_id"] for i in batch]
        read = {p["offer_id"]: p for p in client.post("/v3/product/info/list", json={"offer_id": offer_ids}).json()[
            "items"]}
        attributes = {p["offer_id"]: p for p in client.post("/v4/product/info/attributes", json={
            "filter": {"offer_id": offer_ids}, "limit": 1000}).json()["result"]}
    assert set(read) == set(attributes) == set(offer_ids)
    for sent in batch:
        product, card = read[sent["offer_id"]], attributes[sent["offer_id"]]
        assert product["name"] == sent["name"] == card["name"]
        assert Decimal(product["price"]) == Decimal(sent["price"])
        assert Decimal(product["old_price"] or 0) == Decimal(sent["old_price"] or 0)
        assert product["vat"] == str(Decimal(sent["vat"]).normalize()) if sent["vat"] != "0" else product["vat"] == "0"
        assert (card["depth"], card["width"], card["height"], card["dimension_unit"]) == (
            sent["depth"], sent["width"], sent["height"], sent["dimension_unit"])
        assert (card["weight"], card["weight_unit"]) == (sent["weight"], sent["weight_unit"])
        assert (product["description_category_id"], product["type_id"]) == (sent["description_category_id"],
                                                                            sent["type_id"])


CATALOG = load_catalog()
OPERATIONS = [CATALOG.get(*line.split(" ", 1)) for line in PRODUCT_OPERATIONS.strip().splitlines()]


@pytest.fixture(scope="module")
def fuzz_client():
    with OzonMock(strict=True, rate_limit_per_second=None) as ozon, ozon.client() as client:
        ozon.world.settings.limits = {"stocks_requests_per_minute": None, "products_per_minute": None}
        yield client


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: f"{op.method} {op.path}")
def test_valid_bodies_never_break_a_product_operation(fuzz_client, operation):
    if operation.method == "GET":
        response = fuzz_client.get(operation.path, params={"language": "EN"})
        assert response.status_code == 200
        return

    @settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(body=from_schema(operation.request_schema, side="response"))     # odd-but-valid values, not realistic
    def check(body):
        response = fuzz_client.post(operation.path, json=body)
        assert response.status_code < 500, response.text  # strict mode: a response outside the schema is a 500
        assert response.status_code in (200, 400, 404, 429), response.text

    check()


def documented_discount_ok(price: Decimal, old: Decimal) -> bool:
    """The Errors tag's rules for a price with a crossed-out old price."""
    gap = old - price
    if gap <= 0 or gap / old >= Decimal("0.9"):
        return False
    if price <= 400:
        return gap > 20
    if price <= 10_000:
        return gap / old > Decimal("0.05")
    return gap > 500


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(price=st.integers(1, 5_000_000), old=st.integers(1, 5_000_000))
def test_discount_rule_holds_for_all_prices(world, price, old):
    ozon, snapshot = world
    ozon.restore(snapshot)
    price_, old_ = Decimal(price) / 100, Decimal(old) / 100
    with ozon.client() as client:
        result = client.post("/v1/product/import/prices", json={"prices": [
            {"offer_id": "OZM-836-0001", "price": str(price_), "old_price": str(old_)}]}).json()["result"][0]
    assert result["updated"] == documented_discount_ok(price_, old_), result


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(gaps=st.lists(st.sampled_from([0, 1, 5, 10, 29, 29.5, 30, 31, 45, 60]), min_size=1, max_size=8))
def test_a_pair_is_written_at_most_once_per_30_seconds(world, gaps):
    ozon, snapshot = world
    ozon.restore(snapshot)
    with ozon.client() as client:
        warehouse = client.post("/v1/warehouse/list", json={"limit": 1}).json()["result"][0]["warehouse_id"]
        last, elapsed = None, 0.0
        for n, gap in enumerate(gaps):
            client.post("/__ozmock/clock/advance", json={"seconds": gap})
            elapsed += gap
            result = client.post("/v2/products/stocks", json={"stocks": [
                {"offer_id": "OZM-836-0009", "product_id": 0, "stock": n, "warehouse_id": warehouse}]}).json()
            expected = last is None or elapsed - last >= 30
            assert result["result"][0]["updated"] == expected, (gaps, n, result)
            if expected:
                last = elapsed
