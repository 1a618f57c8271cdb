"""Placeholder: replaced by the generator (schema-valid, deterministic bodies)."""
from __future__ import annotations

import copy


def generated_response(operation, body, world):
    if operation.example_response is not None:
        return copy.deepcopy(operation.example_response), "example"
    return {}, "generated"
