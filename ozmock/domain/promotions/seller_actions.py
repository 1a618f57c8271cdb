"""The seller's own promotions (`/v1/seller-actions/*`): create and update per mechanic, list, products,
switch on and off, archive, voucher codes.

An action's status follows the clock: `PLANNED` before `date_start`, `ACTIVE` until `date_end`
(instalment actions have no end), `ENDED` after it or once archived, `PAUSED` while switched off.
Only the update method of the action's own mechanic changes it, and only before it has ended.
Products join by SKU: the seller's products on sale, in the account currency; a "discount" action
needs a `discount_percent` of at least the action's `min_action_percent` (and below 100). A
whole request is checked before anything changes. Voucher actions get their codes as a CSV file
served by ozmock (`/__ozmock/files/vouchers/<action id>.csv`).
"""
from __future__ import annotations

import csv
import io
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ...errors import OzonError
from ...registry import Call, handles, json_area
from ..kit.dates import now_of, parse_datetime, stamp
from ..kit.ids import stable_int
from ..kit.money import CENT, dec, money_number
from ..kit.paging import clamped_size, offset_of
from ..kit.values import as_int, as_str, int_list, obj, parse_number, str_list
from ..products.model import on_sale, products_of

NOT_FOUND = "action not found"
TYPES = {"discount": "DISCOUNT", "discount-with-condition": "DISCOUNT_WITH_CONDITION", "installment": "INSTALLMENT",
         "multi-level-discount": "MULTI_LEVEL_DISCOUNT_ON_AMOUNT", "voucher": "VOUCHER_DISCOUNT"}
INSTALMENT_MONTHS = 6
VOUCHER_PATH = "/__ozmock/files/vouchers"


def _create(seller, world) -> dict[str, Any]:
    return {"actions": {}, "order": []}


json_area("seller_actions", _create)


def actions_of(seller) -> dict[str, Any]:
    return seller.area("seller_actions")


def status_of(action: dict[str, Any], now: float) -> str:
    if action["archived"] or (action["date_end"] is not None and now >= action["date_end"]):
        return "ENDED"
    if not action["is_turn_on"]:
        return "PAUSED"
    if now < action["date_start"]:
        return "PLANNED"
    return "ACTIVE"


def _action(call: Call, value: Any, *, editable: bool = False) -> dict[str, Any]:
    action = actions_of(call.seller)["actions"].get(str(as_int(value)))
    if action is None:
        raise OzonError(5, NOT_FOUND)
    if editable and status_of(action, now_of(call)) == "ENDED":
        raise OzonError(3, "the action has ended or is archived: it can no longer change")
    return action


# --- parameters --------------------------------------------------------------------------------------
def _dates(call: Call, params: dict[str, Any], *, needs_end: bool = True) -> tuple[float, float | None]:
    start = parse_datetime(params.get("date_start"), "date_start").timestamp()
    if start < 0:   # stored as world time (epoch seconds); an action before 1970 is a typo, not a plan
        raise OzonError(3, "date_start must not be earlier than 1970-01-01T00:00:00Z")
    if not needs_end:
        return start, None
    end = parse_datetime(params.get("date_end"), "date_end").timestamp()
    if end < start:
        raise OzonError(3, "date_end must not be earlier than date_start")
    if end < now_of(call):
        raise OzonError(3, "date_end must not be in the past")
    return start, end


def _title(params: dict[str, Any]) -> str:
    title = as_str(params.get("title")).strip()
    if not 1 <= len(title) <= 256:
        raise OzonError(3, "title: value length must be between 1 and 256 runes")
    return title


def _positive(params: dict[str, Any], name: str) -> Decimal:
    value = parse_number(params.get(name))
    if value is None or value <= 0:
        raise OzonError(3, f"{name} must be greater than 0")
    return value


def _percent(value: Decimal, name: str) -> Decimal:
    if not 0 < value < 100:
        raise OzonError(3, f"{name} must be a percentage from 0 to 100")
    return value


def _discount(params: dict[str, Any], discount_type: str) -> Decimal:
    value = _positive(params, "discount_value")
    return _percent(value, "discount_value") if discount_type == "PERCENT" else value


