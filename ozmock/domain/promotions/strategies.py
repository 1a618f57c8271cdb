"""Pricing strategies (`/v1/pricing-strategy/*`): a seller's strategies, their competitors and products.

Every seller has one system strategy (`MIN_EXT_PRICE`), created with the area, which can take
products but cannot be updated, switched or deleted (the operation descriptions). A seller's own
strategies (`COMP_PRICE`) name competitors with coefficients from 0.5 to 1.2. A product can be in
one strategy at a time, and only once it has a minimum price (`min_price` set through
`/v1/product/import/prices`), as the "pricing strategies" process section says.

Competitor prices are not observable in a fake, so ozmock derives a stable one per product and
competitor (85-115 % of the seller's price); the strategy price is the lowest competitor price
times its coefficient, never below the product's minimum price.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ...errors import OzonError
from ...registry import Call, handles, json_area
from ..kit.dates import now_of, stamp
from ..kit.ids import new_uuid, stable_uuid, unit
from ..kit.money import dec
from ..kit.paging import clamped_size
from ..kit.values import as_int, as_str, int_list
from ..products.model import products_of

NOT_FOUND = "strategy not found"
SYSTEM = "MIN_EXT_PRICE"
CUSTOM = "COMP_PRICE"
COMPETITORS = (
    (1008426, "wildberries.ru"), (204, "market.yandex.ru"), (91, "megamarket.ru"), (48, "aliexpress.ru"),
    (45, "dns-shop.ru"), (7820251, "grenmarketshop.ru"), (1020, "mvideo.ru"), (1021, "eldorado.ru"),
    (1022, "citilink.ru"), (1023, "lamoda.ru"), (1024, "detmir.ru"), (1025, "sportmaster.ru"),
    (1026, "leroymerlin.ru"), (1027, "petrovich.ru"), (1028, "vseinstrumenti.ru"), (1029, "komus.ru"),
    (1030, "letu.ru"), (1031, "goldapple.ru"), (1032, "kazanexpress.ru"), (1033, "labirint.ru"),
    (1034, "chitai-gorod.ru"), (1035, "holodilnik.ru"), (1036, "technopark.ru"), (1037, "220-volt.ru"),
    (1038, "onlinetrade.ru"), (1039, "kari.com"), (1040, "zoozavr.ru"), (1041, "4lapy.ru"),
    (1042, "apteka.ru"), (1043, "utkonos.ru"), (1044, "perekrestok.ru"), (1045, "vprok.ru"),
    (1046, "sbermegamarket.ru"),
)
COMPETITOR_IDS = {cid for cid, _ in COMPETITORS}
COMPETITOR_NAMES = dict(COMPETITORS)


def _create(seller, world) -> dict[str, Any]:
    """A seller's strategies start with the system one (products: str(product_id) -> strategy id)."""
    strategy_id = stable_uuid("system-strategy", seller.client_id)
    system = {"id": strategy_id, "name": "Минимальная цена на других площадках", "type": SYSTEM,
              "enabled": True, "competitors": [], "update_type": "strategyCreated",
              "updated_at": world.clock.now().timestamp(), "created_at": 0.0}
    return {"strategies": {strategy_id: system}, "order": [strategy_id], "products": {}}


json_area("pricing", _create)


def pricing_of(call_or_seller) -> dict[str, Any]:
    seller = call_or_seller.seller if isinstance(call_or_seller, Call) else call_or_seller
    state = seller.area("pricing")
    return state


def _ensure_system(call: Call) -> dict[str, Any]:
    return pricing_of(call)


def _strategy(call: Call, strategy_id: Any, *, editable: bool = False) -> dict[str, Any]:
    state = _ensure_system(call)
    strategy = state["strategies"].get(as_str(strategy_id))
    if strategy is None:
        raise OzonError(5, NOT_FOUND)
    if editable and strategy["type"] == SYSTEM:
        raise OzonError(3, "the system strategy cannot be changed")
    return strategy


