"""Read ../shared/reference/operations.tsv: every operation Ozon ever documented, with its lifecycle dates.

The table's facts carry over as they are; one gap is filled by inference, and marked as such: a row
whose note says "removed before ..." without a removal date is taken as removed on the date of the
first dated copy of Ozon's spec that no longer lists it (see docs/assumptions.md).
"""

from __future__ import annotations

import csv
import pathlib
from dataclasses import dataclass, field

COLUMNS = ("method", "path", "sources", "has_schema", "first_seen", "deprecated_on", "removed_on",
           "replaced_by", "note")


@dataclass
class Row:
    method: str
    path: str
    sources: list[str]
    has_schema: bool
    first_seen: str
    deprecated_on: str
    removed_on: str
    replaced_by: str
    note: str
    removal_inferred: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        return self.method, self.path

    def lifecycle_meta(self) -> dict:
        """The operation block's lifecycle facts (dates as ISO strings, empty when unknown)."""
        meta = {"first_seen": self.first_seen, "deprecated_on": self.deprecated_on, "removed_on": self.removed_on,
                "replaced_by": self.replaced_by, "note": self.note}
        if self.removal_inferred:
            meta["removal_inferred"] = True
        return meta


def split_sources(text: str) -> list[str]:
    """`seed:004;history:burstx,gam6itko` -> ["seed:004", "history:burstx", "history:gam6itko"]."""
    out: list[str] = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        prefix, _, names = part.partition(":")
        if prefix == "history" and names:
            out += [f"history:{name.strip()}" for name in names.split(",") if name.strip()]
        else:
            out.append(part)
    return out


def read_table(path: pathlib.Path) -> list[Row]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t")
        header = next(reader)
        if tuple(header[:len(COLUMNS)]) != COLUMNS:
            raise SystemExit(f"{path}: unexpected columns {header}")
        rows = []
        for cols in reader:
            if not cols or not cols[0].strip():
                continue
            cols = [c.strip() for c in cols] + [""] * (len(COLUMNS) - len(cols))
            rows.append(Row(method=cols[0].upper(), path=cols[1], sources=split_sources(cols[2]),
                            has_schema=cols[3] == "yes", first_seen=cols[4], deprecated_on=cols[5],
                            removed_on=cols[6], replaced_by=cols[7], note=cols[8]))
    return rows


def infer_removals(rows: list[Row], copies: list[tuple[str, set[tuple[str, str]]]]) -> None:
    """Fill `removed_on` for rows the table says were removed without a date.

    `copies` are (date, operations) of the dated spec copies, oldest first. The removal date is the date
    of the first copy, after the operation's first sighting and after the last copy listing it, that
    does not list it.
    """
    for row in rows:
        if row.removed_on or not row.note.startswith("removed before"):
            continue
        listed = [date for date, ops in copies if row.key in ops]
        after = max(listed + [row.first_seen or ""])
        missing = [date for date, ops in copies if date > after and row.key not in ops]
        if missing:
            row.removed_on = missing[0]
            row.removal_inferred = True
