"""Analytics as views of the world: `/v1/analytics/data` from postings and products, FBO stock
(`/v2/analytics/stock_on_warehouses`, `/v1/analytics/stocks`, `manage/stocks`), turnover (
`turnover/stocks`), FBO stock by warehouse (`/v1/product/info/stocks-by-warehouse/fbo`).

Order metrics come from the postings: `ordered_units` / `revenue` by the day a posting was taken
into processing, `delivered_units` by delivery day, `cancellations` by cancellation day, `returns`
by return day. Traffic cannot be observed in a fake, so ozmock derives it per SKU and day, stable
for a scenario and always consistent with the orders (more views than add-to-carts, more
add-to-carts than ordered units; conversions are their ratios).

FBO stock is the products' Ozon-warehouse stock (`fbo_present`), placed on one Ozon warehouse per
product; units in FBO postings not yet handed over are reserved.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

from ...errors import OzonError
from ...registry import Call, Window, handles
from ..catalogue.model import BRAND_ATTRIBUTE, MODEL_ATTRIBUTE, catalogue
from ..kit.dates import now_of, parse_datetime, parse_day
from ..kit.ids import unit
from ..kit.money import dec, money_number
from ..kit.paging import clamped_size, offset_of
from ..kit.timings import declare_limits
from ..kit.values import as_int, as_str, int_list, obj, str_list
from ..kit.windows import PER_MINUTE_MESSAGE
from ..orders.data import OZON_WAREHOUSES
from ..orders.model import store_of
from ..products.model import Product, products_of
from ..products.views import category_name

DAY = 86_400.0
ORDER_METRICS = ("revenue", "ordered_units", "delivered_units", "cancellations", "returns")
TRAFFIC_METRICS = ("hits_view_search", "hits_view_pdp", "hits_view", "hits_tocart_search", "hits_tocart_pdp",
                   "hits_tocart", "session_view_search", "session_view_pdp", "session_view", "conv_tocart_search",
                   "conv_tocart_pdp", "conv_tocart", "position_category")
RATIOS = {"conv_tocart_search": ("hits_tocart_search", "hits_view_search"),
          "conv_tocart_pdp": ("hits_tocart_pdp", "hits_view_pdp"), "conv_tocart": ("hits_tocart", "hits_view")}
METRICS = ORDER_METRICS + TRAFFIC_METRICS + ("unknown_metric",)
DIMENSIONS = ("unknownDimension", "sku", "spu", "day", "week", "month", "year", "category1", "category2", "brand",
              "modelID", "descriptionType")
declare_limits(analytics_data_per_minute=1)
ANALYTICS_REQUESTS = Window("analytics_data", "analytics_data_per_minute", 60.0, PER_MINUTE_MESSAGE)


def _day(at: float) -> date:
    return datetime.fromtimestamp(at, tz=timezone.utc).date()


# --- facts per SKU and day --------------------------------------------------------------------------
def order_facts(call: Call, start: date, end: date) -> dict[tuple[int, date], dict[str, float]]:
    facts: dict[tuple[int, date], dict[str, float]] = {}

    def add(sku: int, at: float | None, metric: str, value: float) -> None:
        if at is None:
            return
        day = _day(at)
        if start <= day <= end:
            row = facts.setdefault((sku, day), dict.fromkeys(ORDER_METRICS, 0.0))
            row[metric] += value

    store = store_of(call.seller)
    for posting in store.postings.values():
        if posting.parent:          # a split-off part: its order was counted on the original posting
            continue
        for line in posting.lines:
            quantity = int(line["quantity"])
            add(line["sku"], posting.in_process_at, "ordered_units", quantity)
            add(line["sku"], posting.in_process_at, "revenue", float(dec(line["price"]) * quantity))
            add(line["sku"], posting.delivered_at, "delivered_units", quantity)
            if posting.status == "cancelled":
                add(line["sku"], posting.cancelled_at, "cancellations", quantity)
    for record in (getattr(store, "returns", {}) or {}).values() if store is not None else []:
        if isinstance(record, dict):
            at = next((record[k] for k in ("returned_at", "created_at") if isinstance(record.get(k), (int, float))),
                      None)
            sku = record.get("sku") or (record.get("product") or {}).get("sku")
            if sku:
                add(int(sku), at, "returns", int(record.get("quantity") or 1))
    return facts


def traffic(sku: int, day: date, ordered: float) -> dict[str, float]:
    """Derived traffic of one SKU on one day, consistent with its ordered units."""
    base = int(unit("views", sku, day) * 60) + 5
    tocart_pdp = int(ordered + unit("cart", sku, day) * 4)
    tocart_search = int(unit("cart-search", sku, day) * 3)
    view_pdp = max(base, tocart_pdp * 4)
    view_search = max(int(base * (1.5 + unit("search", sku, day))), tocart_search * 5)
    row = {"hits_view_pdp": view_pdp, "hits_view_search": view_search, "hits_view": view_pdp + view_search,
           "hits_tocart_pdp": tocart_pdp, "hits_tocart_search": tocart_search,
           "hits_tocart": tocart_pdp + tocart_search, "session_view_pdp": int(view_pdp * 0.8),
           "session_view_search": int(view_search * 0.7),
           "position_category": round(1 + unit("position", sku, day) * 120, 1)}
    row["session_view"] = row["session_view_pdp"] + row["session_view_search"]
    return row


def _dimension(name: str, product: Product | None, sku: int, day: date) -> dict[str, str]:
    if name == "sku":
        return {"id": str(sku), "name": product.name if product else ""}
    if name == "spu":
        return {"id": str(product.product_id if product else sku), "name": product.name if product else ""}
    if name == "day":
        return {"id": day.isoformat(), "name": ""}
    if name == "week":
        monday = day - timedelta(days=day.weekday())
        return {"id": monday.isoformat(), "name": ""}
    if name == "month":
        return {"id": day.strftime("%Y-%m"), "name": ""}
    if name == "year":
        return {"id": str(day.year), "name": ""}
    if product is None:
        return {"id": "0", "name": ""}
    cat = catalogue()
    if name in ("category1", "category2"):
        category = cat.category(product.description_category_id)
        if name == "category1" and category is not None and category.parent_id:
            category = cat.category(category.parent_id)
        return {"id": str(category.id if category else 0), "name": category.ru if category else ""}
    if name == "brand":
        return {"id": str(next((v["dictionary_value_id"] for a in product.attributes if a["id"] == BRAND_ATTRIBUTE
                                for v in a["values"]), 0)), "name": product.attribute_text(BRAND_ATTRIBUTE)}
    if name == "modelID":
        return {"id": str(product.product_id), "name": product.attribute_text(MODEL_ATTRIBUTE)}
    if name == "descriptionType":
        kind = cat.types.get(product.type_id)
        return {"id": str(product.type_id), "name": kind.ru if kind else ""}
    return {"id": "", "name": ""}


def _compare(value: Any, op: str, target: str) -> bool:
    if isinstance(value, str):
        return value == target if op == "EQ" else False
    try:
        other = float(target)
    except ValueError:
        return False
    return {"EQ": value == other, "GT": value > other, "GTE": value >= other, "LT": value < other,
            "LTE": value <= other}.get(op, False)


def analytics_request(call: Call) -> tuple[date, date, list[str], list[str]]:
    """The period, dimensions and metrics asked for; 400 for what the method refuses."""
    body = call.body
    start, end = parse_day(body.get("date_from"), "date_from"), parse_day(body.get("date_to"), "date_to")
    if end < start:
        raise OzonError(3, "date_to must not be earlier than date_from")
    dims = [d for d in str_list(body.get("dimension")) if d != "unknownDimension"]
    metrics = str_list(body.get("metrics"))
    if not metrics:
        raise OzonError(3, "metrics: value must contain at least 1 item(s)")
    unknown = [m for m in metrics if m not in METRICS] + [d for d in dims if d not in DIMENSIONS]
    if unknown:
        raise OzonError(3, f"unknown metric or dimension: {', '.join(unknown)}")
    return start, end, dims, metrics


def _grouped(call: Call, start: date, end: date, dims: list[str], metrics: list[str]) -> tuple[dict, dict]:
    """Order facts and derived traffic per SKU and day, summed by the requested dimensions:
    (dimension ids -> metric sums, dimension ids -> dimension labels)."""
    facts = order_facts(call, start, end)
    by_sku = {product.sku: product for product in products_of(call.seller).iter_from(0) if product.sku}
    groups: dict[tuple, dict[str, float]] = {}
    labels: dict[tuple, list[dict[str, str]]] = {}
    day = start
    while day <= end:
        day_end = datetime(day.year, day.month, day.day, tzinfo=timezone.utc).timestamp() + DAY
        listed = {sku for sku, p in by_sku.items() if p.is_created(day_end) and not p.archived}
        listed |= {sku for (sku, d) in facts if d == day}
        for sku in listed:
            orders = facts.get((sku, day), dict.fromkeys(ORDER_METRICS, 0.0))
            row = dict(orders)
            if any(m in TRAFFIC_METRICS for m in metrics):
                row.update(traffic(sku, day, orders["ordered_units"]))
            dimension = [_dimension(d, by_sku.get(sku), sku, day) for d in dims]
            key = tuple(item["id"] for item in dimension)
            target = groups.setdefault(key, {})
            for metric, value in row.items():
                target[metric] = target.get(metric, 0.0) + value
            target["_days"] = target.get("_days", 0) + 1
            labels.setdefault(key, dimension)
        day += timedelta(days=1)
    return groups, labels


def _value(group: dict[str, float], metric: str) -> float:
    """A metric of a group as the API writes it: ratios in percent, the category position averaged
    over the group's days, revenue as money, counts as integers."""
    if metric in RATIOS:
        part, whole = RATIOS[metric]
        return round(group.get(part, 0) * 100 / group[whole], 2) if group.get(whole) else 0.0
    if metric == "position_category":
        return round(group.get(metric, 0) / max(group.get("_days", 1), 1), 1)
    if metric == "revenue":
        return money_number(group.get(metric, 0))
    amount = group.get(metric, 0)
    return int(amount) if float(amount).is_integer() else float(amount)


