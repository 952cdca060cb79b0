"""Reports in Block Kit: tables as monospace blocks (aligned by bots.console.table), customer cards."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from bots import lists_text
from bots.console import (
    agent_headers, as_of, contact_headers, contact_rows, no_contacts, report_rows, segment_headers, segment_title, table,
    ticket_table, top_headers, top_rows, top_title, win_chance,
)
from bots.slack.text import clip, escape
from crm_core.i18n import _, term
from crm_core import paging
from crm_core import results as r
from crm_core.money import money
from crm_core.results import ReminderList

Block = dict[str, Any]
CHUNK = 2900  # a section's text holds 3000 characters, the fences included


def code_table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> list[Block]:
    """A table in as many monospace sections as it needs; lines are escaped before they are measured, as
    `&`, `<` and `>` grow to entities and a chunk must still fit after that."""
    lines = [clip(escape(line), CHUNK) for line in table(headers, list(rows)).splitlines()]
    blocks, chunk = [], []
    for line in lines:
        if chunk and sum(len(x) + 1 for x in chunk) + len(line) > CHUNK:
            blocks.append(_code(chunk))
            header_fits = sum(len(x) + 1 for x in lines[:2]) + len(line) <= CHUNK
            chunk = lines[:2] if len(lines) > 2 and header_fits else []  # repeat the header
        chunk.append(line)
    if chunk:
        blocks.append(_code(chunk))
    return blocks


def _code(lines: list[str]) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": "```" + "\n".join(lines) + "```"}}


def _text(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, 3000) or " "}}


def _context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": clip(text, 3000) or " "}]}


def header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": clip(text, 150) or "…", "emoji": True}}


def top_customers(result: r.TopCustomers, start: int = 1) -> list[Block]:
    """`start`: the first row's rank (a later page of the list starts further down)."""
    title = f":trophy: *{escape(top_title(result))}*"
    if not result.rows:
        return [_text(title + "\n" + _("None yet.")
                      + (_(" Scores are made by `crm score`.") if result.metric == "score" else ""))]
    return [_text(title), *code_table(top_headers(result), top_rows(result, start))]


def pipeline(result: r.Pipeline) -> list[Block]:
    """What was asked, how many match with their totals per currency, the stages, the deals (bots/lists_text.py)."""
    blocks = [_text(f":bar_chart: *{escape(lists_text.heading(result))}*\n{escape(lists_text.totals(result))}")]
    if stages := lists_text.stage_rows(result):
        blocks += code_table(lists_text.stage_headers(), stages)
    if not result.deals:
        return blocks
    blocks += code_table(*lists_text.deal_rows(result))
    if result.weighted_amount:
        blocks.append(_context(_("Weighted by win probability: {amount}").format(
            amount=f"{result.weighted_amount:,.0f}")))
    return blocks


def tickets(result: r.TicketList) -> list[Block]:
    if not result.tickets:
        return [_text(escape(_("No {what}.").format(what=result.description)))]
    headers, rows = ticket_table(result, 40)
    return [_text(f":ticket: *{escape(result.description[:1].upper() + result.description[1:])}*"),
            *code_table(headers, rows), *_satisfaction(result)]


def _satisfaction(result: r.TicketList) -> list[Block]:
    blocks = [_context(":star: " + _("Average rating *{average}/5* over {count} rated").format(
        average=f"{result.csat_average:.1f}", count=result.csat_count))] if result.csat_count else []
    if result.by_agent:
        days = _("Satisfaction by agent, last {days} days").format(days=result.by_agent[0].days)
        blocks += [_text(f"*{days}*"), *code_table(
            agent_headers(), [(a.agent, a.rated, f"{a.average:.1f}") for a in result.by_agent])]
    return blocks


