"""Returns after delivery (FBS/FBO), rFBS return requests through their whole flow, rFBS
cancellation requests, and delivery methods that agree with warehouses and postings."""
from __future__ import annotations

import base64

import pytest

from ozmock.domain.orders.entry import (
    ReturnError,
    create_return,
    create_rfbs_return,
    force_status,
    open_dispute,
    receive_return,
    request_cancellation,
)

from .support import error, get_v3, new_posting, ok, pdf_text, ship_all

pytestmark = pytest.mark.ozon_options(rate_limit_per_second=None)  # flows make many calls per frozen second


def delivered_fbs(ozon, client, **options):
    posting = new_posting(ozon, **options)
    ok(ship_all(client, posting))
    force_status(ozon.world, ozon.seller(), posting.number, "delivering")
    ozon.clock.advance(2 * 86_400 + 1)
    assert get_v3(client, posting.number)["status"] == "delivered"
    return posting


def returns_of(client, number):
    return ok(client.post("/v1/returns/list", json={"filter": {"posting_numbers": [number]}, "limit": 500}))["returns"]


def test_fbs_return_after_delivery(ozon, client):
    posting = delivered_fbs(ozon, client)
    undelivered = new_posting(ozon)
    with pytest.raises(ReturnError):
        create_return(ozon.world, ozon.seller(), undelivered.number)
    record = create_return(ozon.world, ozon.seller(), posting.number)
    [view] = returns_of(client, posting.number)
    assert view["id"] == record["id"] and view["type"] == "ClientReturn" and view["schema"] == "FBS"
    assert view["visual"]["status"]["sys_name"] == "MovingToSeller"
    assert view["product"]["sku"] == posting.lines[0]["sku"]
    legacy = ok(client.post("/v3/returns/company/fbs", json={"filter": {"posting_number": [posting.number]},
                                                            "limit": 100, "last_id": 0}))
    assert len(legacy["returns"]) == 1 and legacy["returns"][0]["status"] == "moving"
    assert legacy["returns"][0]["id"] == record["id"] and legacy["last_id"] == 0
    assert client.post("/v2/returns/company/fbs", json={}).json()["code"] == 9   # known by path only

    ozon.clock.advance(2 * 86_400)
    [view] = returns_of(client, posting.number)
    assert view["visual"]["status"]["sys_name"] == "ArrivedAtReturnPlace"
    points = ok(client.post("/v1/returns/company/fbs/info", json={"pagination": {"limit": 500}}))["drop_off_points"]
    assert points[0]["returns_count"] >= 1
    receive_return(ozon.world, ozon.seller(), record["id"])
    [view] = returns_of(client, posting.number)
    assert view["visual"]["status"]["sys_name"] == "ReceivedBySeller" and view["logistic"]["final_moment"]
    by_status = ok(client.post("/v1/returns/list", json={"filter": {"visual_status_name": "ReceivedBySeller"},
                                                         "limit": 500}))["returns"]
    assert [r["id"] for r in by_status] == [record["id"]]
    with pytest.raises(ReturnError):
        create_return(ozon.world, ozon.seller(), posting.number)    # every unit already returned


def test_uncollected_fbs_return_is_utilized(ozon, client):
    posting = delivered_fbs(ozon, client)
    create_return(ozon.world, ozon.seller(), posting.number)
    ozon.clock.advance(2 * 86_400 + 30 * 86_400 + 86_400 + 10)
    assert returns_of(client, posting.number)[0]["visual"]["status"]["sys_name"] == "Utilized"


def test_fbo_return_goes_to_an_ozon_warehouse(ozon, client):
    posting = new_posting(ozon, scheme="fbo")
    ozon.clock.advance(3 * 86_400)
    create_return(ozon.world, ozon.seller(), posting.number)
    ozon.clock.advance(2 * 86_400)
    fbo = ok(client.post("/v3/returns/company/fbo", json={"filter": {"posting_number": posting.number},
                                                         "limit": 100}))
    assert len(fbo["returns"]) == 1 and fbo["returns"][0]["status_name"] == "На складе Ozon"
    assert returns_of(client, posting.number)[0]["visual"]["status"]["sys_name"] == "ReturnedToOzon"


