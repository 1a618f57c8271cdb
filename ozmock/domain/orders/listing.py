"""Lists of postings over the store's indexes, shared by every list method (FBS v2/v3/v4, FBO,
crossborder, legacy v1 orders): a period filter, status indexes, the filters every version spells
its own way, offset and cursor paging. A page is a slice of a sorted index, or a merge of several
indexes walked lazily, so a list costs its page, not the store."""
from __future__ import annotations

import base64
import heapq
from bisect import bisect_left, bisect_right
from itertools import islice
from typing import Any, Callable, Iterator

from ...registry import Call
from ..kit.dates import YEAR, parse_timestamp
from ..kit.paging import page_size
from ..kit.values import as_int, as_str, int_list, obj, str_list
from .common import MAX_OFFSET_EXCEEDED, PERIOD_IS_TOO_LONG, bad
from .model import Posting, PostingStore, SortedIndex, store_of

MAX_OFFSET = 20_000
Entry = tuple[float, int, str]


def options_of(body: dict[str, Any]) -> dict[str, bool]:
    """`with` flags (and top-level `translit`), as one dict."""
    flags = {k: bool(v) for k, v in obj(body.get("with")).items()}
    if body.get("translit"):
        flags["translit"] = True
    return flags


def _ranges(indexes: list[SortedIndex], low, high, desc: bool, after: tuple[float, int] | None):
    """(items, start, stop) of each index within [low, high], past the cursor `after`."""
    for index in indexes:
        start, stop = index.bounds(low, high)
        if after is not None:
            items = index.items
            if desc:
                stop = min(stop, bisect_left(items, after))
            else:
                start = max(start, bisect_right(items, (after[0], after[1], "\U0010ffff")))
        yield index.items, start, max(start, stop)


def walk(indexes, low: float | None, high: float | None, *, desc: bool = False,
         after: tuple[float, int] | None = None) -> tuple[Iterator[Entry], int]:
    """Entries of one or more indexes within [low, high], merged in key order; plus how many."""
    ranges = list(_ranges(indexes, low, high, desc, after))
    total = sum(stop - start for _, start, stop in ranges)

    def one(items, start, stop):
        if desc:
            return (items[i] for i in range(stop - 1, start - 1, -1))
        return (items[i] for i in range(start, stop))

    iterators = [one(*r) for r in ranges]
    if len(iterators) == 1:
        return iterators[0], total
    return heapq.merge(*iterators, reverse=desc), total


def page_of(store: PostingStore, indexes, low, high, *, offset: int = 0, limit: int, desc: bool = False,
            keep: Callable[[Posting], bool] | None = None, after=None) -> tuple[list[Posting], bool, int]:
    """One page (postings), whether more follow, and the total matching."""
    if keep is None and len(indexes) == 1 and after is None:
        index = indexes[0]
        start, stop = index.bounds(low, high)
        total = stop - start
        if desc:
            chosen = index.items[max(start, stop - offset - limit):stop - offset][::-1] if offset < total else []
        else:
            chosen = index.items[start + offset:min(stop, start + offset + limit)]
        return [store.postings[e[2]] for e in chosen], offset + limit < total, total
    entries, total = walk(indexes, low, high, desc=desc, after=after)
    postings = (store.postings[e[2]] for e in entries)
    if keep is not None:
        matching = [p for p in postings if keep(p)]
        return matching[offset:offset + limit], offset + limit < len(matching), len(matching)
    chosen = list(islice(postings, offset, offset + limit + 1))
    return chosen[:limit], len(chosen) > limit, total


def period(flt: dict[str, Any], since: str = "since", to: str = "to", *, required: bool = True):
    low, high = parse_timestamp(flt.get(since), f"filter.{since}"), parse_timestamp(flt.get(to), f"filter.{to}")
    if low is not None and high is not None:
        if high < low:
            raise bad(f"filter.{to} must not be before filter.{since}")
        if required and high - low > YEAR:
            raise bad(PERIOD_IS_TOO_LONG)
    return low, high


def status_indexes(store: PostingStore, group: str, statuses: list[str], allowed=None):
    statuses = [s.lower() for s in statuses if s]
    if allowed is not None:
        statuses = [s for s in statuses if s in allowed] if statuses else sorted(allowed)
    if not statuses:
        return [store.timeline[group]]
    return [store.status_index(group, s) for s in dict.fromkeys(statuses)]


