"""FBS and rFBS postings over HTTP: lists and gets in every version (v2, v3, v4, legacy v1 orders),
shipping (full, split into packages, partial), arbitration, cancellation (whole posting or some
products), cancel reasons, rFBS delivery statuses and tracking numbers, country of origin, cut-off
and delivery-date changes.

Every write validates everything first and changes state only when the whole request is valid;
per-item methods (rFBS statuses, tracking numbers) answer per posting and change only the
postings that succeeded."""
from __future__ import annotations

import heapq
from itertools import islice
from typing import Any, Callable, Iterator

from ...registry import Call, handles
from . import data as data
from . import views as views
from .common import EXEMPLAR_INFO_NOT_FILLED_COMPLETELY, HAS_INCORRECT_CANCEL_REASON, HAS_INCORRECT_PRODUCT_QUANTITY, HAS_INCORRECT_STATUS, HAS_INCORRECT_TPL_INTEGRATION_TYPE, INVALID_ARGUMENT, MANDATORY_MARK_REDUNDANT, MAX_OFFSET_EXCEEDED, PERIOD_IS_TOO_LONG, POSTING_ALREADY_CANCELLED, POSTING_ALREADY_SHIPPED, TRANSITION_IS_NOT_POSSIBLE, UNKNOWN_PRODUCT, bad, missing
from ..kit.dates import YEAR, now_of, parse_timestamp, stamp
from ..kit.values import as_int, as_str, flag, int_list, lst, obj, str_list
from ..kit.paging import page_size
from .model import NOT_SHIPPED, Posting, PostingStore, cancel_by_seller, pack, set_status, split_lines, split_off, store_of

MAX_OFFSET = 20_000


# --- finding postings ---------------------------------------------------------------------------------
def fbs_posting(store: PostingStore, number: Any) -> Posting:
    posting = store.get(as_str(number).strip())
    if posting is None or posting.group != "fbs":
        raise missing()
    return posting


def options_of(body: dict[str, Any]) -> dict[str, bool]:
    """`with` flags (and top-level `translit`), as one dict."""
    flags = {k: bool(v) for k, v in obj(body.get("with")).items()}
    if body.get("translit"):
        flags["translit"] = True
    return flags


# --- paging over the indexes -----------------------------------------------------------------------
Entry = tuple[float, int, str]


def _ranges(indexes, low, high, desc, after: tuple[float, int] | None):
    for index in indexes:
        start, stop = index.bounds(low, high)
        if after is not None:
            items = index.items
            if desc:
                from bisect import bisect_left
                stop = min(stop, bisect_left(items, after))
            else:
                from bisect import bisect_right
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


# --- cursors (v4) -------------------------------------------------------------------------------------
def encode_cursor(posting: Posting, key: float) -> str:
    import base64
    return base64.urlsafe_b64encode(f"{key!r}:{posting.seq}".encode()).decode()


def decode_cursor(text: Any) -> tuple[float, int] | None:
    import base64
    raw = as_str(text).strip()
    if not raw:
        return None
    try:
        key, seq = base64.urlsafe_b64decode(raw.encode()).decode().split(":")
        return float(key), int(seq)
    except (ValueError, UnicodeDecodeError):
        raise bad("cursor is not one this method returned") from None


# --- lists ----------------------------------------------------------------------------------------------
@handles("POST", "/v3/posting/fbs/list")
def fbs_list_v3(call: Call) -> dict:
    body, store, now = call.body, store_of(call.seller), now_of(call)
    flt = obj(body.get("filter"))
    low, high = period(flt)
    offset = check_offset(as_int(body.get("offset")))
    limit = page_size(body.get("limit"), 100, 1000)
    indexes = status_indexes(store, "fbs", [as_str(flt.get("status"))])
    page, more, _ = page_of(store, indexes, low, high, offset=offset, limit=limit, desc=is_desc(body),
                            keep=common_filter(flt))
    options = options_of(body)
    return {"result": {"postings": [views.fbs_record(p, now, options) for p in page], "has_next": more}}


@handles("POST", "/v4/posting/fbs/list")
def fbs_list_v4(call: Call) -> dict:
    body, store, now = call.body, store_of(call.seller), now_of(call)
    flt = obj(body.get("filter"))
    low, high = period(flt)
    limit = page_size(body.get("limit"), 100, 100)
    desc = is_desc(body, "sort_dir")
    indexes = status_indexes(store, "fbs", str_list(flt.get("statuses")))
    page, more, _ = page_of(store, indexes, low, high, limit=limit, desc=desc, keep=common_filter(flt),
                            after=decode_cursor(body.get("cursor")))
    options = options_of(body)
    cursor = encode_cursor(page[-1], page[-1].in_process_at) if page and more else ""
    return {"postings": [views.v4_record(p, now, options) for p in page], "has_next": more,
                         "cursor": cursor}


def unfulfilled(call: Call, flt: dict[str, Any], statuses: list[str], *, required_cutoff: bool, limit: int,
                offset: int = 0, desc: bool = False, after=None):
    store = store_of(call.seller)
    low, high = period(flt, "cutoff_from", "cutoff_to", required=required_cutoff)
    wanted = {s.lower() for s in statuses if s}
    keep = common_filter(flt)
    if wanted:
        keep = both(keep, lambda p: p.status in wanted)
    return page_of(store, [store.open_cutoff["fbs"]], low, high, offset=offset, limit=limit, desc=desc, keep=keep,
                   after=after)