def _levels(params: dict[str, Any], discount_type: str) -> list[dict[str, float]]:
    levels = []
    for level in params.get("discount_levels") or []:
        value, amount = _positive(level, "discount_value"), _positive(level, "order_amount")
        if discount_type == "PERCENT":
            _percent(value, "discount_levels.discount_value")
        levels.append({"order_amount": float(amount), "discount_value": float(value)})
    if not 2 <= len(levels) <= 4:
        raise OzonError(3, "discount_levels: value must contain from 2 to 4 item(s)")
    levels.sort(key=lambda level: level["order_amount"])
    if len({level["order_amount"] for level in levels}) != len(levels):
        raise OzonError(3, "discount_levels: order amounts must differ")
    return levels


def _parameters(call: Call, kind: str, params: dict[str, Any], existing: dict[str, Any] | None) -> dict[str, Any]:
    """The action fields a create or update request sets (validated; nothing is written here)."""
    found: dict[str, Any] = {"title": _title(params)}
    if kind == "INSTALLMENT":
        found["date_start"], found["date_end"] = _dates(call, params, needs_end=False)
        found.update(discount_type="INSTALLED_PERIOD", discount_value=float(INSTALMENT_MONTHS))
        return found
    found["date_start"], found["date_end"] = _dates(call, params)
    discount_type = as_str(params.get("discount_type")) or (existing or {}).get("discount_type", "PERCENT")
    if kind == "DISCOUNT":
        if existing is None:
            found["min_action_percent"] = float(_percent(_positive(params, "min_action_percent"),
                                                         "min_action_percent"))
        found["discount_type"] = "PERCENT"
    elif kind == "DISCOUNT_WITH_CONDITION":
        found.update(discount_type=discount_type, discount_value=float(_discount(params, discount_type)),
                     min_order_amount=float(_positive(params, "min_order_amount")))
    elif kind == "MULTI_LEVEL_DISCOUNT_ON_AMOUNT":
        found.update(discount_type=discount_type, discount_levels=_levels(params, discount_type),
                     is_legal_entities_segment=bool(params.get("is_legal_entities_segment")))
    elif kind == "VOUCHER_DISCOUNT":
        budget = as_int(params.get("budget"))
        if budget <= 0:
            raise OzonError(3, "budget must be greater than 0")
        found.update(discount_type=discount_type, discount_value=float(_discount(params, discount_type)),
                     budget=float(budget), user_ids=[str(u) for u in int_list(params.get("user_ids"))])
        if existing is None:
            voucher = obj(params.get("voucher_parameters"))
            count = as_int(voucher.get("count_codes"))
            if count <= 0 or count > 100_000:
                raise OzonError(3, "voucher_parameters.count_codes must be from 1 to 100000")
            found["voucher_parameters"] = {"count_codes": count, "is_private": bool(voucher.get("is_private")),
                                           "type": as_str(voucher.get("type")) or "ONE"}
    return found


def _create_action(call: Call, kind: str) -> dict:
    fields = _parameters(call, kind, call.body, None)
    state = actions_of(call.seller)
    action_id = call.world.next_id("seller_action", 1_000_000)
    action = {"id": action_id, "type": kind, "is_turn_on": True, "archived": False, "products": {},
              "created_at": now_of(call), "discount_type": "UNSPECIFIED", "discount_value": 0.0,
              "min_action_percent": 0.0, "min_order_amount": 0.0, "discount_levels": [], "budget": 0.0,
              "user_ids": [], "is_legal_entities_segment": False, "voucher_parameters": None}
    action.update(fields)
    state["actions"][str(action_id)] = action
    state["order"].append(action_id)
    return {"action_id": action_id}


def _update_action(call: Call, kind: str) -> dict:
    action = _action(call, call.body.get("action_id"), editable=True)
    if action["type"] != kind:
        raise OzonError(3, f"the action's mechanic is {action['type']}, not {kind}")
    params = obj(call.body.get("action_parameters"))
    action.update(_parameters(call, kind, params, action))
    return {}


def _register(slug: str, kind: str) -> None:
    @handles("POST", f"/v1/seller-actions/create/{slug}", writes=True)
    def create(call: Call) -> dict:
        return _create_action(call, kind)

    @handles("POST", f"/v1/seller-actions/update/{slug}", writes=True)
    def update(call: Call) -> dict:
        return _update_action(call, kind)


