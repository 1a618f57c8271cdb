"""Issue 14's "Why", call by call: each hostile or careless request, ozmock's answer now, and whether
that answer is the right one. In process (with the control token `ozmock serve --host 0.0.0.0` sets),
and on loopback ports (`ozmock serve --state-file` for the values that once broke a saved world, an
HTTP server for the body limit); bounded to well under a minute.

    .venv/bin/python tools/hostile_report.py          # prints the table; exit status 1 if a row is wrong
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))        # this worktree's ozmock, not one installed in the environment

from ozmock import OzonMock  # noqa: E402
from ozmock.control.access import control_token_for  # noqa: E402
from tests.support import PushReceiver, free_port, wait_for  # noqa: E402

HEADERS = {"Client-Id": "836", "Api-Key": "0296d4f2-70a1-4c09-b507-904fd05567b9"}    # the documented sandbox pair


@dataclass
class Row:
    bullet: str
    request: str
    answer: str
    right: bool


def said(response: httpx.Response, width: int = 70) -> str:
    """`status body-excerpt` of an answer."""
    text = response.text.replace("\n", " ")
    return f"{response.status_code} {text[:width]}{'…' if len(text) > width else ''}"


def ozon_error(response: httpx.Response, status: int, code: int) -> bool:
    """An error in Ozon's shape with this status and gRPC code."""
    try:
        body = response.json()
    except ValueError:
        return False
    return response.status_code == status and isinstance(body, dict) and set(body) == {"code", "message", "details"} \
        and body["code"] == code


def serving(client: httpx.Client, *paths: str) -> bool:
    """The world is not stuck: an Ozon read and these control reads answer 200."""
    return client.post("/v1/roles").status_code == 200 and all(client.get(p).status_code == 200 for p in paths)


# --- the control API's doors --------------------------------------------------------------------------------
def doors() -> list[Row]:
    rows = []
    token, generated = control_token_for("0.0.0.0", None)       # what `ozmock serve --host 0.0.0.0` does
    with OzonMock("default") as ozon, ozon.client() as anyone, \
            ozon.client(headers={"Authorization": f"Bearer {token}"}) as owner:
        ozon.app.control_token = token
        calls = [("GET", "/__ozmock/state", None), ("POST", "/__ozmock/sellers", {"api_key": "mine"}),
                 ("DELETE", "/__ozmock/sellers/837", None), ("POST", "/__ozmock/faults", {"status": 500}),
                 ("POST", "/__ozmock/reset", {}), ("GET", "/__ozmock/journal", None),
                 ("POST", "/__ozmock/push/836", {"url": "http://10.0.0.1/hook"}), ("GET", "/__ozmock/ui", None)]
        for method, path, body in calls:
            answer = anyone.request(method, path, json=body)
            rows.append(Row("control API open beyond loopback", f"--host 0.0.0.0, no token: {method} {path}",
                            said(answer), ozon_error(answer, 401, 16) and set(ozon.sellers) == {836, 837}))
        exported = owner.get("/__ozmock/state")
        key = exported.json()["sellers"][0]["keys"][0]["key"]
        rows.append(Row("control API open beyond loopback", "with the token: GET /__ozmock/state (API keys?)",
                        f"{exported.status_code} keys[0].key = {key!r}", generated and key.startswith("****")
                        and ozon.api_key not in exported.text))
    receiver = PushReceiver(extra={"secret": "RECEIVER-SECRET"})
    try:
        with OzonMock("default", push_allow=["10.0.0.0/8"]) as ozon, ozon.client() as client:
            answer = client.post("/v1/notification/set", json={"url": receiver.url, "types": ["TYPE_NEW_POSTING"]})
            rows.append(Row("push reaches any URL", "--push-allow 10.0.0.0/8, seller key: /v1/notification/set "
                            "{url: http://127.0.0.1:…}", said(answer), ozon_error(answer, 400, 3)
                            and "push-allow" in answer.json()["message"] and not receiver.messages))
        with OzonMock("default") as ozon, ozon.client() as client:
            client.post("/__ozmock/push/836", json={"url": receiver.url})
            deadline = time.monotonic() + 10
            while not [e for e in ozon.journal if e.source == "push"] and time.monotonic() < deadline:
                time.sleep(0.05)
            journal = client.get("/__ozmock/journal")
            pushes = [e for e in journal.json()["entries"] if e["source"] == "push"]
            rows.append(Row("receiver's reply readable from the journal", "POST /__ozmock/push/836, then "
                            "GET /__ozmock/journal", f"{journal.status_code} push entry response = "
                            f"{pushes[0]['response'] if pushes else None}",
                            bool(pushes) and "RECEIVER-SECRET" not in journal.text))
    finally:
        receiver.close()
    return rows


