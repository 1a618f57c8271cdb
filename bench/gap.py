"""Where ozmock's HTTP gap to its ceiling lives: uvicorn and the edge, or the pipeline, and why the
pipeline costs more inside a server than in a loop of itself.

    .venv/bin/python bench/gap.py                                  # info/list, 3 rounds x 3 s
    .venv/bin/python bench/gap.py --endpoint /v3/product/import --rounds 5

1. Over HTTP (same core, same load, alternating, as `http_vs_ceiling.py`), server CPU µs per request:
   - `ceiling`: the bare Starlette app answering 46 bytes;
   - `ceiling, ozmock's answer`: the same app answering the bytes ozmock answers this call;
   - `ozmock edge, fixed answer`: ozmock's own ASGI app on the same uvicorn with its pipeline replaced
     by that answer and its headers (what uvicorn, the edge and the answer's size cost ozmock);
   - `ozmock`: the whole server (journal off, as `http_vs_ceiling.py --no-journal`).
   The last two differ by the pipeline as it runs inside the server.
2. In process: the pipeline alone per call, with N KB of memory written between calls (0, 256 KB,
   2 MB, 8 MB): what uvicorn, the kernel and the machine's other processes do to the CPU caches
   between two calls in a server. Least of 7 blocks of 1,000 calls.

No assertions: figures are for people.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from http_vs_ceiling import bench_scenario, lua_script, serve, wrk  # noqa: E402
from run import BIN, HEADERS, ROOT, endpoint_bodies, free_port  # noqa: E402

SWEEPS_KB = (0, 256, 2048, 8192)
SETTINGS = {"rate_limit_per_second": None, "journal_size": 0, "limits": {"products_daily_update": None}}


def fixed_answer_server(port: int, answer: Path) -> None:
    """(Run as `gap.py --fixed-server PORT FILE`.) ozmock's app on uvicorn, its pipeline answering
    `answer`'s bytes with the headers the pipeline sets, whatever the call."""
    import gc

    import uvicorn

    from ozmock import OzonMock
    from ozmock.pipeline.run import Reply, new_trace_id

    body = answer.read_bytes()
    ozon = OzonMock(clock="frozen", **SETTINGS).__enter__()
    ozon.app.dispatch = lambda request: Reply(200, body, {"x-o3-trace-id": new_trace_id(),
                                                          "x-ozmock-source": "stateful",
                                                          "content-type": "application/json"})
    gc.freeze()
    uvicorn.run(ozon.app, port=port, log_level="warning", access_log=False, lifespan="off", log_config=None)


def over_http(endpoint: str, rounds: int, seconds: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        ports = {name: free_port() for name in ("ozmock", "ceiling", "ceiling, ozmock's answer", "ozmock edge, fixed answer")}
        servers = {"ozmock": serve([sys.executable, "-m", "ozmock", "serve", "--port", str(ports["ozmock"]),
                                    "--clock", "frozen", "--no-rate-limit", "--no-journal", "--log-level", "warning",
                                    "--scenario", str(bench_scenario(folder))], ports["ozmock"])}
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{ports['ozmock']}", headers=HEADERS) as client:
                body = endpoint_bodies(client)[endpoint]
                answer = folder / "answer.json"
                answer.write_bytes(client.post(endpoint, content=body).content)
            ceiling = [str(BIN / "uvicorn"), "--app-dir", str(ROOT / "bench"), "ceiling_app:app", "--log-level",
                       "warning", "--no-access-log", "--lifespan", "off", "--port"]
            servers["ceiling"] = serve(ceiling + [str(ports["ceiling"])], ports["ceiling"])
            os.environ["CEILING_ANSWER"] = str(answer)
            try:
                servers["ceiling, ozmock's answer"] = serve(ceiling + [str(ports["ceiling, ozmock's answer"])],
                                                            ports["ceiling, ozmock's answer"])
            finally:
                del os.environ["CEILING_ANSWER"]
            port = ports["ozmock edge, fixed answer"]
            servers["ozmock edge, fixed answer"] = serve([sys.executable, __file__, "--fixed-server", str(port),
                                                          str(answer)], port)
            script = folder / "call.lua"
            script.write_text(lua_script([(endpoint, body)]))
            print(f"{endpoint}: {len(answer.read_bytes()):,}-byte answer; load {os.getloadavg()[0]:.2f}; "
                  f"{rounds} rounds x {seconds} s, 32 connections", flush=True)
            runs: dict[str, list[dict[str, float]]] = {name: [] for name in servers}
            for _ in range(rounds):
                for name, server in servers.items():
                    runs[name].append(wrk(server, ports[name], script, seconds, 32))
            print(f"\n{'server':<28}{'req/s':>9}{'CPU us/req':>12}   (medians of rounds)")
            for name, rows in runs.items():
                print(f"{name:<28}{statistics.median(r['rps'] for r in rows):>9.0f}"
                      f"{statistics.median(r['cpu_us'] for r in rows):>12.1f}")
        finally:
            for server in servers.values():
                server.terminate()
                server.wait()


def in_process(endpoint: str) -> None:
    from ozmock import OzonMock
    from ozmock.pipeline.run import Request

    print(f"\n{endpoint} in process, the pipeline alone (CPU us per call, least of 7 blocks of 1,000):")
    with OzonMock(clock="frozen", **SETTINGS) as ozon, ozon.client() as client:
        body = endpoint_bodies(client)[endpoint]
        handle = ozon.app.pipeline.handle
        headers = {name.lower(): value for name, value in HEADERS.items()} | {"content-type": "application/json"}
        for _ in range(300):
            handle(Request("POST", endpoint, headers, body, {}, "http://ozon.mock"))
        for kb in SWEEPS_KB:
            sweep = bytearray(kb * 1024)
            blocks = []
            for _ in range(7):
                spent = 0.0
                for _ in range(1000):
                    if sweep:
                        sweep[:] = sweep          # write every cache line of the buffer
                    started = time.thread_time()
                    handle(Request("POST", endpoint, headers, body, {}, "http://ozon.mock"))
                    spent += time.thread_time() - started
                blocks.append(spent)
            print(f"  {kb:>5} KB written between calls: {min(blocks) / 1000 * 1e6:6.1f} us")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--endpoint", default="/v3/product/info/list")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--fixed-server", nargs=2, metavar=("PORT", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fixed_server:
        fixed_answer_server(int(args.fixed_server[0]), Path(args.fixed_server[1]))
        return 0
    over_http(args.endpoint, args.rounds, args.seconds)
    in_process(args.endpoint)
    return 0


if __name__ == "__main__":
    sys.exit(main())
