"""Team admin (issue 15 item 7): add a teammate, put them on a team or territory, deactivate them with their open
work reassigned, and give all of one teammate's accounts (or deals, tickets, reminders) to another.

Admins manage everyone; managers the members of their own team (permissions.require_team_admin). Each write is
one audit batch, so "undo" takes it back: a bulk move writes one audit row per moved row (before: the old owner,
after: the new one) with one INSERT ... SELECT, then one UPDATE, as customer_merge does.
"""
from __future__ import annotations

import json
import secrets
from dataclasses import dataclass

from peewee import Expression, Model, fn

from crm_core import i18n, permissions
from crm_core.audit import AuditTrail, snapshot
from crm_core.commands import AddTeammate, DeactivateUser, ReassignWork, SetRole, SetTeam, ShowTeam
from crm_core.context import Context
from crm_core.db import database
from crm_core.errors import ConfigError, Conflict, CrmError, NotFound, ValidationError
from crm_core.i18n import _, ngettext, pgettext, term
from crm_core.models import OPEN_STAGES, ROLES, AuditLog, Customer, Deal, Reminder, TelegramInvite, Ticket, User
from crm_core.names import normalize_email
from crm_core.results import Table, TeamChanged
from crm_core.services import lookup, users, validate

KINDS = ("customers", "deals", "tickets", "reminders")
WHAT = {**{k: (k,) for k in KINDS}, "all": KINDS}
SHOWN = 3  # names shown per kind in a preview
_COLUMNS = {f.name: f.column_name for f in AuditLog._meta.sorted_fields}


@dataclass(frozen=True)
class Work:
    """One kind of a teammate's work: the table, the column naming them, and which rows are still open."""
    model: type[Model]
    field: str  # the foreign key's field name (its column is field + "_id")
    noun: str  # "customer", "open deal", ...

    def rows(self, user: User) -> Expression:
        column = getattr(self.model, self.field)
        if self.model is Deal:
            return (column == user.id) & Deal.stage.in_(OPEN_STAGES)
        if self.model is Ticket:
            return (column == user.id) & Ticket.status.in_(("open", "pending"))
        if self.model is Reminder:
            return (column == user.id) & (Reminder.status == "pending")
        return column == user.id

    def label(self, row: Model) -> str:
        if isinstance(row, Ticket):
            return f"#{row.number}"
        if isinstance(row, Reminder):
            return f"“{row.text[:40]}”"
        return row.title if isinstance(row, Deal) else row.name


WORK = {"customers": Work(Customer, "owner", "customer"), "deals": Work(Deal, "owner", "open deal"),
        "tickets": Work(Ticket, "assignee", "open ticket"), "reminders": Work(Reminder, "user", "pending reminder")}


NONE = {"customers": lambda: _("customers"), "deals": lambda: _("open deals"),  # "Bob has no open deals to give"
        "tickets": lambda: _("open tickets"), "reminders": lambda: _("pending reminders")}
COUNTED = {"customers": lambda n: ngettext("{n} customer", "{n} customers", n),
           "deals": lambda n: ngettext("{n} open deal", "{n} open deals", n),
           "tickets": lambda n: ngettext("{n} open ticket", "{n} open tickets", n),
           "reminders": lambda n: ngettext("{n} pending reminder", "{n} pending reminders", n)}


@dataclass(frozen=True)
class Plan:
    """What moves from one teammate to another: per kind, how many rows and the first few names."""
    source: User
    target: User | None
    moving: tuple[tuple[str, int, tuple[str, ...]], ...]  # (kind, count, first names)

    @property
    def total(self) -> int:
        return sum(n for _, n, _ in self.moving)

    def counts(self) -> tuple[tuple[str, int], ...]:
        return tuple((kind, n) for kind, n, _ in self.moving)

    def said(self) -> str:
        """ "12 customers (Acme, Globex, Initech and 9 more) and 2 open deals (Renewal, Pilot)"."""
        parts = []
        for kind, n, names in self.moving:
            more = _(" and {n} more").format(n=f"{n - len(names):,}") if n > len(names) else ""
            parts.append(COUNTED[kind](n).format(n=f"{n:,}") + f" ({', '.join(names)}{more})")
        separator, last = pgettext("list separator", ", "), pgettext("list", " and ")
        return separator.join(parts[:-1]) + (last if len(parts) > 1 else "") + parts[-1] if parts else _("nothing")


def plan(source: User, target: User | None, kinds: tuple[str, ...]) -> Plan:
    moving = []
    for kind in kinds:
        work = WORK[kind]
        query = work.model.select().where(work.rows(source))
        count = query.count()
        if count:
            first = query.order_by(work.model.id).limit(SHOWN)
            moving.append((kind, count, tuple(work.label(row) for row in first)))
    return Plan(source, target, tuple(moving))


