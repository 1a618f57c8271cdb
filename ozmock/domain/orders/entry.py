"""The orders area's entry points outside the pipeline: tests, sandboxes and the control routes
create orders, force statuses, make returns and fetch label files by calling these directly.

Each one takes the world's lock and first applies the seller's changes due by then (every area's
settlers, as the pipeline's settle stage does before a handler), in one decorator, so the
functions behind them stay plain changes of a settled store (handlers, seeding and clock events
call those). An entry point takes `at` (epoch seconds, default now) to back-date what it does.

    from ozmock.domain.orders.entry import create_orders, force_status
    postings = create_orders(world, seller, count=3, scheme="fbs")
    force_status(world, seller, postings[0].number, "not_accepted")
"""
from __future__ import annotations

import functools
import inspect
from typing import Any, Callable

from ...pipeline.settle import settle
from . import cancellations, creation, giveouts, labels, returns, rfbs_returns, transitions
from .creation import OrderError
from .returns import ReturnError

__all__ = ["OrderError", "ReturnError", "add_generator", "create_orders", "create_return", "create_rfbs_return",
           "entry_point", "force_status", "label_task_file", "open_dispute", "receive_return", "request_cancellation",
           "scan_giveout", "stop_generator"]


def entry_point(function: Callable[..., Any]) -> Callable[..., Any]:
    """`function(world, seller, ...)` under the world's lock, on the seller settled to `at` (default:
    the world's now); `function` gets that moment as `at` when it declares one."""
    takes_time = "at" in inspect.signature(function).parameters

    @functools.wraps(function)
    def run(world, seller, *args: Any, at: float | None = None, **kwargs: Any) -> Any:
        with world.lock:
            now = world.clock.now().timestamp() if at is None else at
            settle(world, seller, now)
            if takes_time:
                kwargs["at"] = now
            return function(world, seller, *args, **kwargs)

    return run


create_orders = entry_point(creation.create_orders)
add_generator = entry_point(creation.add_generator)
stop_generator = entry_point(creation.stop_generator)
force_status = entry_point(transitions.force_status)
label_task_file = entry_point(labels.label_task_file)
create_return = entry_point(returns.create_return)
receive_return = entry_point(returns.receive_return)
scan_giveout = entry_point(giveouts.scan_giveout)
create_rfbs_return = entry_point(rfbs_returns.create_rfbs_return)
open_dispute = entry_point(rfbs_returns.open_dispute)
request_cancellation = entry_point(cancellations.request_cancellation)
