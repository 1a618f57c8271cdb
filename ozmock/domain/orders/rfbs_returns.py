"""rFBS return requests (`/v2/returns/rfbs/*`, `/v1/returns/rfbs/action/set`): a buyer asks to
return a delivered rFBS posting's product -> `ON_APPROVAL` (New) -> verify -> `RETURN_IN_TRANSIT`
(Delivering) -> receive-return -> `RECEIVED_BY_SELLER` (Checkout) -> return-money ->
`MONEY_RETURNED` (Approved) or reject -> `REJECTED` (Rejected); from `ON_APPROVAL` the seller may
also return the money at once, offer a partial compensation, or reject. A rejected request can be
disputed by the buyer (`ARBITRATION`)."""
from __future__ import annotations

from typing import Any

from ...pipeline.shape import wants_array
from ...registry import Call, handles
from ..kit.dates import now_of, parse_timestamp, stamp
from ..kit.money import money_float
from ..kit.paging import page_size
from ..kit.values import as_float, as_int, as_str, obj, str_list
from . import data
from .common import bad, missing
from .listing import in_period
from .model import store_of
from .returns import ReturnError, requested_posting

RFBS_STATES = {  # state -> (group, name, money state, available actions)
    "ON_APPROVAL": ("New", "На рассмотрении", "", [1, 3, 1020, -1]),
    "RETURN_IN_TRANSIT": ("Delivering", "Товар в пути к продавцу", "", [2]),
    "RECEIVED_BY_SELLER": ("Checkout", "На проверке у продавца", "", [3, -10]),
    "MONEY_RETURNED": ("Approved", "Деньги возвращены", "Деньги возвращены покупателю", []),
    "PARTIAL_COMPENSATION": ("Approved", "Частичная компенсация", "Часть суммы возвращена покупателю", []),
    "REJECTED": ("Rejected", "Отклонена", "", []),
    "ARBITRATION": ("Arbitration", "Открыт спор", "", []),
}
ACTIONS = {1: "Одобрить и получить товар на проверку", 2: "Подтвердить получение товара",
           3: "Вернуть деньги покупателю", 1020: "Предложить частичную компенсацию", -1: "Отклонить заявку",
           -10: "Отклонить после проверки"}


def create_rfbs_return(world, seller, posting_number: str, *, sku: int | None = None, reason_id: int = 2,
                       comment: str = "Товар не работает", at: float) -> dict[str, Any]:
    """A buyer's return request for a delivered rFBS posting."""
    posting = requested_posting(seller, posting_number)
    if posting.scheme != "rfbs":
        raise ReturnError(f"{posting.number} is not an rFBS posting")
    if posting.status != "delivered":
        raise ReturnError(f"{posting.number} is {posting.status}: return requests follow delivery")
    line = posting.line_for(sku) if sku else posting.lines[0]
    if line is None:
        raise ReturnError(f"{posting.number} has no SKU {sku}")
    store = store_of(seller)
    if any(r["posting_number"] == posting.number and r["sku"] == line["sku"] and r["state"] != "REJECTED"
           for r in store.rfbs_returns.values()):
        raise ReturnError(f"SKU {line['sku']} of {posting.number} already has a return request")
    return_id = world.next_id("rfbs_return", 8_000_000_000)
    reason = next((r for r in data.RETURN_REASONS if r[0] == reason_id), data.RETURN_REASONS[1])
    record = {"return_id": return_id, "return_number": f"RET-{return_id % 10**8:08d}",
              "posting_number": posting.number, "order_number": posting.order_number, "sku": line["sku"],
              "offer_id": line["offer_id"], "name": line["name"], "price": int(money_float(line["price"])),
              "currency": line["currency"], "created_at": at, "state": "ON_APPROVAL", "state_at": at,
              "reason_id": reason[0], "reason": reason[1], "is_defect": reason[2], "comment": comment,
              "rejection_reason_id": 0, "rejection_comment": "", "compensation": "", "back_way": 0,
              "return_method": "", "warehouse_id": posting.warehouse_id,
              "customer_name": data.customer_for(posting.customer_seed)["name"]}
    store.rfbs_returns[return_id] = record
    return record


