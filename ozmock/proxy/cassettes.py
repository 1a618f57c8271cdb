"""Cassettes: a seller's real calls kept as test data, one JSON file per operation.

    {"operation": "POST /v3/product/list",
     "interactions": [{"request": {"method", "path", "query", "body"},
                       "response": {"status", "content_type", "body" | "omitted", "text"?}}]}

Bodies are masked before they are written (`masking.py`); no header is kept, so no credential is. A
file the live API answers (a PDF label, an act, a barcode) is not kept, only its size (`omitted`):
it prints buyers' names and addresses, which no masking can find in it; its call is not replayed.
`text` keeps an answer's exact bytes when nothing in it was masked and its JSON is not written the
way orjson writes it, so a replay answers byte for byte what the live API did.

`ozmock serve --replay DIR` answers a call from the cassettes first (`Replay`) and falls back to the
world. Matching rules (`--replay-match`): `body` (the default) - the operation, the path as called,
its query and the body as protojson reads it (either spelling, numbers either way, keys in any
order; masked as the recording was); `operation` - the operation alone. Several recordings under
one key answer in turn, the last one repeating (a status polled until done replays as recorded).
"""
from __future__ import annotations

import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import orjson

from ..catalog import Catalog, Operation, slug_of
from ..errors import OzonError
from ..registry import FileBody
from .masking import mask

MATCH_RULES = ("body", "operation")


class CassetteError(ValueError):
    """A cassette folder or file that cannot be used; the message names it."""


@dataclass
class RecordedBody(FileBody):
    """A recorded answer: sent as its exact bytes, kept in the journal as its (masked) JSON."""
    value: Any = None

    def summary(self) -> Any:
        return self.value


def operation_name(operation: Operation | None, method: str, path: str) -> str:
    return f"{operation.method} {operation.path}" if operation is not None else f"{method} {path}"


def interaction(method: str, path: str, query: dict[str, str], request_body: Any, status: int,
                content_type: str, content: bytes, secrets: tuple[str, ...]) -> dict[str, Any]:
    """One exchange as a cassette keeps it: masked, without headers."""
    response: dict[str, Any] = {"status": status, "content_type": content_type}
    try:
        value = orjson.loads(content) if content else None
    except orjson.JSONDecodeError:      # a file (a label, an act): it prints names and addresses
        response["omitted"] = len(content)
        value = None
    else:
        masked = mask(value, secrets)
        response["body"] = masked
        if masked == value and content and orjson.dumps(value) != content:
            response["text"] = content.decode("utf-8")
    return {"request": {"method": method, "path": path, "query": mask(query, secrets),
                        "body": mask(request_body, secrets)}, "response": response}


def answer_bytes(response: dict[str, Any]) -> bytes:
    if "text" in response:
        return response["text"].encode("utf-8")
    return b"" if response.get("body") is None else orjson.dumps(response["body"])


class Recorder:
    """Appends interactions to `<folder>/<slug>.json`, rewriting the file whole (atomically) each time."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._lock = threading.Lock()
        self._cassettes: dict[str, dict[str, Any]] = {}
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CassetteError(f"--record {folder}: cannot create the folder: {error.strerror}") from None
        if not os.access(folder, os.W_OK):
            raise CassetteError(f"--record {folder}: not writable by uid {os.getuid()}")
        for name, cassette in read_folder(folder):
            self._cassettes[name] = cassette

    def record(self, name: str, entry: dict[str, Any]) -> Path:
        method, _, path = name.partition(" ")
        file = self.folder / f"{slug_of(method, path)}.json"
        with self._lock:
            cassette = self._cassettes.setdefault(name, {"operation": name, "interactions": []})
            cassette["interactions"].append(entry)
            data = orjson.dumps(cassette, option=orjson.OPT_INDENT_2)
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, file)
        return file


def read_folder(folder: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """(operation, cassette) for every cassette in the folder; a file that is not one is refused by name."""
    if not folder.is_dir():
        raise CassetteError(f"{folder}: no such folder of cassettes")
    for file in sorted(folder.glob("*.json")):
        try:
            cassette = orjson.loads(file.read_bytes())
        except (OSError, orjson.JSONDecodeError) as error:
            raise CassetteError(f"{file}: not a cassette ({error})") from None
        if not (isinstance(cassette, dict) and isinstance(cassette.get("operation"), str)
                and isinstance(cassette.get("interactions"), list)):
            raise CassetteError(f"{file}: not a cassette (expected operation and interactions)")
        yield cassette["operation"], cassette


def interactions(folder: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, cassette in read_folder(folder):
        for entry in cassette["interactions"]:
            yield name, entry


def normalized(operation: Operation | None, method: str, body: Any, query: dict[str, str]) -> bytes:
    """A request's body as the gateway reads it, masked as recordings are, in one canonical text."""
    value = mask(query if method == "GET" else body)
    if operation is not None and isinstance(value, dict):
        try:
            value = operation.request_reader(value)
        except OzonError:
            pass                        # unreadable: compared as sent
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


class Replay:
    """Recorded answers by matching key, each answered in turn (the last one repeating)."""

    def __init__(self, folder: Path, catalog: Catalog, match: str = "body"):
        if match not in MATCH_RULES:
            raise CassetteError(f"--replay-match {match!r}: choose from {', '.join(MATCH_RULES)}")
        self.match = match
        self.catalog = catalog
        self._answers: dict[tuple, list[dict[str, Any]]] = {}
        self._next: dict[tuple, int] = {}
        self._lock = threading.Lock()
        for name, entry in interactions(folder):
            request = entry.get("request") or {}
            method, path = request.get("method", ""), request.get("path", "")
            operation = self._operation(method, path)
            key = self._key(operation_name(operation, method, path), operation, method, path,
                            request.get("body"), request.get("query") or {})
            if "omitted" not in entry["response"]:
                self._answers.setdefault(key, []).append(entry["response"])

    def __len__(self) -> int:
        return sum(len(answers) for answers in self._answers.values())

    def _operation(self, method: str, path: str) -> Operation | None:
        return self.catalog.route(method, path)[0].get(method)

    def _key(self, name: str, operation: Operation | None, method: str, path: str, body: Any,
             query: dict[str, str]) -> tuple:
        if self.match == "operation":
            return (name,)
        return name, path, normalized(operation, method, body, query)

    def answer(self, operation: Operation, method: str, path: str, raw: bytes,
               query: dict[str, str]) -> tuple[int, RecordedBody] | None:
        """The recorded (status, body) for this call, or None when nothing recorded matches."""
        try:
            body = orjson.loads(raw) if raw.strip() else None
        except orjson.JSONDecodeError:
            body = raw.decode("utf-8", "replace")
        key = self._key(operation_name(operation, method, path), operation, method, path, body, query)
        with self._lock:
            answers = self._answers.get(key)
            if not answers:
                return None
            turn = self._next.get(key, 0)
            self._next[key] = min(turn + 1, len(answers) - 1)
        response = answers[turn]
        return response["status"], RecordedBody(answer_bytes(response), response.get("content_type") or
                                                "application/json", value=response.get("body"))
