"""The console front-end: `crm chat`. Plain text in, plain text out, the same dialogue as Slack."""
from __future__ import annotations

import os
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import TextIO

from bots import lists_text
from crm_core import bus, i18n, paging, report_chart
from crm_core import results as r
from crm_core.digest import text as digest_text
from crm_core.db import one_connection
from crm_core.dialogue import converse
from crm_core.i18n import _, ngettext, term
from crm_core.models import User
from crm_core.services.agenda import reminder_lines
from crm_core.money import money

CONVERSATION = "console"
HISTORY_FILE = os.path.expanduser("~/.crm_history")


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """Columns aligned; numbers right-aligned."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max(width(h), *(width(row[i]) for row in cells)) if cells else width(h) for i, h in enumerate(headers)]
    numeric = [bool(cells) and all(_is_number(row[i]) for row in cells) for i in range(len(headers))]

    def line(values: Sequence[str]) -> str:
        return "  ".join(" " * (w - width(v)) + v if num else v + " " * (w - width(v))
                         for v, w, num in zip(values, widths, numeric)).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(row) for row in cells)])


def width(text: str) -> int:
    """Columns `text` takes in a terminal: a Chinese character (East Asian wide or full-width) takes two."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
    return str(value)


def _is_number(text: str) -> bool:
    return text.replace(",", "").replace(".", "", 1).lstrip("-").isdigit() or text == "-"


def render(result: r.Result) -> str:
    """The result as text; a long list shows its first page (chat() also writes the whole as CSV)."""
    return _render(paging.page(result))


def _render(result: r.Result) -> str:
    renderer = RENDERERS.get(type(result))
    if renderer is not None:
        return renderer(result)
    return getattr(result, "message", str(result))


def _rejected(result: r.Rejected) -> str:
    lines = [result.message + (f" {result.hint}" if result.hint else "")]
    lines += [f"  {i}) {o.label}" for i, o in enumerate(result.options, 1)]
    return "\n".join(lines)


def _question(result: r.Question) -> str:
    lines = [f"  • {line}" for line in result.summary] + [result.text]
    if result.choices:
        lines.append("  " + "   ".join(f"{i}) {ch.label}" for i, ch in enumerate(result.choices, 1)))
        lines.append("  " + _("(answer with a number or a name; “cancel” drops it)"))
    return "\n".join(lines)


def _top(result: r.TopCustomers, start: int = 1) -> str:
    title = top_title(result) + ":"
    if not result.rows:
        return title + _(" none yet.") + (_(" Run `crm score` first.") if result.metric == "score" else "")
    return title + "\n" + table(top_headers(result), top_rows(result, start))


def top_title(result: r.TopCustomers) -> str:
    """ "Top customers by revenue since 2026-01-01"."""
    period = (_(" since {day}").format(day=result.since) if result.since else "") \
        + (_(" until {day}").format(day=result.until) if result.until else "")
    converted = f" ({result.rates_note})" if result.rates_note else ""
    return _("Top customers by {metric}").format(metric=term("metric", result.metric)) + period + converted


def top_headers(result: r.TopCustomers) -> list[str]:
    value = {"revenue": _("Revenue"), "orders": _("Orders")}.get(result.metric, _("Lifetime value"))
    return ["#", _("Customer"), _("City"), _("Segment"), value]


def top_rows(result: r.TopCustomers, start: int) -> list[tuple]:
    return [(i, row.name, row.city, term("segment", row.segment) or None, _value(row))
            for i, row in enumerate(result.rows, start)]


def _value(row: r.CustomerRow) -> float | str:
    """The value, then what is in a currency without a rate: "12,345.00 + ฿300.00" (never one raw sum)."""
    if not row.apart:
        return row.value
    return " + ".join([f"{row.value:,.2f}", *(money(amount, code) for code, amount in row.apart)])


def _pipeline(result: r.Pipeline) -> str:
    """What was asked, how many match with their totals per currency, the stages, the deals (bots/lists_text.py)."""
    lines = [f"{lists_text.heading(result)}: {lists_text.totals(result)}"]
    if stages := lists_text.stage_rows(result):
        lines.append(table(lists_text.stage_headers(), stages))
    if result.deals:
        lines += ["", table(*lists_text.deal_rows(result))]
    return "\n".join(lines)


def _tickets(result: r.TicketList) -> str:
    if not result.tickets:
        return _("No {what}.").format(what=result.description)
    headers, rows = ticket_table(result, 50)
    lines = [f"{result.description[:1].upper() + result.description[1:]}:", table(headers, rows)]
    return "\n".join(lines + satisfaction_lines(result))