def _filtered_sorted(body: dict[str, Any], rows: list[dict[str, Any]], dims: list[str]) -> list[dict[str, Any]]:
    """The rows after the request's `filters`, by dimension ids, then by its `sort` keys."""
    for flt in body.get("filters") or []:
        key, op, target = as_str(flt.get("key")), as_str(flt.get("op") or "EQ"), as_str(flt.get("value"))
        if key in dims:
            index = dims.index(key)
            rows = [r for r in rows if _compare(r["_key"][index], op, target)]
        elif key in METRICS:
            rows = [r for r in rows if _compare(_value(r["_group"], key), op, target)]
    rows.sort(key=lambda r: r["_key"])
    for order in reversed(body.get("sort") or []):
        key = as_str(order.get("key"))
        if key in METRICS:
            rows.sort(key=lambda r: _value(r["_group"], key), reverse=as_str(order.get("order")) == "DESC")
    return rows


@handles("POST", "/v1/analytics/data", windows=(ANALYTICS_REQUESTS,), check=analytics_request, exact=True)
def analytics_data(call: Call) -> dict:
    body = call.body
    start, end, dims, metrics = analytics_request(call)
    groups, labels = _grouped(call, start, min(end, _day(now_of(call))), dims, metrics)
    rows = [{"dimensions": labels[key], "metrics": [_value(group, m) for m in metrics], "_key": key, "_group": group}
            for key, group in groups.items()]
    rows = _filtered_sorted(body, rows, dims)
    total_group: dict[str, float] = {}
    for row in rows:
        for metric, amount in row["_group"].items():
            total_group[metric] = total_group.get(metric, 0.0) + amount
    offset, limit = offset_of(body.get("offset")), clamped_size(body.get("limit"), 1000, 1000)
    page = rows[offset:offset + limit]
    return {"result": {"data": [{"dimensions": r["dimensions"], "metrics": r["metrics"]} for r in page],
                       "totals": [_value(total_group, m) if total_group else 0 for m in metrics]},
            "timestamp": call.now.strftime("%Y-%m-%d %H:%M:%S")}