@handles("POST", "/v3/posting/fbs/unfulfilled/list")
def fbs_unfulfilled_v3(call: Call) -> dict:
    body, now = call.body, now_of(call)
    flt = obj(body.get("filter"))
    if not flt.get("cutoff_from") and not flt.get("delivering_date_from"):
        raise bad("filter.cutoff_from and filter.cutoff_to are required (or the delivering_date range)")
    page, _, total = unfulfilled(call, flt, [as_str(flt.get("status"))], required_cutoff=True,
                                 limit=page_size(body.get("limit"), 100, 1000),
                                 offset=check_offset(as_int(body.get("offset"))), desc=is_desc(body))
    options = options_of(body)
    return {"result": {"postings": [views.fbs_record(p, now, options) for p in page], "count": total}}


@handles("POST", "/v4/posting/fbs/unfulfilled/list")
def fbs_unfulfilled_v4(call: Call) -> dict:
    body, now = call.body, now_of(call)
    flt = obj(body.get("filter"))
    page, more, total = unfulfilled(call, flt, str_list(flt.get("statuses")), required_cutoff=False,
                                    limit=page_size(body.get("limit"), 100, 100),
                                    desc=is_desc(body, "sort_dir"), after=decode_cursor(body.get("cursor")))
    options = options_of(body)
    cursor = encode_cursor(page[-1], page[-1].shipment_date) if page and more else ""
    return {"postings": [views.v4_record(p, now, options) for p in page], "has_next": more,
                         "cursor": cursor, "count": total}


@handles("POST", "/v2/posting/fbs/list")
def fbs_list_v2(call: Call) -> dict:
    return offset_list(call, "fbs", views.v2_record, default=50, maximum=50)


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


@handles("POST", "/v2/posting/fbs/unfulfilled/list")
def fbs_unfulfilled_v2(call: Call) -> dict:
    body = call.body
    statuses = [s for s in str_list(body.get("status"))] or ["awaiting_packaging", "awaiting_deliver", "not_accepted"]
    page, _, _ = unfulfilled(call, {}, statuses, required_cutoff=False, limit=page_size(body.get("limit"), 50, 50),
                             offset=check_offset(as_int(body.get("offset"))), desc=is_desc(body))
    options = options_of(body)
    return {"result": [views.v2_record(p, options) for p in page]}


# --- gets -----------------------------------------------------------------------------------------------
@handles("POST", "/v3/posting/fbs/get")
def fbs_get_v3(call: Call) -> dict:
    posting = fbs_posting(store_of(call.seller), call.body.get("posting_number"))
    return {"result": views.fbs_record(posting, now_of(call), options_of(call.body))}


@handles("POST", "/v2/posting/fbs/get")
def fbs_get_v2(call: Call) -> dict:
    posting = fbs_posting(store_of(call.seller), call.body.get("posting_number"))
    return {"result": views.v2_record(posting, {"barcodes": True})}


@handles("POST", "/v2/posting/fbs/get-by-barcode")
def fbs_get_by_barcode(call: Call) -> dict:
    store = store_of(call.seller)
    number = store.by_barcode.get(as_str(call.body.get("barcode")).strip())
    if number is None:
        raise missing()
    posting = fbs_posting(store, number)
    return {"result": views.v2_record(posting, {"barcodes": True})}


# --- shipping -----------------------------------------------------------------------------------------
def check_can_ship(posting: Posting) -> None:
    if posting.status == "cancelled":
        raise bad(POSTING_ALREADY_CANCELLED, posting.number)
    if posting.packed_at is not None:
        raise bad(POSTING_ALREADY_SHIPPED, posting.number)
    if posting.status != "awaiting_packaging":
        raise bad(HAS_INCORRECT_STATUS, posting.number)


def sku_of(posting: Posting, value: Any) -> int:
    """A line's SKU from a request identifier (SKU as documented, product_id tolerated)."""
    ident = as_int(value)
    for line in posting.lines:
        if ident in (line["sku"], line["product_id"]):
            return line["sku"]
    raise bad(UNKNOWN_PRODUCT, str(ident))


def package_items(posting: Posting, items: list[Any], id_field: str) -> dict[int, int]:
    wanted: dict[int, int] = {}
    for item in items:
        item = obj(item)
        sku = sku_of(posting, item.get(id_field))
        qty = as_int(item.get("quantity"))
        if qty <= 0:
            raise bad(HAS_INCORRECT_PRODUCT_QUANTITY, str(sku))
        wanted[sku] = wanted.get(sku, 0) + qty
    return wanted


def marks_given(posting: Posting, items: list[Any], id_field: str) -> dict[int, list[str]]:
    """Marking codes passed inline (v3 `exemplar_info`), per SKU."""
    marks: dict[int, list[str]] = {}
    for item in items:
        item = obj(item)
        infos = lst(item.get("exemplar_info"))
        codes = [as_str(obj(i).get("mandatory_mark")).strip() for i in infos]
        codes = [c for c in codes if c]
        if codes:
            marks.setdefault(sku_of(posting, item.get(id_field)), []).extend(codes)
    return marks


