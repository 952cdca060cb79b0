"""Contacts from CSV: `name,customer,title,email,phone` (and `telegram`), upserted on (customer, normalised name)
or email. A customer is matched exactly by its normalised name (a bulk load never guesses); a row naming one we
don't know, or with a bad email or phone, is reported with its row number and reason. A contact already known
(in the database or earlier in the file) is never created twice: its empty fields are filled at most, so a
re-import adds nothing."""
from __future__ import annotations

from pathlib import Path

from crm_core.data.csvfile import check_file, column_map, count_rows, read_chunks
from crm_core.data.report import BadRow, ImportReport, MAX_BAD_ROWS_KEPT, Progress, unit_of_work, write_audit
from crm_core.db import retrying
from crm_core.errors import ValidationError
from crm_core.models import Contact, Customer, utcnow
from crm_core.names import fold, normalize_name
from crm_core.services.contacts import Fields, checked

COLUMNS = ("name", "customer", "title", "email", "phone", "telegram")
FILLABLE = ("title", "email", "phone", "telegram")  # a known contact's empty fields a row may fill
CHUNK_ROWS = 20_000
INSERT_BATCH = 500  # rows per INSERT (SQLite allows 32,766 parameters)


def import_contacts(path: str | Path, progress: Progress | None = None, actor: int | None = None) -> ImportReport:
    """Import the good rows, report the bad ones (all in one transaction, run again if it lost a lock race)."""
    return retrying(lambda: _import_contacts(path, progress, actor))


def _import_contacts(path: str | Path, progress: Progress | None, actor: int | None) -> ImportReport:
    path = check_file(path)
    columns = column_map(path, required=("name", "customer"), optional=FILLABLE)
    total = count_rows(path) if progress else 0
    report, done = ImportReport("contacts"), 0
    with unit_of_work(writes=True):
        merger = _Merger(report)
        for chunk in read_chunks(path, columns, COLUMNS, CHUNK_ROWS, collapse=("name", "customer", "title")):
            report.rows_read += len(chunk.frame)
            for row_number, row in zip(chunk.rows.tolist(), chunk.frame.itertuples(index=False)):
                merger.merge(row_number, row)
            merger.flush()
            done += chunk.lines
            if progress:
                progress(done, max(total, done))
        write_audit(report, path.name, actor)
    return report


class _Merger:
    """Row after row: create a contact, fill one's empty fields, skip a duplicate, or report a bad row. New
    contacts are inserted a chunk at a time; each known contact is a dict of its fields (id None until inserted)."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        self.customers = dict(Customer.select(Customer.name_norm, Customer.id).tuples().iterator())
        self.by_key: dict[tuple[int, str], dict] = {}
        self.by_email: dict[str, dict] = {}
        self.pending: list[dict] = []
        self.fills: dict[int, dict[str, str]] = {}
        fields = (Contact.id, Contact.customer, Contact.name_norm, *(getattr(Contact, f) for f in FILLABLE))
        for row in Contact.select(*fields).dicts().iterator():
            self._index(row)

    def _index(self, row: dict) -> None:
        self.by_key[(row["customer"], row["name_norm"])] = row
        if row["email"]:
            self.by_email[row["email"]] = row

    def merge(self, row_number: int, row: tuple) -> None:
        customer_id, fields, reason = self._checked(row)
        if reason is not None:
            self._bad(row_number, reason)
            return
        known = self.by_key.get((customer_id, fold(fields.name))) or self.by_email.get(fields.email or "")
        if known is None:
            self._create(customer_id, fields)
        elif self._fill(known, fields) and known["id"] is not None:
            self.report.updated += 1
        else:
            self.report.skipped += 1

    def _checked(self, row) -> tuple[int | None, Fields | None, str | None]:
        if not row.name:
            return None, None, "missing name"
        if not row.customer:
            return None, None, "missing customer"
        customer_id = self.customers.get(normalize_name(row.customer))
        if customer_id is None:
            return None, None, f"unknown customer {row.customer!r}"
        try:
            fields = checked(row.name, row.title or None, row.email or None, row.phone or None, row.telegram or None)
        except ValidationError as exc:
            return None, None, exc.message.rstrip(".")
        return customer_id, fields, None

    def _create(self, customer_id: int, fields: Fields) -> None:
        row = {"id": None, "customer": customer_id, "name_norm": fold(fields.name), "name": fields.name,
               **{f: getattr(fields, f) for f in FILLABLE}}
        self.pending.append(row)
        self._index(row)
        self.report.created += 1

    def _fill(self, known: dict, fields: Fields) -> bool:
        fills = {f: getattr(fields, f) for f in FILLABLE if getattr(fields, f) and not known[f]}
        if fills.get("email") in self.by_email:  # someone else's email: the rest still fills
            del fills["email"]
        if not fills:
            return False
        known.update(fills)
        self._index(known)
        if known["id"] is not None:
            self.fills.setdefault(known["id"], {}).update(fills)
        return True

    def flush(self) -> None:
        """Insert this chunk's new contacts and write its fills."""
        now = utcnow()
        for start in range(0, len(self.pending), INSERT_BATCH):
            batch = self.pending[start:start + INSERT_BATCH]
            Contact.insert_many([{k: v for k, v in row.items() if k != "id"} | {"created_at": now, "updated_at": now}
                                 for row in batch]).execute()
        self._learn_ids()
        for contact_id, values in self.fills.items():
            Contact.update(**values, updated_at=now).where(Contact.id == contact_id).execute()
        self.pending.clear()
        self.fills.clear()

    def _learn_ids(self) -> None:
        customers = sorted({row["customer"] for row in self.pending})
        for start in range(0, len(customers), INSERT_BATCH):
            query = Contact.select(Contact.id, Contact.customer, Contact.name_norm).where(
                Contact.customer.in_(customers[start:start + INSERT_BATCH]))
            for contact_id, customer_id, name_norm in query.tuples().iterator():
                row = self.by_key.get((customer_id, name_norm))
                if row is not None and row["id"] is None:
                    row["id"] = contact_id

    def _bad(self, row_number: int, reason: str) -> None:
        self.report.bad += 1
        if len(self.report.bad_rows) < MAX_BAD_ROWS_KEPT:
            self.report.bad_rows.append(BadRow(row_number, reason))
