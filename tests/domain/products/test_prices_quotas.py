"""Price updates with their documented rules, and the daily / total import quotas."""
from __future__ import annotations

import pytest

from .support import advance, finish, import_v3, item, ok


def set_price(client, **fields) -> dict:
    body = {"prices": [dict({"offer_id": "OZM-836-0001"}, **fields)]}
    return ok(client.post("/v1/product/import/prices", json=body))["result"][0]


def price_of(client, offer_id: str = "OZM-836-0001") -> dict:
    item_ = ok(client.post("/v5/product/info/prices", json={"filter": {"offer_id": [offer_id]}, "limit": 1}))
    return item_["items"][0]["price"]


def test_price_update_and_read_back(client):
    assert set_price(client, price="1500", old_price="1800", min_price="1000")["updated"]
    price = price_of(client)
    assert (price["price"], price["old_price"], price["min_price"]) == (1500, 1800, 1000)
    assert ok(client.post("/v3/product/info/list", json={"offer_id": ["OZM-836-0001"]}))["items"][0]["price"] == "1500"


def test_old_price_zero_resets_it(client):
    set_price(client, price="1500", old_price="1800")
    assert set_price(client, price="1400", old_price="0")["updated"]
    assert price_of(client)["old_price"] == 0


def test_unknown_product_is_an_item_error_and_others_update(client):
    result = ok(client.post("/v1/product/import/prices", json={"prices": [
        {"offer_id": "NOPE", "price": "100"}, {"offer_id": "OZM-836-0002", "price": "777", "old_price": "0"}]}))
    assert result["result"][0] == {"product_id": 0, "offer_id": "NOPE", "updated": False,
                                   "errors": [{"code": "NOT_FOUND_ERROR", "message": "Product not found"}]}
    assert result["result"][1]["updated"] is True


@pytest.mark.parametrize("price, old_price, code", [
    ("300", "310", "discount_for_low_price_is_too_small"),       # <= 400: more than 20 off
    ("1000", "1050", "discount_for_average_price_is_too_small"),  # 400..10 000: more than 5% off
    ("20000", "20400", "discount_for_top_price_is_too_small"),    # > 10 000: more than 500 off
    ("100", "1000", "discount_too_big"),                          # less than 90% off
    ("1000", "900", "old_price_less_than_price"),
    ("-5", "", "price_negative"),
    ("12.345", "", "invalid_price"),
])
def test_price_rules(client, price, old_price, code):
    before = price_of(client)
    result = set_price(client, price=price, old_price=old_price)
    assert result["updated"] is False and result["errors"][0]["code"] == code
    assert price_of(client) == before


@pytest.mark.parametrize("price, old_price", [("300", "321"), ("1000", "1053"), ("20000", "20501"), ("100", "999")])
def test_price_rules_allow_the_edge(client, price, old_price):
    assert set_price(client, price=price, old_price=old_price)["updated"]


@pytest.mark.parametrize("min_price, code", [("2000", "min_auto_price_too_big"), ("400", "min_auto_price_too_small")])
def test_min_price_rules(client, min_price, code):
    result = set_price(client, price="1000", old_price="0", min_price=min_price)
    assert result["errors"][0]["code"] == code


def test_price_currency_and_vat(client):
    assert set_price(client, price="1000", old_price="0", currency_code="EUR")["errors"][0]["code"] == \
        "currency_code_invalid"
    assert set_price(client, price="1000", old_price="0", vat="0.3")["errors"][0]["code"] == "vat_invalid"
    assert set_price(client, price="1000", old_price="0", vat="0.22")["updated"]
    assert price_of(client)["vat"] == 0.22


def test_ten_price_updates_an_hour_per_product(client):
    for n in range(10):
        assert set_price(client, price=str(1000 + n), old_price="0")["updated"], n
    eleventh = set_price(client, price="999", old_price="0")
    assert eleventh["updated"] is False
    assert eleventh["errors"][0]["message"] == "error limiting: acquire limit per item: items limit: limit exceeded"
    assert set_price(client, offer_id="OZM-836-0002", price="999", old_price="0")["updated"]
    advance(client, 3600)
    assert set_price(client, price="999", old_price="0")["updated"]


