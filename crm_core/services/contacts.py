"""Contacts: the people at a customer (name, title, email, phone, Telegram).

One contact per customer and normalised name (the database's unique index); an email names one contact only.
Every write is audited before and after, so "undo" takes it back. Any teammate adds contacts; reps change or
remove those of their own (or unowned) customers, managers and admins anyone's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from peewee import IntegrityError

from crm_core import permissions
from crm_core.audit import AuditTrail, snapshot
from crm_core.commands import AddContact, DeleteContact, ShowContacts, UpdateContact
from crm_core.context import Context
from crm_core.db import database
from crm_core.errors import Ambiguous, Conflict, NotFound, Option, PermissionDenied, ValidationError
from crm_core.i18n import _, pgettext, term
from crm_core.models import Activity, Contact, Customer
from crm_core.names import fold, normalize_email, normalize_phone
from crm_core.results import ContactAdded, ContactDeleted, ContactLine, ContactList, ContactUpdated
from crm_core.services import lookup

MAX_LENGTH = {"name": 200, "title": 120, "email": 254}
_TELEGRAM = re.compile(r"^(?:@|(?:https?://)?(?:www\.)?(?:t|telegram)\.me/)?([A-Za-z][A-Za-z0-9_]{4,31})/?$")
EDITABLE = ("name", "title", "email", "phone", "telegram")


class AmbiguousContact(Ambiguous):
    code = "ambiguous_contact"
    slot = "contact_id"


@dataclass(frozen=True)
class Fields:
    """A contact's fields as given, checked and in their normal forms (None: not given)."""
    name: str | None = None
    title: str | None = None
    email: str | None = None
    phone: str | None = None
    telegram: str | None = None

    def given(self) -> dict[str, str]:
        return {k: v for k, v in vars(self).items() if v is not None}


def checked(name: str | None = None, title: str | None = None, email: str | None = None, phone: str | None = None,
            telegram: str | None = None) -> Fields:
    """The fields in normal form; a ValidationError saying what is wrong with the first bad one."""
    return Fields(name=_name(name) if name is not None else None,
                  title=_limited(title, "title") if title is not None else None,
                  email=_normal(normalize_email, email, "email"), phone=_normal(normalize_phone, phone, "phone"),
                  telegram=telegram_username(telegram) if telegram is not None and telegram.strip() else None)


def _name(name: str) -> str:
    name = " ".join(name.split())
    if not fold(name):
        raise ValidationError(_("“{name}” can't be a person's name.").format(name=name) if name
                              else _("What is the contact's name?"), hint=_("Say e.g. “add Dana Ruiz, CFO at Initech”."))
    return _limited(name, "name")


def _limited(value: str, what: str) -> str:
    value = " ".join(value.split())
    if len(value) > MAX_LENGTH[what]:
        raise ValidationError(_("The {what} is longer than {most} characters.").format(
                                  what=pgettext("contact field", what), most=MAX_LENGTH[what]), hint=_("Shorten it."))
    return value


def _normal(normalise, value: str | None, what: str) -> str | None:
    try:
        normal = normalise(value)
    except ValueError as exc:
        raise ValidationError(f"{exc}.", hint=_("Fix the {what} or leave it out.").format(
            what=pgettext("contact field", what))) from None
    if what == "email" and normal is not None and len(normal) > MAX_LENGTH["email"]:
        raise ValidationError(_("The {what} is longer than {most} characters.").format(
            what=pgettext("contact field", "email"), most=MAX_LENGTH["email"]))
    return normal


def telegram_username(value: str) -> str:
    """ "@dana_r", "t.me/dana_r", "https://t.me/dana_r" -> "dana_r"; a ValidationError otherwise."""
    found = _TELEGRAM.match(value.strip())
    if found is None:
        raise ValidationError(_("{value} is not a Telegram username.").format(value=repr(value.strip())),
                              hint=_("Give it as @username or a t.me/username link (5-32 letters, digits or _)."))
    return found.group(1)


