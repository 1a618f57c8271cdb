"""`ozmock proxy` against a loopback stand-in for the live API (`upstream.py`) that differs from the
contract on purpose: every kind of difference found and reported once per operation and kind, no key
or personal field kept anywhere, writes refused by default, the upstream's TLS verified, and
record -> replay answering byte-identical bodies."""
from __future__ import annotations

import asyncio
import http.server
import json
import logging
import ssl
import subprocess
import sys
import threading

import httpx
import orjson
import pytest

from ozmock import OzonMock
from ozmock.cli import build_parser, main
from ozmock.logs import JsonFormatter
from ozmock.proxy.app import ProxyApp
from ozmock.server import start
from tests.proxy.upstream import ADDRESS, EMAIL, KEY, NAME, PHONE, Upstream, answer_bytes
from tests.support import free_port, wait_for

HEADERS = {"Client-Id": "123456", "Api-Key": KEY}
CALLS = [  # (path, body): one operation per kind of difference the upstream makes
    ("/v1/warehouse/list", {"limit": 10}),
    ("/v3/posting/fbs/get", {"posting_number": "0123456789-0001-1"}),
    ("/v1/product/import/info", {}),                                   # task_id left out: a warned rule
    ("/v5/product/info/prices", {"limit": 10, "filter": {"visibility": "ALL"}}),
    ("/v3/product/list", {"filter": {"visibility": "NOT_A_VISIBILITY"}, "limit": 10}),   # ozmock refuses
]
EXPECTED = {
    ("POST /v1/warehouse/list", "unknown-field"), ("POST /v1/warehouse/list", "missing-field"),
    ("POST /v1/warehouse/list", "type-mismatch"), ("POST /v1/warehouse/list", "enum-mismatch"),
    ("POST /v1/warehouse/list", "contract-warning"),       # switched off in the contract, answered live
    ("POST /v3/posting/fbs/get", "unknown-field"),
    ("POST /v1/product/import/info", "unknown-status"), ("POST /v1/product/import/info", "unknown-error"),
    ("POST /v1/product/import/info", "contract-warning"),
    ("POST /v5/product/info/prices", "refused-live"), ("POST /v5/product/info/prices", "unknown-error"),
    ("POST /v3/product/list", "refused-by-ozmock"),
}


def through(app: ProxyApp, *calls: tuple[str, str, dict | None], headers=HEADERS) -> list[httpx.Response]:
    """Calls (method, path, body) through the proxy in process, in order."""
    async def run() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://proxy") as client:
            answers = [await client.request(method, path, json=body, headers=headers) for method, path, body in calls]
        await app.aclose()
        return answers
    return asyncio.run(run())


def posts(*pairs) -> list[tuple[str, str, dict]]:
    return [("POST", path, body) for path, body in pairs]


@pytest.fixture
def upstream():
    with Upstream() as server:
        yield server


