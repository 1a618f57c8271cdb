"""Bodies other than JSON: multipart/form-data where the contract declares it, read into the same
request a JSON body gives; files kept and served back byte for byte; base64 checked where JSON
carries a file; file answers in the shape their schema declares."""
from __future__ import annotations

import base64

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ozmock.pipeline.multipart import parse_multipart
from tests.domain.orders.support import new_posting
from tests.support import ok

CERTIFICATE = {"name": "Декларация о соответствии", "number": "ЕАЭС N RU Д-RU.PA01.B.12345/26",
               "type_code": "declaration", "accordance_type_code": "gost", "issue_date": "2026-01-10T00:00:00Z"}
QUICK = settings(max_examples=20, deadline=None, database=None, suppress_health_check=list(HealthCheck))


def test_a_certificate_created_by_form_is_stored_and_read_back(ozon, client):
    answer = client.post("/v1/product/certificate/create", data=CERTIFICATE,
                         files=[("files", ("scan.pdf", b"%PDF-1.4 scan", "application/pdf")),
                                ("files", ("scan.jpg", b"\xff\xd8\xff jpeg", "image/jpeg"))])
    assert answer.status_code == 200 and answer.headers["x-ozmock-source"] == "stateful", answer.text
    certificate_id = answer.json()["id"]
    info = ok(client.post("/v1/product/certificate/info", json={"certificate_number": CERTIFICATE["number"]}))
    assert info["result"]["certificate_id"] == certificate_id
    assert info["result"]["certificate_name"] == CERTIFICATE["name"]
    assert info["result"]["status_code"] == "awaiting_verification"
    ozon.clock.advance(60)
    listed = ok(client.post("/v1/product/certificate/list", json={"page": 1, "page_size": 10}))["result"]
    assert [(c["certificate_id"], c["status_code"]) for c in listed["certificates"]] == [(certificate_id, "approved")]


def test_a_certificate_without_files_is_refused_and_nothing_stored(client):
    fields = [(name, (None, value)) for name, value in CERTIFICATE.items()]     # a form with no file part
    answer = client.post("/v1/product/certificate/create", files=fields)
    # refused by the contract's `required` rule, or by the domain where that rule only warns
    assert answer.status_code == 400
    assert answer.json()["message"] in ("files: value is required", "a certificate needs at least one file")
    assert ok(client.post("/v1/product/certificate/list", json={"page": 1, "page_size": 10}))["result"][
        "certificates"] == []


def test_a_receipt_uploaded_as_a_form_or_as_json_is_served_back(ozon, client):
    posting = new_posting(ozon)
    form = client.post("/v1/receipts/upload", files={"content": ("receipt.pdf", b"%PDF receipt one", "application/pdf")},
                       data={"posting_numbers": posting.number, "receipt_number": "R-1", "type": "INCOMING",
                             "operation_type": "COMMODITY"})
    as_json = client.post("/v1/receipts/upload", json={
        "content": base64.b64encode(b"%PDF receipt two").decode(), "posting_numbers": [posting.number],
        "receipt_number": "R-2", "type": "REFUND", "operation_type": "COMMODITY"})
    for answer, content in ((form, b"%PDF receipt one"), (as_json, b"%PDF receipt two")):
        receipt_id = ok(answer)["receipt_id"]
        got = ok(client.post("/v1/receipts/get", json={"receipt_id": receipt_id}))
        assert base64.b64decode(got["content"]) == content
    listed = ok(client.post("/v1/receipts/seller/list", json={"posting_numbers": [posting.number]}))["receipts"]
    assert [(r["receipt_number"], r["type"]) for r in listed] == [("R-1", "INCOMING"), ("R-2", "REFUND")]


@pytest.mark.parametrize("content, message", [("not base64!", "content: value must be a base64-encoded file"),
                                              ("QUJD=X", "content: value must be a base64-encoded file"),
                                              ("", "the receipt file is empty")])
def test_json_files_must_be_base64(ozon, client, content, message):
    posting = new_posting(ozon)
    answer = client.post("/v1/receipts/upload", json={"content": content, "posting_numbers": [posting.number],
                                                      "receipt_number": "R", "type": "INCOMING",
                                                      "operation_type": "COMMODITY"})
    assert answer.status_code == 400 and answer.json()["message"] == message
    assert ok(client.post("/v1/receipts/seller/list", json={}))["receipts"] == []


def test_a_form_where_the_contract_has_none_is_not_json(client):
    answer = client.post("/v1/warehouse/list", data={"limit": "10"})
    assert answer.status_code == 400 and "not valid JSON" in answer.json()["message"]


def test_a_form_without_a_boundary_is_refused(client):
    answer = client.post("/v1/product/certificate/create", content=b"name=x",
                         headers={"content-type": "multipart/form-data"})
    assert answer.status_code == 400 and "boundary" in answer.json()["message"]


@QUICK
@given(fields=st.dictionaries(st.text("abcdefgh_", min_size=1, max_size=8),
                              st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=20),
                              max_size=5),
       payload=st.binary(max_size=64))
def test_any_form_reads_back_as_sent(fields, payload):
    """Text fields come back as the text sent, a file part as the base64 of its bytes."""
    boundary = "ozmockBoundary7MA4YWxkTrZu0gW"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
             for name, value in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="upload"; filename="f.bin"\r\n'
                 f"Content-Type: application/octet-stream\r\n\r\n".encode() + payload + b"\r\n")
    raw = b"".join(parts) + f"--{boundary}--\r\n".encode()
    read = parse_multipart(raw, f"multipart/form-data; boundary={boundary}", None)
    assert read == {**fields, "upload": base64.b64encode(payload).decode()}


def test_giveout_files_are_json_as_their_schema_declares(client):
    for path, media_type, magic in (("/v1/return/giveout/get-png", "image/png", b"\x89PNG"),
                                    ("/v1/return/giveout/get-pdf", "application/pdf", b"%PDF")):
        answer = client.post(path, json={})
        assert answer.headers["content-type"] == "application/json"
        body = answer.json()
        assert body["content_type"] == media_type and base64.b64decode(body["file_content"]).startswith(magic)
