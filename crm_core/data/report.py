"""What an import reports, the audit row it writes, and the transaction it runs in."""
from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pandas as pd

from crm_core.db import database, write_transaction
from crm_core.models import AuditLog

Progress = Callable[[int, int], None]  # (rows done, rows in the file)
Problem = tuple[pd.Series, Callable[[pd.Series], str]]  # (mask of the rows that have it, what to say about one)

MAX_BAD_ROWS_KEPT = 1000  # all bad rows are counted; only this many are kept, so memory stays bounded


@dataclass(frozen=True)
class BadRow:
    row: int  # as in the file: the header is row 1, the first data row is row 2
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.reason}"


@dataclass
class ImportReport:
    """Every non-blank row read ends up as exactly one of created, updated, skipped or bad."""

    entity: str  # "customers" or "orders"
    rows_read: int = 0
    created: int = 0
    updated: int = 0  # rows that filled empty fields of a customer already in the database
    skipped: int = 0  # duplicates: already in the database or earlier in the file, nothing to change
    customers_created: int = 0  # orders only: customers the file named that did not exist
    bad: int = 0
    bad_rows: list[BadRow] = field(default_factory=list)  # the first MAX_BAD_ROWS_KEPT of them
    batch: str = field(default_factory=lambda: uuid.uuid4().hex)

    def summary(self) -> str:
        parts = [f"{self.rows_read} rows read", f"{self.created} created"]
        if self.entity in ("customers", "contacts"):
            parts.append(f"{self.updated} updated")
        parts.append(f"{self.skipped} " + ("already imported" if self.entity == "orders" else "duplicates skipped"))
        if self.entity == "orders":
            parts.append(f"{self.customers_created} customers created")
        parts.append(f"{self.bad} bad")
        return ", ".join(parts)


def report_problems(report: ImportReport, rows: pd.Series, frame: pd.DataFrame, problems: list[Problem]) -> pd.Series:
    """Count each row that has a problem and keep, up to the limit, its row number and all its reasons;
    the mask of those rows."""
    masks = [mask.fillna(False).astype(bool) for mask, _ in problems]
    bad = pd.Series(False, index=frame.index)
    for mask in masks:
        bad |= mask
    room = MAX_BAD_ROWS_KEPT - len(report.bad_rows)
    for label in frame.index[bad.to_numpy()][:max(room, 0)]:
        record = frame.loc[label]
        reasons = [say(record) for mask, (_, say) in zip(masks, problems) if mask[label]]
        report.bad_rows.append(BadRow(int(rows[label]), "; ".join(reasons)))
    report.bad += int(bad.sum())
    return bad


def write_audit(report: ImportReport, source: str, actor: int | None) -> None:
    AuditLog.insert(
        batch=report.batch, actor=actor, action=f"import_{report.entity}", entity=report.entity,
        op="create", description=f"import of {source}: {report.summary()}", channel="import",
    ).execute()


@contextmanager
def unit_of_work(writes: bool = False) -> Iterator[None]:
    """One transaction, on a connection opened for it unless the caller already holds one. One that `writes`
    takes SQLite's write lock at BEGIN: read-then-write would fail "database is locked" at once, busy
    timeout or not, whenever a bot committed in between."""
    opened_here = database.is_closed()
    if opened_here:
        database.connect()
    try:
        with write_transaction() if writes else database.atomic():
            yield
    finally:
        if opened_here:
            database.close()
