"""Contract warnings: what a request relied on that the documents say but the live API does not
enforce (a documented `required` field left out, `limit: 0`), and calls to deprecated or switched-off
operations. Each is answered normally with an `x-ozmock-warning` header and recorded in the journal
(`GET /__ozmock/warnings`); strict-requests mode refuses the request instead, naming the field."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import OzonError

HEADER = "x-ozmock-warning"


@dataclass(frozen=True)
class ContractWarning:
    field: str        # the request field, or `METHOD /path` for a lifecycle warning
    rule: str         # the documented rule the request relied on not being enforced
    note: str = ""    # what ozmock did instead

    @property
    def text(self) -> str:
        return f"{self.field}: {self.rule}"

    def describe(self) -> str:
        return f"{self.text} ({self.note})" if self.note else self.text


def lifecycle_warning(operation: Any, life: Any) -> ContractWarning | None:
    """The warning for calling a deprecated or removed operation (its `Lifecycle` on the world's
    `api_date`, `ozmock/lifecycle.py`): since when, and what replaces it."""
    if life.status not in ("deprecated", "removed"):
        return None
    day = life.removed_on if life.status == "removed" else life.deprecated_on
    rule = "switched off" if life.status == "removed" else "deprecated"
    rule += f" since {day.isoformat()}" if day else " by Ozon"
    if life.status == "deprecated" and life.removed_on:
        rule += f", removal {life.removed_on.isoformat()}"
    note = f"use {life.replacement}" if life.replacement else "no documented replacement"
    return ContractWarning(f"{operation.method} {operation.path}", rule, note)


def header_value(warnings: list[ContractWarning]) -> str:
    """All warnings in one header line (latin-1 safe, as HTTP headers must be)."""
    text = "; ".join(warning.describe() for warning in warnings)
    return text.encode("latin-1", "replace").decode("latin-1")


def strict_refusal(warning: ContractWarning) -> OzonError:
    """Strict-requests mode: the warning becomes the live API's 400, naming the field."""
    return OzonError(3, warning.text)
