"""The world's push sender: the one place ozmock makes outgoing HTTP calls.

What push delivery means (what is due, how a reply is judged, when a URL is suspended) is domain logic
in `ozmock/domain/push`, which does no HTTP and keeps no module state. So each world owns a
`PushSender` (`world.push_sender`, rebuilt on unpickling rather than stored, like `world.lock`): the
POST itself and the background thread that runs the domain's delivery pass every `INTERVAL` seconds
of wall time while there is anything to deliver. The thread holds only a weak reference to its world,
so a world that is reset or dropped stops its sender.
"""
from __future__ import annotations

import http.client
import ipaddress
import logging
import socket
import threading
import time
import urllib.error
import urllib.request
import weakref
from dataclasses import dataclass
from typing import Any, Callable
from urllib.parse import urlsplit

log = logging.getLogger("ozmock.push")
INTERVAL = 0.05          # wall seconds between delivery passes
REPLY_BYTES = 64 * 1024  # of a reply, only this much is read: enough to judge it, never a flood
HEADERS = {"Content-Type": "application/json", "User-Agent": "ozmock-push/1"}


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A push receiver's redirect is its answer (as with httpx's default), not a second POST."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


# No proxies from the environment either: receivers are the test's own addresses.
_OPENER = urllib.request.build_opener(_NoRedirects, urllib.request.ProxyHandler({}))

DeliveryPass = Callable[[Any], Any]       # one pass over a world: deliver what is due
Pending = Callable[[Any], bool]           # is anything left to deliver? (asked under the world's lock)


@dataclass(frozen=True)
class Answer:
    """What one POST got back. `error` is REQUEST_TIMEOUT or REQUEST_ERROR (with `detail`) when no
    reply came at all; judging a reply that did come is the domain's business."""

    status: int
    content_type: str
    content: bytes
    seconds: float
    error: str = ""
    detail: str | None = None


class PushSender:
    """One world's outgoing push traffic: `post()` and the background delivery thread."""

    def __init__(self) -> None:
        self.passes = threading.Lock()      # one delivery pass at a time: the thread's or a flush's
        self._thread: threading.Thread | None = None

    def allows(self, url: str, allow: list[str] | None) -> bool:
        """Whether `url` is a push target `allow` admits: None admits any; else its host is listed by
        name, or every address it resolves to is in a listed network (`127.0.0.1`, `10.0.0.0/8`)."""
        if allow is None:
            return True
        host = (urlsplit(url).hostname or "").lower()
        names = {entry.strip().lower() for entry in allow}
        if host in names:
            return True
        networks = [network for network in map(_network, names) if network is not None]
        try:
            addresses = {ipaddress.ip_address(host)}
        except ValueError:
            try:
                addresses = {ipaddress.ip_address(info[4][0].split("%")[0]) for info in socket.getaddrinfo(host, None)}
            except (OSError, UnicodeError, ValueError):
                return False
        return bool(addresses) and all(any(a in network for network in networks) for a in addresses)

    def post(self, url: str, payload: bytes, timeout: float, allow: list[str] | None = None) -> Answer:
        """POST a JSON payload; never raises for a failed delivery. (The standard library's client:
        it is already loaded with the server, where httpx would add tens of milliseconds to start-up.)"""
        started = time.perf_counter()
        if not self.allows(url, allow):
            return Answer(0, "", b"", 0.0, "REQUEST_ERROR", "the URL is not among the allowed push targets")
        request = urllib.request.Request(url, data=payload, headers=HEADERS, method="POST")
        try:
            with _OPENER.open(request, timeout=timeout) as response:
                return Answer(response.status, response.headers.get("content-type", ""), response.read(REPLY_BYTES),
                              time.perf_counter() - started)
        except urllib.error.HTTPError as reply:          # a reply, with a status the domain judges
            with reply:
                return Answer(reply.code, reply.headers.get("content-type", ""), reply.read(REPLY_BYTES),
                              time.perf_counter() - started)
        except (TimeoutError, socket.timeout):
            return Answer(0, "", b"", time.perf_counter() - started, "REQUEST_TIMEOUT")
        except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as error:
            if isinstance(getattr(error, "reason", None), (TimeoutError, socket.timeout)):
                return Answer(0, "", b"", time.perf_counter() - started, "REQUEST_TIMEOUT")
            return Answer(0, "", b"", time.perf_counter() - started, "REQUEST_ERROR", str(error))

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, world: Any, deliver: DeliveryPass, pending: Pending) -> None:
        """Start the thread unless it runs. Call under `world.lock`: the thread decides to stop under the
        same lock, so a message queued while it winds down always finds a sender."""
        if self.running:
            return
        self._thread = threading.Thread(target=self._run, args=(weakref.ref(world), deliver, pending),
                                        daemon=True, name="ozmock-push")
        self._thread.start()

    def _run(self, world_ref: "weakref.ref[Any]", deliver: DeliveryPass, pending: Pending) -> None:
        while True:
            world = world_ref()
            if world is None:
                return
            try:
                with world.lock:
                    if not self._keeps_running(world, pending):
                        return
                deliver(world)
            except Exception:  # a bug must not stop deliveries for good
                log.exception("push sender pass failed")
            del world           # between passes the world may be dropped (reset, restore)
            time.sleep(INTERVAL)

    def _keeps_running(self, world: Any, pending: Pending) -> bool:
        """Asked under `world.lock` before each pass. False ends this thread: when another one has
        replaced it, or when nothing is left to deliver (the next message queued starts a new one)."""
        if self._thread is not threading.current_thread():
            return False
        if pending(world):
            return True
        self._thread = None
        return False


def _network(entry: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    try:
        return ipaddress.ip_network(entry, strict=False)
    except ValueError:
        return None            # a host name, matched by name
