"""The world as a JSON document: GET/PUT /__ozmock/state, `ozmock state export|import|compact`, and the
checks a document passes before it replaces a world."""
from __future__ import annotations

import json

import pytest

from ozmock.cli import main
from ozmock.domain.kit.ids import new_uuid
from ozmock.scenario import build_world
from ozmock.store import Store
from ozmock.world import World
from tests.store.test_saved import Saved, import_items


def test_state_export_and_import(ozon_mock):
    with ozon_mock.client() as client:
        client.post("/__ozmock/sellers", json={"client_id": 970, "api_key": "k-970"})
        client.post("/__ozmock/clock/advance", json={"seconds": 60})
        exported = client.get("/__ozmock/state?api_keys=show").json()
        assert exported["format"] == "ozmock-state/1"
        client.post("/__ozmock/reset", json={"scenario": "empty"})
        assert client.post("/v1/roles", json={}, headers={"Client-Id": "970", "Api-Key": "k-970"}).status_code == 404
        assert client.put("/__ozmock/state", json=exported).status_code == 200
        assert client.post("/v1/roles", json={}, headers={"Client-Id": "970", "Api-Key": "k-970"}).status_code == 200
        assert client.get("/__ozmock/clock").json()["now"] == "2026-01-15T09:01:00.000Z"
        refused = client.put("/__ozmock/state", json={"format": "something-else"})
        assert refused.status_code == 400 and "not an ozmock state document" in refused.json()["message"]


def test_the_random_generator_travels_with_the_document():
    world = build_world("default")
    handed_out = {new_uuid(world) for _ in range(3)}
    again = World.from_json(json.loads(json.dumps(world.to_json())))
    assert new_uuid(again) == new_uuid(world)             # continues where the exported world stopped
    assert new_uuid(again) not in handed_out


def test_a_document_from_before_saved_generators_does_not_repeat_its_uuids():
    world = build_world("default")
    document = world.to_json()
    del document["rng"]
    assert new_uuid(World.from_json(document)) != new_uuid(build_world("default"))


@pytest.mark.parametrize("change, reason", [
    (lambda d: d["sellers"][0]["areas"].__setitem__("products", []), "seller 836: products must be an object"),
    (lambda d: d["sellers"][0]["areas"]["products"].__setitem__("products", {}), "products.products must be an array"),
    (lambda d: d["counters"].__setitem__("product", 2**64), "counter 'product' is 18446744073709551616"),
    (lambda d: d.__setitem__("rng", [3, "x", None]), "rng is not a saved random generator state"),
])
def test_a_document_that_fails_the_state_schema_is_refused(change, reason):
    document = build_world("default").to_json()
    change(document)
    with pytest.raises(ValueError, match=reason.replace("(", r"\(")):
        World.from_json(document)


def test_export_import_and_compact_from_the_command_line(tmp_path, capsys):
    store, exported = tmp_path / "world.db", tmp_path / "world.json"
    served = Saved(store)
    for number in range(5):
        import_items(served.client, f"CLI-{number}")
    document = served.world.to_json()
    served.client.close()
    served.saved.store.close()

    assert main(["state", "--state-file", str(store), "export", str(exported)]) == 0
    assert json.loads(exported.read_text()) == json.loads(json.dumps(document))
    assert main(["state", "--state-file", str(store), "compact"]) == 0
    compacted = Store(store)
    assert compacted.entries_since_snapshot() == 0
    compacted.close()

    other = tmp_path / "copy" / "world.db"
    assert main(["state", "--state-file", str(other), "import", str(exported)]) == 0
    copied = Saved(other)
    assert copied.world.to_json() == json.loads(json.dumps(document))
    copied.saved.store.close()


def test_the_state_command_refuses_in_one_line(tmp_path, capsys):
    assert main(["state", "--state-file", str(tmp_path / "none.db"), "export", str(tmp_path / "x.json")]) == 2
    assert capsys.readouterr().err.strip() == f"ozmock: state file {tmp_path / 'none.db'} does not exist"
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "ozmock-state/1"')
    assert main(["state", "--state-file", str(tmp_path / "s.db"), "import", str(bad)]) == 2
    assert "is corrupt or truncated JSON" in capsys.readouterr().err