# -- finding a contact ------------------------------------------------------------------------------
def find(mention: str | None, contact_id: int | None = None, customer: Customer | None = None) -> Contact:
    """The contact a message names: by id, else by name (full, first or last) or email, among `customer`'s
    contacts when given, else everyone's; several -> AmbiguousContact (the user chooses), none -> NotFound."""
    if contact_id is not None:
        found = Contact.get_or_none(Contact.id == contact_id)
        if found is None:
            raise NotFound(_("There is no contact with id {id}.").format(id=contact_id))
        return found
    wanted = fold(mention or "")
    if not wanted:
        raise ValidationError(_("Which contact?"), hint=_("Name them, e.g. “Dana at Initech”."))
    scope = Contact.select().order_by(Contact.name_norm, Contact.id)
    if customer is not None:
        scope = scope.where(Contact.customer == customer.id)
    matches = _matching(list(scope), wanted, (mention or "").strip().lower())
    if len(matches) == 1:
        return matches[0]
    at = _(" at {customer}").format(customer=customer.name) if customer is not None else ""
    if matches:
        raise AmbiguousContact(_("“{mention}” could be {n} contacts{at}.").format(mention=mention, n=len(matches), at=at),
                               tuple(Option(c.id, _label(c)) for c in matches[:10]))
    where = customer.name if customer is not None else _("<customer>")
    raise NotFound(_("I don't know a contact called “{mention}”{at}.").format(mention=mention, at=at),
                   hint=_("Say “contacts at {where}” to see them, or “add {mention}, <title> at {where}”.").format(
                       where=where, mention=mention))


def _matching(contacts: list[Contact], wanted: str, said: str) -> list[Contact]:
    """The best kind of match that finds any: email, full name, then first or last name, then a name start."""
    tests = (lambda c: c.email is not None and c.email == said,
             lambda c: c.name_norm == wanted,
             lambda c: wanted in (c.name_norm.split()[0], c.name_norm.split()[-1]),
             lambda c: c.name_norm.startswith(wanted + " ") or c.name_norm.startswith(wanted))
    for test in tests:
        found = [c for c in contacts if test(c)]
        if found:
            return found
    return []


def _label(contact: Contact) -> str:
    title = f", {contact.title}" if contact.title else ""
    return f"{contact.name}{title} ({contact.customer.name})"


def line(contact: Contact) -> ContactLine:
    return ContactLine(contact.id, contact.name, contact.title, contact.email, contact.phone, contact.telegram)


def lines_of(customer: Customer) -> tuple[ContactLine, ...]:
    return tuple(line(c) for c in customer.contacts.order_by(Contact.name_norm, Contact.id))


# -- permissions ----------------------------------------------------------------------------------------
def require_edit(ctx: Context, customer: Customer) -> None:
    """Reps change the contacts of their own or unowned customers; managers and admins anyone's."""
    permissions.require(ctx.user, "customer.add")
    if ctx.user.role in permissions.MANAGERS or customer.owner_id in (None, ctx.user.id):
        return
    raise PermissionDenied(_("{customer} is {owner}'s customer.").format(customer=customer.name,
                                                                         owner=customer.owner.name),
                           hint=_("Ask them or a manager to change its contacts."))


# -- the commands ---------------------------------------------------------------------------------------
def add_contact(cmd: AddContact, ctx: Context) -> ContactAdded:
    permissions.require(ctx.user, "customer.add")
    fields = checked(cmd.contact or "", cmd.title, cmd.email, cmd.phone, cmd.telegram)
    customer = lookup.customer(ctx, cmd.customer, cmd.customer_id)
    _refuse_taken(customer, fields.name, fields.email)
    contact = Contact(customer=customer.id, name_norm=fold(fields.name), created_at=ctx.now, updated_at=ctx.now,
                      **fields.given())
    _save(contact, lambda: _refuse_taken(customer, fields.name, fields.email))
    AuditTrail(ctx, "add_contact").created(contact, f"added contact {contact.name} at {customer.name}")
    title = f", {contact.title}," if contact.title else ""
    return ContactAdded(message=_("Added {name}{title} as a contact at {customer}.").format(
        name=contact.name, title=title, customer=customer.name),
                        contact_id=contact.id, customer_id=customer.id)


