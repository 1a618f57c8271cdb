"""Api-Key roles: a key lacking the role an operation needs gets 403 / code 7."""
from __future__ import annotations

from ..errors import MISSING_ROLE, OzonError

# Roles that open every operation.
UNIVERSAL_ROLES = frozenset({"Admin"})


def check_role(seller, api_key: str | None, operation) -> None:
    key = seller.keys.get((api_key or "").strip())
    if key is None or UNIVERSAL_ROLES.intersection(key.roles):
        return
    needed = required_roles(operation)
    if needed and not needed.intersection(key.roles):
        raise OzonError(7, MISSING_ROLE)


def required_roles(operation) -> frozenset[str]:
    """Roles any one of which opens the operation, by its API group."""
    group = operation.group or ""
    return frozenset(ROLE_BY_GROUP.get(group, ("Admin",)))


ROLE_BY_GROUP: dict[str, tuple[str, ...]] = {}