def test_each_kind_of_difference_is_reported_once_per_operation_and_kind(upstream, caplog):
    caplog.set_level(logging.INFO, logger="ozmock")
    app = ProxyApp(upstream.url)
    answers = through(app, *posts(*CALLS, *CALLS),
                      ("GET", "/__ozmock/drift", None), ("GET", "/__ozmock/drift?format=markdown", None),
                      ("GET", "/__ozmock/journal", None))
    report, markdown, journal = answers[-3].json(), answers[-2].text, answers[-1].json()["entries"]
    groups = {(group["operation"], group["kind"]): group for group in report["groups"]}
    assert set(groups) == EXPECTED and len(report["groups"]) == len(EXPECTED)
    assert all(group["count"] == 2 for group in groups.values()) and report["calls"] == 2 * len(CALLS)
    warehouse = {kind: groups[("POST /v1/warehouse/list", kind)] for kind in
                 ("unknown-field", "missing-field", "type-mismatch", "enum-mismatch")}
    assert warehouse["unknown-field"]["fields"] == ["result[].surprise"]
    assert warehouse["unknown-field"]["example"]["value"] == "new in the live API"
    assert warehouse["missing-field"]["fields"] == ["result[].is_kgt"]
    assert warehouse["type-mismatch"]["example"]["value"] == 5
    assert warehouse["enum-mismatch"]["example"]["value"] == "Teleport"
    assert groups[("POST /v1/product/import/info", "unknown-error")]["example"]["value"] == "I'm a teapot"
    # the caller gets the upstream's answer untouched, with what was found in a header
    assert answers[0].content == answer_bytes("/v1/warehouse/list")
    assert answers[0].headers["x-ozmock-source"] == "live"
    assert answers[0].headers["x-ozmock-drift"] == "contract-warning, enum-mismatch, missing-field, type-mismatch, " \
                                                   "unknown-field"
    assert answers[2].status_code == 418
    # the same in the journal, the request log (one event per new operation and kind) and the Markdown
    assert {kind for entry in journal if entry["path"] == "/v3/posting/fbs/get" for kind in entry["drift"]} == \
        {"unknown-field result.buyer_note: not in the contract"}
    lines = [record for record in caplog.records if record.name == "ozmock.requests"]
    assert len(lines) == 2 * len(CALLS) and "drift='unknown-field'" in lines[1].getMessage()
    events = [record for record in caplog.records if getattr(record, "event", "") == "drift"]
    assert sorted((record.operation, record.kind) for record in events) == sorted(EXPECTED)
    for operation, kind in EXPECTED:
        assert f"| `{operation}` | {kind} | 2 |" in markdown


def test_no_key_or_personal_field_reaches_logs_cassettes_journal_or_report(upstream, caplog, tmp_path):
    caplog.set_level(logging.DEBUG, logger="ozmock")
    app = ProxyApp(upstream.url, record=tmp_path)
    answers = through(app, *posts(*CALLS), ("POST", "/v1/product/import/prices", {"prices": []}),
                      ("POST", "/v1/return/giveout/get-pdf", {}),
                      ("GET", "/__ozmock/journal", None), ("GET", "/__ozmock/drift", None),
                      ("GET", "/__ozmock/drift?format=markdown", None))
    # the caller's own headers went upstream, and the caller got the real answer
    sent = [{name.lower(): value for name, value in headers.items()} for _, headers, _ in upstream.calls]
    assert len(sent) == len(CALLS) + 1 and all(h["api-key"] == KEY and h["client-id"] == "123456" for h in sent)
    assert PHONE in answers[1].text and KEY in answers[3].text and NAME.encode() in answers[6].content
    kept = {"log": "\n".join(JsonFormatter().format(record) for record in caplog.records),
            "journal": answers[-3].text, "drift": answers[-2].text, "markdown": answers[-1].text,
            **{file.name: file.read_text() for file in tmp_path.iterdir()}}
    assert len(kept) == 4 + len(CALLS) + 1      # one cassette per operation forwarded
    for where, text in kept.items():
        for secret in (KEY, PHONE, NAME, EMAIL, ADDRESS, "Moscow", "55.76"):
            assert secret not in text, f"{secret!r} kept in {where}"
    cassette = json.loads((tmp_path / "post_v3_posting_fbs_get.json").read_text())
    customer = cassette["interactions"][0]["response"]["body"]["result"]["customer"]
    assert customer["name"] == customer["phone"] == "***" and customer["customer_id"] == 77
    assert customer["address"]["latitude"] == 0                      # masked, still a number
    label = json.loads((tmp_path / "post_v1_return_giveout_get_pdf.json").read_text())["interactions"][0]
    assert label["response"] == {"status": 200, "content_type": "application/pdf", "omitted": len(answers[6].content)}
    journal = answers[-3].json()["entries"]
    assert journal[3]["response"]["message"] == "key *** may not list prices"


