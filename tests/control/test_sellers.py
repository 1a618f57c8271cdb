"""Sellers and API keys at run time: Python API, /__ozmock/sellers, /v1/roles, roles and expiry."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ozmock.catalog import load_catalog
from ozmock.errors import INVALID_API_KEY, MISSING_ROLE
from ozmock.pipeline.roles import ROLE_BY_GROUP, ROLE_BY_PATH, ROLES, required_roles


@pytest.fixture
def client(ozon_mock):
    with ozon_mock.client() as client:
        yield client


def roles_of(client, credentials):
    return client.post("/v1/roles", json={}, headers=credentials.headers)


def test_add_seller_with_defaults(ozon_mock, client):
    seller = ozon_mock.add_seller()
    assert seller.client_id == 838                      # next free id after the scenario's sellers
    assert seller.roles == ("Admin",) and seller.expires_at is None
    assert roles_of(client, seller).status_code == 200
    assert ozon_mock.sellers[838].name == "Seller 838"


def test_keys_are_deterministic_per_world(ozon_mock):
    first = ozon_mock.add_seller().api_key
    ozon_mock.reset()
    assert ozon_mock.add_seller().api_key == first


def test_add_seller_with_everything(ozon_mock, client):
    seller = ozon_mock.add_seller(5000, name="ИП Петров", currency="KZT", api_key="my-key",
                                  roles=["Posting FBS"], expires_at=timedelta(days=30))
    assert seller.headers == {"Client-Id": "5000", "Api-Key": "my-key"}
    body = roles_of(client, seller).json()
    assert [role["name"] for role in body["roles"]] == ["Posting FBS"]
    assert body["expires_at"] == "2026-02-14T09:00:00.000Z"
    assert "/v3/posting/fbs/list" in body["roles"][0]["methods"]
    assert "/v3/product/import" not in body["roles"][0]["methods"]


def test_admin_key_reports_every_method(ozon_mock, client):
    body = client.post("/v1/roles", json={}).json()
    assert body["roles"][0]["name"] == "Admin"
    assert len(body["roles"][0]["methods"]) == len({op.path for op in load_catalog()})
    # keys without an expiry report one six months from now (the lifetime of an Ozon key)
    assert body["expires_at"] == "2026-07-14T09:00:00.000Z"


def test_roles_response_matches_its_schema(ozon_mock, client):
    operation = load_catalog().get("POST", "/v1/roles")
    seller = ozon_mock.add_seller(roles=["Finance", "Chat"], expires_at="2026-03-01T00:00:00Z")
    body = roles_of(client, seller).json()
    assert operation.response_validator.is_valid(body)
    assert [r["name"] for r in body["roles"]] == ["Finance", "Chat"]


def test_missing_role_is_403_code_7(ozon_mock, client):
    seller = ozon_mock.add_seller(roles=["Posting FBS"])
    response = client.post("/v3/product/list", json={}, headers=seller.headers)
    assert response.status_code == 403
    assert response.json() == {"code": 7, "message": MISSING_ROLE, "details": []}
    # a role that opens it
    ozon_mock.add_key(seller.client_id, "product-key", roles=["Product"])
    assert client.post("/v3/product/list", json={},
                       headers={**seller.headers, "Api-Key": "product-key"}).status_code == 200


def test_key_info_needs_no_role(ozon_mock, client):
    seller = ozon_mock.add_seller(roles=["Returns"])
    assert client.post("/v1/seller/info", json={}, headers=seller.headers).status_code != 403
    assert roles_of(client, seller).status_code == 200


def test_expired_key_answers_like_a_wrong_key(ozon_mock, client):
    seller = ozon_mock.add_seller(expires_at=timedelta(hours=1))
    assert roles_of(client, seller).status_code == 200
    ozon_mock.advance(hours=1, seconds=1)
    response = roles_of(client, seller)
    assert response.status_code == 404
    assert response.json() == {"code": 5, "message": INVALID_API_KEY, "details": []}


def test_absolute_expiry(ozon_mock, client):
    key = ozon_mock.add_key(836, "short", expires_at=datetime(2026, 1, 15, 9, 30, tzinfo=timezone.utc))
    assert roles_of(client, key).status_code == 200
    ozon_mock.advance(minutes=31)
    assert roles_of(client, key).status_code == 404


def test_revoked_key_answers_like_a_wrong_key(ozon_mock, client):
    key = ozon_mock.add_key(api_key="temporary")
    assert roles_of(client, key).status_code == 200
    ozon_mock.revoke_key("temporary")
    assert roles_of(client, key).json()["code"] == 5
    assert client.post("/v1/roles", json={}).status_code == 200      # the seller's other key still works


def test_duplicate_seller_and_key_are_refused(ozon_mock):
    with pytest.raises(ValueError, match="already exists"):
        ozon_mock.add_seller(836)
    with pytest.raises(ValueError, match="already belongs"):
        ozon_mock.add_key(837, ozon_mock.api_key)
    with pytest.raises(ValueError, match="at least one role"):
        ozon_mock.add_key(roles=[])
    with pytest.raises(KeyError):
        ozon_mock.add_key(999)


def test_seller_sections_fill_data(ozon_mock, client):
    seller = ozon_mock.add_seller(warehouses=[{"name": "Склад"}], products={"count": 3})
    listed = client.post("/v3/product/list", json={"limit": 10}, headers=seller.headers).json()
    assert listed["result"]["total"] == 3
    with pytest.raises(ValueError, match="unknown seller section"):
        ozon_mock.add_seller(bananas=3)


# --- control API -----------------------------------------------------------------------------------
def test_control_api_creates_and_lists_sellers(ozon_mock, client):
    created = client.post("/__ozmock/sellers", json={"client_id": 901, "name": "Shop", "api_key": "k-901",
                                                     "roles": ["Posting FBO"], "expires_in": 3600}).json()
    assert created["client_id"] == 901
    assert created["keys"] == [{"key": "k-901", "name": "default", "roles": ["Posting FBO"],
                                "expires_at": "2026-01-15T10:00:00.000Z", "revoked": False}]
    listed = client.get("/__ozmock/sellers").json()["sellers"]
    assert [s["client_id"] for s in listed] == [836, 837, 901]
    assert client.get("/__ozmock/sellers/901").json()["name"] == "Shop"
    assert client.post("/v1/roles", json={}, headers={"Client-Id": "901", "Api-Key": "k-901"}).status_code == 200


def test_control_api_keys_and_revocation(ozon_mock, client):
    key = client.post("/__ozmock/sellers/836/keys", json={"api_key": "second", "roles": ["Chat"]}).json()
    assert key == {"key": "second", "name": "default", "roles": ["Chat"], "expires_at": None, "revoked": False}
    headers = {"Client-Id": "836", "Api-Key": "second"}
    assert client.post("/v1/roles", json={}, headers=headers).status_code == 200
    assert client.delete("/__ozmock/sellers/836/keys/second").json()["revoked"] is True
    assert client.post("/v1/roles", json={}, headers=headers).status_code == 404
    assert len(client.get("/__ozmock/sellers/836/keys").json()["keys"]) == 2


def test_control_api_errors(client):
    assert client.post("/__ozmock/sellers", json={"client_id": 836}).status_code == 409
    assert client.post("/__ozmock/sellers", json={"client_id": 902, "colour": "red"}).status_code == 400
    assert client.post("/__ozmock/sellers", json={"roles": []}).status_code == 400
    assert client.post("/__ozmock/sellers", json={"expires_at": "tomorrow"}).status_code == 400
    assert client.get("/__ozmock/sellers/12345").status_code == 404
    assert client.delete("/__ozmock/sellers/836/keys/nope").status_code == 404
    assert client.post("/__ozmock/sellers/12345/keys", json={}).status_code == 404


def test_control_api_deletes_a_seller(client):
    client.post("/__ozmock/sellers", json={"client_id": 903, "api_key": "k-903"})
    assert client.delete("/__ozmock/sellers/903").status_code == 200
    assert client.post("/v1/roles", json={}, headers={"Client-Id": "903", "Api-Key": "k-903"}).status_code == 404


def test_scenario_keys_with_roles_and_expiry(tmp_path):
    from ozmock import OzonMock
    scenario = tmp_path / "keys.yaml"
    scenario.write_text("clock: {start: '2026-05-01T08:00:00Z'}\nsellers:\n  - client_id: 900\n    api_keys:\n"
                        "      - {key: fbs-only, roles: [Posting FBS], expires_at: '2026-05-02T00:00:00Z'}\n")
    with OzonMock(scenario) as ozon, ozon.client() as client:
        assert client.post("/v3/product/list", json={}).status_code == 403
        assert client.post("/v1/roles", json={}).json()["expires_at"] == "2026-05-02T00:00:00.000Z"
        ozon.advance(days=1)
        assert client.post("/v1/roles", json={}).status_code == 404


# --- the role table ----------------------------------------------------------------------------------
def test_every_operation_has_a_known_role():
    for operation in load_catalog():
        needed = required_roles(operation)
        assert needed <= set(ROLES), (operation.path, needed)
        assert operation.group in ROLE_BY_GROUP or operation.group in ROLE_BY_PATH, operation.group


@pytest.mark.parametrize("path, role", [
    ("/v3/product/import", "Product"), ("/v1/product/import/prices", "Prices"), ("/v2/products/stocks", "Stocks"),
    ("/v3/posting/fbs/list", "Posting FBS"), ("/v2/posting/fbo/list", "Posting FBO"),
    ("/v3/finance/transaction/list", "Finance"), ("/v1/analytics/data", "Analytics"), ("/v3/chat/list", "Chat"),
    ("/v1/finance/balance", "Finance"), ("/v1/warehouse/list", "Warehouse"),
])
def test_role_table_examples(path, role):
    operation = next(op for op in load_catalog() if op.path == path)
    assert required_roles(operation) == {role}


def test_roles_outside_the_documented_list_are_refused(ozon_mock, client):
    answer = client.post("/__ozmock/sellers/836/keys", json={"roles": ["Nope"]})
    assert answer.status_code == 400 and answer.json()["code"] == 3
    assert answer.json()["message"].startswith("unknown role 'Nope'; roles: Admin, Product, Prices,")
    answer = client.post("/__ozmock/sellers/836/keys", json={"roles": ["Posting FBS", "Posting FSB"]})
    assert answer.json()["message"] == "unknown role 'Posting FSB'; did you mean 'Posting FBS'?"
    with pytest.raises(ValueError, match="unknown role 'admin'; did you mean 'Admin'"):
        ozon_mock.add_seller(roles=["admin"])
    assert [key["roles"] for key in client.get("/__ozmock/sellers/836/keys").json()["keys"]] == [["Admin"]]
    assert sorted(ozon_mock.sellers) == [836, 837]                       # nothing was added