def check_marks(posting: Posting, wanted: dict[int, int], inline: dict[int, list[str]],
                now: float | None = None) -> None:
    from .exemplars import mark_errors, marks_complete
    for line in posting.lines:
        sku = line["sku"]
        if sku not in wanted:
            continue
        if not line.get("mark"):
            if inline.get(sku):
                raise bad(MANDATORY_MARK_REDUNDANT, str(sku))
            continue
        if marks_complete(line, now):
            continue
        codes = inline.get(sku, [])
        if len(codes) < wanted[sku] or any(mark_errors(code) for code in codes):
            raise bad(EXEMPLAR_INFO_NOT_FILLED_COMPLETELY, str(sku))


def store_inline_marks(world, posting: Posting, inline: dict[int, list[str]], at: float) -> None:
    from .exemplars import ensure_exemplars
    for line in posting.lines:
        codes = inline.get(line["sku"])
        if codes and line.get("mark"):
            for exemplar, code in zip(ensure_exemplars(world, line), codes):
                exemplar.update(mandatory_mark=code, is_gtd_absent=True, checked_at=at, valid=True, errors=[])


def ship(call: Call, posting: Posting, packages: list[dict[int, int]], inline: dict[int, list[str]]) -> list[Posting]:
    """Validate packages against the posting, then pack: one posting per package."""
    check_can_ship(posting)
    totals: dict[int, int] = {}
    for package in packages:
        if not package:
            raise bad(HAS_INCORRECT_PRODUCT_QUANTITY, posting.number)
        for sku, qty in package.items():
            totals[sku] = totals.get(sku, 0) + qty
    if totals != {line["sku"]: line["quantity"] for line in posting.lines}:
        raise bad(HAS_INCORRECT_PRODUCT_QUANTITY, posting.number)
    check_marks(posting, totals, inline, now_of(call))
    world, seller, store, at = call.world, call.seller, store_of(call.seller), now_of(call)
    store_inline_marks(world, posting, inline, at)
    result = [posting]
    if len(packages) > 1:
        rest = posting
        for package in packages[1:]:
            taken, left = split_lines(rest, package)
            rest.lines = left
            result.append(split_off(world, store, rest, taken, at, status="awaiting_packaging"))
    for item in result:
        pack(world, seller, store, item, at)
    return result


def additional_data(postings: list[Posting]) -> list[dict[str, Any]]:
    return [{"posting_number": p.number, "products": [
        {"sku": line["sku"], "name": line["name"], "offer_id": line["offer_id"], "price": line["price"],
         "quantity": line["quantity"], "currency_code": line["currency"],
         "mandatory_mark": [e.get("mandatory_mark", "") for e in line.get("exemplars") or []
                            if e.get("mandatory_mark")]} for line in p.lines]} for p in postings]


@handles("POST", "/v2/posting/fbs/ship", writes=True)
def fbs_ship_v2(call: Call) -> dict:
    posting = fbs_posting(store_of(call.seller), call.body.get("posting_number"))
    packages = [package_items(posting, lst(obj(pkg).get("items")), "sku") for pkg in lst(call.body.get("packages"))]
    if not packages:
        raise bad(HAS_INCORRECT_PRODUCT_QUANTITY, posting.number)
    shipped = ship(call, posting, packages, {})
    return {"result": [p.number for p in shipped]}


@handles("POST", "/v3/posting/fbs/ship", "/v3/posting/fbs/set", "/v4/posting/fbs/ship", writes=True)
def fbs_ship_v3(call: Call) -> dict:
    posting = fbs_posting(store_of(call.seller), call.body.get("posting_number"))
    raw = [lst(obj(pkg).get("products")) for pkg in lst(call.body.get("packages"))]
    if not raw:
        raise bad(HAS_INCORRECT_PRODUCT_QUANTITY, posting.number)
    packages = [package_items(posting, items, "product_id") for items in raw]
    inline: dict[int, list[str]] = {}
    for items in raw:
        for sku, codes in marks_given(posting, items, "product_id").items():
            inline.setdefault(sku, []).extend(codes)
    shipped = ship(call, posting, packages, inline)
    out: dict[str, Any] = {"result": [p.number for p in shipped]}
    if flag(call.body, "with", "additional_data"):
        out["additional_data"] = additional_data(shipped)
    return out


@handles("POST", "/v3/posting/fbs/ship/package", "/v4/posting/fbs/ship/package", writes=True)
def fbs_ship_package(call: Call) -> dict:
    """Partial packing: the given products become a new packed posting; the rest stays to pack."""
    store, world, at = store_of(call.seller), call.world, now_of(call)
    posting = fbs_posting(store, call.body.get("posting_number"))
    items = lst(call.body.get("products"))
    check_can_ship(posting)
    wanted = package_items(posting, items, "product_id") if items else \
        {line["sku"]: line["quantity"] for line in posting.lines}
    for sku, qty in wanted.items():
        line = posting.line_for(sku)
        if line is None or qty > line["quantity"]:
            raise bad(HAS_INCORRECT_PRODUCT_QUANTITY, str(sku))
    inline = marks_given(posting, items, "product_id")
    check_marks(posting, wanted, inline, at)
    store_inline_marks(world, posting, inline, at)
    taken, left = split_lines(posting, wanted)
    if not left:
        pack(world, call.seller, store, posting, at)
        return {"result": posting.number}
    posting.lines = left
    child = split_off(world, store, posting, taken, at, status="awaiting_packaging")
    pack(world, call.seller, store, child, at)
    return {"result": child.number}


