"""Buyers' discount requests (`/v1|v2/actions/discounts-task/*`): a buyer asks for a lower price on
an SKU; the seller approves (price, quantities) or declines requests in status NEW or SEEN. A request
not decided by its `end_at` becomes AUTO_DECLINED then (`expire_tasks`, run by the settle stage)."""
from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ...registry import Call, handles
from ..kit.dates import now_of, stamp
from ..kit.money import CENT, dec, money_number
from ..kit.paging import page_size
from ..kit.values import as_int, as_str, parse_number
from ..products.model import on_sale, products_of
from .state import promos_of

OPEN_TASK = ("NEW", "SEEN")
DECISION_HOURS = 72
V2_STATUS = {"NEW": "NEW", "SEEN": "NEW", "APPROVED": "APPROVED", "PARTLY_APPROVED": "APPROVED",
             "DECLINED": "DECLINED", "AUTO_DECLINED": "DECLINED", "DECLINED_BY_USER": "DECLINED",
             "COUPON": "APPROVED", "PURCHASED": "APPROVED"}
CUSTOMERS = ("Анна К.", "Иван П.", "Мария С.", "Олег В.", "Елена Д.", "Дмитрий Н.")
COMMENTS = ("Хочу купить сразу несколько", "Давно слежу за товаром", "", "Подарок на день рождения")


def expire_tasks(state: dict[str, Any], now: float) -> None:
    """Requests still open at their `end_at` are declined automatically, as of that moment."""
    for task in state["tasks"].values():
        if task["status"] in OPEN_TASK and task["end_at"] <= now:
            task.update(status="AUTO_DECLINED", moderated_at=task["end_at"], is_auto_moderated=True)


def _tasks(call: Call) -> list[dict[str, Any]]:
    """The seller's requests, newest first."""
    return sorted(promos_of(call.seller)["tasks"].values(), key=lambda t: -t["id"])


# --- views ------------------------------------------------------------------------------------------
def _percent(base: Any, price: Any) -> float:
    base = dec(base)
    if base <= 0:
        return 0.0
    return float(((base - dec(price)) * 100 / base).quantize(Decimal("0.001"), ROUND_HALF_UP))


def _moderated(row: dict[str, Any], task: dict[str, Any]) -> dict[str, Any]:
    """`moderated_at` only once decided: an unset timestamp is left out, as protojson does."""
    if task["moderated_at"]:
        row["moderated_at"] = stamp(task["moderated_at"])
    return row


def _task_v1(task: dict[str, Any]) -> dict[str, Any]:
    approved = dec(task["approved_price"]) > 0
    return _moderated({
        "id": task["id"], "created_at": stamp(task["created_at"]), "end_at": stamp(task["end_at"]),
        "edited_till": stamp(task["edited_till"]), "status": task["status"],
        "customer_name": task["customer_name"], "sku": task["sku"], "user_comment": task["user_comment"],
        "seller_comment": task["seller_comment"], "requested_price": money_number(task["requested_price"]),
        "approved_price": money_number(task["approved_price"]), "original_price": money_number(task["original_price"]),
        "discount": money_number(dec(task["base_price"]) - dec(task["requested_price"])),
        "discount_percent": _percent(task["base_price"], task["requested_price"]),
        "base_price": money_number(task["base_price"]), "min_auto_price": money_number(task["min_auto_price"]),
        "prev_task_id": task["prev_task_id"], "is_damaged": False,
        "approved_discount": money_number(dec(task["base_price"]) - dec(task["approved_price"])) if approved else 0.0,
        "approved_discount_percent": _percent(task["base_price"], task["approved_price"]) if approved else 0.0,
        "is_purchased": task["status"] == "PURCHASED", "is_auto_moderated": task["is_auto_moderated"],
        "offer_id": task["offer_id"], "email": task["email"], "last_name": "", "first_name": "",
        "patronymic": "", "approved_quantity_min": task["approved_quantity_min"],
        "approved_quantity_max": task["approved_quantity_max"],
        "requested_quantity_min": task["requested_quantity_min"],
        "requested_quantity_max": task["requested_quantity_max"],
        "requested_price_with_fee": money_number(task["requested_price"]),
        "approved_price_with_fee": money_number(task["approved_price"]), "approved_price_fee_percent": 0.0,
    }, task)


def _task_v2(task: dict[str, Any], now: float) -> dict[str, Any]:
    base = dec(task["base_price"])
    return _moderated({
        "id": task["id"], "created_at": stamp(task["created_at"]), "end_at": stamp(task["end_at"]),
        "end_at_duration": max(int(task["end_at"] - now), 0), "edited_till": stamp(task["edited_till"]),
        "edited_till_duration": max(int(task["edited_till"] - now), 0), "status": V2_STATUS[task["status"]],
        "sku": task["sku"], "name": task["name"], "requested_price": money_number(task["requested_price"]),
        "requested_discount": _percent(base, task["requested_price"]),
        "requested_quantity_max": task["requested_quantity_max"],
        "approved_price": money_number(task["approved_price"]),
        "approved_discount": _percent(base, task["approved_price"]) if dec(task["approved_price"]) > 0 else 0.0,
        "approved_quantity_max": task["approved_quantity_max"], "original_price": money_number(task["original_price"]),
        "min_auto_price": money_number(task["min_auto_price"]),
        "is_auto_moderated": task["is_auto_moderated"], "email": task["email"], "first_name": "",
        "last_name": "", "patronymic": "", "reduction_factor": money_number(base - dec(task["requested_price"])),
        "auto_moderated_info": {"max_percent": 0.0, "max_price": 0.0, "min_percent": 0.0, "min_price": 0.0},
    }, task)