for _slug, _kind in TYPES.items():
    _register(_slug, _kind)


# --- views ----------------------------------------------------------------------------------------------
def _view(call: Call, action: dict[str, Any]) -> dict[str, Any]:
    now = now_of(call)
    status = status_of(action, now)
    params: dict[str, Any] = {
        "title": action["title"], "type": action["type"], "status": status, "date_start": stamp(action["date_start"]),
        "discount_type": action["discount_type"], "discount_value": action["discount_value"],
        "min_action_percent": action["min_action_percent"], "min_order_amount": action["min_order_amount"],
        "discount_levels": [dict(level) for level in action["discount_levels"]], "budget": action["budget"],
        "budget_spent": 0.0, "is_legal_entities_segment": action["is_legal_entities_segment"],
        "auto_stop_action_reason": "UNSPECIFIED", "addresses": [], "warehouses": [], "picked_segments": []}
    if action["date_end"] is not None:
        params["date_end"] = stamp(action["date_end"])
    if action["voucher_parameters"]:
        params["voucher_parameters"] = dict(action["voucher_parameters"])
    return {"action_id": action["id"], "action_parameters": params, "is_turn_on": action["is_turn_on"],
            "is_editable": status != "ENDED", "allow_delete": not action["products"] and status != "ENDED",
            "is_participated": bool(action["products"]), "sku_count": len(action["products"]),
            "highlight_url": ""}


@handles("POST", "/v1/seller-actions/list")
def list_actions(call: Call) -> dict:
    state, now = actions_of(call.seller), now_of(call)
    wanted = set(int_list(call.body.get("action_ids")))
    kinds, statuses = set(str_list(call.body.get("action_type"))), set(str_list(call.body.get("status")))
    search = as_str(call.body.get("search")).strip().lower()
    found = [state["actions"][str(i)] for i in reversed(state["order"])]
    found = [a for a in found if (not wanted or a["id"] in wanted) and (not kinds or a["type"] in kinds)
             and (not statuses or status_of(a, now) in statuses) and (not search or search in a["title"].lower())]
    offset, limit = offset_of(call.body.get("offset")), clamped_size(call.body.get("limit"), 100, 100)
    return {"actions": [_view(call, a) for a in found[offset:offset + limit]], "total": len(found)}


@handles("POST", "/v1/seller-actions/change-activity", writes=True, exact=True)
def change_activity(call: Call) -> dict:
    action = _action(call, call.body.get("action_id"), editable=True)
    action["is_turn_on"] = bool(call.body.get("is_turn_on"))
    return {}


@handles("POST", "/v1/seller-actions/archive", writes=True, exact=True)
def archive(call: Call) -> dict:
    action = _action(call, call.body.get("action_id"))
    if action["archived"]:
        raise OzonError(3, "the action is already archived")
    action.update(archived=True, is_turn_on=False)
    return {}


# --- products ---------------------------------------------------------------------------------------------
def _product_row(call: Call, action: dict[str, Any], product, entry: dict[str, Any] | None) -> dict[str, Any]:
    now = now_of(call)
    percent = dec(entry["discount_percent"]) if entry else dec(action["min_action_percent"])
    price = dec(product.price)
    discounted = (price * (100 - percent) / 100).quantize(CENT, ROUND_HALF_UP) if action["type"] == "DISCOUNT" \
        else price
    active = bool(entry) and status_of(action, now) == "ACTIVE"
    return {"product_id": product.product_id, "sku": [str(product.visible_sku(now))], "offer_id": product.offer_id,
            "name": product.name, "currency": product.currency_code, "base_price": money_number(price),
            "price": money_number(discounted if active else price), "action_price": money_number(discounted),
            "discount_percent": float(percent) if action["type"] == "DISCOUNT" else 0.0, "is_active": active,
            "min_seller_price": money_number(product.min_price), "quant_size": 1, "quant_type": "GENERAL"}


def _cursor_page(call: Call, rows: list) -> dict:
    start = offset_of(call.body.get("cursor"))
    size = clamped_size(call.body.get("limit"), 100, 100)
    page = rows[start:start + size]
    more = start + size < len(rows)
    return {"products": page, "has_next": more, "cursor": start + size if more else 0}


