import pytest
from hypothesis import HealthCheck, given, settings

from ozmock.strategies import product_items
from shop_client import OzonClient


def test_lists_every_offer(shop, ozon_mock):
    offer_ids = shop.offer_ids()
    assert offer_ids and len(offer_ids) == len(set(offer_ids))
    ozon_mock.journal.assert_called("/v3/product/list")


@pytest.mark.ozon_scenario("empty")
def test_an_empty_shop(shop):
    assert shop.offer_ids() == []


@settings(max_examples=5, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(item=product_items())
def test_import_is_processed_as_time_passes(shop, ozon_mock, item):
    ozon_mock.reset()
    task_id = shop.import_products([item])
    assert shop.import_statuses(task_id) == {item["offer_id"]: "pending"}
    ozon_mock.clock.advance(60)
    assert shop.import_statuses(task_id) == {item["offer_id"]: "imported"}
    assert item["offer_id"] in shop.offer_ids()


def test_a_key_without_the_product_role(ozon_mock):
    fbs_only = ozon_mock.add_seller(roles=["Posting FBS"])
    client = OzonClient(fbs_only.client_id, fbs_only.api_key, transport=ozon_mock.transport)
    assert client.key_roles() == ["Posting FBS"]
    with pytest.raises(Exception, match="403"):
        client.offer_ids()