# --- FBO stock --------------------------------------------------------------------------------------
def ozon_warehouse(product: Product) -> tuple[int, str, str]:
    return OZON_WAREHOUSES[product.product_id % len(OZON_WAREHOUSES)]


def fbo_reserved(call: Call) -> dict[int, int]:
    """Units of each SKU in FBO postings not yet handed over."""
    reserved: dict[int, int] = {}
    store = store_of(call.seller)
    for posting in store.postings.values():
        if posting.scheme == "fbo" and posting.status in ("awaiting_packaging", "awaiting_deliver"):
            for line in posting.lines:
                reserved[line["sku"]] = reserved.get(line["sku"], 0) + int(line["quantity"])
    return reserved


def fbo_products(call: Call) -> list[Product]:
    now = now_of(call)
    return [p for p in products_of(call.seller).iter_from(0) if p.visible_sku(now) and (p.fbo_present or 0) > 0]


def _stock_rows(call: Call) -> list[dict[str, Any]]:
    now = now_of(call)
    reserved = fbo_reserved(call)
    rows = []
    for product in fbo_products(call):
        sku = product.visible_sku(now)
        held = min(reserved.get(sku, 0), int(product.fbo_present))
        rows.append({"sku": sku, "item_code": product.offer_id, "item_name": product.name,
                     "free_to_sell_amount": int(product.fbo_present) - held, "promised_amount": 0,
                     "reserved_amount": held, "warehouse_name": ozon_warehouse(product)[1]})
    return rows