def ticket_table(result: r.TicketList, width: int) -> tuple[list[str], list[tuple]]:
    """A ticket list's headings and rows; "Rating" when some were rated."""
    headers = [_("Ticket"), _("Customer"), _("Subject"), _("Status"), _("Priority"), _("Assignee")]
    rows = [(f"#{t.number}", t.customer, t.subject[:width], term("ticket status", t.status),
             term("priority", t.priority), t.assignee) for t in result.tickets]
    if result.csat_count:
        headers, rows = headers + [_("Rating")], [(*row, t.csat) for row, t in zip(rows, result.tickets)]
    return headers, rows


def satisfaction_lines(result: r.TicketList) -> list[str]:
    """The ratings' average and, for resolved lists, each agent's over the last 30 days."""
    lines = [_("Average rating {average}/5 over {count} rated.").format(
        average=f"{result.csat_average:.1f}", count=result.csat_count)] if result.csat_count else []
    if result.by_agent:
        rows = [(a.agent, a.rated, f"{a.average:.1f}") for a in result.by_agent]
        lines += [_("Satisfaction by agent, last {days} days:").format(days=result.by_agent[0].days),
                  table(agent_headers(), rows)]
    return lines


def agent_headers() -> list[str]:
    return [_("Agent"), _("Rated"), _("Average")]


def csat_summary(average: float | None, count: int) -> str | None:
    if not count:
        return None
    return ngettext("satisfaction {average}/5 from {n} rating", "satisfaction {average}/5 from {n} ratings",
                    count).format(average=f"{average:.1f}", n=count)


def _segment(result: r.SegmentMembers) -> str:
    name = term("segment", result.segment)
    if not result.total:
        return _("No customers in “{segment}”.").format(segment=name) \
            + ("" if result.as_of else _(" Segments are made by `crm segment`."))
    rows = [(row.name, row.city, row.value) for row in result.rows]
    return segment_title(result, name) + as_of(result.as_of) + ":\n" + table(segment_headers(), rows)


def segment_title(result: r.SegmentMembers, name: str) -> str:
    """ "45 customers are champions"."""
    return ngettext("{n} customer is {segment}", "{n} customers are {segment}", result.total).format(
        n=result.total, segment=name)


def as_of(day: str | None) -> str:
    return _(" (as of {day})").format(day=day)


def segment_headers() -> list[str]:
    return [_("Customer"), _("City"), _("Value")]


def _paged(result: r.Paged) -> str:
    """A page of a long list, and which rows of how many it shows."""
    inner = _top(result.result, result.offset + 1) if isinstance(result.result, r.TopCustomers) \
        else _render(result.result)
    return f"{inner}\n{paging.status(result)}"


def _report(result: r.Table) -> str:
    """Any report or list of issue 14: its title, the table (or why it is empty) and the notes under it."""
    body = table(result.columns, report_rows(result)) if result.rows else result.empty
    return "\n".join([result.title, body, *result.notes])


def report_rows(result: r.Table) -> list[tuple]:
    """The rows cut or padded to the columns (a row never breaks the table it is in)."""
    n = len(result.columns)
    return [tuple(row[:n]) + (None,) * (n - len(row)) for row in result.rows]


def _reminders(result: r.ReminderList) -> str:
    if not result.reminders:
        return result.message
    return _("Your reminders:") + "\n" + reminder_lines(result.reminders)


def _card(card: r.CustomerCard) -> str:
    lines = [card.name, f"  {card.email or '-'} · {card.phone or '-'} · {card.city or '-'}",
             "  " + _("owner {owner} · segment {segment} · revenue {revenue}").format(
                 owner=card.owner or "-", segment=term("segment", card.segment) or "-", revenue=lists_text.revenue(card))
             + (" · " + _("lifetime value {value}").format(value=f"{card.lifetime_value:,.0f}")
                if card.lifetime_value is not None else "")]
    if (rated := csat_summary(card.csat_average, card.csat_count)) is not None:
        lines.append(f"  {rated}")
    if card.outlook:
        lines.append(f"  {card.outlook}")
    if card.contacts:
        lines += [_("Contacts:"), _contact_table(card.contacts)]
    if card.open_deals:
        lines += [_("Open deals:"), table([_("Deal"), _("Stage"), _("Amount"), _("Owner")],
                                          [(d.title, term("stage", d.stage), d.amount, d.owner)
                                           for d in card.open_deals]), *_rest(card, "deals")]
    if card.activities:
        lines += [_("Last activities:"), activity_table(card.activities, 60), *_rest(card, "activities")]
    if card.open_tickets:
        lines += [_("Open tickets:"), table([_("Ticket"), _("Subject"), _("Status"), _("Priority")],
                                            [(f"#{t.number}", t.subject[:50], term("ticket status", t.status),
                                              term("priority", t.priority)) for t in card.open_tickets]),
                  *_rest(card, "tickets")]
    return "\n".join(lines)


