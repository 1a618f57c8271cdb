"""Stateful behaviour, one package per area (`access`, `catalogue`, `products`, `warehouses`,
`orders`, `promotions`, `communication`, `money`, `push`) over a shared `kit`.

Importing this package imports every module of every area, so each handler, state area, scenario
seeder, settler and timing/limit key registers itself: nothing is listed by hand, and a new module
cannot be forgotten.
"""
from __future__ import annotations

import importlib
import pkgutil


def _import_areas() -> None:
    for module in pkgutil.walk_packages(__path__, f"{__name__}."):
        importlib.import_module(module.name)


_import_areas()
