"""Adding customers: the unique name_norm and email indexes make a racing duplicate impossible."""
from __future__ import annotations

from peewee import IntegrityError, fn

from crm_core import permissions, resolve
from crm_core.audit import AuditTrail
from crm_core.commands import AddCustomer
from crm_core.context import Context
from crm_core.db import database
from crm_core.errors import Conflict, ValidationError
from crm_core.i18n import _
from crm_core.models import Customer
from crm_core.names import normalize_email, normalize_name, normalize_phone
from crm_core.results import CustomerAdded
from crm_core.services import validate


def add_customer(cmd: AddCustomer, ctx: Context) -> CustomerAdded:
    permissions.require(ctx.user, "customer.add")
    name = validate.text(cmd.customer, "customer name", 200)
    name_norm = normalize_name(name)
    if not name_norm:
        raise ValidationError(_("“{name}” can't be a customer name.").format(name=name),
                              hint=_("Use letters or digits, e.g. “Acme Corp”."))
    try:
        email, phone = normalize_email(cmd.email), normalize_phone(cmd.phone)
    except ValueError as exc:
        raise ValidationError(f"{exc}.", hint=_("Fix it or leave it out.")) from None
    _refuse_duplicate(name_norm, email)
    customer = _insert_unless_taken(Customer(
        name=name, name_norm=name_norm, email=email, phone=phone,
        city=validate.text(cmd.city, "city", 120, required=False) or None,
        owner=ctx.user.id, created_at=ctx.now, updated_at=ctx.now,
    ))
    AuditTrail(ctx, "add_customer").created(customer, f"added customer {name}")
    resolve.invalidate_index()  # this process's next message may name it at once
    return CustomerAdded(message=_("Added customer {name}.").format(name=name), customer_id=customer.id, name=name)


def _insert_unless_taken(customer: Customer) -> Customer:
    """Insert; when an import or another chat created the same customer since the check above, the unique
    indexes refuse the row (on PostgreSQL after waiting for that writer to commit) and the user is told."""
    try:
        with database.atomic():  # a savepoint: the caller's transaction stays usable
            customer.save(force_insert=True)
    except IntegrityError:
        _refuse_duplicate(customer.name_norm, customer.email)
        raise
    return customer


def _refuse_duplicate(name_norm: str, email: str | None) -> None:
    clash = Customer.select().where(
        (Customer.name_norm == name_norm) | ((fn.LOWER(Customer.email) == email) if email else False)
    ).first()
    if clash is not None:
        raise Conflict(_("{name} is already a customer.").format(name=clash.name),
                       hint=_("Say “show {name}” to see it.").format(name=clash.name))
