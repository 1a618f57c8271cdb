"""Exemplars and marking codes ("Честный ЗНАК") of FBS/rFBS postings: create-or-get exemplar ids,
set codes (an async check on the clock: `validation_in_process` for `exemplar_check_seconds`,
then each code passed or failed), status, format validation and the post-packing update.

A product line that needs marks (`mark` on the line, set when the order is created with
`mandatory_mark`) can only be shipped once every unit has a code that passed the check, or when
the v3 ship call passes the codes inline (`exemplar_info`)."""
from __future__ import annotations

from typing import Any

from ...errors import OzonError
from ...registry import Call, handles
from ..kit.dates import now_of
from ..kit.timings import timing
from ..kit.values import as_float, as_int, as_str, lst, obj
from .common import HAS_INCORRECT_STATUS, INVALID_POSTING_STATE, MUST_BE_AWAITING_PACKAGING, UNKNOWN_PRODUCT, bad
from .lookup import fbs_posting, sku_of
from .marks import MARK_DUPLICATE_ERROR, MARK_FORMAT_ERROR, ensure_exemplars, mark_errors, marks_complete
from .model import Posting, store_of


def posting_status(posting: Posting, now: float) -> str:
    if posting.status != "awaiting_packaging":
        return "update_available" if posting.status == "awaiting_deliver" else "update_not_available"
    marked = [line for line in posting.lines if line.get("mark")]
    for line in marked:
        for exemplar in line.get("exemplars") or []:
            if exemplar.get("checked_at") is not None and exemplar["checked_at"] > now:
                return "validation_in_process"
    return "ship_available" if all(marks_complete(line, now) for line in posting.lines) else "ship_not_available"


def _check_status(exemplar: dict[str, Any], value: str, now: float) -> tuple[str, list[str]]:
    checked = exemplar.get("checked_at")
    if checked is None:
        return "", []
    if checked > now:
        return "processing", []
    if not value:
        return "passed", []
    return ("passed", []) if exemplar.get("valid") else ("failed", list(exemplar.get("errors") or []))


def _require_packaging(posting: Posting, message: str) -> None:
    if posting.status != "awaiting_packaging":
        raise bad(message, posting.number)


def _apply(world, posting: Posting, products: list[Any], at: float, *, by_id: bool, marks_key: str) -> None:
    """Validate every product/exemplar of a set request, then store codes (all or nothing)."""
    plans = []
    seen_codes: set[str] = set()
    for product in products:
        product = obj(product)
        sku = sku_of(posting, product.get("product_id"))
        line = posting.line_for(sku)
        exemplars = ensure_exemplars(world, line)
        given = lst(product.get("exemplars"))
        if len(given) > line["quantity"]:
            raise bad("HAS_INCORRECT_PRODUCT_QUANTITY", str(sku))
        for index, entry in enumerate(given):
            entry = obj(entry)
            if by_id:
                exemplar_id = as_int(entry.get("exemplar_id"))
                target = next((e for e in exemplars if e["exemplar_id"] == exemplar_id), None)
                if target is None:
                    raise bad(f"EXEMPLAR_ID {exemplar_id} does not belong to product {sku}")
            else:
                target = exemplars[index]
            if marks_key == "marks":
                codes = [as_str(obj(m).get("mark")) for m in lst(entry.get("marks"))
                         if as_str(obj(m).get("mark_type") or "mandatory_mark") == "mandatory_mark"]
                code = next((c for c in codes if c), "")
            else:
                code = as_str(entry.get("mandatory_mark"))
            errors = mark_errors(code) if code else ([] if not line.get("mark") else [MARK_FORMAT_ERROR])
            if code and code in seen_codes:
                errors = [MARK_DUPLICATE_ERROR]
            seen_codes.add(code)
            plans.append((target, {"mandatory_mark": code, "gtd": as_str(entry.get("gtd")),
                                   "is_gtd_absent": bool(entry.get("is_gtd_absent")), "rnpt": as_str(entry.get("rnpt")),
                                   "is_rnpt_absent": bool(entry.get("is_rnpt_absent")),
                                   "jw_uin": as_str((lst(entry.get("jw_uin")) or [""])[0]
                                                    if isinstance(entry.get("jw_uin"), list) else entry.get("jw_uin")),
                                   "valid": not errors, "errors": errors}))
    ready = at + timing(world, "exemplar_check_seconds")
    for target, values in plans:
        target.update(values, checked_at=ready)
    posting.exemplar_set_at = at


