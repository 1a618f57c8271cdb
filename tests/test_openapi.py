"""`/openapi.json`: valid OpenAPI (as openapi-spec-validator judges it) and true to what is served."""
from __future__ import annotations

import pytest
from openapi_spec_validator import validate

from ozmock import OzonMock
from ozmock.registry import FILE_ANSWERS, FORMS


@pytest.fixture(scope="module")
def document():
    with OzonMock() as ozon, ozon.client() as client:
        yield client.get("/openapi.json").json()


def test_the_document_is_valid_openapi(document):
    validate(document)


def test_recursive_definitions_resolve_inside_the_document(document):
    tree = document["paths"]["/v1/description-category/tree"]["post"]
    ref = tree["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["result"]["items"]["$ref"]
    name = ref.removeprefix("#/components/schemas/")
    node = document["components"]["schemas"][name]
    assert node["properties"]["children"]["items"]["$ref"] == ref


def test_media_types_are_those_served(document, ozon, client):
    answers = {(method.upper(), path): item["responses"]["200"]["content"]
               for path, methods in document["paths"].items() for method, item in methods.items()}
    files = {key: media for key, media in answers.items() if "application/json" not in media}
    assert {key: list(media) for key, media in files.items()} == {key: [kind] for key, kind in FILE_ANSWERS.items()}
    assert {"application/pdf", "image/png"} <= set(FILE_ANSWERS.values())
    bodies = {(method.upper(), path): set(item["requestBody"]["content"])
              for path, methods in document["paths"].items() for method, item in methods.items()
              if "requestBody" in item}
    assert {key for key, kinds in bodies.items() if "multipart/form-data" in kinds} == FORMS
    giveout = answers[("POST", "/v1/return/giveout/get-png")]
    assert list(giveout) == ["application/json"]
    assert client.post("/v1/return/giveout/get-png", json={}).headers["content-type"] == "application/json"
