"""Long lists, one page at a time, for every front-end: which results are lists, a page of one, the
read-only command that lists it again from a given row (what a "More" button carries), and the whole
list as CSV. No list is cut silently: a page says which rows of how many it shows.
"""
from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import typing
from collections.abc import Callable, Sequence
from typing import Any

from crm_core import commands as c
from crm_core import results as r
from crm_core.data.cells import spreadsheet_safe
from crm_core.i18n import _

PAGE = 20
MOST = 500  # the most rows a report lists (validate.positive_int's bound in services/reports.py)

# The list results: the field holding the rows.
ROWS: dict[type, str] = {
    r.TopCustomers: "rows", r.SegmentMembers: "rows", r.Pipeline: "deals", r.TicketList: "tickets",
    r.ReminderList: "reminders", r.ContactList: "contacts", r.Table: "rows", r.TicketMessages: "messages",
    r.CustomerTicketList: "tickets",
}
# Lists whose rows are long (a message's text): fewer a page, so that a page fits one Telegram message.
PAGE_SIZES: dict[type, int] = {r.TicketMessages: 10}


def rows(result: r.Result) -> tuple:
    return getattr(result, ROWS[type(result)])


def total(result: r.Result) -> int:
    """How many rows the whole list has; a report counts some it does not list (TicketList, SegmentMembers)."""
    return max(len(rows(result)), getattr(result, "total", 0) or 0)


def is_list(result: r.Result) -> bool:
    return type(result) in ROWS


def page(result: r.Result, offset: int = 0) -> r.Result:
    """`result` as it is when it fits one page; else a Paged holding rows [offset, offset + its page size)."""
    size = PAGE_SIZES.get(type(result), PAGE)
    if not is_list(result) or (offset == 0 and len(rows(result)) == total(result) <= size and not wants_csv(result)):
        return result
    listed = rows(result)
    shown = dataclasses.replace(result, **{ROWS[type(result)]: listed[offset:offset + size]})
    return r.Paged(result=shown, offset=offset, total=total(result), listed=len(listed))


def wants_csv(result: r.Result) -> bool:
    """ "as csv" was said, on the report (a Table) or on the list's command: shown as a page with its CSV."""
    command = command_of(getattr(result, "query", "")) if getattr(result, "query", "") else None
    return bool(getattr(result, "csv", False) or getattr(command, "csv", False))


def shown(paged: r.Paged) -> int:
    return len(rows(paged.result))


def has_more(paged: r.Paged) -> bool:
    end = paged.offset + shown(paged)
    return end < paged.listed or (end < paged.total and grows(paged))


def grows(paged: r.Paged) -> bool:
    """A report that counts more than it lists (a `total`) lists more when asked with a larger `limit`."""
    command = command_of(getattr(paged.result, "query", ""))
    return (hasattr(paged.result, "total") and command is not None and hasattr(command, "limit")
            and paged.listed < MOST)


def upto(paged: r.Paged, offset: int) -> int:
    """The `limit` to ask for the page at `offset`: 0 keeps the command's own (e.g. "top 30 customers")."""
    return offset + PAGE if grows(paged) else 0


def status(paged: r.Paged) -> str:
    """ "Showing 21–40 of 213." and, when the report lists fewer than it counts, how to see the rest."""
    first, last = paged.offset + 1, paged.offset + shown(paged)
    said = _("Showing {first}–{last} of {total}.").format(first=first, last=last, total=f"{paged.total:,}") \
        if shown(paged) else _("No more rows after {offset}.").format(offset=f"{paged.offset:,}")
    if not has_more(paged) and last < paged.total:
        said += " " + _("Only the first {count} can be listed; narrow the question to see the rest.").format(
            count=f"{max(last, paged.listed):,}")
    return said


# -- the lists inside a card or a digest ----------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Rest:
    """A list a card or digest cuts: it shows `shown` of `total` rows; `command` lists them all, and the
    rest starts at row `offset` of it (0 when it lists more than this part, as a customer's history does)."""
    part: str  # which of the result's lists: deals, activities, tickets, at_risk
    shown: int
    total: int
    command: c.Command
    offset: int

    @property
    def query(self) -> str:
        return query_of(self.command)

    def status(self) -> str:
        """ "Showing 10 of 37." """
        return _("Showing {shown} of {total}.").format(shown=self.shown, total=f"{self.total:,}")

    def label(self) -> str:
        """Its More button's label."""
        return {"deals": _("More deals"), "activities": _("Whole history"), "tickets": _("More tickets"),
                "at_risk": _("More at risk"), "messages": _("Earlier messages")}[self.part]