def segment(result: r.SegmentMembers) -> list[Block]:
    name = term("segment", result.segment)
    if not result.total:
        return [_text(escape(_("No customers in “{segment}”.").format(segment=name))
                      + ("" if result.as_of else _(" Segments are made by `crm segment`.")))]
    rows = [(row.name, row.city, row.value) for row in result.rows]
    title = f"*{escape(segment_title(result, name))}*{escape(as_of(result.as_of or '-'))}"
    return [_text(title), *code_table(segment_headers(), rows)]


def customer_card(card: r.CustomerCard) -> list[Block]:
    facts = [(_("Email"), card.email), (_("Phone"), card.phone), (_("City"), card.city), (_("Owner"), card.owner),
             (_("Segment"), term("segment", card.segment) or None), (_("Revenue"), lists_text.revenue(card)),
             (_("Lifetime value"), f"{card.lifetime_value:,.0f}" if card.lifetime_value is not None else None),
             (_("Still active"), f"{card.p_alive:.0%}" if card.p_alive is not None else None),
             (_("Satisfaction"), _("{average}/5 ({count} rated)").format(average=f"{card.csat_average:.1f}",
                                                                        count=card.csat_count)
              if card.csat_count and card.csat_average is not None else None)]
    fields = [{"type": "mrkdwn", "text": clip(f"*{label}*\n{escape(str(value)) if value else '-'}", 2000)} for label, value in facts]
    blocks = [header(card.name), {"type": "section", "fields": fields[:10]}]
    if card.outlook:
        blocks.append(_text(escape(card.outlook)))
    if card.contacts:
        blocks += [_text("*" + _("Contacts") + "*"), *code_table(contact_headers(), contact_rows(card.contacts))]
    if card.open_deals:
        blocks += [_text("*" + _("Open deals") + "*"), *code_table(
            [_("Deal"), _("Stage"), _("Amount"), _("Owner")],
            [(d.title, term("stage", d.stage), d.amount, d.owner) for d in card.open_deals]), *_rest(card, "deals")]
    if card.activities:
        with_ = any(a.contact for a in card.activities)  # the contact column only when one was with a contact
        blocks += [_text("*" + _("Last activities") + "*"), *code_table(
            [_("When"), _("Kind"), _("Who"), *([_("With")] if with_ else []), _("Summary")],
            [(a.when, term("activity kind", a.kind_), a.who, *([a.contact] if with_ else []), a.summary[:50])
             for a in card.activities]), *_rest(card, "activities")]
    if card.open_tickets:
        blocks += [_text("*" + _("Open tickets") + "*"), *code_table(
            [_("Ticket"), _("Subject"), _("Status"), _("Priority")],
            [(f"#{t.number}", t.subject[:40], term("ticket status", t.status), term("priority", t.priority))
             for t in card.open_tickets]), *_rest(card, "tickets")]
    return blocks


def _rest(result: r.Result, part: str) -> list[Block]:
    """ "Showing 10 of 37." under a list the card or digest cuts (its More button is under the report)."""
    rest = paging.rest_of(result, part)
    return [_context(rest.status())] if rest is not None else []


def contact_list(result: r.ContactList) -> list[Block]:
    if not result.contacts:
        return [_text(escape(no_contacts(result.customer)))]
    at = escape(_("Contacts at {customer}").format(customer=result.customer))
    return [_text(f":busts_in_silhouette: *{at}*"),
            *code_table(contact_headers(), contact_rows(result.contacts))]