# -- finding teammates ---------------------------------------------------------------------------------------

def teammate(ctx: Context, name: str | None, question: str | None = None) -> User:
    """An active teammate by name or email; a deactivated one is named as such (never "unknown")."""
    validate.present(name, question or _("Who?"), _("Name a teammate, e.g. “maria” or “maria@example.com”."))
    return lookup.user(ctx, name)  # type: ignore[arg-type]


def kinds_of(what: str | None) -> tuple[str, ...]:
    key = (what or "customers").strip().lower()
    if key not in WHAT:
        raise ValidationError(_("“{what}” is not something I can reassign.").format(what=what),
                              hint=_("Say customers (accounts), deals, tickets, reminders or all."))
    return WHAT[key]


# -- the commands --------------------------------------------------------------------------------------------

def add_teammate(cmd: AddTeammate, ctx: Context) -> TeamChanged:
    name = validate.text(cmd.user, "teammate's name", 200)
    role = validate.choice(cmd.role or "rep", ROLES, "role")
    team = _label(cmd.team, "team") or (ctx.user.team if ctx.user.role == "manager" else None)
    permissions.require_team_admin(ctx.user, role=role, team=team)
    email = _email(cmd.email)
    _refuse_taken(name, email)
    user = User.create(name=name, email=email, role=role, team=team, timezone=ctx.user.timezone or "UTC",
                       created_at=ctx.now)
    trail = AuditTrail(ctx, "add_teammate")
    trail.created(user, f"added {name} as a {role}")
    link = _telegram_link(user, ctx, trail)
    added = _("Added {name} as a {role} on the {team} team.") if team else _("Added {name} as a {role}.")
    joins = _(" They join on Slack by writing to the bot (matched by their email).") if email \
        else _(" They join on Slack by writing to the bot.")
    if link:
        joins += _(" For Telegram, send them this one-time link: {link}").format(link=link)
    return TeamChanged(message=added.format(name=name, role=i18n.term("role", role), team=team) + joins,
                       user_id=user.id)


def set_role_checked(ctx: Context, user: User, role: str) -> None:
    """services/users.set_role's rights: admins anyone's, managers their team's (never to admin)."""
    permissions.require_team_admin(ctx.user, user, role=role)


def show_team(cmd: ShowTeam, ctx: Context) -> Table:
    """The active teammates, by team and name: everyone may see who they work with (deactivated ones are gone)."""
    permissions.require(ctx.user, "report.view")
    team = ctx.user.team if cmd.team == "me" else cmd.team
    if cmd.team == "me" and not team:
        raise NotFound(_("You are on no team yet."),
                       hint=_("An admin or your manager can put you on one: “put {name} on the west team”.").format(
                           name=ctx.user.name.split()[0] if ctx.user.name else "me"))
    people = User.select().where(User.is_active).order_by(fn.LOWER(fn.COALESCE(User.team, "")), fn.LOWER(User.name))
    if team:
        people = people.where(fn.LOWER(User.team) == team.lower())
    rows = tuple((u.name, term("role", u.role), u.team or "", u.territory or "", u.email or "") for u in people)
    title = _("The {team} team").format(team=team) if team else _("The team")
    return Table("team", title, (_("Name"), _("Role"), _("Team"), _("Territory"), _("Email")), rows,
                 empty=_("Nobody active is on the {team} team.").format(team=team) if team else _("Nobody yet."),
                 csv=cmd.csv)


def set_team(cmd: SetTeam, ctx: Context) -> TeamChanged:
    user = teammate(ctx, cmd.user)
    if cmd.team is None and cmd.territory is None:
        raise ValidationError(_("What should change for {name}: the team or the territory?").format(name=user.name),
                              hint=_("Say e.g. “put maria on the west team” or “maria's territory is emea”."))
    team = _label(cmd.team, "team")
    permissions.require_team_admin(ctx.user, user if user.team else None, team=team if cmd.team else None)
    before = snapshot(user)
    if cmd.team is not None:
        user.team = team
    if cmd.territory is not None:
        user.territory = _label(cmd.territory, "territory")
    if snapshot(user) == before:
        raise ValidationError(_("{name} is like that already.").format(name=user.name))
    user.save(only=[User.team, User.territory])
    with i18n.speaking(i18n.ENGLISH):  # the audit trail is kept in English
        AuditTrail(ctx, "set_team").updated(user, before, f"{user.name}: {_team_now(user, cmd)}")
    return TeamChanged(message=_("{name}: {changes}.").format(name=user.name, changes=_team_now(user, cmd)),
                       user_id=user.id)


