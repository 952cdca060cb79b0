"""App Home: my open deals by stage, my due reminders (with Done / Snooze), my open tickets."""
from __future__ import annotations

import json
from typing import Any

from slack_sdk import WebClient

from bots.slack import report_blocks as reports
from bots.slack.blocks import Block, actions, button, context, section
from bots.slack.text import escape
from crm_core import bus, i18n
from crm_core import commands as c
from crm_core.i18n import _, term
from crm_core.money import money
from crm_core.models import User
from crm_core.results import Pipeline, Rejected, TicketList
from crm_core.results import ReminderList
from crm_core.services.reminders import SNOOZES

COMMAND_ACTION = "crm_cmd_{}"
MAX_BLOCKS = 100


def command_value(command: c.Command, slack_user: str) -> str:
    return json.dumps({"c": command.to_json(), "u": slack_user}, separators=(",", ":"))


HOME_ROWS = 15  # reminders on the Home tab: two blocks each


def reminder_buttons(reminder_id: int, slack_user: str, block_id: str | None = None) -> Block:
    made = actions(
        button(_("Done"), COMMAND_ACTION.format("done"), command_value(c.CompleteReminder(reminder_id), slack_user),
               "primary"),
        *(button(_(label), COMMAND_ACTION.format(action_id), command_value(c.SnoozeReminder(reminder_id, **span), slack_user))
          for action_id, label, span in SNOOZES))
    if block_id:
        made["block_id"] = block_id
    return made


def view(user: User, slack_user: str) -> dict[str, Any]:
    """The Home tab in the user's language."""
    with i18n.speaking(user.language):
        return _view(user, slack_user)


def _view(user: User, slack_user: str) -> dict[str, Any]:
    blocks: list[Block] = [reports.header(_("Hi {name}").format(name=(user.name.split() or [""])[0])),
                           context(_("Talk to me in plain words here, with `/crm` anywhere, or by mentioning me."))]
    blocks += _deals(bus.handle(c.ShowPipeline(owner="me"), user, channel="slack"))
    blocks += _reminders(bus.handle(c.ShowReminders(days=1), user, channel="slack"), slack_user)
    blocks += _tickets(bus.handle(c.ShowTickets(assignee="me"), user, channel="slack"))
    if len(blocks) > MAX_BLOCKS:
        blocks = blocks[: MAX_BLOCKS - 1] + [context(_("… and more."))]
    return {"type": "home", "blocks": blocks}


def refusal_view(text: str) -> dict[str, Any]:
    return {"type": "home", "blocks": [section(escape(text))]}


def publish(client: WebClient, slack_user: str, user: User) -> None:
    client.views_publish(user_id=slack_user, view=view(user, slack_user))


def _deals(result: Any) -> list[Block]:
    blocks: list[Block] = [{"type": "divider"}, section("*:bar_chart: " + _("My open deals") + "*")]
    if isinstance(result, Rejected) or not isinstance(result, Pipeline):
        return blocks + [context(escape(getattr(result, "message", _("Not available."))))]
    if not result.deals:
        return blocks + [context(_("No open deals."))]
    for stage in result.stages:
        deals = [d for d in result.deals if d.stage == stage.stage]
        if deals:
            lines = "\n".join(f"• {escape(d.customer)}: {escape(d.title)} ({money(d.amount, d.currency)})"
                              for d in deals[:10])
            more = "\n" + _("… and {n} more").format(n=len(deals) - 10) if len(deals) > 10 else ""
            name = term("stage", stage.stage)
            blocks.append(section(f"*{name[:1].upper() + name[1:]}* · {stage.count}\n{lines}{more}"))
    return blocks


def _reminders(result: Any, slack_user: str) -> list[Block]:
    blocks: list[Block] = [{"type": "divider"}, section("*:alarm_clock: " + _("My due reminders") + "*")]
    if not isinstance(result, ReminderList):
        return blocks + [context(escape(getattr(result, "message", _("Not available."))))]
    if not result.reminders:
        return blocks + [context(_("Nothing due today."))]
    for line in result.reminders[:HOME_ROWS]:
        flag = ":red_circle: " if line.overdue else ""
        about = f" · {escape(line.customer)}" if line.customer else ""
        blocks += [section(f"{flag}*{line.due}*{about}\n{escape(line.text)}"),
                   reminder_buttons(line.reminder_id, slack_user, block_id=f"reminder-{line.reminder_id}")]
    return blocks + _rest(HOME_ROWS, len(result.reminders), _("show my reminders"))


def _tickets(result: Any) -> list[Block]:
    blocks: list[Block] = [{"type": "divider"}, section("*:ticket: " + _("My open tickets") + "*")]
    if not isinstance(result, TicketList):
        return blocks + [context(escape(getattr(result, "message", _("Not available."))))]
    if not result.tickets:
        return blocks + [context(_("No open tickets assigned to you."))]
    lines = [f"*#{t.number}* {escape(t.customer)}: {escape(t.subject)} · {term('ticket status', t.status)}"
             f" · {term('priority', t.priority)}" for t in result.tickets[:20]]
    return [*blocks, section("\n".join(lines)),
            *_rest(len(lines), max(result.total, len(result.tickets)), _("show my open tickets"))]


def _rest(shown: int, total: int, ask: str) -> list[Block]:
    """A list cut on the Home tab says so, and how to see all of it."""
    return [context(_("Showing {shown} of {total}; say “{ask}” for the whole list.").format(
        shown=shown, total=total, ask=ask))] if total > shown else []
