import pytest

from ozmock import OzonMock


@pytest.fixture
def ozon():
    """A strict in-process fake on the default scenario (sellers 836 and 837)."""
    with OzonMock(strict=True, rate_limit_per_second=None) as mock:
        yield mock


@pytest.fixture
def client(ozon):
    with ozon.client() as client:
        yield client


@pytest.fixture
def other(ozon):
    """The second seller of the default scenario."""
    with ozon.client(ozon.credentials_for(837)) as client:
        yield client


def ok(response):
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture
def fetch(client):
    """GET a file URL ozmock handed out (report file, chat file, voucher codes): served by the app itself."""
    return client.get


def orders(ozon, client_id=836, count=1, scheme="fbs", **options):
    """New postings for a seller (the orders area's Python API)."""
    from ozmock.domain.orders.entry import create_orders
    return create_orders(ozon.world, ozon.seller(client_id), count, scheme=scheme, **options)
