"""The world: sellers with their keys and state, the clock, ids, settings, faults and journal.

Everything a request can change lives here, so a world can be reset,
snapshotted (pickle, for per-test fixtures) and exported as JSON (for
`/__ozmock/state` and `--state-file`).
"""
from __future__ import annotations

import pickle
import random
import threading
from dataclasses import asdict, dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from .clock import Clock, parse_iso
from .errors import BAD_CLIENT_ID, INVALID_API_KEY, MISSING_CREDENTIALS, OzonError
from .pipeline.faults import FaultBook
from .pipeline.journal import Journal
from .push_sender import PushSender
from .registry import AREAS

STATE_FORMAT = "ozmock-state/1"
DEFAULT_CLIENT_ID = 836
DEFAULT_API_KEY = "0296d4f2-70a1-4c09-b507-904fd05567b9"
ALL_ROLES = ("Admin",)
SIGNED_IN_KEPT = 1024       # Client-Id / Api-Key pairs `authenticate` remembers


@dataclass
class ApiKey:
    key: str
    name: str = "default"
    roles: list[str] = field(default_factory=lambda: list(ALL_ROLES))
    expires_at: str | None = None
    revoked: bool = False

    def usable_at(self, now: datetime) -> bool:
        return not self.revoked and (self.expires_at is None or parse_iso(self.expires_at) > now)


@dataclass
class Seller:
    client_id: int
    name: str = "ООО «Тестовый продавец»"
    currency: str = "RUB"
    keys: dict[str, ApiKey] = field(default_factory=dict)
    areas: dict[str, Any] = field(default_factory=dict)
    world: "World | None" = field(default=None, repr=False, compare=False)

    def area(self, name: str) -> Any:
        """This seller's state for one domain area, created on first use."""
        state = self.areas.get(name)
        if state is None:
            state = self.areas[name] = AREAS[name].create(self, self.world)
        return state

    def add_key(self, key: str, **options: Any) -> ApiKey:
        api_key = ApiKey(key=key, **options)
        self.keys[key] = api_key
        return api_key


@dataclass
class Settings:
    """World-wide behaviour switches, set by the scenario."""

    rate_limit_per_second: int | None = 50
    legacy: str = "serve"            # serve | reject
    api_date: str | None = None      # YYYY-MM-DD: the day of Ozon's contract served; None = today
    strict: bool = False             # validate every response against its schema
    strict_requests: bool = False    # refuse what would only raise a contract warning (pipeline/tiers.py)
    journal_size: int = 1000         # entries the call journal keeps; 0: none (`--no-journal`)
    limits: dict[str, Any] = field(default_factory=dict)   # domain limits (quotas, stock windows, ...)
    timings: dict[str, float] = field(default_factory=dict)  # domain durations in seconds
    push_allow: list[str] | None = None   # hosts and networks push may reach (`--push-allow`); None: any
    timing_profile: str = "fast"     # fast: asynchronous work within seconds | realistic: as documented