@handles("POST", "/v1/posting/fbs/split", writes=True)
def fbs_split(call: Call) -> dict:
    """Split an unpacked posting into several, without packing: each group becomes a posting."""
    store, world, at = store_of(call.seller), call.world, now_of(call)
    posting = fbs_posting(store, call.body.get("posting_number"))
    check_can_ship(posting)
    groups = [package_items(posting, lst(obj(g).get("products")), "product_id") for g in lst(call.body.get("postings"))]
    totals: dict[int, int] = {}
    for group in groups:
        for sku, qty in group.items():
            totals[sku] = totals.get(sku, 0) + qty
    for sku, qty in totals.items():
        if qty > posting.line_for(sku)["quantity"]:
            raise bad(HAS_INCORRECT_PRODUCT_QUANTITY, str(sku))
    created = []
    for group in groups:
        taken, left = split_lines(posting, group)
        if not left:
            break  # the parent keeps the last group
        posting.lines = left
        created.append(split_off(world, store, posting, taken, at, status="awaiting_packaging"))

    def products(p):
        return [{"product_id": line["sku"], "quantity": line["quantity"]} for line in p.lines]
    return {"parent_posting": {"posting_number": posting.number, "products": products(posting)},
                         "postings": [{"posting_number": c.number, "products": products(c)} for c in created]}


# --- arbitration ------------------------------------------------------------------------------------------
def postings_of(call: Call, numbers: list[str]) -> list[Posting]:
    store = store_of(call.seller)
    if not numbers:
        raise bad(INVALID_ARGUMENT)
    return [fbs_posting(store, n) for n in numbers]


@handles("POST", "/v2/posting/fbs/arbitration", writes=True)
def fbs_arbitration(call: Call) -> dict:
    postings = postings_of(call, str_list(call.body.get("posting_number")))
    for posting in postings:
        if posting.status not in ("awaiting_deliver", "not_accepted") or posting.scheme != "fbs":
            raise bad(HAS_INCORRECT_STATUS, posting.number)
    for posting in postings:
        set_status(call.world, call.seller, store_of(call.seller), posting, "arbitration", now_of(call))
    return {"result": True}


@handles("POST", "/v2/posting/fbs/awaiting-delivery", writes=True)
def fbs_awaiting_delivery(call: Call) -> dict:
    postings = postings_of(call, str_list(call.body.get("posting_number")))
    for posting in postings:
        if posting.status not in ("arbitration", "client_arbitration", "not_accepted"):
            raise bad(HAS_INCORRECT_STATUS, posting.number)
    for posting in postings:
        set_status(call.world, call.seller, store_of(call.seller), posting, "awaiting_deliver", now_of(call))
    return {"result": True}


# --- cancellation ---------------------------------------------------------------------------------------
def reasons_for(posting: Posting) -> list[int]:
    """Reason ids the seller may use for this posting now (empty: it cannot be cancelled)."""
    if posting.status in ("cancelled", "delivered", "sent_by_seller", "driver_pickup"):
        return []
    if posting.status == "delivering":
        return list(data.CONDITIONAL_REASONS) if posting.scheme == "rfbs" else []
    return [rid for rid, (_, _, usable) in data.CANCEL_REASONS.items() if usable]


def check_cancel(posting: Posting, reason_id: int, message: str) -> None:
    if posting.status == "cancelled":
        raise bad(POSTING_ALREADY_CANCELLED, posting.number)
    allowed = reasons_for(posting)
    if not allowed:
        raise bad(HAS_INCORRECT_STATUS, posting.number)
    if reason_id not in allowed:
        raise bad(HAS_INCORRECT_CANCEL_REASON, str(reason_id))
    if reason_id == data.REASON_OTHER and not message.strip():
        raise bad("cancel_reason_message is required when cancel_reason_id is 402")


@handles("POST", "/v2/posting/fbs/cancel", writes=True)
def fbs_cancel(call: Call) -> dict:
    store = store_of(call.seller)
    posting = fbs_posting(store, call.body.get("posting_number"))
    reason_id, message = as_int(call.body.get("cancel_reason_id")), as_str(call.body.get("cancel_reason_message"))
    check_cancel(posting, reason_id, message)
    cancel_by_seller(call.world, call.seller, store, posting, now_of(call), reason_id, message)
    return {"result": True}


@handles("POST", "/v2/posting/fbs/product/cancel", writes=True)
def fbs_product_cancel(call: Call) -> dict:
    """Cancel some units: they move to a new cancelled posting of the same order."""
    store, world, at = store_of(call.seller), call.world, now_of(call)
    posting = fbs_posting(store, call.body.get("posting_number"))
    reason_id, message = as_int(call.body.get("cancel_reason_id")), as_str(call.body.get("cancel_reason_message"))
    check_cancel(posting, reason_id, message or "-")
    if posting.status not in NOT_SHIPPED:
        raise bad(HAS_INCORRECT_STATUS, posting.number)
    wanted = package_items(posting, lst(call.body.get("items")), "sku")
    if not wanted:
        raise bad(HAS_INCORRECT_PRODUCT_QUANTITY, posting.number)
    for sku, qty in wanted.items():
        if qty > posting.line_for(sku)["quantity"]:
            raise bad(HAS_INCORRECT_PRODUCT_QUANTITY, str(sku))
    taken, left = split_lines(posting, wanted)
    if not left:
        cancel_by_seller(world, call.seller, store, posting, at, reason_id, message)
        return {"result": posting.number}
    posting.lines = left
    child = split_off(world, store, posting, taken, at)
    cancel_by_seller(world, call.seller, store, child, at, reason_id, message)
    return {"result": posting.number}


