"""FBS/rFBS warehouse setup (`/v1/warehouse/fbs/create|update|first-mile/update`, archive, unarchive,
rFBS pause/unpause, `operation/status`, and the drop-off, time-slot and return-point lookups used
to create one, the rFBS return points among them), over the seller's warehouses of `warehouses.py`.

Every change is an *operation*: its id comes back at once and `/v1/warehouse/operation/status`
says `IN_PROGRESS` for `warehouse_operation_seconds`, then `SUCCESS`. A created warehouse is
`new` (takes no stock, has no active delivery method) until its operation succeeds, then
`created`; archived or paused warehouses are `disabled`. `/v1/warehouse/list` and the delivery
methods follow, since both are views of the same warehouses."""
from __future__ import annotations

import random
from typing import Any

from ...registry import Call, handles
from ..kit.dates import now_of
from ..kit.paging import page_size
from ..kit.timings import declare_realistic, declare_timings, timing
from ..kit.values import as_float, as_int, as_str, lst, obj
from ..orders.common import bad, missing
from ..orders.model import on_event, store_of
from .model import WEEKDAYS, warehouses_of

declare_timings(warehouse_operation_seconds=5.0)
declare_realistic(warehouse_operation_seconds=60.0)
TIMESLOTS = [(1, "09:00", "12:00"), (2, "12:00", "15:00"), (3, "15:00", "18:00")]
POINT_TYPES = ("PVZ", "PPZ", "SC")


def _seconds(world) -> float:
    return timing(world, "warehouse_operation_seconds")


def _operation(call: Call, kind: str, entity_id: int, on_done: str = "") -> dict:
    store = store_of(call.seller)
    operation_id = call.world.next_id("warehouse_operation", 7_000_000_000)
    record = {"operation_id": str(operation_id), "type": kind, "entity_id": entity_id,
              "done_at": now_of(call) + _seconds(call.world), "on_done": on_done}
    store.operations[operation_id] = record
    store.schedule(record["done_at"], "warehouse_operation", operation_id)
    return {"operation_id": record["operation_id"]}


@on_event("warehouse_operation")
def _finish(world, seller, store, operation_id: int, _: int, at: float) -> None:
    record = store.operations.get(int(operation_id))
    if record is None:
        return
    warehouse = warehouses_of(seller).get(record["entity_id"])
    if warehouse is not None and record["on_done"]:
        warehouse["status"] = record["on_done"]


def _warehouse(call: Call, *, rfbs: bool | None = None) -> dict[str, Any]:
    warehouse = warehouses_of(call.seller).get(as_int(call.body.get("warehouse_id")))
    if warehouse is None:
        raise missing("WAREHOUSE_NOT_FOUND", as_str(call.body.get("warehouse_id")))
    if rfbs is not None and bool(warehouse.get("is_rfbs")) != rfbs:
        raise bad("WAREHOUSE_TYPE_MISMATCH", str(warehouse["warehouse_id"]))
    return warehouse


def _days(values: Any) -> list[int]:
    days = [WEEKDAYS.index(d) + 1 for d in lst(values) if d in WEEKDAYS]
    return sorted(set(days)) or [1, 2, 3, 4, 5]


def _first_mile(body: dict[str, Any]) -> str:
    kind = as_str(body.get("first_mile_type")).upper()
    if kind == "DROP_OFF" and not as_int(body.get("drop_off_point_id")):
        raise bad("drop_off_point_id is required for first_mile_type DROP_OFF")
    if as_int(body.get("timeslot_id")) not in {t[0] for t in TIMESLOTS}:
        raise bad("TIMESLOT_NOT_FOUND", as_str(body.get("timeslot_id")))
    return "Pickup" if kind == "PICK_UP" else "DropOff"


