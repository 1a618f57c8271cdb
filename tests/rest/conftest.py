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