def _status_body(posting: Posting, now: float, *, v5: bool) -> dict[str, Any]:
    products = []
    for line in posting.lines:
        exemplars = []
        for exemplar in line.get("exemplars") or []:
            status, errors = _check_status(exemplar, exemplar.get("mandatory_mark", ""), now)
            entry = {"exemplar_id": exemplar["exemplar_id"], "gtd": exemplar.get("gtd", ""),
                     "gtd_check_status": "passed" if status else "", "gtd_error_codes": [],
                     "is_gtd_absent": exemplar.get("is_gtd_absent", False),
                     "is_rnpt_absent": exemplar.get("is_rnpt_absent", False), "rnpt": exemplar.get("rnpt", ""),
                     "rnpt_check_status": "passed" if status else "", "rnpt_error_codes": [],
                     "jw_uin": [exemplar["jw_uin"]] if exemplar.get("jw_uin") else [],
                     "jw_uin_check_status": "passed" if status else "", "jw_uin_error_codes": [],
                     "mandatory_mark": exemplar.get("mandatory_mark", ""),
                     "mandatory_mark_check_status": status, "mandatory_mark_error_codes": errors,
                     "weight": 0.0, "weight_check_status": "", "weight_error_codes": []}
            if v5:
                entry["marks"] = ([{"mark": exemplar["mandatory_mark"], "mark_type": "mandatory_mark",
                                    "check_status": status, "error_codes": errors}]
                                  if exemplar.get("mandatory_mark") else [])
            exemplars.append(entry)
        products.append({"product_id": line["sku"], "exemplars": exemplars})
    return {"posting_number": posting.number, "products": products, "status": posting_status(posting, now)}


def _create_or_get(call: Call) -> dict:
    posting = fbs_posting(store_of(call.seller), call.body.get("posting_number"))
    products = []
    for line in posting.lines:
        exemplars = ensure_exemplars(call.world, line)
        products.append({
            "product_id": line["sku"], "quantity": line["quantity"], "is_gtd_needed": False,
            "is_mandatory_mark_needed": bool(line.get("mark")), "is_mandatory_mark_possible": bool(line.get("mark")),
            "is_rnpt_needed": False, "is_jw_uin_needed": False, "is_weight_needed": False, "has_imei": False,
            "weight_max": 0.0, "weight_min": 0.0,
            "exemplars": [{
                "exemplar_id": e["exemplar_id"], "gtd": e.get("gtd", ""), "is_gtd_absent": e.get("is_gtd_absent", False),
                "is_rnpt_absent": e.get("is_rnpt_absent", False), "rnpt": e.get("rnpt", ""), "weight": 0.0,
                "jw_uin": e.get("jw_uin", ""), "mandatory_mark": e.get("mandatory_mark", ""),
                "marks": [{"mark": e["mandatory_mark"], "mark_type": "mandatory_mark"}] if e.get("mandatory_mark")
                else []} for e in exemplars[:line["quantity"]]],
        })
    return {"posting_number": posting.number, "multi_box_qty": posting.multi_box_qty,
                         "products": products}


@handles("POST", "/v5/fbs/posting/product/exemplar/create-or-get", writes=True)
def exemplar_create_or_get_v5(call: Call) -> dict:
    return _create_or_get(call)


@handles("POST", "/v6/fbs/posting/product/exemplar/create-or-get", writes=True)
def exemplar_create_or_get_v6(call: Call) -> dict:
    return _create_or_get(call)


@handles("POST", "/v4/fbs/posting/product/exemplar/set", writes=True)
def exemplar_set_v4(call: Call) -> dict:
    posting = fbs_posting(store_of(call.seller), call.body.get("posting_number"))
    _require_packaging(posting, MUST_BE_AWAITING_PACKAGING)
    _apply(call.world, posting, lst(call.body.get("products")), now_of(call), by_id=False,
           marks_key="mandatory_mark")
    return {"result": True}


