"""Where a call's time goes: the pipeline's stages timed one by one, then the top functions.

    .venv/bin/python bench/profile.py                  # the four endpoints of bench/http_vs_ceiling.py, 3 s each
    .venv/bin/python bench/profile.py --seconds 5 --top 25 --strict

In process, straight into `Pipeline.handle` (no httpx, no socket): what is left is ozmock's own cost.
Each stage of `docs/architecture.md`'s table that the pipeline calls as a function is wrapped in a
timer; the table gives CPU microseconds per call and the share of the whole call (the handler is
what the stages leave). Then cProfile's
top functions by own time over all the calls. No assertions: figures are for people.
"""
from __future__ import annotations

import sys
from pathlib import Path

# This file is named `profile`, as the standard library's module that cProfile imports: run as a
# script, its folder comes first on sys.path and would shadow it, so the folder goes last.
BENCH = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != BENCH]
sys.path[:0] = [str(BENCH.parent)]
sys.path.append(str(BENCH))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import os  # noqa: E402
import cProfile  # noqa: E402
import pstats  # noqa: E402
import time  # noqa: E402
from collections import defaultdict  # noqa: E402

from run import HEADERS, endpoint_bodies  # noqa: E402  (bench scripts run as files)

from ozmock import OzonMock  # noqa: E402
from ozmock.pipeline import run as pipeline_run  # noqa: E402
from ozmock.pipeline.run import Request  # noqa: E402
from ozmock.world import World  # noqa: E402

# stage name -> (module, attribute) of the function the pipeline calls for it
STAGES = {
    "bounds": (pipeline_run, "check_body"),
    "route": (pipeline_run.Pipeline, "_route"),
    "auth": (World, "authenticate"),
    "roles": (pipeline_run, "check_role"),
    "rate": (pipeline_run, "check_rate"),
    "parse": (pipeline_run, "read_body"),
    "read, validate": (pipeline_run.Pipeline, "_read"),
    "settle": (pipeline_run, "settle"),
    "windows": (pipeline_run, "check_windows"),
    "shape": (pipeline_run, "shaped"),
    "response check": (pipeline_run, "check_response"),
    "encode, journal": (pipeline_run.Pipeline, "_finish"),
}


def timed_stages(spent: dict[str, float]) -> list[tuple[object, str, object]]:
    """Wrap each stage's function in a timer adding to `spent`; returns what to restore."""
    restore = []
    for stage, (owner, name) in STAGES.items():
        original = getattr(owner, name)

        def wrapper(*args, _original=original, _stage=stage, **kwargs):
            started = time.thread_time()
            try:
                return _original(*args, **kwargs)
            finally:
                spent[_stage] += time.thread_time() - started
        restore.append((owner, name, original))
        setattr(owner, name, wrapper)
    return restore


def calls_for(ozon: OzonMock, path: str, body: bytes, seconds: float) -> tuple[int, float]:
    """Call `path` for `seconds` of CPU; (calls made, CPU seconds taken). CPU time, not wall time: on a
    shared machine the wall clock counts the neighbours' turns too, this thread's CPU time does not."""
    handle = ozon.app.pipeline.handle
    headers = {name.lower(): value for name, value in HEADERS.items()} | {"content-type": "application/json"}
    count, started = 0, time.thread_time()
    deadline = started + seconds
    while time.thread_time() < deadline:
        for _ in range(50):
            reply = handle(Request("POST", path, headers, body, {}, "http://ozon.mock"))
        count += 50
    assert reply.status == 200, (path, reply.status, reply.body[:300])
    return count, time.thread_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--strict", action="store_true", help="strict mode: the response check on")
    parser.add_argument("--no-journal", action="store_true", help="the journal off")
    parser.add_argument("--asgi", action="store_true",
                        help="also: the whole ASGI app (edge and pipeline) beside the ceiling app, in process")
    args = parser.parse_args()
    settings = {"rate_limit_per_second": None, "limits": {"products_daily_update": None}}
    if args.no_journal:
        settings["journal_size"] = 0
    with OzonMock(clock="frozen", strict=args.strict, **settings) as ozon, ozon.client() as client:
        bodies = endpoint_bodies(client)
        for path, body in bodies.items():          # warm: compiled validators, shapers, thawed areas
            calls_for(ozon, path, body, 0.2)
        print(f"load average {os.getloadavg()[0]:.2f}; CPU time of this thread (calls/s: of one core)")
        print(f"{'endpoint':<28}{'calls/s':>9}{'us/call':>9}  stages (us/call, share)")
        profiler = cProfile.Profile()
        for path, body in bodies.items():
            spent: dict[str, float] = defaultdict(float)
            restore = timed_stages(spent)
            try:
                count, took = calls_for(ozon, path, body, args.seconds)
            finally:
                for owner, name, original in restore:
                    setattr(owner, name, original)
            count, took = calls_for(ozon, path, body, args.seconds)        # unwrapped: the real rate
            per_call = took / count * 1e6
            stages = ", ".join(f"{stage} {spent[stage] / count * 1e6:.0f} ({spent[stage] / count * 1e6 / per_call:.0%})"
                               for stage in sorted(spent, key=spent.get, reverse=True) if spent[stage])
            print(f"{path:<28}{count / took:>9.0f}{per_call:>9.0f}  {stages}")
            profiler.enable()
            calls_for(ozon, path, body, args.seconds / 2)
            profiler.disable()
        if args.asgi:
            asgi_table(ozon, bodies, args.seconds)
        print(f"\ntop {args.top} functions by own time, all four endpoints:")
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.top)


def asgi_table(ozon: OzonMock, bodies: dict[str, bytes], seconds: float) -> None:
    """CPU µs per call of `OzonApp` and of the ceiling's Starlette app, each called as uvicorn calls an
    app (a scope, `receive`, `send`) with no socket and no server: what each app itself costs, the part of
    the HTTP figures that is not uvicorn's or the kernel's. The least of five blocks (a shared machine
    only ever adds time)."""
    from ceiling_app import app as ceiling

    loop = asyncio.new_event_loop()
    print(f"\nthe ASGI apps in process (least of 5 blocks of {seconds / 5:g} s, CPU us per call)")
    print(f"{'endpoint':<28}{'ozmock':>9}{'ceiling':>9}")
    for path, body in bodies.items():
        figures = [min(loop.run_until_complete(asgi_block(app, path, body, seconds / 10)) for _ in range(5))
                   for app in (ozon.app, ceiling)]
        print(f"{path:<28}{figures[0]:>9.1f}{figures[1]:>9.1f}")
    loop.close()


async def asgi_block(app, path: str, body: bytes, seconds: float) -> float:
    headers = [(name.lower().encode(), value.encode()) for name, value in HEADERS.items()]
    headers += [(b"host", b"127.0.0.1"), (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode())]
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "", "headers": headers,
             "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8080)}
    message = {"type": "http.request", "body": body, "more_body": False}

    async def receive():
        return message

    async def send(_message) -> None:
        return None

    count, started = 0, time.thread_time()
    while time.thread_time() - started < seconds:
        for _ in range(50):
            await app(dict(scope), receive, send)
        count += 50
    return (time.thread_time() - started) / count * 1e6


if __name__ == "__main__":
    main()