def deal_card(card: r.DealCard) -> list[Block]:
    d = card.deal
    facts = [(_("Stage"), term("stage", d.stage)), (_("Amount"), money(d.amount, d.currency)),
             (_("Win probability"), win_chance(d)), (_("Owner"), d.owner), (_("Expected close"), d.expected_close),
             (_("Closed"), card.closed_at)]
    fields = [{"type": "mrkdwn", "text": clip(f"*{label}*\n{escape(str(value)) if value else '-'}", 2000)} for label, value in facts]
    blocks = [header(f"{d.title} ({d.customer})"), {"type": "section", "fields": fields}]
    if card.last_activity is not None:
        a = card.last_activity
        last, kind = _("Last activity"), term("activity kind", a.kind_)
        said = f"*{last}* {escape(a.when)}: {escape(kind)}" \
            + (escape(_(" by {who}").format(who=a.who)) if a.who else "") \
            + (f" — {escape(a.summary[:300])}" if a.summary else "")
        blocks.append(_text(said))
    if card.other_open:
        blocks.append(_context(escape(_("{n} more open deal(s) for {customer}.").format(n=card.other_open,
                                                                                       customer=d.customer))))
    if more := lists_text.deal_card_more(card):
        blocks.append(_text(escape("\n".join(line.strip() for line in more))))
    return blocks


def ticket_card(card: r.TicketCard) -> list[Block]:
    t = card.ticket
    facts = [(_("Status"), term("ticket status", t.status)), (_("Priority"), term("priority", t.priority)),
             (_("Customer"), t.customer), (_("Assignee"), t.assignee),
             (_("Opened"), _("{day} ({n} d ago)").format(day=card.opened, n=card.age_days)),
             (_("Rating"), f"{t.csat}/5" if t.csat else None)]
    fields = [{"type": "mrkdwn", "text": clip(f"*{label}*\n{escape(str(value)) if value else '-'}", 2000)} for label, value in facts]
    blocks = [header(_("Ticket #{number}: {subject}").format(number=t.number, subject=t.subject)),
              {"type": "section", "fields": fields}]
    if card.messages:
        blocks += [_text("*" + _("Messages") + "*"), *message_sections(card.messages), *_rest(card, "messages")]
    if card.late:
        blocks.append(_context(f":warning: {escape(card.late)}"))
    return blocks


def ticket_messages(result: r.TicketMessages) -> list[Block]:
    """A page of a ticket's conversation (newest first across pages), read top to bottom in time."""
    title = _("Ticket #{number}: {subject}").format(number=result.number, subject=result.subject)
    return [_text(f"*{escape(title)}*"), *message_sections(tuple(reversed(result.messages)))]


def message_sections(messages: Sequence[r.TicketMessageLine]) -> list[Block]:
    """Messages in as many sections as they need, each escaped before it is measured (never cut mid-message)."""
    blocks, chunk = [], ""
    for m in messages:
        said = f"*{escape(m.who)}* {escape(m.when)}\n{escape(m.body[:600])}"
        if chunk and len(chunk) + 1 + len(said) > CHUNK:
            blocks.append(_text(chunk))
            chunk = ""
        chunk = f"{chunk}\n{said}" if chunk else said
    return blocks + ([_text(chunk)] if chunk else [])


def reminders(result: ReminderList) -> list[Block]:
    if not result.reminders:
        return [_text(escape(result.message))]
    lines = [f"{':red_circle: ' if line.overdue else ''}*{escape(line.due)}*  {escape(line.text)}"
             for line in result.reminders]
    return [_text(":alarm_clock: *" + _("Your reminders") + "*"), _text("\n".join(lines))]


def report(result: r.Table) -> list[Block]:
    """Any report or list of issue 14: a bold title, the table in monospace sections, the notes as context."""
    title = _text(f"*{escape(result.title)}*")
    body = code_table(result.columns, report_rows(result)) if result.rows else [_text(escape(result.empty))]
    return [title, *body, *([_context(escape("\n".join(result.notes)))] if result.notes else [])]


RENDERERS: dict[type, Callable[[Any], list[Block]]] = {
    r.TopCustomers: top_customers, r.Pipeline: pipeline, r.TicketList: tickets, r.SegmentMembers: segment,
    r.CustomerCard: customer_card, ReminderList: reminders, r.DealCard: deal_card, r.TicketCard: ticket_card,
    r.TicketMessages: ticket_messages,
    r.ContactList: contact_list, r.Table: report,
}
