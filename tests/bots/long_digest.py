"""Sixty customers at risk: more than a digest lists (5), for its "Showing 5 of 60." and More."""
from __future__ import annotations

from crm_core.models import Customer
from crm_core.names import normalize_name

AT_RISK = 60


def at_risk_customers(count: int = AT_RISK) -> None:
    for n in range(count):
        name = f"Risky {n:02d} GmbH"
        Customer.create(name=name, name_norm=normalize_name(name), segment="at_risk")
    Customer.create(name="Happy GmbH", name_norm=normalize_name("Happy GmbH"), segment="champions")


def at_risk_names() -> set[str]:
    """Independently of the code under test: who is segmented at risk and not archived."""
    return {c.name for c in Customer.select().where((Customer.segment == "at_risk") & Customer.archived_at.is_null())}