def reason_entries(ids: list[int]) -> list[dict[str, Any]]:
    return [{"id": rid, "title": data.CANCEL_REASONS[rid][0], "name": data.CANCEL_REASONS[rid][0],
             "type_id": data.CANCEL_REASONS[rid][1]} for rid in ids]


@handles("POST", "/v2/posting/fbs/cancel-reason/list", "/v1/posting/fbo/cancel-reason/list")
def fbs_cancel_reason_list(call: Call) -> dict:
    result = [dict(entry, is_available_for_cancellation=data.CANCEL_REASONS[entry["id"]][2])
              for entry in reason_entries(list(data.CANCEL_REASONS))]
    return {"result": result, "reasons": result}


@handles("POST", "/v1/posting/fbs/cancel-reason")
def fbs_cancel_reason(call: Call) -> dict:
    store = store_of(call.seller)
    numbers = str_list(call.body.get("related_posting_numbers"))
    postings = [fbs_posting(store, n) for n in numbers]
    return {"result": [{"posting_number": p.number, "reasons": reason_entries(reasons_for(p))}
                                    for p in postings]}


@handles("POST", "/v1/cancel-reason/list")
def cancel_reason_list(call: Call) -> dict:
    return {"reasons": reason_entries(list(data.CANCEL_REASONS))}


@handles("POST", "/v1/cancel-reason/list-by-posting")
def cancel_reason_by_posting(call: Call) -> dict:
    posting = store_of(call.seller).get(as_str(call.body.get("posting_number")).strip())
    if posting is None:
        raise missing()
    return {"reasons": reason_entries(reasons_for(posting))}


@handles("POST", "/v1/cancel-reason/list-by-order")
def cancel_reason_by_order(call: Call) -> dict:
    store = store_of(call.seller)
    order_id = store.by_order_number.get(as_str(call.body.get("order_number")).strip())
    if order_id is None:
        raise missing("ORDER_NOT_FOUND")
    ids: dict[int, None] = {}
    for posting in store.of_order(order_id):
        ids.update(dict.fromkeys(reasons_for(posting)))
    return {"reasons": reason_entries(list(ids))}


# --- rFBS delivery ---------------------------------------------------------------------------------------
RFBS_MOVES: dict[str, tuple[frozenset, str, str]] = {
    # operation -> (allowed from (status or status/substatus), new status, new substatus)
    "delivering": (frozenset({"awaiting_deliver", "sent_by_seller"}), "delivering",
                   "posting_transferred_to_courier_service"),
    "last-mile": (frozenset({"delivering/posting_transferred_to_courier_service",
                             "delivering/posting_on_way_to_city"}), "delivering", "posting_in_courier_service"),
    "delivered": (frozenset({"delivering"}), "delivered", "posting_conditionally_delivered"),
    "sent-by-seller": (frozenset({"awaiting_deliver"}), "sent_by_seller", "posting_sent_by_seller"),
}


def rfbs_move(call: Call, move: str) -> dict:
    store, at = store_of(call.seller), now_of(call)
    allowed, status, substatus = RFBS_MOVES[move]
    results = []
    for number in str_list(call.body.get("posting_number")):
        posting = store.get(number.strip())
        error = ""
        if posting is None or posting.group != "fbs":
            error = "POSTING_NOT_FOUND"
        elif posting.scheme != "rfbs":
            error = HAS_INCORRECT_TPL_INTEGRATION_TYPE
        elif posting.status not in allowed and f"{posting.status}/{posting.substatus}" not in allowed:
            error = TRANSITION_IS_NOT_POSSIBLE
        else:
            set_status(call.world, call.seller, store, posting, status, at, substatus=substatus)
        results.append({"posting_number": number, "result": not error, "error": error})
    return {"result": results}


@handles("POST", "/v2/fbs/posting/delivering", writes=True)
def rfbs_delivering(call: Call) -> dict:
    return rfbs_move(call, "delivering")


@handles("POST", "/v2/fbs/posting/last-mile", writes=True)
def rfbs_last_mile(call: Call) -> dict:
    return rfbs_move(call, "last-mile")


@handles("POST", "/v2/fbs/posting/delivered", writes=True)
def rfbs_delivered(call: Call) -> dict:
    return rfbs_move(call, "delivered")


@handles("POST", "/v2/fbs/posting/sent-by-seller", "/v2/fbs/posting/send-by-seller", writes=True)
def rfbs_sent_by_seller(call: Call) -> dict:
    return rfbs_move(call, "sent-by-seller")