def _competitors(body: dict[str, Any]) -> list[dict[str, Any]]:
    found, seen = [], set()
    for item in body.get("competitors") or []:
        competitor_id = as_int(item.get("competitor_id"))
        coefficient = float(dec(item.get("coefficient")))
        if competitor_id not in COMPETITOR_IDS:
            raise OzonError(3, f"competitor {competitor_id} not found: see /v1/pricing-strategy/competitors/list")
        if competitor_id in seen:
            raise OzonError(3, f"competitor {competitor_id} is listed twice")
        if not 0.5 <= coefficient <= 1.2:
            raise OzonError(3, "coefficient must be from 0.5 to 1.2")
        seen.add(competitor_id)
        found.append({"competitor_id": competitor_id, "coefficient": coefficient})
    if not found:
        raise OzonError(3, "competitors: value must contain at least 1 item(s)")
    return found


def _name(body: dict[str, Any]) -> str:
    name = as_str(body.get("strategy_name")).strip()
    if not name:
        raise OzonError(3, "strategy_name: value length must be at least 1 runes")
    return name


def _members(state: dict[str, Any], strategy_id: str) -> list[int]:
    return sorted(int(pid) for pid, sid in state["products"].items() if sid == strategy_id)


@handles("POST", "/v1/pricing-strategy/competitors/list", exact=True)
def competitors_list(call: Call) -> dict:
    size = clamped_size(call.body.get("limit"), 20, 50)
    page = max(as_int(call.body.get("page"), 1), 1)
    rows = COMPETITORS[(page - 1) * size:page * size]
    return {"competitor": [{"id": cid, "name": name} for cid, name in rows], "total": len(COMPETITORS)}


@handles("POST", "/v1/pricing-strategy/list", exact=True)
def strategy_list(call: Call) -> dict:
    state = _ensure_system(call)
    size = clamped_size(call.body.get("limit"), 20, 50)
    page = max(as_int(call.body.get("page"), 1), 1)
    rows = [state["strategies"][sid] for sid in state["order"]][(page - 1) * size:page * size]
    return {"strategies": [{
        "id": s["id"], "name": s["name"], "type": s["type"], "update_type": s["update_type"],
        "updated_at": stamp(s["updated_at"]), "products_count": len(_members(state, s["id"])),
        "competitors_count": len(s["competitors"]), "enabled": s["enabled"]} for s in rows],
        "total": len(state["order"])}


@handles("POST", "/v1/pricing-strategy/create", writes=True, exact=True)
def strategy_create(call: Call) -> dict:
    state = _ensure_system(call)
    name, competitors = _name(call.body), _competitors(call.body)
    strategy_id = new_uuid(call.world)
    now = now_of(call)
    state["strategies"][strategy_id] = {"id": strategy_id, "name": name, "type": CUSTOM, "enabled": True,
                                        "competitors": competitors, "update_type": "strategyCreated",
                                        "updated_at": now, "created_at": now}
    state["order"].append(strategy_id)
    return {"result": {"strategy_id": strategy_id}}


@handles("POST", "/v1/pricing-strategy/info", exact=True)
def strategy_info(call: Call) -> dict:
    strategy = _strategy(call, call.body.get("strategy_id"))
    return {"result": {"competitors": [dict(c) for c in strategy["competitors"]], "enabled": strategy["enabled"],
                       "name": strategy["name"], "type": strategy["type"], "update_type": strategy["update_type"]}}


@handles("POST", "/v1/pricing-strategy/update", writes=True, exact=True)
def strategy_update(call: Call) -> dict:
    strategy = _strategy(call, call.body.get("strategy_id"), editable=True)
    name, competitors = _name(call.body), _competitors(call.body)
    strategy.update(name=name, competitors=competitors, update_type="strategyChanged", updated_at=now_of(call))
    return {}


@handles("POST", "/v1/pricing-strategy/status", exact=True)
def strategy_status(call: Call) -> dict:
    strategy = _strategy(call, call.body.get("strategy_id"), editable=True)
    enabled = bool(call.body.get("enabled"))
    if strategy["enabled"] != enabled:
        strategy.update(enabled=enabled, updated_at=now_of(call),
                        update_type="strategyEnabled" if enabled else "strategyDisabled")
    return {}


@handles("POST", "/v1/pricing-strategy/delete", writes=True, exact=True)
def strategy_delete(call: Call) -> dict:
    strategy = _strategy(call, call.body.get("strategy_id"), editable=True)
    state = pricing_of(call)
    del state["strategies"][strategy["id"]]
    state["order"].remove(strategy["id"])
    for product_id in [pid for pid, sid in state["products"].items() if sid == strategy["id"]]:
        del state["products"][product_id]
    return {}