def test_writes_are_refused_unless_allowed(upstream):
    writes = [("POST", "/v1/product/import/prices", {"prices": []}),      # declared writes=True
              ("POST", "/v1/cargoes/create", {}),                          # generated: its last word is a change
              ("POST", "/v9/not/in/the/contract", {})]                      # unknown: nothing says it only reads
    refused = through(ProxyApp(upstream.url), *writes)
    assert [answer.status_code for answer in refused] == [403, 403, 403]
    assert refused[0].json()["code"] == 7 and "--allow-writes" in refused[0].json()["message"]
    assert upstream.calls == []
    allowed = through(ProxyApp(upstream.url, allow_writes=True), *writes, ("GET", "/__ozmock/drift", None))
    assert [path for path, _, _ in upstream.calls] == [path for _, path, _ in writes]
    assert [answer.headers["x-ozmock-source"] for answer in allowed[:3]] == ["live"] * 3
    kinds = {(group["operation"], group["kind"]) for group in allowed[-1].json()["groups"]}
    assert ("POST /v9/not/in/the/contract", "unknown-operation") in kinds


def test_record_then_replay_answers_byte_identical_bodies(upstream, tmp_path):
    recorded = through(ProxyApp(upstream.url, record=tmp_path), *posts(*CALLS[:3]))
    cassette = json.loads((tmp_path / "post_v3_posting_fbs_get.json").read_text())
    with OzonMock("default", replay=tmp_path) as ozon, ozon.client() as client:
        again = [client.post(path, json=body) for path, body in CALLS[:3]]
        # the same request spelled another way protojson reads alike: still the recording
        spelled = client.post("/v1/warehouse/list", content=b'{ "limit": "10" }')
        fallback = client.post("/v1/warehouse/list", json={"limit": 5})
    assert again[0].content == recorded[0].content == answer_bytes("/v1/warehouse/list")   # exact bytes, spaces kept
    assert again[1].content == orjson.dumps(cassette["interactions"][0]["response"]["body"])   # masked as kept
    assert again[2].status_code == 418 and again[2].content == recorded[2].content
    assert [answer.headers["x-ozmock-source"] for answer in again] == ["recorded"] * 3
    assert spelled.content == recorded[0].content and spelled.headers["x-ozmock-source"] == "recorded"
    assert fallback.headers["x-ozmock-source"] == "stateful"                 # not recorded: the world answers

    with OzonMock("default", replay=tmp_path, replay_match="operation") as ozon, ozon.client() as client:
        assert client.post("/v1/warehouse/list", json={"limit": 5}).content == recorded[0].content


def test_serve_replay_and_offline_drift_report_the_same_differences(upstream, tmp_path, capsys):
    live = through(ProxyApp(upstream.url, record=tmp_path), *posts(*CALLS), ("GET", "/__ozmock/drift", None))[-1]
    app, _, _ = start(build_parser({}).parse_args(["serve", "--replay", str(tmp_path)]))
    assert len(app.pipeline.replay) == len(CALLS)
    assert main(["drift", "--from", str(tmp_path), "--format", "json"]) == 0
    offline = json.loads(capsys.readouterr().out)
    pairs = lambda report: {(group["operation"], group["kind"], group["count"]) for group in report["groups"]}
    assert pairs(offline) == pairs(live.json()) == pairs(app.drift.to_json())
    assert main(["drift", "--from", str(tmp_path)]) == 0
    assert "| `POST /v1/warehouse/list` | enum-mismatch | 1 |" in capsys.readouterr().out


