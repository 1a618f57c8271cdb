"""The API key itself: `/v1/roles` reports the calling key's roles, their methods and its expiry."""
from __future__ import annotations

from datetime import timedelta

from ...catalog import load_catalog
from ...clock import iso, parse_iso
from ...pipeline.roles import current_key, methods_for
from ...registry import Call, handles

# Ozon keys live six months; a key created without an expiry never expires in ozmock, and
# `/v1/roles` reports it as expiring six months from the current (world) time.
KEY_LIFETIME = timedelta(days=180)


@handles("POST", "/v1/roles", exact=True)
def roles(call: Call) -> dict:
    key = current_key(call.seller)
    names = list(key.roles) if key is not None else []
    by_role = methods_for(names, load_catalog())
    if key is not None and key.expires_at:
        expires = iso(parse_iso(key.expires_at))
    else:
        expires = iso(call.now + KEY_LIFETIME)
    return {"roles": [{"name": name, "methods": by_role[name]} for name in names], "expires_at": expires}