@handles("POST", "/v1/product/info/stocks-by-warehouse/fbo")
def stocks_by_warehouse_fbo(call: Call) -> dict:
    """FBO stock per Ozon warehouse (2026-07-02), the units the analytics stock reports show: each
    product's Ozon-warehouse stock on its warehouse, the units of FBO postings not yet handed over
    reserved. Paged by product id after `cursor`."""
    now, body = now_of(call), call.body
    offers, skus = set(str_list(body.get("offer_ids"))), set(int_list(body.get("skus")))
    after = as_int(body.get("cursor")) if as_str(body.get("cursor")).isdigit() else 0
    reserved = fbo_reserved(call)
    chosen = [p for p in fbo_products(call) if p.product_id > after and (not offers or p.offer_id in offers)
              and (not skus or p.visible_sku(now) in skus)]
    page = chosen[:clamped_size(body.get("limit"), 100, 1000)]
    more = len(chosen) > len(page)
    rows = [{"offer_id": p.offer_id, "product_id": p.product_id, "sku": p.visible_sku(now),
             "warehouse_id": ozon_warehouse(p)[0], "present": int(p.fbo_present),
             "reserved": min(reserved.get(p.visible_sku(now), 0), int(p.fbo_present))} for p in page]
    return {"products": rows, "has_next": more, "cursor": str(page[-1].product_id) if page and more else ""}


@handles("POST", "/v2/analytics/stock_on_warehouses", exact=True)
def stock_on_warehouses_v2(call: Call) -> dict:
    kind = as_str(call.body.get("warehouse_type") or "ALL")
    rows = [] if kind == "EXPRESS_DARK_STORE" else _stock_rows(call)   # ozmock has no dark stores
    offset, limit = offset_of(call.body.get("offset")), max(as_int(call.body.get("limit"), 100), 1)
    return {"result": {"rows": rows[offset:offset + limit]}}


