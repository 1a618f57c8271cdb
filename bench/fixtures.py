"""What the pytest fixtures cost. Run by hand: `.venv/bin/python bench/fixtures.py [--tests 400]`.

Prints, for `ozon_mock` and `ozon_server` (and a fixture-free baseline), the median per-test setup
+ teardown as pytest itself measures it (its setup and teardown phases), the extra cost of a test's
first read of the seller's products (areas thaw on first use), and session start-up: the wall time
of a one-test pytest run in a fresh process. No assertions: figures are for people.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

TEMPLATE = {
    "baseline": "def test_{n}():\n    pass\n",
    "ozon_mock": "def test_{n}(ozon_mock):\n    pass\n",
    "ozon_server": "def test_{n}(ozon_server):\n    pass\n",
    "ozon_mock + first products call": textwrap.dedent("""\
        def test_{n}(ozon_mock):
            ozon_mock.sellers[836].area("products")
        """),
}


class Phases:
    """A plugin that records the wall time of each test's setup, call and teardown phases."""

    def __init__(self):
        self.times: dict[str, list[float]] = {"setup": [], "call": [], "teardown": []}

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_setup(self, item):
        started = time.perf_counter()
        try:
            return (yield)
        finally:
            self.times["setup"].append(time.perf_counter() - started)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item):
        started = time.perf_counter()
        try:
            return (yield)
        finally:
            self.times["call"].append(time.perf_counter() - started)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_teardown(self, item, nextitem):
        started = time.perf_counter()
        try:
            return (yield)
        finally:
            self.times["teardown"].append(time.perf_counter() - started)


def per_test(kind: str, count: int, folder: Path) -> dict[str, float]:
    path = folder / f"test_bench_{abs(hash(kind))}.py"
    path.write_text("".join(TEMPLATE[kind].format(n=n) for n in range(count)))
    phases = Phases()
    code = pytest.main(["-q", "-p", "no:cacheprovider", "-p", "no:randomly", "-x", str(path)], plugins=[phases])
    if code != 0:
        raise SystemExit(f"{kind}: pytest exited with {code}")
    # the first test pays the session's one-time costs (catalog, pristine world, server start)
    setup, call, teardown = (phases.times[k][1:] for k in ("setup", "call", "teardown"))
    fixture = [s + t for s, t in zip(setup, teardown)]
    return {"setup+teardown": statistics.median(fixture), "p90": sorted(fixture)[int(len(fixture) * 0.9)],
            "call": statistics.median(call), "first": phases.times["setup"][0]}


def start_up(kind: str, folder: Path, repeat: int) -> float:
    path = folder / f"test_start_{kind}.py"
    path.write_text(TEMPLATE[kind].format(n=0))
    walls = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(path)], check=True,
                       capture_output=True, cwd=folder)
        walls.append(time.perf_counter() - started)
    return statistics.median(walls)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tests", type=int, default=400, help="tests per fixture kind")
    parser.add_argument("--start-ups", type=int, default=3, help="fresh processes per start-up figure")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "pytest.ini").write_text("[pytest]\n")
        print(f"per test, median of {args.tests - 1} tests (the first excluded), default scenario")
        print(f"{'fixture':34} {'setup+teardown':>15} {'p90':>10} {'first test':>11}")
        results = {kind: per_test(kind, args.tests, root) for kind in TEMPLATE}
        for kind, figures in results.items():
            print(f"{kind:34} {figures['setup+teardown'] * 1e3:12.3f} ms {figures['p90'] * 1e3:7.3f} ms "
                  f"{figures['first'] * 1e3:8.1f} ms")
        base = results["baseline"]["setup+teardown"]
        for kind in ("ozon_mock", "ozon_server"):
            print(f"  {kind} over the fixture-free baseline: {(results[kind]['setup+teardown'] - base) * 1e3:.3f} ms")
        thaw = results["ozon_mock + first products call"]["call"]
        print(f"  first read of seller 836's products in a test (thaw): {thaw * 1e3:.3f} ms")
        print()
        print(f"session start-up (wall time of a one-test pytest run, median of {args.start_ups} fresh processes)")
        for kind in ("baseline", "ozon_mock", "ozon_server"):
            print(f"  {kind:14} {start_up(kind, root, args.start_ups):7.2f} s")
        print(f"\nmachine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
