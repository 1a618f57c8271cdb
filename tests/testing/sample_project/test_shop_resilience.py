import httpx
import pytest
from hypothesis import given

from ozmock.strategies import responses
from shop_client import OzonClient, fbs_stock_by_offer


def test_retries_a_rate_limited_page(shop, ozon_mock):
    ozon_mock.faults.add("/v3/product/list", status=429, nth=1)
    assert shop.offer_ids()
    ozon_mock.journal.assert_called("/v3/product/list", status=429, times=1)


def test_retries_server_errors(shop, ozon_mock):
    ozon_mock.faults.add("/v1/roles", status=500, times=2)
    assert shop.key_roles() == ["Admin"]
    assert ozon_mock.journal.count("/v1/roles") == 3


def test_gives_up_after_three_attempts(shop, ozon_mock):
    ozon_mock.faults.add("/v1/roles", status=503)
    with pytest.raises(httpx.HTTPStatusError):
        shop.key_roles()


def test_an_expired_key(ozon_mock):
    short = ozon_mock.add_seller(expires_at=3600)
    client = OzonClient(short.client_id, short.api_key, transport=ozon_mock.transport)
    assert client.key_roles() == ["Admin"]
    ozon_mock.clock.advance(7200)
    with pytest.raises(httpx.HTTPStatusError, match="404"):
        client.key_roles()


@given(responses("POST /v4/product/info/stocks"))
def test_stock_parser_copes_with_every_valid_answer(body):
    parsed = fbs_stock_by_offer(body)
    assert all(isinstance(units, int) for units in parsed.values())