def daily_sales(call: Call, days: int) -> dict[int, float]:
    """Average units ordered per day over the last `days` days, per SKU."""
    today = _day(now_of(call))
    facts = order_facts(call, today - timedelta(days=days - 1), today)
    totals: dict[int, float] = {}
    for (sku, _), row in facts.items():
        totals[sku] = totals.get(sku, 0.0) + row["ordered_units"]
    return {sku: total / days for sku, total in totals.items()}


def _idc_grade(stock: int, ads: float) -> tuple[float, str]:
    if stock <= 0:
        return 0.0, "GRADES_NONE"
    if ads <= 0:
        return 0.0, "GRADES_NOSALES"
    idc = round(stock / ads, 1)
    grade = "GRADES_GREEN" if idc <= 60 else "GRADES_YELLOW" if idc <= 90 else "GRADES_RED" if idc <= 120 \
        else "GRADES_CRITICAL"
    return idc, grade


@handles("POST", "/v1/analytics/turnover/stocks", exact=True)
def turnover_stocks(call: Call) -> dict:
    now = now_of(call)
    wanted = set(int_list(call.body.get("sku")))
    ads = daily_sales(call, 60)
    items = []
    for product in fbo_products(call):
        sku = product.visible_sku(now)
        if wanted and sku not in wanted:
            continue
        speed = round(ads.get(sku, 0.0), 2)
        idc, grade = _idc_grade(int(product.fbo_present), speed)
        items.append({"sku": sku, "offer_id": product.offer_id, "name": product.name, "ads": speed,
                      "current_stock": int(product.fbo_present), "idc": idc, "idc_grade": grade,
                      "turnover": idc, "turnover_grade": grade})
    offset, limit = offset_of(call.body.get("offset")), clamped_size(call.body.get("limit"), 100, 1000)
    return {"items": items[offset:offset + limit]}


PLACEMENT_ZONE = "PRODUCTS"
CLUSTERS = {15431806189000: (4, "Москва, МО и Дальние регионы"), 22387155279000: (154, "Тверь"),
            18044249781000: (147, "Казань"), 22542353405000: (150, "Екатеринбург")}


def _stock_grade(stock: int, ads: float) -> str:
    if stock <= 0:
        return "WAITING_FOR_SUPPLY"
    if ads <= 0:
        return "NO_SALES"
    days = stock / ads
    return "DEFICIT" if days < 14 else "POPULAR" if days < 28 else "ACTUAL" if days < 60 else "SURPLUS"