@handles("POST", "/v2/fbs/posting/tracking-number/set", "/v2/fbs/posting/tracking-numbers/set", writes=True)
def rfbs_tracking_numbers(call: Call) -> dict:
    store = store_of(call.seller)
    entries = lst(call.body.get("tracking_numbers"))
    if len(entries) > 20:
        raise bad("at most 20 tracking numbers per request")
    results = []
    for entry in entries:
        entry = obj(entry)
        number, tracking = as_str(entry.get("posting_number")).strip(), as_str(entry.get("tracking_number")).strip()
        posting = store.get(number)
        error = ""
        if posting is None or posting.group != "fbs":
            error = "POSTING_NOT_FOUND"
        elif posting.scheme != "rfbs":
            error = HAS_INCORRECT_TPL_INTEGRATION_TYPE
        elif posting.status in ("cancelled", "delivered") or posting.packed_at is None:
            error = HAS_INCORRECT_STATUS
        elif not tracking:
            error = "TRACKING_NUMBER_IS_EMPTY"
        else:
            posting.tracking_number = tracking
        results.append({"posting_number": number, "result": not error, "error": error})
    return {"result": results}


# --- country of origin, cut-off, delivery date, boxes, restrictions, weights ----------------------------------
@handles("POST", "/v2/posting/fbs/product/country/list")
def country_list(call: Call) -> dict:
    search = as_str(call.body.get("name_search")).strip().lower()
    found = [{"name": name, "country_iso_code": code} for code, name in data.COUNTRIES
             if not search or search in name.lower() or search == code.lower()]
    return {"result": found}


@handles("POST", "/v2/posting/fbs/product/country/set", writes=True)
def country_set(call: Call) -> dict:
    posting = fbs_posting(store_of(call.seller), call.body.get("posting_number"))
    code = as_str(call.body.get("country_iso_code")).strip().upper()
    if code not in data.COUNTRY_NAMES:
        raise bad(f"unknown country_iso_code {code!r}, see /v2/posting/fbs/product/country/list")
    if posting.status not in NOT_SHIPPED:
        raise bad(HAS_INCORRECT_STATUS, posting.number)
    sku = sku_of(posting, call.body.get("product_id"))
    for line in posting.lines:
        if line["sku"] == sku:
            line["country"] = code
    return {"product_id": sku, "is_gtd_needed": posting.legal and code != "RU"}


@handles("POST", "/v1/posting/cutoff/set", writes=True)
def cutoff_set(call: Call) -> dict:
    store, at = store_of(call.seller), now_of(call)
    posting = fbs_posting(store, call.body.get("posting_number"))
    new = parse_timestamp(call.body.get("new_cutoff_date"), "new_cutoff_date")
    if posting.scheme != "rfbs":
        raise bad(HAS_INCORRECT_TPL_INTEGRATION_TYPE, posting.number)
    if posting.status not in NOT_SHIPPED or at > posting.shipment_date:
        raise bad(HAS_INCORRECT_STATUS, posting.number)
    if new is None or new <= at:
        raise bad("new_cutoff_date must be in the future")
    old = posting.shipment_date
    store.move_cutoff(posting, new)
    posting.cutoff_changes += 1
    store.schedule(new, "autocancel", posting.number)
    from ..push.delivery import emit
    emit(call.world, call.seller, {"message_type": "TYPE_CUTOFF_DATE_CHANGED", "posting_number": posting.number,
                                   "new_cutoff_date": stamp(new), "old_cutoff_date": stamp(old),
                                   "warehouse_id": posting.warehouse_id, "seller_id": call.seller.client_id})
    return {"result": True}


TIMESLOT_CHANGES = 2


def timeslot_window(posting: Posting, now: float) -> tuple[float, float]:
    start = max(now, posting.shipment_date)
    return start, start + 14 * 86_400


@handles("POST", "/v1/posting/fbs/timeslot/change-restrictions")
def timeslot_restrictions(call: Call) -> dict:
    posting = fbs_posting(store_of(call.seller), call.body.get("posting_number"))
    begin, end = timeslot_window(posting, now_of(call))
    remaining = max(0, TIMESLOT_CHANGES - posting.timeslot_changes) if posting.scheme == "rfbs" and \
        posting.status not in ("cancelled", "delivered") else 0
    return {"delivery_interval": {"begin": stamp(begin), "end": stamp(end)},
                         "remaining_changes_count": remaining}


@handles("POST", "/v1/posting/fbs/timeslot/set", writes=True)
def timeslot_set(call: Call) -> dict:
    posting = fbs_posting(store_of(call.seller), call.body.get("posting_number"))
    slot = obj(call.body.get("new_timeslot"))
    start, end = parse_timestamp(slot.get("from"), "new_timeslot.from"), parse_timestamp(slot.get("to"), "new_timeslot.to")
    now = now_of(call)
    if posting.scheme != "rfbs":
        raise bad(HAS_INCORRECT_TPL_INTEGRATION_TYPE, posting.number)
    if posting.status in ("cancelled", "delivered"):
        raise bad(HAS_INCORRECT_STATUS, posting.number)
    if posting.timeslot_changes >= TIMESLOT_CHANGES:
        raise bad("TIMESLOT_CHANGE_LIMIT_EXCEEDED", posting.number)
    low, high = timeslot_window(posting, now)
    if start is None or end is None or end <= start or start < low or end > high:
        raise bad("new_timeslot is outside the interval of /v1/posting/fbs/timeslot/change-restrictions")
    old_begin, old_end = posting.delivery_begin, posting.delivery_end
    posting.delivery_begin, posting.delivery_end = start, end
    posting.timeslot_changes += 1
    from ..push.delivery import emit
    emit(call.world, call.seller, {
        "message_type": "TYPE_DELIVERY_DATE_CHANGED", "posting_number": posting.number,
        "new_delivery_date_begin": stamp(start), "new_delivery_date_end": stamp(end),
        "old_delivery_date_begin": stamp(old_begin), "old_delivery_date_end": stamp(old_end),
        "warehouse_id": posting.warehouse_id, "seller_id": call.seller.client_id})
    return {"result": True}


