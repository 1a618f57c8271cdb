"""Which request fields the published Python clients make optional, as facts for the rule table.

    pip install ozon-sdk==0.2.0 ozonapi-async==0.89.0     # in a throw-away environment
    python tools/client_fields.py                         # writes tools/client_request_fields.json

Only facts are kept (per operation, each top-level request field and whether the client's request
model requires it), never the clients' code. `tools/contract_table.py` reads the file: a field
optional in every published client is a field real clients omit, so the live API cannot require it.
"""
from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
from pathlib import Path

EVIDENCE = Path(__file__).resolve().parent / "client_request_fields.json"
OZON_SDK, OZONAPI = "ozon-sdk 0.2.0", "ozonapi-async 0.89.0"


def _ozon_sdk_fields() -> dict[str, dict[str, bool]]:
    """`METHOD /path` -> {field: required} from ozon-sdk's method classes (msgspec structs)."""
    import msgspec    # optional: present only where the published clients are installed
    seller_api = importlib.import_module("ozon_sdk.seller_api")
    found: dict[str, dict[str, bool]] = {}
    for module in pkgutil.walk_packages(seller_api.__path__, "ozon_sdk.seller_api."):
        if not module.name.endswith(".methods"):
            continue
        for cls in vars(importlib.import_module(module.name)).values():
            path = inspect.isclass(cls) and cls.__dict__.get("__path__")
            if not isinstance(path, str):
                continue
            body = getattr(cls, "__body_fields__", None) or {}
            fields = msgspec.structs.fields(cls)
            found[f"{getattr(cls, '__http_method__', 'POST')} {path}"] = {
                body[f.name]: f.required for f in fields if f.name in body}
    return found


def _ozonapi_fields() -> dict[str, dict[str, bool]]:
    """operationId -> {field: required} from ozonapi-async's pydantic request models."""
    schemas = importlib.import_module("ozonapi.seller.schemas")
    found: dict[str, dict[str, bool]] = {}
    for module in pkgutil.walk_packages(schemas.__path__, "ozonapi.seller.schemas."):
        loaded = importlib.import_module(module.name)
        doc = (loaded.__doc__ or "").strip()
        if "#operation/" not in doc:
            continue
        operation_id = doc.split("#operation/")[1].split()[0]
        for name, cls in vars(loaded).items():
            if inspect.isclass(cls) and name.endswith("Request") and cls.__module__ == loaded.__name__ \
                    and hasattr(cls, "model_fields"):
                found[operation_id] = {(f.alias or n): f.is_required() for n, f in cls.model_fields.items()}
    return found


def main() -> None:
    EVIDENCE.write_text(json.dumps({OZON_SDK: _ozon_sdk_fields(), OZONAPI: _ozonapi_fields()},
                                   indent=1, sort_keys=True) + "\n")



if __name__ == "__main__":
    main()
