"""Helpers shared by the tests: the repository root, answer checks, postings made through the
orders area's Python API, and starting `ozmock serve` as a process."""
from __future__ import annotations

import socket
import time
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
