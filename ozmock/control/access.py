"""Who may use the control API. On loopback it is open, as a test's own fake should be; listening
beyond it (`--host 0.0.0.0`, the Docker default) anyone who reaches the port could read the sellers'
keys, reset the world or point push at any URL, so every `/__ozmock/*` route but the health check and
the served files (report links are their own credential, like the live API's CDN links) then needs
`Authorization: Bearer <control token>`: `--control-token` / `OZMOCK_CONTROL_TOKEN`, or one generated
at start-up and printed in the banner.
"""
from __future__ import annotations

import hmac
import ipaddress
import secrets
from urllib.parse import parse_qs

import orjson

CONTROL_PREFIX = "/__ozmock"
OPEN_PATHS = ("/__ozmock/health", "/__ozmock/files/", "/__ozmock/ui/files/")   # the dashboard's code: no data
LOOPBACK_NAMES = ("localhost",)


def is_loopback(host: str) -> bool:
    """Whether a listening address only admits this machine."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def control_token_for(host: str, given: str | None) -> tuple[str | None, bool]:
    """(token, generated): the given token wherever the server listens; a fresh one beyond loopback;
    none on loopback without one (open, as before)."""
    if given:
        return given, False
    if is_loopback(host):
        return None, False
    return secrets.token_urlsafe(24), True


def needs_token(path: str) -> bool:
    return path.startswith(CONTROL_PREFIX) and not path.startswith(OPEN_PATHS)


def bearer_matches(headers: list[tuple[bytes, bytes]], token: str) -> bool:
    for name, value in headers:
        if name.lower() == b"authorization":
            scheme, _, sent = value.decode("latin-1").partition(" ")
            return scheme.lower() == "bearer" and hmac.compare_digest(sent.strip().encode(), token.encode())
    return False


def query_matches(scope, token: str) -> bool:
    """A GET may carry the token as `?token=` instead: a browser opening the dashboard sends no header."""
    if scope.get("method") != "GET":
        return False
    sent = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [""])[0]
    return bool(sent) and hmac.compare_digest(sent.encode(), token.encode())


class ControlAccess:
    """ASGI middleware in front of the control app: a token-less call answers 401 in Ozon's shape."""

    def __init__(self, app, owner):
        self.app = app
        self.owner = owner

    async def __call__(self, scope, receive, send) -> None:
        token = self.owner.control_token
        if (token and scope["type"] == "http" and needs_token(scope["path"])
                and not bearer_matches(scope["headers"], token) and not query_matches(scope, token)):
            payload = orjson.dumps({"code": 16, "message": "the control API needs Authorization: Bearer "
                                    "<control token> (printed at start-up, or --control-token)", "details": []})
            await send({"type": "http.response.start", "status": 401,
                        "headers": [(b"content-type", b"application/json"),
                                    (b"www-authenticate", b'Bearer realm="ozmock"'),
                                    (b"content-length", str(len(payload)).encode())]})
            await send({"type": "http.response.body", "body": payload})
            return
        await self.app(scope, receive, send)
