"""Saved state in process: writes are logged before they run and replay to the same world, reads write
nothing, a failed save changes nothing and answers 500/13, ids are never handed out twice."""
from __future__ import annotations

import base64
import logging
import random
import threading
from pathlib import Path

import httpx
import pytest

from ozmock.app import OzonApp
from ozmock.domain.products.seed import valid_item
from ozmock.scenario import build_world
from ozmock.store import Store, StoreError, open_saved_world
from ozmock.testing.transport import SyncOzonTransport
from tests.support import ok

HEADERS = {"Client-Id": "836", "Api-Key": "0296d4f2-70a1-4c09-b507-904fd05567b9"}


class Saved:
    """A world served with a store at `path`; `restart()` drops it and loads the store again."""

    def __init__(self, path: Path, **overrides):
        self.path, self.overrides = path, overrides
        self.start()

    def start(self) -> None:
        self.world, self.saved = open_saved_world(self.path, lambda: build_world("default", **self.overrides))
        self.app = OzonApp(self.world, saved_state=self.saved)
        self.client = httpx.Client(transport=SyncOzonTransport(self.app), base_url="http://ozon.mock",
                                   headers=HEADERS)

    def restart(self) -> None:
        self.client.close()
        self.saved.store.close()
        self.start()

    def files(self) -> list[tuple[int, int]]:
        """Size and modification time of the store's files: what a write to disk changes."""
        found = []
        for path in (self.path, self.path.with_name(self.path.name + "-wal")):
            stat = path.stat() if path.exists() else None
            found.append((stat.st_size, stat.st_mtime_ns) if stat else (0, 0))
        return found


@pytest.fixture
def served(tmp_path):
    served = Saved(tmp_path / "state" / "world.db", rate_limit_per_second=None)
    yield served
    served.client.close()
    served.saved.store.close()


def import_items(client, *offers: str) -> int:
    rng = random.Random(",".join(offers))
    return ok(client.post("/v3/product/import", json={"items": [valid_item(rng, offer) for offer in offers]})
              )["result"]["task_id"]


def support_chat(client) -> str:
    chats = ok(client.post("/v3/chat/list", json={"limit": 10}))["chats"]
    return chats[0]["chat"]["chat_id"]


def send_file(client, chat_id: str, name: str) -> str:
    """Sends a file into the chat; its URL, as the chat history shows it."""
    ok(client.post("/v1/chat/send/file", json={"chat_id": chat_id, "name": name,
                                               "base64_content": base64.b64encode(b"%PDF-1.4 x").decode()}))
    history = ok(client.post("/v3/chat/history", json={"chat_id": chat_id, "limit": 1, "direction": "Backward"}))
    return history["messages"][0]["data"][0]


def chat_texts(client, chat_id: str) -> list[str]:
    history = ok(client.post("/v3/chat/history", json={"chat_id": chat_id, "limit": 1000}))
    return [text for message in history["messages"] for text in message["data"]]


def test_missing_folder_is_created_and_the_store_replays_to_the_same_world(served):
    assert served.path.parent.is_dir()
    import_items(served.client, "R-1", "R-2")
    ok(served.client.post("/v1/product/archive", json={"product_id": [300000001]}))
    ok(served.client.post("/v1/product/import/prices", json={"prices": [
        {"offer_id": "R-1", "price": "990", "old_price": "1200", "currency_code": "RUB"}]}))
    before = served.world.to_json()
    served.restart()
    assert served.world.to_json() == before


def test_reads_write_nothing_and_a_write_writes_one_entry(served):
    client = served.client
    files, appended = served.files(), served.saved.store.appended
    ok(client.post("/v3/product/list", json={"limit": 5}))
    ok(client.post("/v3/chat/list", json={"limit": 5}))
    ok(client.post("/v1/product/info/wrong-volume", json={"limit": 5}))        # generated
    assert client.post("/v2/products/stocks", json={"stocks": "nope"}).status_code == 400
    ok(client.post("/v3/product/list", json={"limit": 5}, headers={"Client-Id": "837",
                                                                   "Api-Key": "5f0c1a3e-9b7d-4e21-8c64-2a1d9e7b3f08"}))
    assert served.files() == files and served.saved.store.appended == appended
    ok(client.post("/v1/product/archive", json={"product_id": [300000001]}))
    assert served.saved.store.appended == appended + 1
    assert served.files() != files


def test_no_id_is_handed_out_twice_across_restarts(served):
    chat_id = support_chat(served.client)
    first_task = import_items(served.client, "ID-1")
    first_file = send_file(served.client, chat_id, "before.pdf")
    served.restart()
    second_task = import_items(served.client, "ID-2")
    second_file = send_file(served.client, chat_id, "after.pdf")
    assert second_task != first_task
    assert first_file.split("/")[-2] != second_file.split("/")[-2]        # the file ids in the URLs
    assert {first_file, second_file} <= set(chat_texts(served.client, chat_id))   # the old URL is the old file


