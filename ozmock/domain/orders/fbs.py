"""FBS and rFBS postings over HTTP: lists and gets in every version (v2, v3, v4), shipping (full,
split into packages, partial, split without packing), arbitration, country of origin, box count,
restrictions and weights.

Every write validates everything first and changes state only when the whole request is valid.
rFBS-only methods are `rfbs.py`, cancellation `cancellations.py`, legacy `/v1/order/*` `legacy_v1.py`."""
from __future__ import annotations

from typing import Any

from ...registry import Call, handles
from ..kit.dates import now_of
from ..kit.paging import page_size
from ..kit.values import as_int, as_str, flag, lst, obj, str_list
from . import data, views
from .common import (
    EXEMPLAR_INFO_NOT_FILLED_COMPLETELY,
    HAS_INCORRECT_PRODUCT_QUANTITY,
    HAS_INCORRECT_STATUS,
    HAS_INCORRECT_TPL_INTEGRATION_TYPE,
    INVALID_ARGUMENT,
    MANDATORY_MARK_REDUNDANT,
    bad,
    missing,
)
from .listing import (
    both,
    check_offset,
    common_filter,
    decode_cursor,
    encode_cursor,
    is_desc,
    offset_list,
    options_of,
    page_of,
    period,
    status_indexes,
)
from .lookup import fbs_posting, sku_of
from .marks import ensure_exemplars, mark_errors, marks_complete
from .model import NOT_SHIPPED, Posting, store_of
from .transitions import check_can_ship, pack, set_status, split_lines, split_off


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


@handles("POST", "/v2/posting/fbs/get-by-barcode", exact=True)
def fbs_get_by_barcode(call: Call) -> dict:
    store = store_of(call.seller)
    number = store.by_barcode.get(as_str(call.body.get("barcode")).strip())
    if number is None:
        raise missing()
    posting = fbs_posting(store, number)
    return {"result": views.v2_record(posting, {"barcodes": True})}


# --- shipping -----------------------------------------------------------------------------------------
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


@handles("POST", "/v3/posting/fbs/ship", "/v4/posting/fbs/ship", writes=True)
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


@handles("POST", "/v3/posting/fbs/ship/package", "/v4/posting/fbs/ship/package", writes=True, exact=True)
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


@handles("POST", "/v2/posting/fbs/arbitration", writes=True, exact=True)
def fbs_arbitration(call: Call) -> dict:
    postings = postings_of(call, str_list(call.body.get("posting_number")))
    for posting in postings:
        if posting.status not in ("awaiting_deliver", "not_accepted") or posting.scheme != "fbs":
            raise bad(HAS_INCORRECT_STATUS, posting.number)
    for posting in postings:
        set_status(call.world, call.seller, store_of(call.seller), posting, "arbitration", now_of(call))
    return {"result": True}


@handles("POST", "/v2/posting/fbs/awaiting-delivery", writes=True, exact=True)
def fbs_awaiting_delivery(call: Call) -> dict:
    postings = postings_of(call, str_list(call.body.get("posting_number")))
    for posting in postings:
        if posting.status not in ("arbitration", "client_arbitration", "not_accepted"):
            raise bad(HAS_INCORRECT_STATUS, posting.number)
    for posting in postings:
        set_status(call.world, call.seller, store_of(call.seller), posting, "awaiting_deliver", now_of(call))
    return {"result": True}


# --- country of origin, cut-off, delivery date, boxes, restrictions, weights ----------------------------------
@handles("POST", "/v2/posting/fbs/product/country/list", exact=True)
def country_list(call: Call) -> dict:
    search = as_str(call.body.get("name_search")).strip().lower()
    found = [{"name": name, "country_iso_code": code} for code, name in data.COUNTRIES
             if not search or search in name.lower() or search == code.lower()]
    return {"result": found}


@handles("POST", "/v2/posting/fbs/product/country/set", writes=True, exact=True)
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



@handles("POST", "/v3/posting/multiboxqty/set", writes=True, exact=True)
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


