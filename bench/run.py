"""Throughput and latency of ozmock against a bare Starlette ceiling, over HTTP and in-process.

Run by hand: `make bench` (or `.venv/bin/python bench/run.py --seconds 5`). Prints requests/second,
p50/p99 latency per operation, the ozmock/ceiling ratio, start-up time to the first good response
and RSS after start. `--startup` times `ozmock serve` to its first answer per scenario; `--build` the
world build of a scenario in process, per seeded section; `--memory N` reads RSS along N in-process
calls. The careful HTTP comparison is `http_vs_ceiling.py`. No assertions: figures are for people.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))   # the in-process figures are of this tree's ozmock, not the one the venv installed
BIN = Path(sys.executable).parent
HEADERS = {"Client-Id": "836", "Api-Key": "0296d4f2-70a1-4c09-b507-904fd05567b9"}
IMPORT_ITEM = {"offer_id": "BENCH-1", "name": "Кружка керамическая 350 мл", "description_category_id": 17028922,
               "type_id": 91565, "price": "499", "old_price": "699", "vat": "0.2", "currency_code": "RUB",
               "height": 100, "width": 90, "depth": 90, "dimension_unit": "mm", "weight": 350,
               "weight_unit": "g", "images": [],
               # the category's required attributes (brand: "Нет бренда"; model name), so every import is
               # accepted and updates the card, as a sync loop's does (without them each task fails its item)
               "attributes": [{"id": 85, "values": [{"dictionary_value_id": 126745801}]},
                              {"id": 9048, "values": [{"value": "Кружка 350"}]}]}
CASES = {
    "/v3/product/info/list": {"offer_id": ["BENCH-1"]},
    "/v3/product/list": {"filter": {"visibility": "ALL"}, "limit": 100},
    "/v3/product/import": {"items": [IMPORT_ITEM]},
}
# The four endpoints (bench/http_vs_ceiling.py, bench/profile.py); bodies that name ids are filled in by
# `endpoint_bodies` from the world they are sent to.
ENDPOINTS = ("/v3/product/info/list", "/v3/product/list", "/v1/product/import/info", "/v3/product/import")


def endpoint_bodies(client: httpx.Client) -> dict[str, bytes]:
    """The four endpoints' request bodies, encoded: info/list of 10 of the seller's product ids, the
    first list page, the info of an import task made here, and a one-card import (an update after
    the first call, as a sync loop sends it)."""
    listed = client.post("/v3/product/list", json={"filter": {"visibility": "ALL"}, "limit": 10}).json()
    ids = [item["product_id"] for item in listed["result"]["items"]][:10]
    task = client.post("/v3/product/import", json={"items": [IMPORT_ITEM]}).json()["result"]["task_id"]
    bodies = {"/v3/product/info/list": {"product_id": ids},
              "/v3/product/list": CASES["/v3/product/list"],
              "/v1/product/import/info": {"task_id": task},
              "/v3/product/import": CASES["/v3/product/import"]}
    return {path: json.dumps(bodies[path]).encode() for path in ENDPOINTS}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used (/proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start(command: list[str], port: int) -> tuple[subprocess.Popen, float]:
    began = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:
        try:
            response = httpx.post(f"http://127.0.0.1:{port}/v3/product/list", json={}, headers=HEADERS, timeout=1)
            if response.status_code == 200:
                return process, time.perf_counter() - began
        except httpx.TransportError:
            pass
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {command}")
        time.sleep(0.01)


async def load(port: int, path: str, body: dict, seconds: float, connections: int) -> list[float]:
    """Keep-alive HTTP/1.1 clients on raw sockets: cheap enough not to be the bottleneck."""
    payload = json.dumps(body).encode()
    request = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nClient-Id: 836\r\n"
               f"Api-Key: {HEADERS['Api-Key']}\r\nContent-Type: application/json\r\n"
               f"Content-Length: {len(payload)}\r\n\r\n").encode() + payload
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    async def worker():
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while time.perf_counter() < deadline:
            sent = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = int(next(line.split(b":")[1] for line in head.split(b"\r\n")
                              if line.lower().startswith(b"content-length")))
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - sent)
        writer.close()

    await asyncio.gather(*(worker() for _ in range(connections)))
    return latencies


def summary(latencies: list[float], seconds: float) -> dict[str, float]:
    ordered = sorted(latencies)
    return {"rps": len(ordered) / seconds, "p50_ms": statistics.median(ordered) * 1000,
            "p99_ms": ordered[int(len(ordered) * 0.99) - 1] * 1000}


def over_http(seconds: float, connections: int) -> None:
    port, ceiling_port = free_port(), free_port()
    ozmock, startup = start([sys.executable, "-m", "ozmock", "serve", "--port", str(port), "--clock", "frozen",
                             "--no-rate-limit", "--log-level", "warning"], port)
    print(f"start-up to first good response: {startup * 1000:.0f} ms; RSS after start: {rss_mib(ozmock.pid):.1f} MiB")
    ceiling, _ = start([str(BIN / "uvicorn"), "--app-dir", str(ROOT / "bench"), "ceiling_app:app", "--port",
                        str(ceiling_port), "--log-level", "warning", "--no-access-log"], ceiling_port)
    try:
        ceiling_figures = summary(asyncio.run(load(ceiling_port, "/x", {}, seconds, connections)), seconds)
        print(f"ceiling (bare Starlette, fixed JSON): {ceiling_figures['rps']:.0f} req/s, "
              f"p50 {ceiling_figures['p50_ms']:.2f} ms, p99 {ceiling_figures['p99_ms']:.2f} ms")
        for path, body in CASES.items():
            figures = summary(asyncio.run(load(port, path, body, seconds, connections)), seconds)
            print(f"HTTP {path}: {figures['rps']:.0f} req/s, p50 {figures['p50_ms']:.2f} ms, "
                  f"p99 {figures['p99_ms']:.2f} ms, ratio to ceiling {figures['rps'] / ceiling_figures['rps']:.2f}")
        print(f"RSS after load: {rss_mib(ozmock.pid):.1f} MiB")
    finally:
        for process in (ozmock, ceiling):
            process.terminate()
            process.wait()


def in_process(seconds: float) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from ceiling_app import app as ceiling_app

    from ozmock import OzonMock

    async def ceiling_run() -> list[float]:
        latencies = []
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=ceiling_app), base_url="http://c") as client:
            deadline = time.perf_counter() + seconds
            while time.perf_counter() < deadline:
                sent = time.perf_counter()
                await client.post("/x", json={})
                latencies.append(time.perf_counter() - sent)
        return latencies

    ceiling_figures = summary(asyncio.run(ceiling_run()), seconds)
    print(f"in-process ceiling (httpx ASGITransport -> bare Starlette): {ceiling_figures['rps']:.0f} req/s, "
          f"p50 {ceiling_figures['p50_ms']:.3f} ms")
    with OzonMock(clock="frozen", rate_limit_per_second=None) as ozon, ozon.client() as client:
        for path, body in CASES.items():
            latencies = []
            deadline, cpu = time.perf_counter() + seconds, time.thread_time()
            while time.perf_counter() < deadline:
                sent = time.perf_counter()
                client.post(path, json=body)
                latencies.append(time.perf_counter() - sent)
            cpu = time.thread_time() - cpu
            figures = summary(latencies, seconds)
            print(f"in-process {path}: {figures['rps']:.0f} req/s, p50 {figures['p50_ms']:.3f} ms, "
                  f"p99 {figures['p99_ms']:.3f} ms, ratio to ceiling {figures['rps'] / ceiling_figures['rps']:.2f}; "
                  f"{len(latencies) / cpu:.0f} calls per CPU second through httpx.Client, "
                  f"{transport_rate(client, path, body, seconds):.0f} through the transport alone "
                  f"(load average {os.getloadavg()[0]:.2f})")


def transport_rate(client: httpx.Client, path: str, body: dict, seconds: float) -> float:
    """Calls per CPU second of `ozon_mock`'s transport itself (`handle_request` on a built request): what
    ozmock costs in process, without httpx's client around it (request building, cookies, hooks)."""
    transport = client._transport
    request = client.build_request("POST", path, json=body)
    calls, cpu = 0, time.thread_time()
    deadline = cpu + seconds
    while time.thread_time() < deadline:
        for _ in range(100):
            transport.handle_request(request).read()
        calls += 100
    return calls / (time.thread_time() - cpu)


