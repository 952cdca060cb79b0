"""Who may do what. Services call these before they write; a refusal says why and who can."""
from __future__ import annotations

from crm_core.errors import PermissionDenied
from crm_core.i18n import _, term
from crm_core.models import Activity, Customer, Deal, Ticket, User

STAFF = frozenset({"rep", "manager", "admin"})
MANAGERS = frozenset({"manager", "admin"})

# Role-level rights. Ownership rules (a rep edits their own deals...) are the functions below.
RIGHTS: dict[str, frozenset[str]] = {
    "customer.add": STAFF,
    "customer.edit": STAFF,  # and require_customer_edit: reps change their own (or unowned) customers
    "customer.archive": STAFF,
    "customer.merge": STAFF,
    "activity.log": STAFF,
    "deal.create": STAFF,
    "deal.delete": STAFF,  # and require_deal_edit: reps delete their own deals
    "activity.edit": STAFF,  # and require_activity_edit: reps change what they logged
    "ticket.merge": STAFF,  # and require_ticket_edit on both tickets
    "ticket.open": STAFF,
    "ticket.reply": STAFF,
    "reminder.set": STAFF,
    "report.view": STAFF,
    "user.set_role": MANAGERS,  # and require_team_admin: managers only for their own team, never to admin
    "team.admin": MANAGERS,  # and require_team_admin
    "outreach.send": MANAGERS,
    "digest.subscribe": MANAGERS,
    "analytics.run": MANAGERS,  # "rescore now" / "resegment" recompute every customer
    "rate.set": frozenset({"admin"}),  # exchange rates change every report's totals
}

def _who_may(allowed: frozenset[str]) -> str:
    if allowed == STAFF:
        return _("any team member")
    if allowed == MANAGERS:
        return _("managers and admins")
    if allowed == {"admin"}:
        return _("admins")
    return ", ".join(term("role", role) for role in sorted(allowed))


def deactivated(user: User) -> PermissionDenied:
    """The refusal a deactivated teammate gets, whatever they ask."""
    return PermissionDenied(_("{name}'s account is deactivated.").format(name=user.name),
                            hint=_("Ask an admin to reactivate it."))


def require(user: User, right: str) -> None:
    if not user.is_active:
        raise deactivated(user)
    allowed = RIGHTS[right]
    if user.role not in allowed:
        raise PermissionDenied(_("Your role ({role}) can't do that.").format(role=term("role", user.role)),
                               hint=_("Only {who} can; ask one of them.").format(who=_who_may(allowed)))


def require_deal_edit(user: User, deal: Deal, new_owner: User | None = None, right: str = "deal.create") -> None:
    """Reps edit their own deals (or unowned ones) and may give them only to themselves; managers and admins edit
    anyone's."""
    require(user, right)
    if user.role in MANAGERS:
        return
    if deal.owner_id not in (None, user.id):
        raise PermissionDenied(_("The deal “{title}” belongs to {owner}.").format(title=deal.title,
                                                                                  owner=deal.owner.name),
                               hint=_("Ask them or a manager to change it."))
    if new_owner is not None and new_owner.id != user.id:
        raise PermissionDenied(_("Reps can give deals only to themselves."),
                               hint=_("Ask a manager to give it to someone else."))


def require_activity_edit(user: User, activity: Activity) -> None:
    """Reps change or delete what they logged themselves; managers and admins anyone's."""
    require(user, "activity.edit")
    if user.role in MANAGERS or activity.user_id in (None, user.id):
        return
    raise PermissionDenied(_("That {kind} was logged by {name}.").format(kind=term("activity kind", activity.kind),
                                                                       name=activity.user.name),
                           hint=_("Ask them or a manager to change it."))


def require_ticket_edit(user: User, ticket: Ticket, new_assignee: User | None) -> None:
    """Reps work tickets that are theirs or unassigned and may take them; handing to others is for managers."""
    require(user, "ticket.reply")
    if user.role in MANAGERS:
        return
    if ticket.assignee_id not in (None, user.id):
        raise PermissionDenied(_("Ticket #{number} is assigned to {name}.").format(number=ticket.number,
                                                                                   name=ticket.assignee.name),
                               hint=_("Ask them or a manager to change it."))
    if new_assignee is not None and new_assignee.id != user.id:
        raise PermissionDenied(_("Reps can assign tickets only to themselves."),
                               hint=_("Ask a manager to assign it to someone else."))


def require_customer_edit(user: User, customer: Customer, right: str = "customer.edit",
                          new_owner: User | None = None) -> None:
    """Reps rename, archive or merge their own customers (or unowned ones) and may give them only to
    themselves; managers and admins change anyone's."""
    require(user, right)
    if user.role in MANAGERS:
        return
    if customer.owner_id not in (None, user.id):
        raise PermissionDenied(_("{customer} belongs to {owner}.").format(customer=customer.name,
                                                                          owner=customer.owner.name),
                               hint=_("Ask them or a manager to change it."))
    if new_owner is not None and new_owner.id != user.id:
        raise PermissionDenied(_("Reps can give customers only to themselves."),
                               hint=_("Ask a manager to give it to someone else."))


def require_team_admin(user: User, target: User | None = None, role: str | None = None,
                       team: str | None = None) -> None:
    """Admins manage every teammate; managers only the members of their own team (never an admin, never making
    one, never putting someone on another team)."""
    require(user, "team.admin")
    if user.role == "admin":
        return
    if not user.team:
        raise PermissionDenied(_("You manage no team, so you can't do that."),
                               hint=_("Ask an admin to put you on a team, or to do it."))
    if target is not None and (target.role == "admin" or (target.team or "").lower() != user.team.lower()):
        raise PermissionDenied(_("{name} is not on your team ({team}).").format(name=target.name, team=user.team),
                               hint=_("Ask an admin to do it."))
    if role == "admin":
        raise PermissionDenied(_("Only admins can make someone an admin."), hint=_("Ask an admin."))
    if team is not None and team.lower() != user.team.lower():
        raise PermissionDenied(_("You manage the {team} team only.").format(team=user.team),
                               hint=_("Ask an admin to use another team."))