def test_a_failed_save_answers_500_code_13_and_changes_nothing(served, caplog):
    client = served.client
    pages = served.saved.store._db.execute("PRAGMA page_count").fetchone()[0]
    served.saved.store._db.execute(f"PRAGMA max_page_count = {pages}")    # the disk is full from here on
    caplog.set_level(logging.ERROR, logger="ozmock")
    for attempt in range(200):
        before = served.world.to_json()
        answer = client.post("/v3/product/import", json={"items": [
            valid_item(random.Random(attempt), f"FULL-{attempt}-{n}") for n in range(20)]})
        if answer.status_code != 200:
            break
    assert answer.status_code == 500 and answer.json()["code"] == 13
    assert served.world.to_json() == before                     # nothing half-applied in memory
    entry = served.world.journal.entries()[-1]
    assert (entry.status, entry.response["code"]) == (500, 13)    # the journal says what the client saw
    assert any(str(served.path) in record.message and "full" in record.message for record in caplog.records)
    assert client.post("/v3/product/list", json={"limit": 5}).status_code == 200    # reads keep working
    served.restart()
    assert served.world.to_json() == before                     # nor on disk


def test_a_control_write_that_cannot_be_saved_answers_500_code_13_in_the_api_shape(served, caplog):
    pages = served.saved.store._db.execute("PRAGMA page_count").fetchone()[0]
    served.saved.store._db.execute(f"PRAGMA max_page_count = {pages}")    # the disk is full from here on
    caplog.set_level(logging.ERROR, logger="ozmock")
    answer = served.client.post("/__ozmock/clock/advance", json={"seconds": 60})
    assert answer.status_code == 500
    assert answer.json()["code"] == 13 and set(answer.json()) == {"code", "message", "details"}
    assert any("/__ozmock/clock/advance" in record.message and "not saved" in record.message
               for record in caplog.records)


def test_sixty_four_concurrent_writers_leave_exact_counters(served):
    errors: list[str] = []

    def writer(number: int) -> None:
        with httpx.Client(transport=SyncOzonTransport(served.app), base_url="http://ozon.mock",
                          headers=HEADERS) as client:
            for round_ in range(3):
                answer = client.post("/v3/product/import", json={"items": [
                    valid_item(random.Random(number * 10 + round_), f"W{number:02d}-{round_}")]})
                if answer.status_code != 200:
                    errors.append(answer.text)

    threads = [threading.Thread(target=writer, args=(number,)) for number in range(64)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    counters, products = dict(served.world.counters), served.world.to_json()["sellers"][0]["areas"]["products"]
    served.restart()
    assert served.world.counters == counters
    assert served.world.to_json()["sellers"][0]["areas"]["products"] == products
    offers = {p["offer_id"] for p in products["products"]}
    assert {f"W{n:02d}-{r}" for n in range(64) for r in range(3)} <= offers


def fbs_order_ids(client, client_id: int, api_key: str) -> set[int]:
    listed = ok(client.post("/v3/posting/fbs/list", headers={"Client-Id": str(client_id), "Api-Key": api_key}, json={
        "filter": {"since": "2025-12-01T00:00:00Z", "to": "2026-02-01T00:00:00Z"}, "limit": 1000, "offset": 0}))
    return {posting["order_id"] for posting in listed["result"]["postings"]}


def test_a_read_that_hands_out_ids_is_kept_for_replay(served):
    """Orders arriving on the clock get their ids when a read settles them; after a restart, orders
    made for another seller must not be given the same ids."""
    ok(served.client.post("/__ozmock/orders/836/generators", json={"every_minutes": 1, "scheme": "fbs"}))
    ok(served.client.post("/__ozmock/clock/advance", json={"seconds": 300}))
    files = served.files()
    seen = fbs_order_ids(served.client, 836, HEADERS["Api-Key"])        # the read settles five orders
    assert served.files() != files
    served.restart()
    made = ok(served.client.post("/__ozmock/orders/837/create", json={"count": 3}))["postings"]
    assert {posting["order_id"] for posting in made}.isdisjoint(seen)
    assert fbs_order_ids(served.client, 836, HEADERS["Api-Key"]) >= seen


def test_sync_full_fsyncs_each_commit_and_other_modes_are_refused(tmp_path):
    store = Store(tmp_path / "full.db", "full")
    assert store._db.execute("PRAGMA synchronous").fetchone()[0] == 2          # FULL
    store.close()
    with pytest.raises(StoreError, match="state sync must be one of normal, full, not 'off'"):
        Store(tmp_path / "off.db", "off")
