"""Customers from and to CSV: `name,email,phone,city` in, deduplicated by normalised name or email."""
from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from peewee import JOIN

from crm_core.data.cells import spreadsheet_safe
from crm_core.data.csvfile import check_file, column_map, count_rows, read_chunks
from crm_core.data.customer_index import CustomerIndex, NewCustomer
from crm_core.data.report import (
    ImportReport,
    Problem,
    Progress,
    report_problems,
    unit_of_work,
    write_audit,
)
from crm_core.db import retrying
from crm_core.models import Customer, CustomerScore, User, utcnow
from crm_core.names import normalize_email, normalize_name, normalize_phone

COLUMNS = ("name", "email", "phone", "city")
FILLABLE = ("email", "phone", "city")  # a duplicate row may fill these when the customer lacks them
MAX_LENGTH = {"name": 200, "email": 254, "city": 120}  # the columns' sizes: PostgreSQL refuses longer
CHUNK_ROWS = 50_000
EXPORT_COLUMNS = ("name", "email", "phone", "city", "owner", "segment", "lifetime_value", "created_at",
                  "churn_risk", "p_alive", "expected_purchases_90d", "clv")  # scores: blank until `crm score`


def import_customers(path: str | Path, progress: Progress | None = None, actor: int | None = None) -> ImportReport:
    """Import the good rows, report the bad ones; a customer already known (by name_norm or email,
    in the database or earlier in the file) is never created twice: its empty fields are filled at most.
    An import that lost a lock race to a concurrent one is rolled back and run again."""
    return retrying(lambda: _import_customers(path, progress, actor))


def _import_customers(path: str | Path, progress: Progress | None, actor: int | None) -> ImportReport:
    path = check_file(path)
    columns = column_map(path, required=("name",), optional=FILLABLE)
    total = count_rows(path) if progress else 0
    report = ImportReport("customers")
    done = 0
    with unit_of_work(writes=True):
        merger = _Merger(report)
        for chunk in read_chunks(path, columns, COLUMNS, CHUNK_ROWS, collapse=("name", "city")):
            report.rows_read += len(chunk.frame)
            merger.merge(_validated(chunk.rows, chunk.frame, report))
            done += chunk.lines
            if progress:
                progress(done, max(total, done))
        write_audit(report, path.name, actor)
    return report


def _validated(rows: pd.Series, frame: pd.DataFrame, report: ImportReport) -> pd.DataFrame:
    """The good rows with normal forms (name_norm, email, phone); the bad ones go to the report."""
    frame = frame.replace(r"^'(?=[=+\-@\t\r])", "", regex=True)  # a cell our export made spreadsheet-safe
    norms, _ = _normalise_each(frame["name"], normalize_name)
    emails, bad_email = _normalise_each(frame["email"], normalize_email)
    phones, bad_phone = _normalise_each(frame["phone"], normalize_phone)
    problems: list[Problem] = [
        (frame["name"] == "", lambda r: "missing name"),
        ((frame["name"] != "") & (norms == ""), lambda r: f"name {r['name']!r} has no letters or digits"),
        (frame["name"].str.len() > MAX_LENGTH["name"], lambda r: f"name longer than {MAX_LENGTH['name']} characters"),
        (bad_email, lambda r: f"malformed email {r['email']!r}"),
        (emails.str.len() > MAX_LENGTH["email"],
         lambda r: f"email longer than {MAX_LENGTH['email']} characters"),
        (bad_phone, lambda r: f"bad phone {r['phone']!r}"),
        (frame["city"].str.len() > MAX_LENGTH["city"], lambda r: f"city longer than {MAX_LENGTH['city']} characters"),
    ]
    bad = report_problems(report, rows, frame, problems)
    good = frame[~bad]
    return pd.DataFrame({"name": good["name"], "name_norm": norms[~bad], "email": emails[~bad],
                         "phone": phones[~bad], "city": good["city"]})