def deactivate_user(cmd: DeactivateUser, ctx: Context) -> TeamChanged:
    user, work = deactivation_plan(cmd, ctx)
    trail = AuditTrail(ctx, "deactivate_user")
    before = snapshot(user)
    user.is_active = False
    user.save(only=[User.is_active])
    with i18n.speaking(i18n.ENGLISH):  # the audit trail is kept in English
        moved = f"; {work.said()} went to {work.target.name}" if work.total and work.target else ""
        trail.updated(user, before, f"deactivated {user.name}{moved}")
    if work.total:
        move(ctx, trail, work)
    head = _("{name} is deactivated: they can no longer use the CRM").format(name=user.name)
    went = _(". {work} went to {target}").format(work=work.said(), target=work.target.name) if work.total \
        else _("; they had no open work")
    return TeamChanged(message=head + went + _(". “undo” takes it back."),
                       user_id=user.id, moved=work.counts())


def deactivation_plan(cmd: DeactivateUser, ctx: Context) -> tuple[User, Plan]:
    """Checks first (rights, names, the last admin, who takes the work), then what moves; writes nothing."""
    permissions.require(ctx.user, "team.admin")
    user = teammate(ctx, cmd.user, _("Whom should I deactivate?"))
    permissions.require_team_admin(ctx.user, user)
    if user.id == ctx.user.id:
        raise ValidationError(_("You can't deactivate yourself."), hint=_("Ask another admin."))
    if user.role == "admin" and users.active_admins() == 1:
        raise users.only_admin(user)
    target = _receiver(ctx, cmd.reassign_to, user) if cmd.reassign_to else None
    work = plan(user, target, KINDS)
    if work.total and target is None:
        raise ValidationError(_("{name} has {work}. Who should take them over?").format(name=user.name,
                                                                                        work=work.said()),
                              hint=_("Say e.g. “deactivate {first}, give their work to maria”.").format(
                                  first=user.name.split()[0].lower()))
    return user, work


def reassign_work(cmd: ReassignWork, ctx: Context) -> TeamChanged:
    work = reassign_plan(cmd, ctx)
    trail = AuditTrail(ctx, "reassign_work")
    source = work.source
    with i18n.speaking(i18n.ENGLISH):  # the audit trail is kept in English
        trail.updated(source, snapshot(source), f"gave {source.name}'s {work.said()} to {work.target.name}")
    move(ctx, trail, work)
    return TeamChanged(message=_("Gave {source}'s {work} to {target}. “undo” takes it back.").format(
        source=source.name, work=work.said(), target=work.target.name),
                       user_id=work.target.id, moved=work.counts())


def reassign_plan(cmd: ReassignWork, ctx: Context) -> Plan:
    permissions.require(ctx.user, "team.admin")
    kinds = kinds_of(cmd.what)
    source = _any_teammate(ctx, cmd.from_user)
    permissions.require_team_admin(ctx.user, source)
    target = _receiver(ctx, cmd.to_user, source)
    work = plan(source, target, kinds)
    if not work.total:
        said = _(" or ").join(NONE[k]() for k in kinds)
        raise NotFound(_("{name} has no {work} to give.").format(name=source.name, work=said),
                       hint=_("Nothing was changed."))
    return work


def describe(cmd: DeactivateUser | ReassignWork, ctx: Context) -> str:
    """The confirmation's line: what moves, counted now (raises the same refusals as the command)."""
    if isinstance(cmd, DeactivateUser):
        user, work = deactivation_plan(cmd, ctx)
        moves = _("; {work} go to {target}").format(work=work.said(), target=work.target.name) \
            if work.total and work.target else _("; no open work to move")
        return _("Deactivate {name} (they can no longer use the CRM)").format(name=user.name) + moves
    work = reassign_plan(cmd, ctx)
    return _("Give {source}'s {work} to {target}").format(source=work.source.name, work=work.said(),
                                                          target=work.target.name)


# -- the bulk move -------------------------------------------------------------------------------------------

def move(ctx: Context, trail: AuditTrail, work: Plan) -> None:
    """Per kind: one audit row per moving row (written by the database), then one UPDATE."""
    for kind, _, _ in work.moving:
        spec = WORK[kind]
        condition = spec.rows(work.source)
        table = spec.model._meta.table_name
        column = getattr(spec.model, spec.field)
        row = dict(batch=trail.batch, actor=ctx.user.id, action=trail.action, op="update", entity=table,
                   before=json.dumps({spec.field: work.source.id}), after=json.dumps({spec.field: work.target.id}),
                   description="", channel=ctx.channel, created_at=ctx.now)
        columns = list(row)
        p = database.param
        ids = spec.model.select(spec.model.id).where(condition)
        sql, params = ids.sql()
        database.execute_sql(
            f"INSERT INTO audit_log ({', '.join(_COLUMNS[c] for c in columns)}, entity_id) "
            f"SELECT {', '.join([p] * len(columns))}, t.id FROM ({sql}) AS t ORDER BY t.id",
            [*(row[c] for c in columns), *params])
        spec.model.update({column: work.target.id}).where(condition).execute()
        trail.changed_rows(table, {spec.field: work.source.id}, {spec.field: work.target.id})


