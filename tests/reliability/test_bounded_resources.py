"""Memory with a bound: the journal (entries and bytes), report files (freed on expiry and beyond the
newest kept), control-API builds (refused above a documented size), and a journal whose entries come
in order when threads share the in-process transport."""
from __future__ import annotations

import threading

import httpx
import pytest

from ozmock.control.sellers import MAX_BUILD_ITEMS
from ozmock.domain.money import reports
from ozmock.pipeline.bounds import MAX_BODY_BYTES
from ozmock.pipeline.journal import Journal

from ..support import ok

pytestmark = pytest.mark.ozon_options(rate_limit_per_second=None)


def record(journal: Journal, size: int) -> None:
    journal.record(at="", method="POST", path="/p", operation=None, client_id=836, status=200, request={},
                   response={}, source="stateful", trace_id="t", duration_ms=0.0, size=size)


def test_the_journal_drops_its_oldest_entries_beyond_its_bytes():
    journal = Journal(size=1000, max_bytes=1000)
    for _ in range(10):
        record(journal, 300)
    assert [entry.seq for entry in journal] == [8, 9, 10] and journal.bytes == 900
    journal.resize(2)
    assert [entry.seq for entry in journal] == [9, 10] and journal.bytes == 600
    record(journal, 5000)                  # one entry larger than the bound is still kept, alone
    assert [entry.seq for entry in journal] == [11] and journal.bytes == 5000
    journal.clear()
    assert journal.bytes == 0 and len(journal) == 0


def test_large_bodies_through_the_api_keep_the_journal_within_its_bytes(ozon, client):
    ozon.journal.max_bytes = 2_000_000
    body = {"filter": {"offer_id": ["x" * 1000] * 400}, "limit": 1}      # about 400 KB each
    for _ in range(12):
        assert client.post("/v3/product/list", json=body).status_code == 200
    assert ozon.journal.bytes <= 2_000_000 and 3 <= len(ozon.journal) <= 5


def test_unauthenticated_bodies_are_kept_as_a_note_not_as_documents(client):
    body = b'{"items": [' + b'"x",' * 50_000 + b'"x"]}'
    client.post("/v3/product/import", content=body, headers={"Client-Id": "", "Api-Key": ""})
    entry = ok(client.get("/__ozmock/journal"))["entries"][-1]
    assert entry["status"] == 401 and entry["request"] == f"<{len(body)} bytes, not kept>"


def test_report_files_are_freed_beyond_the_newest_kept_and_answer_410(ozon, client, monkeypatch):
    monkeypatch.setattr(reports, "FILES_KEPT", 2)
    codes = [ok(client.post("/v1/report/products/create", json={}))["result"]["code"] for _ in range(3)]
    ozon.advance(seconds=60)
    files = [ok(client.post("/v1/report/info", json={"code": code}))["result"]["file"] for code in codes]
    assert client.get(files[0]).status_code == 410
    assert [client.get(url).status_code for url in files[1:]] == [200, 200]


def test_report_files_are_freed_once_expired(ozon, client):
    code = ok(client.post("/v1/report/products/create", json={}))["result"]["code"]
    ozon.advance(days=4)
    ok(client.post("/v1/report/products/create", json={}))
    state = reports.reports_of(ozon.seller())["reports"]
    assert state[code]["content"] is None
    url = ok(client.post("/v1/report/info", json={"code": code}))["result"]["file"]
    assert client.get(url).status_code == 410


@pytest.mark.parametrize("sections", [{"products": {"count": 200_000}}, {"products": {"count": "200000"}},
                                      {"products": {"count": 1e30}}, {"postings": {"count": 3000},
                                                                      "products": {"count": 3000}}])
def test_control_builds_above_the_documented_size_are_refused_at_once(ozon, client, sections):
    answer = client.post("/__ozmock/sellers", json=sections)
    assert answer.status_code == 400 and str(MAX_BUILD_ITEMS) in answer.json()["message"]
    assert set(ozon.sellers) == {836, 837}


def test_a_control_build_within_the_size_is_made(ozon, client):
    seller = ok(client.post("/__ozmock/sellers", json={"products": {"count": 30}}))
    with ozon.client(ozon.credentials_for(seller["client_id"])) as theirs:
        assert ok(theirs.post("/v3/product/list", json={"limit": 100}))["result"]["total"] == 30


def test_journal_entries_come_in_sequence_when_threads_share_the_transport(ozon):
    def calls():
        with ozon.client() as client:
            for _ in range(40):
                client.post("/v1/roles")

    threads = [threading.Thread(target=calls) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sequence = [entry.seq for entry in ozon.journal]
    assert len(sequence) == 240 and sequence == sorted(sequence)
    assert sequence == list(range(sequence[0], sequence[0] + 240))


def test_over_http_a_large_body_is_refused_by_its_length_before_it_is_read(ozon):
    base = ozon.serve()
    try:
        for path in ("/v3/product/list", "/__ozmock/faults"):
            answer = httpx.post(base + path, content=b"x" * (MAX_BODY_BYTES + 1), headers=ozon.headers, timeout=30)
            assert answer.status_code == 413 and answer.json()["code"] == 3, path
        assert httpx.post(base + "/v1/roles", headers=ozon.headers, timeout=30).status_code == 200
    finally:
        ozon.stop()
