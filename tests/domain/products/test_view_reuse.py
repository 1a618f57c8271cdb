"""`/v3/product/info/list` reuses a product's record until the product changes: every kind of product
write is seen by the next read, exactly as a record built afresh would show it."""
from __future__ import annotations

import pytest

from ozmock.domain.products.model import products_of

from .support import advance, create_ready, finish, first_warehouse, import_v3, item, ok

SELLER = 836


def read(client, offer_ids: list[str]) -> list[dict]:
    return ok(client.post("/v3/product/info/list", json={"offer_id": offer_ids}))["items"]


def read_afresh(ozon, client, offer_ids: list[str]) -> list[dict]:
    """The same read with every kept record dropped first: the records as built from scratch."""
    for product in products_of(ozon.world.sellers[SELLER]).products.values():
        product.changed()
    return read(client, offer_ids)


def api_write(path: str, body) -> callable:
    return lambda ozon, client, product: ok(client.post(path, json=body(client, product)))


def store_move(move: str) -> callable:
    def run(ozon, client, product):
        store = products_of(ozon.world.sellers[SELLER])
        with ozon.world.lock:
            getattr(store, move)(store.get(product["id"]), first_warehouse(client), 2)
    return run


def generate_barcode(ozon, client, product):
    """Ozon generates a barcode only for a card without one: clear them, read (kept again), generate."""
    with ozon.world.lock:
        products_of(ozon.world.sellers[SELLER]).get(product["id"]).barcodes = []
    assert read(client, [product["offer_id"]])[0]["barcodes"] == []
    ok(client.post("/v1/barcode/generate", json={"product_ids": [product["id"]]}))


WRITES = {
    "price": api_write("/v1/product/import/prices", lambda c, p: {"prices": [
        {"offer_id": p["offer_id"], "price": "1999", "old_price": "2999", "currency_code": "RUB"}]}),
    "stock": api_write("/v2/products/stocks", lambda c, p: {"stocks": [
        {"offer_id": p["offer_id"], "product_id": 0, "stock": 7, "warehouse_id": first_warehouse(c)}]}),
    "archive": api_write("/v1/product/archive", lambda c, p: {"product_id": [p["id"]]}),
    "barcode added": api_write("/v1/barcode/add", lambda c, p: {"barcodes": [
        {"barcode": "4600000099990", "sku": p["sku"]}]}),
    "barcode generated": lambda ozon, client, product: generate_barcode(ozon, client, product),
    "pictures": api_write("/v1/product/pictures/import", lambda c, p: {
        "product_id": p["id"], "images": ["https://example.com/new.jpg"], "images360": []}),
    "offer id": api_write("/v1/product/update/offer-id", lambda c, p: {"update_offer_id": [
        {"offer_id": p["offer_id"], "new_offer_id": p["offer_id"] + "-R"}]}),
    "prepayment": api_write("/v1/product/prepayment/set", lambda c, p: {
        "products_ids": [p["id"]], "is_prepayment": True}),
    "re-import": api_write("/v3/product/import", lambda c, p: {"items": [
        item(p["offer_id"], seed=p["id"], name="Renamed by a re-import")]}),
    "reserve": store_move("reserve"),
    "set stock": store_move("set_stock"),
}


@pytest.mark.parametrize("kind", list(WRITES))
def test_each_kind_of_product_write_is_seen_by_the_next_read(ozon, client, kind):
    product = create_ready(client, item())[0]
    ok(client.post("/v2/products/stocks", json={"stocks": [
        {"offer_id": product["offer_id"], "product_id": 0, "stock": 5, "warehouse_id": first_warehouse(client)}]}))
    advance(client, 31)                                   # the stock pair's 30 s
    before = read(client, [product["offer_id"]])          # built, then kept
    assert read(client, [product["offer_id"]]) == before  # reused
    WRITES[kind](ozon, client, product)
    offer_ids = [p.offer_id for p in products_of(ozon.world.sellers[SELLER]).products.values()
                 if p.product_id == product["id"]]
    after = read(client, offer_ids)
    assert after != before, "the write changed nothing a read shows"
    assert after == read_afresh(ozon, client, offer_ids)


def test_a_card_joining_a_model_is_seen_by_the_cards_already_in_it(ozon, client):
    """`model_info.count` reads the other cards: a new card with the same model name changes it."""
    from ozmock.domain.catalogue.model import MODEL_ATTRIBUTE
    model = {"id": MODEL_ATTRIBUTE, "complex_id": 0, "values": [{"dictionary_value_id": 0, "value": "Shared model"}]}
    first = item()
    first["attributes"] = [a for a in first["attributes"] if a["id"] != MODEL_ATTRIBUTE] + [model]
    created = create_ready(client, first)[0]
    alone = read(client, [created["offer_id"]])[0]["model_info"]
    second = item()
    second["attributes"] = [a for a in second["attributes"] if a["id"] != MODEL_ATTRIBUTE] + [model]
    create_ready(client, second)
    together = read(client, [created["offer_id"]])
    assert together[0]["model_info"] == {"model_id": alone["model_id"], "count": alone["count"] + 1}
    assert together == read_afresh(ozon, client, [created["offer_id"]])


def test_the_clock_walking_a_card_through_its_phases_is_seen_by_each_read(ozon, client):
    card = item()
    finish(client, import_v3(client, [card]), done=("imported", "processing", "processed", "failed"), step=0.5)
    seen = []
    for _ in range(12):
        seen.append(read(client, [card["offer_id"]])[0])
        assert [seen[-1]] == read_afresh(ozon, client, [card["offer_id"]])
        advance(client, 0.5)
    statuses = [(s["statuses"]["status"], s["sku"] != 0) for s in seen]
    assert statuses[-1] == ("price_sent", True) and len(set(statuses)) >= 2, statuses


def test_only_the_newest_views_are_kept_and_reads_stay_the_same(ozon, client, monkeypatch):
    """Past `VIEWS_KEPT` products the oldest record is dropped (memory stays bounded on a big catalogue)."""
    from ozmock.domain.products import model as product_model
    monkeypatch.setattr(product_model, "VIEWS_KEPT", 2)
    store = products_of(ozon.world.sellers[SELLER])
    offer_ids = [p.offer_id for p in list(store.products.values())[:3]]
    first = read(client, offer_ids)
    assert sum(p.view is not None for p in store.products.values()) == 2
    assert read(client, offer_ids) == first == read_afresh(ozon, client, offer_ids)
