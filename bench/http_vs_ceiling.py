"""ozmock against its ceiling over HTTP: the same uvicorn, the same core, the same load, alternating.

    .venv/bin/python bench/http_vs_ceiling.py               # 5 rounds x 5 s per endpoint, 32 connections
    .venv/bin/python bench/http_vs_ceiling.py --rounds 3 --seconds 3 --no-journal

(Not `bench/http.py`: a file of that name would shadow the standard library's `http` for every script
in this folder, which httpx imports.)

Two servers run side by side, each pinned to the same core (`taskset`): `ozmock serve` (default
scenario, frozen clock, rate limit off, the daily card-update quota off so the import keeps
importing; journal on unless `--no-journal`) and the ceiling, a bare Starlette app answering fixed
JSON (`ceiling_app.py`) on uvicorn with the same settings (uvloop, httptools, no access log). wrk
(1 thread, pinned to the other core) drives each endpoint of `run.ENDPOINTS` and a write-heavy mix,
ceiling and ozmock in turn, round after round, so both see the same neighbours; a round's ratio is
ozmock's req/s over the ceiling's in that round, and the table gives the median of rounds. Figures
on a shared machine move with its load (printed); the ratios move much less. No assertions.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import BIN, HEADERS, ROOT, cpu_seconds, endpoint_bodies, free_port, rss_mib  # noqa: E402

SERVER_CORE, LOAD_CORE = "1", "0"
MIX = "write-heavy mix"
# path -> weight of the write-heavy mix: imports and price/stock updates, with the reads a sync loop makes
# (price updates past the hourly ten per product answer 200 with a per-item error, as the live API does)
MIX_WEIGHTS = {"/v3/product/import": 4, "/v1/product/import/prices": 3, "/v3/product/list": 1,
               "/v3/product/info/list": 1, "/v1/product/import/info": 1}
LUA = """
local bodies, paths = {}, {}
%(entries)s
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("POST", paths[i], {["Client-Id"] = "%(client)s", ["Api-Key"] = "%(key)s",
                    ["Content-Type"] = "application/json"}, bodies[i])