# -- helpers -------------------------------------------------------------------------------------------------

def _any_teammate(ctx: Context, name: str | None) -> User:
    """Whose work: an active teammate, or a deactivated one (their leftovers may still be given away)."""
    try:
        return teammate(ctx, name, _("Whose work?"))
    except Conflict:
        return lookup.inactive_user(name)  # type: ignore[arg-type, return-value]


def _receiver(ctx: Context, name: str | None, source: User) -> User:
    target = teammate(ctx, name, _("Who should take it over?"))
    if target.id == source.id:
        raise ValidationError(_("That is {name} again.").format(name=source.name),
                              hint=_("Name someone else to take the work over."))
    permissions.require_team_admin(ctx.user, target)
    return target


def _label(value: str | None, what: str) -> str | None:
    cleaned = validate.text(value, what, 64, required=False).lower() if value is not None else ""
    for lead in ("the ", "team "):
        cleaned = cleaned.removeprefix(lead)
    cleaned = cleaned.removesuffix(" team").removesuffix(" territory").strip()
    return cleaned or None


def _team_now(user: User, cmd: SetTeam) -> str:
    """ "team west, no territory": what was said to change, as it is now."""
    team = (_("team {name}").format(name=user.team) if user.team else _("no team")) if cmd.team is not None else ""
    territory = (_("territory {name}").format(name=user.territory) if user.territory else _("no territory")) \
        if cmd.territory is not None else ""
    return pgettext("list separator", ", ").join(x for x in (team, territory) if x)


def _email(value: str | None) -> str | None:
    try:
        return normalize_email(value)
    except ValueError:
        raise ValidationError(_("“{value}” is not an email address.").format(value=value),
                              hint=_("Write it like dana@example.com.")) from None


def _refuse_taken(name: str, email: str | None) -> None:
    same = User.select().where(fn.LOWER(User.name) == name.lower()).first()
    if same is None and email:
        same = User.get_or_none(User.email == email)
    if same is not None:
        name = same.name + ("" if same.is_active else _(" (deactivated; an admin can undo that)"))
        taken = _("{name} is a teammate already ({email}).") if same.email else _("{name} is a teammate already.")
        raise Conflict(taken.format(name=name, email=same.email),
                       hint=_("Give another name or email; nothing was changed."))


def _telegram_link(user: User, ctx: Context, trail: AuditTrail) -> str | None:
    """A one-time Telegram link for the new teammate, when the bot's username is known."""
    from crm_core.services.linking import INVITE_VALID, bot_username
    try:
        username = bot_username()
    except ConfigError:
        return None
    invite = TelegramInvite.create(code=secrets.token_urlsafe(18), user=user.id, created_by=ctx.user.id,
                                   created_at=ctx.now, expires_at=ctx.now + INVITE_VALID)
    trail.created(invite, f"made {user.name}'s Telegram link")
    return f"https://t.me/{username}?start={invite.code}"


NAMED = {DeactivateUser: ("user", "reassign_to"), ReassignWork: ("from_user", "to_user"), SetRole: ("user",),
         SetTeam: ("user",)}


def said_me(cmd: object, user: User) -> dict[str, str]:
    """For the dialogue: "me" said for a teammate, as the acting user's name (so a confirmation names them)."""
    fields = NAMED.get(type(cmd), ())
    return {f: user.email or user.name for f in fields
            if str(getattr(cmd, f) or "").strip().lower() in ("me", "myself")}


def refused(cmd: object, user: User) -> CrmError | None:
    """For the dialogue: why a confirmed team-admin command can't run, before it asks (None: it can)."""
    ctx = Context(user=user)
    try:
        if isinstance(cmd, (DeactivateUser, ReassignWork)):
            describe(cmd, ctx)
        elif isinstance(cmd, SetRole):
            permissions.require(user, "user.set_role")
            permissions.require_team_admin(user, lookup.user(ctx, cmd.user), role=validate.choice(cmd.role, ROLES,
                                                                                                   "role"))
    except CrmError as exc:
        return exc
    return None


def plan_line(cmd: DeactivateUser | ReassignWork) -> str | None:
    """The confirmation's line for a deactivation or a bulk move, counted now (None when it can't be counted)."""
    try:
        return describe(cmd, Context(user=User(name="", role="admin")))
    except CrmError:
        return None
