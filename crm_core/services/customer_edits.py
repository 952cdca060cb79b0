"""Changing what was recorded of a customer: its name, email, phone, city, owner and tags, or archiving it.

Archived customers leave lists and top customers but are still found by name, shown "(archived)"."""
from __future__ import annotations

from crm_core import i18n, permissions, resolve
from crm_core.audit import AuditTrail, snapshot
from crm_core.commands import UpdateCustomer
from crm_core.context import Context
from crm_core.errors import Conflict, ValidationError
from crm_core.i18n import _, pgettext, term
from crm_core.models import Customer
from crm_core.names import normalize_email, normalize_name, normalize_phone
from crm_core.results import CustomerUpdated
from crm_core.services import lookup, validate

SHOWN = {"name": "name", "email": "email", "phone": "phone", "city": "city", "owner": "owner", "tags": "tags",
         "archived_at": "archived"}


def update_customer(cmd: UpdateCustomer, ctx: Context) -> CustomerUpdated:
    customer = lookup.customer(ctx, cmd.customer, cmd.customer_id)
    wanted = _changes(cmd, ctx, customer)
    if not wanted:
        raise ValidationError(_("What should change on {customer}?").format(customer=customer.name),
                              hint=_("Say the new name, email, phone, city, owner or tags, or “archive”."))
    new_owner = wanted.get("owner")
    right = "customer.archive" if "archived_at" in wanted else "customer.edit"
    permissions.require_customer_edit(ctx.user, customer, right, new_owner)
    before = snapshot(customer)
    changes = tuple((f, _shown(getattr(customer, f)), _shown(v)) for f, v in wanted.items()
                    if _shown(getattr(customer, f)) != _shown(v))
    if not changes:
        raise ValidationError(_("{customer} already has that.").format(customer=customer.name))
    old_name = customer.name
    for field, value in wanted.items():
        setattr(customer, field, value)
    customer.updated_at = ctx.now
    customer.save()
    said = _said(changes)
    with i18n.speaking(i18n.ENGLISH):  # the audit trail is kept in English
        AuditTrail(ctx, "update_customer").updated(customer, before, f"changed {old_name}: {_said(changes)}")
    resolve.invalidate_index()  # a new name is found at once
    return CustomerUpdated(message=_("Updated {customer}: {changes}.").format(customer=old_name, changes=said),
                           customer_id=customer.id, changes=changes)


def _changes(cmd: UpdateCustomer, ctx: Context, customer: Customer) -> dict[str, object]:
    changes: dict[str, object] = {}
    if cmd.new_name is not None:
        changes.update(_new_name(cmd.new_name, customer))
    try:
        if cmd.email is not None:
            changes["email"] = normalize_email(cmd.email)
        if cmd.phone is not None:
            changes["phone"] = normalize_phone(cmd.phone)
    except ValueError as exc:
        raise ValidationError(f"{str(exc).capitalize()}.", hint=_("Nothing was changed; say it again.")) from None
    if changes.get("email"):
        _refuse_taken(Customer.email == changes["email"], customer,
                      _("the email {email}").format(email=changes["email"]))
    if cmd.city is not None:
        changes["city"] = validate.text(cmd.city, "city", 120, required=False) or None
    if cmd.owner:
        changes["owner"] = lookup.user(ctx, cmd.owner)
    if cmd.tags is not None or cmd.add_tags or cmd.remove_tags:
        changes["tags"] = _new_tags(cmd, customer.tags) or None
    if cmd.archive is not None:
        changes["archived_at"] = (customer.archived_at or ctx.now) if cmd.archive else None
    return changes


def _new_name(name: str, customer: Customer) -> dict[str, str]:
    name = validate.text(name, "customer name", 200)
    name_norm = normalize_name(name)
    if not name_norm:
        raise ValidationError(_("“{name}” can't be a customer name.").format(name=name),
                              hint=_("Use letters or digits, e.g. “Acme Corp”."))
    _refuse_taken(Customer.name_norm == name_norm, customer, _("the name {name}").format(name=name))
    return {"name": name, "name_norm": name_norm}


def _refuse_taken(clause, customer: Customer, what: str) -> None:
    clash = Customer.select().where(clause & (Customer.id != customer.id)).first()
    if clash is not None:
        raise Conflict(_("{customer} already has {what}.").format(customer=clash.name, what=what),
                       hint=_("If they are the same company, say “merge {customer} into {other}”.").format(
                           customer=customer.name, other=clash.name))


def _new_tags(cmd: UpdateCustomer, current: str | None) -> str:
    kept = (tags(cmd.tags) if cmd.tags is not None else current or "").split(",")
    removed = set(tags(cmd.remove_tags or "").split(","))
    return tags(",".join([t for t in kept if t not in removed] + tags(cmd.add_tags or "").split(",")))


def tags(text: str) -> str:
    """"Partner, EU partner,  vip" -> "partner,eu partner,vip": lower-case, trimmed, each once, in order."""
    seen: list[str] = []
    for tag in (t.strip().lower().lstrip("#") for t in text.split(",")):
        if tag and tag not in seen:
            seen.append(tag)
    joined = ",".join(seen)
    if len(joined) > 500:
        raise ValidationError(_("Those tags are too long."), hint=_("Keep them under 500 characters in all."))
    return joined


def _shown(value: object) -> str:
    if value is None or value == "":
        return "-"
    if hasattr(value, "isoformat"):
        return "yes"  # archived_at: when is in the audit row
    return getattr(value, "name", None) or str(value)


def _said(changes: tuple[tuple[str, str, str], ...]) -> str:
    parts = []
    for field, old, new in changes:
        if field == "archived_at":
            parts.append(_("archived") if new == "yes" else _("unarchived"))
        elif field != "name_norm":
            parts.append(_("{field} {old} → {new}").format(field=term("customer field", SHOWN.get(field, field)),
                                                           old=old, new=new))
    return pgettext("list separator", ", ").join(parts)


def archived_label(customer: Customer) -> str:
    """The customer's name, with " (archived)" when it is."""
    return customer.name + (_(" (archived)") if customer.archived_at is not None else "")


def active(query):
    """`query` of customers without the archived ones (lists, top customers)."""
    return query.where(Customer.archived_at.is_null())