@handles("POST", "/v1/analytics/stocks", exact=True)
def analytics_stocks(call: Call) -> dict:
    now = now_of(call)
    wanted = set(int_list(call.body.get("skus")))
    clusters, warehouses = set(int_list(call.body.get("cluster_ids"))), set(int_list(call.body.get("warehouse_ids")))
    grades = set(str_list(call.body.get("turnover_grades")))
    zones = {z.upper() for z in str_list(call.body.get("placement_zone"))}   # every FBO unit: PRODUCTS, unmarked
    if zones and PLACEMENT_ZONE not in zones:
        return {"items": []}
    ads = daily_sales(call, 28)
    reserved = fbo_reserved(call)
    items = []
    for product in fbo_products(call):
        sku = product.visible_sku(now)
        warehouse_id, warehouse_name, _ = ozon_warehouse(product)
        cluster_id, cluster_name = CLUSTERS.get(warehouse_id, (0, ""))
        speed = round(ads.get(sku, 0.0), 2)
        stock = int(product.fbo_present) - min(reserved.get(sku, 0), int(product.fbo_present))
        grade = _stock_grade(stock, speed)
        if (wanted and sku not in wanted) or (clusters and cluster_id not in clusters) or \
                (warehouses and warehouse_id not in warehouses) or (grades and grade not in grades):
            continue
        idc = round(stock / speed, 1) if speed else 0.0
        items.append({
            "sku": sku, "offer_id": product.offer_id, "name": product.name, "warehouse_id": warehouse_id,
            "warehouse_name": warehouse_name, "cluster_id": cluster_id, "cluster_name": cluster_name,
            "macrolocal_cluster_id": cluster_id, "available_stock_count": stock, "valid_stock_count": stock,
            "requested_stock_count": 0, "transit_stock_count": 0, "transit_defect_stock_count": 0,
            "stock_defect_stock_count": 0, "expiring_stock_count": 0, "excess_stock_count": 0,
            "other_stock_count": 0, "waiting_docs_stock_count": 0, "return_from_customer_stock_count": 0,
            "return_to_seller_stock_count": 0, "ads": speed, "ads_cluster": speed, "idc": idc, "idc_cluster": idc,
            "days_without_sales": 0 if speed else 28, "days_without_sales_cluster": 0 if speed else 28,
            "turnover_grade": grade, "turnover_grade_cluster": grade, "item_tags": [],
            "placement_zone": PLACEMENT_ZONE, "waiting_docs_to_export_stock_count": 0, "inbound_replenishment": 0,
            "outbound_pending_delivery": 0, "outbound_returns_picking": 0, "outbound_returns_ready_to_ship": 0,
            "outbound_returns_return_to_seller": 0, "stock_not_being_sold": 0})
    return {"items": items}


@handles("POST", "/v1/analytics/manage/stocks", exact=True)
def manage_stocks(call: Call) -> dict:
    now = now_of(call)
    flt = obj(call.body.get("filter"))
    wanted, warehouses = set(int_list(flt.get("skus"))), set(int_list(flt.get("warehouse_ids")))
    types = set(str_list(flt.get("stock_types")))
    items = []
    for product in fbo_products(call):
        sku = product.visible_sku(now)
        warehouse_id, warehouse_name, _ = ozon_warehouse(product)
        if (wanted and sku not in wanted) or (warehouses and warehouse_id not in warehouses):
            continue
        if types and "STOCK_TYPE_VALID" not in types:
            continue
        items.append({"sku": sku, "offer_id": product.offer_id, "name": product.name,
                      "warehouse_name": warehouse_name, "valid_stock_count": int(product.fbo_present),
                      "waitingdocs_stock_count": 0, "expiring_stock_count": 0, "defect_stock_count": 0})
    offset, limit = offset_of(call.body.get("offset")), clamped_size(call.body.get("limit"), 100, 1000)
    return {"items": items[offset:offset + limit]}


# --- search queries (Premium) ---------------------------------------------------------------------------
SORT_KEYS = {"BY_SEARCHES": "unique_search_users", "BY_VIEWS": "unique_view_users", "BY_POSITION": "position",
             "BY_CONVERSION": "view_conversion", "BY_GMV": "gmv"}


def _query_period(call: Call) -> tuple[date, date]:
    start = parse_datetime(call.body.get("date_from"), "date_from")
    end = parse_datetime(call.body.get("date_to"), "date_to", required=False)
    today = _day(now_of(call))
    first, last = start.date(), min(end.date() if end else today, today)
    if last < first:
        raise OzonError(3, "date_to must not be earlier than date_from")
    return first, last


def _search_stats(call: Call, product: Product, first: date, last: date, facts) -> dict[str, float]:
    searches = views = ordered = 0
    gmv = 0.0
    day = first
    while day <= last:
        row = facts.get((product.sku, day), dict.fromkeys(ORDER_METRICS, 0.0))
        seen = traffic(product.sku, day, row["ordered_units"])
        searches += seen["session_view_search"]
        views += seen["session_view_pdp"]
        ordered += row["ordered_units"]
        gmv += row["revenue"]
        day += timedelta(days=1)
    return {"unique_search_users": searches, "unique_view_users": views, "ordered": ordered, "gmv": round(gmv, 2),
            "view_conversion": round(views * 100 / searches, 2) if searches else 0.0,
            "position": round(1 + unit("position", product.sku, first, last) * 60, 1)}