def startup(scenarios: list[str], times: int) -> None:
    """`ozmock serve` to its first good answer, per scenario: median and worst of `times` starts. ozmock's
    bytecode is compiled first, as an installed package has it (with PYTHONDONTWRITEBYTECODE set, as
    on this machine, every start would otherwise compile ozmock's ~180 modules from source)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "ozmock")], check=True)
    for scenario in scenarios:
        seconds, cpu = [], []
        for _ in range(times):
            port = free_port()
            process, took = start([sys.executable, "-m", "ozmock", "serve", "--port", str(port), "--scenario", scenario,
                                   "--log-level", "warning"], port)
            cpu.append(cpu_seconds(process.pid))
            process.terminate()
            process.wait()
            seconds.append(took)
        print(f"start-up to first good answer, {scenario}: median {statistics.median(seconds) * 1000:.0f} ms, "
              f"worst {max(seconds) * 1000:.0f} ms; the server's CPU time to it: median "
              f"{statistics.median(cpu) * 1000:.0f} ms ({times} starts, load average {os.getloadavg()[0]:.2f})")


def build(scenarios: list[str], times: int) -> None:
    """CPU time of building a scenario's world in process, as `ozmock serve` builds it at start (the
    collector off), and of each seeded section (`products:`, `postings:`, ...) within it: median and
    least of `times` builds after one warm build (the catalogue and compiled tables are made once a
    process). What start-up spends beyond the default scenario's is this."""
    import gc

    from ozmock import registry
    from ozmock.scenario import load_scenario, world_from_scenario

    spent: dict[str, float] = {}

    def timed(section, seeder):
        def seed(world, seller, spec):
            began = time.process_time()
            try:
                seeder(world, seller, spec)
            finally:
                spent[section] = spent.get(section, 0.0) + time.process_time() - began
        return seed

    originals = dict(registry.SEEDERS)
    registry.SEEDERS.update({section: timed(section, seeder) for section, seeder in originals.items()})
    try:
        for scenario in scenarios:
            data = load_scenario(scenario)
            world_from_scenario(data)
            rows = []
            for _ in range(times):
                gc.collect()
                gc.disable()
                spent.clear()
                began = time.process_time()
                world = world_from_scenario(data)
                rows.append({"world": time.process_time() - began, **spent})
                del world                    # freed outside the timing
                gc.enable()
            print(f"world build, {scenario} ({times} builds, load average {os.getloadavg()[0]:.2f}), "
                  "CPU ms median / least: " + ", ".join(f"{name} {statistics.median(r.get(name, 0.0) for r in rows) * 1000:.0f} / "
                              f"{min(r.get(name, 0.0) for r in rows) * 1000:.0f}" for name in rows[0]))
    finally:
        registry.SEEDERS.update(originals)


