"""A stand-in for the live API on a loopback port, differing from the contract on purpose, one kind
of difference per operation (`ANSWERS`); it counts the calls it receives and keeps their headers."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from ozmock.catalog import load_catalog
from ozmock.pipeline.shape import zero_value

KEY = "5f1b7c2e-live-key-0000-9d8e7f6a5b4c"
PHONE, NAME, EMAIL, ADDRESS = "+7 916 555-12-34", "Ivanova Maria", "maria.ivanova@example.ru", "Tverskaya 13, flat 7"


def complete(method: str, path: str) -> dict:
    """An answer with every documented field at its zero value: what the contract describes."""
    operation = load_catalog().get(method, path)
    return zero_value(operation.response_schema)


def warehouses() -> tuple[int, bytes]:
    """A warehouse with a field the contract lacks, one missing, a type and an enum mismatch; written
    with spaces, as orjson would not, so only exact bytes replay it."""
    schema = load_catalog().get("POST", "/v1/warehouse/list").response_schema
    item = zero_value(schema["properties"]["result"]["items"], schema)
    item.update(warehouse_id=1020000012345, name=5, surprise="new in the live API")
    del item["is_kgt"]
    item["first_mile_type"]["first_mile_type"] = "Teleport"
    return 200, json.dumps({"result": [item]}, indent=1).encode()


def posting() -> tuple[int, bytes]:
    """A posting whose buyer and addressee carry personal data, and a note naming an e-mail address."""
    body = complete("POST", "/v3/posting/fbs/get")
    result = body["result"]
    result["posting_number"] = "0123456789-0001-1"
    result["customer"].update(name=NAME, phone=PHONE, customer_id=77)
    result["customer"]["address"].update(address_tail=ADDRESS, city="Moscow", latitude=55.76, longitude=37.6)
    result["addressee"].update(name=NAME, phone=PHONE)
    result["buyer_note"] = f"write to {EMAIL} or call {PHONE}"
    return 200, json.dumps(body).encode()


ANSWERS = {
    "/v1/warehouse/list": warehouses,
    "/v3/posting/fbs/get": posting,
    # a status and an error message the contract does not know
    "/v1/product/import/info": lambda: (418, json.dumps({"code": 99, "message": "I'm a teapot",
                                                         "details": []}).encode()),
    # the live API refuses what ozmock accepts, and echoes the key in its message
    "/v5/product/info/prices": lambda: (400, json.dumps({"code": 3, "message": f"key {KEY} may not list prices",
                                                         "details": []}).encode()),
    # a file, printing the buyer's name: never kept
    "/v1/return/giveout/get-pdf": lambda: (200, b"%PDF-1.4 label for " + NAME.encode() + b" %%EOF"),
    # accepts whatever it is sent, answered as documented
    "/v3/product/list": lambda: (200, json.dumps(complete("POST", "/v3/product/list")).encode()),
}


class Upstream:
    """`with Upstream() as upstream:` serves ANSWERS on a free loopback port (`upstream.url`)."""

    def __init__(self):
        self.calls: list[tuple[str, dict[str, str], bytes]] = []
        upstream = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                upstream.calls.append((self.path, dict(self.headers), body))
                answer = ANSWERS.get(self.path.split("?")[0])
                status, payload = answer() if answer else (404, b'{"code":5,"message":"not found","details":[]}')
                self.send_response(status)
                self.send_header("content-type", "application/pdf" if payload.startswith(b"%PDF")
                                 else "application/json")
                self.send_header("content-length", str(len(payload)))
                self.send_header("x-o3-trace-id", "upstream-trace")
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> "Upstream":
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def answer_bytes(path: str) -> bytes:
    """The exact bytes the upstream answers at `path`."""
    return ANSWERS[path]()[1]
