"""Every error rule of the live API, asserted by status, gRPC code and message."""
import pytest

from ozmock import OzonMock

KEY = "0296d4f2-70a1-4c09-b507-904fd05567b9"


def error_of(response):
    body = response.json()
    assert set(body) == {"code", "message", "details"}, body
    assert isinstance(body["details"], list)
    return response.status_code, body["code"], body["message"]


@pytest.mark.parametrize("headers", [{}, {"Client-Id": "836"}, {"Api-Key": KEY}, {"Client-Id": "", "Api-Key": KEY}])
def test_missing_credentials_answer_401_code_16(ozon, headers):
    with ozon.client() as client:
        client.headers.clear()
        response = client.post("/v3/product/list", json={}, headers=headers)
    assert error_of(response) == (401, 16, "Client-Id and Api-Key headers are required")


@pytest.mark.parametrize("client_id", ["abc", "-5", "0", "83.6", "836x"])
def test_non_integer_client_id_answers_400_code_3(client, client_id):
    response = client.post("/v3/product/list", json={}, headers={"Client-Id": client_id})
    assert error_of(response) == (400, 3, "Client-Id header value should be positive integer")


@pytest.mark.parametrize("client_id,key", [("836", "wrong-key"), ("999", KEY),
                                           ("837", KEY)])
def test_unknown_pair_answers_404_code_5(client, client_id, key):
    response = client.post("/v3/product/list", json={}, headers={"Client-Id": client_id, "Api-Key": key})
    assert error_of(response) == (404, 5, "Invalid Api-Key, please check the key and try again")


def test_body_that_is_not_json_names_the_problem(client):
    response = client.post("/v3/product/list", content=b"{not json", headers={"Content-Type": "application/json"})
    status, code, message = error_of(response)
    assert (status, code) == (400, 3) and "not valid JSON" in message


@pytest.mark.parametrize("body,kind", [(b"[1, 2]", "array"), (b'"text"', "string"), (b"42", "integer")])
def test_body_of_wrong_json_type(client, body, kind):
    status, code, message = error_of(client.post("/v3/product/list", content=body))
    assert (status, code) == (400, 3) and f"expected a JSON object, got {kind}" in message


def test_wrong_field_type_names_the_field(client):
    status, code, message = error_of(client.post("/v3/product/list", json={"filter": {"visibility": True}}))
    assert (status, code) == (400, 3)
    assert message.startswith("filter.visibility: ")
    status, code, message = error_of(client.post("/v3/product/list", json={"filter": {"visibility": 99}}))
    assert (status, code, message) == (400, 3, "filter.visibility: value must be one of the defined enum values")


def test_missing_required_field_names_the_field_in_a_warning(client):
    answer = client.post("/v1/product/import/info", json={})
    assert "task_id: value is required" in answer.headers["x-ozmock-warning"]
    with OzonMock(strict_requests=True) as strict, strict.client() as strict_client:
        status, code, message = error_of(strict_client.post("/v1/product/import/info", json={}))
    assert (status, code, message) == (400, 3, "task_id: value is required")


def test_value_outside_enum_lists_the_allowed_values(client):
    status, code, message = error_of(client.post("/v3/product/list", json={"filter": {"visibility": "SOMETIMES"}}))
    assert (status, code) == (400, 3)
    assert message.startswith("filter.visibility: value must be in list [") and "ALL" in message


def test_string_longer_than_documented_names_item_and_field(client):
    item = {"offer_id": "x" * 51, "name": "Кружка", "description_category_id": 17028922, "type_id": 91565,
            "price": "100", "vat": "0.2", "attributes": [], "height": 10, "width": 10, "depth": 10,
            "dimension_unit": "mm", "weight": 100, "weight_unit": "g"}
    status, code, message = error_of(client.post("/v3/product/import", json={"items": [item]}))
    assert (status, code, message) == (400, 3, "items[0].offer_id: value length must be at most 50 runes")


def test_too_many_items_names_the_limit(client):
    item = {"offer_id": "A-1", "name": "Кружка", "description_category_id": 17028922, "type_id": 91565,
            "price": "100", "vat": "0.2", "attributes": []}
    status, code, message = error_of(client.post("/v3/product/import", json={"items": [item] * 101}))
    assert (status, code, message) == (400, 3, "items: value must contain no more than 100 item(s)")


def test_numbers_out_of_range_are_refused(client):
    status, code, message = error_of(client.post("/v3/product/list", json={"limit": 100000}))
    assert (status, code) == (400, 3) and message.startswith("limit: value must be less than or equal to")


