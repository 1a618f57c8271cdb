"""Api-Key roles: a key lacking the role an operation needs gets 403 / code 7.

The references name only two roles (`Admin` and `Posting FBS`, in the `/v1/roles`
example) and document no role -> method mapping, so ozmock uses the table below:
one role per area of the seller's work, assigned by the operation's API group
(the `group` of `endpoints.tsv`), with a few path rules for the mixed groups
(`BetaMethod`, `Premium`, `Prices&StocksAPI`). `Admin` opens everything; the
key's own information (`/v1/roles`, `/v1/seller/info`) needs no particular role.
`docs/assumptions.md` records the choice.
"""
from __future__ import annotations

from contextvars import ContextVar
from functools import lru_cache

from ..errors import MISSING_ROLE, OzonError

# The key of the request being handled (set by check_role, which the pipeline calls right
# after authentication), so handlers such as `/v1/roles` can see which key called them.
_CURRENT_KEY: ContextVar = ContextVar("ozmock_current_key", default=None)

ADMIN = "Admin"
# Roles that open every operation.
UNIVERSAL_ROLES = frozenset({ADMIN})
ANY_ROLE: frozenset[str] = frozenset()          # operations every key may call

ROLE_BY_GROUP: dict[str, tuple[str, ...]] = {
    # products and catalogue
    "CategoryAPI": ("Product",), "ProductAPI": ("Product",), "BarcodeAPI": ("Product",),
    "BrandAPI": ("Product",), "CertificationAPI": ("Product",), "Quants": ("Product",),
    # prices and stocks (split by path below)
    "Prices&StocksAPI": ("Prices",), "PricingStrategyAPI": ("Prices",),
    # promotions
    "Promos": ("Promotion",), "PromosBeta": ("Promotion",), "SellerActions": ("Promotion",),
    # warehouses
    "WarehouseAPI": ("Warehouse",), "FBSWarehouseSetup": ("Warehouse",), "rFBSWarehouseSetup": ("Warehouse",),
    "PolygonAPI": ("Warehouse",), "Pass": ("Warehouse",),
    # FBS / rFBS / crossborder postings
    "FBS": ("Posting FBS",), "DeliveryFBS": ("Posting FBS",), "DeliveryrFBS": ("Posting FBS",),
    "FBS&rFBSMarks": ("Posting FBS",), "CarriageAPI": ("Posting FBS",), "Orders (legacy v1)": ("Posting FBS",),
    "Crossborder (legacy)": ("Posting FBS",), "CancelReasonAPI": ("Posting FBS",),
    "CancellationAPI": ("Posting FBS",), "OrderAPI": ("Posting FBS",), "DeliveryAPI": ("Posting FBS",),
    "Digital": ("Posting FBS",),
    # FBO, supplies and FBP
    "FBO": ("Posting FBO",), "FboSupplyRequest": ("Posting FBO",), "FBOWarehouse": ("Posting FBO",),
    "FBOTransport": ("Posting FBO",), "FboPostingAPI": ("Posting FBO",), "SupplyAPI (FBO supplies)": ("Posting FBO",),
    "SupplierAPI": ("Posting FBO",), "DeliveryFBP": ("Posting FBO",), "DeliveryFBPDraft": ("Posting FBO",),
    "DraftDirectFBP": ("Posting FBO",), "DraftDropOffFBP": ("Posting FBO",), "DraftPickupFBP": ("Posting FBO",),
    "OrderDirectFBP": ("Posting FBO",), "OrderDropOffFBP": ("Posting FBO",), "OrderPickupFBP": ("Posting FBO",),
    "OzonLogistics": ("Posting FBO",),
    # returns
    "ReturnsAPI": ("Returns",), "RFBSReturnsAPI": ("Returns",), "ReturnAPI": ("Returns",),
    # communication
    "ChatAPI": ("Chat",), "Questions&Answers": ("Reviews",), "ReviewAPI": ("Reviews",),
    # money and figures
    "FinanceAPI": ("Finance",), "Receipt": ("Finance",),
    "AnalyticsAPI": ("Analytics",), "ReportAPI": ("Analytics",), "SellerRating": ("Analytics",),
    # push notification settings: administrators only
    "Notification": (ADMIN,),
    # the key itself and the seller's card: any key
    "APIkey": (), "SellerInfo": (),
}

# Mixed groups: the first path fragment found decides (checked in order), else the group's role.
_BY_AREA: tuple[tuple[str, str], ...] = (
    ("/chat/", "Chat"),
    ("/analytics/", "Analytics"),
    ("/search-queries/", "Analytics"),
    ("/finance/", "Finance"),
    ("/actions", "Promotion"),
    ("/removal/", "Posting FBO"),
    ("stock", "Stocks"),
    ("price", "Prices"),
    ("discount", "Prices"),
    ("/posting/", "Posting FBS"),
    ("/product/", "Product"),
)
ROLE_BY_PATH: dict[str, tuple[tuple[str, str], ...]] = {
    "Prices&StocksAPI": (("stock", "Stocks"),),
    "Digital": (("stock", "Stocks"),),
    "BetaMethod": _BY_AREA,
    "Premium": _BY_AREA,
}

ROLES: tuple[str, ...] = (ADMIN, "Product", "Prices", "Stocks", "Promotion", "Warehouse", "Posting FBS",
                          "Posting FBO", "Returns", "Chat", "Reviews", "Finance", "Analytics")


def check_role(seller, api_key: str | None, operation) -> None:
    key = seller.keys.get((api_key or "").strip())
    _CURRENT_KEY.set(key)
    if key is None or not UNIVERSAL_ROLES.isdisjoint(key.roles):
        return
    needed = required_roles(operation)
    if needed and not needed.intersection(key.roles):
        raise OzonError(7, MISSING_ROLE)


def current_key(seller):
    """The ApiKey of the request being handled (None outside a request)."""
    key = _CURRENT_KEY.get()
    if key is not None and seller.keys.get(key.key) is key:
        return key
    return None


def required_roles(operation) -> frozenset[str]:
    """Roles any one of which opens the operation (empty: any key may call it)."""
    return _required(operation.group or "", operation.path)


@lru_cache(maxsize=2048)
def _required(group: str, path: str) -> frozenset[str]:
    for fragment, role in ROLE_BY_PATH.get(group, ()):
        if fragment in path:
            return frozenset({role})
    return frozenset(ROLE_BY_GROUP.get(group, (ADMIN,)))


def methods_for(roles, catalog) -> dict[str, list[str]]:
    """Per role, the paths it opens (what `/v1/roles` lists); `Admin` opens them all."""
    result: dict[str, list[str]] = {}
    for role in roles:
        paths = {op.path for op in catalog if role == ADMIN or role in required_roles(op)
                 or not required_roles(op)}
        result[role] = sorted(paths)
    return result
