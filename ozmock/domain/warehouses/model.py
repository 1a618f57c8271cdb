"""A seller's own FBS/rFBS warehouses: where stock lives. Seeded from the scenario
(`warehouses: [{name, is_rfbs, status, ...}]` or `{count: N}`) and listed by `/v1/warehouse/list`
and `/v2/warehouse/list`."""
from __future__ import annotations

from typing import Any

from ...clock import iso
from ...registry import Call, handles, register_area, seeds
from ..kit.paging import offset_of, page_size
from ..kit.values import as_int, int_list

ACTIVE = "created"
WEEKDAYS = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"]


class Warehouses:
    """One seller's warehouses, in creation order (the order both lists show)."""

    def __init__(self, items: list[dict[str, Any]] | None = None):
        self.items: list[dict[str, Any]] = items or []

    def get(self, warehouse_id: int) -> dict[str, Any] | None:
        return next((w for w in self.items if w["warehouse_id"] == warehouse_id), None)

    def active(self, warehouse_id: int) -> dict[str, Any] | None:
        """A warehouse that takes stock: the seller's own and in status `created`."""
        found = self.get(warehouse_id)
        return found if found is not None and found["status"] == ACTIVE else None

    def add(self, world, *, name: str, is_rfbs: bool = False, status: str = ACTIVE, is_kgt: bool = False,
            first_mile: str = "DropOff", working_days: list[int] | None = None) -> dict[str, Any]:
        warehouse_id = world.next_id("warehouse", 1020003080072) * 1000
        warehouse = {"warehouse_id": warehouse_id, "name": name, "is_rfbs": is_rfbs, "status": status,
                     "is_kgt": is_kgt, "first_mile": first_mile,
                     "working_days": working_days or [1, 2, 3, 4, 5],
                     "created_at": iso(world.clock.now())}
        self.items.append(warehouse)
        return warehouse

    def to_json(self) -> list[dict[str, Any]]:
        return [dict(w) for w in self.items]

    @classmethod
    def from_json(cls, data: Any) -> "Warehouses":
        return cls([dict(w) for w in (data or [])])


register_area("warehouses", lambda seller, world: Warehouses(), Warehouses.to_json, Warehouses.from_json)


def warehouses_of(seller) -> Warehouses:
    return seller.area("warehouses")


@seeds("warehouses")
def seed_warehouses(world, seller, spec: Any) -> None:
    store = warehouses_of(seller)
    if isinstance(spec, dict):
        specs = [{"name": f"Склад {i + 1}"} for i in range(int(spec.get("count", 1)))]
    else:
        specs = list(spec or [])
    for entry in specs:
        entry = {"name": entry} if isinstance(entry, str) else dict(entry)
        store.add(world, name=str(entry.get("name", "Склад")), is_rfbs=bool(entry.get("is_rfbs", False)),
                  status=str(entry.get("status", ACTIVE)), is_kgt=bool(entry.get("is_kgt", False)),
                  first_mile=str(entry.get("first_mile", "DropOff")),
                  working_days=[int(d) for d in entry.get("working_days", [1, 2, 3, 4, 5])])


def v1_view(w: dict[str, Any]) -> dict[str, Any]:
    return {
        "warehouse_id": w["warehouse_id"], "name": w["name"], "is_rfbs": w["is_rfbs"], "status": w["status"],
        "is_kgt": w["is_kgt"], "is_able_to_set_price": False, "has_entrusted_acceptance": False,
        "first_mile_type": {"dropoff_point_id": "", "dropoff_timeslot_id": 0, "first_mile_is_changing": False,
                            "first_mile_type": "Pickup" if w["first_mile"] == "Pickup" else "DropOff"},
        "is_karantin": False, "can_print_act_in_advance": False, "has_postings_limit": False,
        "postings_limit": -1, "min_postings_limit": 0, "working_days": [str(d) for d in w["working_days"]],
        "min_working_days": 5, "is_presorted": False, "is_economy": False, "is_timetable_editable": True,
    }


def v2_view(w: dict[str, Any]) -> dict[str, Any]:
    return {
        "warehouse_id": w["warehouse_id"], "name": w["name"], "status": w["status"], "is_rfbs": w["is_rfbs"],
        "is_kgt": w["is_kgt"], "is_express": False, "is_comfort": False, "is_auto_assembly": False,
        "is_waybill_enabled": False, "with_item_list": False, "has_entrusted_acceptance": False,
        "has_postings_limit": False, "postings_limit": -1, "min_postings_limit": 0,
        "warehouse_type": "RFBS" if w["is_rfbs"] else "FBS", "carriage_label_type": "UNSPECIFIED",
        "first_mile": {"type": "PICK_UP" if w["first_mile"] == "Pickup" else "DROP_OFF", "dropoff_point_id": "",
                       "timeslot_id": 0, "timeslot_from": "", "timeslot_to": "", "first_mile_is_changing": False},
        "working_days": [WEEKDAYS[d - 1] for d in w["working_days"] if 1 <= d <= 7],
        "created_at": w["created_at"], "updated_at": w["created_at"],
        "courier_phones": [], "courier_comment": "", "phone": "",
    }


@handles("POST", "/v1/warehouse/list", exact=True)
def warehouse_list_v1(call: Call) -> dict:
    body = call.body
    size = as_int(body.get("limit"), 50) or 50
    offset = offset_of(body.get("offset"))
    items = warehouses_of(call.seller).items[offset:offset + size]
    return {"result": [v1_view(w) for w in items]}


@handles("POST", "/v2/warehouse/list")
def warehouse_list_v2(call: Call) -> dict:
    body = call.body
    size = page_size(body.get("limit"), 50, 200)
    wanted = set(int_list(body.get("warehouse_ids")))
    items = [w for w in warehouses_of(call.seller).items if not wanted or w["warehouse_id"] in wanted]
    cursor = str(body.get("cursor") or "")
    start = as_int(cursor, -1) if cursor else 0
    if start < 0:
        start = len(items)
    page = items[start:start + size]
    more = start + size < len(items)
    return {"warehouses": [v2_view(w) for w in page], "has_next": more,
            "cursor": str(start + size) if more else ""}
