"""Scripted faults: errors, latency or a dropped connection for chosen calls.

A rule matches an operation (or any) and a seller (or any) and fires on the
nth matching call, on every call, or with a probability drawn from a seeded
RNG; `times` makes it expire. `phase: before` answers the error instead of
running the handler; `phase: after` runs the handler (the write commits) and
then answers the error, so a client's reconciliation can be tested.
"""
from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from ..errors import HTTP_TO_GRPC, INTERNAL, RATE_LIMITED, OzonError

DEFAULT_ERRORS: dict[int, tuple[int, str]] = {
    400: (3, "Invalid request payload"),
    401: (16, "Client-Id and Api-Key headers are required"),
    403: (7, "Forbidden"),
    404: (5, "Not found"),
    409: (6, "Conflict: the resource was changed by another request"),
    429: (8, RATE_LIMITED),
    500: (13, INTERNAL),
    502: (14, "Bad gateway"),
    503: (14, "Service is temporarily unavailable"),
    504: (4, "Deadline exceeded"),
}
PHASES = ("before", "after")


@dataclass
class Fault:
    """One rule. Leave `status` empty for a latency-only or drop-only rule."""

    operation: str | None = None        # "/v2/products/stocks", "POST /v2/products/stocks" or None (any)
    client_id: int | None = None
    nth: int | None = None              # fire only on this matching call (1-based)
    probability: float | None = None    # fire with this chance (seeded)
    times: int | None = None            # expire after firing this many times
    status: int | None = None
    code: int | None = None
    message: str | None = None
    latency_ms: float = 0.0
    drop: bool = False
    phase: str = "before"
    id: int = 0
    seen: int = field(default=0)
    fired: int = field(default=0)

    def __post_init__(self) -> None:
        if self.phase not in PHASES:
            raise ValueError(f"fault phase must be one of {PHASES}, not {self.phase!r}")
        if self.status is not None and not 400 <= int(self.status) <= 599:
            raise ValueError(f"fault status must be an HTTP error status 400..599, not {self.status!r}")
        if self.probability is not None and not 0 <= self.probability <= 1:
            raise ValueError(f"fault probability must be within 0..1, not {self.probability!r}")
        if self.nth is not None and self.nth < 1:
            raise ValueError("fault nth counts calls from 1")
        if self.status is None and not self.latency_ms and not self.drop:
            raise ValueError("a fault needs a status, a latency_ms or drop")

    @property
    def expired(self) -> bool:
        return (self.times is not None and self.fired >= self.times) or (
            self.nth is not None and self.seen >= self.nth)

    def matches(self, operation: str, client_id: int | None) -> bool:
        if self.client_id is not None and self.client_id != client_id:
            return False
        if self.operation is None or self.operation in ("*", operation):
            return True
        return self.operation == operation.split(" ", 1)[1]

    def error(self) -> OzonError | None:
        if self.status is None:
            return None
        status = int(self.status)
        code, message = DEFAULT_ERRORS.get(status, (HTTP_TO_GRPC.get(status, 2), "Error"))
        headers = {"Retry-After": "1"} if status == 429 else {}
        return OzonError(self.code if self.code is not None else code, self.message or message,
                         status=status, headers=headers)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


FAULT_FIELDS = {f.name for f in fields(Fault)}


def fault_from_json(data: dict[str, Any]) -> Fault:
    if not isinstance(data, dict):
        raise ValueError("a fault is a JSON object")
    unknown = set(data) - FAULT_FIELDS
    if unknown:
        raise ValueError(f"unknown fault field(s): {', '.join(sorted(unknown))}")
    return Fault(**data)


class FaultBook:
    """The active rules of a world, checked in the order they were added."""

    def __init__(self, seed: int = 0):
        self.rules: list[Fault] = []
        self.rng = random.Random(seed)
        self._next_id = 0

    def add(self, fault: Fault | dict[str, Any]) -> Fault:
        rule = fault if isinstance(fault, Fault) else fault_from_json(fault)
        self._next_id += 1
        rule.id = self._next_id
        self.rules.append(rule)
        return rule

    def remove(self, fault_id: int) -> bool:
        before = len(self.rules)
        self.rules = [rule for rule in self.rules if rule.id != fault_id]
        return len(self.rules) != before

    def clear(self) -> None:
        self.rules.clear()

    def pick(self, operation: str, client_id: int | None) -> Fault | None:
        """The rule that fires for this call, counting the call against every matching rule."""
        chosen = None
        for rule in self.rules:
            if rule.expired or not rule.matches(operation, client_id):
                continue
            rule.seen += 1
            if chosen is not None:
                continue
            if rule.nth is not None and rule.seen != rule.nth:
                continue
            if rule.probability is not None and self.rng.random() >= rule.probability:
                continue
            rule.fired += 1
            chosen = rule
        return chosen

    def to_json(self) -> list[dict[str, Any]]:
        return [rule.to_json() for rule in self.rules]

    def load_json(self, rules: list[dict[str, Any]]) -> None:
        for data in rules:
            self.add(fault_from_json({k: v for k, v in data.items() if k != "id"}))


def fault_from_header(value: str) -> Fault:
    """`X-Ozmock-Fault: 500`, `429`, `latency=250`, `drop`, `500;phase=after` (tokens joined by `;` or `,`)."""
    options: dict[str, Any] = {}
    for token in value.replace(",", ";").split(";"):
        token = token.strip()
        if not token:
            continue
        name, _, argument = token.partition("=")
        name = name.strip().lower()
        if name.isdigit():
            options["status"] = int(name)
        elif name == "status":
            options["status"] = int(argument)
        elif name in ("latency", "latency_ms"):
            options["latency_ms"] = float(argument)
        elif name == "drop":
            options["drop"] = True
        elif name == "phase":
            options["phase"] = argument.strip()
        elif name == "message":
            options["message"] = argument.strip()
        elif name == "code":
            options["code"] = int(argument)
        else:
            raise ValueError(f"unknown X-Ozmock-Fault token {token!r}")
    return Fault(**options)
