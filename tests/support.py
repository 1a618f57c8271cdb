"""Helpers shared by the tests: the repository root, answer checks, postings made through the
orders area's Python API, and starting `ozmock serve` as a process."""
from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

from ozmock.domain.orders.entry import create_orders

ROOT = Path(__file__).resolve().parents[1]


def ok(response: httpx.Response) -> dict:
    assert response.status_code == 200, response.text
    return response.json()


def orders(ozon, client_id=836, count=1, scheme="fbs", **options):
    """New postings for a seller (the orders area's Python API)."""
    return create_orders(ozon.world, ozon.seller(client_id), count, scheme=scheme, **options)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, timeout: float = 60.0) -> dict:
    """GET `url` until it answers 200 (the server is up); returns the JSON body."""
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            response = httpx.get(url, timeout=2)
            if response.status_code == 200:
                return response.json()
        except httpx.HTTPError as error:
            last = error
        time.sleep(0.05)
    raise TimeoutError(f"{url} did not answer within {timeout} s: {last!r}")


class PushReceiver:
    """A push receiver on a loopback port: records what arrives, answers as told (`mode`: ok, fail,
    wrong), every answer carrying `extra` fields too (a secret the journal must never keep)."""

    def __init__(self, mode: str = "ok", extra: dict | None = None):
        self.mode = mode
        self.extra = extra or {}
        self.messages: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                receiver.messages.append(body)
                if receiver.mode == "fail":
                    self._answer(500, {"error": {"code": "ERROR_UNKNOWN", "message": "ошибка", "details": None}})
                elif receiver.mode == "wrong":
                    self._answer(200, {"ok": True})
                elif body.get("message_type") == "TYPE_PING":
                    self._answer(200, {"version": "1.0", "name": "test-bot", "time": body["time"]})
                else:
                    self._answer(200, {"result": True})

            def _answer(self, status, payload):
                raw = json.dumps({**payload, **receiver.extra}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/push"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def of_type(self, kind: str) -> list[dict]:
        return [m for m in list(self.messages) if m.get("message_type") == kind]

    def close(self):
        self.server.shutdown()
        self.server.server_close()
