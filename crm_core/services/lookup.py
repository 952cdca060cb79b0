"""Finding the things a command names: customers, users, tickets, deals."""
from __future__ import annotations

from peewee import fn

from crm_core import resolve
from crm_core.context import Context
from crm_core.errors import AmbiguousDeal, Conflict, NotFound, Option, ValidationError
from crm_core.i18n import _, pgettext, term
from crm_core.models import OPEN_STAGES, STAGES, Customer, Deal, Ticket, User
from crm_core.services import validate


def customer(ctx: Context, mention: str | None, customer_id: int | None) -> Customer:
    if customer_id is not None:
        found = Customer.get_or_none(Customer.id == customer_id)
        if found is None:
            raise NotFound(_("There is no customer with id {id}.").format(id=customer_id),
                           hint=_("Look it up by name instead."))
        return found
    if not mention or not mention.strip():
        raise ValidationError(_("Which customer?"), hint=_("Name the customer, e.g. “for Acme”."))
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
            raise ValidationError(_("“{name}” could be {names}.").format(
                                      name=name, names=pgettext("list separator", ", ").join(u.name for u in found)),
                                  hint=_("Use their full name."))
    gone = inactive_user(name)
    if gone is not None:  # "assign it to bob" after Bob left: said so, not "unknown"
        raise Conflict(_("{name} is deactivated.").format(name=gone.name),
                       hint=_("Choose an active teammate; an admin can undo the deactivation."))
    known = ", ".join(u.name.split()[0].lower() for u in active.order_by(User.name).limit(12))
    hint = _("Teammates: {names}.").format(names=known) if known \
        else _("There are no teammates yet; `crm demo` adds some, or Slack adds them.")
    raise NotFound(_("I don't know a teammate called “{name}”.").format(name=name), hint=hint)


def inactive_user(name: str) -> User | None:
    """A deactivated teammate by full name, first name or email."""
    wanted = name.strip().lower()
    gone = User.select().where(User.is_active == False)  # noqa: E712
    return gone.where((fn.LOWER(User.name) == wanted) | (fn.LOWER(User.email) == wanted)
                      | fn.LOWER(User.name).startswith(wanted + " ")).first()


def ticket(number: int) -> Ticket:
    validate.present(number, _("Which ticket?"), _("Give its number, e.g. “#1042”."))
    number = validate.positive_int(number, "the ticket", 2_000_000_000)
    found = Ticket.get_or_none(Ticket.number == number)
    if found is None:
        raise NotFound(_("Ticket #{number} doesn't exist.").format(number=number),
                       hint=_("Say “show open tickets” to see their numbers."))
    return found


def deals_named(customer: Customer, hint: str | None, stages: tuple[str, ...] = OPEN_STAGES, *,
                loose: bool = False) -> list[Deal]:
    """The customer's deals in `stages`, latest first, narrowed by a hint said in chat: a title word, a stage
    or an amount ("the renewal deal", "the proposal one", "the 12k one"). A hint nothing fits is asked about
    (AmbiguousDeal, the deals as buttons): "give the hooli deal to me" said about Initech must not change Initech's
    deal. A read may show them all instead (`loose`)."""
    deals = list(customer.deals.where(Deal.stage.in_(stages)).order_by(Deal.updated_at.desc(), Deal.id.desc()))
    fitting = [d for d in deals if hint and _fits(d, hint)]
    if fitting or not hint or not deals or loose:
        return fitting or deals
    raise AmbiguousDeal(_("No deal of {customer} fits “{hint}”.").format(customer=customer.name, hint=hint),
                        deal_options(deals))


def deal_options(deals: list[Deal]) -> tuple[Option, ...]:
    """Deals as the buttons of a question: title, stage and amount."""
    return tuple(Option(d.id, f"{d.title} ({term('stage', d.stage)}, {d.amount:,.0f} {d.currency})")
                 for d in deals[:10])


def _fits(deal: Deal, hint: str) -> bool:
    wanted = hint.strip().lower()
    if wanted in STAGES:
        return deal.stage == wanted
    try:
        return float(wanted) == float(deal.amount)
    except ValueError:
        words = [w for w in wanted.split() if len(w) > 2]
        return bool(words) and all(w in deal.title.lower() for w in words)


def deal(deal_id: int) -> Deal:
    """The deal with this id (a button's, a card's); NotFound when there is none."""
    found = Deal.get_or_none(Deal.id == deal_id)
    if found is None:
        raise NotFound(_("There is no deal with id {id}.").format(id=deal_id))
    return found


def one_open_deal(ctx: Context, mention: str | None, customer_id: int | None, deal_id: int | None,
                  hint: str | None) -> Deal:
    """The one open deal a command means; several -> the user chooses (buttons); none -> NotFound."""
    if deal_id is not None:
        return deal(deal_id)
    owner = customer(ctx, mention, customer_id)
    deals = deals_named(owner, hint)
    if len(deals) == 1:
        return deals[0]
    if deals:
        raise AmbiguousDeal(_("{customer} has {n} open deals.").format(customer=owner.name, n=len(deals)),
                            deal_options(deals))
    raise NotFound(_("{customer} has no open deal to change.").format(customer=owner.name),
                   hint=_("To create one, say “new deal for {customer}, 10k”.").format(customer=owner.name))
