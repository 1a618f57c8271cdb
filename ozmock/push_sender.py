"""The world's push sender: the one place ozmock makes outgoing HTTP calls.

What push delivery means (what is due, how a reply is judged, when a URL is suspended) is domain logic
in `ozmock/domain/push`, which does no HTTP and keeps no module state. So each world owns a
`PushSender` (`world.push_sender`, rebuilt on unpickling rather than stored, like `world.lock`): the
POST itself and the background thread that runs the domain's delivery pass every `INTERVAL` seconds
of wall time while there is anything to deliver. The thread holds only a weak reference to its world,
so a world that is reset or dropped stops its sender.
"""
from __future__ import annotations

import logging
import threading
import time
import weakref
from dataclasses import dataclass
from typing import Any, Callable

import httpx

log = logging.getLogger("ozmock.push")
INTERVAL = 0.05          # wall seconds between delivery passes
HEADERS = {"Content-Type": "application/json", "User-Agent": "ozmock-push/1"}

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

    def post(self, url: str, payload: bytes, timeout: float) -> Answer:
        """POST a JSON payload; never raises for a failed delivery."""
        started = time.perf_counter()
        try:
            response = httpx.post(url, content=payload, timeout=timeout, headers=HEADERS)
        except httpx.TimeoutException:
            return Answer(0, "", b"", time.perf_counter() - started, "REQUEST_TIMEOUT")
        except httpx.HTTPError as error:
            return Answer(0, "", b"", time.perf_counter() - started, "REQUEST_ERROR", str(error))
        return Answer(response.status_code, response.headers.get("content-type", ""), response.content,
                      time.perf_counter() - started)

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