@handles("POST", "/v3/posting/multiboxqty/set", writes=True)
def multibox_set(call: Call) -> dict:
    posting = fbs_posting(store_of(call.seller), call.body.get("posting_number"))
    qty = as_int(call.body.get("multi_box_qty"))
    if qty < 1:
        raise bad("multi_box_qty must be at least 1")
    if posting.status not in NOT_SHIPPED:
        raise bad(HAS_INCORRECT_STATUS, posting.number)
    posting.multi_box_qty = qty
    return {"result": {"result": True}}


@handles("POST", "/v1/posting/fbs/restrictions")
def fbs_restrictions(call: Call) -> dict:
    posting = fbs_posting(store_of(call.seller), call.body.get("posting_number"))
    if posting.scheme != "fbs":
        raise bad(HAS_INCORRECT_TPL_INTEGRATION_TYPE, posting.number)
    return {"result": {"posting_number": posting.number, "max_posting_weight": 25000.0,
                                    "min_posting_weight": 0.0, "width": 600.0, "height": 600.0, "length": 600.0,
                                    "max_posting_price": 500000.0, "min_posting_price": 0.0}}


@handles("POST", "/v2/posting/fbs/product/change", writes=True)
def fbs_product_change(call: Call) -> dict:
    posting = fbs_posting(store_of(call.seller), call.body.get("posting_number"))
    if posting.status not in NOT_SHIPPED:
        raise bad(HAS_INCORRECT_STATUS, posting.number)
    changes = []
    for item in lst(call.body.get("items")):
        item = obj(item)
        sku = sku_of(posting, item.get("sku"))
        weights = [float(w) for w in lst(item.get("weightReal")) if as_str(w).replace(".", "", 1).isdigit()]
        if not weights:
            raise bad("items.weightReal needs at least one weight")
        changes.append((sku, weights))
    for sku, weights in changes:
        posting.line_for(sku)["weight"] = int(sum(weights) * 1000 / len(weights)) if weights else 0
    return {"result": posting.number}


@handles("POST", "/v1/posting/fbs/pick-up-code/verify")
def pickup_code_verify(call: Call) -> dict:
    posting = fbs_posting(store_of(call.seller), call.body.get("posting_number"))
    return {"valid": as_str(call.body.get("pickup_code")).strip() == pickup_code(posting)}


def pickup_code(posting: Posting) -> str:
    """The courier's code for an rFBS Express posting (derived from the posting; tests can read it)."""
    return f"{posting.customer_seed % 10000:04d}"


# --- legacy v1 orders ---------------------------------------------------------------------------------------
def legacy_group(schema: str) -> str:
    return {"fbs": "fbs", "fbo": "fbo", "crossborder": "crossborder"}.get(schema.lower(), "fbs")


@handles("POST", "/v1/order/list")
def order_list_v1(call: Call) -> dict:
    body, store = call.body, store_of(call.seller)
    low = parse_timestamp(body.get("since"), "since")
    high = parse_timestamp(body.get("to"), "to")
    group = legacy_group(as_str(body.get("delivery_schema")))
    statuses = {s.lower() for s in str_list(body.get("statuses"))}
    entries, _ = walk([store.timeline[group]], low, high)
    orders = views.store_orders(store, [e[2] for e in entries])
    if statuses:
        orders = [o for o in orders if views.order_status(o) in statuses]
    size = page_size(body.get("page_size"), 100, 1000)
    page = max(as_int(body.get("page"), 1), 1)
    chosen = orders[(page - 1) * size:page * size]
    return {"result": {"orders": [
        {"order_id": o[0].order_id, "status": views.order_status(o), "delivery_schema": views.delivery_schema(o[0]),
         "items": views.legacy_items(o)} for o in chosen], "total": len(orders)}}


@handles("POST", "/v1/order/unfulfilled")
def order_unfulfilled_v1(call: Call) -> dict:
    body, store = call.body, store_of(call.seller)
    numbers = [e[2] for e in store.status_index("fbs", "awaiting_packaging").items]
    orders = views.store_orders(store, numbers)
    size = page_size(body.get("page_size"), 100, 1000)
    page = max(as_int(body.get("page"), 1), 1)
    chosen = orders[(page - 1) * size:page * size]
    return {"result": [{"order_id": o[0].order_id, "items": [
        i for i in views.legacy_items(o) if i["status"] == "awaiting_packaging"]} for o in chosen],
        "total": len(orders)}


def legacy_order_postings(store: PostingStore, order_id: Any) -> list[Posting]:
    postings = store.of_order(as_int(order_id))
    if not postings:
        raise missing("ORDER_NOT_FOUND")
    return postings


@handles("GET", "/v1/order/{order_id}")
def order_get_v1(call: Call) -> dict:
    postings = legacy_order_postings(store_of(call.seller), call.path_params.get("order_id"))
    return {"result": views.legacy_order(postings)}