@handles("POST", "/v5/fbs/posting/product/exemplar/set", writes=True)
def exemplar_set_v5(call: Call) -> dict:
    posting = fbs_posting(store_of(call.seller), call.body.get("posting_number"))
    _require_packaging(posting, INVALID_POSTING_STATE)
    _apply(call.world, posting, lst(call.body.get("products")), now_of(call), by_id=True,
           marks_key="mandatory_mark")
    if as_int(call.body.get("multi_box_qty")) > 0:
        posting.multi_box_qty = as_int(call.body.get("multi_box_qty"))
    return {"result": True}


@handles("POST", "/v6/fbs/posting/product/exemplar/set", writes=True, exact=True)
def exemplar_set_v6(call: Call) -> dict:
    posting = fbs_posting(store_of(call.seller), call.body.get("posting_number"))
    _require_packaging(posting, MUST_BE_AWAITING_PACKAGING)
    _apply(call.world, posting, lst(call.body.get("products")), now_of(call), by_id=True, marks_key="marks")
    if as_int(call.body.get("multi_box_qty")) > 0:
        posting.multi_box_qty = as_int(call.body.get("multi_box_qty"))
    return {}


@handles("POST", "/v4/fbs/posting/product/exemplar/status")
def exemplar_status_v4(call: Call) -> dict:
    posting = fbs_posting(store_of(call.seller), call.body.get("posting_number"))
    return _status_body(posting, now_of(call), v5=False)


@handles("POST", "/v5/fbs/posting/product/exemplar/status")
def exemplar_status_v5(call: Call) -> dict:
    posting = fbs_posting(store_of(call.seller), call.body.get("posting_number"))
    return _status_body(posting, now_of(call), v5=True)


def _validate(call: Call, posting: Posting | None, *, v5: bool) -> list[dict[str, Any]]:
    products = []
    for product in lst(call.body.get("products")):
        product = obj(product)
        product_id = as_int(product.get("product_id"))
        if posting is not None:
            try:
                sku_of(posting, product_id)
            except OzonError:
                products.append({"product_id": product_id, "valid": False, "error": UNKNOWN_PRODUCT, "exemplars": []})
                continue
        exemplars, all_valid = [], True
        for entry in lst(product.get("exemplars")):
            entry = obj(entry)
            if v5:
                marks = []
                for mark in lst(entry.get("marks")):
                    mark = obj(mark)
                    errors = mark_errors(as_str(mark.get("mark"))) if \
                        as_str(mark.get("mark_type") or "mandatory_mark") == "mandatory_mark" else []
                    marks.append({"mark": as_str(mark.get("mark")), "mark_type": as_str(mark.get("mark_type")),
                                  "valid": not errors, "errors": errors})
                valid = all(m["valid"] for m in marks)
                exemplars.append({"gtd": as_str(entry.get("gtd")), "rnpt": as_str(entry.get("rnpt")), "marks": marks,
                                  "weight": as_float(entry.get("weight")), "valid": valid,
                                  "errors": [e for m in marks for e in m["errors"]]})
            else:
                code = as_str(entry.get("mandatory_mark"))
                errors = mark_errors(code)
                valid = not errors
                exemplars.append({"mandatory_mark": code, "gtd": as_str(entry.get("gtd")),
                                  "rnpt": as_str(entry.get("rnpt")), "jw_uin": [str(x) for x in lst(entry.get("jw_uin"))],
                                  "valid": valid, "errors": errors})
            all_valid = all_valid and valid
        products.append({"product_id": product_id, "valid": all_valid, "error": "", "exemplars": exemplars})
    return products


@handles("POST", "/v4/fbs/posting/product/exemplar/validate", writes=True, exact=True)
def exemplar_validate_v4(call: Call) -> dict:
    number = as_str(call.body.get("posting_number")).strip()
    posting = fbs_posting(store_of(call.seller), number) if number else None
    return {"result": {"products": _validate(call, posting, v5=False)}}


@handles("POST", "/v5/fbs/posting/product/exemplar/validate", writes=True, exact=True)
def exemplar_validate_v5(call: Call) -> dict:
    posting = fbs_posting(store_of(call.seller), call.body.get("posting_number"))
    return {"products": _validate(call, posting, v5=True)}


@handles("POST", "/v1/fbs/posting/product/exemplar/update", writes=True, exact=True)
def exemplar_update_v1(call: Call) -> dict:
    posting = fbs_posting(store_of(call.seller), call.body.get("posting_number"))
    if posting.status != "awaiting_deliver":
        raise bad(HAS_INCORRECT_STATUS, posting.number)
    return {}