def common_filter(flt: dict[str, Any]) -> Callable[[Posting], bool] | None:
    """Warehouse, delivery method, provider, order filters (any of the spellings versions use)."""
    warehouses = set(int_list(flt.get("warehouse_id")) + int_list(flt.get("warehouse_ids")))
    methods = set(int_list(flt.get("delivery_method_id")) + int_list(flt.get("delivery_method_ids")))
    providers = set(int_list(flt.get("provider_id")) + int_list(flt.get("provider_ids")))
    order_id = as_int(flt.get("order_id"))
    order_numbers = set(str_list(flt.get("order_numbers")))
    flows = set(str_list(flt.get("integration_type_flow")))      # 2026-07: the postings' integration flows
    changed = obj(flt.get("last_changed_status_date"))
    changed_from = parse_timestamp(changed.get("from"), "filter.last_changed_status_date.from")
    changed_to = parse_timestamp(changed.get("to"), "filter.last_changed_status_date.to")
    delivering_from = parse_timestamp(flt.get("delivering_date_from"), "filter.delivering_date_from")
    delivering_to = parse_timestamp(flt.get("delivering_date_to"), "filter.delivering_date_to")
    tests: list[Callable[[Posting], bool]] = []
    if warehouses:
        tests.append(lambda p: p.warehouse_id in warehouses)
    if methods:
        tests.append(lambda p: p.delivery_method_id in methods)
    if providers:
        tests.append(lambda p: p.provider_id in providers)
    if order_id:
        tests.append(lambda p: p.order_id == order_id)
    if order_numbers:
        tests.append(lambda p: p.order_number in order_numbers)
    if flows:
        tests.append(lambda p: p.tpl in flows)
    if changed_from is not None:
        tests.append(lambda p: p.status_at >= changed_from)
    if changed_to is not None:
        tests.append(lambda p: p.status_at <= changed_to)
    if delivering_from is not None:
        tests.append(lambda p: p.delivering_at is not None and p.delivering_at >= delivering_from)
    if delivering_to is not None:
        tests.append(lambda p: p.delivering_at is not None and p.delivering_at <= delivering_to)
    if not tests:
        return None
    return lambda p: all(test(p) for test in tests)


def both(a, b):
    if a is None:
        return b
    if b is None:
        return a
    return lambda p: a(p) and b(p)


def is_desc(body: dict[str, Any], name: str = "dir") -> bool:
    return as_str(body.get(name)).lower() == "desc"


def check_offset(offset: int) -> int:
    if offset > MAX_OFFSET:
        raise bad(MAX_OFFSET_EXCEEDED)
    return max(offset, 0)


def in_period(value: float | None, low: float | None, high: float | None) -> bool:
    """Is `value` within [low, high] (either end open when None)? No value is in no bounded period."""
    if low is None and high is None:
        return True
    if value is None:
        return False
    return (low is None or value >= low) and (high is None or value <= high)


# --- cursors (v4) -------------------------------------------------------------------------------------
def encode_cursor(posting: Posting, key: float) -> str:
    return base64.urlsafe_b64encode(f"{key!r}:{posting.seq}".encode()).decode()


def decode_cursor(text: Any) -> tuple[float, int] | None:
    raw = as_str(text).strip()
    if not raw:
        return None
    try:
        key, seq = base64.urlsafe_b64decode(raw.encode()).decode().split(":")
        return float(key), int(seq)
    except (ValueError, UnicodeDecodeError):
        raise bad("cursor is not one this method returned") from None


def offset_list(call: Call, scheme: str, view, *, default: int, maximum: int) -> dict:
    """A v2-style list: filter by period and one status, `offset`/`limit` paging, one view per posting."""
    body, store = call.body, store_of(call.seller)
    flt = obj(body.get("filter"))
    low, high = period(flt)
    indexes = status_indexes(store, scheme, [as_str(flt.get("status"))])
    page, _, _ = page_of(store, indexes, low, high, offset=check_offset(as_int(body.get("offset"))),
                         limit=page_size(body.get("limit"), default, maximum), desc=is_desc(body))
    options = options_of(body)
    return {"result": [view(p, options) for p in page]}