def _query_products(call: Call) -> list[Product]:
    now = now_of(call)
    wanted = int_list(call.body.get("skus"))
    store = products_of(call.seller)
    return [p for p in (store.by_sku_id(sku, now) for sku in wanted) if p is not None]


def _sorted(rows: list[dict[str, Any]], call: Call) -> list[dict[str, Any]]:
    key = SORT_KEYS.get(as_str(call.body.get("sort_by") or "BY_SEARCHES"), "unique_search_users")
    ascending = as_str(call.body.get("sort_dir") or "DESCENDING") == "ASCENDING"
    return sorted(rows, key=lambda r: r[key], reverse=not ascending)


def _pages(call: Call, rows: list) -> tuple[list, int]:
    size = clamped_size(call.body.get("page_size"), 100, 1000)
    page = max(as_int(call.body.get("page"), 0), 0)
    return rows[page * size:(page + 1) * size], -(-len(rows) // size)


@handles("POST", "/v1/analytics/product-queries", exact=True)
def product_queries(call: Call) -> dict:
    first, last = _query_period(call)
    facts = order_facts(call, first, last)
    rows = []
    for product in _query_products(call):
        stats = _search_stats(call, product, first, last, facts)
        rows.append({"sku": product.sku, "offer_id": product.offer_id, "name": product.name,
                     "category": category_name(product), "currency": product.currency_code, "gmv": stats["gmv"],
                     "position": stats["position"], "unique_search_users": stats["unique_search_users"],
                     "unique_view_users": stats["unique_view_users"], "view_conversion": stats["view_conversion"]})
    page, pages = _pages(call, _sorted(rows, call))
    return {"items": page, "total": len(rows), "page_count": pages,
            "analytics_period": {"date_from": first.isoformat(), "date_to": last.isoformat()}}


def _queries_for(product: Product) -> list[str]:
    words = [w for w in product.name.lower().split() if not w.isdigit()]
    found = [" ".join(words[:1]), " ".join(words[:2]), category_name(product).lower(), f"{' '.join(words[:1])} купить",
             f"{' '.join(words[:2])} недорого", product.name.lower(), f"{' '.join(words[1:2])} {' '.join(words[:1])}"]
    unique = []
    for query in found:
        query = query.strip()
        if query and query not in unique:
            unique.append(query)
    return unique


@handles("POST", "/v1/analytics/product-queries/details", exact=True)
def product_query_details(call: Call) -> dict:
    first, last = _query_period(call)
    facts = order_facts(call, first, last)
    per_sku = clamped_size(call.body.get("limit_by_sku"), 15, 15)
    rows = []
    for product in _query_products(call):
        stats = _search_stats(call, product, first, last, facts)
        queries = _queries_for(product)[:per_sku]
        weights = [unit("query", product.sku, q) + 0.2 for q in queries]
        total = sum(weights) or 1
        for index, (query, weight) in enumerate(zip(queries, weights)):
            share = weight / total
            searches = int(stats["unique_search_users"] * share)
            viewers = int(stats["unique_view_users"] * share)
            rows.append({"sku": product.sku, "query": query, "query_index": index,
                         "unique_search_users": searches, "unique_view_users": viewers,
                         "view_conversion": round(viewers * 100 / searches, 2) if searches else 0.0,
                         "order_count": int(round(stats["ordered"] * share)), "gmv": round(stats["gmv"] * share, 2),
                         "position": round(stats["position"] + index, 1), "currency": product.currency_code})
    page, pages = _pages(call, _sorted(rows, call))
    return {"queries": page, "total": len(rows), "page_count": pages,
            "analytics_period": {"date_from": first.isoformat(), "date_to": last.isoformat()}}
