"""Undo: revert the acting user's last write, if it is recent and nobody changed those rows since."""
from __future__ import annotations

import json
import uuid
from decimal import Decimal, InvalidOperation
from datetime import timedelta

from crm_core.commands import Undo
from crm_core.context import Context
from crm_core.errors import Conflict, NotFound
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
    for row in rows:
        _revert(row)
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


def _revert(row: AuditLog) -> None:
    model = MODELS_BY_TABLE[row.entity]
    current = model.get_or_none(model.id == row.entity_id)
    after = json.loads(row.after) if row.after else None
    if after is not None and (current is None or changed_since(snapshot(current), after)):
        raise Conflict(f"Can't undo “{row.description or row.action}”: it was changed since.",
                       hint="Change it back by hand.")
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
