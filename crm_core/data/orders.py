"""Orders from CSV (`customer,date,amount`, and optionally `currency`: ISO 4217, the deployment's CRM_CURRENCY when
absent or blank) in bulk: chunked reading, vectorised checks, deterministic row keys.

Each order's `row_key` hashes the customer (its email when the file names one, else its name_norm), the
date, the amount and how many times that same triple occurred earlier in the file: importing the file
again, or a file that repeats its rows, adds nothing, while true repeats within one file are kept."""
from __future__ import annotations

from hashlib import blake2b
from pathlib import Path

import numpy as np
import pandas as pd

from crm_core import clock
from crm_core.data.csvfile import (
    Chunk,
    check_file,
    column_map,
    count_rows,
    per_distinct,
    read_chunks,
)
from crm_core.data.customer_index import CustomerIndex, NewCustomer
from crm_core.data.order_writer import open_order_writer
from crm_core.data.report import (
    ImportReport,
    Problem,
    Progress,
    report_problems,
    unit_of_work,
    write_audit,
)
from crm_core.db import retrying
from crm_core.errors import ValidationError
from crm_core.names import normalize_email, normalize_name
from crm_core.services import validate
from crm_core.settings import get_settings

COLUMNS = ("customer", "date", "amount")
OPTIONAL = ("currency",)
CHUNK_ROWS = 100_000
MAX_AMOUNT = 10 ** 12  # Order.amount is DECIMAL(14, 2)
MAX_NAME = 200


def import_orders(path: str | Path, progress: Progress | None = None, actor: int | None = None) -> ImportReport:
    """Import the good rows in bulk, report the bad ones; customers the file names but the database
    lacks are created. An import that lost a lock race to a concurrent one is rolled back and run again."""
    return retrying(lambda: _import_orders(path, progress, actor))


def _import_orders(path: str | Path, progress: Progress | None, actor: int | None) -> ImportReport:
    path = check_file(path)
    columns = column_map(path, required=COLUMNS, optional=OPTIONAL)
    total = count_rows(path) if progress else 0
    report = ImportReport("orders")
    # "Future" means after today wherever today is latest, the server's zone or UTC: no false alarms.
    today = pd.Timestamp(clock.latest_today())
    done = 0
    with unit_of_work(writes=True):
        customers, keys, writer = _Customers(report), _RowKeys(), open_order_writer()
        for chunk in read_chunks(path, columns, COLUMNS + OPTIONAL, CHUNK_ROWS, collapse=("customer",)):
            report.rows_read += len(chunk.frame)
            orders = _validated(chunk, today, customers, report)
            if len(orders):
                orders["customer_id"] = customers.ids(orders["customer"])
                orders["row_key"] = keys.assign(orders["customer_key"], orders["date"], _money_key(orders))
                created = writer.write(orders)
                report.created += created
                report.skipped += len(orders) - created
            done += chunk.lines
            if progress:
                progress(done, max(total, done))
        write_audit(report, path.name, actor)
    return report


def _validated(chunk: Chunk, today: pd.Timestamp, customers: _Customers, report: ImportReport) -> pd.DataFrame:
    """The good rows as customer, customer_key, date (ISO), amount (2 decimals) and currency text; bad ones
    reported."""
    frame = chunk.frame
    customer, date, amount_text = frame["customer"], frame["date"], frame["amount"]
    currency = per_distinct(frame["currency"], _currency_codes)
    customer_key = customers.keys(customer)
    day = per_distinct(date, _parse_dates)
    amount = pd.to_numeric(amount_text, errors="coerce")
    problems: list[Problem] = [
        (customer == "", lambda r: "missing customer"),
        ((customer != "") & (customer_key == ""), lambda r: f"customer {r['customer']!r} has no letters or digits"),
        (customer.str.len() > MAX_NAME, lambda r: f"customer name longer than {MAX_NAME} characters"),
        (date == "", lambda r: "missing date"),
        ((date != "") & day.isna(), lambda r: f"bad date {r['date']!r} (use YYYY-MM-DD or YYYYMMDD)"),
        (day > today, lambda r: f"future date {r['date']!r}"),
        (amount_text == "", lambda r: "missing amount"),
        ((amount_text != "") & ~np.isfinite(amount), lambda r: f"bad amount {r['amount']!r}"),
        (amount < 0, lambda r: f"negative amount {r['amount']!r}"),
        (amount.round(2) >= MAX_AMOUNT, lambda r: f"amount {r['amount']!r} is too large"),
        (currency == "", lambda r: f"bad currency {r['currency']!r} (use an ISO 4217 code like USD, EUR or GBP)"),
    ]
    good = ~report_problems(report, chunk.rows, frame, problems)
    return pd.DataFrame({
        "customer": customer[good], "customer_key": customer_key[good],
        "date": per_distinct(day[good], lambda days: days.dt.strftime("%Y-%m-%d")),
        "amount": per_distinct(amount[good].round(2), lambda amounts: amounts.map("{:.2f}".format)),
        "currency": currency[good],
    })


