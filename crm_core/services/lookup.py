"""Finding the things a command names: customers, users, tickets, deals."""
from __future__ import annotations

from peewee import fn

from crm_core import resolve
from crm_core.context import Context
from crm_core.errors import NotFound, ValidationError
from crm_core.models import Customer, Ticket, User
from crm_core.services import validate


def customer(ctx: Context, mention: str | None, customer_id: int | None) -> Customer:
    if customer_id is not None:
        found = Customer.get_or_none(Customer.id == customer_id)
        if found is None:
            raise NotFound(f"There is no customer with id {customer_id}.", hint="Look it up by name instead.")
        return found
    if not mention or not mention.strip():
        raise ValidationError("Which customer?", hint="Name the customer, e.g. “for Acme”.")
    return resolve.resolve_customer(mention.strip(), actor_id=ctx.user.id)


def user(ctx: Context, name: str) -> User:
    """A user by "me", full name, first name or email, case-insensitively."""
    wanted = name.strip().lower()
    if wanted in ("me", "myself", "i"):
        return ctx.user
    active = User.select().where(User.is_active == True)  # noqa: E712
    for query in (
        active.where((fn.LOWER(User.name) == wanted) | (fn.LOWER(User.email) == wanted)),
        active.where(fn.LOWER(User.name).startswith(wanted + " ")),
    ):
        found = list(query.limit(2))
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise ValidationError(f"“{name}” could be {', '.join(u.name for u in found)}.",
                                  hint="Use their full name.")
    known = ", ".join(u.name.split()[0].lower() for u in active.order_by(User.name).limit(12))
    hint = f"Teammates: {known}." if known else "There are no teammates yet; `crm demo` adds some, or Slack adds them."
    raise NotFound(f"I don't know a teammate called “{name}”.", hint=hint)


def ticket(number: int) -> Ticket:
    validate.present(number, "Which ticket?", "Give its number, e.g. “#1042”.")
    number = validate.positive_int(number, "the ticket", 2_000_000_000)
    found = Ticket.get_or_none(Ticket.number == number)
    if found is None:
        raise NotFound(f"Ticket #{number} doesn't exist.", hint="Say “show open tickets” to see their numbers.")
    return found