class World:
    def __init__(self, *, clock: Clock | None = None, seed: int = 0, settings: Settings | None = None,
                 scenario: str = "empty"):
        self.clock = clock or Clock()
        self.seed = seed
        self.rng = random.Random(seed)
        self.settings = settings or Settings()
        self.scenario = scenario
        self.sellers: dict[int, Seller] = {}
        self.counters: dict[str, int] = {}
        self.faults = FaultBook(seed)
        self.journal = Journal(self.settings.journal_size)
        self.rate_windows: dict[int, tuple[int, int]] = {}
        self.method_calls: dict[tuple[int, str], list[float]] = {}   # per-method windows (pipeline/limits)
        self.lock = threading.RLock()
        self.push_sender = PushSender()
        self._signed_in: dict[tuple[str, str], tuple[Seller, ApiKey]] = {}   # see `authenticate`

    # The one lock of the world: the pipeline holds it around settle + handler, control routes and
    # background delivery around whatever they read or change. It is not part of the state, nor is
    # the push sender (its thread and HTTP client; see push_sender.py).
    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        del state["lock"], state["push_sender"]
        state.pop("_signed_in", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.lock = threading.RLock()
        self.push_sender = PushSender()
        self._signed_in = {}

    # --- sellers and credentials -------------------------------------------------------------
    def add_seller(self, client_id: int, api_key: str | None = None, **options: Any) -> Seller:
        seller = Seller(client_id=client_id, world=self, **options)
        if api_key:
            seller.add_key(api_key)
        self.sellers[client_id] = seller
        return seller

    def authenticate(self, client_id: str | None, api_key: str | None) -> Seller:
        """The seller behind a Client-Id / Api-Key pair, or the live API's error for it. A pair seen
        before is looked up once and trusted while it holds: the same seller in the world, the same key
        object under it, not revoked, without an expiry (an expiring key is checked on every call)."""
        signed_in = self._signed_in.get((client_id, api_key))
        if signed_in is not None:
            seller, key = signed_in
            if (self.sellers.get(seller.client_id) is seller and seller.keys.get(key.key) is key
                    and not key.revoked and key.expires_at is None):
                return seller
        seller = self._check_credentials(client_id, api_key)
        key = seller.keys[api_key.strip()]
        if key.expires_at is None:
            if len(self._signed_in) >= SIGNED_IN_KEPT:
                self._signed_in.clear()
            self._signed_in[(client_id, api_key)] = (seller, key)
        return seller

    def _check_credentials(self, client_id: str | None, api_key: str | None) -> Seller:
        if not client_id or not api_key:
            raise OzonError(16, MISSING_CREDENTIALS)
        client_id = client_id.strip()
        if not (client_id.isascii() and client_id.isdigit()) or int(client_id) <= 0:
            raise OzonError(3, BAD_CLIENT_ID)
        seller = self.sellers.get(int(client_id))
        key = seller.keys.get(api_key.strip()) if seller else None
        if key is None or key.revoked or (key.expires_at is not None and not key.usable_at(self.clock.now())):
            raise OzonError(5, INVALID_API_KEY)
        return seller

    # --- ids -------------------------------------------------------------------------------
    def next_id(self, kind: str, start: int = 100_000) -> int:
        """Sequential ids per kind: deterministic for a given scenario and call order."""
        value = self.counters.get(kind, start) + 1
        self.counters[kind] = value
        return value

    def now(self) -> datetime:
        return self.clock.now()

    # --- snapshots -------------------------------------------------------------------------
    def snapshot(self) -> bytes:
        return pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def restore(blob: bytes) -> "World":
        return pickle.loads(blob)

    def to_json(self) -> dict[str, Any]:
        """The whole world as JSON: what `/__ozmock/state` exports and `--state-file` stores."""
        return {
            "format": STATE_FORMAT,
            "scenario": self.scenario,
            "seed": self.seed,
            "clock": self.clock.to_json(),
            "settings": asdict(self.settings),
            "counters": dict(self.counters),
            "rng": rng_json(self.rng),
            "faults": self.faults.to_json(),
            "sellers": [
                {
                    "client_id": seller.client_id,
                    "name": seller.name,
                    "currency": seller.currency,
                    "keys": [asdict(key) for key in seller.keys.values()],
                    "areas": {name: AREAS[name].dump(state) for name, state in seller.areas.items()},
                }
                for seller in self.sellers.values()
            ],
        }

    @classmethod
    def from_json(cls, data: Any) -> "World":
        """A world from its JSON document, refused with a one-line reason when the document is not one."""
        if not isinstance(data, dict) or data.get("format") != STATE_FORMAT:
            found = data.get("format") if isinstance(data, dict) else type(data).__name__
            raise ValueError(f"not an ozmock state document: format is {found!r}, expected {STATE_FORMAT!r}")
        try:
            world = cls(clock=Clock.from_json(data["clock"]), seed=data.get("seed", 0),
                        settings=Settings(**data.get("settings", {})), scenario=data.get("scenario", "state"))
            world.counters = checked_counters(data.get("counters", {}))
            world.rng = rng_from_json(data.get("rng"), data)
            world.faults.load_json(data.get("faults", []))
            for entry in data["sellers"]:
                seller = world.add_seller(int(entry["client_id"]), name=entry.get("name", ""),
                                          currency=entry.get("currency", "RUB"))
                for key in entry.get("keys", []):
                    seller.add_key(**key)
                for name, state in entry.get("areas", {}).items():
                    if name not in AREAS:
                        raise ValueError(f"unknown state area {name!r} for seller {seller.client_id}")
                    problem = shape_problem(area_template(name), state, name)
                    if problem:
                        raise ValueError(f"seller {seller.client_id}: {problem}")
                    seller.areas[name] = AREAS[name].load(state)
        except (KeyError, TypeError, AttributeError) as error:
            raise ValueError(f"malformed ozmock state document: {error!r}") from error
        return world


MAX_ID = 2**63 - 1          # ids travel as int64


def checked_counters(counters: Any) -> dict[str, int]:
    if not isinstance(counters, dict):
        raise ValueError("counters must be an object of integers")
    checked = {}
    for kind, value in counters.items():
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_ID:
            raise ValueError(f"counter {kind!r} is {value!r}, not an integer from 0 to {MAX_ID} (int64)")
        checked[str(kind)] = value
    return checked


def rng_json(rng: random.Random) -> list:
    version, state, gauss = rng.getstate()
    return [version, list(state), gauss]


def rng_from_json(saved: Any, document: dict[str, Any]) -> random.Random:
    """The world's generator where it stopped. A document from before generators were saved gets one
    seeded from its own contents, so it does not hand out the uuids its seed gave before."""
    rng = random.Random()
    if saved is None:
        rng.seed(f"{document.get('seed', 0)}:{document['clock']}:{sorted(document.get('counters', {}).items())}")
        return rng
    try:
        version, state, gauss = saved
        rng.setstate((version, tuple(state), gauss))
    except (ValueError, TypeError) as error:
        raise ValueError(f"rng is not a saved random generator state ({error})") from None
    return rng


@lru_cache(maxsize=None)
def area_template(name: str) -> Any:
    """What a new, empty area looks like as JSON: the shape a saved one must have."""
    probe = World()
    return AREAS[name].dump(AREAS[name].create(probe.add_seller(1), probe))


def shape_problem(expected: Any, found: Any, where: str) -> str | None:
    """Where `found` has another JSON shape than `expected` (objects, arrays; members both have)."""
    if isinstance(expected, dict):
        if not isinstance(found, dict):
            return f"{where} must be an object, not {json_kind(found)}"
        for key, value in expected.items():
            if key in found:
                problem = shape_problem(value, found[key], f"{where}.{key}")
                if problem:
                    return problem
    elif isinstance(expected, list) and not isinstance(found, list):
        return f"{where} must be an array, not {json_kind(found)}"
    return None


def json_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return "null" if value is None else type(value).__name__