def rfbs_delivered(ozon, client):
    posting = new_posting(ozon, scheme="rfbs")
    ok(ship_all(client, posting))
    for path in ("/v2/fbs/posting/delivering", "/v2/fbs/posting/delivered"):
        ok(client.post(path, json={"posting_number": [posting.number]}))
    return posting


def rfbs_get(client, return_id):
    return ok(client.post("/v2/returns/rfbs/get", json={"return_id": return_id}))["returns"]


def test_rfbs_return_request_whole_flow(ozon, client):
    posting = rfbs_delivered(ozon, client)
    record = create_rfbs_return(ozon.world, ozon.seller(), posting.number)
    return_id = record["return_id"]
    listed = ok(client.post("/v2/returns/rfbs/list", json={
        "filter": {"group_state": ["New"], "posting_number": posting.number}, "limit": 100}))["returns"]
    # the schema makes `returns` one object (the documented example shows a list): both are accepted here
    listed = listed if isinstance(listed, list) else [listed]
    assert [r["return_id"] for r in listed] == [return_id]
    assert listed[0]["state"]["group_state"] == "New"
    view = rfbs_get(client, return_id)
    assert view["state"]["state"] == "ON_APPROVAL"
    assert {a["id"] for a in view["available_actions"]} == {1, 3, 1020, -1}
    assert error(client.post("/v2/returns/rfbs/receive-return", json={"return_id": return_id}))["message"] == \
        "ACTION_NOT_AVAILABLE"
    ok(client.post("/v2/returns/rfbs/verify", json={"return_id": return_id,
                                                   "return_method_description": "Курьер заберёт"}))
    assert rfbs_get(client, return_id)["state"]["state"] == "RETURN_IN_TRANSIT"
    ok(client.post("/v2/returns/rfbs/receive-return", json={"return_id": return_id}))
    view = rfbs_get(client, return_id)
    assert view["state"]["state"] == "RECEIVED_BY_SELLER"
    assert {a["id"] for a in view["available_actions"]} == {3, -10}
    ok(client.post("/v2/returns/rfbs/return-money", json={"return_id": return_id, "return_for_back_way": 300}))
    assert rfbs_get(client, return_id)["state"]["state"] == "MONEY_RETURNED"
    assert rfbs_get(client, return_id)["available_actions"] == []


def test_rfbs_return_reject_compensate_and_action_set(ozon, client):
    first, second, third = rfbs_delivered(ozon, client), rfbs_delivered(ozon, client), rfbs_delivered(ozon, client)
    one = create_rfbs_return(ozon.world, ozon.seller(), first.number)["return_id"]
    body = error(client.post("/v2/returns/rfbs/reject", json={"return_id": one, "rejection_reason_id": 1}))
    assert body["message"] == "comment is required for this rejection reason"
    assert rfbs_get(client, one)["state"]["state"] == "ON_APPROVAL"
    ok(client.post("/v2/returns/rfbs/reject", json={"return_id": one, "rejection_reason_id": 2}))
    assert rfbs_get(client, one)["state"]["state"] == "REJECTED"
    open_dispute(ozon.world, ozon.seller(), one)
    assert rfbs_get(client, one)["state"]["state"] == "ARBITRATION"

    two = create_rfbs_return(ozon.world, ozon.seller(), second.number)["return_id"]
    error(client.post("/v2/returns/rfbs/compensate", json={"return_id": two, "compensation_amount": "999999"}))
    ok(client.post("/v2/returns/rfbs/compensate", json={"return_id": two, "compensation_amount": "100"}))
    assert rfbs_get(client, two)["state"]["state"] == "PARTIAL_COMPENSATION"

    three = create_rfbs_return(ozon.world, ozon.seller(), third.number)["return_id"]
    ok(client.post("/v1/returns/rfbs/action/set", json={"return_id": three, "id": 1}))
    ok(client.post("/v1/returns/rfbs/action/set", json={"return_id": three, "id": 2}))
    ok(client.post("/v1/returns/rfbs/action/set", json={"return_id": three, "id": -10, "rejection_reason_id": 3,
                                                        "comment": "царапины"}))
    view = rfbs_get(client, three)
    assert view["state"]["state"] == "REJECTED" and view["rejection_comment"] == "царапины"