def items_by_posting(postings: list[Posting], items: list[Any]) -> dict[str, dict[int, int]]:
    """{posting_number: {sku: quantity}} for legacy `item_id`s."""
    where: dict[int, tuple[Posting, int]] = {}
    for posting in postings:
        for line in posting.lines:
            where.setdefault(line["item_id"], (posting, line["sku"]))
    out: dict[str, dict[int, int]] = {}
    for item in items:
        item = obj(item)
        item_id = as_int(item.get("item_id"))
        if item_id not in where:
            raise bad(UNKNOWN_PRODUCT, str(item_id))
        posting, sku = where[item_id]
        qty = as_int(item.get("quantity"))
        if qty <= 0:
            raise bad(HAS_INCORRECT_PRODUCT_QUANTITY, str(item_id))
        bucket = out.setdefault(posting.number, {})
        bucket[sku] = bucket.get(sku, 0) + qty
    return out


@handles("POST", "/v1/order/ship/fbs", writes=True)
def order_ship_fbs_v1(call: Call) -> dict:
    store = store_of(call.seller)
    postings = [p for p in legacy_order_postings(store, call.body.get("order_id")) if p.group == "fbs"]
    plans: dict[str, list[dict[int, int]]] = {}
    for package in lst(call.body.get("packages")):
        split = items_by_posting(postings, lst(obj(package).get("items")))
        if len(split) != 1:
            raise bad(HAS_INCORRECT_PRODUCT_QUANTITY, "a package holds items of one posting")
        (number, items), = split.items()
        plans.setdefault(number, []).append(items)
    if not plans:
        raise bad(HAS_INCORRECT_PRODUCT_QUANTITY)
    for number, packages in plans.items():       # validate all before changing any
        posting = store.get(number)
        check_can_ship(posting)
        totals: dict[int, int] = {}
        for package in packages:
            for sku, qty in package.items():
                totals[sku] = totals.get(sku, 0) + qty
        if totals != {line["sku"]: line["quantity"] for line in posting.lines}:
            raise bad(HAS_INCORRECT_PRODUCT_QUANTITY, posting.number)
        check_marks(posting, totals, {}, now_of(call))
    numbers = []
    for number, packages in plans.items():
        numbers += [p.number for p in ship(call, store.get(number), packages, {})]
    return {"result": {"package_numbers": numbers}}


@handles("POST", "/v1/order/cancel/fbs", writes=True)
def order_cancel_fbs_v1(call: Call) -> dict:
    store, at = store_of(call.seller), now_of(call)
    postings = [p for p in legacy_order_postings(store, call.body.get("order_id")) if p.group == "fbs"]
    reason_id = as_int(call.body.get("cancel_reason_id"))
    live = [p for p in postings if p.status != "cancelled"]
    if not live:
        raise bad(POSTING_ALREADY_CANCELLED)
    known = {rid for rid, _ in data.LEGACY_ORDER_REASONS} | set(data.CANCEL_REASONS)
    if reason_id not in known:
        raise bad(HAS_INCORRECT_CANCEL_REASON, str(reason_id))
    for posting in live:
        if not reasons_for(posting) or posting.status not in NOT_SHIPPED | {"awaiting_deliver"}:
            raise bad(HAS_INCORRECT_STATUS, posting.number)
    for posting in live:
        cancel_by_seller(call.world, call.seller, store, posting, at, reason_id)
    return {"result": "true"}


@handles("POST", "/v1/order/cancel-reason/list")
def order_cancel_reasons_v1(call: Call) -> dict:
    return {"result": [{"id": rid, "title": title} for rid, title in data.LEGACY_ORDER_REASONS]}


@handles("POST", "/v1/order/shipping-provider/list", "/v2/posting/crossborder/shipping-provider/list")
def shipping_providers(call: Call) -> dict:
    return {"result": [{"id": pid, "name": name} for pid, name in data.CROSSBORDER_PROVIDERS]}


# --- helpers for other modules and tests --------------------------------------------------------------
def force_status(world, seller, posting_number: str, status: str, substatus: str | None = None) -> Posting:
    """Put a posting into a status no API call reaches (e.g. `not_accepted`, `client_arbitration`,
    `driver_pickup`): what Ozon's side would do. Stock and push follow as for any change."""
    from .model import FBS_STATUSES, settle_seller
    with world.lock:
        now = world.clock.now().timestamp()
        settle_seller(world, seller, now)
        store = store_of(seller)
        posting = store.get(posting_number)
        if posting is None:
            raise KeyError(f"no posting {posting_number} for seller {seller.client_id}")
        if status not in FBS_STATUSES:
            raise ValueError(f"unknown status {status!r}; known: {FBS_STATUSES}")
        if status == "cancelled":
            from .model import cancel
            cancel(world, seller, store, posting, now, reason_id=data.BUYER_REASON[0], reason=data.BUYER_REASON[1],
                   initiator="Ozon", kind="ozon")
        else:
            if status not in NOT_SHIPPED and posting.packed_at is None and status != "awaiting_deliver":
                from .model import ship_stock
                posting.packed_at = now
                ship_stock(world, seller, posting, now)
            if status == "delivering" and posting.scheme in ("fbs", "fbo", "crossborder"):
                from .model import hand_over
                hand_over(world, seller, store, posting, now)
            else:
                set_status(world, seller, store, posting, status, now, substatus=substatus)
    return posting