def rests(result: r.Result) -> list[Rest]:
    """The cut lists of a card or digest, each with the command that lists it whole."""
    if isinstance(result, r.CustomerCard):
        who = result.customer_id
        found = [Rest("deals", len(result.open_deals), result.open_deal_count,
                      c.ShowPipeline(customer_id=who), len(result.open_deals)),
                 Rest("activities", len(result.activities), result.activity_count,
                      c.ShowTimeline(customer_id=who), 0),
                 Rest("tickets", len(result.open_tickets), result.open_ticket_count,
                      c.ShowTickets(customer_id=who), len(result.open_tickets))]
    elif isinstance(result, r.TicketCard):
        found = [Rest("messages", len(result.messages), result.message_count,
                      c.ShowTicketMessages(ticket=result.ticket.number), len(result.messages))]
    elif isinstance(result, r.Digest):
        found = [Rest("at_risk", len(result.at_risk), result.at_risk_count, c.ShowAtRisk(), len(result.at_risk))]
    else:
        return []
    return [rest for rest in found if rest.total > rest.shown]


def rest_of(result: r.Result, part: str) -> Rest | None:
    return next((rest for rest in rests(result) if rest.part == part), None)


# Reports a button can show again (a page of a list, a share in the channel): they keep their command.
REPORTS = (*ROWS, r.CustomerCard, r.DealCard, r.TicketCard)


def with_query(command: c.Command, result: r.Result) -> r.Result:
    """A report remembers the read-only command that made it, so a button can run it again."""
    if command.writes or type(result) not in REPORTS:
        return result
    return dataclasses.replace(result, query=query_of(command))


def query_of(command: c.Command) -> str:
    """What a button carries to list it again; never who a Telegram customer is (the press says that)."""
    if isinstance(command, c.TelegramProfile):
        command = type(command)(**{f.name: getattr(command, f.name) for f in dataclasses.fields(command)
                                   if f.name not in PROFILE})
    return json.dumps(command.to_json(), separators=(",", ":"))


PROFILE = frozenset(f.name for f in dataclasses.fields(c.TelegramProfile))


def command_of(query: str | None) -> c.Command | None:
    """The read-only command a list's `query` names; None for anything else (a forged or broken value)."""
    try:
        command = c.from_json(json.loads(query or ""))
    except (ValueError, TypeError):
        return None
    return None if command.writes else command


def again(query: str | None, at_least: int = 0) -> c.Command | None:
    """The list's command once more, asking for at least `at_least` rows when it takes a limit."""
    command = command_of(query)
    if command is not None and at_least and hasattr(command, "limit"):
        command = dataclasses.replace(command, limit=min(MOST, max(int(command.limit or 0), at_least)))
    return command


# -- the whole list as CSV ------------------------------------------------------------------------
Columns = tuple[Sequence[str], Callable[[Any], Sequence[object]]]
COLUMNS: dict[type, Columns] = {
    r.TopCustomers: (("Customer", "City", "Segment", "Value"), lambda x: (x.name, x.city, x.segment, x.value)),
    r.SegmentMembers: (("Customer", "City", "Value"), lambda x: (x.name, x.city, x.value)),
    r.Pipeline: (("Customer", "Deal", "Stage", "Amount", "Currency", "Owner", "Close"),
                 lambda d: (d.customer, d.title, d.stage, d.amount, d.currency, d.owner, d.expected_close)),
    r.TicketList: (("Ticket", "Customer", "Subject", "Status", "Priority", "Assignee", "Updated", "Rating"),
                   lambda t: (t.number, t.customer, t.subject, t.status, t.priority, t.assignee, t.updated_at, t.csat)),
    r.ReminderList: (("Due", "Reminder", "Customer", "Overdue"), lambda x: (x.due, x.text, x.customer, x.overdue)),
    r.ContactList: (("Name", "Title", "Email", "Phone", "Telegram"),
                    lambda x: (x.name, x.title, x.email, x.phone, x.telegram)),
    r.TicketMessages: (("When", "Who", "Message"), lambda m: (m.when, m.who, m.body)),
}


