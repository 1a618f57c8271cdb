"""What `ozmock proxy` adds to a call: the same request straight to an upstream and through the proxy.

Run by hand: `.venv/bin/python bench/proxy.py --calls 300`. Both run in process over httpx's ASGI
transport, the upstream being a bare Starlette app answering fixed JSON, so the difference is the
proxy's own work (routing, the write rule, forwarding, the comparison with the contract, masking, the
journal and the request log), not a network. Prints the median and p90 per case, the proxy/direct
ratio of medians and the milliseconds added. No assertions: figures are for people.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import time
from pathlib import Path

import httpx
import orjson
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ozmock.catalog import load_catalog  # noqa: E402
from ozmock.pipeline.shape import zero_value  # noqa: E402
from ozmock.proxy.app import ProxyApp  # noqa: E402

HEADERS = {"Client-Id": "836", "Api-Key": "0296d4f2-70a1-4c09-b507-904fd05567b9"}


def product_list(count: int, extra: bool) -> bytes:
    """A /v3/product/list answer with `count` documented items (each with an undocumented field when `extra`)."""
    schema = load_catalog().get("POST", "/v3/product/list").response_schema
    item = zero_value(schema["properties"]["result"]["properties"]["items"]["items"], schema)
    items = [dict(item, product_id=index, offer_id=f"OFFER-{index}", **({"surprise": 1} if extra else {}))
             for index in range(count)]
    return orjson.dumps({"result": {"items": items, "total": count, "last_id": ""}})


def posting() -> bytes:
    body = zero_value(load_catalog().get("POST", "/v3/posting/fbs/get").response_schema)
    body["result"]["customer"].update(name="Ivanova Maria", phone="+7 916 555-12-34")
    return orjson.dumps(body)


CASES = {  # name: (path, request body, upstream answer)
    "product list, 100 items as documented": ("/v3/product/list", {"limit": 100}, product_list(100, False)),
    "product list, 100 items, a field undocumented": ("/v3/product/list", {"limit": 100}, product_list(100, True)),
    "product list, 1000 items as documented": ("/v3/product/list", {"limit": 1000}, product_list(1000, False)),
    "posting with personal data": ("/v3/posting/fbs/get", {"posting_number": "1-1-1"}, posting()),
}


def upstream_app(answers: dict[str, bytes]) -> Starlette:
    """Answers by the `case` of the query (the proxy forwards it as it is)."""
    async def answer(request):
        await request.body()
        return Response(answers[request.query_params["case"]], media_type="application/json")

    return Starlette(routes=[Route("/{path:path}", answer, methods=["POST"])])


async def timed(client: httpx.AsyncClient, path: str, body: dict, calls: int) -> list[float]:
    for _ in range(20):                                   # warm-up: compiled validators, caches
        await client.post(path, json=body, headers=HEADERS)
    times = []
    for _ in range(calls):
        began = time.perf_counter()
        response = await client.post(path, json=body, headers=HEADERS)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, response.text
    return times


async def main(calls: int) -> None:
    logging.getLogger("ozmock").setLevel(logging.WARNING)       # the request log is measured, not printed
    logging.getLogger("ozmock.requests").setLevel(logging.INFO)
    logging.getLogger("ozmock.requests").addHandler(logging.NullHandler())
    logging.getLogger("ozmock.requests").propagate = False
    upstream = upstream_app({str(index): answer for index, (_, _, answer) in enumerate(CASES.values())})
    proxy = ProxyApp("http://upstream", transport=httpx.ASGITransport(app=upstream))
    direct = httpx.AsyncClient(transport=httpx.ASGITransport(app=upstream), base_url="http://upstream")
    through = httpx.AsyncClient(transport=httpx.ASGITransport(app=proxy), base_url="http://proxy")
    print(f"{'case':50} {'direct p50/p90 ms':>18} {'proxy p50/p90 ms':>18} {'ratio':>6} {'added ms':>9}")
    for index, (name, (path, body, _)) in enumerate(CASES.items()):
        path = f"{path}?case={index}"
        plain, proxied = await timed(direct, path, body, calls), await timed(through, path, body, calls)
        p50, q50 = statistics.median(plain), statistics.median(proxied)
        p90, q90 = statistics.quantiles(plain, n=10)[-1], statistics.quantiles(proxied, n=10)[-1]
        print(f"{name:50} {p50:8.2f} /{p90:7.2f} {q50:9.2f} /{q90:7.2f} {q50 / p50:6.1f} {q50 - p50:9.2f}")
    await direct.aclose()
    await through.aclose()
    await proxy.aclose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=300)
    asyncio.run(main(parser.parse_args().calls))