def cancellations(client, **filters):
    return ok(client.post("/v2/conditional-cancellation/list", json={"filters": filters, "limit": 100,
                                                                     "with": {"counter": True}}))


def test_rfbs_cancellation_requests(ozon, client):
    packed = new_posting(ozon, scheme="rfbs")
    ok(ship_all(client, packed))
    record = request_cancellation(ozon.world, ozon.seller(), packed.number)
    listed = cancellations(client, posting_number=[packed.number])
    assert listed["result"][0]["state"]["state"] == "ON_APPROVAL" and listed["counter"] == 1
    v1 = ok(client.post("/v1/conditional-cancellation/get", json={"cancellation_id": record["cancellation_id"]}))
    assert v1["result"]["posting_number"] == packed.number
    ok(client.post("/v2/conditional-cancellation/approve", json={"cancellation_id": record["cancellation_id"],
                                                                "comment": "ок"}))
    detail = get_v3(client, packed.number)
    assert detail["status"] == "cancelled" and detail["cancellation"]["cancellation_type"] == "client"
    assert error(client.post("/v2/conditional-cancellation/reject",
                             json={"cancellation_id": record["cancellation_id"]}))["message"].endswith(
        "not ON_APPROVAL")

    kept = new_posting(ozon, scheme="rfbs")
    ok(ship_all(client, kept))
    rejected = request_cancellation(ozon.world, ozon.seller(), kept.number)
    ok(client.post("/v1/conditional-cancellation/reject", json={"cancellation_id": rejected["cancellation_id"],
                                                               "comment": "уже у курьера"}))
    assert get_v3(client, kept.number)["status"] == "awaiting_deliver"
    counters = ok(client.post("/v1/conditional-cancellation/list", json={"limit": 100, "with": {"counters": True}}))
    assert counters["counters"]["rejected"] >= 1 and counters["counters"]["approved"] >= 1

    late = new_posting(ozon, scheme="rfbs")
    ok(ship_all(client, late))
    request_cancellation(ozon.world, ozon.seller(), late.number)
    ozon.clock.advance(2 * 86_400 + 1)
    assert get_v3(client, late.number)["status"] == "cancelled"

    unpacked = new_posting(ozon, scheme="rfbs")
    assert request_cancellation(ozon.world, ozon.seller(), unpacked.number) is None
    assert get_v3(client, unpacked.number)["cancellation"]["cancellation_initiator"] == "Покупатель"


def test_delivery_methods_match_warehouses_and_postings(ozon, client):
    warehouses = ok(client.post("/v1/warehouse/list", json={"limit": 50}))["result"]
    methods = ok(client.post("/v1/delivery-method/list", json={"limit": 50}))["result"]
    assert {m["warehouse_id"] for m in methods} == {w["warehouse_id"] for w in warehouses}
    fbs, rfbs = new_posting(ozon), new_posting(ozon, scheme="rfbs")
    for posting in (fbs, rfbs):
        method = next(m for m in methods if m["warehouse_id"] == posting.warehouse_id)
        assert get_v3(client, posting.number)["delivery_method"]["id"] == method["id"]
    rfbs_only = ok(client.post("/v2/delivery-method/list", json={"limit": 100}))["delivery_methods"]
    assert [m["warehouse_id"] for m in rfbs_only] == [rfbs.warehouse_id]
    assert rfbs_only[0]["tpl_integration_type"] == "non_integrated"
    filtered = ok(client.post("/v1/delivery-method/list", json={"limit": 50,
                                                               "filter": {"warehouse_id": fbs.warehouse_id}}))
    assert [m["id"] for m in filtered["result"]] == [fbs.delivery_method_id]