def _rest(card: r.CustomerCard, part: str) -> list[str]:
    """ "Showing 10 of 37; for the rest type “deals for Acme”." under a list the card cuts."""
    rest = paging.rest_of(card, part)
    if rest is None:
        return []
    typed = {"deals": "deals for {customer}", "activities": "history with {customer}",  # what the parser reads
             "tickets": "tickets for {customer}"}[part].format(customer=card.name)
    return [_("Showing {shown} of {total}. For the rest type “{words}”.").format(
        shown=rest.shown, total=f"{rest.total:,}", words=typed)]


def activity_table(activities: Sequence[r.ActivityLine], width: int) -> str:
    """When, kind, who and summary; "With" (the contact) only when one of them was with a contact."""
    if any(a.contact for a in activities):
        return table([_("When"), _("Kind"), _("Who"), _("With"), _("Summary")],
                     [(a.when, term("activity kind", a.kind_), a.who, a.contact, a.summary[:width])
                      for a in activities])
    return table([_("When"), _("Kind"), _("Who"), _("Summary")],
                 [(a.when, term("activity kind", a.kind_), a.who, a.summary[:width]) for a in activities])


def contact_rows(contacts: Sequence[r.ContactLine]) -> list[tuple]:
    return [(c.name, c.title, c.email, c.phone, f"@{c.telegram}" if c.telegram else None) for c in contacts]


def contact_headers() -> tuple[str, ...]:
    return (_("Name"), _("Title"), _("Email"), _("Phone"), "Telegram")


def _contact_table(contacts: Sequence[r.ContactLine]) -> str:
    return table(contact_headers(), contact_rows(contacts))


def _contacts(result: r.ContactList) -> str:
    if not result.contacts:
        return no_contacts(result.customer)
    return _("Contacts at {customer}:").format(customer=result.customer) + "\n" + _contact_table(result.contacts)


def no_contacts(customer: str) -> str:
    return _("No contacts at {customer} yet. Add one: “add Dana Ruiz, CFO at {customer}”.").format(customer=customer)


def _deal_card(card: r.DealCard) -> str:
    d = card.deal
    lines = [f"{d.title} ({d.customer})",
             "  " + _("stage {stage} · amount {amount} · win probability {chance}").format(
                 stage=term("stage", d.stage), amount=money(d.amount, d.currency), chance=win_chance(d)),
             "  " + _("owner {owner} · expected close {day}").format(owner=d.owner or "-", day=d.expected_close or "-")
             + (" · " + _("closed {day}").format(day=card.closed_at) if card.closed_at else "")]
    if card.last_activity is not None:
        a = card.last_activity
        lines.append("  " + _("last activity {when}: {kind}").format(when=a.when, kind=term("activity kind", a.kind_))
                     + (_(" by {who}").format(who=a.who) if a.who else "") + (f" — {a.summary[:80]}" if a.summary else ""))
    else:
        lines.append("  " + _("no activity logged yet"))
    if card.other_open:
        lines.append("  " + ngettext("({n} more open deal for {customer})", "({n} more open deals for {customer})",
                                     card.other_open).format(n=card.other_open, customer=d.customer))
    return "\n".join(lines + lists_text.deal_card_more(card))


def win_chance(deal: r.DealLine) -> str:
    return f"{deal.win_probability:.0%}" if deal.win_probability is not None else _("not scored yet")


def _ticket_card(card: r.TicketCard) -> str:
    t = card.ticket
    age = _("today") if card.age_days == 0 else ngettext("{n} day ago", "{n} days ago", card.age_days).format(
        n=card.age_days)
    lines = [_("Ticket #{number}: {subject}").format(number=t.number, subject=t.subject),
             "  " + _("{status} · {priority} priority · {customer} · assignee {assignee}").format(
                 status=term("ticket status", t.status), priority=term("priority", t.priority), customer=t.customer,
                 assignee=t.assignee or _("nobody")),
             "  " + _("opened {day} ({age}) · last update {updated}").format(day=card.opened, age=age,
                                                                          updated=t.updated_at)
             + (" · " + _("rated {score}/5").format(score=t.csat) if t.csat is not None else "")]
    if card.messages:
        lines += [_("Messages:"), *message_lines(card.messages)]
        lines += [rest.status() for rest in paging.rests(card)]
    return "\n".join(lines + ([f"  ⚠ {card.late}"] if card.late else []))