def test_every_price_view_agrees(client):
    set_price(client, offer_id="OZM-836-0003", price="2490", old_price="2990")
    v4 = ok(client.post("/v4/product/info/prices", json={"filter": {"offer_id": ["OZM-836-0003"]}, "limit": 10}))
    assert v4["result"]["items"][0]["price"]["price"] == "2490"
    v1 = ok(client.post("/v1/product/info/prices", json={"page": 1, "page_size": 100}))["result"]
    assert next(i for i in v1["items"] if i["offer_id"] == "OZM-836-0003")["price"]["old_price"] == "2990"
    assert v1["total"] == 14
    v2 = ok(client.post("/v2/product/info/list", json={"offer_id": ["OZM-836-0003"]}))["result"]["items"][0]
    assert v2["price"] == "2490"


# --- quotas ---------------------------------------------------------------------------------------
def limits(client, path: str = "/v4/product/info/limit") -> dict:
    return ok(client.post(path, json={}))


def to_midnight(client) -> float:
    from ozmock.clock import next_day, parse_iso
    now = parse_iso(ok(client.get("/__ozmock/clock"))["now"])
    return (next_day(now) - now).total_seconds()


def test_usage_counts_imported_items_and_resets_at_the_day_boundary(client):
    start = limits(client)
    assert start["daily_create"]["usage"] == 0 and start["total"]["usage"] == 14
    assert start["daily_create"]["reset_at"] == "2026-01-16T00:00:00.000Z"
    good = [item(f"Q-{n}") for n in range(5)]
    finish(client, import_v3(client, good + [item("Q-bad", depth=0)]))
    finish(client, import_v3(client, good[:2]))  # two updates
    now = limits(client)
    assert now["daily_create"]["usage"] == 5 and now["daily_update"]["usage"] == 2
    assert now["total"]["usage"] == 19
    assert client.post("/v2/product/info/limit", json={}).json()["code"] == 9     # known by path only
    advance(client, to_midnight(client) - 1)  # 23:59:59 the same day
    assert limits(client)["daily_create"]["usage"] == 5
    advance(client, 1)  # midnight UTC = 03:00 Moscow time
    after = limits(client)
    assert after["daily_create"]["usage"] == 0 and after["daily_update"]["usage"] == 0
    assert after["daily_create"]["reset_at"] == "2026-01-17T00:00:00.000Z" and after["total"]["usage"] == 19


def test_items_beyond_the_daily_create_limit_fail(ozon, client):
    ozon.world.settings.limits = {"products_daily_create": 3, "products_daily_update": 1}
    batch = [item(f"L-{n}") for n in range(5)]
    results = finish(client, import_v3(client, batch))
    assert [r["status"] for r in results] == ["imported"] * 3 + ["failed"] * 2
    assert results[3]["errors"][0]["code"] == "item_limit_exceeded"
    again = finish(client, import_v3(client, [dict(batch[0], name="A"), dict(batch[1], name="B"), item("L-9")]))
    assert [r["status"] for r in again] == ["imported", "failed", "failed"]
    assert {e["code"] for r in again[1:] for e in r["errors"]} == {"item_limit_exceeded"}
    assert limits(client)["daily_create"] == {"limit": 3, "usage": 3, "reset_at": "2026-01-16T00:00:00.000Z"}
    advance(client, 24 * 3600)
    assert finish(client, import_v3(client, [item("L-9")]))[0]["status"] == "imported"


def test_total_limit(ozon, client):
    ozon.world.settings.limits = {"products_total": 15}
    results = finish(client, import_v3(client, [item("T-1"), item("T-2")]))
    assert [r["status"] for r in results] == ["imported", "failed"]
    assert limits(client)["total"] == {"limit": 15, "usage": 15}
    archived = ok(client.post("/v3/product/list", json={"filter": {"visibility": "ARCHIVED"}, "limit": 10}))
    unarchive = client.post("/v1/product/unarchive", json={"product_id": [archived["result"]["items"][0]["product_id"]]})
    assert unarchive.status_code == 400 and unarchive.json()["message"] == "total limit exceeded"


def test_per_minute_product_operations(ozon, client):
    ozon.world.settings.limits = {"products_per_minute": 3}
    import_v3(client, [item(), item()])
    refused = client.post("/v3/product/import", json={"items": [item(), item()]})
    assert refused.status_code == 429
    assert refused.headers["Item-Rate-Limit-Remaining"] == "1" and refused.headers["Item-Retry-After"]
    assert limits(client)["operation_limits"] == {"limit": 3, "limit_type": "RATE_LIMIT_PER_MINUTE"}
    advance(client, 61)
    import_v3(client, [item(), item()])