def memory(total: int, reads_only: bool) -> None:
    """RSS of an in-process default world after `total` calls of the four endpoints in turn (straight into
    the pipeline, journal on). Reads only, the world stays the same size, so RSS should stop growing; an
    import adds a task to the world (kept, as Ozon keeps them) and so grows it by design."""
    from ozmock import OzonMock
    from ozmock.pipeline.run import Request

    with OzonMock(clock="frozen", rate_limit_per_second=None, limits={"products_daily_update": None}) as ozon, \
            ozon.client() as client:
        requests = [Request("POST", path, {"client-id": HEADERS["Client-Id"], "api-key": HEADERS["Api-Key"]}, body)
                    for path, body in endpoint_bodies(client).items()
                    if not (reads_only and path == "/v3/product/import")]
        handle = ozon.app.pipeline.handle
        print(f"RSS at start: {rss_mib(os.getpid()):.1f} MiB")
        step = max(total // 10, 1)
        for done in range(0, total, step):
            for n in range(min(step, total - done)):
                handle(requests[n % len(requests)])
            print(f"RSS after {done + step:>9,} calls: {rss_mib(os.getpid()):.1f} MiB "
                  f"(journal {len(ozon.journal)} entries, {ozon.journal.bytes / 2**20:.1f} MiB of bodies)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--startup", nargs="*", metavar="SCENARIO",
                        help="only time `ozmock serve` to its first answer (default: default busy-shop)")
    parser.add_argument("--build", nargs="*", metavar="SCENARIO",
                        help="only the CPU time of building a scenario's world in process (default: busy-shop)")
    parser.add_argument("--memory", type=int, metavar="CALLS", help="only RSS after this many in-process calls")
    parser.add_argument("--reads-only", action="store_true", help="with --memory: without the import")
    parser.add_argument("--in-process", action="store_true", help="only the in-process figures")
    args = parser.parse_args()
    if args.startup is not None:
        startup(args.startup or ["default", "busy-shop"], 5)
    elif args.build is not None:
        build(args.build or ["busy-shop"], 7)
    elif args.memory:
        memory(args.memory, args.reads_only)
    elif args.in_process:
        in_process(args.seconds)
    else:
        over_http(args.seconds, args.connections)
        in_process(args.seconds)


if __name__ == "__main__":
    main()
