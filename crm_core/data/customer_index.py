"""Finding customers by normalised name or email during an import, and creating the missing ones in bulk."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from crm_core.data.sqlrows import default_columns
from crm_core.db import database
from crm_core.models import Customer

INSERT_BATCH = 500
GIVEN = ("name", "name_norm", "email", "phone", "city")


@dataclass
class NewCustomer:
    name: str
    name_norm: str
    email: str | None = None
    phone: str | None = None
    city: str | None = None


class CustomerIndex:
    """name_norm -> id and email -> id of every customer, loaded once per import.

    When several customers share a key the oldest wins, so repeated imports resolve the same way."""

    def __init__(self) -> None:
        self.by_norm: dict[str, int] = {}
        self.by_email: dict[str, int] = {}
        self.conflicts = 0  # rows another writer had created since this index was loaded
        query = Customer.select(Customer.id, Customer.name_norm, Customer.email).order_by(Customer.id)
        for customer_id, name_norm, email in query.tuples().iterator():
            self.add(customer_id, name_norm, email)

    def find(self, name_norm: str | None, email: str | None) -> int | None:
        """Email first: it is the more specific of the two."""
        if email and email in self.by_email:
            return self.by_email[email]
        return self.by_norm.get(name_norm) if name_norm else None

    def add(self, customer_id: int, name_norm: str | None, email: str | None) -> None:
        if name_norm:
            self.by_norm.setdefault(name_norm, customer_id)
        if email:
            self.by_email.setdefault(email.lower(), customer_id)

    def create(self, customers: Iterable[NewCustomer]) -> list[int]:
        """Insert the customers (distinct name_norm) in batches; their ids, in the order given, and index them.

        A customer another writer created meanwhile (same name_norm or email: both unique) is not inserted
        again: the row is skipped by ON CONFLICT and its id looked up. Plain SQL: peewee builds a
        100,000-row insert ten times slower than the database runs it."""
        defaults = default_columns(Customer, GIVEN)  # created_at, updated_at, is_lead, ...
        columns = ", ".join((*GIVEN, *defaults))
        pending = list(customers)
        # All of them sorted, not each batch: two imports then insert shared names in the same order, batch after
        # batch, and wait for each other instead of deadlocking.
        in_order = sorted(pending, key=lambda c: c.name_norm)
        for start in range(0, len(in_order), INSERT_BATCH):
            batch = in_order[start:start + INSERT_BATCH]
            params = [value for c in batch
                      for value in (c.name, c.name_norm, c.email, c.phone, c.city, *defaults.values())]
            row = "(" + ", ".join([database.param] * (len(GIVEN) + len(defaults))) + ")"
            cursor = database.execute_sql(
                f"INSERT INTO {Customer._meta.table_name} ({columns}) VALUES {', '.join([row] * len(batch))} "
                "ON CONFLICT DO NOTHING RETURNING id, name_norm", params)
            # The order RETURNING yields rows in is not guaranteed: match them back by name_norm.
            by_norm = {norm: cid for cid, norm in cursor.fetchall()}
            self.conflicts += len(batch) - len(by_norm)
            by_norm.update(_existing([c for c in batch if c.name_norm not in by_norm]))
            for c in batch:
                customer_id = by_norm[c.name_norm]
                self.by_norm[c.name_norm] = customer_id  # replaces a placeholder the caller may have set
                if c.email:
                    self.by_email[c.email] = customer_id
        return [self.by_norm[c.name_norm] for c in pending]


def _existing(customers: list[NewCustomer]) -> dict[str, int]:
    """name_norm -> id of the customers someone else created since the index was loaded (by name, else email)."""
    if not customers:
        return {}
    norms = [c.name_norm for c in customers]
    emails = [c.email for c in customers if c.email]
    condition = Customer.name_norm.in_(norms) | (Customer.email.in_(emails) if emails else False)
    found = list(Customer.select(Customer.id, Customer.name_norm, Customer.email).where(condition).tuples())
    by_norm = {norm: cid for cid, norm, _ in found}
    by_email = {email: cid for cid, _, email in found if email}
    return {c.name_norm: by_norm.get(c.name_norm) or by_email[c.email] for c in customers}