# --- one value can stop a server --------------------------------------------------------------------------
class Served:
    """`ozmock serve --state-file` as a process on a loopback port (this worktree's code)."""

    def __init__(self, state_file: Path):
        self.port = free_port()
        self.process = subprocess.Popen([sys.executable, "-m", "ozmock", "serve", "--port", str(self.port),
                                         "--state-file", str(state_file), "--no-rate-limit", "--log-level", "warning"],
                                        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{self.port}"
        wait_for(f"{self.base}/__ozmock/health")

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.base, headers=HEADERS, timeout=30)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def values() -> list[Row]:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        state = Path(folder) / "state.db"
        server = Served(state)
        try:
            with server.client() as client:
                action = client.get("/v1/actions").json()["result"][0]["id"]
                product = client.post("/v3/product/list", json={"limit": 1}).json()["result"]["items"][0]["product_id"]
                for entry, field in (({"action_price": 100, "stock": 1e30}, "stock"),
                                     ({"action_price": 8.055e77, "stock": 1}, "action_price"),
                                     ({"action_price": 100, "stock": 1, "product_id": 1e30}, "product_id")):
                    body = {"action_id": action, "products": [{"product_id": product, **entry}]}
                    answer = client.post("/v1/actions/products/activate", json=body)
                    after = client.post("/v1/actions/products", json={"action_id": action, "limit": 100})
                    rows.append(Row("one value stops a server", f"/v1/actions/products/activate {field}: "
                                    f"{entry[field]:g} (--state-file), then /v1/actions/products", said(answer),
                                    ozon_error(answer, 400, 3) and field in answer.json()["message"]
                                    and after.status_code == 200 and serving(client, "/__ozmock/state")))
                answer = client.post("/v1/finance/realization/by-day",
                                     json={"day": "0", "month": "0", "year": 2147483648})
                rows.append(Row("one value stops a server", "/v1/finance/realization/by-day year 2147483648",
                                said(answer), ozon_error(answer, 400, 3) and serving(client)))
                deep = b'{"filter": ' + b"[" * 1000 + b"]" * 1000 + b"}"
                answer = client.post("/v3/product/list", content=deep)
                rows.append(Row("one value stops a server", "/v3/product/list, a body nested 1,000 deep",
                                said(answer), ozon_error(answer, 400, 3) and serving(client)))
                answer = client.post("/v1/roles", headers={"Client-Id": "²".encode()})
                rows.append(Row("one value stops a server", "/v1/roles with Client-Id: ²", said(answer),
                                ozon_error(answer, 400, 3) and serving(client)))
            server.stop()
            server = Served(state)
            with server.client() as client:
                answer = client.post("/v1/actions/products", json={"action_id": action, "limit": 100})
                rows.append(Row("one value stops a server", "after a restart from the state file: "
                                "/v1/actions/products", said(answer), answer.status_code == 200))
        finally:
            server.stop()
    return rows


# --- the clock and control bodies --------------------------------------------------------------------------
def clock_and_control() -> list[Row]:
    rows = []
    with OzonMock("default") as ozon, ozon.client() as client:
        before = client.get("/__ozmock/clock").json()
        for seconds in ("nan", 1e308):
            answer = client.post("/__ozmock/clock/advance", json={"seconds": seconds})
            rows.append(Row("the clock broken for good", f"POST /__ozmock/clock/advance {{seconds: {seconds!r}}}, "
                            "then /v1/roles and GET clock", said(answer),
                            ozon_error(answer, 400, 3) and serving(client, "/__ozmock/clock")
                            and client.get("/__ozmock/clock").json() == before))
        for path in ("/__ozmock/clock/advance", "/__ozmock/reset"):
            answer = client.post(path, json=[1])
            rows.append(Row("plain-text 500s of the control API", f"POST {path} with a list body", said(answer),
                            ozon_error(answer, 400, 3) and serving(client)))
        document = client.get("/__ozmock/state?api_keys=show").json()
        document["sellers"][0]["areas"]["products"] = [1, 2]
        answer = client.put("/__ozmock/state", json=document)
        rows.append(Row("plain-text 500s of the control API", "PUT /__ozmock/state, areas.products = [1, 2]",
                        said(answer), ozon_error(answer, 400, 3) and serving(client, "/__ozmock/state")))
    return rows