def _currency_codes(cells: pd.Series) -> pd.Series:
    """Each cell as its ISO 4217 code ("eur" -> "EUR"; blank: the deployment's currency), '' when it is none."""
    default = get_settings().currency
    return cells.map(lambda cell: _code_or_blank(cell) if cell else default).astype("str")


def _code_or_blank(cell: str) -> str:
    try:
        return validate.currency(cell)
    except ValidationError:
        return ""


def _money_key(orders: pd.DataFrame) -> pd.Series:
    """The amount, and its currency when not the deployment's: files without a currency column keep their keys."""
    foreign = orders["currency"] != get_settings().currency
    return orders["amount"].where(~foreign, orders["amount"] + " " + orders["currency"])


def _parse_dates(text: pd.Series) -> pd.Series:
    """YYYY-MM-DD or YYYYMMDD as datetime64; NaT for anything else, impossible dates included."""
    shaped = text.str.fullmatch(r"\d{4}-\d{2}-\d{2}") | text.str.fullmatch(r"\d{8}")
    return pd.to_datetime(text.str.replace("-", "", regex=False).where(shaped), format="%Y%m%d", errors="coerce")


class _Customers:
    """The customer of each row: by email when the cell is an address, else by normalised name."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        self.index = CustomerIndex()
        self.identity: dict[str, tuple[str, str | None]] = {}  # cell -> (name_norm, email)
        self.key_of: dict[str, str] = {}  # cell -> its part of the row key
        self.id_of: dict[str, int] = {}  # cell -> customer id

    def keys(self, cells: pd.Series) -> pd.Series:
        """The row-key part naming the customer ('' when the cell names nothing usable)."""
        return per_distinct(cells, self._keys_of_distinct)

    def _keys_of_distinct(self, cells: pd.Series) -> pd.Series:
        cells_list = cells.tolist()  # iterating a list is much faster than iterating a pandas string array
        for cell in cells_list:
            if cell not in self.key_of:
                norm, email = normalize_name(cell), _email_or_none(cell)
                self.identity[cell] = (norm, email)
                self.key_of[cell] = email or norm
        return pd.Series([self.key_of[cell] for cell in cells_list], index=cells.index, dtype="str")

    def ids(self, cells: pd.Series) -> pd.Series:
        """Customer ids of the cells, creating in bulk the customers the database lacks."""
        unknown = [cell for cell in cells.unique().tolist() if cell not in self.id_of]  # known: from earlier chunks
        missing: dict[str, NewCustomer] = {}
        for cell in unknown:
            norm, email = self.identity[cell]
            if self.index.find(norm, email) is None and norm not in missing:
                missing[norm] = NewCustomer(cell, norm, email)
        before = self.index.conflicts
        self.report.customers_created += len(self.index.create(missing.values())) - (self.index.conflicts - before)
        for cell in unknown:
            self.id_of[cell] = self.index.find(*self.identity[cell])
        return per_distinct(cells, self._ids_of_distinct)

    def _ids_of_distinct(self, cells: pd.Series) -> pd.Series:
        return pd.Series([self.id_of[cell] for cell in cells.tolist()], index=cells.index)


def _email_or_none(cell: str) -> str | None:
    if "@" not in cell:
        return None
    try:
        return normalize_email(cell)
    except ValueError:
        return None


class _RowKeys:
    """Deterministic, unique row keys: see the module's docstring."""

    def __init__(self) -> None:
        self.seen = pd.Series(dtype="float64")  # 64-bit hash of a triple -> times seen in earlier chunks

    def assign(self, customer_key: pd.Series, date: pd.Series, amount: pd.Series) -> list[str]:
        triple = customer_key + "|" + date + "|" + amount
        hashed = pd.util.hash_pandas_object(triple, index=False)
        # A collision of this 64-bit hash only shifts occurrence numbers: keys stay unique and repeatable.
        occurrence = hashed.map(self.seen).fillna(0).astype("int64") + hashed.groupby(hashed).cumcount()
        self.seen = self.seen.add(hashed.value_counts(), fill_value=0)
        return [blake2b(text.encode(), digest_size=16).hexdigest()
                for text in (triple + "|" + occurrence.astype(str))]
