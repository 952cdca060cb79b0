"""Reports in Block Kit: tables as monospace blocks (aligned by bots.console.table), customer cards."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from bots import lists_text
from bots.console import contact_headers, contact_rows, report_rows, table
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
    period = (f" since {escape(result.since)}" if result.since else "") + \
        (f" until {escape(result.until)}" if result.until else "")
    title = f":trophy: *Top customers by {escape(result.metric)}{period}*"
    if not result.rows:
        return [_text(title + "\nNone yet." + (" Scores are made by `crm score`." if result.metric == "score" else ""))]
    value = {"revenue": "Revenue", "orders": "Orders"}.get(result.metric, "Lifetime value")
    rows = [(i, row.name, row.city, row.segment, row.value) for i, row in enumerate(result.rows, start)]
    return [_text(title), *code_table(["#", "Customer", "City", "Segment", value], rows)]


def pipeline(result: r.Pipeline) -> list[Block]:
    """What was asked, how many match with their totals per currency, the stages, the deals (bots/lists_text.py)."""
    blocks = [_text(f":bar_chart: *{escape(lists_text.heading(result))}*\n{escape(lists_text.totals(result))}")]
    if stages := lists_text.stage_rows(result):
        blocks += code_table(lists_text.STAGE_HEADERS, stages)
    if not result.deals:
        return blocks
    blocks += code_table(*lists_text.deal_rows(result))
    if result.weighted_amount:
        blocks.append(_context(f"Weighted by win probability: {result.weighted_amount:,.0f}"))
    return blocks


def tickets(result: r.TicketList) -> list[Block]:
    if not result.tickets:
        return [_text(f"No {escape(result.description)}.")]
    headers = ["Ticket", "Customer", "Subject", "Status", "Priority", "Assignee"]
    rows = [(f"#{t.number}", t.customer, t.subject[:40], t.status, t.priority, t.assignee)
            for t in result.tickets]
    if result.csat_count:
        headers, rows = headers + ["Rating"], [(*row, t.csat) for row, t in zip(rows, result.tickets)]
    return [_text(f":ticket: *{escape(result.description[:1].upper() + result.description[1:])}*"),
            *code_table(headers, rows), *_satisfaction(result)]


def _satisfaction(result: r.TicketList) -> list[Block]:
    blocks = [_context(f":star: Average rating *{result.csat_average:.1f}/5* over {result.csat_count} rated")] \
        if result.csat_count else []
    if result.by_agent:
        blocks += [_text(f"*Satisfaction by agent, last {result.by_agent[0].days} days*"), *code_table(
            ["Agent", "Rated", "Average"], [(a.agent, a.rated, f"{a.average:.1f}") for a in result.by_agent])]
    return blocks


def segment(result: r.SegmentMembers) -> list[Block]:
    name = escape(result.segment.replace("_", " "))
    if not result.total:
        return [_text(f"No customers in “{name}”." + ("" if result.as_of else " Segments are made by `crm segment`."))]
    rows = [(row.name, row.city, row.value) for row in result.rows]
    return [_text(f"*{result.total} customers are {name}* (as of {escape(result.as_of or '-')})"),
            *code_table(["Customer", "City", "Value"], rows)]


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
        return [_text(f"No contacts at {escape(result.customer)} yet. "
                      f"Add one: “add Dana Ruiz, CFO at {escape(result.customer)}”.")]
    return [_text(f":busts_in_silhouette: *Contacts at {escape(result.customer)}*"),
            *code_table(contact_headers(), contact_rows(result.contacts))]


def deal_card(card: r.DealCard) -> list[Block]:
    d = card.deal
    facts = [("Stage", d.stage), ("Amount", money(d.amount, d.currency)),
             ("Win probability", f"{d.win_probability:.0%}" if d.win_probability is not None else "not scored yet"),
             ("Owner", d.owner), ("Expected close", d.expected_close), ("Closed", card.closed_at)]
    fields = [{"type": "mrkdwn", "text": clip(f"*{label}*\n{escape(str(value)) if value else '-'}", 2000)} for label, value in facts]
    blocks = [header(f"{d.title} ({d.customer})"), {"type": "section", "fields": fields}]
    if card.last_activity is not None:
        a = card.last_activity
        said = f"*Last activity* {escape(a.when)}: {escape(a.kind_)}" + (f" by {escape(a.who)}" if a.who else "") \
            + (f" — {escape(a.summary[:300])}" if a.summary else "")
        blocks.append(_text(said))
    if card.other_open:
        blocks.append(_context(f"{card.other_open} more open deal(s) for {escape(d.customer)}."))
    if more := lists_text.deal_card_more(card):
        blocks.append(_text(escape("\n".join(line.strip() for line in more))))
    return blocks


def ticket_card(card: r.TicketCard) -> list[Block]:
    t = card.ticket
    facts = [("Status", t.status), ("Priority", t.priority), ("Customer", t.customer), ("Assignee", t.assignee),
             ("Opened", f"{card.opened} ({card.age_days} d ago)"), ("Rating", f"{t.csat}/5" if t.csat else None)]
    fields = [{"type": "mrkdwn", "text": clip(f"*{label}*\n{escape(str(value)) if value else '-'}", 2000)} for label, value in facts]
    blocks = [header(f"Ticket #{t.number}: {t.subject}"), {"type": "section", "fields": fields}]
    if card.messages:
        lines = [f"*{escape(m.who)}* {escape(m.when)}\n{escape(m.body[:600])}" for m in card.messages]
        blocks += [_text(f"*Last {len(lines)} of {card.message_count} messages*"), _text("\n".join(lines))]
    if card.late:
        blocks.append(_context(f":warning: {escape(card.late)}"))
    return blocks


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
    r.ContactList: contact_list, r.Table: report,
}
