"""The two published clients as the suite sees them: every operation each exposes (found by
introspection, not listed by hand), and one call of an operation judged the same way for both.

A call passes when ozmock answers 2xx with a non-empty body and the client's own model parses it
(the client returns without raising, and returns its declared model)."""
from __future__ import annotations

import inspect
import re
import typing
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any

import httpx
import ozon_sdk.seller_api.basic.methods
import ozon_sdk.seller_api.beta.methods
import ozon_sdk.seller_api.delivery.methods
import ozon_sdk.seller_api.premium.methods
import pydantic
from ozon_sdk import SellerAPI as SdkSeller
from ozon_sdk.base.method import BaseMethod
from ozonapi.seller import SellerAPI as OzonapiSeller
from ozonapi.seller import SellerAPIConfig
from ozonapi.seller.core import APIManager

from ozmock import OzonMock
from ozmock.catalog import load_catalog
from tests.compat.build import Plan, accepted, pydantic_request, sdk_request

SDK = "ozon-sdk"
OZONAPI = "ozonapi-async"
VERSIONS = {SDK: version("ozon-sdk"), OZONAPI: version("ozonapi-async")}
SDK_MODULES = (ozon_sdk.seller_api.basic.methods, ozon_sdk.seller_api.beta.methods,
               ozon_sdk.seller_api.delivery.methods, ozon_sdk.seller_api.premium.methods)
CATALOG = load_catalog()


@dataclass(frozen=True)
class Operation:
    """One operation a client exposes: its name in the client, the HTTP call, how to make it."""

    client: str
    name: str
    method: str
    path: str
    target: Any          # ozon-sdk: the method class; ozonapi-async: the coroutine function

    def schema(self) -> dict:
        """The documented request schema, for required fields and value hints ({} when unknown)."""
        try:
            return CATALOG.get(self.method, self.path).request_schema or {}
        except (KeyError, StopIteration):     # an operation ozmock's catalogue does not have
            return {}


def sdk_operations() -> list[Operation]:
    found = []
    for module in SDK_MODULES:
        for name, cls in vars(module).items():
            if isinstance(cls, type) and issubclass(cls, BaseMethod) and cls.__module__ == module.__name__:
                found.append(Operation(SDK, name, cls.__http_method__, cls.__path__, cls))
    return sorted(found, key=lambda op: op.name)


ENDPOINT = re.compile(r'method="(\w+)",\s*api_version="(v\d+)",\s*endpoint=f?"([^"]+)"')


def ozonapi_operations() -> list[Operation]:
    found = []
    for name, function in inspect.getmembers(OzonapiSeller, inspect.iscoroutinefunction):
        if name.startswith("_") or hasattr(APIManager, name):
            continue
        call = ENDPOINT.search(inspect.getsource(function))
        method, path = (call[1].upper(), f"/{call[2]}/{call[3]}") if call else ("POST", "")
        found.append(Operation(OZONAPI, name, method, path, function))
    return sorted(found, key=lambda op: op.name)


def operations(client: str) -> list[Operation]:
    return sdk_operations() if client == SDK else ozonapi_operations()


class Recorder(httpx.AsyncBaseTransport):
    """ozmock's in-process transport, keeping the last answer the client received."""

    def __init__(self, inner: httpx.AsyncBaseTransport):
        self.inner = inner
        self.last: httpx.Response | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        await response.aread()
        self.last = response
        return response


def sdk_client(ozon: OzonMock, recorder: Recorder) -> SdkSeller:
    return SdkSeller(ozon.client_id, ozon.api_key, base_url="http://ozon.mock", transport=recorder,
                     max_retries=0)


def ozonapi_client(ozon: OzonMock) -> OzonapiSeller:
    config = SellerAPIConfig(base_url=ozon.base_url, max_retries=0, max_requests_per_second=50,
                             request_timeout=20)
    return OzonapiSeller(client_id=ozon.client_id, api_key=ozon.api_key, config=config)


def request_of(op: Operation, plan: Plan, typical: bool) -> tuple:
    """The positional arguments of the call: a request model built from the client's own model."""
    if op.client == SDK:
        return (accepted(lambda p: sdk_request(op.target, p, op.schema()), plan, typical),)
    hints = typing.get_type_hints(op.target)
    args = []
    for name in list(inspect.signature(op.target).parameters)[1:]:
        model = hints.get(name)
        if isinstance(model, type) and issubclass(model, pydantic.BaseModel):
            args.append(accepted(lambda p, m=model: pydantic_request(m, p, op.schema()), plan, typical))
        else:
            args.append(plan.world.lookup(name, op.path) or "compat")
    return tuple(args)


async def invoke(op: Operation, api: Any, args: tuple) -> Any:
    if op.client == SDK:
        return await args[0].emit(api)
    return await op.target(api, *args)


def parsed(op: Operation, result: Any) -> bool:
    """The client returned its declared model (or, without one, anything but a failure)."""
    if op.client == SDK:
        returns = getattr(op.target, "__returns__", None)
        return returns is None or isinstance(result, (typing.get_origin(returns) or returns, bytes))
    declared = typing.get_type_hints(op.target).get("return")
    declared = typing.get_origin(declared) or declared
    return not isinstance(declared, type) or isinstance(result, declared)