def _normalise_each(values: pd.Series, normalise: Callable[[str], str | None]) -> tuple[pd.Series, pd.Series]:
    """(normal form, failed?) per value; each distinct value is normalised once."""
    forms: dict[str, str | None] = {}
    failed: set[str] = set()
    for value in values.unique().tolist():
        try:
            forms[value] = normalise(value)
        except ValueError:
            forms[value] = None
            failed.add(value)
    return values.map(forms), values.isin(failed)


class _Merger:
    """Decides, row after row, whether a good row creates a customer, fills one, or changes nothing."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        self.index = CustomerIndex()
        self.fields = {cid: {"email": e, "phone": p, "city": c} for cid, e, p, c in
                       Customer.select(Customer.id, Customer.email, Customer.phone, Customer.city).tuples().iterator()}
        self.pending: list[NewCustomer] = []  # created by this chunk; placeholder id -(position + 1)
        self.fills: dict[int, dict[str, str]] = {}

    def merge(self, good: pd.DataFrame) -> None:
        for name, norm, *optional in good.itertuples(index=False, name=None):
            email, phone, city = (value if isinstance(value, str) and value else None for value in optional)
            customer_id = self.index.find(norm, email)
            if customer_id is None:
                self.pending.append(NewCustomer(name, norm, email, phone, city))
                self.index.add(-len(self.pending), norm, email)
                self.report.created += 1
            elif customer_id < 0:
                self._fill(customer_id, vars(self.pending[-customer_id - 1]), email, phone, city)
                self.report.skipped += 1
            elif self._fill(customer_id, self.fields[customer_id], email, phone, city):
                self.report.updated += 1
            else:
                self.report.skipped += 1
        self._flush()

    def _fill(self, customer_id: int, current: dict, email: str | None, phone: str | None, city: str | None) -> bool:
        changed = False
        for field, value in zip(FILLABLE, (email, phone, city)):
            if value and not current[field]:
                current[field] = value
                changed = True
                if customer_id > 0:
                    self.fills.setdefault(customer_id, {})[field] = value
        if changed and email and current["email"] == email:
            self.index.add(customer_id, None, email)
        return changed

    def _flush(self) -> None:
        before = self.index.conflicts
        for customer, customer_id in zip(self.pending, self.index.create(self.pending)):
            self.fields[customer_id] = {"email": customer.email, "phone": customer.phone, "city": customer.city}
        self.pending.clear()
        raced = self.index.conflicts - before  # created by a concurrent import or chat meanwhile
        self.report.created -= raced
        self.report.skipped += raced
        now = utcnow()
        for customer_id, values in self.fills.items():
            Customer.update(**values, updated_at=now).where(Customer.id == customer_id).execute()
        self.fills.clear()


def _score(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def export_customers(path: str | Path) -> int:
    """Write every customer to a CSV file (the import's columns first); the number written."""
    owner = User.alias()
    query = (Customer.select(Customer.name, Customer.email, Customer.phone, Customer.city, owner.name,
                             Customer.segment, CustomerScore.lifetime_value, Customer.created_at,
                             CustomerScore.churn_risk, CustomerScore.p_alive, CustomerScore.expected_purchases_90d)
             .join(owner, JOIN.LEFT_OUTER, on=(Customer.owner == owner.id))
             .join(CustomerScore, JOIN.LEFT_OUTER, on=(CustomerScore.customer == Customer.id)).order_by(Customer.id))
    count = 0
    with unit_of_work(), Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(EXPORT_COLUMNS)
        for *fields, value, created_at, churn, alive, expected in query.tuples().iterator():
            value = "" if value is None else f"{value:.2f}"
            writer.writerow([*(spreadsheet_safe(f) for f in fields), value,
                             created_at.strftime("%Y-%m-%d %H:%M:%S") if created_at else "",
                             *(_score(x) for x in (churn, alive, expected)), value])
            count += 1
    return count