def test_returns_giveout_by_barcode(ozon, client):
    from ozmock.domain.orders.entry import scan_giveout
    first, second = delivered_fbs(ozon, client), delivered_fbs(ozon, client)
    for posting in (first, second):
        create_return(ozon.world, ozon.seller(), posting.number)
    assert ok(client.post("/v1/return/giveout/is-enabled", json={}))["enabled"]
    barcode = ok(client.post("/v1/return/giveout/barcode", json={}))["barcode"]
    ozon.clock.advance(2 * 86_400 + 1)
    opened = scan_giveout(ozon.world, ozon.seller(), barcode)
    listed = ok(client.post("/v1/return/giveout/list", json={"limit": 10}))["giveouts"]
    assert listed[-1]["giveout_id"] == opened["giveout_id"] and listed[-1]["total_articles_count"] >= 2
    assert listed[-1]["approved_articles_count"] == 0
    scan_giveout(ozon.world, ozon.seller(), barcode)
    info = ok(client.post("/v1/return/giveout/info", json={"giveout_id": opened["giveout_id"]}))
    assert info["giveout_status"] == "COMPLETED" and all(a["approved"] for a in info["articles"])
    assert returns_of(client, first.number)[0]["visual"]["status"]["sys_name"] == "ReceivedBySeller"
    as_pdf = ok(client.post("/v1/return/giveout/get-pdf", json={}))      # JSON, as the schema declares
    assert as_pdf["content_type"] == "application/pdf" and as_pdf["file_name"].endswith(".pdf")
    text, _ = pdf_text(as_pdf)
    assert barcode in text
    current = ok(client.post("/v1/return/giveout/get-png", json={}))
    png = ok(client.post("/v1/return/giveout/barcode-reset", json={}))
    assert png["content_type"] == "image/png" and base64.b64decode(png["file_content"]).startswith(b"\x89PNG")
    assert png["file_content"] != current["file_content"]          # a new barcode
    assert ok(client.post("/v1/return/giveout/barcode", json={}))["barcode"] != barcode
    with pytest.raises(ReturnError):
        scan_giveout(ozon.world, ozon.seller(), barcode)


def test_warehouse_setup_is_consistent_with_lists_methods_and_orders(ozon, client):
    from ozmock.domain.orders.entry import OrderError, create_orders
    from ozmock.domain.products.model import products_of
    points = ok(client.post("/v1/warehouse/fbs/create/drop-off/list", json={
        "coordinates": {"latitude": 55.75, "longitude": 37.62}, "country_code": "RU", "is_kgt": False}))["points"]
    slots = ok(client.post("/v1/warehouse/fbs/create/drop-off/timeslot/list",
                           json={"drop_off_point_id": points[0]["id"]}))["timeslots"]
    created = ok(client.post("/v1/warehouse/fbs/create", json={
        "name": "Склад Тверь", "phone": "+79990001122", "is_kgt": False, "first_mile_type": "DROP_OFF",
        "drop_off_point_id": points[0]["id"], "timeslot_id": slots[0]["id"], "cut_in_time": 60,
        "address_coordinates": {"latitude": 56.85, "longitude": 35.9}, "working_days": ["MONDAY", "FRIDAY"]}))
    status = ok(client.post("/v1/warehouse/operation/status", json={"operation_id": created["operation_id"]}))
    assert status["status"] == "IN_PROGRESS" and status["type"] == "CREATE_FBS_WAREHOUSE"
    warehouse = next(w for w in ok(client.post("/v1/warehouse/list", json={"limit": 50}))["result"]
                     if w["name"] == "Склад Тверь")
    assert warehouse["status"] == "new"
    methods = ok(client.post("/v1/delivery-method/list", json={"limit": 50}))["result"]
    assert next(m for m in methods if m["warehouse_id"] == warehouse["warehouse_id"])["status"] == "DISABLED"
    ozon.clock.advance(5)
    status = ok(client.post("/v1/warehouse/operation/status", json={"operation_id": created["operation_id"]}))
    assert status["status"] == "SUCCESS" and status["result"]["entity_id"] == warehouse["warehouse_id"]
    methods = ok(client.post("/v1/delivery-method/list", json={"limit": 50}))["result"]
    method = next(m for m in methods if m["warehouse_id"] == warehouse["warehouse_id"])
    assert method["status"] == "ACTIVE"

    store = products_of(ozon.seller())
    product = store.by_offer_id("OZM-836-0001")
    store.set_stock(product, warehouse["warehouse_id"], 5)
    posting = create_orders(ozon.world, ozon.seller(), 1, warehouse_id=warehouse["warehouse_id"],
                            items=[{"offer_id": "OZM-836-0001", "quantity": 1}])[0]
    assert get_v3(client, posting.number)["delivery_method"]["id"] == method["id"]

    ok(client.post("/v1/warehouse/archive", json={"warehouse_id": warehouse["warehouse_id"], "reason": "закрыт"}))
    with pytest.raises(OrderError):
        create_orders(ozon.world, ozon.seller(), 1, warehouse_id=warehouse["warehouse_id"])
    ok(client.post("/v1/warehouse/unarchive", json={"warehouse_id": warehouse["warehouse_id"]}))
    assert error(client.post("/v1/warehouse/rfbs/pause", json={"warehouse_id": warehouse["warehouse_id"]})
                 )["message"] == "WAREHOUSE_TYPE_MISMATCH"


