"""Helpers for the orders tests: postings made through the orders area, readers of the answers."""
from __future__ import annotations

import base64
import io

from ozmock.domain.orders.entry import create_orders
from ozmock.domain.orders.model import store_of
from tests.support import ok  # noqa: F401  (the orders tests import it from here with the other readers)

SINCE = "2025-06-01T00:00:00Z"
TO = "2026-05-31T00:00:00Z"


def new_postings(ozon, count=1, scheme="fbs", client_id=836, **options):
    return create_orders(ozon.world, ozon.seller(client_id), count, scheme=scheme, **options)


def new_posting(ozon, scheme="fbs", **options):
    return new_postings(ozon, 1, scheme, **options)[0]


def posting_of(ozon, number, client_id=836):
    return store_of(ozon.seller(client_id)).get(number)


def error(response, status=400):
    assert response.status_code == status, response.text
    return response.json()


def get_v3(client, number, **with_):
    return ok(client.post("/v3/posting/fbs/get", json={"posting_number": number, "with": with_}))["result"]


def ship_all(client, posting, version="v4"):
    products = [{"product_id": line["sku"], "quantity": line["quantity"]} for line in posting.lines]
    if version == "v2":
        return client.post("/v2/posting/fbs/ship", json={"posting_number": posting.number, "packages": [
            {"items": [{"sku": line["sku"], "quantity": line["quantity"]} for line in posting.lines]}]})
    return client.post(f"/{version}/posting/fbs/ship", json={"posting_number": posting.number,
                                                             "packages": [{"products": products}]})


def pdf_text(source):
    """Text and page count of a PDF: a file response (labels, acts) or a JSON body carrying base64."""
    from pypdf import PdfReader
    if hasattr(source, "content"):
        assert source.status_code == 200, source.text[:300]
        assert source.headers["content-type"] == "application/pdf"
        raw = source.content
    elif isinstance(source, bytes):
        raw = source
    else:
        raw = base64.b64decode(source["file_content"] if "file_content" in source else source["base64_content"])
    assert raw.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(raw))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)