def update_contact(cmd: UpdateContact, ctx: Context) -> ContactUpdated:
    permissions.require(ctx.user, "customer.add")
    fields = checked(cmd.new_name, cmd.title, cmd.email, cmd.phone, cmd.telegram)
    if not fields.given():
        raise ValidationError(_("What should change?"),
                              hint=_("Say e.g. “change Dana's email to dana@initech.com” or “Dana is now VP Finance”."))
    contact = _named(ctx, cmd.contact, cmd.contact_id, cmd.customer, cmd.customer_id)
    require_edit(ctx, contact.customer)
    before = snapshot(contact)
    changes = [(k, getattr(contact, k), v) for k, v in fields.given().items() if getattr(contact, k) != v]
    if not changes:
        return ContactUpdated(message=_("{name} already has that; nothing changed.").format(name=contact.name),
                              contact_id=contact.id)
    _refuse_taken(contact.customer, fields.name, fields.email, contact.id)
    for field, _before, value in changes:
        setattr(contact, field, value)
    contact.name_norm, contact.updated_at = fold(contact.name), ctx.now
    _save(contact, lambda: _refuse_taken(contact.customer, fields.name, fields.email, contact.id))
    said = pgettext("list separator", ", ").join(_("{field} {old} → {new}").format(
        field=term("contact field", k), old=old or "-", new=new) for k, old, new in changes)
    AuditTrail(ctx, "update_contact").updated(contact, before, f"changed {contact.name}'s {', '.join(c[0] for c in changes)}")
    return ContactUpdated(message=_("Updated {name} ({customer}): {changes}.").format(
        name=contact.name, customer=contact.customer.name, changes=said), contact_id=contact.id,
                          changes=tuple((k, old or "", new) for k, old, new in changes))


def delete_contact(cmd: DeleteContact, ctx: Context) -> ContactDeleted:
    permissions.require(ctx.user, "customer.add")
    contact = _named(ctx, cmd.contact, cmd.contact_id, cmd.customer, cmd.customer_id)
    customer = contact.customer
    require_edit(ctx, customer)
    trail = AuditTrail(ctx, "delete_contact")
    for activity in Activity.select().where(Activity.contact == contact.id):  # audited first: undo relinks them last
        before = snapshot(activity)
        activity.contact = None
        activity.save(only=[Activity.contact])
        trail.updated(activity, before)
    before = snapshot(contact)
    contact.delete_instance()
    trail.deleted(before, contact, f"removed contact {contact.name} from {customer.name}")
    return ContactDeleted(message=_("Removed {name} from {customer}'s contacts.").format(
        name=contact.name, customer=customer.name), contact_id=contact.id)


def show_contacts(cmd: ShowContacts, ctx: Context) -> ContactList:
    permissions.require(ctx.user, "report.view")
    customer = lookup.customer(ctx, cmd.customer, cmd.customer_id)
    return ContactList(customer=customer.name, customer_id=customer.id, contacts=lines_of(customer))


def of_activity(ctx: Context, customer: Customer, mention: str | None, contact_id: int | None) -> Contact | None:
    """The contact a logged activity was with: one of `customer`'s; None when the name is no contact of theirs
    (the activity is logged anyway, and the answer says so)."""
    if contact_id is None and not (mention or "").strip():
        return None
    try:
        contact = find(mention, contact_id, customer)
    except NotFound:
        return None
    if contact.customer_id != customer.id:
        raise ValidationError(_("{name} is a contact at {at}, not {customer}.").format(
            name=contact.name, at=contact.customer.name, customer=customer.name))
    return contact


def _named(ctx: Context, mention: str | None, contact_id: int | None, customer: str | None,
           customer_id: int | None) -> Contact:
    at = lookup.customer(ctx, customer, customer_id) if (customer or customer_id) and contact_id is None else None
    return find(mention, contact_id, at)


def _refuse_taken(customer: Customer, name: str | None, email: str | None, other_than: int | None = None) -> None:
    """A second contact of the same name at the customer, or a second owner of an email, is refused."""
    if name is not None:
        clash = Contact.get_or_none((Contact.customer == customer.id) & (Contact.name_norm == fold(name))
                                    & (Contact.id != (other_than or 0)))
        if clash is not None:
            raise Conflict(_("{name} is already a contact at {customer}.").format(name=clash.name, customer=customer.name),
                           hint=_("To change their details say e.g. “change {name}'s email to …”.").format(
                               name=clash.name))
    if email is not None:
        clash = Contact.get_or_none((Contact.email == email) & (Contact.id != (other_than or 0)))
        if clash is not None:
            raise Conflict(_("{email} is already the email of {contact}.").format(email=email, contact=_label(clash)),
                           hint=_("One email belongs to one contact; change or remove theirs first."))


def _save(contact: Contact, explain) -> None:
    """Save; a racing writer's duplicate is refused by the unique index and explained."""
    try:
        with database.atomic():
            contact.save(force_insert=contact.id is None)
    except IntegrityError:
        explain()
        raise


def not_a_contact(mention: str | None, customer: Customer) -> str:
    """What a log answer adds when the person it was with is no contact of the customer's yet."""
    if not (mention or "").strip():
        return ""
    return f" ({mention} isn't a contact at {customer.name} yet: say “add {mention}, <title> at {customer.name}”.)"