def open_dispute(world, seller, return_id: int, *, at: float) -> dict[str, Any]:
    """The buyer disputes a rejected return request (arbitration)."""
    record = store_of(seller).rfbs_returns.get(int(return_id))
    if record is None or record["state"] != "REJECTED":
        raise ReturnError(f"return {return_id} is not rejected")
    record["state"], record["state_at"] = "ARBITRATION", at
    return record


def _rfbs(call: Call, return_id: Any) -> dict[str, Any]:
    record = store_of(call.seller).rfbs_returns.get(as_int(return_id))
    if record is None:
        raise missing("RETURN_NOT_FOUND")
    return record


def _require(record: dict[str, Any], action: int) -> None:
    if action not in RFBS_STATES[record["state"]][3]:
        raise bad("ACTION_NOT_AVAILABLE", f"action {action} in state {record['state']}")


def _rejection(record: dict[str, Any], reason_id: int, comment: str) -> None:
    reason = next((r for r in data.RFBS_REJECTION_REASONS if r[0] == reason_id), None)
    if reason is None:
        raise bad(f"unknown rejection_reason_id {reason_id}, see rejection_reason in /v2/returns/rfbs/get")
    if reason[3] and not comment.strip():
        raise bad("comment is required for this rejection reason")


def _set(record: dict[str, Any], state: str, at: float) -> None:
    record["state"], record["state_at"] = state, at


def rfbs_act(call: Call, return_id: Any, action: int, *, comment: str = "", reason_id: int = 0,
             compensation: str = "", back_way: float = 0, method: str = "") -> None:
    """Validate, then apply one action to a return request (the v2 methods and action/set share this)."""
    record = _rfbs(call, return_id)
    _require(record, action)
    at = now_of(call)
    if action in (-1, -10):
        _rejection(record, reason_id, comment)
        record["rejection_reason_id"], record["rejection_comment"] = reason_id, comment
        _set(record, "REJECTED", at)
    elif action == 1:
        record["return_method"] = method or "Курьером продавца"
        _set(record, "RETURN_IN_TRANSIT", at)
    elif action == 2:
        _set(record, "RECEIVED_BY_SELLER", at)
    elif action == 3:
        record["back_way"] = max(0.0, as_float(back_way))
        _set(record, "MONEY_RETURNED", at)
    elif action == 1020:
        amount = as_float(compensation)
        if amount <= 0 or amount > record["price"]:
            raise bad("compensation_amount must be more than 0 and not more than the product price")
        record["compensation"] = f"{amount:.2f}"
        _set(record, "PARTIAL_COMPENSATION", at)


def rfbs_view(record: dict[str, Any], detailed: bool) -> dict[str, Any]:
    group, name, money_state, actions = RFBS_STATES[record["state"]]
    view = {"return_id": record["return_id"], "return_number": record["return_number"],
            "posting_number": record["posting_number"], "order_number": record["order_number"],
            "created_at": stamp(record["created_at"]), "client_name": record["customer_name"],
            "product": {"sku": record["sku"], "offer_id": record["offer_id"], "name": record["name"],
                        "price": record["price"], "currency_code": record["currency"]},
            "state": {"state": record["state"], "state_name": name, "group_state": group,
                      "money_return_state_name": money_state}}
    if detailed:
        view.update({
            "available_actions": [{"id": a, "name": ACTIONS[a]} for a in actions],
            "client_photo": [], "comment": record["comment"],
            "client_return_method_type": {"id": 1, "name": "Курьером продавца"},
            "return_method_description": record["return_method"],
            "return_reason": {"id": record["reason_id"], "name": record["reason"], "is_defect": record["is_defect"]},
            "rejection_reason": [{"id": rid, "name": name_, "hint": hint, "is_comment_required": need}
                                 for rid, name_, hint, need in data.RFBS_REJECTION_REASONS],
            "rejection_comment": record["rejection_comment"], "ru_post_tracking_number": "",
            "warehouse_id": record["warehouse_id"]})
    return view


