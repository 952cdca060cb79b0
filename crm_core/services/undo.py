"""Undo: revert the acting user's last write, if it is recent and nobody changed those rows since."""
from __future__ import annotations

import json
import uuid
from decimal import Decimal, InvalidOperation
from datetime import timedelta

from crm_core.commands import Undo
from crm_core.context import Context
from crm_core.errors import Conflict, NotFound
from crm_core.events import owners
from crm_core.i18n import ENGLISH, _, current, pgettext
from crm_core.models import MODELS_BY_TABLE, AuditLog
from crm_core.audit import snapshot
from crm_core.results import Undone
from crm_core.settings import get_settings

# Writes that can't be taken back: a message that has gone out, an undo itself, bulk loads.
NOT_UNDOABLE = ("reply_to_ticket", "send_outreach", "undo", "import_customers", "import_orders", "import_contacts",
                "load_demo")


def undo(cmd: Undo, ctx: Context) -> Undone:
    window = timedelta(minutes=get_settings().undo_window_minutes)
    last = (AuditLog.select()
            .where((AuditLog.actor == ctx.user.id) & AuditLog.undone_at.is_null()
                   & AuditLog.action.not_in(NOT_UNDOABLE) & AuditLog.entity.in_(list(MODELS_BY_TABLE))
                   & (AuditLog.created_at >= ctx.now - window))
            .order_by(AuditLog.id.desc()).first())
    if last is None:
        raise NotFound(_("You have nothing to undo from the last {minutes} minutes.").format(
            minutes=window.seconds // 60))
    rows = list(AuditLog.select().where(AuditLog.batch == last.batch).order_by(AuditLog.id.desc()))
    _revert_all(rows)
    ctx.touched.add(ctx.user.id)
    for entity, before, after in {(r.entity, r.before, r.after) for r in rows}:
        ctx.touched |= owners(entity, before, after)
    what = next(r.description for r in reversed(rows) if r.description) if any(r.description for r in rows) \
        else last.action.replace("_", " ")
    AuditLog.update(undone_at=ctx.now).where(AuditLog.batch == last.batch).execute()
    AuditLog.create(batch=uuid.uuid4().hex, actor=ctx.user.id, action="undo", op="update",
                    entity="audit_log", entity_id=last.id, description=f"undid: {what}",
                    channel=ctx.channel, created_at=ctx.now)
    return Undone(message=_("Undone: {what}.").format(what=_undone(last.action, what)))


def _undone(action: str, description: str) -> str:
    """What was taken back: the write's own description in English, its kind in a language with a catalog (the
    description was written in English, for the audit log)."""
    return description if current() == ENGLISH else pgettext("write", action)


BULK = 20  # this many rows given one key the same way (a merge's or a reassignment's moved rows) revert in bulk


def _revert_all(rows: list[AuditLog]) -> None:
    """Last first; a group of rows whose one key went from the same value to the same value (e.g. 10,000 customers
    from Bob to Maria) is checked and reverted with one query each, where its first row comes."""
    groups: dict[tuple, list[AuditLog]] = {}
    for row in rows:
        groups.setdefault(_bulk_key(row), []).append(row)
    done: set[tuple] = set()
    for row in rows:
        key = _bulk_key(row)
        if key[0] is None or len(groups[key]) < BULK:
            _revert(row)
        elif key not in done:
            done.add(key)
            _revert_bulk(row, len(groups[key]))


def _bulk_key(row: AuditLog) -> tuple:
    """(entity, before, after) for an update of one integer key (a foreign key moved), else a key of its own."""
    if row.op != "update" or row.before is None or row.after is None \
            or "id" not in MODELS_BY_TABLE[row.entity]._meta.fields:
        return (None, row.id)
    before, after = json.loads(row.before), json.loads(row.after)
    one_key = len(before) == 1 and before.keys() == after.keys()
    if not one_key or not all(v is None or type(v) is int for v in (*before.values(), *after.values())):
        return (None, row.id)
    return (row.entity, row.before, row.after)


def _revert_bulk(row: AuditLog, expected: int) -> None:
    model = MODELS_BY_TABLE[row.entity]
    (name, old), = json.loads(row.before).items()
    new = json.loads(row.after)[name]
    field = model._meta.fields[name]
    ids = AuditLog.select(AuditLog.entity_id).where(
        (AuditLog.batch == row.batch) & (AuditLog.entity == row.entity) & (AuditLog.op == "update")
        & (AuditLog.before == row.before) & (AuditLog.after == row.after))
    still = model.select().where(model.id.in_(ids) & (field.is_null() if new is None else (field == new))).count()
    if still != expected:
        raise Conflict(_("Can't undo “{what}”: {n} of its rows were changed since.").format(
                           what=_undone(row.action, row.description or row.action), n=expected - still),
                       hint=_("Change them back by hand."))
    model.update({field: old}).where(model.id.in_(ids)).execute()


def _revert(row: AuditLog) -> None:
    model = MODELS_BY_TABLE[row.entity]
    current = model.get_or_none(model.id == row.entity_id)
    after = json.loads(row.after) if row.after else None
    if after is not None and (current is None or changed_since(snapshot(current), after)):
        raise Conflict(_("Can't undo “{what}”: it was changed since.").format(
                           what=_undone(row.action, row.description or row.action)),
                       hint=_("Change it back by hand."))
    if row.op == "create":
        current.delete_instance()
    elif row.op == "update":
        before = json.loads(row.before)
        model.update({model._meta.fields[k]: v for k, v in before.items() if k != "id"}).where(
            model.id == row.entity_id).execute()
    elif row.op == "delete":
        model.insert(json.loads(row.before)).execute()


def changed_since(current: dict, after: dict) -> bool:
    return any(not _same(current.get(k), v) for k, v in after.items() if k != "updated_at")


def _same(a: object, b: object) -> bool:
    """Equal as stored: SQLite gives 500 back for a Decimal 500.00, so numbers compare as numbers."""
    if str(a) == str(b):
        return True
    try:
        return Decimal(str(a)) == Decimal(str(b))
    except InvalidOperation:
        return False