end
"""


def lua_script(requests: list[tuple[str, bytes]]) -> str:
    """A wrk script sending `requests` in turn (one entry: every call the same)."""
    entries = "\n".join(f"paths[{n}] = {json.dumps(path)}; bodies[{n}] = {lua_string(body)}"
                        for n, (path, body) in enumerate(requests, 1))
    return LUA % {"entries": entries, "client": HEADERS["Client-Id"], "key": HEADERS["Api-Key"]}


def lua_string(data: bytes) -> str:
    return "[==[" + data.decode() + "]==]"


def pinned(core: str, command: list[str]) -> list[str]:
    return ["taskset", "-c", core, *command] if shutil.which("taskset") else command


def serve(command: list[str], port: int) -> subprocess.Popen:
    process = subprocess.Popen(pinned(SERVER_CORE, command), cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    for _ in range(600):
        try:
            if httpx.post(f"http://127.0.0.1:{port}/v3/product/list", json={}, headers=HEADERS, timeout=1).status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError(f"server did not answer: {command}")


def bench_scenario(folder: Path) -> Path:
    """The default scenario with the daily card-update quota off (a frozen clock never starts a new day)."""
    data = yaml.safe_load((ROOT / "scenarios" / "default.yaml").read_text())
    data.setdefault("limits", {})["products_daily_update"] = None
    path = folder / "default-bench.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return path


def wrk(server: subprocess.Popen, port: int, script: Path, seconds: int, connections: int) -> dict[str, float]:
    """req/s, p50 and p99 (ms) of one wrk run, the server's CPU microseconds per request (what a
    loaded machine disturbs least) and the share of non-2xx answers."""
    cpu = cpu_seconds(server.pid)
    out = subprocess.run(pinned(LOAD_CORE, ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency",
                                            "-s", str(script), f"http://127.0.0.1:{port}/"]),
                         capture_output=True, text=True, check=True).stdout
    total = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "cpu_us": (cpu_seconds(server.pid) - cpu) / max(total, 1) * 1e6,
            "p50": _ms(re.search(r"50%\s+([\d.]+\w+)", out).group(1)),
            "p99": _ms(re.search(r"99%\s+([\d.]+\w+)", out).group(1)),
            "bad": int(bad.group(1)) / max(total, 1) if bad else 0.0}


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def workloads(port: int) -> dict[str, list[tuple[str, bytes]]]:
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=HEADERS) as client:
        bodies = endpoint_bodies(client)
        offer = client.post("/v3/product/list", json={"limit": 1}).json()["result"]["items"][0]["offer_id"]
    price = json.dumps({"prices": [{"offer_id": offer, "price": "499", "old_price": "699"}]})
    mixed = {**bodies, "/v1/product/import/prices": price.encode()}
    mix = [(path, mixed[path]) for path, weight in MIX_WEIGHTS.items() for _ in range(weight)]
    return {**{path: [(path, body)] for path, body in bodies.items()}, MIX: mix}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--no-journal", action="store_true", help="ozmock with its journal off")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("bench/http_vs_ceiling.py needs wrk (apt-get install wrk)", file=sys.stderr)
        return 2
    port, ceiling_port = free_port(), free_port()
    with tempfile.TemporaryDirectory() as folder:
        ozmock_command = [sys.executable, "-m", "ozmock", "serve", "--port", str(port), "--clock", "frozen", "--no-rate-limit",
                          "--log-level", "warning", "--scenario", str(bench_scenario(Path(folder)))]
        ozmock_command += ["--no-journal"] if args.no_journal else []
        ozmock = serve(ozmock_command, port)
        ceiling = serve([str(BIN / "uvicorn"), "--app-dir", str(ROOT / "bench"), "ceiling_app:app",
                         "--port", str(ceiling_port), "--log-level", "warning", "--no-access-log",
                         "--lifespan", "off"], ceiling_port)
        try:
            scripts = {}
            for name, requests in workloads(port).items():
                scripts[name] = Path(folder) / f"{len(scripts)}.lua"
                scripts[name].write_text(lua_script(requests))
            print(f"load average at start: {os.getloadavg()[0]:.2f}; {args.rounds} rounds x {args.seconds:g} s, "
                  f"{args.connections} connections, journal {'off' if args.no_journal else 'on'}", flush=True)
            results: dict[str, dict[str, list[dict[str, float]]]] = {
                name: {"ozmock": [], "ceiling": []} for name in scripts}
            for round_number in range(args.rounds):
                for name, script in scripts.items():
                    results[name]["ceiling"].append(wrk(ceiling, ceiling_port, script, args.seconds, args.connections))
                    results[name]["ozmock"].append(wrk(ozmock, port, script, args.seconds, args.connections))
                print(f"round {round_number + 1} done, load {os.getloadavg()[0]:.2f}, "
                      f"ozmock RSS {rss_mib(ozmock.pid):.1f} MiB", flush=True)
            report(results)
        finally:
            for process in (ozmock, ceiling):
                process.terminate()
                process.wait()
    return 0


def report(results: dict[str, dict[str, list[dict[str, float]]]]) -> None:
    """Medians of rounds; `ratio` is ozmock's req/s over the ceiling's (median of the rounds' ratios),
    `cpu ratio` the ceiling's CPU per request over ozmock's (the same figure, freer of the neighbours)."""
    print(f"\n{'workload':<24}{'ozmock req/s':>13}{'p50 ms':>8}{'p99 ms':>8}{'p99/p50':>8}{'us/req':>7}"
          f"{'ceiling req/s':>14}{'p50 ms':>8}{'p99 ms':>8}{'us/req':>7}{'ratio':>7}{'min-max':>11}"
          f"{'cpu ratio':>10}{'non-2xx':>8}")
    for name, runs in results.items():
        ours, theirs = runs["ozmock"], runs["ceiling"]
        ratios = [o["rps"] / c["rps"] for o, c in zip(ours, theirs)]
        cpu_ratios = [c["cpu_us"] / o["cpu_us"] for o, c in zip(ours, theirs)]
        med = {side: {key: statistics.median(run[key] for run in rows) for key in rows[0]}
               for side, rows in runs.items()}
        o, c = med["ozmock"], med["ceiling"]
        print(f"{name:<24}{o['rps']:>13.0f}{o['p50']:>8.2f}{o['p99']:>8.2f}{o['p99'] / o['p50']:>8.1f}{o['cpu_us']:>7.0f}"
              f"{c['rps']:>14.0f}{c['p50']:>8.2f}{c['p99']:>8.2f}{c['cpu_us']:>7.0f}{statistics.median(ratios):>7.2f}"
              f"{min(ratios):>6.2f}-{max(ratios):.2f}{statistics.median(cpu_ratios):>10.2f}{o['bad']:>8.1%}")


if __name__ == "__main__":
    sys.exit(main())
