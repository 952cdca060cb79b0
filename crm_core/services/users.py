"""Team members: roles, and the local operator the console acts as."""
from __future__ import annotations

from crm_core import permissions
from crm_core.audit import AuditTrail, snapshot
from crm_core.commands import SetRole
from crm_core.context import Context
from crm_core.errors import Conflict, ValidationError
from crm_core.i18n import _, term
from crm_core.models import ROLES, User, utcnow
from crm_core.results import RoleChanged
from crm_core.services import lookup, validate

OPERATOR_NAME = "Local Operator"


def set_role(cmd: SetRole, ctx: Context) -> RoleChanged:
    permissions.require(ctx.user, "user.set_role")
    validate.present(cmd.user, _("Whose role?"), _("Say e.g. “make maria a manager”."))
    role = validate.choice(cmd.role, ROLES, "role")
    user = lookup.user(ctx, cmd.user)
    permissions.require_team_admin(ctx.user, user, role=role)  # managers: their own team, never to admin
    if user.role == role:
        raise ValidationError(_("{name} is a {role} already.").format(name=user.name, role=term("role", role)))
    if user.role == "admin" and active_admins() == 1:
        raise only_admin(user)
    before = snapshot(user)
    user.role = role
    user.save()
    AuditTrail(ctx, "set_role").updated(user, before, f"made {user.name} a {role}")
    return RoleChanged(message=_("{name} is now a {role}.").format(name=user.name, role=term("role", role)),
                       user_id=user.id, role=role)


def only_admin(user: User) -> Conflict:
    """The refusal to take the last admin away: nobody could manage the team after."""
    return Conflict(_("{name} is the only admin.").format(name=user.name),
                    hint=_("Make someone else an admin first."))


def active_admins() -> int:
    return User.select().where((User.role == "admin") & (User.is_active == True)).count()  # noqa: E712


def local_operator(name: str | None = None) -> User:
    """The user a terminal session acts as: `name` if given, else the first admin, made when there is none."""
    if name:
        return lookup.user(Context(user=User(name="", role="admin")), name)
    admin = User.select().where((User.role == "admin") & (User.is_active == True)).order_by(User.id).first()  # noqa: E712
    return admin or User.create(name=OPERATOR_NAME, role="admin", created_at=utcnow())