@handles("POST", "/v1/pricing-strategy/products/add", writes=True, exact=True)
def products_add(call: Call) -> dict:
    strategy = _strategy(call, call.body.get("strategy_id"))
    state = pricing_of(call)
    store = products_of(call.seller)
    errors, added = [], []
    for product_id in int_list(call.body.get("product_id")):
        product = store.get(product_id)
        current = state["products"].get(str(product_id))
        if product is None or product.archived:
            errors.append({"product_id": product_id, "code": "NOT_FOUND", "error": "product not found"})
        elif current is not None and current != strategy["id"]:
            errors.append({"product_id": product_id, "code": "ALREADY_IN_STRATEGY",
                           "error": f"the product is already in strategy {current}"})
        elif dec(product.min_price) <= 0:
            errors.append({"product_id": product_id, "code": "MIN_PRICE_NOT_SET",
                           "error": "set the product's min_price with /v1/product/import/prices first"})
        else:
            added.append(product_id)
    for product_id in added:
        state["products"][str(product_id)] = strategy["id"]
    if added:
        strategy.update(update_type="strategyItemsListChanged", updated_at=now_of(call))
    return {"result": {"errors": errors, "failed_product_count": len(errors)}}


@handles("POST", "/v1/pricing-strategy/products/delete", writes=True, exact=True)
def products_delete(call: Call) -> dict:
    state = _ensure_system(call)
    failed, gone = 0, []
    for product_id in int_list(call.body.get("product_id")):
        if str(product_id) in state["products"]:
            gone.append(str(product_id))
        else:
            failed += 1
    now = now_of(call)
    for product_id in gone:
        strategy = state["strategies"].get(state["products"].pop(product_id))
        if strategy is not None:
            strategy.update(update_type="strategyItemsListChanged", updated_at=now)
    return {"result": {"failed_product_count": failed}}


@handles("POST", "/v1/pricing-strategy/products/list", exact=True)
def products_list(call: Call) -> dict:
    strategy = _strategy(call, call.body.get("strategy_id"))
    state = pricing_of(call)
    store = products_of(call.seller)
    return {"result": {"product_id": [str(pid) for pid in _members(state, strategy["id"]) if store.get(pid)]}}


@handles("POST", "/v1/pricing-strategy/strategy-ids-by-product-ids", exact=True)
def strategy_ids(call: Call) -> dict:
    state = _ensure_system(call)
    store = products_of(call.seller)
    rows = []
    for product_id in int_list(call.body.get("product_id")):
        if store.get(product_id) is not None:
            rows.append({"product_id": product_id, "strategy_id": state["products"].get(str(product_id), "")})
    return {"result": {"products_info": rows}}


def competitor_price(product, competitor_id: int) -> Decimal:
    factor = Decimal("0.85") + Decimal(str(round(unit("competitor", product.product_id, competitor_id) * 0.3, 4)))
    return (dec(product.price) * factor).quantize(Decimal(1), ROUND_HALF_UP)


def strategy_price(strategy: dict[str, Any], product) -> tuple[int, int]:
    """(price by the strategy, competitor it follows)."""
    competitors = strategy["competitors"] or [{"competitor_id": COMPETITORS[0][0], "coefficient": 1.0}]
    best = min(((competitor_price(product, c["competitor_id"]) * Decimal(str(c["coefficient"])), c["competitor_id"])
                for c in competitors), key=lambda pair: pair[0])
    price = max(best[0], dec(product.min_price)).quantize(Decimal(1), ROUND_HALF_UP)
    return int(price), best[1]


@handles("POST", "/v1/pricing-strategy/product/info", exact=True)
def product_info(call: Call) -> dict:
    state = _ensure_system(call)
    product_id = as_int(call.body.get("product_id"))
    product = products_of(call.seller).get(product_id)
    strategy_id = state["products"].get(str(product_id))
    if product is None or strategy_id is None:
        raise OzonError(5, "the product is not in a pricing strategy")
    strategy = state["strategies"][strategy_id]
    price, competitor = strategy_price(strategy, product)
    site = COMPETITOR_NAMES.get(competitor, "example.com")
    return {"result": {"strategy_id": strategy_id, "is_enabled": strategy["enabled"],
                       "strategy_product_price": price, "price_downloaded_at": stamp(strategy["updated_at"]),
                       "strategy_competitor_id": competitor,
                       "strategy_competitor_product_url": f"https://{site}/product/{product.offer_id.lower()}"}}