def test_rfbs_return_points_are_the_warehouse_lookups_points(client):
    """The rFBS return-point list (2026-09) offers the points the FBS setup lookup offers there."""
    where = {"latitude": 56.85, "longitude": 35.9}
    fbs = ok(client.post("/v1/warehouse/fbs/create/return-point/list", json={"coordinates": where, "country_code": "RU",
                                                                            "limit": 50}))
    rfbs = ok(client.post("/v1/warehouse/rfbs/return-point/list", json={
        "filters": {"coordinates": where, "country_code": "RU"}, "limit": 50}))["points"]
    assert rfbs and {p["type"] for p in rfbs} <= {"PVZ", "PPZ"}
    assert [p["id"] for p in rfbs] == [p["id"] for p in fbs["points"] if p["type"] in ("PVZ", "PPZ")]
    only = ok(client.post("/v1/warehouse/rfbs/return-point/list", json={
        "filters": {"coordinates": where, "country_code": "RU", "types": ["PPZ"], "ids": [str(rfbs[1]["id"])]},
        "limit": 50}))["points"]
    assert [p["id"] for p in only] == ([rfbs[1]["id"]] if rfbs[1]["type"] == "PPZ" else [])
    warehouse = ok(client.post("/v1/warehouse/list", json={"limit": 1}))["result"][0]["warehouse_id"]
    assert ok(client.post("/v1/warehouse/rfbs/return-point/list", json={
        "filters": {"coordinates": where, "country_code": "RU", "warehouse_id": warehouse}, "limit": 2}))["points"] \
        == rfbs[:2]
    unknown = client.post("/v1/warehouse/rfbs/return-point/list", json={
        "filters": {"coordinates": where, "country_code": "RU", "warehouse_id": 1}, "limit": 2})
    assert unknown.status_code == 404


@pytest.mark.parametrize("where", [{"latitude": 91, "longitude": 37.62}, {"latitude": 55.75, "longitude": "-1000"}])
def test_point_lookups_off_the_earth_find_nothing(client, where):
    """Coordinates no place has find no point."""
    assert ok(client.post("/v1/warehouse/rfbs/return-point/list", json={
        "filters": {"coordinates": where, "country_code": "RU"}, "limit": 50})) == {"points": []}
    assert ok(client.post("/v1/warehouse/fbs/create/drop-off/list", json={
        "coordinates": where, "country_code": "RU", "is_kgt": False}))["points"] == []
    assert ok(client.post("/v1/warehouse/fbs/create/return-point/list", json={
        "coordinates": where, "country_code": "RU", "limit": 50}))["points"] == []


def test_rfbs_return_points_at_the_largest_double_never_fail(client):
    """A latitude of 1.8e308 was an OverflowError, a 500 Schemathesis found. Where the filter is read
    through its `allOf` wrapper the number is refused as beyond its format; where not, no point is near."""
    where = {"latitude": 1.7976931348623157e308, "longitude": "29612771"}
    answer = client.post("/v1/warehouse/rfbs/return-point/list", json={
        "filters": {"coordinates": where, "country_code": "RU"}, "limit": "-98068"})
    if answer.status_code == 400:
        assert answer.json()["message"].startswith("filters.coordinates.latitude: invalid value")
    else:
        assert ok(answer) == {"points": []}