def test_unknown_path_answers_404_code_5(client):
    status, code, message = error_of(client.post("/v9/product/teleport", json={}))
    assert (status, code) == (404, 5) and "/v9/product/teleport" in message


def test_wrong_method_answers_405_with_empty_body(client):
    response = client.get("/v3/product/list")
    assert response.status_code == 405 and response.content == b""
    assert response.headers["allow"] == "POST"


def test_wrong_method_on_a_get_operation(client):
    response = client.post("/v1/actions", json={})
    assert response.status_code == 405 and response.content == b""


def test_rate_limit_per_seller_is_50_per_second_on_the_clock():
    with OzonMock() as ozon, ozon.client() as client:
        statuses = [client.post("/v3/product/list", json={}).status_code for _ in range(50)]
        assert statuses == [200] * 50
        refused = client.post("/v3/product/list", json={})
        assert error_of(refused) == (429, 8, "You have reached request rate limit per second")
        assert refused.headers["retry-after"] == "1"
        other = client.post("/v3/product/list", json={},
                            headers={"Client-Id": "837", "Api-Key": ozon.world.sellers[837].keys.popitem()[0]})
        ozon.clock.advance(1)
        assert client.post("/v3/product/list", json={}).status_code == 200
    assert other.status_code != 429  # the window is per seller


def test_rate_limit_can_be_turned_off():
    with OzonMock(rate_limit_per_second=None) as ozon, ozon.client() as client:
        assert {client.post("/v3/product/list", json={}).status_code for _ in range(120)} == {200}


def test_unexpected_exception_is_500_code_13_and_logged(ozon, client, caplog, monkeypatch):
    from ozmock import registry

    def broken(call):
        raise RuntimeError("boom")

    monkeypatch.setitem(registry.HANDLERS, ("POST", "/v1/seller/info"), broken)
    response = client.post("/v1/seller/info", json={})
    assert error_of(response) == (500, 13, "Internal error")
    assert "boom" in caplog.text


def test_every_response_carries_a_trace_id(client):
    seen = set()
    for response in (client.post("/v3/product/list", json={}), client.get("/v3/product/list"),
                     client.post("/nowhere"), client.post("/v3/product/list", json={"limit": "x"})):
        trace = response.headers["x-o3-trace-id"]
        assert len(trace) == 32 and trace not in seen
        seen.add(trace)


def test_tolerates_what_real_clients_send(client):
    # JSON without a Content-Type, an empty body, and null for optional fields
    assert client.post("/v3/product/list", content=b'{"limit": 5}', headers={"Content-Type": ""}).status_code == 200
    assert client.post("/v3/product/list", content=b"").status_code == 200
    assert client.post("/v3/product/list", json={"filter": None, "last_id": None, "limit": 5}).status_code == 200


def test_int64_as_numeric_string_is_accepted(client):
    assert client.post("/v3/product/list", json={"limit": "10"}).status_code == 200
    status, code, message = error_of(client.post("/v3/product/list", json={"limit": "ten"}))
    assert (status, code) == (400, 3) and message.startswith("limit: ")


def test_a_refused_request_changes_no_state(ozon, client):
    before = ozon.world.to_json()
    client.post("/v3/product/import", json={"items": [{"offer_id": "x" * 60}]})
    after = ozon.world.to_json()
    for document in (before, after):
        document.pop("clock")
    assert before["sellers"] == after["sellers"] and before["counters"] == after["counters"]


def test_path_parameters_are_typed(client):
    status, code, message = error_of(client.get("/v1/order/not-a-number"))
    assert (status, code) == (400, 3) and message.startswith("order_id: ")


def test_a_handler_may_answer_a_file_sent_as_raw_bytes(ozon, client, monkeypatch):
    from ozmock import registry

    pdf = b"%PDF-1.4\n% a label\n%%EOF\n"
    seen = {}

    def label(call):
        seen["base_url"] = call.base_url
        return registry.FileBody(pdf, "application/pdf", "label.pdf")

    monkeypatch.setitem(registry.HANDLERS, ("POST", "/v2/posting/fbs/package-label"), label)
    response = client.post("/v2/posting/fbs/package-label", json={"posting_number": ["1-1-1"]})
    assert response.status_code == 200 and response.content == pdf
    assert response.headers["content-type"] == "application/pdf"
    assert 'filename="label.pdf"' in response.headers["content-disposition"]
    assert seen["base_url"] == "http://ozon.mock"
    entry = ozon.journal.calls("/v2/posting/fbs/package-label")[-1]
    assert entry.response == {"file": "label.pdf", "media_type": "application/pdf", "bytes": len(pdf)}