# --- memory with a bound -----------------------------------------------------------------------------------
def memory() -> list[Row]:
    rows = []
    with OzonMock("default", rate_limit_per_second=None) as ozon, ozon.client() as client:
        base = ozon.serve()
        try:
            held = ozon.journal.bytes
            answer = httpx.post(f"{base}/v3/product/import", content=b"x" * (50 * 2**20), timeout=60)
            rows.append(Row("no request body limit", "50 MB body, no credentials, over HTTP", said(answer) +
                            f" (journal +{ozon.journal.bytes - held} bytes)",
                            ozon_error(answer, 413, 3) and ozon.journal.bytes - held < 10_000))
        finally:
            ozon.stop()
        code = client.post("/v1/report/products/create", json={}).json()["result"]["code"]
        ozon.advance(seconds=60)
        url = client.post("/v1/report/info", json={"code": code}).json()["result"]["file"]
        fresh = client.get(url).status_code
        ozon.advance(days=4)
        client.post("/v1/report/products/create", json={})
        expired = client.get(url)
        rows.append(Row("reports keep their CSV forever", "a report's file, then 4 days later",
                        f"{fresh}, then {said(expired, 50)}", fresh == 200 and expired.status_code == 410))
        stalled: list[float] = []
        build = threading.Thread(target=lambda: stalled.append(_timed(lambda: client.post(
            "/__ozmock/sellers", json={"products": {"count": 200_000}}))))
        build.start()
        other = _timed(lambda: client.post("/v1/roles"))
        build.join()
        answer = client.post("/__ozmock/sellers", json={"products": {"count": 200_000}})
        rows.append(Row("a large build stalls every request", "POST /__ozmock/sellers {products: {count: 200000}}",
                        said(answer) + f" (in {stalled[0] * 1000:.0f} ms; a call beside it {other * 1000:.0f} ms)",
                        ozon_error(answer, 400, 3) and stalled[0] < 1 and set(ozon.sellers) == {836, 837}))
        client.post("/v3/product/list", content=b'{"filter": ' + b"[" * 300 + b"]" * 300 + b"}")
        journal = client.get("/__ozmock/journal")
        rows.append(Row("a 300-deep body breaks the journal", "a body nested 300 deep, then GET /__ozmock/journal",
                        f"{journal.status_code} last request = {journal.json()['entries'][-1]['request']!r}",
                        journal.status_code == 200))
    return rows


def _timed(call: Callable[[], object]) -> float:
    began = time.perf_counter()
    call()
    return time.perf_counter() - began


# --- small wrongs ------------------------------------------------------------------------------------------
def small_wrongs() -> list[Row]:
    rows = []
    with OzonMock("default", rate_limit_per_second=None) as ozon, ozon.client() as client, \
            ozon.client(ozon.credentials_for(837)) as other:
        theirs = other.post("/v3/product/list", json={"limit": 1}).json()["result"]["items"][0]["product_id"]
        answer = client.post("/v1/product/archive", json={"product_id": [theirs]})
        still = other.post("/v3/product/info/list", json={"product_id": [theirs]}).json()["items"][0]["is_archived"]
        rows.append(Row("small wrongs", "/v1/product/archive with another seller's product", said(answer),
                        ozon_error(answer, 404, 5) and still is False))
        answer = client.post("/v1/seller-actions/create/discount", json={
            "title": "Old", "date_start": "0874-08-11T07:50:44Z", "date_end": "2027-01-01T00:00:00Z",
            "min_action_percent": 10})
        rows.append(Row("small wrongs", "/v1/seller-actions/create/discount date_start 0874-08-11", said(answer),
                        ozon_error(answer, 400, 3)))

        def calls() -> None:
            with ozon.client() as mine:
                for _ in range(40):
                    mine.post("/v1/roles")

        first = len(ozon.journal)
        threads = [threading.Thread(target=calls) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        sequence = [entry.seq for entry in ozon.journal][first:]
        rows.append(Row("small wrongs", "6 threads x 40 calls on one in-process transport, journal order",
                        f"{len(sequence)} entries, in order: {sequence == sorted(sequence)}",
                        len(sequence) == 240 and sequence == sorted(sequence)))
    return rows


def table(rows: list[Row]) -> str:
    lines = ["| # | Why (issue 14) | request | ozmock's answer now | right |", "|---|---|---|---|---|"]
    for number, row in enumerate(rows, 1):
        answer = row.answer.replace("|", "\\|")
        lines.append(f"| {number} | {row.bullet} | {row.request} | `{answer}` | {'yes' if row.right else 'NO'} |")
    return "\n".join(lines)


def every_row() -> list[Row]:
    return [row for section in (doors, values, clock_and_control, memory, small_wrongs) for row in section()]


def main() -> int:
    rows = every_row()
    print(table(rows))
    wrong = [row for row in rows if not row.right]
    print(f"\n{len(rows) - len(wrong)} of {len(rows)} answered rightly")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