@handles("POST", "/v1/warehouse/fbs/create", writes=True, exact=True)
def warehouse_create(call: Call) -> dict:
    body = call.body
    name = as_str(body.get("name")).strip()
    if not name:
        raise bad("name is empty")
    if any(w["name"] == name for w in warehouses_of(call.seller).items):
        raise bad("WAREHOUSE_NAME_ALREADY_EXISTS", name)
    first_mile = _first_mile(body)
    warehouse = warehouses_of(call.seller).add(call.world, name=name, is_kgt=bool(body.get("is_kgt")), status="new",
                                                first_mile=first_mile, working_days=_days(body.get("working_days")))
    return _operation(call, "CREATE_FBS_WAREHOUSE", warehouse["warehouse_id"], on_done="created")


@handles("POST", "/v1/warehouse/fbs/update", writes=True)
def warehouse_update(call: Call) -> dict:
    warehouse = _warehouse(call, rfbs=False)
    name = as_str(call.body.get("name")).strip()
    if name:
        warehouse["name"] = name
    if lst(call.body.get("working_days")):
        warehouse["working_days"] = _days(call.body.get("working_days"))
    return _operation(call, "UPDATE_FBS_WAREHOUSE", warehouse["warehouse_id"])


@handles("POST", "/v1/warehouse/fbs/first-mile/update", writes=True)
def warehouse_first_mile(call: Call) -> dict:
    warehouse = _warehouse(call, rfbs=False)
    warehouse["first_mile"] = _first_mile(call.body)
    return _operation(call, "SET_FIRST_MILE", warehouse["warehouse_id"])


def _switch(call: Call, status: str, kind: str, rfbs: bool | None = None) -> dict:
    warehouse = _warehouse(call, rfbs=rfbs)
    if warehouse["status"] == "new":
        raise bad("WAREHOUSE_IS_NOT_ACTIVE_YET", str(warehouse["warehouse_id"]))
    warehouse["status"] = status
    return _operation(call, kind, warehouse["warehouse_id"])


@handles("POST", "/v1/warehouse/archive", writes=True, exact=True)
def warehouse_archive(call: Call) -> dict:
    return _switch(call, "disabled", "WAREHOUSE_ENABLE_DISABLE")


@handles("POST", "/v1/warehouse/unarchive", writes=True, exact=True)
def warehouse_unarchive(call: Call) -> dict:
    return _switch(call, "created", "WAREHOUSE_ENABLE_DISABLE")


@handles("POST", "/v1/warehouse/rfbs/pause", writes=True)
def warehouse_pause(call: Call) -> dict:
    return _switch(call, "disabled", "WAREHOUSE_PAUSE_UNPAUSE", rfbs=True)


@handles("POST", "/v1/warehouse/rfbs/unpause", writes=True)
def warehouse_unpause(call: Call) -> dict:
    return _switch(call, "created", "WAREHOUSE_PAUSE_UNPAUSE", rfbs=True)


@handles("POST", "/v1/warehouse/operation/status")
def warehouse_operation_status(call: Call) -> dict:
    record = store_of(call.seller).operations.get(as_int(call.body.get("operation_id")))
    if record is None:
        raise missing("OPERATION_NOT_FOUND", as_str(call.body.get("operation_id")))
    done = now_of(call) >= record["done_at"]
    return {"status": "SUCCESS" if done else "IN_PROGRESS", "type": record["type"],
            "result": {"entity_id": record["entity_id"]} if done else None}


# --- lookups for creating a warehouse -------------------------------------------------------------------
def _points(lat: float, lon: float, types: list[str], count: int = 6) -> list[dict[str, Any]]:
    """Points near the coordinates; none near a place not on Earth (a latitude of 1e308 is a valid
    double, and no point is near it)."""
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return []
    rng = random.Random(f"{lat:.3f}:{lon:.3f}")
    out = []
    for index in range(count):
        kind = POINT_TYPES[index % len(POINT_TYPES)]
        if types and kind not in types:
            continue
        out.append({"id": 1_000_000 + int(abs(lat) * 1000) % 1000 * 100 + index, "type": kind,
                    "name": f"{kind} №{index + 1}", "address": f"ул. Складская, {rng.randint(1, 90)}",
                    "coordinates": {"latitude": round(lat + rng.uniform(-0.02, 0.02), 6),
                                    "longitude": round(lon + rng.uniform(-0.02, 0.02), 6)}})
    return out


