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

from peewee import SQL, Case, Select, fn

from crm_core.commands import ShowReport
from crm_core.context import Context
from crm_core.i18n import _, ngettext, term
from crm_core.models import SEGMENTS, Customer, SegmentChange, User
from crm_core.paging import MOST
from crm_core.results import Table
from crm_core.services import validate

REPORTS = ("segments", "segment_moves")
DEFAULT_DAYS = 30


def window(ctx: Context, start: date | None, end: date | None) -> tuple[datetime, datetime | None]:
    """The moment compared from (naive UTC) and the one compared to (None: now)."""
    then = datetime.combine(start or (ctx.now - timedelta(days=DEFAULT_DAYS)).date(), time.min)
    until = datetime.combine(end + timedelta(days=1), time.min) if end else None
    return then, until if until is not None and until < ctx.now else None


def _scope(who):
    mine = True if who.ids is None else Customer.owner.in_(who.ids)
    return Customer.archived_at.is_null() & mine


def first_changes(moment: datetime, who, until: datetime | None = None):
    """Each customer whose segment changed at or after `moment`: `before`, the `from` of their first change since
    (their segment at that moment), and `after`, their segment at `until` (now when None)."""
    earlier = SegmentChange.alias()
    sooner = earlier.select(earlier.id).where(
        (earlier.customer == SegmentChange.customer) & (earlier.changed_at >= moment)
        & ((earlier.changed_at < SegmentChange.changed_at)
           | ((earlier.changed_at == SegmentChange.changed_at) & (earlier.id < SegmentChange.id))))
    after = Customer.segment if until is None else _segment_at(until)
    return (SegmentChange.select(Customer.id, Customer.name, Customer.city, Customer.owner,
                                 SegmentChange.from_segment.alias("before"), after.alias("after"))
            .join(Customer).where((SegmentChange.changed_at >= moment) & ~fn.EXISTS(sooner) & _scope(who)))


def _segment_at(until: datetime):
    """The customer's segment at `until`: the `from` of their first change after it (a change from no segment
    included), else their segment now."""
    later = SegmentChange.alias()
    since = later.select(later.from_segment).where((later.customer == SegmentChange.customer)
                                                   & (later.changed_at >= until))
    return Case(None, [(fn.EXISTS(since), since.order_by(later.changed_at, later.id).limit(1))], Customer.segment)


def flows(moment: datetime, who, until: datetime | None = None) -> Counter:
    """How many customers went from each segment at `moment` to each at `until` (now when None), counted in SQL."""
    moved = first_changes(moment, who, until).alias("moved")
    counted = (Select([moved], [moved.c.before, moved.c.after, fn.COUNT(SQL("*"))])
               .group_by(moved.c.before, moved.c.after).bind(SegmentChange._meta.database))
    return Counter({(before, after): n for before, after, n in counted.tuples()})


def sizes_and_moves(who, then: datetime, until: datetime | None) -> tuple[Counter, Counter, Counter]:
    """Customers per segment at `then` and at `until` (None: now), and the moves between them (from, to): count."""
    now = Counter(dict(Customer.select(Customer.segment, fn.COUNT(Customer.id)).where(_scope(who))
                       .group_by(Customer.segment).tuples()))
    at_end = _rewound(now, flows(until, who)) if until else now
    moves = flows(then, who, until)
    return _rewound(at_end, moves), at_end, Counter({pair: n for pair, n in moves.items() if pair[0] != pair[1]})


def _rewound(sizes: Counter, moves: Counter) -> Counter:
    before = sizes.copy()
    for (was, became), n in moves.items():
        before[became] -= n
        before[was] += n
    return before


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
    moved = sum(moves.values())
    notes = (ngettext("{n:,} customer changed segment", "{n:,} customers changed segment", moved).format(n=moved),)
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
    if wanted["from"] or wanted["to"]:
        return _movers(who, wanted, then, until)
    moves = Counter({pair: n for pair, n in flows(then, who, until).items() if pair[0] != pair[1]})
    ordered = sorted(moves.most_common(), key=lambda flow: None in flow[0])  # real moves first
    rows = tuple((_label(before), _label(after), n) for (before, after), n in ordered)
    chart = tuple((f"{row[0]} → {row[1]}", float(row[2])) for row in rows[:12]) if cmd.chart else ()
    moved = sum(moves.values())
    return Table("segment_moves", _("Segment moves ({span})").format(span=_span(then, until)),
                 (_("From"), _("To"), _("Customers")), rows, chart=chart,
                 notes=(ngettext("{n:,} customer changed segment", "{n:,} customers changed segment", moved)
                        .format(n=moved),) if moved else (),
                 empty=_("No customer changed segment in that time."))


def _movers(who, wanted: dict[str, str | None], then: datetime, until: datetime | None) -> Table:
    moved = first_changes(then, who, until).alias("moved")
    fits = [_other(moved.c.after, wanted["from"]) if wanted["from"] else True,
            _other(moved.c.before, wanted["to"]) if wanted["to"] else True]
    if wanted["from"]:
        fits.append(moved.c.before == wanted["from"])
    if wanted["to"]:
        fits.append(moved.c.after == wanted["to"])
    query = (Select([moved], [moved.c.name, moved.c.before, moved.c.after, moved.c.city, moved.c.owner_id])
             .where(*fits).bind(SegmentChange._meta.database))
    found = list(query.order_by(moved.c.name).limit(MOST).tuples())
    owners = dict(User.select(User.id, User.name).where(User.id.in_({row[4] for row in found} or {0})).tuples())
    rows = tuple((name, _label(before), _label(after), city, owners.get(owner)) for name, before, after, city, owner
                 in found)
    said = _("Moved from {before} to {after}") if wanted["from"] and wanted["to"] else \
        _("Moved out of {before}") if wanted["from"] else _("Moved into {after}")
    title = said.format(before=_label(wanted["from"]), after=_label(wanted["to"])) + f" ({_span(then, until)})"
    total = query.count() if len(found) == MOST else len(found)
    return Table("segment_movers", title, (_("Customer"), _("From"), _("To"), _("City"), _("Owner")), rows,
                 notes=(ngettext("{n:,} customer", "{n:,} customers", total).format(n=total),) if total else (),
                 empty=_("Nobody moved that way in that time."))


def _other(column, segment: str):
    """`column` is not `segment` (no segment counts as another)."""
    return (column != segment) | column.is_null()


BUILDERS = {"segments": segment_sizes, "segment_moves": segment_moves}