def test_cassette_mistakes_are_one_line_errors(tmp_path, capsys):
    (tmp_path / "broken.json").write_text("{")
    assert main(["drift", "--from", str(tmp_path / "missing")]) == 2
    assert main(["drift", "--from", str(tmp_path)]) == 2
    assert main(["serve", "--replay", str(tmp_path), "--port", "0"]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines == [f"ozmock: drift: {tmp_path / 'missing'}: no such folder of cassettes",
                     f"ozmock: drift: {tmp_path / 'broken.json'}: not a cassette (unexpected end of data: line 1 "
                     "column 2 (char 1))",
                     f"ozmock: --replay: {tmp_path / 'broken.json'}: not a cassette (unexpected end of data: line 1 "
                     "column 2 (char 1))"]


def test_the_upstreams_certificate_is_verified(tmp_path):
    """A loopback HTTPS upstream with a self-signed certificate: the proxy refuses to talk to it."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "1", "-subj", "/CN=127.0.0.1"], check=True, capture_output=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        answer = through(ProxyApp(f"https://127.0.0.1:{server.server_address[1]}"), *posts(CALLS[0]))[0]
    finally:
        server.shutdown()
        server.server_close()
    assert answer.status_code == 502 and answer.json()["code"] == 14
    assert "CERTIFICATE_VERIFY_FAILED" in answer.json()["message"]


def test_proxy_and_drift_options_are_environment_variables_too(tmp_path, capsys):
    args = build_parser({"OZMOCK_UPSTREAM": "http://127.0.0.1:9", "OZMOCK_ALLOW_WRITES": "yes",
                         "OZMOCK_RECORD": str(tmp_path)}).parse_args(["proxy"])
    assert (args.upstream, args.allow_writes, args.record) == ("http://127.0.0.1:9", True, str(tmp_path))
    assert build_parser({}).parse_args(["proxy"]).upstream == "https://api-seller.ozon.ru"
    assert main(["drift"], environ={"OZMOCK_FROM_DIR": str(tmp_path)}) == 0
    assert "0 call(s) checked" in capsys.readouterr().out
    assert main(["drift"], environ={}) == 2
    assert capsys.readouterr().err.strip() == "ozmock: drift: name the cassettes with --from DIR (or OZMOCK_FROM_DIR)"


def test_ozmock_proxy_on_the_command_line(upstream, tmp_path):
    """The command as a seller runs it: its banner, the request log naming the drift, cassettes
    written, the report served; the key in none of what it prints or writes."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "ozmock", "proxy", "--upstream", upstream.url,
                                "--port", str(port), "--record", str(tmp_path)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(f"http://127.0.0.1:{port}/__ozmock/health")
        answer = httpx.post(f"http://127.0.0.1:{port}/v1/warehouse/list", json={"limit": 10}, headers=HEADERS)
        refused = httpx.post(f"http://127.0.0.1:{port}/v1/product/import/prices", json={}, headers=HEADERS)
        report = httpx.get(f"http://127.0.0.1:{port}/__ozmock/drift?format=markdown").text
    finally:
        process.terminate()
        printed = process.communicate(timeout=30)[1]
    assert answer.content == answer_bytes("/v1/warehouse/list") and refused.status_code == 403
    assert f"ozmock proxy on http://127.0.0.1:{port} -> {upstream.url}" in printed
    assert "writes refused (start with --allow-writes)" in printed
    assert "POST /v1/warehouse/list 200" in printed and "drift='contract-warning, enum-mismatch" in printed
    assert "| `POST /v1/warehouse/list` | unknown-field | 1 | `result[].surprise` |" in report
    assert [file.name for file in tmp_path.iterdir()] == ["post_v1_warehouse_list.json"]
    assert KEY not in printed and KEY not in (tmp_path / "post_v1_warehouse_list.json").read_text()


def test_the_live_answer_reaches_the_caller_even_when_its_report_fails(upstream, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug in the comparison")

    monkeypatch.setattr("ozmock.proxy.app.compare", broken)
    answer = through(ProxyApp(upstream.url), *posts(CALLS[0]))[0]
    assert answer.status_code == 200 and answer.content == answer_bytes("/v1/warehouse/list")
    assert "x-ozmock-drift" not in answer.headers
    assert any("drift report of POST /v1/warehouse/list failed" in record.getMessage() for record in caplog.records)