@handles("POST", "/v1/warehouse/fbs/create/drop-off/list", "/v1/warehouse/fbs/update/drop-off/list")
def drop_off_list(call: Call) -> dict:
    coords = obj(call.body.get("coordinates"))
    types = [t for t in lst(obj(call.body.get("search")).get("types")) if t in POINT_TYPES]
    points = _points(as_float(coords.get("latitude"), 55.75), as_float(coords.get("longitude"), 37.62), types)
    closing = {"hours": 18, "minutes": 0, "seconds": 0, "nanos": 0}
    return {"points": [dict(p, id=str(p["id"]), discount_percent=0.0, last_transit_time_local=closing)
                       for p in points]}


@handles("POST", "/v1/warehouse/fbs/create/drop-off/timeslot/list", "/v1/warehouse/fbs/update/drop-off/timeslot/list",
         exact=True)
def drop_off_timeslots(call: Call) -> dict:
    return {"timeslots": [{"id": tid, "from": start, "to": end, "acceptance_start_time_local": start,
                           "acceptance_end_time_local": end} for tid, start, end in TIMESLOTS]}


@handles("POST", "/v1/warehouse/fbs/create/pick-up/timeslot/list", "/v1/warehouse/fbs/update/pick-up/timeslot/list")
def pick_up_timeslots(call: Call) -> dict:
    return {"is_pickup_supported": True,
            "timeslots": [{"id": tid, "from": start, "to": end} for tid, start, end in TIMESLOTS]}


@handles("POST", "/v1/warehouse/fbs/create/return-point/list", "/v1/warehouse/fbs/update/return-point/list", exact=True)
def return_points(call: Call) -> dict:
    coords = obj(call.body.get("coordinates"))
    types = [t for t in lst(obj(call.body.get("search")).get("types")) if t in POINT_TYPES]
    points = _points(as_float(coords.get("latitude"), 55.75), as_float(coords.get("longitude"), 37.62), types)
    after = as_int(call.body.get("last_id"))
    rest = [p for p in points if p["id"] > after]
    size = page_size(call.body.get("limit"), 50, 500)
    selected = as_int(call.body.get("selected_dropoff_point_id"))
    working = [{"day": day, "from": "09:00", "to": "21:00"} for day in WEEKDAYS]
    page = rest[:size]
    return {"points": [dict(p, utc_offset=180, working_days=working) for p in page],
            "has_next": len(rest) > size, "last_id": page[-1]["id"] if page else 0,
            "is_selected_point_available": not selected or any(p["id"] == selected for p in points)}


RFBS_RETURN_POINT_TYPES = ("PVZ", "PPZ")


@handles("POST", "/v1/warehouse/rfbs/return-point/list")
def rfbs_return_points(call: Call) -> dict:
    """Return points for an rFBS warehouse being created or updated (2026-09-23): the FBS lookup's
    points near the coordinates, pickup and reception points only; `warehouse_id` must be the seller's."""
    flt = obj(call.body.get("filters"))
    warehouse_id = as_int(flt.get("warehouse_id"))
    if warehouse_id and warehouses_of(call.seller).get(warehouse_id) is None:
        raise missing("WAREHOUSE_NOT_FOUND", str(warehouse_id))
    coords = obj(flt.get("coordinates"))
    types = [t for t in lst(flt.get("types")) if t in RFBS_RETURN_POINT_TYPES] or list(RFBS_RETURN_POINT_TYPES)
    points = _points(as_float(coords.get("latitude"), 55.75), as_float(coords.get("longitude"), 37.62), types)
    wanted = {as_int(i) for i in lst(flt.get("ids"))}
    rest = [p for p in points if p["id"] > as_int(call.body.get("last_id")) and (not wanted or p["id"] in wanted)]
    working = [{"day": day, "from": "09:00", "to": "21:00"} for day in WEEKDAYS]
    return {"points": [dict(p, utc_offset=180, working_days=working)
                       for p in rest[:page_size(call.body.get("limit"), 50, 500)]]}
