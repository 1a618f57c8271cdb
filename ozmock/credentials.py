"""Sellers and API keys added to a running world, and the credentials a client uses with them.

One implementation behind `OzonMock.add_seller` / `add_key` and the control API's
`/__ozmock/sellers` routes, so both validate and answer alike. Callers that may race with requests
hold `world.lock`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Iterable

from .clock import iso, parse_iso
from .domain.kit.ids import new_uuid
from .pipeline.roles import ROLES
from .registry import SEEDERS
from .suggest import did_you_mean
from .world import ALL_ROLES, DEFAULT_CLIENT_ID, ApiKey, Seller, World


@dataclass(frozen=True)
class Credentials:
    """A Client-Id / Api-Key pair, as a seller's integration holds it."""

    client_id: int
    api_key: str
    roles: tuple[str, ...] = field(default=tuple(ALL_ROLES), compare=False)
    expires_at: str | None = field(default=None, compare=False)

    @property
    def headers(self) -> dict[str, str]:
        return {"Client-Id": str(self.client_id), "Api-Key": self.api_key}


def credentials_of(seller: Seller, key: ApiKey) -> Credentials:
    return Credentials(seller.client_id, key.key, tuple(key.roles), key.expires_at)


def expiry(world: World, value: datetime | timedelta | str | int | float | None) -> str | None:
    """An expiry as stored on a key: absolute (datetime / ISO text) or relative to the world clock
    (timedelta, or a number of seconds)."""
    if value is None:
        return None
    if isinstance(value, timedelta):
        return iso(world.clock.now() + value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return iso(world.clock.now() + timedelta(seconds=value))
        except (OverflowError, ValueError):       # NaN, or a date past year 9999
            raise ValueError(f"an expiry of {value!r} seconds is out of range") from None
    if isinstance(value, datetime):
        return iso(value if value.tzinfo else value.replace(tzinfo=timezone.utc))
    if isinstance(value, str):
        return iso(parse_iso(value))
    raise TypeError(f"an expiry is a datetime, a timedelta, seconds or an ISO timestamp, not {value!r}")


def add_key(world: World, seller: Seller, api_key: str | None = None, *, roles: Iterable[str] = ALL_ROLES,
            expires_at: Any = None, name: str = "default") -> ApiKey:
    """Another key for a seller; without `api_key`, a UUID from the world's seeded generator."""
    roles = [roles] if isinstance(roles, str) else list(roles)
    if not roles or not all(isinstance(role, str) and role for role in roles):
        raise ValueError("a key needs at least one role (e.g. ['Admin'] or ['Posting FBS'])")
    for role in roles:
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}" + (did_you_mean(role, ROLES) or f"; roles: {', '.join(ROLES)}"))
    api_key = api_key or new_uuid(world)
    for other in world.sellers.values():
        if api_key in other.keys:
            raise ValueError(f"key {api_key!r} already belongs to seller {other.client_id}")
    return seller.add_key(api_key, name=name, roles=roles, expires_at=expiry(world, expires_at))


def add_seller(world: World, client_id: int | None = None, *, name: str | None = None, currency: str = "RUB",
               api_key: str | None = None, roles: Iterable[str] = ALL_ROLES, expires_at: Any = None,
               **sections: Any) -> Credentials:
    """A new seller with one key, its `sections` filled like a scenario entry; all or nothing."""
    if client_id is None:
        client_id = max(world.sellers, default=DEFAULT_CLIENT_ID - 1) + 1
    if isinstance(client_id, bool) or not isinstance(client_id, (int, str)):
        raise ValueError(f"a Client-Id is a positive integer, not {client_id!r}")
    client_id = int(client_id)
    if not 0 < client_id < 2**63:
        raise ValueError("a Client-Id is a positive 64-bit integer")
    if client_id in world.sellers:
        raise ValueError(f"seller {client_id} already exists")
    unknown = set(sections) - set(SEEDERS)
    if unknown:
        raise ValueError(f"unknown seller section(s) {sorted(unknown)}; loaded areas fill: {sorted(SEEDERS)}")
    seller = world.add_seller(client_id, name=name or f"Seller {client_id}", currency=currency)
    try:
        key = add_key(world, seller, api_key, roles=roles, expires_at=expires_at)
        for section, spec in sections.items():
            SEEDERS[section](world, seller, spec)
    except Exception:
        del world.sellers[client_id]
        raise
    return credentials_of(seller, key)
