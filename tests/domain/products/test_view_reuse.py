"""`/v3/product/info/list` and `/v3/product/list` reuse a product's item until the product changes:
every kind of product write is seen by the next read, byte for byte as an item built afresh would
show it. Every test runs on a strict world (items kept as records, the answer's tree checked) and on
a lenient one (items kept as their encoded JSON)."""
from __future__ import annotations

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ozmock import OzonMock
from ozmock.domain.products import views
from ozmock.domain.products.model import products_of

from .support import advance, create_ready, finish, first_warehouse, import_v3, item, ok

SELLER = 836
FIRST_PAGE = {"filter": {"visibility": "ALL"}, "limit": 1000}


@pytest.fixture(params=[True, False], ids=["strict", "encoded"])
def ozon(request):
    with OzonMock(strict=request.param) as mock:
        yield mock


def read(client, offer_ids: list[str]) -> list[dict]:
    return ok(client.post("/v3/product/info/list", json={"offer_id": offer_ids}))["items"]


def drop_kept(ozon) -> None:
    for product in products_of(ozon.world.sellers[SELLER]).products.values():
        product.changed()


def read_afresh(ozon, client, offer_ids: list[str]) -> list[dict]:
    """The same read with every kept item dropped first: the records as built from scratch."""
    drop_kept(ozon)
    return read(client, offer_ids)


def answers(client, offer_ids: list[str]) -> tuple[bytes, bytes]:
    """The bytes of the info/list answer for these cards and of the list's first page."""
    info = client.post("/v3/product/info/list", json={"offer_id": offer_ids})
    listed = client.post("/v3/product/list", json=FIRST_PAGE)
    assert info.status_code == listed.status_code == 200, (info.text, listed.text)
    return info.content, listed.content


def answers_afresh(ozon, client, offer_ids: list[str]) -> tuple[bytes, bytes]:
    drop_kept(ozon)
    return answers(client, offer_ids)


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
    before = answers(client, [product["offer_id"]])       # built, then kept
    assert answers(client, [product["offer_id"]]) == before  # reused
    WRITES[kind](ozon, client, product)
    offer_ids = [p.offer_id for p in products_of(ozon.world.sellers[SELLER]).products.values()
                 if p.product_id == product["id"]]
    after = answers(client, offer_ids)
    assert after[0] != before[0], "the write changed nothing a read shows"
    assert after == answers_afresh(ozon, client, offer_ids)


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
        assert answers(client, [card["offer_id"]]) == answers_afresh(ozon, client, [card["offer_id"]])
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


def test_strict_and_encoded_items_are_the_same_bytes(ozon, client):
    """A world's strictness only decides the form an item is kept in: flipping it midway reads the
    same bytes, from items kept in the other form and from items built afresh."""
    offer_ids = [p.offer_id for p in products_of(ozon.world.sellers[SELLER]).products.values()]
    first = answers(client, offer_ids)
    ozon.world.settings.strict = not ozon.world.settings.strict
    assert answers(client, offer_ids) == first == answers_afresh(ozon, client, offer_ids)
    ozon.world.settings.strict = not ozon.world.settings.strict
    assert answers(client, offer_ids) == first


def test_the_journal_keeps_a_reused_answer_as_sent(ozon, client):
    offer_ids = [p.offer_id for p in products_of(ozon.world.sellers[SELLER]).products.values()]
    answers(client, offer_ids)
    info, listed = answers(client, offer_ids)
    last_two = list(ozon.journal)[-2:]
    assert [entry.response for entry in last_two] == [orjson.loads(info), orjson.loads(listed)]


def test_a_kept_item_is_reused_exactly_while_its_phase_and_sku_hold():
    """For every pair of instants (on a half-second grid, so they often fall on a phase's or the SKU's
    turn): the item kept at the first and read at the second is the item built at the second."""
    with OzonMock(clock="frozen") as mock:
        world = mock.world
        store = products_of(world.sellers[SELLER])
        product = next(p for p in store.products.values() if p.sku)
        base, sku = product.submitted_at, product.sku

        @settings(max_examples=400, deadline=None)
        @given(submitted=st.integers(0, 12), shown=st.one_of(st.none(), st.integers(0, 24)),
               first=st.integers(0, 30), second=st.integers(0, 30), encoded=st.booleans())
        def reused_as_built(submitted, shown, first, second, encoded):
            product.submitted_at = base + submitted / 2
            product.sku, product.sku_at = (0, 0.0) if shown is None else (sku, base + shown / 2)
            kept_at, read_at = base + first / 2, base + second / 2
            with world.lock:
                views.info_items(store, [product], kept_at, world, encoded=encoded)
                views.encoded_list_items([product], kept_at)
                reused = (views.info_items(store, [product], read_at, world, encoded=encoded),
                          views.encoded_list_items([product], read_at))
                product.changed()
                built = (views.info_items(store, [product], read_at, world, encoded=encoded),
                         [views.list_item(product, read_at)])
            assert orjson.dumps(reused) == orjson.dumps(built)

        reused_as_built()