@handles("POST", "/v1/seller-actions/products/candidates", exact=True)
def candidates(call: Call) -> dict:
    action = _action(call, call.body.get("action_id"))
    now = now_of(call)
    rows = [_product_row(call, action, p, None) for p in products_of(call.seller).iter_from(0)
            if on_sale(p, now) and str(p.visible_sku(now)) not in action["products"]]
    return _cursor_page(call, rows if status_of(action, now) != "ENDED" else [])


@handles("POST", "/v1/seller-actions/products/list", exact=True)
def products_list(call: Call) -> dict:
    action = _action(call, call.body.get("action_id"))
    store, now = products_of(call.seller), now_of(call)
    rows = []
    for sku in sorted(action["products"], key=int):
        product = store.by_sku_id(int(sku), now)
        if product is not None:
            rows.append(_product_row(call, action, product, action["products"][sku]))
    return _cursor_page(call, rows)


@handles("POST", "/v1/seller-actions/products/add", writes=True, exact=True)
def products_add(call: Call) -> dict:
    action = _action(call, call.body.get("action_id"), editable=True)
    store, now = products_of(call.seller), now_of(call)
    changes: dict[str, dict[str, Any]] = {}
    for item in call.body.get("products") or []:
        sku = as_int(item.get("sku"))
        product = store.by_sku_id(sku, now)
        if product is None or not on_sale(product, now):
            raise OzonError(3, f"sku {sku}: the product is not the seller's or not on sale")
        currency = as_str(item.get("currency") or product.currency_code)
        if currency != product.currency_code:
            raise OzonError(3, f"sku {sku}: currency must be {product.currency_code}")
        percent = Decimal(0)
        if action["type"] == "DISCOUNT":
            percent = parse_number(item.get("discount_percent")) or Decimal(0)
            if percent < dec(action["min_action_percent"]) or percent >= 100:
                raise OzonError(3, f"sku {sku}: discount_percent must be from {action['min_action_percent']:g} "
                                   "to below 100")
        changes[str(sku)] = {"discount_percent": str(percent), "currency": currency, "added_at": now}
    if not changes:
        raise OzonError(3, "products: value must contain at least 1 item(s)")
    action["products"].update(changes)
    return {}


@handles("POST", "/v1/seller-actions/products/delete", writes=True, exact=True)
def products_delete(call: Call) -> dict:
    action = _action(call, call.body.get("action_id"), editable=True)
    for sku in int_list(call.body.get("skus")):
        action["products"].pop(str(sku), None)
    return {}


# --- vouchers ---------------------------------------------------------------------------------------------
def voucher_codes(seller, action: dict[str, Any]) -> list[str]:
    count = (action["voucher_parameters"] or {}).get("count_codes", 0)
    return [f"OZ{stable_int('voucher', seller.client_id, action['id'], index, digits=10):010d}"
            for index in range(count)]


@handles("POST", "/v1/seller-actions/voucher/get", exact=True)
def voucher_get(call: Call) -> dict:
    action = _action(call, call.body.get("action_id"))
    if action["type"] != "VOUCHER_DISCOUNT":
        raise OzonError(3, "the action is not a voucher action")
    base = as_str(getattr(call, "base_url", "") or "").rstrip("/")
    return {"file": f"{base}{VOUCHER_PATH}/{call.seller.client_id}-{action['id']}.csv"}


def voucher_file(world, name: str) -> dict[str, Any] | None:
    """The codes of a voucher action as CSV, for the file route (`<client id>-<action id>`)."""
    owner, _, action_id = name.partition("-")
    seller = world.sellers.get(as_int(owner))
    action = actions_of(seller)["actions"].get(str(as_int(action_id))) if seller is not None else None
    if action is None or action["type"] != "VOUCHER_DISCOUNT":
        return None
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["Промокод", "Скидка", "Тип скидки", "Действует до"])
    for code in voucher_codes(seller, action):
        writer.writerow([code, money_number(action["discount_value"]), action["discount_type"], stamp(action["date_end"])])
    return {"name": f"{name}.csv", "mime": "text/csv; charset=utf-8", "content": out.getvalue().encode("utf-8")}