def _one_or_many(call: Call, views: list[dict[str, Any]]) -> Any:
    """`returns` is an array in the documented example but an object in the schema: follow the schema."""
    if wants_array(call, "returns"):
        return views
    return views[0] if views else {}


@handles("POST", "/v2/returns/rfbs/list", exact=True)
def rfbs_list(call: Call) -> dict:
    body = call.body
    flt = obj(body.get("filter"))
    groups = {g for g in str_list(flt.get("group_state")) if g != "All"}
    created = obj(flt.get("created_at"))
    low, high = parse_timestamp(created.get("from"), "filter.created_at.from"), \
        parse_timestamp(created.get("to"), "filter.created_at.to")
    after = as_int(body.get("last_id"))
    records = [r for rid, r in sorted(store_of(call.seller).rfbs_returns.items()) if rid > after
               and (not groups or RFBS_STATES[r["state"]][0] in groups) and in_period(r["created_at"], low, high)
               and (not flt.get("posting_number") or r["posting_number"] == as_str(flt.get("posting_number")))
               and (not flt.get("offer_id") or r["offer_id"] == as_str(flt.get("offer_id")))]
    page = records[:page_size(body.get("limit"), 1000, 1000)]
    return {"returns": _one_or_many(call, [rfbs_view(r, False) for r in page])}


@handles("POST", "/v2/returns/rfbs/get")
def rfbs_get(call: Call) -> dict:
    return {"returns": rfbs_view(_rfbs(call, call.body.get("return_id")), True)}


@handles("POST", "/v2/returns/rfbs/verify", writes=True, exact=True)
def rfbs_verify(call: Call) -> dict:
    rfbs_act(call, call.body.get("return_id"), 1, method=as_str(call.body.get("return_method_description")))
    return {}


@handles("POST", "/v2/returns/rfbs/receive-return", writes=True, exact=True)
def rfbs_receive(call: Call) -> dict:
    rfbs_act(call, call.body.get("return_id"), 2)
    return {}


@handles("POST", "/v2/returns/rfbs/return-money", writes=True, exact=True)
def rfbs_return_money(call: Call) -> dict:
    rfbs_act(call, call.body.get("return_id"), 3, back_way=as_int(call.body.get("return_for_back_way")))
    return {}


@handles("POST", "/v2/returns/rfbs/compensate", writes=True, exact=True)
def rfbs_compensate(call: Call) -> dict:
    rfbs_act(call, call.body.get("return_id"), 1020, compensation=as_str(call.body.get("compensation_amount")))
    return {}


@handles("POST", "/v2/returns/rfbs/reject", writes=True, exact=True)
def rfbs_reject(call: Call) -> dict:
    record = _rfbs(call, call.body.get("return_id"))
    action = -10 if record["state"] == "RECEIVED_BY_SELLER" else -1
    rfbs_act(call, record["return_id"], action, comment=as_str(call.body.get("comment")),
             reason_id=as_int(call.body.get("rejection_reason_id")))
    return {}


@handles("POST", "/v1/returns/rfbs/action/set", writes=True, exact=True)
def rfbs_action_set(call: Call) -> dict:
    action = as_int(call.body.get("id"))
    if action not in ACTIONS:
        raise bad(f"unknown action id {action}, see available_actions in /v2/returns/rfbs/get")
    rfbs_act(call, call.body.get("return_id"), action, comment=as_str(call.body.get("comment")),
             reason_id=as_int(call.body.get("rejection_reason_id")),
             compensation=as_str(call.body.get("compensation_amount")),
             back_way=as_float(call.body.get("return_for_back_way")))
    return {}

