import pytest

from ozmock import OzonMock


@pytest.fixture
def ozon():
    """A strict in-process fake on the default scenario."""
    with OzonMock(strict=True) as mock:
        yield mock


@pytest.fixture
def client(ozon):
    with ozon.client() as client:
        yield client
