"""What changes the seller's Ozon promotions without a request: the scenario that seeds them
(`promotions:`) and the clock that moves them on (auto-add dates passing, discount requests
expiring), applied by the pipeline's settle stage before every call of the seller."""
from __future__ import annotations

import random
from typing import Any

from ...registry import seeds, settles
from ..products.model import products_of
from .actions import add_action, is_candidate, join_auto_added, max_action_price, new_action
from .discount_tasks import expire_tasks, seed_tasks

DAY = 86_400.0
DEFAULT_ACTIONS = (
    {"title": "Распродажа недели", "action_type": "DISCOUNT", "discount_value": 10, "starts_in_days": -2,
     "days": 14, "auto_add_in_days": [3], "participants": 2},
    {"title": "Скидка на сток", "action_type": "STOCK_DISCOUNT", "discount_value": 20, "starts_in_days": -1,
     "days": 10, "min_stock": 2},
    {"title": "Чёрная пятница", "action_type": "DISCOUNT", "discount_value": 15, "starts_in_days": -5,
     "days": 20, "freeze_in_days": -1, "participants": 1},
    {"title": "Весенние скидки", "action_type": "DISCOUNT", "discount_value": 12, "starts_in_days": 10,
     "days": 14, "auto_add_in_days": [5, 9]},
)


@settles(order=25)
def settle_promotions(world, seller, now: float) -> None:
    """Listed products join their actions once an auto-add date has passed, and undecided discount
    requests expire. Independent of postings and chats; before push (30), which may report them."""
    state = seller.areas.get("promos")
    if state is None:          # nothing seeded or asked for yet: nothing to move on
        return
    for action in state["actions"].values():
        if action["auto_add"]:
            join_auto_added(action, now)
    expire_tasks(state, now)


def _seed_action(world, seller, entry: dict[str, Any], now: float) -> None:
    """One scenario action, with its first `participants` candidates joined at the maximum price."""
    start = now + float(entry.get("starts_in_days", -1)) * DAY
    freeze = entry.get("freeze_in_days")
    action = add_action(seller, new_action(
        world, title=str(entry.get("title", "Акция")), action_type=str(entry.get("action_type", "DISCOUNT")),
        discount_value=float(entry.get("discount_value", 10)), date_start=start,
        date_end=start + float(entry.get("days", 14)) * DAY,
        freeze_date=now + float(freeze) * DAY if freeze is not None else None,
        auto_add_dates=[now + float(d) * DAY for d in entry.get("auto_add_in_days", [])],
        description=str(entry.get("description", "")), min_stock=int(entry.get("min_stock", 0))))
    joined = 0
    for product in products_of(seller).iter_from(0):
        if joined >= int(entry.get("participants", 0)):
            break
        if is_candidate(action, product, now):
            action["products"][str(product.product_id)] = {
                "action_price": str(max_action_price(action, product)), "stock": 0, "add_mode": "MANUAL",
                "added_at": start}
            joined += 1


@seeds("promotions")
def seed_promotions(world, seller, spec: Any) -> None:
    """`promotions: {actions: 4, discount_tasks: 5}`; `actions` may also be a list of
    `{title, action_type, discount_value, starts_in_days, days, freeze_in_days, auto_add_in_days,
    min_stock, participants}` (days relative to the scenario clock). List `products:` first."""
    spec = spec if isinstance(spec, dict) else {"actions": int(spec or 0)}
    rng = random.Random(f"{world.seed}:{seller.client_id}:promotions")
    now = world.clock.now().timestamp()
    actions = spec.get("actions", len(DEFAULT_ACTIONS))
    if isinstance(actions, int):
        actions = [DEFAULT_ACTIONS[i % len(DEFAULT_ACTIONS)] for i in range(actions)]
    for entry in actions:
        _seed_action(world, seller, entry, now)
    seed_tasks(world, seller, int(spec.get("discount_tasks", 0)), rng)
