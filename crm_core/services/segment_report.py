"""Segment sizes and movements (issue 14 item 5): each segment now beside a while ago, the flows between segments,
and who moved from one segment to another.

There is no stored snapshot to read: the segmentation job records every change of a customer's segment
(`segment_changes`, from and to, with its time), so a customer's segment at a moment is the `from` of their first
change after it, or their segment now when nothing changed since. Compared: the start of the period said ("this
month"), else the start of the day DEFAULT_DAYS ago (UTC), with its end (now when it has not ended). Scope as every report: reps their own
customers, managers their team's, admins everyone's; archived customers are left out.
"""
from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta

from peewee import JOIN, fn

from crm_core.commands import ShowReport
from crm_core.context import Context
from crm_core.i18n import _, ngettext, term
from crm_core.models import SEGMENTS, Customer, SegmentChange, User
from crm_core.paging import MOST
from crm_core.results import Table
from crm_core.services import validate

REPORTS = ("segments", "segment_moves")
DEFAULT_DAYS = 30
Moves = dict[int, tuple[str | None, str | None]]  # customer id -> (segment then, segment at the end)


def window(ctx: Context, start: date | None, end: date | None) -> tuple[datetime, datetime | None]:
    """The moment compared from (naive UTC) and the one compared to (None: now)."""
    then = datetime.combine(start or (ctx.now - timedelta(days=DEFAULT_DAYS)).date(), time.min)
    until = datetime.combine(end + timedelta(days=1), time.min) if end else None
    return then, until if until is not None and until < ctx.now else None


def _scope(who):
    mine = True if who.ids is None else Customer.owner.in_(who.ids)
    return Customer.archived_at.is_null() & mine


def _segments_from(moment: datetime, who) -> dict[int, tuple[str | None, str | None]]:
    """Customers whose segment changed at or after `moment`: (their segment at that moment, their segment now)."""
    earlier = SegmentChange.alias()
    sooner = earlier.select(earlier.id).where(
        (earlier.customer == SegmentChange.customer) & (earlier.changed_at >= moment)
        & ((earlier.changed_at < SegmentChange.changed_at)
           | ((earlier.changed_at == SegmentChange.changed_at) & (earlier.id < SegmentChange.id))))
    query = (SegmentChange.select(SegmentChange.customer, SegmentChange.from_segment, Customer.segment)
             .join(Customer).where((SegmentChange.changed_at >= moment) & ~fn.EXISTS(sooner) & _scope(who)))
    return {customer: (before, now) for customer, before, now in query.tuples()}


def sizes_and_moves(who, then: datetime, until: datetime | None) -> tuple[Counter, Counter, Moves]:
    """Customers per segment at `then` and at `until` (None: now), and each customer whose segment differs."""
    now = Counter(dict(Customer.select(Customer.segment, fn.COUNT(Customer.id)).where(_scope(who))
                       .group_by(Customer.segment).tuples()))
    since_then, since_end = _segments_from(then, who), _segments_from(until, who) if until else {}
    at_end = _rewound(now, since_end)
    at_then = _rewound(now, since_then)
    moves = {cid: (before, since_end.get(cid, (current,))[0]) for cid, (before, current) in since_then.items()}
    return at_then, at_end, {cid: pair for cid, pair in moves.items() if pair[0] != pair[1]}


def _rewound(now: Counter, changed: dict[int, tuple[str | None, str | None]]) -> Counter:
    sizes = now.copy()
    for before, current in changed.values():
        sizes[current] -= 1
        sizes[before] += 1
    return sizes


def _label(segment: str | None) -> str:
    return term("segment", segment) if segment else _("(no segment)")


def _span(then: datetime, until: datetime | None) -> str:
    end = f"{until - timedelta(days=1):%d %b %Y}" if until else _("now")
    return f"{then:%d %b %Y} – {end}"


def segment_sizes(cmd: ShowReport, ctx: Context, who, start, end) -> Table:
    then, until = window(ctx, start, end)
    before, after, moves = sizes_and_moves(who, then, until)
    order = [*SEGMENTS, None]
    rows = tuple((_label(s), after[s], before[s], f"{after[s] - before[s]:+d}") for s in order if after[s] or before[s])
    notes = (ngettext("{n:,} customer changed segment", "{n:,} customers changed segment", len(moves))
             .format(n=len(moves)),)
    chart = tuple((row[0], float(row[1])) for row in rows) if cmd.chart else ()
    at_end = f"{until - timedelta(days=1):%d %b %Y}" if until else _("Now")
    return Table("segments", _("Segment sizes ({span})").format(span=_span(then, until)),
                 (_("Segment"), at_end, f"{then:%d %b %Y}", _("Change")), rows, notes=notes,
                 empty=_("No customer has a segment yet."), chart=chart)


def segment_moves(cmd: ShowReport, ctx: Context, who, start, end) -> Table:
    """The flows between segments, most customers first; with a segment said, the customers who moved."""
    then, until = window(ctx, start, end)
    wanted = {k: validate.choice(v.replace(" ", "_"), SEGMENTS, "segment") if v else None
              for k, v in (("from", cmd.from_segment), ("to", cmd.to_segment))}
    moves = sizes_and_moves(who, then, until)[2]
    if wanted["from"] or wanted["to"]:
        return _movers(moves, wanted, then, until)
    flows = sorted(Counter(moves.values()).most_common(), key=lambda flow: None in flow[0])  # real moves first
    rows = tuple((_label(before), _label(after), n) for (before, after), n in flows)
    chart = tuple((f"{row[0]} → {row[1]}", float(row[2])) for row in rows[:12]) if cmd.chart else ()
    return Table("segment_moves", _("Segment moves ({span})").format(span=_span(then, until)),
                 (_("From"), _("To"), _("Customers")), rows, chart=chart,
                 notes=(ngettext("{n:,} customer changed segment", "{n:,} customers changed segment", len(moves))
                        .format(n=len(moves)),) if moves else (),
                 empty=_("No customer changed segment in that time."))


def _movers(moves: Moves, wanted: dict[str, str | None], then: datetime, until: datetime | None) -> Table:
    fits = [cid for cid, (before, after) in moves.items()
            if wanted["from"] in (None, before) and wanted["to"] in (None, after)]
    customers = (Customer.select(Customer.id, Customer.name, Customer.city, User.name.alias("owner_name"))
                 .join(User, on=(Customer.owner == User.id), join_type=JOIN.LEFT_OUTER)
                 .where(Customer.id.in_(fits or [0])).order_by(Customer.name).limit(MOST).objects())
    rows = tuple((c.name, _label(moves[c.id][0]), _label(moves[c.id][1]), c.city, c.owner_name) for c in customers)
    said = _("Moved from {before} to {after}") if wanted["from"] and wanted["to"] else \
        _("Moved out of {before}") if wanted["from"] else _("Moved into {after}")
    title = said.format(before=_label(wanted["from"]), after=_label(wanted["to"])) + f" ({_span(then, until)})"
    return Table("segment_movers", title, (_("Customer"), _("From"), _("To"), _("City"), _("Owner")), rows,
                 notes=(ngettext("{n:,} customer", "{n:,} customers", len(fits)).format(n=len(fits)),) if fits else (),
                 empty=_("Nobody moved that way in that time."))


BUILDERS = {"segments": segment_sizes, "segment_moves": segment_moves}