@handles("POST", "/v1/actions/discounts-task/list")
def tasks_v1(call: Call) -> dict:
    status = as_str(call.body.get("status") or "UNKNOWN")
    tasks = [t for t in _tasks(call) if status == "UNKNOWN" or t["status"] == status]
    size = max(as_int(call.body.get("limit"), 50), 1)
    page = max(as_int(call.body.get("page"), 1), 1)
    return {"result": [_task_v1(t) for t in tasks[(page - 1) * size:page * size]]}


@handles("POST", "/v2/actions/discounts-task/list")
def tasks_v2(call: Call) -> dict:
    status = as_str(call.body.get("status") or "ALL")
    tasks = [t for t in _tasks(call) if status == "ALL" or V2_STATUS[t["status"]] == status]
    after = as_int(call.body.get("last_id"), 0)
    if after > 0:
        tasks = [t for t in tasks if t["id"] < after]
    size = page_size(call.body.get("limit"), 50, 50)    # the schema allows 5..50
    now = now_of(call)
    return {"tasks": [_task_v2(t, now) for t in tasks[:size]]}


# --- deciding -----------------------------------------------------------------------------------------
def _approval(task: dict[str, Any], item: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    """(why the approval is refused, or None; the approved price, quantities and status)."""
    price = parse_number(item.get("approved_price"))
    low, high = as_int(item.get("approved_quantity_min")), as_int(item.get("approved_quantity_max"))
    if price is None or price <= 0:
        return "approved_price must be greater than 0", {}
    price = price.quantize(CENT, ROUND_HALF_UP)
    if price >= dec(task["base_price"]):
        return "approved_price must be lower than the current price", {}
    if low < 1 or high < low:
        return "approved_quantity_min must be at least 1 and not above approved_quantity_max", {}
    return None, {"approved_price": str(price), "approved_quantity_min": low, "approved_quantity_max": high,
                  "status": "APPROVED" if price <= dec(task["requested_price"]) else "PARTLY_APPROVED"}


def _decision(task: dict[str, Any] | None, item: dict[str, Any], approve: bool,
              now: float) -> tuple[str | None, dict[str, Any]]:
    """(why the item fails, or None; the change to the request)."""
    if task is None:
        return "discount request not found", {}
    if task["status"] not in OPEN_TASK:
        return f"the request is {task['status']}: only NEW or SEEN requests can be decided", {}
    change: dict[str, Any] = {"seller_comment": as_str(item.get("seller_comment")), "moderated_at": now,
                              "is_auto_moderated": False, "email": "api@seller.ozon.ru"}
    problem, decided = _approval(task, item) if approve else (None, {"status": "DECLINED"})
    return problem, {**change, **decided}


def _decide(call: Call, approve: bool) -> dict:
    """Approve or decline the listed requests; every valid item is applied, the others reported."""
    state = promos_of(call.seller)
    now = now_of(call)
    failures, updates = [], []
    for item in call.body.get("tasks") or []:
        task_id = as_int(item.get("id"))
        task = state["tasks"].get(str(task_id))
        problem, change = _decision(task, item, approve, now)
        if problem is not None:
            failures.append({"task_id": task_id, "error_for_user": problem})
        else:
            updates.append((task, change))
    for task, change in updates:
        task.update(change)
    return {"result": {"success_count": len(updates), "fail_count": len(failures), "fail_details": failures}}


@handles("POST", "/v1/actions/discounts-task/approve", writes=True, exact=True)
def approve_tasks(call: Call) -> dict:
    return _decide(call, True)


@handles("POST", "/v1/actions/discounts-task/decline", writes=True, exact=True)
def decline_tasks(call: Call) -> dict:
    return _decide(call, False)


# --- scenario -------------------------------------------------------------------------------------
def seed_tasks(world, seller, count: int, rng: random.Random) -> None:
    """`count` open requests on the seller's products on sale, created over the last two days."""
    state = promos_of(seller)
    now = world.clock.now().timestamp()
    on_sale_products = [p for p in products_of(seller).iter_from(0) if on_sale(p, now)]
    for index in range(count if on_sale_products else 0):
        product = rng.choice(on_sale_products)
        base = dec(product.price)
        requested = (base * Decimal(rng.choice(["0.8", "0.85", "0.9", "0.93"]))).quantize(Decimal(1))
        created = now - rng.randint(1, 48) * 3600.0
        task_id = world.next_id("discount_task", 78_000)
        quantity = rng.randint(1, 3)
        state["tasks"][str(task_id)] = {
            "id": task_id, "created_at": created, "end_at": created + DECISION_HOURS * 3600.0,
            "edited_till": created + DECISION_HOURS * 3600.0, "status": "NEW" if index % 4 != 3 else "SEEN",
            "customer_name": rng.choice(CUSTOMERS), "sku": product.visible_sku(now), "offer_id": product.offer_id,
            "name": product.name, "user_comment": rng.choice(COMMENTS), "seller_comment": "",
            "requested_price": str(requested), "approved_price": "0",
            "original_price": str(dec(product.old_price) or base), "base_price": str(base),
            "min_auto_price": str(dec(product.min_price)), "prev_task_id": 0, "moderated_at": None,
            "is_auto_moderated": False, "email": "", "requested_quantity_min": quantity,
            "requested_quantity_max": quantity + rng.randint(0, 2), "approved_quantity_min": 0,
            "approved_quantity_max": 0,
        }
