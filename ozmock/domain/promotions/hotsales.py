"""Hot Sale (`/v1/actions/hotsales/*`, 2022-10 .. 2025-03): the 2022 API over the same actions as
`/v1/actions`, each action a hot sale with its id; joining and leaving follow the action rules
(`actions.py`), so a product a client adds here is a participant in `/v1/actions/products` too."""
from __future__ import annotations

from ...registry import Call, handles
from ..kit.dates import now_of, stamp
from ..kit.paging import offset_of, page_size
from .actions import (
    all_actions,
    candidates,
    find_action,
    join_products,
    leave_products,
    open_action,
    participants,
    product_row,
)


@handles("POST", "/v1/actions/hotsales/list")
def hotsales_list(call: Call) -> dict:
    now = now_of(call)
    return {"result": [
        {"hotsale_id": a["id"], "title": a["title"], "description": a["description"],
         "date_start": stamp(a["date_start"]), "date_end": stamp(a["date_end"]),
         "freeze_date": stamp(a["freeze_date"]) if a["freeze_date"] is not None else "",
         "is_participating": bool(a["products"])}
        for a in all_actions(call.seller) if a["date_end"] > now]}


@handles("POST", "/v1/actions/hotsales/products")
def hotsales_products(call: Call) -> dict:
    """Participants first (`is_active`), then the candidates, paged by offset."""
    action = find_action(call, call.body.get("hotsale_id"))
    now = now_of(call)
    rows = [(p, e) for p, e in participants(call.seller, action)]
    rows += [(p, None) for p in candidates(call.seller, action, now)] if action["date_end"] > now else []
    start, size = offset_of(call.body.get("offset")), page_size(call.body.get("limit"), 100, 1000)
    products = []
    for product, entry in rows[start:start + size]:
        row = product_row(action, product, entry)
        products.append({"id": row["id"], "action_price": row["action_price"], "max_action_price":
                         row["max_action_price"], "min_stock": row["min_stock"], "stock": row["stock"],
                         "is_active": entry is not None, "date_day_promo": stamp(action["date_start"])})
    return {"result": {"products": products, "total": len(rows)}}


@handles("POST", "/v1/actions/hotsales/activate", writes=True)
def hotsales_activate(call: Call) -> dict:
    action = open_action(call, call.body.get("hotsale_id"))
    items = [(item.get("product_id"), item.get("action_price"), item.get("stock"))
             for item in call.body.get("products") or []]
    _, rejected = join_products(call, action, items)
    return {"result": {"rejected": rejected}}


@handles("POST", "/v1/actions/hotsales/deactivate", writes=True)
def hotsales_deactivate(call: Call) -> dict:
    action = open_action(call, call.body.get("hotsale_id"))
    _, rejected = leave_products(call, action, call.body.get("product_ids") or [])
    return {"result": {"rejected": rejected}}
