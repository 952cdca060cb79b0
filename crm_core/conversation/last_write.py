"""What "undo" and a correction do with the conversation's last write (crm_core/conversation/memory.py)."""
from __future__ import annotations

from datetime import datetime

from crm_core import bus
from crm_core import commands as c
from crm_core.conversation import amend, memory
from crm_core.i18n import _
from crm_core.models import User
from crm_core.results import Notice, Result


def undo(mem: memory.Memory, user: User, channel: str, now: datetime) -> Result:
    """This user's last successful write, taken back; nothing when the last command here was refused."""
    if mem.failed:
        tried, mem.failed = mem.failed, None
        return Notice(_("Your last command ({tried}) changed nothing, so there is nothing to undo from it. "
                        "Say “undo” again to take back the change before it.").format(tried=tried))
    result = bus.handle(c.Undo(), user, channel=channel, now=now)
    memory.remember(mem, c.Undo(), result, user)
    return result


def correct(slots: dict, mem: memory.Memory, user: User, channel: str, now: datetime) -> Result:
    if mem.failed:
        return Notice(_("Your last command ({tried}) changed nothing, so there is nothing to correct; "
                        "say it again with the right details.").format(tried=mem.failed))
    if not mem.last_batch:
        return Notice(_("There is no recent change of yours here to correct; nothing was changed."))
    return amend.amend(mem.last_batch, slots, user, channel=channel, now=now)
