"""Customers matching a few typed letters, best first: what a type-ahead menu offers."""
from __future__ import annotations


from crm_core import permissions
from crm_core.commands import FindCustomers
from crm_core.context import Context
from crm_core.models import Customer
from crm_core.resolve import customer_index
from crm_core.results import CustomerMatch, CustomerMatches
from crm_core.services import validate
from crm_core.services.customer_edits import active


def find_customers(cmd: FindCustomers, ctx: Context) -> CustomerMatches:
    permissions.require(ctx.user, "report.view")
    limit = validate.positive_int(cmd.limit, "customers", 100)
    query = (cmd.query or "").strip()
    if not query:
        rows = active(Customer.select(Customer.id, Customer.name, Customer.city)).order_by(Customer.name).limit(limit)
        return CustomerMatches(query, tuple(CustomerMatch(c.id, c.name, c.city) for c in rows))
    found = customer_index().candidates(query, limit=limit)
    archived = {c.id for c in Customer.select(Customer.id).where(
        Customer.id.in_([c.entry.id for c in found]) & Customer.archived_at.is_null(False))}
    return CustomerMatches(query, tuple(
        CustomerMatch(c.entry.id, c.entry.name + (" (archived)" if c.entry.id in archived else ""), c.entry.city)
        for c in found))