def csv_text(result: r.Result) -> str:
    """Every row the result lists, as CSV; text cells neutralised against spreadsheet formulas."""
    headers, row = (result.columns, tuple) if isinstance(result, r.Table) else COLUMNS[type(result)]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    for item in rows(result):
        writer.writerow([spreadsheet_safe(v) if isinstance(v, str) else "" if v is None else v for v in row(item)])
    return out.getvalue()


def csv_name(result: r.Result) -> str:
    return f"{getattr(result, 'name', '') or result.kind}.csv"


def whole(paged: r.Paged) -> int:
    """The `limit` to ask for the whole list (the CSV file)."""
    return MOST if grows(paged) else 0


# -- a page button in 64 bytes (Telegram's callback_data) -----------------------------------------
PACKED = "pg"  # pg|<m: more, c: csv>|<offset>|<at least>|<command name>|<field>|<field>…
PACKED_MAX = 64


def pack(query: str, action: str, offset: int = 0, at_least: int = 0) -> str | None:
    """A page button's state with the command's fields in order ("" for None); None when it can't fit."""
    command = command_of(query)
    if command is None:
        return None
    values = ["" if v is None else str(v) for v in (getattr(command, f.name) for f in dataclasses.fields(command))]
    if any("|" in v for v in values):
        return None
    data = "|".join([PACKED, action, str(offset), str(at_least), command.name, *values])
    if len(data.encode()) > PACKED_MAX:  # a filtered list: only the fields said, dates and whole amounts shortened
        said = [f"{k}:{_short(v)}" for k, (f, v) in enumerate(zip(dataclasses.fields(command), values))
                if getattr(command, f.name) != f.default]
        data = "|".join([SPARSE, action, str(offset), str(at_least), command.name, *said])
    return data if len(data.encode()) <= PACKED_MAX else None


SPARSE = "pq"  # pq|<action>|<offset>|<at least>|<command name>|<field index>:<value>… (the other fields: defaults)
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _short(value: str) -> str:
    if _ISO_DAY.fullmatch(value):
        return "d" + value.replace("-", "")
    return value[:-2] if value.endswith(".0") and value[:-2].isdigit() else value


def _long(value: str) -> str:
    return f"{value[1:5]}-{value[5:7]}-{value[7:9]}" if re.fullmatch(r"d\d{8}", value) else value


def _dense(parts: list[str]) -> list[str] | None:
    """The sparse form's fields in order, as the dense form has them; None when forged."""
    cls = c.COMMANDS.get(parts[4])
    if cls is None:
        return None
    fields = dataclasses.fields(cls)
    values = ["" if f.default is None else str(f.default) for f in fields]
    for part in parts[5:]:
        index, _, value = part.partition(":")
        if not index.isdigit() or int(index) >= len(fields):
            return None
        values[int(index)] = _long(value)
    return parts[:5] + values


def unpack(data: str) -> tuple[str, int, c.Command] | None:
    """(action, offset, the read-only command asking for at least the rows it needs); None if forged."""
    parts = data.split("|")
    if len(parts) >= 5 and parts[0] == SPARSE:
        parts = _dense(parts) or []
        parts[:1] = [PACKED] if parts else []
    if len(parts) < 5 or parts[0] != PACKED or not (parts[2].isdigit() and parts[3].isdigit()):
        return None
    cls = c.COMMANDS.get(parts[4])
    fields = dataclasses.fields(cls) if cls is not None else ()
    if cls is None or cls.writes or len(parts) != 5 + len(fields):
        return None
    hints = typing.get_type_hints(cls)
    try:
        made = {f.name: _field(hints[f.name], v) for f, v in zip(fields, parts[5:])}
        command = again(json.dumps(cls(**made).to_json()), int(parts[3]))
    except (TypeError, ValueError):
        return None
    return (parts[1], min(int(parts[2]), MOST), command) if command is not None else None


def _field(kind: Any, text: str) -> Any:
    if text == "" and type(None) in typing.get_args(kind):
        return None
    if kind is bool:  # a flag ("unassigned"): packed as str(True) / str(False)
        if text not in ("True", "False"):
            raise ValueError(text)
        return text == "True"
    if float in (kind, *typing.get_args(kind)):
        return float(text)
    return int(text) if int in (kind, *typing.get_args(kind)) else text
