"""Scripted faults: errors, latency or a dropped connection for chosen calls.

A rule matches an operation (or any) and a seller (or any) and fires on the
nth matching call, on every call, or with a probability drawn from a seeded
RNG; `times` makes it expire. `phase: before` answers the error instead of
running the handler; `phase: after` runs the handler (the write commits) and
then answers the error, so a client's reconciliation can be tested.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from fnmatch import fnmatchcase
from typing import Any

from ..catalog import load_catalog
from ..errors import HTTP_TO_GRPC, INTERNAL, MISSING_CREDENTIALS, MISSING_ROLE, RATE_LIMITED, OzonError
from ..seeded import SeededRandom
from ..suggest import closest_operation

# Default body per status: the gRPC code and a message the live API gives for it.
DEFAULT_ERRORS: dict[int, tuple[int, str]] = {
    400: (3, "invalid request payload"),
    401: (16, MISSING_CREDENTIALS),
    403: (7, MISSING_ROLE),
    404: (5, "not found"),
    409: (6, "Conflict: the resource was changed by another request"),
    429: (8, RATE_LIMITED),
    500: (13, INTERNAL),
    502: (14, "Bad gateway"),
    503: (14, "Service is temporarily unavailable"),
    504: (4, "Deadline exceeded"),
}
PHASES = ("before", "after")


# What each field may hold (checked on entry: a rule of the wrong type would break every call it meets).
FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "operation": (str,), "client_id": (int,), "nth": (int,), "probability": (int, float), "times": (int,),
    "status": (int,), "code": (int,), "message": (str,), "latency_ms": (int, float), "drop": (bool,),
    "phase": (str,)}
MAX_LATENCY_MS = 600_000


@dataclass
class Fault:
    """One rule. Leave `status` empty for a latency-only or drop-only rule."""

    operation: str | None = None        # "/v2/products/stocks", "POST /v2/...", a glob "/v2/posting/*", None: any
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
        for name, kinds in FIELD_TYPES.items():
            value = getattr(self, name)
            if value is not None and (not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds)):
                raise ValueError(f"fault {name} is {' or '.join(k.__name__ for k in kinds)}, not {value!r}")
        for name in ("client_id", "nth", "times", "code"):
            value = getattr(self, name)
            if value is not None and not -(2**31) <= value < 2**63:
                raise ValueError(f"fault {name} is out of range: {value!r}")
        if not (0 <= self.latency_ms <= MAX_LATENCY_MS):     # also refuses NaN
            raise ValueError(f"fault latency_ms is within 0..{MAX_LATENCY_MS}, not {self.latency_ms!r}")
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
        """`operation` is "METHOD /path" of the call."""
        if self.client_id is not None and self.client_id != client_id:
            return False
        pattern = self.operation
        if pattern is None or pattern in ("*", operation):
            return True
        target = operation if " " in pattern else operation.split(" ", 1)[1]
        return pattern == target or ("*" in pattern and fnmatchcase(target, pattern))

    def describe(self) -> str:
        """One line for humans: `#3 POST /v2/products/stocks 3rd call -> 429 (fired 1x)`."""
        parts = [f"#{self.id}", self.operation or "any operation"]
        if self.client_id is not None:
            parts.append(f"client {self.client_id}")
        if self.nth is not None:
            parts.append(f"call #{self.nth}")
        if self.probability is not None:
            parts.append(f"p={self.probability:g}")
        effect = [str(self.status)] if self.status else []
        if self.latency_ms:
            effect.append(f"+{self.latency_ms:g} ms")
        if self.drop:
            effect.append("drop")
        parts.append("-> " + " ".join(effect) + (" after the write" if self.phase == "after" else ""))
        if self.times is not None:
            parts.append(f"(fires {self.times}x)")
        return " ".join(parts) + f" [seen {self.seen}, fired {self.fired}]"

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
        raise ValueError(f"unknown fault field(s): {', '.join(sorted(unknown))}; "
                         f"known: {', '.join(sorted(FAULT_FIELDS - {'id', 'seen', 'fired'}))}")
    try:
        return Fault(**data)
    except TypeError as error:
        raise ValueError(f"bad fault: {error}") from None


def check_operation(pattern: str | None) -> None:
    """Refuse a rule whose operation matches nothing served, so a typo cannot make a test pass silently."""
    if pattern is None or pattern == "*":
        return
    method, _, path = pattern.partition(" ") if " " in pattern else ("", "", pattern)
    method = method.upper()
    if "*" in path:
        found = any(fnmatchcase(op.path, path) and (not method or op.method == method) for op in load_catalog())
    else:
        operations, _ = load_catalog().route(method or "POST", path)
        found = bool(operations) and (not method or method in operations)
    if not found:
        match = None if "*" in path else closest_operation(pattern)
        hint = (f"did you mean {match!r}?" if match else
                "write a path such as '/v3/product/list', 'POST /v3/product/list' or a glob such as '/v2/posting/*'")
        raise ValueError(f"fault operation {pattern!r} matches no served operation; {hint}")


class FaultBook:
    """The active rules of a world, checked in the order they were added.

    `add("/v2/products/stocks", status=429, nth=3)`, `add(Fault(...))` or `add({...})` (JSON form).
    """

    def __init__(self, seed: int = 0):
        self.rules: list[Fault] = []
        self.rng = SeededRandom(seed)
        self._next_id = 0

    def add(self, fault: Fault | dict[str, Any] | str | None = None, /, **options: Any) -> Fault:
        if isinstance(fault, Fault):
            rule = fault
        elif isinstance(fault, dict):
            rule = fault_from_json({**fault, **options})
        else:
            rule = fault_from_json({"operation": fault, **options} if fault is not None else options)
        if rule.operation is not None and " " in rule.operation:
            method, _, path = rule.operation.partition(" ")
            rule.operation = f"{method.upper()} {path.strip()}"
        check_operation(rule.operation)
        self._next_id += 1
        rule.id = self._next_id
        self.rules.append(rule)
        return rule

    def get(self, fault_id: int) -> Fault | None:
        return next((rule for rule in self.rules if rule.id == fault_id), None)

    def __iter__(self):
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def describe(self) -> str:
        return "\n".join(rule.describe() for rule in self.rules) or "(no fault rules)"

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


TOKENS_HELP = "500 | status=500 | latency=250 | drop | phase=after | after | code=13 | message=..."


def fault_from_header(value: str) -> Fault:
    """`X-Ozmock-Fault: 500`, `429`, `latency=250`, `drop`, `500;phase=after` (tokens joined by `;` or `,`).

    The rule applies to this one request only; it overrides any fault rule that would match it.
    """
    options: dict[str, Any] = {}
    for token in value.replace(",", ";").split(";"):
        token = token.strip()
        if not token:
            continue
        name, _, argument = token.partition("=")
        name = name.strip().lower()
        argument = argument.strip()
        if name.isdigit():
            options["status"] = int(name)
        elif name == "status":
            options["status"] = _number(int, token, argument)
        elif name in ("latency", "latency_ms"):
            options["latency_ms"] = _number(float, token, argument)
        elif name == "drop":
            options["drop"] = True
        elif name == "phase":
            options["phase"] = argument
        elif name in PHASES and not argument:
            options["phase"] = name
        elif name == "message":
            options["message"] = argument
        elif name == "code":
            options["code"] = _number(int, token, argument)
        else:
            raise ValueError(f"unknown token {token!r}; use {TOKENS_HELP}")
    try:
        return Fault(**options)
    except (TypeError, ValueError) as error:
        raise ValueError(str(error)) from None


def _number(kind, token: str, argument: str):
    try:
        return kind(argument)
    except ValueError:
        raise ValueError(f"token {token!r} needs a number after '='") from None