def _ticket_messages(result: r.TicketMessages) -> str:
    """A page of a ticket's conversation (newest first across pages), read top to bottom in time."""
    return "\n".join([_("Ticket #{number}: {subject}").format(number=result.number, subject=result.subject),
                      *message_lines(tuple(reversed(result.messages)))])


def message_lines(messages: Sequence[r.TicketMessageLine]) -> list[str]:
    return [f"  {m.when} {m.who}: {m.body[:200]}" for m in messages]


def _logged(result: r.ActivityLogged) -> str:
    return result.message + "".join("\n  " + _("Next? say “{words}”").format(words=offer.value)
                                    for offer in result.offers)


def _help(result: r.HelpText) -> str:
    return _("Tell me what happened or what you need, in plain words. For example:") + "\n" + \
        "\n".join(f"  {example}" for example in result.examples)


def _not_understood(result: r.NotUnderstood) -> str:
    return result.message + "\n" + "\n".join(f"  {example}" for example in result.examples)


def _outreach_queued(result: r.OutreachQueued) -> str:
    return f"{result.message}\n  " + _("First message: “{preview}”").format(preview=result.preview)


RENDERERS: dict[type, Callable] = {
    r.Rejected: _rejected, r.Question: _question, r.TopCustomers: _top, r.Pipeline: _pipeline,
    r.TicketList: _tickets, r.SegmentMembers: _segment, r.CustomerCard: _card, r.HelpText: _help,
    r.NotUnderstood: _not_understood, r.Digest: digest_text.as_text,
    r.OutreachQueued: _outreach_queued, r.OutreachProgress: lambda result: result.message,
    r.DealCard: _deal_card, r.TicketCard: _ticket_card, r.TicketMessages: _ticket_messages, r.ActivityLogged: _logged,
    r.ContactList: _contacts,
    r.Paged: _paged, r.ReminderList: _reminders, r.Table: _report,
}


def chat(user: User, lines: Iterable[str], out: TextIO, prompt: Callable[[], None] = lambda: None) -> None:
    """Answer each line; a `Written` result reminds that “undo” takes it back."""
    prompt()
    for line in lines:
        if line.strip():
            with one_connection(), i18n.speaking(i18n.language_for(user.language, line)):
                for result in converse(user, CONVERSATION, line, channel="console"):
                    out.write(render(result) + "\n")
                    if isinstance(result, r.Table) and (chart := report_chart.saved(result)) is not None:
                        out.write(_("Chart: {path}").format(path=chart) + "\n")  # a chart asked for: the PNG's path
                    if isinstance(shown := paging.page(result), r.Paged):
                        out.write(_("The whole list: {path}").format(path=write_csv(user, shown, result)) + "\n")
                    for rest in paging.rests(result) if isinstance(result, (r.Digest, r.TicketCard)) else ():
                        out.write(_("{list}, the whole list: {path}").format(list=rest.label(),
                                                                            path=_rest_csv(user, rest)) + "\n")
            out.flush()
        prompt()


def write_csv(user: User, paged: r.Paged, result: r.Result) -> str:
    """The whole list as a CSV file (listed again, read-only, when the report counts more than it listed)."""
    whole = paging.whole(paged)
    command = paging.again(getattr(result, "query", ""), whole) if whole else None
    if command is not None:
        again = bus.handle(command, user, channel="console")
        result = again if type(again) is type(result) else result
    return _csv_file(result)


def _rest_csv(user: User, rest: paging.Rest) -> str:
    """The whole of a list a digest cuts, as a CSV file (the console has no More button)."""
    result = bus.handle(rest.command, user, channel="console")
    return _csv_file(result) if paging.is_list(result) else getattr(result, "message", "")


def _csv_file(result: r.Result) -> str:
    handle, path = tempfile.mkstemp(prefix=f"crm-{result.kind}-", suffix=".csv")
    with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
        file.write(paging.csv_text(result))
    return path


def interactive_lines() -> Iterable[str]:
    """Lines from the terminal, with readline history kept across sessions."""
    try:
        import readline
        readline.read_history_file(HISTORY_FILE)
    except (ImportError, OSError):
        readline = None  # type: ignore[assignment]
    try:
        while True:
            try:
                line = input("you> ")
            except EOFError:
                print()
                return
            if line.strip() in ("quit", "exit", "bye"):
                return
            yield line
    finally:
        if readline is not None:
            try:
                readline.write_history_file(HISTORY_FILE)
            except OSError:
                pass


def run(user: User, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> None:
    if stdin.isatty():
        stdout.write(f"Hi {user.name.split()[0]}! Type what you need (“help” for examples, Ctrl-D to leave).\n")
        chat(user, interactive_lines(), stdout)
    else:
        chat(user, (line.rstrip("\n") for line in stdin), stdout)
